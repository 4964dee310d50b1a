#pragma once
// Outages and maintenance windows in the store (tables `outages` and `maintenance`).

#include <itsm/store/outages.hpp>
#include <itsm/store/store.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::availability {

using time::Instant;

/// An outage and a maintenance window as the store keeps them (store/outages.hpp).
using Outage = store::Outage;
using Maintenance = store::Maintenance;
using MaintenanceFilter = store::MaintenanceFilter;

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

/// Maintenance windows in order of start.
std::vector<Maintenance> maintenance(store::Store& store, const MaintenanceFilter& filter);

/// "MNT-7".
std::string maintenance_id(long long id);
/// "MNT-7", "mnt-7" or "7" -> 7; nullopt when malformed.
std::optional<long long> parse_maintenance_id(std::string_view text);

} // namespace itsm::availability
