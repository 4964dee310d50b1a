#pragma once
// Working time read by dates rather than by hours: "by the same time on the second working
// date" and "by close of business" (docs/sla.md, "Target options").

#include <itsm/calendar/window.hpp>

#include <optional>

namespace itsm::calendar {

/// A working date of `window`: a local date with open hours (not a holiday, not a closed day).
bool is_working_date(const Window& window, Date d);

/// The first instant at which the local clock of `window` shows the time of day of `from` on
/// the `n`th working date after `from`'s local date (n >= 1). In a DST gap that is the end of
/// the gap, in a repeated hour its first pass. nullopt when there are not `n` working dates in
/// the next 50 years.
std::optional<Instant> same_time_on_working_date(const Window& window, Instant from, int n);

/// The close of business of the local date on which `t` falls: the end of that date's last
/// open range; nullopt when the date has no open hours.
std::optional<Instant> close_of_day(const Window& window, Instant t);

} // namespace itsm::calendar
