#include <itsm/desk/desk.hpp>
#include <itsm/desk/verify.hpp>
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
    store.for_each_with_events({}, [&](const model::Ticket& t,
                                       const std::vector<model::Event>& events) {
        ++v.tickets;
        for (const auto& e : events) {
            model::add_link_event(links, t.number, t.type, e);
        }
        const std::string id = display_id(config, t);
        if (events.empty() || events.front().kind != "logged") {
            add({"whole", id, events.empty() ? 0 : events.front().id,
                 fmt::format("{} has no \"logged\" event first in its history", id)});
            return;
        }
        for (const auto& c : model::contradictions(model::replay(events), model::state_fields(t))) {
            add({"replay", id, 0, fmt::format("{}: {}", id, model::describe(c))});
        }
    });
    check_link_rows(db, links, add);
    return v;
}

} // namespace itsm::desk
