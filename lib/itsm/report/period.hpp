#pragma once
// Report periods: a local day, an ISO 8601 week or a calendar month of the configured time zone.

#include <itsm/time/instant.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::report {

enum class Kind { daily, weekly, monthly };

/// "daily", "weekly", "monthly".
const char* to_string(Kind kind);

/// A period of whole local days, [start, end) in UTC.
struct Period {
    Kind kind = Kind::daily;
    std::string label;                     // "2026-10-05", "2026-W47", "2026-10"
    std::chrono::year_month_day first_day; // first local day
    std::chrono::year_month_day last_day;  // last local day (inclusive)
    time::Instant start;                   // local midnight starting first_day
    time::Instant end;                     // local midnight after last_day (exclusive)
    std::string timezone;                  // IANA name the days are in
};

/// The period of `kind` named by `text`: "2026-10-05" (also "today" and "yesterday") for daily,
/// "2026-W47" for weekly, "2026-10" for monthly. An empty `text` means the last complete period
/// before `now` (yesterday, last week, last month) — what a cron job wants. Throws UsageError
/// for a malformed or impossible period, or one that has not started at `now`.
Period make_period(Kind kind, std::string_view text, time::Zone zone, time::Instant now);

/// One bucket of a period's series: an hour of a daily report, a day of the others.
struct Slot {
    std::string label; // "09:00" or "2026-10-05"
    time::Instant start;
    time::Instant end;
};

/// The buckets of a period, consecutive, covering [start, end): local days, or for a daily
/// report its hours (23 or 25 on the days the clocks change).
std::vector<Slot> slots_of(const Period& period, time::Zone zone);

/// "2026-10-05".
std::string day_text(std::chrono::year_month_day day);

/// Number of ISO weeks of `year` (52 or 53).
unsigned iso_weeks_in_year(int year);

} // namespace itsm::report
