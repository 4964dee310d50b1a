#include <itsm/model/id.hpp>
#include <itsm/model/replay.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace itsm::model {

namespace {

using nlohmann::json;

std::string instant(Instant t) {
    return time::format_utc(t);
}

std::string text_of(const json& detail, const char* key, const std::string& fallback = "") {
    const auto it = detail.find(key);
    if (it == detail.end()) {
        return fallback;
    }
    if (it->is_string()) {
        return it->get<std::string>();
    }
    return it->dump();
}

// Replays one history; m_fields holds what the history has determined so far. A history built
// on import from a CSV row (its "logged" event says "imported") is minimal: who responded when,
// the last change and the escalation level are not in it.
class Replay {
public:
    Fields run(const std::vector<model::Event>& events) {
        for (const auto& e : events) {
            apply(e);
        }
        return m_fields;
    }

private:
    // Looked up by string_view (Fields compares transparently): no key is built to find one.
    void set(std::string_view key, std::string value) {
        if (const auto it = m_fields.find(key); it != m_fields.end()) {
            it->second = std::move(value);
        } else {
            m_fields.emplace(key, std::move(value));
        }
    }
    void forget(std::string_view key) {
        if (const auto it = m_fields.find(key); it != m_fields.end()) {
            m_fields.erase(it);
        }
    }
    void set_or_forget(const json& detail, const char* key) {
        if (detail.contains(key)) {
            set(key, text_of(detail, key));
        } else {
            forget(key);
        }
    }
    bool known(std::string_view key) const { return m_fields.contains(key); }
    const std::string& get(std::string_view key) {
        const auto it = m_fields.find(key);
        return it != m_fields.end() ? it->second : m_fields.emplace(key, "").first->second;
    }

    void respond(Instant at) {
        if (m_full_history && !m_responded) {
            m_responded = true;
            set("responded_at", instant(at));
        }
    }
    // The status a ticket goes back to (resume, reopen): assigned when it has a group or person.
    void back_to_work() {
        if (known(key::group) && known(key::assignee)) {
            set("status", to_string(get(key::group).empty() && get(key::assignee).empty()
                                        ? Status::new_
                                        : Status::assigned));
        } else {
            forget("status");
        }
    }
    void leave_new() {
        if (known("status") && get("status") == to_string(Status::new_)) {
            set("status", to_string(Status::assigned));
        }
    }

    void logged(const model::Event& e) {
        const json& d = e.detail;
        const bool imported = d.value(key::imported, false);
        const bool linked = d.contains(key::from);
        set("opened_at", instant(e.at));
        for (const char* key : {"type", "title", "priority", "service", "group"}) {
            set(key, text_of(d, key));
        }
        for (const char* key : {"requester", "email", "org", "channel"}) {
            if (!linked || d.contains(key)) {
                set(key, text_of(d, key));
            }
        }
        set("resolved_at", "null");
        set("closed_at", "null");
        // Logged events written before these were recorded say nothing of them.
        for (const char* key : {"description", "tier"}) {
            set_or_forget(d, key);
        }
        if (imported) {
            // A history built from a CSV row carries what the clocks need, not every field:
            // a reopened ticket keeps its resolution without the event that gave it.
            m_full_history = false;
            if (d.contains(key::assignee)) {
                set(key::assignee, text_of(d, key::assignee));
            }
            return;
        }
        for (const char* key : {"resolution", "resolution_code", "comment", "hold_reason"}) {
            set(key, "");
        }
        set("satisfaction", "null");
        set(key::assignee, text_of(d, key::assignee));
        set("escalation_level", "0");
        set("responded_at", "null");
        back_to_work();
    }

    void apply(const model::Event& e) {
        const json& d = e.detail;
        switch (e.kind) {
        case EventKind::logged:
            logged(e);
            break;
        case EventKind::assigned:
            set(key::group, text_of(d, key::group));
            set(key::assignee, text_of(d, key::assignee));
            set_or_forget(d, key::tier);
            leave_new();
            break;
        case EventKind::escalated:
            if (d.value(key::hierarchical, false)) {
                set("escalation_level", text_of(d, key::level));
            } else {
                set(key::group, text_of(d, key::group));
                set(key::assignee, "");
                // A functional escalation records the group's tier when it has one: none is 0.
                set(key::tier, text_of(d, key::tier, "0"));
                leave_new();
            }
            break;
        case EventKind::held:
            set("status", to_string(Status::on_hold));
            set("hold_reason", text_of(d, key::reason));
            break;
        case EventKind::resumed:
            back_to_work();
            set("hold_reason", "");
            break;
        case EventKind::updated:
            if (const auto it = d.find(key::changes); it != d.end() && it->is_object()) {
                for (const auto& [name, change] : it->items()) {
                    if (change.is_object() && change.contains(key::to)) {
                        set(name, text_of(change, key::to));
                    }
                }
            }
            break;
        case EventKind::resolved:
            set("status", to_string(Status::resolved));
            set("resolved_at", instant(e.at));
            set(key::resolution, text_of(d, key::resolution));
            set("resolution_code", text_of(d, key::code));
            set("hold_reason", "");
            break;
        case EventKind::closed:
            closed(e);
            break;
        case EventKind::reopened:
            back_to_work();
            set("resolved_at", "null");
            set("closed_at", "null");
            break;
        default:
            break;
        }
        if (is_response(e)) {
            respond(e.at);
        }
        if (m_full_history) {
            set("updated_at", instant(e.at));
        }
    }

