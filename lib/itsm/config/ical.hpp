#pragma once
// Holiday feeds in iCalendar (RFC 5545), read by Debian's libical, which is loaded when a feed
// is first read rather than linked: it and the ICU it needs cost every command's start-up
// 3.6 million instructions, half of an `itsm log` (docs/performance.md).

#include <itsm/config/calendars.hpp>

#include <expected>
#include <string>
#include <vector>

namespace itsm::config {

/// What a feed holds: its days, and how many events gave none (cancelled, no start).
struct FeedDays {
    std::vector<NamedDate> days; // sorted; year 0 = every year (a plain yearly rule)
    int skipped = 0;
};

/// The closed days of the events of an iCalendar text: each VEVENT's start date (the date as
/// written, not moved to another zone), every day up to its end for a span, and the
/// occurrences of a recurrence rule up to `last_year` (a plain yearly rule becomes one
/// every-year day). The error says why the text is not a calendar or libical is missing.
std::expected<FeedDays, std::string> read_ical(const std::string& text, int last_year);

} // namespace itsm::config
