#pragma once
// Announcing and cancelling maintenance: the notice rule of [maintenance] in itsm.toml.

#include <itsm/availability/records.hpp>
#include <itsm/config/config.hpp>

#include <string>

namespace itsm::availability {

/// `itsm maintenance add`.
struct MaintenanceRequest {
    std::string service;
    Instant from;
    Instant to;
    bool emergency = false;
    std::string reason;
    bool force = false; // record it even with too little notice (it is marked forced)
};

/// The notice `m` needs under `policy`, and the notice it was given (from recording to start;
/// negative when recorded after it began).
time::Duration notice_needed(const config::MaintenancePolicy& policy, bool emergency);
time::Duration notice_given(const Maintenance& m);

/// Checks and records a maintenance window announced by `actor` at `at`. Throws UsageError
/// (exit 2) for a service outside the catalogue (naming the closest) or an empty or reversed
/// range, and RefusedError (exit 4) when the notice is shorter than the configuration asks
/// and `force` is not given. Returns the record (forced when the notice was short).
Maintenance add_maintenance(store::Store& store, const config::Config& config,
                            const MaintenanceRequest& request, const std::string& actor,
                            Instant at);

/// Cancels maintenance `id` ("MNT-3" or "3"): it no longer excuses an outage. Throws
/// UsageError for a malformed id, NotFoundError (exit 3) when there is none, and RefusedError
/// when it is cancelled already.
Maintenance cancel(store::Store& store, std::string_view id, const std::string& actor, Instant at);

/// Imports maintenance windows as `maintenance list --format json` writes them (a JSON array),
/// all or nothing in one transaction, keeping their ids, notice, forced flag and cancellation;
/// the notice rule is not applied again. Throws UsageError "SOURCE: item N: what is wrong" for
/// the first bad item (an id the store has, a service outside the catalogue, a bad time or
/// range). Returns how many were imported.
long long import_maintenance(store::Store& store, const config::Config& config,
                             std::string_view text, const std::string& source);

/// Throws UsageError naming the closest catalogued service when `service` is not in the
/// catalogue; `option` names what gave it ("--service").
void require_catalogued(const config::Config& config, const std::string& service,
                        std::string_view option);

} // namespace itsm::availability
