#pragma once
// Outages and maintenance windows (tables `outages` and `maintenance`): what the store keeps of
// them, asked through this interface (each store implements it: sqlite/outages.hpp).

#include <itsm/time/instant.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::store {

/// An incident's outage of its service. Without an end it lasts until the ticket is resolved
/// (and, while the ticket is open, until the time of evaluation).
struct Outage {
    long long ticket = 0;
    std::string service;
    time::Instant start;
    std::optional<time::Instant> end;         // as recorded; nullopt = until resolution
    std::optional<time::Instant> resolved_at; // the ticket's, when read back
    /// The end that applies: the recorded one, else the ticket's resolution, else nullopt.
    std::optional<time::Instant> effective_end() const { return end ? end : resolved_at; }
};

/// A maintenance window announced for a service.
struct Maintenance {
    long long id = 0;
    std::string service;
    time::Instant from;
    time::Instant to;
    bool emergency = false;
    std::string reason;
    time::Instant recorded_at; // when it was announced: notice runs from here to `from`
    std::string actor;
    bool forced = false; // recorded with less notice than the configuration asks
    std::optional<time::Instant> cancelled_at;
    std::string cancelled_by;
};

/// Which maintenance windows to read; empty fields do not filter.
struct MaintenanceFilter {
    std::string service;
    bool include_cancelled = true;
    std::optional<time::Instant> from; // overlapping [from, to)
    std::optional<time::Instant> to;
};

/// The store's outages and maintenance windows.
class Outages {
public:
    virtual ~Outages() = default;
    /// The outage of a ticket, if it has one.
    virtual std::optional<Outage> find(long long ticket) = 0;
    /// Records or replaces the outage of `outage.ticket`.
    virtual void save(const Outage& outage) = 0;
    /// Moves a ticket's outage to another service.
    virtual void move(long long ticket, const std::string& service) = 0;
    /// Outages of `service` ("" = every service) that overlap [from, to), by start.
    virtual std::vector<Outage> overlapping(const std::string& service, time::Instant from,
                                            time::Instant to) = 0;

    /// Inserts a maintenance window (with its id and cancellation when `m.id` is set, as on
    /// import); returns its id.
    virtual long long insert_maintenance(const Maintenance& m) = 0;
    virtual std::optional<Maintenance> find_maintenance(long long id) = 0;
    /// Marks a maintenance window cancelled; false when there is none not cancelled yet.
    virtual bool cancel_maintenance(long long id, time::Instant at, const std::string& actor) = 0;
    /// Maintenance windows in order of start.
    virtual std::vector<Maintenance> maintenance(const MaintenanceFilter& filter) = 0;
};

} // namespace itsm::store