    void closed(const model::Event& e) {
        const json& d = e.detail;
        if (!known("status") || get("status") != to_string(Status::resolved)) {
            set("resolved_at", instant(e.at));
        }
        for (const auto& [name, field] : {std::pair{key::resolution, "resolution"},
                                          {key::code, "resolution_code"},
                                          {key::satisfaction, "satisfaction"},
                                          {key::comment, "comment"}}) {
            if (d.contains(name)) {
                set(field, text_of(d, name));
            }
        }
        set("status", to_string(Status::closed));
        set("closed_at", instant(e.at));
        set("hold_reason", "");
    }

    Fields m_fields;
    bool m_full_history = true;
    bool m_responded = false;
};

std::string optional_instant(const std::optional<Instant>& t) {
    return t ? instant(*t) : "null";
}

// The fields of a ticket in the order they are compared and reported.
constexpr std::array<const char*, 24> k_compared{"type",
                                                 "title",
                                                 "description",
                                                 "status",
                                                 "priority",
                                                 "service",
                                                 "group",
                                                 "assignee",
                                                 "requester",
                                                 "email",
                                                 "org",
                                                 "channel",
                                                 "opened_at",
                                                 "responded_at",
                                                 "resolved_at",
                                                 "closed_at",
                                                 "updated_at",
                                                 "tier",
                                                 "escalation_level",
                                                 "resolution",
                                                 "resolution_code",
                                                 "satisfaction",
                                                 "comment",
                                                 "hold_reason"};

} // namespace

Fields replay(const std::vector<Event>& events) {
    return Replay().run(events);
}

Fields state_fields(const Ticket& t) {
    Fields fields = {
        {"opened_at", instant(t.opened_at)},
        {"responded_at", optional_instant(t.responded_at)},
        {"resolved_at", optional_instant(t.resolved_at)},
        {"closed_at", optional_instant(t.closed_at)},
        {"updated_at", instant(t.updated_at)},
        {"escalation_level", std::to_string(t.escalation_level)},
        {"tier", std::to_string(t.tier)},
        {"resolution", t.resolution},
        {"resolution_code", t.resolution_code},
        {"satisfaction", t.satisfaction ? std::to_string(*t.satisfaction) : "null"},
        {"comment", t.comment},
        {"hold_reason", t.hold_reason},
    };
    for (const auto& [name, value] : text_fields(t)) {
        fields.emplace(name, value);
    }
    return fields;
}

std::vector<Contradiction> contradictions(const Fields& history, const StoredField& stored) {
    std::vector<Contradiction> out;
    for (const char* key : k_compared) {
        const auto h = history.find(std::string_view(key));
        if (h == history.end()) {
            continue;
        }
        if (auto s = stored(key); s && *s != h->second) {
            out.push_back({key, std::move(*s), h->second});
        }
    }
    return out;
}

std::vector<Contradiction> contradictions(const Fields& history, const Fields& state) {
    return contradictions(history, [&](std::string_view key) -> std::optional<std::string> {
        const auto it = state.find(key);
        return it != state.end() ? std::optional<std::string>(it->second) : std::nullopt;
    });
}

std::string describe(const Contradiction& c) {
    return fmt::format("{} is \"{}\" but its history gives \"{}\"", c.field, c.stored, c.replayed);
}

void add_link_event(LinkStates& states, long long number, Type type, const Event& e) {
    if (e.kind != EventKind::linked && e.kind != EventKind::unlinked) {
        return;
    }
    const auto other = parse_number(text_of(e.detail, key::linked));
    if (!other) {
        return;
    }
    auto& state = states[std::minmax(number, *other)];
    if (state.event != 0 && std::tie(e.at, e.id) < std::tie(state.at, state.event)) {
        return;
    }
    state = {e.at,
             e.id,
             e.kind == EventKind::linked,
             {number, *other, text_of(e.detail, key::relation)},
             {*other, number, std::string(to_string(type))}};
}

std::set<LinkRow> expected_links(const LinkStates& states) {
    std::set<LinkRow> expected;
    for (const auto& [pair, state] : states) {
        if (state.linked) {
            expected.insert(state.forward);
            expected.insert(state.back);
        }
    }
    return expected;
}

std::vector<LinkMismatch> compare_links(std::set<LinkRow> expected,
                                        const std::vector<LinkRow>& rows) {
    std::vector<LinkMismatch> out;
    for (const auto& row : rows) {
        if (expected.erase(row) == 0) {
            out.push_back({row, false});
        }
    }
    for (const auto& row : expected) {
        out.push_back({row, true});
    }
    return out;
}

std::string describe(const LinkMismatch& m) {
    const auto& [ticket, other, relation] = m.row;
    if (m.made) {
        return fmt::format("the history links ticket {} to {} ({}), but the link is missing",
                           ticket, other, relation);
    }
    return fmt::format("a link of ticket {} to {} ({}) is not in either ticket's history", ticket,
                       other, relation);
}

} // namespace itsm::model
