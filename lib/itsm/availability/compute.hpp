#pragma once
// Availability arithmetic: outage time inside a service window, less agreed maintenance, over a
// period (docs/availability.md). Interval arithmetic on the window; never minute stepping.

#include <itsm/calendar/window.hpp>

#include <optional>
#include <vector>

namespace itsm::availability {

using time::Duration;
using time::Instant;

/// A stretch of wall-clock time [from, to).
struct Interval {
    Instant from;
    Instant to;
    bool operator==(const Interval&) const = default;
};

/// The union of `spans` clipped to [from, to): sorted, disjoint, none empty. Overlapping or
/// touching spans become one, so time covered twice counts once.
std::vector<Interval> merge(std::vector<Interval> spans, Instant from, Instant to);

/// `a` less `b`; both sorted and disjoint (as `merge` gives them).
std::vector<Interval> subtract(const std::vector<Interval>& a, const std::vector<Interval>& b);

/// The figures of one service over one period, all in open time of its window.
struct Figures {
    Duration window{0};   // the window's open time in the period
    Duration outage{0};   // open time in which the service was down (overlaps counted once)
    Duration excused{0};  // of that, time inside agreed maintenance
    Duration downtime{0}; // outage - excused: what counts against the target

    /// The availability in hundredths of a percent, rounded down (9945 = 99.45%), so that a
    /// figure shown is never above the truth; nullopt when the window was not open at all.
    std::optional<long long> achieved_hundredths() const;
    /// True when the availability is at least `target` percent (exactly, not as rounded).
    bool meets(double target) const;
};

/// The figures of a service on `window` over [from, to), given the outages of the service and
/// its agreed maintenance (any order, may overlap, may reach outside the period).
Figures compute(const calendar::Window& window, Instant from, Instant to,
                std::vector<Interval> outages, std::vector<Interval> maintenance);

} // namespace itsm::availability
