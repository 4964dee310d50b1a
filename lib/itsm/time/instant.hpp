#pragma once
// Instants (UTC, whole seconds), time zones, and the parsing and formatting of times.

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

namespace itsm::time {

class TimeZone;

/// A point in time, UTC, whole seconds since the Unix epoch.
using Instant = std::chrono::sys_seconds;
/// A length of time in seconds (working or wall-clock, as the caller says).
using Duration = std::chrono::seconds;
using Zone = const TimeZone*;

/// The zone named by an IANA name, or an error message naming the closest known zone.
std::expected<Zone, std::string> find_zone(std::string_view name);

/// Parses TIME as docs/working-time.md says: RFC 3339 with Z or an offset, a local "YYYY-MM-DD
/// HH:MM[:SS]" or "YYYY-MM-DDTHH:MM[:SS]" read in `zone`, a bare date "YYYY-MM-DD" (local
/// midnight), or "now". A local time in a DST gap or overlap is an error that says so. Fractions of
/// a second are accepted and dropped; surrounding whitespace is ignored; a null `zone` reads local
/// times as UTC.
std::expected<Instant, std::string> parse_time(std::string_view text, Zone zone, Instant now);

/// The instants a change may be recorded at (docs/security.md): from 1970-01-01T00:00:00Z up to,
/// not including, 2200-01-01T00:00:00Z. Reading accepts the years 1970-9999; a change dated
/// beyond this would hold its ticket's later changes hostage to that date.
inline constexpr Instant k_first_recordable{Duration{0}};
inline constexpr Instant k_end_recordable{Duration{7'258'118'400}};
/// True when a change may be recorded at `t`.
inline bool recordable(Instant t) {
    return t >= k_first_recordable && t < k_end_recordable;
}

/// "2026-11-23T08:15:00Z".
std::string format_utc(Instant t);
/// The same, appended to `out` (an export writes thousands into one buffer).
void append_utc(std::string& out, Instant t);
/// "2026-11-23 09:15" in `zone` (with " +01:00"-style offset when `with_offset`); seconds are
/// shown (":30") only when not zero, so the text parses back to the same instant.
std::string format_local(Instant t, Zone zone, bool with_offset = false);
/// As format_local, with the offset only where the local time is one the clocks pass twice
/// (the autumn change): "2026-10-25 01:30 +01:00" and "2026-10-25 01:30 +00:00" an hour later.
std::string format_local_exact(Instant t, Zone zone);

/// The local calendar date of `t` in `zone` (UTC when `zone` is null).
std::chrono::year_month_day local_date(Instant t, Zone zone);
/// The first instant of local date `day` in `zone`: local midnight, or the end of a DST gap
/// that skips midnight, or the earlier of two midnights (UTC when `zone` is null).
Instant start_of_day(std::chrono::year_month_day day, Zone zone);

/// Seconds since the epoch <-> Instant, for the store.
inline Instant from_epoch(long long seconds) {
    return Instant{Duration{seconds}};
}
inline long long to_epoch(Instant t) {
    return t.time_since_epoch().count();
}

} // namespace itsm::time
