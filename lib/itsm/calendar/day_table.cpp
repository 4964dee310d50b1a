// The per-local-day table of UTC open ranges behind Window.
//
// Each local day's wall-clock ranges are converted to UTC with the zone's rules:
// - a start maps to the first instant the local clock shows it (choose::earliest): in a DST
//   gap that is the end of the gap, in a repeated hour it is the first pass;
// - an end maps to the instant after the last moment the clock shows a time before it: in a
//   gap the end of the gap, inside a repeated hour its second pass (choose::latest), but
//   exactly at the start of a repeated hour its first pass (nothing earlier is shown again);
// - the result is clipped to the local day's own UTC extent and to the previous range, so no
//   instant is counted twice and none is lost: a 00:00-24:00 range covers 23 hours on the
//   day clocks go forward and 25 on the day they go back.
#include <itsm/calendar/day_table.hpp>

#include <date/date.h>
#include <itsm/time/zone.hpp>

#include <algorithm>

namespace itsm::calendar::internal {

namespace {

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::int64_t to_utc(time::Zone zone, std::int64_t local_seconds, time::Choose choose) {
    const date::local_seconds local{std::chrono::seconds{local_seconds}};
    return zone->to_sys(local, choose).time_since_epoch().count();
}

/// The instant a range ending at local `local_seconds` closes: just after the clock last shows
/// a time before it. Inside a repeated hour that is the second pass; exactly at the start of
/// the repeated hour it is the first pass (the times before it are never shown again).
std::int64_t end_to_utc(time::Zone zone, std::int64_t local_seconds) {
    const date::local_seconds local{std::chrono::seconds{local_seconds}};
    const auto info = zone->get_info(local);
    if (info.result == time::LocalInfo::ambiguous) {
        const auto repeat_starts = info.second.begin + info.second.offset;
        const bool at_repeat_start = local.time_since_epoch() == repeat_starts.time_since_epoch();
        return zone->to_sys(local, at_repeat_start ? time::Choose::earliest : time::Choose::latest)
            .time_since_epoch()
            .count();
    }
    return zone->to_sys(local, time::Choose::earliest).time_since_epoch().count();
}

} // namespace

HolidaySet::HolidaySet(const std::vector<Holiday>& holidays) {
    for (const Holiday& h : holidays) {
        if (h.month < 1 || h.month > 12 || h.day < 1 || h.day > 31) {
            continue;
        }
        if (h.year == 0) {
            m_yearly[h.month * 32 + h.day] = true;
            m_any_yearly = true;
        } else {
            m_fixed.push_back(h);
        }
    }
    std::sort(m_fixed.begin(), m_fixed.end());
}

bool HolidaySet::contains(int year, unsigned month, unsigned day) const {
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31 && m_yearly[month * 32 + day]) {
        return true;
    }
    return std::binary_search(m_fixed.begin(), m_fixed.end(), Date{year, month, day});
}

std::array<std::vector<TimeRange>, 7> normalize(const std::array<std::vector<TimeRange>, 7>& week) {
    std::array<std::vector<TimeRange>, 7> out;
    for (std::size_t w = 0; w < 7; ++w) {
        std::vector<TimeRange> ranges;
        for (TimeRange r : week[w]) {
            r.start = std::clamp(r.start, 0, 1440);
            r.end = std::clamp(r.end, 0, 1440);
            if (r.start < r.end) {
                ranges.push_back(r);
            }
        }
        std::sort(ranges.begin(), ranges.end(),
                  [](const TimeRange& a, const TimeRange& b) { return a.start < b.start; });
        for (const TimeRange& r : ranges) {
            if (!out[w].empty() && r.start <= out[w].back().end) {
                out[w].back().end = std::max(out[w].back().end, r.end);
            } else {
                out[w].push_back(r);
            }
        }
    }
    return out;
}

DayTable::DayTable(time::Zone zone, std::array<std::vector<TimeRange>, 7> week, HolidaySet holidays)
    : m_zone(zone), m_week(std::move(week)), m_holidays(std::move(holidays)) {
    for (const auto& ranges : m_week) {
        for (const TimeRange& r : ranges) {
            m_week_bound += (r.end - r.start) * 60LL;
        }
    }
    // A DST change moves at most a few hours of wall clock; allow three hours a day.
    m_week_bound += 7 * 3 * 3600;
}

