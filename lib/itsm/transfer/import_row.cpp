#include <itsm/core/error.hpp>
#include <itsm/model/detail.hpp>
#include <itsm/model/replay.hpp>
#include <itsm/model/text.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/transfer/import_row.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace itsm::transfer {

void Row::clear() {
    for (auto& f : fields) {
        f.text.clear();
        f.integer = 0;
        f.null = true;
    }
    present.fill(false);
    n_events = 0;
    n_links = 0;
}

RawEvent& Row::next_event() {
    if (n_events == events.size()) {
        events.emplace_back();
    }
    RawEvent& e = events[n_events++];
    e.at = 0;
    e.actor.clear();
    e.role.clear();
    e.kind.clear();
    e.detail = "{}";
    return e;
}

LinkIn& Row::next_link() {
    if (n_links == links.size()) {
        links.emplace_back();
    }
    LinkIn& l = links[n_links++];
    l.other = 0;
    l.relation.clear();
    return l;
}

namespace {

std::string utc(long long t) {
    std::string out;
    append_utc(out, t);
    return out;
}

void check(std::string_view what, const std::string& text, std::size_t max, bool multiline) {
    try {
        model::check_text(what, text, max, multiline);
    } catch (const UsageError& e) {
        throw Bad{e.what()};
    }
}

void check_texts(const Row& row) {
    const auto& f = row.fields;
    for (const auto i : {f_description, f_resolution, f_comment, f_hold_reason}) {
        check(k_fields[i].key, f[i].text, model::k_max_text, true);
    }
    for (const auto i : {f_priority, f_service, f_group, f_assignee, f_requester, f_email, f_org,
                         f_channel, f_resolution_code}) {
        check(k_fields[i].key, f[i].text, model::k_max_short, false);
    }
    check("title", f[f_title].text, model::k_max_title, false);
    if (f[f_title].text.find_first_not_of(" \t") == std::string::npos) {
        throw Bad{"title is empty; every ticket needs a short summary"};
    }
}

// Instants before 1970 (the fast RFC 3339 reader takes any four-digit year): the commands
// refuse them, and the clocks and `show` cannot represent them.
void check_range(const Row& row) {
    const auto& f = row.fields;
    for (const auto i : {f_opened_at, f_responded_at, f_resolved_at, f_closed_at, f_updated_at}) {
        if (!f[i].null && f[i].integer < 0) {
            throw Bad{fmt::format("{} {} is before 1970; times run from 1970 to 9999",
                                  k_fields[i].key, utc(f[i].integer))};
        }
    }
    for (std::size_t k = 0; k < row.n_events; ++k) {
        if (row.events[k].at < 0) {
            throw Bad{fmt::format("event {}: at {} is before 1970; times run from 1970 to 9999",
                                  k + 1, utc(row.events[k].at))};
        }
    }
}

bool valid_kind(const std::string& kind) {
    return !kind.empty() && kind.size() <= 40 && std::all_of(kind.begin(), kind.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || c == '-' || c == '_';
    });
}

// Times against the status: what `resolve`, `close` and `reopen` leave behind.
void check_times(const Row& row) {
    const auto& f = row.fields;
    const long long opened = f[f_opened_at].integer;
    const auto status = model::parse_status(f[f_status].text);
    const bool resolved = !f[f_resolved_at].null;
    const bool closed = !f[f_closed_at].null;
    for (const auto i : {f_responded_at, f_resolved_at, f_closed_at, f_updated_at}) {
        if (!f[i].null && f[i].integer < opened) {
            throw Bad{fmt::format("{} {} is before opened_at {}", k_fields[i].key,
                                  utc(f[i].integer), utc(opened))};
        }
    }
    if (closed && (!resolved || f[f_resolved_at].integer > f[f_closed_at].integer)) {
        throw Bad{"closed_at needs a resolved_at at or before it (closing resolves)"};
    }
    if (*status == model::Status::closed && !closed) {
        throw Bad{"status is closed but closed_at is empty"};
    }
    if (*status == model::Status::resolved && (!resolved || closed)) {
        throw Bad{"status is resolved: resolved_at must be set and closed_at empty"};
    }
    if (model::is_open(*status) && (resolved || closed)) {
        throw Bad{fmt::format("status is {}, an open status: resolved_at and closed_at must be "
                              "empty (reopen clears them)",
                              f[f_status].text)};
    }
    if (f[f_tier].integer < 0 || f[f_escalation_level].integer < 0) {
        throw Bad{"tier and escalation_level cannot be negative"};
    }
    if (!f[f_satisfaction].null &&
        (f[f_satisfaction].integer < 1 || f[f_satisfaction].integer > 5)) {
        throw Bad{fmt::format("satisfaction {} is out of range; it is 1 to 5, or null",
                              f[f_satisfaction].integer)};
    }
}

