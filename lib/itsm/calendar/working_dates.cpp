// Dates of a window: the Nth working date at the same local time, and close of business.
#include <itsm/calendar/working_dates.hpp>
#include <itsm/time/zone.hpp>

#include <date/date.h>

namespace itsm::calendar {

namespace {

Date to_date(std::chrono::year_month_day ymd) {
    return Date{int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
}

constexpr int k_date_search_limit = 50 * 366;

} // namespace

bool is_working_date(const Window& window, Date d) {
    return !window.open_ranges(d).empty();
}

std::optional<Instant> same_time_on_working_date(const Window& window, Instant from, int n) {
    const time::Zone zone = window.zone();
    const auto offset = zone->get_info(from).offset;
    const auto local = from + offset; // the wall clock at `from`, as if it were UTC
    auto day = std::chrono::floor<std::chrono::days>(local);
    const auto time_of_day = local - day;
    for (int step = 0; n > 0; ++step) {
        if (step > k_date_search_limit) {
            return std::nullopt;
        }
        day += std::chrono::days{1};
        if (is_working_date(window, to_date(std::chrono::year_month_day{day}))) {
            --n;
        }
    }
    const date::local_seconds wall{(day + time_of_day).time_since_epoch()};
    return zone->to_sys(wall, time::Choose::earliest);
}

std::optional<Instant> close_of_day(const Window& window, Instant t) {
    const auto ranges = window.open_ranges(to_date(time::local_date(t, window.zone())));
    if (ranges.empty()) {
        return std::nullopt;
    }
    return ranges.back().second;
}

} // namespace itsm::calendar
