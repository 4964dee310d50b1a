#pragma once
// What the period reports read of the store (docs/reports.md): indexed ranges of the tickets
// and their events, streamed to the report's own arithmetic, never the whole history; each
// store implements it (sqlite/reports.hpp).

#include <itsm/model/ticket.hpp>
#include <itsm/store/chain.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace itsm::store {

/// Which tickets a report counts; empty fields do not filter.
struct ReportFilter {
    std::string group;
    std::string service;
    std::string priority;
    std::string type;
};

/// A ticket's current priority, group, service and channel: what the figures are broken down by.
struct ReportKeys {
    std::string priority, group, service, channel;
};

/// A ticket opened, responded to, resolved or closed in a report's period.
struct PeriodTicket {
    long long number = 0;
    ReportKeys keys;
    std::string type;
    time::Instant opened_at;
    std::optional<time::Instant> responded_at, resolved_at, closed_at;
};

/// A ticket open at an instant.
struct OpenTicket {
    long long number = 0;
    time::Instant opened_at;
    ReportKeys keys;
    std::string type;
};

/// A ticket field a report filters on.
enum class ReportKey { priority, group, service };

/// The instants of the series: when tickets were opened, resolved or closed.
enum class Milestone { opened, resolved, closed };

/// A read of the store that sees one state of it from start to end.
class Snapshot {
public:
    virtual ~Snapshot() = default;
    /// Ends the read (without it, the destructor ends it too).
    virtual void end() = 0;
};

/// The store's figures for reports.
class Reports {
public:
    virtual ~Reports() = default;
    /// Begins a read in which every figure comes from the same state of the store.
    virtual std::unique_ptr<Snapshot> snapshot() = 0;
    /// The audit chain's head as stored (docs/security.md): how many events there are and the
    /// hash of the last; not verified (`itsm check` does that).
    virtual ChainHead chain_head() = 0;
    /// Whether some ticket has `value` in field `key`.
    virtual bool ticket_uses(ReportKey key, const std::string& value) = 0;
    /// Calls `fn` for each ticket opened, responded to, resolved or closed in [from, until)
    /// that `filter` selects, in number order, with its events up to `until` (a detail only
    /// where `needs_detail` says so for the kind, else an empty object).
    virtual void period_tickets(
        time::Instant from, time::Instant until, const ReportFilter& filter,
        const std::function<bool(model::EventKind kind)>& needs_detail,
        const std::function<void(const PeriodTicket&, std::span<const model::Event>)>& fn) = 0;
    /// Calls `fn` for each ticket open at `at` (logged before it, not resolved before it) that
    /// `filter` selects.
    virtual void open_tickets(time::Instant at, const ReportFilter& filter,
                              const std::function<void(const OpenTicket&)>& fn) = 0;
    /// Calls `fn` with the detail of each escalation recorded in [from, until) on the tickets
    /// `filter` selects, in the order recorded.
    virtual void escalations(time::Instant from, time::Instant until, const ReportFilter& filter,
                             const std::function<void(const nlohmann::json& detail)>& fn) = 0;
    /// The sorted instants (seconds since the epoch) of `milestone` in [from, until).
    virtual std::vector<long long> instants(Milestone milestone, time::Instant from,
                                            time::Instant until, const ReportFilter& filter) = 0;
};

} // namespace itsm::store
