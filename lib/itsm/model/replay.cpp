#include <itsm/model/id.hpp>
#include <itsm/model/replay.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <stdexcept>

namespace itsm::model {

namespace {

using nlohmann::json;

std::string text_of(const json& detail, const char* key) {
    const auto it = detail.find(key);
    if (it == detail.end()) {
        return "";
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

// The bit of a compared field; 0 for a name that is none.
constexpr std::uint32_t bit_of(std::string_view field) {
    for (std::size_t i = 0; i < k_compared_fields.size(); ++i) {
        if (k_compared_fields[i] == field) {
            return std::uint32_t{1} << i;
        }
    }
    return 0;
}

// The same for a name written here, found when compiling: the replay runs for every event an
// import reads, and looks no name up by its text there.
consteval std::uint32_t bit(std::string_view field) {
    const std::uint32_t b = bit_of(field);
    if (b == 0) {
        throw std::logic_error("not a compared field");
    }
    return b;
}

// The place of a compared field named here, found when compiling.
consteval std::size_t index(std::string_view field) {
    return static_cast<std::size_t>(std::countr_zero(bit(field)));
}

constexpr std::uint32_t k_every_field = (std::uint32_t{1} << k_compared_fields.size()) - 1;
constexpr std::uint32_t k_status = bit("status");
// The ticket's text fields, the first twelve compared (model::text_fields).
constexpr std::uint32_t k_text_fields = (std::uint32_t{1} << 12) - 1;

// Replays one history with model::apply, the one account of what each event does to a ticket,
// and keeps beside the row which of its fields the history has determined so far. A history
// built on import from a CSV row (its "logged" event says "imported") is minimal: who
// responded when, the last change, the escalation level and the resolution before a later
// event are not in it. Before a "logged" event nothing is determined.
class Replay {
public:
    void run(const std::vector<model::Event>& events, Fields& out) {
        for (const auto& e : events) {
            note(e);
            apply(m_ticket, e);
        }
        state_fields(m_ticket, out);
        out.determined = k_every_field & ~m_unknown;
    }

private:
    void known(std::uint32_t fields) { m_unknown &= ~fields; }
    void unknown(std::uint32_t fields) { m_unknown |= fields; }
    // `field` is determined when the detail holds `name`, else no longer.
    void known_if(const json& detail, const char* name, std::uint32_t field) {
        if (detail.contains(name)) {
            known(field);
        } else {
            unknown(field);
        }
    }
    // The status a ticket goes back to (resume, reopen) follows from its group and person.
    void back_to_work() {
        if ((m_unknown & (bit("group") | bit("assignee"))) == 0) {
            known(k_status);
        } else {
            unknown(k_status);
        }
    }

    void logged(const json& d) {
        m_unknown = 0;
        // A ticket logged from another keeps the requester's fields only when it names them.
        if (d.contains(key::from)) {
            for (const auto& [name, field] : {std::pair{key::requester, bit("requester")},
                                              {key::email, bit("email")},
                                              {key::org, bit("org")},
                                              {key::channel, bit("channel")}}) {
                if (!d.contains(name)) {
                    unknown(field);
                }
            }
        }
        // Logged events written before these were recorded say nothing of them.
        known_if(d, key::description, bit("description"));
        known_if(d, key::tier, bit("tier"));
        if (detail_flag(d, key::imported)) {
            m_full_history = false;
            unknown(bit("status") | bit("escalation_level") | bit("resolution") |
                    bit("resolution_code") | bit("comment") | bit("hold_reason") |
                    bit("satisfaction"));
            if (!d.contains(key::assignee)) {
                unknown(bit("assignee"));
            }
        }
    }

    // Marks what `e` determines, before apply() writes it.
    void note(const model::Event& e) {
        const json& d = e.detail;
        switch (e.kind) {
        case EventKind::logged:
            logged(d);
            break;
        case EventKind::assigned:
            known(bit("group") | bit("assignee"));
            known_if(d, key::tier, bit("tier"));
            break;
        case EventKind::escalated:
            known(is_hierarchical(e) ? bit("escalation_level")
                                     : bit("group") | bit("assignee") | bit("tier"));
            break;
        case EventKind::held:
            known(k_status | bit("hold_reason"));
            break;
        case EventKind::resumed:
            back_to_work();
            known(bit("hold_reason"));
            break;
        case EventKind::updated:
            if (const auto it = d.find(key::changes); it != d.end() && it->is_object()) {
                for (const auto& [name, change] : it->items()) {
                    // An update changes text fields only (apply's `updated`), not type or status.
                    if (changed_to(d, name) != nullptr && name != "type" && name != "status") {
                        known(bit_of(name) & k_text_fields);
                    }
                }
            }
            break;
        case EventKind::resolved:
            known(k_status | bit("resolved_at") | bit("resolution") | bit("resolution_code") |
                  bit("hold_reason"));
            break;
        case EventKind::closed:
            known(k_status | bit("resolved_at") | bit("closed_at") | bit("hold_reason"));
            for (const auto& [name, field] : {std::pair{key::resolution, bit("resolution")},
                                              {key::code, bit("resolution_code")},
                                              {key::satisfaction, bit("satisfaction")},
                                              {key::comment, bit("comment")}}) {
                if (d.contains(name)) {
                    known(field);
                }
            }
            break;
        case EventKind::reopened:
            back_to_work();
            known(bit("resolved_at") | bit("closed_at"));
            break;
        default:
            break;
        }
        if (m_full_history) {
            known(bit("updated_at"));
            if (e.kind == EventKind::logged || is_response(e)) {
                known(bit("responded_at"));
            }
        } else {
            unknown(bit("updated_at") | bit("responded_at"));
        }
    }

    Ticket m_ticket;
    std::uint32_t m_unknown = k_every_field;
    bool m_full_history = true;
};

std::optional<std::int64_t> seconds(const std::optional<Instant>& t) {
    return t ? std::optional<std::int64_t>(time::to_epoch(*t)) : std::nullopt;
}

} // namespace

std::string Fields::text(std::size_t i) const {
    if (!is_number_field(i)) {
        return texts[i];
    }
    if (!numbers[i]) {
        return "null";
    }
    return is_instant_field(i) ? time::format_utc(time::from_epoch(*numbers[i]))
                               : std::to_string(*numbers[i]);
}

std::optional<std::string> Fields::find(std::string_view name) const {
    const std::uint32_t b = bit_of(name);
    if ((determined & b) == 0) {
        return std::nullopt;
    }
    return text(static_cast<std::size_t>(std::countr_zero(b)));
}

bool Fields::operator==(const Fields& other) const {
    if (determined != other.determined) {
        return false;
    }
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (has(i) && !same(i, other)) {
            return false;
        }
    }
    return true;
}

void replay(const std::vector<Event>& events, Fields& out) {
    Replay().run(events, out);
}

Fields replay(const std::vector<Event>& events) {
    Fields out;
    replay(events, out);
    return out;
}

void state_fields(const Ticket& t, Fields& out) {
    // The text fields are the first twelve compared, in the same order.
    const auto texts = text_fields(t);
    for (std::size_t i = 0; i < texts.size(); ++i) {
        out.texts[i].assign(texts[i].second);
    }
    auto& n = out.numbers;
    n[index("opened_at")] = time::to_epoch(t.opened_at);
    n[index("responded_at")] = seconds(t.responded_at);
    n[index("resolved_at")] = seconds(t.resolved_at);
    n[index("closed_at")] = seconds(t.closed_at);
    n[index("updated_at")] = time::to_epoch(t.updated_at);
    n[index("escalation_level")] = t.escalation_level;
    n[index("tier")] = t.tier;
    n[index("satisfaction")] = t.satisfaction;
    auto& v = out.texts;
    v[index("resolution")].assign(t.resolution);
    v[index("resolution_code")].assign(t.resolution_code);
    v[index("comment")].assign(t.comment);
    v[index("hold_reason")].assign(t.hold_reason);
    out.determined = k_every_field;
}

Fields state_fields(const Ticket& t) {
    Fields out;
    state_fields(t, out);
    return out;
}

std::vector<Contradiction> contradictions(const Fields& history, const Fields& state) {
    std::vector<Contradiction> out;
    for (std::size_t i = 0; i < k_compared_fields.size(); ++i) {
        if (history.has(i) && state.has(i) && !history.same(i, state)) {
            out.push_back({std::string(k_compared_fields[i]), state.text(i), history.text(i)});
        }
    }
    return out;
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
