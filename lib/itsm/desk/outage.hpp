#pragma once
// Internal to lib/itsm/desk: the service outage an incident records (log --outage, update
// --outage-start/--outage-end); docs/availability.md.

#include <itsm/desk/desk.hpp>

#include <nlohmann/json.hpp>

#include <string_view>

namespace itsm::desk::internal {

/// Throws UsageError unless `t` is an incident with a service; `option` names what asked.
void check_outage(const config::Config& config, const Ticket& t, std::string_view option);

/// Applies --outage-start/--outage-end of `r` to the outage of `t` (recording one from logging
/// when it has none), notes each change in `changes`, and moves an outage to the ticket's
/// current service. Throws UsageError for an end before the start.
void change_outage(store::Store& store, const config::Config& config, const Ticket& t,
                   const UpdateRequest& r, nlohmann::json& changes);

} // namespace itsm::desk::internal
