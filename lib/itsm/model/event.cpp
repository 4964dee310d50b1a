#include <itsm/model/event.hpp>
#include <itsm/model/ticket.hpp>

#include <array>

namespace itsm::model {

namespace {

using Json = nlohmann::json;

constexpr std::array<const char*, 16> k_kind_names{
    "logged", "assigned", "escalated", "held",     "resumed",  "noted",   "updated", "resolved",
    "closed", "reopened", "linked",    "unlinked", "received", "replied", "bounced", ""};

// A detail holds a few members: compared in turn (a string_view compares the lengths first,
// which tells most apart), in place of the tree's search, which compares whole keys at every
// level (docs/performance.md, "A detail's members").
const Json* member(const Json& j, std::string_view key) {
    if (!j.is_object()) {
        return nullptr;
    }
    for (const auto& [name, value] : j.get_ref<const Json::object_t&>()) {
        if (std::string_view(name) == key) {
            return &value;
        }
    }
    return nullptr;
}

// The status a ticket goes back to (resume, reopen): assigned when it has a group or person.
Status back_to_work(const Ticket& t) {
    return t.group.empty() && t.assignee.empty() ? Status::new_ : Status::assigned;
}

std::string text_or_empty(const Json& detail, const char* name) {
    return std::string(detail_text(detail, name));
}

int number_or(const Json& detail, const char* name, int fallback) {
    const Json* m = member(detail, name);
    return m != nullptr && m->is_number_integer() ? m->get<int>() : fallback;
}

void logged(Ticket& t, const Event& e) {
    const Json& d = e.detail;
    const long long number = t.number;
    t = Ticket{};
    t.number = number;
    t.type = parse_type(detail_text(d, key::type)).value_or(Type::incident);
    t.title = text_or_empty(d, key::title);
    t.description = text_or_empty(d, key::description);
    t.priority = text_or_empty(d, key::priority);
    t.service = text_or_empty(d, key::service);
    t.group = text_or_empty(d, key::group);
    t.assignee = text_or_empty(d, key::assignee);
    t.requester = text_or_empty(d, key::requester);
    t.email = text_or_empty(d, key::email);
    t.org = text_or_empty(d, key::org);
    t.channel = text_or_empty(d, key::channel);
    t.tier = number_or(d, key::tier, 0);
    t.status = back_to_work(t);
    t.opened_at = e.at;
}

void leave_new(Ticket& t) {
    if (t.status == Status::new_) {
        t.status = Status::assigned;
    }
}

// The ticket's text field an update names, or nullptr for one that is not a text field of
// the row (the outage's start and end).
std::string* text_field(Ticket& t, std::string_view name) {
    for (auto [field, member] : std::initializer_list<std::pair<const char*, std::string*>>{
             {key::title, &t.title},
             {key::description, &t.description},
             {key::priority, &t.priority},
             {key::service, &t.service},
             {key::group, &t.group},
             {key::assignee, &t.assignee},
             {key::requester, &t.requester},
             {key::email, &t.email},
             {key::org, &t.org},
             {key::channel, &t.channel}}) {
        if (name == field) {
            return member;
        }
    }
    return nullptr;
}

void updated(Ticket& t, const Json& d) {
    const Json* changes = member(d, key::changes);
    if (changes == nullptr || !changes->is_object()) {
        return;
    }
    for (const auto& [name, change] : changes->items()) {
        std::string* field = text_field(t, name);
        if (const Json* to = changed_to(d, name); field != nullptr && to != nullptr) {
            *field = to->get<std::string>();
        }
    }
}

void closed(Ticket& t, const Event& e) {
    const Json& d = e.detail;
    if (t.status != Status::resolved) {
        t.resolved_at = e.at;
    }
    if (member(d, key::resolution) != nullptr) {
        t.resolution = text_or_empty(d, key::resolution);
    }
    if (member(d, key::code) != nullptr) {
        t.resolution_code = text_or_empty(d, key::code);
    }
    if (const Json* s = member(d, key::satisfaction); s != nullptr && s->is_number_integer()) {
        t.satisfaction = s->get<int>();
    }
    if (member(d, key::comment) != nullptr) {
        t.comment = text_or_empty(d, key::comment);
    }
    t.status = Status::closed;
    t.closed_at = e.at;
    t.hold_reason.clear();
}

} // namespace

const char* to_string(EventKind kind) {
    return k_kind_names[static_cast<std::size_t>(kind)];
}

// Classified with a switch on the length, so that reading a history compares few strings:
// sla-check and the reports read every open ticket's.
EventKind parse_event_kind(std::string_view k) {
    using K = EventKind;
    const auto is = [&](K kind) { return k == to_string(kind); };
    switch (k.size()) {
    case 4:
        return is(K::held) ? K::held : K::other;
    case 5:
        return is(K::noted) ? K::noted : K::other;
    case 6:
        return is(K::logged)   ? K::logged
               : is(K::closed) ? K::closed
               : is(K::linked) ? K::linked
                               : K::other;
    case 7:
        return is(K::resumed)   ? K::resumed
               : is(K::updated) ? K::updated
               : is(K::replied) ? K::replied
               : is(K::bounced) ? K::bounced
                                : K::other;
    case 8:
        return is(K::assigned)   ? K::assigned
               : is(K::resolved) ? K::resolved
               : is(K::reopened) ? K::reopened
               : is(K::unlinked) ? K::unlinked
               : is(K::received) ? K::received
                                 : K::other;
    case 9:
        return is(K::escalated) ? K::escalated : K::other;
    default:
        return K::other;
    }
}

const std::vector<EventKind>& event_kinds() {
    static const std::vector<EventKind> kinds = [] {
        std::vector<EventKind> all;
        for (int k = 0; k < static_cast<int>(EventKind::other); ++k) {
            all.push_back(static_cast<EventKind>(k));
        }
        return all;
    }();
    return kinds;
}

Event make_event(EventKind kind, Instant at, std::string actor, nlohmann::json detail) {
    Event e;
    e.at = at;
    e.actor = std::move(actor);
    e.kind = kind;
    e.detail = std::move(detail);
    return e;
}

void set_kind(Event& e, std::string_view name) {
    e.kind = parse_event_kind(name);
    if (e.kind == EventKind::other) {
        e.other_kind.assign(name);
    } else {
        e.other_kind.clear();
    }
}

std::string_view stored_kind(const Event& e) {
    return e.kind == EventKind::other ? std::string_view(e.other_kind) : to_string(e.kind);
}

std::string_view detail_text(const Json& detail, std::string_view key) {
    const Json* m = member(detail, key);
    if (m == nullptr || !m->is_string()) {
        return {};
    }
    return m->get_ref<const std::string&>();
}

bool detail_flag(const Json& detail, std::string_view key) {
    const Json* m = member(detail, key);
    return m != nullptr && m->is_boolean() && m->get<bool>();
}

const Json* changed_to(const Json& detail, std::string_view field) {
    const Json* changes = member(detail, key::changes);
    if (changes == nullptr) {
        return nullptr;
    }
    const Json* change = member(*changes, field);
    if (change == nullptr) {
        return nullptr;
    }
    const Json* to = member(*change, key::to);
    return to != nullptr && to->is_string() ? to : nullptr;
}

bool is_hierarchical(const Event& e) {
    return e.kind == EventKind::escalated && detail_flag(e.detail, key::hierarchical);
}

std::string_view breach_of(const Event& e) {
    return e.kind == EventKind::escalated ? detail_text(e.detail, key::breach) : "";
}

const Json* new_group(const Event& e) {
    if (e.kind == EventKind::assigned || e.kind == EventKind::escalated) {
        const Json* g = member(e.detail, key::group);
        return g != nullptr && g->is_string() ? g : nullptr;
    }
    if (e.kind == EventKind::updated) {
        return changed_to(e.detail, key::group);
    }
    return nullptr;
}

bool is_response(const Event& e) {
    switch (e.kind) {
    case EventKind::logged: // logged straight to a person (`log --to`): answered on the spot
    case EventKind::assigned:
        return !detail_text(e.detail, key::assignee).empty();
    case EventKind::escalated: {
        // An escalation made by `sla-check --escalate` is the system's, not support's.
        const Json* automatic = member(e.detail, key::automatic);
        return automatic == nullptr || !automatic->is_boolean() || !automatic->get<bool>();
    }
    case EventKind::noted:
    case EventKind::replied:
    case EventKind::held:
    case EventKind::resolved:
    case EventKind::closed:
        return true;
    default:
        return false;
    }
}

void apply(Ticket& t, const Event& e) {
    const Json& d = e.detail;
    switch (e.kind) {
    case EventKind::logged:
        logged(t, e);
        break;
    case EventKind::assigned:
        t.group = text_or_empty(d, key::group);
        t.assignee = text_or_empty(d, key::assignee);
        t.tier = number_or(d, key::tier, t.tier);
        leave_new(t);
        break;
    case EventKind::escalated:
        if (detail_flag(d, key::hierarchical)) {
            t.escalation_level = number_or(d, key::level, t.escalation_level);
        } else {
            t.group = text_or_empty(d, key::group);
            t.assignee.clear();
            // A functional escalation records the group's tier when it has one: none is 0.
            t.tier = number_or(d, key::tier, 0);
            leave_new(t);
        }
        break;
    case EventKind::held:
        t.status = Status::on_hold;
        t.hold_reason = text_or_empty(d, key::reason);
        break;
    case EventKind::resumed:
        t.status = back_to_work(t);
        t.hold_reason.clear();
        break;
    case EventKind::updated:
        updated(t, d);
        break;
    case EventKind::resolved:
        t.status = Status::resolved;
        t.resolved_at = e.at;
        t.resolution = text_or_empty(d, key::resolution);
        t.resolution_code = text_or_empty(d, key::code);
        t.hold_reason.clear();
        break;
    case EventKind::closed:
        closed(t, e);
        break;
    case EventKind::reopened:
        t.status = back_to_work(t);
        t.resolved_at.reset();
        t.closed_at.reset();
        break;
    default: // noted, linked, unlinked, the conversation by e-mail: the row's fields stay
        break;
    }
    if (!t.responded_at && is_response(e)) {
        t.responded_at = e.at;
    }
    t.updated_at = e.at;
}

} // namespace itsm::model
