#pragma once
// Threshold notices of sla-check: at risk and breached, each sent once per ticket and clock.

#include <itsm/config/config.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/desk/sla_check.hpp>
#include <itsm/store/store.hpp>

namespace itsm::desk {

/// True when [notify] wants a notice for one of `result`'s findings.
bool wants_notices(const config::Config& config, const CheckResult& result);

/// Queues, in one write transaction, a message for every finding whose notice (ticket, clock,
/// state) was not sent before; returns how many were queued.
int queue_notices(store::Store& store, const config::Config& config, const CheckResult& result,
                  const Stamp& stamp);

} // namespace itsm::desk