std::int64_t DayTable::clamp(std::int64_t t) {
    return std::clamp(t, k_min_instant, k_max_instant - 1);
}

std::int64_t DayTable::day_number(int year, unsigned month, unsigned day) {
    const date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
    return date::sys_days{ymd}.time_since_epoch().count();
}

void DayTable::fill(std::int64_t d, Day& out, std::vector<OpenRange>& pool) const {
    const std::int64_t midnight = d * 86400;
    out.start = to_utc(m_zone, midnight, time::Choose::earliest);
    out.end = to_utc(m_zone, midnight + 86400, time::Choose::earliest);
    out.first = static_cast<std::uint32_t>(pool.size());
    out.count = 0;
    const date::year_month_day ymd{date::sys_days{date::days{d}}};
    out.holiday = m_holidays.contains(int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day()));
    if (out.holiday) {
        return;
    }
    // 1970-01-01 was a Thursday: weekday 3 with Monday = 0.
    const auto weekday = static_cast<std::size_t>(((d + 3) % 7 + 7) % 7);
    std::int64_t previous_end = out.start;
    for (const TimeRange& r : m_week[weekday]) {
        std::int64_t from = to_utc(m_zone, midnight + r.start * 60LL, time::Choose::earliest);
        std::int64_t to = end_to_utc(m_zone, midnight + r.end * 60LL);
        from = std::max(from, previous_end);
        to = std::min(to, out.end);
        if (from < to) {
            pool.push_back({from, to});
            ++out.count;
            previous_end = to;
        }
    }
}

void DayTable::extend_right(std::int64_t new_hi) {
    new_hi = std::min(new_hi, k_max_day);
    m_days.reserve(static_cast<std::size_t>(new_hi - m_lo));
    m_cum.reserve(static_cast<std::size_t>(new_hi - m_lo + 1));
    for (std::int64_t d = m_hi; d < new_hi; ++d) {
        Day day;
        fill(d, day, m_ranges);
        std::int64_t open = 0;
        for (const OpenRange& r : ranges(day)) {
            open += r.to - r.from;
        }
        m_days.push_back(day);
        m_cum.push_back(m_cum.back() + open);
        if (open > 0) {
            m_last_open = d;
        }
    }
    m_hi = std::max(m_hi, new_hi);
}

void DayTable::extend_left(std::int64_t new_lo) {
    new_lo = std::max(new_lo, k_min_day);
    if (new_lo >= m_lo) {
        return;
    }
    const auto added = static_cast<std::size_t>(m_lo - new_lo);
    std::vector<Day> days(added);
    std::vector<std::int64_t> open(added);
    for (std::size_t i = 0; i < added; ++i) {
        fill(new_lo + static_cast<std::int64_t>(i), days[i], m_ranges);
        for (const OpenRange& r : ranges(days[i])) {
            open[i] += r.to - r.from;
        }
        if (open[i] > 0 && m_last_open < new_lo + static_cast<std::int64_t>(i)) {
            m_last_open = new_lo + static_cast<std::int64_t>(i);
        }
    }
    // Keep the origin of `cum` where it was: values already handed out stay valid.
    std::vector<std::int64_t> cum(added);
    std::int64_t running = m_cum.front();
    for (std::size_t i = added; i-- > 0;) {
        running -= open[i];
        cum[i] = running;
    }
    m_days.insert(m_days.begin(), days.begin(), days.end());
    m_cum.insert(m_cum.begin(), cum.begin(), cum.end());
    m_lo = new_lo;
}

std::int64_t DayTable::growth() const {
    return std::max(k_fill_days, (m_hi - m_lo) / 2);
}

void DayTable::ensure(std::int64_t first, std::int64_t last) {
    first = std::max(first, k_min_day);
    last = std::min(last, k_max_day - 1);
    if (!m_days.empty() && (last < m_lo - k_restart_days || first >= m_hi + k_restart_days)) {
        m_days.clear();
        m_cum.clear();
        m_ranges.clear();
        m_last_open = k_min_day - k_give_up_days - 1;
    }
    if (m_days.empty()) {
        m_lo = m_hi = std::max(first - 7, k_min_day);
        m_cum.assign(1, 0);
        extend_right(std::max(last + 1, m_lo + k_fill_days));
        return;
    }
    const std::int64_t grow = growth();
    if (first < m_lo) {
        extend_left(std::min(first, m_lo - grow));
    }
    if (last >= m_hi) {
        extend_right(std::max(last + 1, m_hi + grow));
    }
}

