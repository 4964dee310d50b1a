#pragma once
// Named holiday calendars (docs/working-time.md): yearly rules, and the calendar files that
// `itsm calendar import` writes from an iCalendar feed, with what an import changes.

#include <itsm/config/config.hpp>

#include <expected>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::config {

/// Yearly rules ("easter+1", "last-mon-may") give dates this many years either side of the
/// current one.
constexpr int k_rule_years = 20;

/// The folder of the configuration that holds the calendar files: calendars/NAME.toml.
constexpr std::string_view k_calendar_file_dir = "calendars";

/// True when `name` can name a calendar (and its file): letters, digits, '-', '_'.
bool valid_calendar_name(std::string_view name);

/// "2026-12-25", or "*-12-25" for every year.
std::string format_date(const calendar::Holiday& date);

/// Easter Sunday of `year` (Gregorian).
calendar::Holiday easter_sunday(int year);

/// The dates of a yearly rule in [first_year, last_year], or why the rule is not one.
std::expected<std::vector<calendar::Holiday>, std::string>
expand_rule(std::string_view rule, int first_year, int last_year);

/// Adds `date` to `cal` once; the first name given for a date is kept.
void add_date(Calendar& cal, const calendar::Holiday& date, const std::string& name);

/// One day of a calendar and its name ("" when it has none).
struct NamedDate {
    calendar::Holiday date;
    std::string name;
    bool operator==(const NamedDate&) const = default;
};

/// What importing a calendar changes: days added, removed, and renamed (old, new).
struct CalendarChange {
    std::vector<NamedDate> added;
    std::vector<NamedDate> removed;
    std::vector<std::pair<NamedDate, NamedDate>> renamed;
    bool empty() const { return added.empty() && removed.empty() && renamed.empty(); }
};

/// The days of `cal` with their names, sorted.
std::vector<NamedDate> named_dates(const Calendar& cal);

/// The difference between the days a calendar had and the days it will have.
CalendarChange diff_calendars(const std::vector<NamedDate>& before,
                              const std::vector<NamedDate>& after);

/// The text of calendars/NAME.toml for `days` imported from `source`.
std::string calendar_file_text(std::string_view name, std::string_view source,
                               const std::vector<NamedDate>& days);

/// Writes `text` to `path` whole or not at all: a new file beside it (exclusive, owner-only
/// until renamed), flushed, then renamed over `path`. Throws UsageError naming the folder when
/// it cannot be written.
void write_calendar_file(const std::filesystem::path& path, const std::string& text);

} // namespace itsm::config
