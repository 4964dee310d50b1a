#include <itsm/desk/desk.hpp>
#include <itsm/desk/verify.hpp>
#include <itsm/store/chain.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace itsm::desk {

namespace {

using Fields = std::map<std::string, std::string>;
using nlohmann::json;

std::string instant(time::Instant t) {
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
    void set(const char* key, std::string value) { m_fields[key] = std::move(value); }
    void forget(const char* key) { m_fields.erase(key); }
    void set_or_forget(const json& detail, const char* key) {
        if (detail.contains(key)) {
            set(key, text_of(detail, key));
        } else {
            forget(key);
        }
    }
    bool known(const char* key) const { return m_fields.contains(key); }
    const std::string& get(const char* key) { return m_fields[key]; }

    void respond(time::Instant at) {
        if (m_full_history && !m_responded) {
            m_responded = true;
            set("responded_at", instant(at));
        }
    }
    // The status a ticket goes back to (resume, reopen): assigned when it has a group or person.
    void back_to_work() {
        if (known("group") && known("assignee")) {
            set("status", get("group").empty() && get("assignee").empty() ? "new" : "assigned");
        } else {
            forget("status");
        }
    }
    void leave_new() {
        if (known("status") && get("status") == "new") {
            set("status", "assigned");
        }
    }

    void logged(const model::Event& e) {
        const json& d = e.detail;
        const bool imported = d.value("imported", false);
        const bool linked = d.contains("from");
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
            if (d.contains("assignee")) {
                set("assignee", text_of(d, "assignee"));
            }
            return;
        }
        for (const char* key : {"resolution", "resolution_code", "comment", "hold_reason"}) {
            set(key, "");
        }
        set("satisfaction", "null");
        set("assignee", text_of(d, "assignee"));
        set("escalation_level", "0");
        set("responded_at", "null");
        back_to_work();
        if (!get("assignee").empty()) {
            respond(e.at);
        }
    }

    void apply(const model::Event& e) {
        const json& d = e.detail;
        const std::string& k = e.kind;
        if (k == "logged") {
            logged(e);
        } else if (k == "assigned") {
            set("group", text_of(d, "group"));
            set("assignee", text_of(d, "assignee"));
            set_or_forget(d, "tier");
            leave_new();
            if (!get("assignee").empty()) {
                respond(e.at);
            }
        } else if (k == "escalated") {
            if (d.value("hierarchical", false)) {
                set("escalation_level", text_of(d, "level"));
            } else {
                set("group", text_of(d, "group"));
                set("assignee", "");
                // A functional escalation records the group's tier when it has one: none is 0.
                set("tier", text_of(d, "tier", "0"));
                leave_new();
            }
            if (!d.value("automatic", false)) {
                respond(e.at);
            }
        } else if (k == "held") {
            set("status", "on-hold");
            set("hold_reason", text_of(d, "reason"));
            respond(e.at);
        } else if (k == "resumed") {
            back_to_work();
            set("hold_reason", "");
        } else if (k == "noted" || k == "replied") {
            respond(e.at);
        } else if (k == "updated") {
            if (const auto it = d.find("changes"); it != d.end() && it->is_object()) {
                for (const auto& [key, change] : it->items()) {
                    if (change.is_object() && change.contains("to")) {
                        m_fields[key] = text_of(change, "to");
                    }
                }
            }
        } else if (k == "resolved") {
            set("status", "resolved");
            set("resolved_at", instant(e.at));
            set("resolution", text_of(d, "resolution"));
            set("resolution_code", text_of(d, "code"));
            set("hold_reason", "");
            respond(e.at);
        } else if (k == "closed") {
            if (!known("status") || get("status") != "resolved") {
                set("resolved_at", instant(e.at));
            }
            if (d.contains("resolution")) {
                set("resolution", text_of(d, "resolution"));
            }
            if (d.contains("code")) {
                set("resolution_code", text_of(d, "code"));
            }
            if (d.contains("satisfaction")) {
                set("satisfaction", text_of(d, "satisfaction"));
            }
            if (d.contains("comment")) {
                set("comment", text_of(d, "comment"));
            }
            set("status", "closed");
            set("closed_at", instant(e.at));
            set("hold_reason", "");
            respond(e.at);
        } else if (k == "reopened") {
            back_to_work();
            set("resolved_at", "null");
            set("closed_at", "null");
        }
        if (m_full_history) {
            set("updated_at", instant(e.at));
        }
    }

    Fields m_fields;
    bool m_full_history = true;
    bool m_responded = false;
};

std::string optional_instant(const std::optional<time::Instant>& t) {
    return t ? instant(*t) : "null";
}

void check_integrity(SQLite::Database& db, const std::function<void(Problem)>& add) {
    SQLite::Statement q(db, "PRAGMA integrity_check");
    while (q.executeStep()) {
        const std::string row = q.getColumn(0).getString();
        if (row != "ok") {
            add({"integrity", "", 0, row});
        }
    }
    SQLite::Statement orphans(db, "SELECT e.id, e.ticket, e.kind FROM events e WHERE NOT EXISTS "
                                  "(SELECT 1 FROM tickets t WHERE t.number = e.ticket) ORDER BY "
                                  "e.id");
    while (orphans.executeStep()) {
        add({"whole", "", orphans.getColumn(0).getInt64(),
             fmt::format("event {} ({}) belongs to ticket {}, which does not exist",
                         orphans.getColumn(0).getInt64(), orphans.getColumn(2).getString(),
                         orphans.getColumn(1).getInt64())});
    }
    SQLite::Statement links(db, "SELECT l.ticket, l.other FROM links l WHERE NOT EXISTS (SELECT 1 "
                                "FROM tickets t WHERE t.number = l.ticket)");
    while (links.executeStep()) {
        add({"whole", "", 0,
             fmt::format("a link of ticket {} to {} names a ticket that does not exist",
                         links.getColumn(0).getInt64(), links.getColumn(1).getInt64())});
    }
}