void check_events(const Row& row) {
    const long long opened = row.fields[f_opened_at].integer;
    for (std::size_t k = 0; k < row.n_events; ++k) {
        const RawEvent& e = row.events[k];
        if (!valid_kind(e.kind)) {
            throw Bad{fmt::format("event {}: kind \"{}\" is not an event kind (lowercase, such "
                                  "as logged or resolved)",
                                  k + 1, e.kind)};
        }
        check("an event's actor", e.actor, model::k_max_short, false);
        check("an event's role", e.role, model::k_max_short, false);
        if (k == 0 && (e.kind != model::to_string(model::EventKind::logged) || e.at != opened)) {
            throw Bad{fmt::format("the first event must be the logging (kind \"logged\") at "
                                  "opened_at {}",
                                  utc(opened))};
        }
        if (k > 0 && e.at < row.events[k - 1].at) {
            throw Bad{fmt::format("event {} at {} is before the event it follows; a history is "
                                  "in time order",
                                  k + 1, utc(e.at))};
        }
    }
}

// Each compared field that the row has is a number in the row where it is one in the
// comparison (model::k_number_fields), and text where it is text.
consteval bool kinds_agree() {
    for (std::size_t i = 0; i < model::k_compared_fields.size(); ++i) {
        for (std::size_t f = 0; f < k_fields.size(); ++f) {
            if (k_fields[f].key == model::k_compared_fields[i] &&
                (field_kind(f) != FieldKind::text) != model::is_number_field(i)) {
                return false;
            }
        }
    }
    return true;
}
static_assert(kinds_agree());

// The row's fields as `itsm check` reads them from a stored ticket (model::state_fields).
void row_fields(const Row& row, model::Fields& out) {
    // Where each compared field is in the row, found once.
    static const auto slots = [] {
        std::array<std::size_t, model::k_compared_fields.size()> at{};
        for (std::size_t i = 0; i < at.size(); ++i) {
            at[i] = field_index(model::k_compared_fields[i]);
        }
        return at;
    }();
    out.determined = 0;
    for (std::size_t i = 0; i < slots.size(); ++i) {
        const std::size_t f = slots[i];
        if (f == k_fields.size()) {
            continue;
        }
        const Slot& slot = row.fields[f];
        if (model::is_number_field(i)) {
            out.numbers[i] = slot.null ? std::nullopt : std::optional<std::int64_t>(slot.integer);
        } else {
            out.texts[i].assign(slot.text);
        }
        out.determined |= std::uint32_t{1} << i;
    }
}

// The history as the replay reads it, into `history` (its buffers kept between rows).
void parse_history(const Row& row, std::vector<model::Event>& history) {
    history.resize(row.n_events);
    for (std::size_t k = 0; k < row.n_events; ++k) {
        const RawEvent& e = row.events[k];
        model::Event& out = history[k];
        out.id = static_cast<long long>(k + 1);
        out.at = time::from_epoch(e.at);
        out.actor = e.actor;
        model::set_kind(out, e.kind);
        // The reader has checked that it is one JSON object.
        model::parse_detail_into(e.detail, out.detail);
    }
}

void check_links(const Row& row) {
    const long long number = row.fields[f_number].integer;
    for (std::size_t k = 0; k < row.n_links; ++k) {
        const LinkIn& l = row.links[k];
        if (l.other < 1 || l.other == number) {
            throw Bad{fmt::format("link {} names ticket {}, which is not another ticket", k + 1,
                                  l.other)};
        }
        check("a link's relation", l.relation, model::k_max_short, false);
        if (l.relation.empty()) {
            throw Bad{fmt::format("link {} has no relation", k + 1)};
        }
        for (std::size_t j = 0; j < k; ++j) {
            if (row.links[j].other == l.other) {
                throw Bad{fmt::format("ticket {} is linked twice", l.other)};
            }
        }
    }
}

void add_event(Row& row, long long at, model::EventKind kind, const std::string& actor,
               const nlohmann::json& detail) {
    RawEvent& e = row.next_event();
    e.at = at;
    e.kind = model::to_string(kind);
    e.actor = actor;
    e.detail = detail.dump();
}

