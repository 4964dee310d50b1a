#pragma once
// Working-time durations as written in configuration: "90m", "1h30m", "4h", "1d", "10d".

#include <itsm/time/instant.hpp>

#include <expected>
#include <string>
#include <string_view>

namespace itsm::time {

/// Parses a duration made of `<n>d`, `<n>h`, `<n>m` parts in that order (each at most once),
/// where `d` is `working_day`. Zero and negative values are errors. Returns seconds.
std::expected<Duration, std::string> parse_duration(std::string_view text, Duration working_day);

/// True when `text` uses the `d` unit (so its meaning depends on the window's working day).
bool uses_days(std::string_view text);

/// "1h30m", "4h", "45m", "0m": whole minutes, hours and minutes only.
std::string format_duration(Duration d);

/// An age or overrun for people to read: "45m", "2h 5m", "1d 2h" (days of 24 hours; past a
/// day the minutes are dropped). Output for scripts keeps whole minutes instead.
std::string format_age(Duration d);

} // namespace itsm::time