// A link row: ticket, other, relation.
using LinkRow = std::tuple<long long, long long, std::string>;

// Where the histories leave each pair of records: the last "linked" or "unlinked" event naming
// the pair, from either side (`itsm unlink` records one on each), with the two rows a link is.
struct LinkState {
    Instant at;
    long long event = 0;
    bool linked = false;
    LinkRow forward;
    LinkRow back;
};
using LinkStates = std::map<std::pair<long long, long long>, LinkState>;

// The links a ticket's history makes: a "linked" event records the record made from it, and
// with it both rows (the record's relation, and the ticket's type back from the record); an
// "unlinked" event takes both away.
void links_of_history(const model::Ticket& t, const std::vector<model::Event>& events,
                      LinkStates& out) {
    for (const auto& e : events) {
        if (e.kind != "linked" && e.kind != "unlinked") {
            continue;
        }
        const auto other = store::parse_number(text_of(e.detail, "linked"));
        if (!other) {
            continue;
        }
        auto& state = out[std::minmax(t.number, *other)];
        if (state.event != 0 && std::tie(e.at, e.id) < std::tie(state.at, state.event)) {
            continue;
        }
        state = {e.at,
                 e.id,
                 e.kind == "linked",
                 {t.number, *other, text_of(e.detail, "relation")},
                 {*other, t.number, std::string(model::to_string(t.type))}};
    }
}

// The links table is not in the chain: each row must be one the history made, and each link
// the history made must be there.
void check_link_rows(SQLite::Database& db, const LinkStates& states,
                     const std::function<void(Problem)>& add) {
    std::set<LinkRow> expected;
    for (const auto& [pair, state] : states) {
        if (state.linked) {
            expected.insert(state.forward);
            expected.insert(state.back);
        }
    }
    SQLite::Statement q(db, "SELECT ticket, other, relation FROM links ORDER BY ticket, other");
    while (q.executeStep()) {
        const LinkRow row{q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                          q.getColumn(2).getString()};
        if (expected.erase(row) == 0) {
            add({"replay", "", 0,
                 fmt::format("a link of ticket {} to {} ({}) is not in either ticket's history",
                             std::get<0>(row), std::get<1>(row), std::get<2>(row))});
        }
    }
    for (const auto& [ticket, other, relation] : expected) {
        add({"replay", "", 0,
             fmt::format("the history links ticket {} to {} ({}), but the link is missing", ticket,
                         other, relation)});
    }
}

} // namespace

Fields replay(const std::vector<model::Event>& events) {
    return Replay().run(events);
}

Fields state_fields(const model::Ticket& t) {
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
    for (const auto& [name, value] : model::text_fields(t)) {
        fields.emplace(name, value);
    }
    return fields;
}

Verification verify(store::Store& store, const config::Config& config, std::size_t max_problems) {
    Verification v;
    auto add = [&](Problem p) {
        ++v.total_problems;
        ++v.counts[p.check];
        if (v.problems.size() < max_problems) {
            v.problems.push_back(std::move(p));
        }
    };
    auto& db = store.db();
    check_integrity(db, add);

    const auto chain = store::verify_chain(db.getHandle(), max_problems);
    v.events = chain.events;
    v.chain_head = store::to_hex(chain.head);
    for (const auto& b : chain.breaks) {
        Problem p{"chain", "", b.event, b.message};
        if (const auto t = store.find_ticket(b.ticket)) {
            p.ticket = display_id(config, *t);
            p.message += fmt::format(" ({})", p.ticket);
        }
        add(std::move(p));
    }
    // Breaks past the first ones are counted, not listed.
    const auto unlisted = chain.total_breaks - static_cast<long long>(chain.breaks.size());
    if (unlisted > 0) {
        v.total_problems += unlisted;
        v.counts["chain"] += unlisted;
    }
    LinkStates links;
    store.for_each_with_events(
        {}, [&](const model::Ticket& t, const std::vector<model::Event>& events) {
            ++v.tickets;
            links_of_history(t, events, links);
            const std::string id = display_id(config, t);
            if (events.empty() || events.front().kind != "logged") {
                add({"whole", id, events.empty() ? 0 : events.front().id,
                     fmt::format("{} has no \"logged\" event first in its history", id)});
                return;
            }
            const Fields history = replay(events);
            const Fields state = state_fields(t);
            for (const auto& [key, value] : history) {
                const auto it = state.find(key);
                if (it != state.end() && it->second != value) {
                    add({"replay", id, 0,
                         fmt::format("{}: {} is \"{}\" but its history gives \"{}\"", id, key,
                                     it->second, value)});
                }
            }
        });
    check_link_rows(db, links, add);
    return v;
}

} // namespace itsm::desk
