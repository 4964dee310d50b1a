#pragma once
// Internal to lib/itsm/calendar: the per-local-day table of UTC open ranges behind Window, with a
// running total of open seconds so that working time is found by a search, not a walk.

#include <itsm/calendar/window.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace itsm::calendar::internal {

/// Local day numbers are days since 1970-01-01 in the window's own calendar; instants are
/// seconds since the Unix epoch. The table only covers local days of years 1900 to 9999;
/// instants outside [k_min_instant, k_max_instant) are treated as closed.
inline constexpr std::int64_t k_min_day = -25567;  // 1900-01-01
inline constexpr std::int64_t k_max_day = 2932897; // 10000-01-01
inline constexpr std::int64_t k_min_instant = (k_min_day + 2) * 86400;
inline constexpr std::int64_t k_max_instant = (k_max_day - 2) * 86400;
/// A search for an opening gives up after this many days without one (50 years).
inline constexpr std::int64_t k_give_up_days = 50 * 366;
/// Working time is not searched for further ahead than this (200 years).
inline constexpr std::int64_t k_horizon_days = 200 * 366;
/// Spans longer than this (100 years) are summed day by day without being kept in the table,
/// so that an absurd span costs time but not memory.
inline constexpr std::int64_t k_dense_days = 100 * 366;
/// A day this far from the cached ones starts a new table instead of filling the gap. It is
/// larger than any span one operation asks for, so values of `cum` stay valid within one.
inline constexpr std::int64_t k_restart_days = 2 * k_horizon_days;
/// The fewest days the table is filled with at once: the first time (`show` of one ticket
/// measures a few days), and when it grows, by half its length or this, whichever is more.
inline constexpr std::int64_t k_fill_days = 64;

/// One open stretch [from, to) of a local day, in UTC seconds.
struct OpenRange {
    std::int64_t from = 0;
    std::int64_t to = 0;
};

/// One local day: its UTC extent [start, end) and its open ranges in the range pool.
struct Day {
    std::int64_t start = 0;
    std::int64_t end = 0;
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    bool holiday = false;
};

/// Holidays in a form quick to test while filling days.
class HolidaySet {
public:
    explicit HolidaySet(const std::vector<Holiday>& holidays);
    bool contains(int year, unsigned month, unsigned day) const;
    bool empty() const { return m_fixed.empty() && !m_any_yearly; }

private:
    std::array<bool, 13 * 32> m_yearly{};
    bool m_any_yearly = false;
    std::vector<Date> m_fixed; // sorted
};

/// The week with each day's ranges clamped to [0, 1440], sorted and merged.
std::array<std::vector<TimeRange>, 7> normalize(const std::array<std::vector<TimeRange>, 7>& week);

/// The lazily filled table. Not thread-safe (see Window).
class DayTable {
public:
    DayTable(time::Zone zone, std::array<std::vector<TimeRange>, 7> week, HolidaySet holidays);

    /// `t` moved into [k_min_instant, k_max_instant).
    static std::int64_t clamp(std::int64_t t);
    /// The local day of instant `t` (which must be inside the domain); the day and its
    /// neighbours are cached afterwards.
    std::int64_t day_of(std::int64_t t);
    /// Makes days [first, last] available (clipped to the domain); a request far from the cached
    /// days starts the table afresh, which moves the origin of `cum`.
    void ensure(std::int64_t first, std::int64_t last);

    const Day& day(std::int64_t d) const { return m_days[static_cast<std::size_t>(d - m_lo)]; }
    std::span<const OpenRange> ranges(const Day& day) const {
        return {m_ranges.data() + day.first, day.count};
    }
    /// Open seconds before local day `d` counted from an arbitrary fixed origin.
    std::int64_t cum(std::int64_t d) const { return m_cum[static_cast<std::size_t>(d - m_lo)]; }

    /// The working-time clock: open seconds before `t` from the same origin as `cum`.
    std::int64_t clock(std::int64_t t);
    /// The smallest instant at which `clock` reaches `target`, searching from local day `hint`
    /// (whose `cum` is below `target`); nullopt past the domain or after 50 years closed.
    std::optional<std::int64_t> inverse(std::int64_t target, std::int64_t hint);
    /// Whether `t` lies in an open range.
    bool open_at(std::int64_t t);
    /// Calls `visit(day, ranges)` for each local day overlapping [from, to) (inside the domain,
    /// from < to), in order: from the table when short, computed one by one when very long.
    template <class Visit> void for_each_day(std::int64_t from, std::int64_t to, Visit&& visit) {
        if ((to - from) / 86400 <= k_dense_days) {
            const std::int64_t first = day_of(from);
            const std::int64_t last = day_of(to - 1);
            ensure(first, last);
            for (std::int64_t d = first; d <= last; ++d) {
                visit(day(d), ranges(day(d)));
            }
            return;
        }
        std::vector<OpenRange> scratch;
        for (std::int64_t d = uncached_day_of(from), last = uncached_day_of(to - 1); d <= last;
             ++d) {
            Day entry;
            scratch.clear();
            fill(d, entry, scratch);
            visit(entry, std::span<const OpenRange>(scratch.data() + entry.first, entry.count));
        }
    }
    /// Open seconds in [from, to) (both inside the domain, from < to), for spans of any length:
    /// from the table when short, day by day without keeping the days when very long.
    std::int64_t open_between(std::int64_t from, std::int64_t to);
    /// The local day number of a calendar date.
    static std::int64_t day_number(int year, unsigned month, unsigned day);

private:
    /// Computes local day `d`, appending its open ranges to `pool`.
    void fill(std::int64_t d, Day& out, std::vector<OpenRange>& pool) const;
    /// The local day of `t` computed from the zone, without the table.
    std::int64_t uncached_day_of(std::int64_t t) const;
    void extend_right(std::int64_t new_hi);
    void extend_left(std::int64_t new_lo);
    /// How many days the table grows by when it must: half its length, at least k_fill_days.
    std::int64_t growth() const;

    time::Zone m_zone;
    std::array<std::vector<TimeRange>, 7> m_week;
    HolidaySet m_holidays;
    std::int64_t m_week_bound = 0; // most open seconds any 7 consecutive days can hold
    std::int64_t m_lo = 0;         // first cached local day
    std::int64_t m_hi = 0;         // one past the last cached local day
    std::int64_t m_last_open = k_min_day - k_give_up_days - 1; // last cached day with open time
    std::vector<Day> m_days;
    std::vector<std::int64_t> m_cum; // size m_days.size() + 1
    std::vector<OpenRange> m_ranges;
};

} // namespace itsm::calendar::internal
