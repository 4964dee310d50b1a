#pragma once
// Outages and maintenance windows in the store (tables `outages` and `maintenance`).

#include <itsm/store/store.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::availability {

using time::Instant;

/// An incident's outage of its service. Without an end it lasts until the ticket is resolved
/// (and, while the ticket is open, until the time of evaluation).
struct Outage {
    long long ticket = 0;
    std::string service;
    Instant start;
    std::optional<Instant> end;         // as recorded; nullopt = until resolution
    std::optional<Instant> resolved_at; // the ticket's, when read back
    /// The end that applies: the recorded one, else the ticket's resolution, else nullopt.
    std::optional<Instant> effective_end() const { return end ? end : resolved_at; }
};

/// A maintenance window announced for a service.
struct Maintenance {
    long long id = 0;
    std::string service;
    Instant from;
    Instant to;
    bool emergency = false;
    std::string reason;
    Instant recorded_at; // when it was announced: notice runs from here to `from`
    std::string actor;
    bool forced = false; // recorded with less notice than the configuration asks
    std::optional<Instant> cancelled_at;
    std::string cancelled_by;
};

/// The outage of a ticket, if it has one.
std::optional<Outage> find_outage(store::Store& store, long long ticket);
/// Records or replaces the outage of `outage.ticket`.
void save_outage(store::Store& store, const Outage& outage);
/// Moves a ticket's outage to another service (when the ticket's service changes).
void move_outage(store::Store& store, long long ticket, const std::string& service);
/// The outage a ticket's history records: `"outage": true` on its `logged` event, then
/// `outage_start` / `outage_end` changes of `updated` events; of the ticket's current service.
std::optional<Outage> outage_from_events(const model::Ticket& ticket,
                                         const std::vector<model::Event>& events);
/// Writes the outage of `ticket` as its history records it (after an import).
void rebuild_outage(store::Store& store, long long ticket);

/// Outages of `service` ("" = every service) that overlap [from, to).
std::vector<Outage> outages(store::Store& store, const std::string& service, Instant from,
                            Instant to);

/// Inserts a maintenance window (with its id and cancellation when `m.id` is set, as on
/// import); returns its id.
long long insert_maintenance(store::Store& store, const Maintenance& m);
std::optional<Maintenance> find_maintenance(store::Store& store, long long id);
/// Marks a maintenance window cancelled; false when there is none not cancelled yet.
bool cancel_maintenance(store::Store& store, long long id, Instant at, const std::string& actor);

/// Which maintenance windows to read; empty fields do not filter.
struct MaintenanceFilter {
    std::string service;
    bool include_cancelled = true;
    std::optional<Instant> from; // overlapping [from, to)
    std::optional<Instant> to;
};
/// Maintenance windows in order of start.
std::vector<Maintenance> maintenance(store::Store& store, const MaintenanceFilter& filter);

/// "MNT-7".
std::string maintenance_id(long long id);
/// "MNT-7", "mnt-7" or "7" -> 7; nullopt when malformed.
std::optional<long long> parse_maintenance_id(std::string_view text);

} // namespace itsm::availability
