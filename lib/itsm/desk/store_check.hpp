#pragma once
// itsm check: is the store sound? SQLite's integrity check, every ticket whole, the current
// state, links and outages equal to what the histories replay to, the search index equal to
// the tickets' texts, the audit chain unbroken, and the facts no event records sealed.

#include <itsm/config/config.hpp>
#include <itsm/desk/policy_drift.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/store/store.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::desk {

/// One thing wrong with the store.
struct Problem {
    std::string check;   // "integrity", "whole", "replay", "chain", "seal", "index" or "head"
    std::string ticket;  // display id, "" when not about one ticket
    long long event = 0; // event id, 0 when not about one event
    std::string message;
};

struct Verification {
    long long tickets = 0;
    long long events = 0;
    std::string chain_head;        // hex SHA-256 of the last event (64 zeros for an empty store)
    store::ChainHead head;         // the same with the number of events: what --expect-head takes
    long long sealed_rows = 0;     // maintenance, outbox, notified, mail and attachment rows
    std::vector<Problem> problems; // the first `max_problems`
    long long total_problems = 0;
    std::map<std::string, long long> counts; // problems per check
    // Tickets measured by terms no longer configured for their logging time: reported, not a
    // problem of the store (docs/configuration.md, "Policy versions").
    std::vector<PolicyDrift> policies;
    bool ok() const { return total_problems == 0; }
};

/// Told what the check is at: the step it begins ("the audit chain"), and in the longest one
/// how many tickets it has read ("120000 tickets"), every 10,000.
using CheckProgress = std::function<void(std::string_view)>;

/// Runs every check; never changes the store. With `expected` (a head recorded earlier), the
/// chain must still hold that head: its event number `count` exists with that hash, else a
/// "head" problem says which (events cut off its end, or the history up to it rewritten).
Verification verify(store::Store& store, const config::Config& config,
                    const std::optional<store::ChainHead>& expected = std::nullopt,
                    std::size_t max_problems = 50, const CheckProgress& progress = {});

} // namespace itsm::desk
