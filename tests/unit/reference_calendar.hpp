#pragma once
// A brute-force service window for the property tests: it walks UTC minute by minute, reads
// each minute's local date and time of day straight from date/tz, and decides from those
// alone whether the minute is open, closed or a holiday. It shares no code with
// itsm::calendar::Window, which it checks.
//
// The rule for a range [s, e) of local day D, stated on wall-clock readings only:
//   it opens at the first minute of D whose local time of day is >= s, and
//   it closes after the last minute of D whose local time of day is < e.
// So a range starting inside a DST gap opens when the gap ends, a range ending inside a
// repeated hour closes at the end of its second pass, and 24:00 means the end of day D.

#include <itsm/calendar/window.hpp>

#include <date/date.h>
#include <date/tz.h>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace itsm::test {

class ReferenceCalendar {
public:
    enum class Kind : std::uint8_t { closed, open, holiday };

    /// Minutes are UTC minutes since the epoch. Answers are exact for minutes from
    /// `first_minute` + 2 days on; the calendar extends itself forwards as it is asked.
    ReferenceCalendar(const calendar::WindowSpec& spec, std::int64_t first_minute)
        : m_spec(spec), m_zone(date::locate_zone(spec.zone_name)), m_base(first_minute),
          m_next(first_minute) {}

    Kind kind(std::int64_t minute) {
        while (minute >= m_done) {
            read_day();
        }
        return m_kinds[static_cast<std::size_t>(minute - m_base)];
    }
    bool open(std::int64_t minute) { return kind(minute) == Kind::open; }

    /// The end of the minute in which `amount` open minutes from `from` are complete; nullopt
    /// when not within `limit` minutes.
    std::optional<std::int64_t> add(std::int64_t from, std::int64_t amount, std::int64_t limit) {
        if (amount == 0) {
            return from;
        }
        std::int64_t counted = 0;
        for (std::int64_t m = from; m < from + limit; ++m) {
            if (open(m) && ++counted == amount) {
                return m + 1;
            }
        }
        return std::nullopt;
    }

    std::int64_t between(std::int64_t from, std::int64_t to) {
        std::int64_t counted = 0;
        for (std::int64_t m = from; m < to; ++m) {
            counted += open(m) ? 1 : 0;
        }
        return counted;
    }

    std::optional<std::int64_t> next_opening(std::int64_t from, std::int64_t limit) {
        for (std::int64_t m = from; m < from + limit; ++m) {
            if (open(m)) {
                return m;
            }
        }
        return std::nullopt;
    }

private:
    bool holiday(const date::year_month_day& ymd) const {
        for (const calendar::Holiday& h : m_spec.holidays) {
            if ((h.year == 0 || date::year{h.year} == ymd.year()) &&
                date::month{h.month} == ymd.month() && date::day{h.day} == ymd.day()) {
                return true;
            }
        }
        return false;
    }

    /// Reads minutes until one more local day is complete, and classifies that day.
    void read_day() {
        while (true) {
            const date::sys_seconds utc{std::chrono::minutes{m_next}};
            if (m_info.end <= utc || utc < m_info.begin) {
                m_info = m_zone->get_info(utc);
            }
            const auto local = utc.time_since_epoch() + m_info.offset;
            const auto day = date::floor<date::days>(local);
            const auto tod = std::chrono::duration_cast<std::chrono::minutes>(local - day);
            if (!m_pending.empty() && day.count() != m_pending_day) {
                classify();
                return;
            }
            m_pending_day = day.count();
            m_pending.emplace_back(m_next, static_cast<int>(tod.count()));
            m_kinds.push_back(Kind::closed);
            ++m_next;
        }
    }

    void classify() {
        const date::sys_days day{date::days{m_pending_day}};
        const date::year_month_day ymd{day};
        const unsigned monday_first = (date::weekday{day}.c_encoding() + 6) % 7;
        auto at = [this](std::size_t i) -> Kind& {
            return m_kinds[static_cast<std::size_t>(m_pending[i].first - m_base)];
        };
        if (holiday(ymd)) {
            for (std::size_t i = 0; i < m_pending.size(); ++i) {
                at(i) = Kind::holiday;
            }
        } else {
            for (const calendar::TimeRange& r : m_spec.week[monday_first]) {
                std::optional<std::size_t> first;
                std::optional<std::size_t> last;
                for (std::size_t i = 0; i < m_pending.size(); ++i) {
                    if (!first && m_pending[i].second >= r.start) {
                        first = i;
                    }
                    if (m_pending[i].second < r.end) {
                        last = i;
                    }
                }
                if (first && last) {
                    for (std::size_t i = *first; i <= *last; ++i) {
                        at(i) = Kind::open;
                    }
                }
            }
        }
        m_done = m_pending.front().first + static_cast<std::int64_t>(m_pending.size());
        m_pending.clear();
    }

    calendar::WindowSpec m_spec;
    const date::time_zone* m_zone;
    std::int64_t m_base;
    std::int64_t m_next;
    std::int64_t m_done = 0;
    std::vector<Kind> m_kinds;
    std::vector<std::pair<std::int64_t, int>> m_pending;
    std::int64_t m_pending_day = 0;
    date::sys_info m_info{};
};

} // namespace itsm::test
