#pragma once
// SLA targets of a priority measured on a given window: "1d" means that window's working day,
// so a target is re-read from its text for the window that applies to a ticket.

#include <itsm/calendar/window.hpp>
#include <itsm/config/config.hpp>

#include <optional>

namespace itsm::config {

/// The response (`response == true`) or resolve target of `priority` on `window`; nullopt when
/// the priority has no such target (or its text does not parse, which `load` reports). A
/// Priority built in code with only a value (no text) gets that value.
std::optional<time::Duration> target_on(const Priority& priority, bool response,
                                        const calendar::Window& window);

} // namespace itsm::config
