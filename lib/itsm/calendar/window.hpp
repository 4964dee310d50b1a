#pragma once
// Service windows: when a service is open, in its own time zone, and the working-time
// arithmetic over them (add working time, working time between two instants, next opening).

#include <itsm/time/instant.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace itsm::calendar {

using time::Duration;
using time::Instant;

/// One open range of a day, in minutes from local midnight; 0 <= start < end <= 1440.
struct TimeRange {
    int start = 0;
    int end = 0;
    bool operator==(const TimeRange&) const = default;
};

/// A calendar date (proleptic Gregorian).
struct Date {
    int year = 0;
    unsigned month = 0;
    unsigned day = 0;
    auto operator<=>(const Date&) const = default;
};

/// A holiday: a whole day closed. `year == 0` means every year ("*-12-25").
using Holiday = Date;

/// The schedule of a window; built by the config loader, then frozen in a Window.
struct WindowSpec {
    std::string name;
    std::string zone_name;                      // IANA name
    time::Zone zone = nullptr;                  // resolved zone
    std::array<std::vector<TimeRange>, 7> week; // 0 = Monday ... 6 = Sunday, sorted, disjoint
    std::vector<Holiday> holidays;
    std::optional<Duration> working_day; // what "1d" means; default: longest day's hours
};

/// What a stretch of time was, for the ledger of `show --explain`.
enum class SegmentKind { counting, closed, holiday, paused };

/// One consecutive stretch [from, to) of a ledger.
struct Segment {
    Instant from;
    Instant to;
    SegmentKind kind = SegmentKind::counting;
};

/// "counting", "closed", "holiday", "paused".
const char* to_string(SegmentKind kind);

/// A service window with fast working-time arithmetic (interval arithmetic over the open
/// ranges of each local day; never minute stepping). Thread-compatible: const methods may
/// fill an internal per-day cache, so share one Window between threads only behind a lock.
/// Local ranges become UTC per local date (docs/working-time.md): a start in a DST gap opens
/// when the gap ends, a start in a repeated hour at its first pass, an end in a repeated hour
/// at its second pass. Instants before 1900 or after 9999 count as closed. The constructor
/// resolves `zone` from `zone_name` when it is null (throws ConfigError if unknown) and
/// tolerates unsorted or overlapping ranges by merging them.
class Window {
public:
    explicit Window(WindowSpec spec);
    ~Window();
    Window(Window&&) noexcept;
    Window& operator=(Window&&) noexcept;

    const WindowSpec& spec() const { return m_spec; }
    const std::string& name() const { return m_spec.name; }
    time::Zone zone() const { return m_spec.zone; }

    /// What "1d" means on this window.
    Duration working_day() const;
    /// True when the window has no open hours at all.
    bool never_open() const;
    /// True when the window is open at every instant (24x7, no holidays).
    bool always_open() const;
    /// True when the local date `d` is a holiday of this window.
    bool is_holiday(Date d) const;

    /// True when the window is open at `t`.
    bool is_open(Instant t) const;
    /// The first instant >= `t` at which the window is open; nullopt when it never opens (or
    /// not within 50 years).
    std::optional<Instant> next_opening(Instant t) const;
    /// The instant at which `amount` of working time has elapsed counting from `from`. When it
    /// is reached exactly at a closing time, that closing time is returned. `amount <= 0`
    /// returns `from`. nullopt when the window never opens, stays closed for 50 years, or the
    /// result would lie more than 200 years ahead.
    std::optional<Instant> add(Instant from, Duration amount) const;
    /// Working time in [from, to); zero when to <= from.
    Duration between(Instant from, Instant to) const;
    /// [from, to) cut into consecutive counting / closed / holiday segments (closed hours of a
    /// holiday are "holiday"); adjacent segments of the same kind are merged.
    std::vector<Segment> ledger(Instant from, Instant to) const;

    /// Open ranges of local date `d` as UTC instants (empty on holidays and closed days).
    std::vector<std::pair<Instant, Instant>> open_ranges(Date d) const;

private:
    WindowSpec m_spec;
    struct Cache;
    std::unique_ptr<Cache> m_cache;
};

} // namespace itsm::calendar
