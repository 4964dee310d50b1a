#include <itsm/report/period.hpp>

#include <itsm/core/error.hpp>
#include <itsm/time/zone.hpp>

#include <date/date.h>
#include <fmt/format.h>

#include <optional>

namespace itsm::report {

using namespace std::chrono;

std::string day_text(year_month_day d) {
    return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(d.year()),
                       static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
}

const char* to_string(Kind kind) {
    switch (kind) {
    case Kind::daily:
        return "daily";
    case Kind::weekly:
        return "weekly";
    case Kind::monthly:
        return "monthly";
    }
    return "daily";
}

namespace {

constexpr int k_first_year = 1970;
constexpr int k_last_year = 9999;

// The digits text[from, from + count) as a number; nullopt unless all are digits.
std::optional<int> digits(std::string_view text, std::size_t from, std::size_t count) {
    if (from + count > text.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = from; i < from + count; ++i) {
        if (text[i] < '0' || text[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

void check_year(int y, std::string_view text) {
    if (y < k_first_year || y > k_last_year) {
        throw UsageError(fmt::format("\"{}\": the year must be between {} and {}", text,
                                     k_first_year, k_last_year));
    }
}

// Monday of ISO week 1 of `y`: the Monday on or before 4 January.
sys_days iso_week_one(int y) {
    const sys_days jan4{year{y} / January / 4};
    const auto back = (weekday{jan4} - Monday).count(); // 0..6
    return jan4 - days{back};
}

struct IsoWeek {
    int year = 0;
    unsigned week = 0;
};

IsoWeek iso_week_of(sys_days d) {
    const auto from_monday = (weekday{d} - Monday).count();
    const sys_days thursday = d - days{from_monday} + days{3};
    const int y = static_cast<int>(year_month_day{thursday}.year());
    const auto week = static_cast<unsigned>((thursday - iso_week_one(y)).count() / 7 + 1);
    return {y, week};
}

Period days_period(Kind kind, std::string label, sys_days first, sys_days last, time::Zone zone) {
    Period p;
    p.kind = kind;
    p.label = std::move(label);
    p.first_day = year_month_day{first};
    p.last_day = year_month_day{last};
    p.start = time::start_of_day(p.first_day, zone);
    p.end = time::start_of_day(year_month_day{last + days{1}}, zone);
    return p;
}

Period daily(std::string_view text, sys_days today, time::Zone zone) {
    sys_days day = today - days{1};
    if (text == "today") {
        day = today;
    } else if (!text.empty() && text != "yesterday") {
        const auto y = digits(text, 0, 4);
        const auto m = digits(text, 5, 2);
        const auto d = digits(text, 8, 2);
        if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !y || !m || !d) {
            throw UsageError(fmt::format("\"{}\" is not a date; write YYYY-MM-DD (e.g. "
                                         "2026-10-05), today or yesterday",
                                         text));
        }
        check_year(*y, text);
        const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*m)},
                                 std::chrono::day{static_cast<unsigned>(*d)}};
        if (!ymd.ok()) {
            if (*m < 1 || *m > 12) {
                throw UsageError(
                    fmt::format("\"{}\" is not a date: there is no month {}", text, *m));
            }
            const auto last =
                year_month_day_last{year{*y}, month_day_last{month{static_cast<unsigned>(*m)}}};
            throw UsageError(fmt::format("\"{}\" is not a date: {:04}-{:02} has {} days", text, *y,
                                         *m, static_cast<unsigned>(last.day())));
        }
        day = sys_days{ymd};
    }
    return days_period(Kind::daily, day_text(year_month_day{day}), day, day, zone);
}

Period weekly(std::string_view text, sys_days today, time::Zone zone) {
    IsoWeek w = iso_week_of(today - days{7});
    if (!text.empty()) {
        const auto y = digits(text, 0, 4);
        const auto n = digits(text, 6, 2);
        if (text.size() != 8 || text[4] != '-' || (text[5] != 'W' && text[5] != 'w') || !y || !n) {
            throw UsageError(fmt::format("\"{}\" is not an ISO week; write YYYY-Www, e.g. "
                                         "2026-W47",
                                         text));
        }
        check_year(*y, text);
        const unsigned weeks = iso_weeks_in_year(*y);
        if (*n < 1 || static_cast<unsigned>(*n) > weeks) {
            throw UsageError(fmt::format("\"{}\" does not exist: {} has ISO weeks W01 to W{:02}",
                                         text, *y, weeks));
        }
        w = {*y, static_cast<unsigned>(*n)};
    }
    const sys_days monday = iso_week_one(w.year) + days{7 * (w.week - 1)};
    return days_period(Kind::weekly, fmt::format("{:04}-W{:02}", w.year, w.week), monday,
                       monday + days{6}, zone);
}

Period monthly(std::string_view text, sys_days today, time::Zone zone) {
    const year_month_day t{today};
    year_month ym = year_month{t.year(), t.month()} - months{1};
    if (!text.empty()) {
        const auto y = digits(text, 0, 4);
        const auto m = digits(text, 5, 2);
        if (text.size() != 7 || text[4] != '-' || !y || !m) {
            throw UsageError(
                fmt::format("\"{}\" is not a month; write YYYY-MM, e.g. 2026-10", text));
        }
        check_year(*y, text);
        if (*m < 1 || *m > 12) {
            throw UsageError(fmt::format("\"{}\" does not exist: months run from 01 to 12", text));
        }
        ym = year{*y} / month{static_cast<unsigned>(*m)};
    }
    const sys_days first_day{ym / 1};
    const sys_days last_day{ym / std::chrono::last};
    return days_period(
        Kind::monthly,
        fmt::format("{:04}-{:02}", static_cast<int>(ym.year()), static_cast<unsigned>(ym.month())),
        first_day, last_day, zone);
}

} // namespace

unsigned iso_weeks_in_year(int y) {
    return static_cast<unsigned>((iso_week_one(y + 1) - iso_week_one(y)).count() / 7);
}

Period make_period(Kind kind, std::string_view text, time::Zone zone, time::Instant now) {
    const sys_days today{time::local_date(now, zone)};
    Period p = kind == Kind::daily    ? daily(text, today, zone)
               : kind == Kind::weekly ? weekly(text, today, zone)
                                      : monthly(text, today, zone);
    p.timezone = zone != nullptr ? zone->name() : "UTC";
    if (p.start > now) {
        throw UsageError(fmt::format("{} has not started: it starts {} and it is now "
                                     "{}; report a period that has begun",
                                     p.label, time::format_local(p.start, zone, true),
                                     time::format_local(now, zone, true)));
    }
    return p;
}

std::vector<Slot> slots_of(const Period& period, time::Zone zone) {
    std::vector<Slot> slots;
    if (period.kind == Kind::daily) {
        for (auto t = period.start; t < period.end; t += hours{1}) {
            const auto next = std::min(period.end, t + hours{1});
            const std::string local = time::format_local(t, zone);
            slots.push_back({local.size() >= 16 ? local.substr(11, 5) : local, t, next});
        }
        return slots;
    }
    for (sys_days d{period.first_day}; d <= sys_days{period.last_day}; d += days{1}) {
        const year_month_day ymd{d};
        slots.push_back({day_text(ymd), time::start_of_day(ymd, zone),
                         time::start_of_day(year_month_day{d + days{1}}, zone)});
    }
    return slots;
}

} // namespace itsm::report
