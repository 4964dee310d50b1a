#include <itsm/availability/records.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/desk/store_check.hpp>
#include <itsm/model/replay.hpp>
#include <itsm/store/chain.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace itsm::desk {

namespace {

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

// The links table is not in the chain: each row must be one the histories made, and each link
// the histories made must be there.
void check_link_rows(SQLite::Database& db, const model::LinkStates& states,
                     const std::function<void(Problem)>& add) {
    std::vector<model::LinkRow> rows;
    SQLite::Statement q(db, "SELECT ticket, other, relation FROM links ORDER BY ticket, other");
    while (q.executeStep()) {
        rows.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                          q.getColumn(2).getString());
    }
    for (const auto& m : model::compare_links(model::expected_links(states), rows)) {
        add({"replay", "", 0, model::describe(m)});
    }
}

// An outage as check names it: "email from T until T" (or "until its resolution").
std::string outage_text(const std::string& service, Instant start,
                        const std::optional<Instant>& end) {
    return fmt::format("{} from {} until {}", service, time::format_utc(start),
                       end ? time::format_utc(*end) : "its resolution");
}

// Outages are not in the chain: each row must be the one its ticket's history records
// (availability::outage_from_events, which the import rebuilds them with). `expected` holds,
// for each ticket whose history records one, its display id and the outage.
void check_outages(store::Store& store, const config::Config& config,
                   std::map<long long, std::pair<std::string, std::string>> expected,
                   const std::function<void(Problem)>& add) {
    SQLite::Statement q(store.db(),
                        "SELECT ticket, service, start_at, end_at FROM outages ORDER BY ticket");
    while (q.executeStep()) {
        const long long ticket = q.getColumn(0).getInt64();
        const std::string stored =
            outage_text(q.getColumn(1).getString(), time::from_epoch(q.getColumn(2).getInt64()),
                        store::optional_instant(q.getColumn(3)));
        const auto it = expected.find(ticket);
        if (it == expected.end()) {
            const auto t = store.find_ticket(ticket);
            const std::string id = t ? display_id(config, *t) : std::to_string(ticket);
            add({"replay", t ? id : "", 0,
                 fmt::format("{}: an outage ({}) that its history does not record", id, stored)});
            continue;
        }
        const auto& [id, outage] = it->second;
        if (outage != stored) {
            add({"replay", id, 0,
                 fmt::format("{}: {}", id, model::describe({"outage", stored, outage}))});
        }
        expected.erase(it);
    }
    for (const auto& [ticket, entry] : expected) {
        const auto& [id, outage] = entry;
        add({"replay", id, 0,
             fmt::format("{}: its history records an outage ({}), but it is missing", id, outage)});
    }
}

// The search index is a cache of the tickets' texts, kept by triggers and rebuilt by `itsm
// search --reindex`: the text it stores must be each ticket's title, description, notes (in
// order, one a line, as store::k_text_fill joins them) and resolution, for every ticket.
void check_text_index(SQLite::Database& db, const std::function<void(Problem)>& add) {
    SQLite::Statement q(db, R"sql(
SELECT t.number FROM tickets t LEFT JOIN ticket_text x ON x.rowid = t.number
WHERE x.rowid IS NULL OR x.title IS NOT t.title OR x.description IS NOT t.description
   OR x.resolution IS NOT t.resolution
   OR x.notes IS NOT coalesce((SELECT group_concat(json_extract(detail, '$.text'), char(10))
                               FROM events WHERE ticket = t.number AND kind = 'noted'), '')
UNION ALL
SELECT x.rowid FROM ticket_text x WHERE x.rowid NOT IN (SELECT number FROM tickets)
ORDER BY 1)sql");
    while (q.executeStep()) {
        add({"index", "", 0,
             fmt::format("the search index's text of ticket {} is not the ticket's; rebuild the "
                         "index with 'itsm search --reindex'",
                         q.getColumn(0).getInt64())});
    }
}

} // namespace

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
    model::LinkStates links;
    std::map<long long, std::pair<std::string, std::string>> outages;
    store.for_each_with_events({}, [&](const model::Ticket& t,
                                       const std::vector<model::Event>& events) {
        ++v.tickets;
        for (const auto& e : events) {
            model::add_link_event(links, t.number, t.type, e);
        }
        const std::string id = display_id(config, t);
        if (events.empty() || events.front().kind != model::EventKind::logged) {
            add({"whole", id, events.empty() ? 0 : events.front().id,
                 fmt::format("{} has no \"{}\" event first in its history", id,
                             model::to_string(model::EventKind::logged))});
            return;
        }
        if (const auto o = availability::outage_from_events(t, events); o && !o->service.empty()) {
            outages[t.number] = {id, outage_text(o->service, o->start, o->end)};
        }
        for (const auto& c : model::contradictions(model::replay(events), model::state_fields(t))) {
            add({"replay", id, 0, fmt::format("{}: {}", id, model::describe(c))});
        }
    });
    check_link_rows(db, links, add);
    check_outages(store, config, std::move(outages), add);
    check_text_index(db, add);
    return v;
}

} // namespace itsm::desk
