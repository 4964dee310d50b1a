#include <itsm/core/error.hpp>
#include <itsm/model/ticket.hpp>

#include <fmt/format.h>

#include <array>
#include <string>

namespace itsm::model {

const char* to_string(Status s) {
    switch (s) {
    case Status::new_:
        return "new";
    case Status::assigned:
        return "assigned";
    case Status::on_hold:
        return "on-hold";
    case Status::resolved:
        return "resolved";
    case Status::closed:
        return "closed";
    }
    return "?";
}

const char* to_string(Type t) {
    switch (t) {
    case Type::incident:
        return "incident";
    case Type::request:
        return "request";
    case Type::problem:
        return "problem";
    case Type::change:
        return "change";
    case Type::interaction:
        return "interaction";
    }
    return "?";
}

const char* to_string(Action a) {
    switch (a) {
    case Action::assign:
        return "assign";
    case Action::escalate:
        return "escalate";
    case Action::hold:
        return "hold";
    case Action::resume:
        return "resume";
    case Action::note:
        return "note";
    case Action::update:
        return "update";
    case Action::resolve:
        return "resolve";
    case Action::close:
        return "close";
    case Action::reopen:
        return "reopen";
    case Action::link:
        return "link";
    }
    return "?";
}

std::optional<Status> parse_status(std::string_view text) {
    for (auto s :
         {Status::new_, Status::assigned, Status::on_hold, Status::resolved, Status::closed}) {
        if (text == to_string(s)) {
            return s;
        }
    }
    if (text == "open") {
        return std::nullopt;
    }
    return std::nullopt;
}

const std::vector<std::string>& type_names() {
    static const std::vector<std::string> names = {"incident", "request", "problem", "change",
                                                   "interaction"};
    return names;
}

std::optional<Type> parse_type(std::string_view text) {
    for (auto t : {Type::incident, Type::request, Type::problem, Type::change, Type::interaction}) {
        if (text == to_string(t)) {
            return t;
        }
    }
    return std::nullopt;
}

namespace {

constexpr int k_statuses = 5;
constexpr int k_actions = 10;

// Rows: actions in enum order; columns: new, assigned, on-hold, resolved, closed.
constexpr std::array<std::array<bool, k_statuses>, k_actions> k_table{{
    /* assign   */ {true, true, true, false, false},
    /* escalate */ {true, true, true, false, false},
    /* hold     */ {true, true, false, false, false},
    /* resume   */ {false, false, true, false, false},
    /* note     */ {true, true, true, true, false},
    /* update   */ {true, true, true, true, false},
    /* resolve  */ {true, true, true, false, false},
    /* close    */ {true, true, true, true, false},
    /* reopen   */ {false, false, false, true, true},
    /* link     */ {true, true, true, true, true},
}};

} // namespace

bool allowed(Action action, Status from) {
    return k_table[static_cast<int>(action)][static_cast<int>(from)];
}

void require_allowed(Action action, const Ticket& ticket, std::string_view display_id) {
    if (allowed(action, ticket.status)) {
        return;
    }
    std::string allowed_from;
    for (int s = 0; s < k_statuses; ++s) {
        if (k_table[static_cast<int>(action)][s]) {
            if (!allowed_from.empty()) {
                allowed_from += ", ";
            }
            allowed_from += to_string(static_cast<Status>(s));
        }
    }
    throw RefusedError(fmt::format("cannot {} {}: it is {}; {} is allowed only from: {}",
                                   to_string(action), display_id, to_string(ticket.status),
                                   to_string(action), allowed_from));
}

std::array<std::pair<std::string_view, std::string_view>, 12> text_fields(const Ticket& t) {
    const auto& n = k_text_field_names;
    return {{{n[0], to_string(t.type)},
             {n[1], t.title},
             {n[2], t.description},
             {n[3], to_string(t.status)},
             {n[4], t.priority},
             {n[5], t.service},
             {n[6], t.group},
             {n[7], t.assignee},
             {n[8], t.requester},
             {n[9], t.email},
             {n[10], t.org},
             {n[11], t.channel}}};
}

} // namespace itsm::model
