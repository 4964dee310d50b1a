// Service windows: working-time arithmetic over the open ranges of each local day.
//
// Everything is expressed through one monotone "working-time clock" G(t): the open seconds
// before t, counted from a fixed origin (internal::DayTable::clock). Then
//   between(a, b) = G(b) - G(a),
//   add(a, x)     = the first t with G(t) >= G(a) + x   (so a target met at a closing time
//                                                       returns that closing time),
// and both cost a table lookup and a short search, whatever the amount.
#include <itsm/calendar/window.hpp>

#include <itsm/calendar/day_table.hpp>
#include <itsm/core/error.hpp>

#include <date/date.h>

#include <algorithm>

namespace itsm::calendar {

namespace {

std::int64_t secs(Instant t) {
    return t.time_since_epoch().count();
}
Instant instant(std::int64_t s) {
    return Instant{Duration{s}};
}

} // namespace

const char* to_string(SegmentKind kind) {
    switch (kind) {
    case SegmentKind::counting:
        return "counting";
    case SegmentKind::closed:
        return "closed";
    case SegmentKind::holiday:
        return "holiday";
    case SegmentKind::paused:
        return "paused";
    }
    return "counting";
}

struct Window::Cache {
    Cache(time::Zone zone, std::array<std::vector<TimeRange>, 7> week, internal::HolidaySet set)
        : holidays(set), table(zone, std::move(week), std::move(set)) {}

    internal::HolidaySet holidays;
    internal::DayTable table;
    bool never_open = true;
    bool always_open = false;
    Duration working_day{0};
};

Window::Window(WindowSpec spec) : m_spec(std::move(spec)) {
    if (m_spec.zone == nullptr) {
        if (m_spec.zone_name.empty()) {
            m_spec.zone_name = "UTC";
        }
        auto zone = time::find_zone(m_spec.zone_name);
        if (!zone) {
            throw ConfigError("window \"" + m_spec.name + "\": " + zone.error());
        }
        m_spec.zone = *zone;
    }
    auto week = internal::normalize(m_spec.week);
    internal::HolidaySet holidays(m_spec.holidays);
    bool never = true;
    bool always = holidays.empty();
    std::int64_t longest = 0;
    for (const auto& ranges : week) {
        std::int64_t minutes = 0;
        for (const TimeRange& r : ranges) {
            minutes += r.end - r.start;
        }
        longest = std::max(longest, minutes);
        never = never && ranges.empty();
        always = always && minutes == 1440;
    }
    m_cache = std::make_unique<Cache>(m_spec.zone, std::move(week), std::move(holidays));
    m_cache->never_open = never;
    m_cache->always_open = always;
    m_cache->working_day = m_spec.working_day.value_or(Duration{longest * 60});
}

Window::~Window() = default;
Window::Window(Window&&) noexcept = default;
Window& Window::operator=(Window&&) noexcept = default;

Duration Window::working_day() const {
    return m_cache->working_day;
}
bool Window::never_open() const {
    return m_cache->never_open;
}
bool Window::always_open() const {
    return m_cache->always_open;
}

bool Window::is_holiday(Date d) const {
    return m_cache->holidays.contains(d.year, d.month, d.day);
}

bool Window::is_open(Instant t) const {
    if (m_cache->always_open) {
        return true;
    }
    if (m_cache->never_open) {
        return false;
    }
    return m_cache->table.open_at(secs(t));
}

std::optional<Instant> Window::next_opening(Instant t) const {
    if (m_cache->always_open) {
        return t;
    }
    if (m_cache->never_open || secs(t) >= internal::k_max_instant) {
        return std::nullopt;
    }
    auto& table = m_cache->table;
    const std::int64_t from = internal::DayTable::clamp(secs(t));
    if (from == secs(t) && table.open_at(from)) {
        return t;
    }
    // The clock is flat until the opening and ticks one second later.
    const auto next = table.inverse(table.clock(from) + 1, table.day_of(from));
    if (!next) {
        return std::nullopt;
    }
    return instant(*next - 1);
}

std::optional<Instant> Window::add(Instant from, Duration amount) const {
    if (amount <= Duration{0}) {
        return from;
    }
    if (m_cache->always_open) {
        return from + amount;
    }
    if (m_cache->never_open || secs(from) >= internal::k_max_instant) {
        return std::nullopt;
    }
    auto& table = m_cache->table;
    const std::int64_t start = internal::DayTable::clamp(secs(from));
    const std::int64_t day = table.day_of(start);
    const auto result = table.inverse(table.clock(start) + amount.count(), day);
    if (!result) {
        return std::nullopt;
    }
    return instant(*result);
}

Duration Window::between(Instant from, Instant to) const {
    if (to <= from) {
        return Duration{0};
    }
    if (m_cache->always_open) {
        return to - from;
    }
    if (m_cache->never_open) {
        return Duration{0};
    }
    const std::int64_t a = internal::DayTable::clamp(secs(from));
    const std::int64_t b = internal::DayTable::clamp(secs(to));
    return Duration{a < b ? m_cache->table.open_between(a, b) : 0};
}

std::vector<Segment> Window::ledger(Instant from, Instant to) const {
    std::vector<Segment> out;
    auto push = [&out](std::int64_t a, std::int64_t b, SegmentKind kind) {
        if (a >= b) {
            return;
        }
        if (!out.empty() && out.back().kind == kind && secs(out.back().to) == a) {
            out.back().to = instant(b);
        } else {
            out.push_back(Segment{instant(a), instant(b), kind});
        }
    };
    const std::int64_t end = secs(to);
    std::int64_t at = secs(from);
    if (end <= at) {
        return out;
    }
    if (m_cache->always_open) {
        push(at, end, SegmentKind::counting);
        return out;
    }
    // Outside the table's domain (before 1900, after 9999) the window counts as closed.
    push(at, std::min(end, internal::k_min_instant), SegmentKind::closed);
    at = std::max(at, internal::k_min_instant);
    const std::int64_t stop = std::min(end, internal::k_max_instant);
    if (at < stop) {
        m_cache->table.for_each_day(at, stop, [&](const internal::Day& day, auto ranges) {
            const std::int64_t day_end = std::min(day.end, stop);
            if (day.holiday) {
                push(at, day_end, SegmentKind::holiday);
            } else {
                for (const internal::OpenRange& r : ranges) {
                    if (r.to <= at) {
                        continue;
                    }
                    if (r.from >= day_end) {
                        break;
                    }
                    push(at, r.from, SegmentKind::closed);
                    push(std::max(at, r.from), std::min(r.to, day_end), SegmentKind::counting);
                    at = std::min(r.to, day_end);
                }
                push(at, day_end, SegmentKind::closed);
            }
            at = std::max(at, day_end);
        });
    }
    push(std::max(at, internal::k_max_instant), end, SegmentKind::closed);
    return out;
}

std::vector<std::pair<Instant, Instant>> Window::open_ranges(Date d) const {
    std::vector<std::pair<Instant, Instant>> out;
    const date::year_month_day ymd{date::year{d.year}, date::month{d.month}, date::day{d.day}};
    if (d.year == 0 || !ymd.ok()) {
        return out;
    }
    const std::int64_t day = internal::DayTable::day_number(d.year, d.month, d.day);
    if (day <= internal::k_min_day || day >= internal::k_max_day - 1) {
        return out;
    }
    auto& table = m_cache->table;
    table.ensure(day, day);
    for (const internal::OpenRange& r : table.ranges(table.day(day))) {
        out.emplace_back(instant(r.from), instant(r.to));
    }
    return out;
}

} // namespace itsm::calendar
