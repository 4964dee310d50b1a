#include <itsm/availability/records.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/desk/store_check.hpp>
#include <itsm/model/replay.hpp>
#include <itsm/store/integrity.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace itsm::desk {

namespace {

void check_integrity(store::Integrity& db, const std::function<void(Problem)>& add) {
    for (const auto& row : db.storage_problems()) {
        add({"integrity", "", 0, row});
    }
    for (const auto& e : db.orphan_events()) {
        add({"whole", "", e.id,
             fmt::format("event {} ({}) belongs to ticket {}, which does not exist", e.id, e.kind,
                         e.ticket)});
    }
    for (const auto& l : db.orphan_links()) {
        add({"whole", "", 0,
             fmt::format("a link of ticket {} to {} names a ticket that does not exist", l.ticket,
                         l.other)});
    }
}

// The links table is not in the chain: each row must be one the histories made, and each link
// the histories made must be there.
void check_link_rows(store::Integrity& db, const model::LinkStates& states,
                     const std::function<void(Problem)>& add) {
    const std::vector<model::LinkRow> rows = db.link_rows();
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
    for (const auto& row : store.integrity().outage_rows()) {
        const long long ticket = row.ticket;
        const std::string stored = outage_text(row.service, row.start, row.end);
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
void check_text_index(store::Integrity& db, const std::function<void(Problem)>& add) {
    for (const long long number : db.text_index_mismatches()) {
        add({"index", "", 0,
             fmt::format("the search index's text of ticket {} is not the ticket's; rebuild the "
                         "index with 'itsm search --reindex'",
                         number)});
    }
}

// A head recorded earlier (a report, a mail) must still be in the chain: a shorter chain lost
// its newest events, another hash at that number means the history up to it was rewritten.
void check_head(const store::ChainHead& expected, const store::ChainReport& chain,
                const std::function<void(Problem)>& add) {
    const std::string recorded = store::to_string(expected);
    if (!chain.marked) {
        add({"head", "", 0,
             fmt::format("the chain has {} event{}, fewer than the {} of the head {} recorded "
                         "earlier: events were deleted from its end",
                         chain.events, chain.events == 1 ? "" : "s", expected.count, recorded)});
    } else if (*chain.marked != expected.hash) {
        add({"head", "", 0,
             fmt::format("event number {} of the chain has the hash {}, not the {} of the head {} "
                         "recorded earlier: the history up to it was rewritten",
                         expected.count, store::to_hex(*chain.marked), store::to_hex(expected.hash),
                         recorded)});
    }
}

} // namespace

Verification verify(store::Store& store, const config::Config& config,
                    const std::optional<store::ChainHead>& expected, std::size_t max_problems,
                    const CheckProgress& progress) {
    const auto at = [&](std::string_view step) {
        if (progress) {
            progress(step);
        }
    };
    Verification v;
    auto add = [&](Problem p) {
        ++v.total_problems;
        ++v.counts[p.check];
        if (v.problems.size() < max_problems) {
            v.problems.push_back(std::move(p));
        }
    };
    auto& db = store.integrity();
    at("the store's integrity");
    check_integrity(db, add);

    at("the audit chain");
    const auto chain = db.chain(max_problems, expected ? expected->count : 0);
    v.events = chain.events;
    v.chain_head = store::to_hex(chain.head);
    v.head = {chain.events, chain.head};
    if (expected) {
        check_head(*expected, chain, add);
    }
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
    at("the sealed rows");
    const auto seals = db.seals();
    v.sealed_rows = seals.rows;
    for (const auto& b : seals.breaks) {
        add({"seal", "", 0, b.message});
    }
    model::LinkStates links;
    model::Fields replayed, stored; // each ticket's, their strings' memory kept
    std::map<long long, std::pair<std::string, std::string>> outages;
    DriftTally drift(config);
    at("0 tickets");
    store.for_each_with_events(
        {}, store::Part::whole,
        [&](const model::Ticket& t, const std::vector<model::Event>& events) {
            if (++v.tickets % 10000 == 0) {
                at(fmt::format("{} tickets", v.tickets));
            }
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
            drift.add(events, id);
            if (const auto o = availability::outage_from_events(t, events);
                o && !o->service.empty()) {
                outages[t.number] = {id, outage_text(o->service, o->start, o->end)};
            }
            model::replay(events, replayed);
            model::state_fields(t, stored);
            for (const auto& c : model::contradictions(replayed, stored)) {
                add({"replay", id, 0, fmt::format("{}: {}", id, model::describe(c))});
            }
        });
    at(fmt::format("{} tickets; links, outages and the search index", v.tickets));
    check_link_rows(db, links, add);
    check_outages(store, config, std::move(outages), add);
    check_text_index(db, add);
    v.policies = drift.result();
    return v;
}

} // namespace itsm::desk