// The history a row without events implies: enough for the SLA clocks and the reports.
void synthesise(Row& row, const std::string& actor) {
    namespace key = model::key;
    const auto& f = row.fields;
    nlohmann::json logged = {
        {key::type, f[f_type].text},         {key::title, f[f_title].text},
        {key::priority, f[f_priority].text}, {key::description, f[f_description].text},
        {key::tier, f[f_tier].integer},      {key::imported, true}};
    for (const auto& [i, name] : {std::pair{f_service, key::service},
                                  {f_group, key::group},
                                  {f_requester, key::requester},
                                  {f_email, key::email},
                                  {f_org, key::org},
                                  {f_channel, key::channel}}) {
        if (!f[i].text.empty()) {
            logged[name] = f[i].text;
        }
    }
    const long long opened = f[f_opened_at].integer;
    add_event(row, opened, model::EventKind::logged, actor, logged);
    const bool resolved = !f[f_resolved_at].null;
    const bool closed = !f[f_closed_at].null;
    const long long stop = resolved ? f[f_resolved_at].integer : 0;
    if (!f[f_responded_at].null && (!resolved || f[f_responded_at].integer < stop)) {
        nlohmann::json d = {{key::imported, true}};
        if (!f[f_assignee].text.empty()) {
            d[key::group] = f[f_group].text;
            d[key::assignee] = f[f_assignee].text;
            add_event(row, f[f_responded_at].integer, model::EventKind::assigned, actor, d);
        } else {
            d[key::text] = "first response (imported)";
            add_event(row, f[f_responded_at].integer, model::EventKind::noted, actor, d);
        }
    }
    const bool direct_close = closed && stop == f[f_closed_at].integer;
    if (resolved && !direct_close) {
        nlohmann::json d = {{key::resolution, f[f_resolution].text}, {key::imported, true}};
        if (!f[f_resolution_code].text.empty()) {
            d[key::code] = f[f_resolution_code].text;
        }
        add_event(row, stop, model::EventKind::resolved, actor, d);
    }
    if (closed) {
        nlohmann::json d = {{key::imported, true}};
        if (direct_close) {
            d[key::resolution] = f[f_resolution].text;
            if (!f[f_resolution_code].text.empty()) {
                d[key::code] = f[f_resolution_code].text;
            }
        }
        if (!f[f_satisfaction].null) {
            d[key::satisfaction] = f[f_satisfaction].integer;
        }
        if (!f[f_comment].text.empty()) {
            d[key::comment] = f[f_comment].text;
        }
        add_event(row, f[f_closed_at].integer, model::EventKind::closed, actor, d);
    }
    if (f[f_status].text == "on-hold") {
        long long at = std::max(opened, f[f_updated_at].null ? opened : f[f_updated_at].integer);
        at = std::max(at, f[f_responded_at].null ? opened : f[f_responded_at].integer);
        add_event(row, at, model::EventKind::held, actor,
                  {{key::reason, f[f_hold_reason].text}, {key::imported, true}});
    }
}

} // namespace

void complete(Row& row, const std::string& actor) {
    auto& f = row.fields;
    for (const auto i : {f_number, f_type, f_title, f_status, f_opened_at}) {
        if (!row.present[i] || f[i].null) {
            throw Bad{fmt::format("\"{}\" is missing; every ticket needs number, type, title, "
                                  "status and opened_at",
                                  k_fields[i].key)};
        }
    }
    if (f[f_number].integer < 1) {
        throw Bad{fmt::format("number {} is not a ticket number (1 or more)", f[f_number].integer)};
    }
    if (!model::parse_type(f[f_type].text)) {
        throw Bad{
            fmt::format("type \"{}\" is not incident, request, problem, change or interaction",
                        f[f_type].text)};
    }
    if (!model::parse_status(f[f_status].text)) {
        throw Bad{fmt::format("status \"{}\" is not new, assigned, on-hold, resolved or closed",
                              f[f_status].text)};
    }
    for (const auto i : {f_tier, f_escalation_level}) {
        if (f[i].null) {
            f[i].null = false;
            f[i].integer = 0;
        }
    }
    for (std::size_t i = 0; i < k_fields.size(); ++i) {
        if (field_kind(i) == FieldKind::text && f[i].null) {
            f[i].null = false;
        }
    }
    check_texts(row);
    check_range(row);
    check_times(row);
    check_links(row);
    if (row.n_events == 0) {
        synthesise(row, actor);
    }
    check_events(row);
    if (f[f_updated_at].null) {
        long long last = f[f_opened_at].integer;
        for (const auto i : {f_responded_at, f_resolved_at, f_closed_at}) {
            if (!f[i].null) {
                last = std::max(last, f[i].integer);
            }
        }
        for (std::size_t k = 0; k < row.n_events; ++k) {
            last = std::max(last, row.events[k].at);
        }
        f[f_updated_at].null = false;
        f[f_updated_at].integer = last;
    }
}

void check_history(const Row& row, HistoryCheck& check) {
    parse_history(row, check.events);
    model::replay(check.events, check.replayed);
    row_fields(row, check.stored);
    const auto found = model::contradictions(check.replayed, check.stored);
    if (!found.empty()) {
        throw Bad{model::describe(found.front())};
    }
}

void use_default_priority(Row& row, const config::Config& config) {
    Slot& priority = row.fields[f_priority];
    if (row.n_events == 0 && priority.text.empty()) {
        priority.text = config.default_priority;
        priority.null = false;
        row.present[f_priority] = true;
    }
}

void check_names(const Row& row, const config::Config& config) {
    const auto& f = row.fields;
    for (const auto& why :
         {config.unknown_priority(f[f_priority].text), config.unknown_service(f[f_service].text),
          config.unknown_group(f[f_group].text)}) {
        if (!why.empty()) {
            throw Bad{why};
        }
    }
}

} // namespace itsm::transfer