std::int64_t DayTable::day_of(std::int64_t t) {
    const std::int64_t guess = floor_div(t, 86400);
    if (guess - 1 < m_lo || guess + 2 > m_hi) {
        ensure(guess - 1, guess + 1);
    }
    std::int64_t d = guess;
    while (d > m_lo && t < day(d).start) {
        --d;
    }
    while (d + 1 < m_hi && t >= day(d).end) {
        ++d;
    }
    return d;
}

std::int64_t DayTable::clock(std::int64_t t) {
    t = clamp(t);
    const std::int64_t d = day_of(t);
    std::int64_t total = cum(d);
    for (const OpenRange& r : ranges(day(d))) {
        if (t <= r.from) {
            break;
        }
        total += std::min(t, r.to) - r.from;
    }
    return total;
}

bool DayTable::open_at(std::int64_t t) {
    if (t < k_min_instant || t >= k_max_instant) {
        return false;
    }
    for (const OpenRange& r : ranges(day(day_of(t)))) {
        if (t < r.from) {
            return false;
        }
        if (t < r.to) {
            return true;
        }
    }
    return false;
}

std::int64_t DayTable::uncached_day_of(std::int64_t t) const {
    std::int64_t d = floor_div(t, 86400);
    while (to_utc(m_zone, d * 86400, time::Choose::earliest) > t) {
        --d;
    }
    while (to_utc(m_zone, (d + 1) * 86400, time::Choose::earliest) <= t) {
        ++d;
    }
    return d;
}

std::int64_t DayTable::open_between(std::int64_t from, std::int64_t to) {
    if ((to - from) / 86400 <= k_dense_days) {
        const std::int64_t a = clock(from);
        return clock(to) - a;
    }
    const std::int64_t first = uncached_day_of(from);
    const std::int64_t last = uncached_day_of(to);
    std::int64_t total = 0;
    std::vector<OpenRange> scratch;
    for (std::int64_t d = first; d <= last; ++d) {
        Day day;
        scratch.clear();
        fill(d, day, scratch);
        for (const OpenRange& r : scratch) {
            total += std::max<std::int64_t>(0, std::min(r.to, to) - std::max(r.from, from));
        }
    }
    return total;
}

std::optional<std::int64_t> DayTable::inverse(std::int64_t target, std::int64_t hint) {
    while (m_cum.back() < target) {
        if (m_hi >= k_max_day) {
            return std::nullopt;
        }
        if (m_hi - std::max(hint, m_last_open + 1) > k_give_up_days ||
            m_hi - hint > k_horizon_days) {
            return std::nullopt;
        }
        const std::int64_t weeks_left = (std::min(k_max_day, hint + k_horizon_days) - m_hi) / 7 + 1;
        if ((target - m_cum.back()) / m_week_bound > weeks_left) {
            return std::nullopt;
        }
        // No further than the day the search gives up at: it gives up after 50 years closed
        // (or at the horizon) however the table happens to grow.
        const std::int64_t limit =
            std::min(std::max(hint, m_last_open + 1) + k_give_up_days, hint + k_horizon_days) + 1;
        extend_right(std::min(m_hi + growth(), limit));
    }
    // The first k > hint with cum[k] >= target, by galloping then bisecting: day k - 1 holds
    // the target.
    const std::int64_t* c = m_cum.data();
    const auto n = static_cast<std::int64_t>(m_cum.size()) - 1;
    const std::int64_t a = hint + 1 - m_lo;
    std::int64_t k = a;
    if (c[a] < target) {
        std::int64_t low = a;
        std::int64_t step = 1;
        std::int64_t high = a + 1;
        while (high < n && c[high] < target) {
            low = high;
            step *= 2;
            high = a + step;
        }
        high = std::min(high, n);
        k = std::lower_bound(c + low + 1, c + high + 1, target) - c;
    }
    const Day& found = m_days[static_cast<std::size_t>(k - 1)];
    std::int64_t remaining = target - c[k - 1];
    for (const OpenRange& r : ranges(found)) {
        if (remaining <= r.to - r.from) {
            return r.from + remaining;
        }
        remaining -= r.to - r.from;
    }
    return found.end;
}

} // namespace itsm::calendar::internal
