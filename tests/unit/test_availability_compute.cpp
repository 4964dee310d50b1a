// lib/itsm/availability: outage time inside a window less agreed maintenance, checked against a
// brute-force count of minutes (the reference calendar shares no code with the Window).
#include "reference_calendar.hpp"

#include <itsm/availability/compute.hpp>
#include <itsm/time/instant.hpp>

#include <doctest/doctest.h>

#include <date/tz.h>

#include <random>

using itsm::availability::Figures;
using itsm::availability::Interval;
using itsm::calendar::TimeRange;
using itsm::calendar::Window;
using itsm::calendar::WindowSpec;
using itsm::test::ReferenceCalendar;
using itsm::time::Duration;
using itsm::time::Instant;

namespace {

// The MKIP office window: weekdays 08:00-18:00, Saturday 09:00-16:00, two bank holidays.
WindowSpec office() {
    WindowSpec spec;
    spec.name = "office";
    spec.zone_name = "Europe/London";
    spec.zone = *itsm::time::find_zone("Europe/London");
    for (int day = 0; day < 5; ++day) {
        spec.week[static_cast<std::size_t>(day)] = {TimeRange{8 * 60, 18 * 60}};
    }
    spec.week[5] = {TimeRange{9 * 60, 16 * 60}};
    spec.holidays = {{2026, 12, 25}, {2026, 12, 28}};
    return spec;
}

Instant at(const char* text) {
    return *itsm::time::parse_time(text, *itsm::time::find_zone("Europe/London"), Instant{});
}

std::int64_t minute_of(Instant t) {
    return itsm::time::to_epoch(t) / 60;
}

Instant instant_of(std::int64_t minute) {
    return itsm::time::from_epoch(minute * 60);
}

bool inside(const std::vector<Interval>& spans, std::int64_t minute) {
    const Instant t = instant_of(minute);
    for (const auto& s : spans) {
        if (s.from <= t && t < s.to) {
            return true;
        }
    }
    return false;
}

// The figures by walking every minute of [from, to).
Figures brute_force(ReferenceCalendar& ref, std::int64_t from, std::int64_t to,
                    const std::vector<Interval>& outages, const std::vector<Interval>& agreed) {
    Figures f;
    for (std::int64_t m = from; m < to; ++m) {
        if (!ref.open(m)) {
            continue;
        }
        f.window += Duration{60};
        if (inside(outages, m)) {
            f.outage += Duration{60};
            if (inside(agreed, m)) {
                f.excused += Duration{60};
            } else {
                f.downtime += Duration{60};
            }
        }
    }
    return f;
}

} // namespace

TEST_CASE("merge and subtract") {
    const Instant t0 = at("2026-12-01 00:00");
    auto h = [&](int hours) { return t0 + std::chrono::hours(hours); };
    SUBCASE("overlapping and touching spans become one, clipped to the period") {
        const auto merged = itsm::availability::merge(
            {{h(5), h(8)}, {h(1), h(3)}, {h(2), h(4)}, {h(4), h(5)}, {h(20), h(30)}}, h(0), h(24));
        REQUIRE(merged.size() == 2);
        CHECK(merged[0] == Interval{h(1), h(8)});
        CHECK(merged[1] == Interval{h(20), h(24)});
    }
    SUBCASE("empty and reversed spans vanish") {
        CHECK(itsm::availability::merge({{h(3), h(3)}, {h(5), h(4)}}, h(0), h(24)).empty());
    }
    SUBCASE("subtracting cuts holes and trims ends") {
        const auto left = itsm::availability::subtract({{h(0), h(10)}, {h(12), h(14)}},
                                                       {{h(2), h(3)}, {h(9), h(13)}});
        REQUIRE(left.size() == 3);
        CHECK(left[0] == Interval{h(0), h(2)});
        CHECK(left[1] == Interval{h(3), h(9)});
        CHECK(left[2] == Interval{h(13), h(14)});
    }
}

TEST_CASE("an outage over a weekend and a bank holiday counts only open hours") {
    const Window window(office());
    // Thursday 24 December 16:30 to Tuesday 29 December 09:30: 1h30m on Thursday, Friday 25th
    // a holiday, Saturday 26th 7h, Sunday closed, Monday 28th a holiday, 1h30m on Tuesday.
    const auto f =
        itsm::availability::compute(window, at("2026-12-01 00:00"), at("2027-01-01 00:00"),
                                    {{at("2026-12-24 16:30"), at("2026-12-29 09:30")}}, {});
    CHECK(f.outage == Duration{10 * 3600});
    CHECK(f.downtime == f.outage);
    CHECK(f.excused == Duration{0});
    // December 2026: 21 weekdays open (23 less the 25th and 28th) of 10h, 4 Saturdays of 7h.
    CHECK(f.window == Duration{(21 * 10 + 4 * 7) * 3600});
    CHECK(f.achieved_hundredths() == std::optional<long long>(9579)); // 1 - 10/238
    CHECK(f.meets(95.0));
    CHECK_FALSE(f.meets(98.0));
}

TEST_CASE("meets compares exactly, not as rounded") {
    Figures f;
    f.window = Duration{10000 * 60};
    f.downtime = Duration{100 * 60}; // exactly 99%
    CHECK(f.meets(99.0));
    CHECK(f.achieved_hundredths() == std::optional<long long>(9900));
    f.downtime = Duration{101 * 60}; // 98.99%
    CHECK_FALSE(f.meets(99.0));
    CHECK(f.achieved_hundredths() == std::optional<long long>(9899));
    Figures closed;
    CHECK_FALSE(closed.achieved_hundredths().has_value());
}

TEST_CASE("random outages and maintenance against a minute-by-minute count") {
    const WindowSpec spec = office();
    const Window window(spec);
    const Instant start = at("2026-12-01 00:00");
    const std::int64_t first = minute_of(start);
    ReferenceCalendar ref(spec, first - 3 * 1440);
    std::mt19937_64 random(20261201);
    const std::int64_t span = 31 * 1440;
    auto pick = [&](std::int64_t limit) {
        return static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(limit));
    };
    for (int round = 0; round < 40; ++round) {
        const std::int64_t from = first + pick(5 * 1440);
        const std::int64_t to = from + 1440 + pick(span - 6 * 1440);
        std::vector<Interval> outages;
        std::vector<Interval> agreed;
        for (int i = 0, count = 1 + static_cast<int>(pick(6)); i < count; ++i) {
            // Some reach before the period or past its end.
            const std::int64_t a = from - 1440 + pick(to - from + 2 * 1440);
            outages.push_back({instant_of(a), instant_of(a + 1 + pick(4 * 1440))});
        }
        for (int i = 0, count = static_cast<int>(pick(4)); i < count; ++i) {
            const std::int64_t a = from - 720 + pick(to - from + 1440);
            agreed.push_back({instant_of(a), instant_of(a + 1 + pick(1440))});
        }
        INFO("round " << round);
        const auto fast =
            itsm::availability::compute(window, instant_of(from), instant_of(to), outages, agreed);
        const auto slow = brute_force(ref, from, to, outages, agreed);
        CHECK(fast.window == slow.window);
        CHECK(fast.outage == slow.outage);
        CHECK(fast.excused == slow.excused);
        CHECK(fast.downtime == slow.downtime);
    }
}
