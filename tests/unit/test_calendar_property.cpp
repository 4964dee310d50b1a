// Window against the minute-by-minute reference on random windows, zones, holidays, starts and
// amounts. The seed is fixed so a failure reproduces; ITSM_PROPERTY_CASES sets the number of
// random windows (each asked several questions) and ITSM_PROPERTY_SEED another seed.
#include "reference_calendar.hpp"

#include <itsm/calendar/window.hpp>
#include <itsm/time/instant.hpp>
#include <itsm/time/zone.hpp>

#include <doctest/doctest.h>

#include <date/date.h>
#include <date/tz.h>
#include <fmt/format.h>

#include <cstdlib>
#include <random>
#include <set>
#include <string>

using itsm::calendar::Date;
using itsm::calendar::SegmentKind;
using itsm::calendar::TimeRange;
using itsm::calendar::Window;
using itsm::calendar::WindowSpec;
using itsm::test::ReferenceCalendar;
using itsm::time::Instant;

namespace {

constexpr std::uint64_t k_seed = 20261127;
constexpr std::int64_t k_day = 1440;           // minutes
constexpr std::int64_t k_limit = 400 * k_day;  // how far the reference looks
constexpr std::int64_t k_2026 = 20454 * k_day; // 2026-01-01T00:00Z in minutes
constexpr std::int64_t k_2029 = 21550 * k_day; // 2029-01-01T00:00Z in minutes

// Both hemispheres, half-hour and 45-minute offsets, a 30-minute DST (Lord Howe), DST changes
// at midnight (Havana) and at 24:00 (Santiago), and zones without DST.
constexpr const char* k_zones[] = {
    "Europe/London",    "Europe/Brussels",     "America/New_York",     "America/Los_Angeles",
    "America/St_Johns", "America/Havana",      "America/Santiago",     "America/Sao_Paulo",
    "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland",     "Pacific/Chatham",
    "Asia/Kolkata",     "Asia/Kathmandu",      "Africa/Dar_es_Salaam", "UTC",
};

class Random {
public:
    explicit Random(std::uint64_t seed) : m_gen(seed) {}
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(m_gen);
    }
    bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(m_gen) < p; }

private:
    std::mt19937_64 m_gen;
};

std::vector<TimeRange> random_day(Random& rng) {
    if (rng.chance(0.2)) {
        return {};
    }
    if (rng.chance(0.1)) {
        return {TimeRange{0, 1440}};
    }
    const auto count = static_cast<std::size_t>(rng.between(1, 3) * 2);
    const bool near_dst_hours = rng.chance(0.4);
    std::set<int> points;
    while (points.size() < count) {
        if (near_dst_hours) {
            const auto slot = static_cast<int>(rng.between(0, 22));
            points.insert(slot <= 16 ? slot * 15 : 1440 - (22 - slot) * 15);
        } else {
            points.insert(static_cast<int>(rng.between(0, 288)) * 5);
        }
    }
    std::vector<TimeRange> ranges;
    for (auto it = points.begin(); it != points.end(); std::advance(it, 2)) {
        ranges.push_back(TimeRange{*it, *std::next(it)});
    }
    return ranges;
}

Date date_of(std::int64_t minute) {
    const date::year_month_day ymd{date::sys_days{date::days{minute / k_day}}};
    return Date{int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())};
}

/// The minute of a DST change (or any offset change) after a random instant, if one comes
/// before 2029.
std::optional<std::int64_t> change_after(Random& rng, itsm::time::Zone zone) {
    const date::sys_seconds t{std::chrono::minutes{rng.between(k_2026, k_2029)}};
    const auto info = zone->get_info(t);
    const auto end = std::chrono::duration_cast<std::chrono::minutes>(info.end.time_since_epoch());
    if (end.count() >= k_2029) {
        return std::nullopt;
    }
    return end.count();
}

WindowSpec random_spec(Random& rng) {
    WindowSpec spec;
    spec.name = "random";
    spec.zone_name = k_zones[rng.between(0, std::size(k_zones) - 1)];
    spec.zone = *itsm::time::find_zone(spec.zone_name);
    if (rng.chance(0.1)) {
        spec.week.fill({TimeRange{0, 1440}});
    } else if (rng.chance(0.5)) {
        const auto weekday = random_day(rng);
        for (std::size_t d = 0; d < 5; ++d) {
            spec.week[d] = weekday;
        }
        spec.week[5] = rng.chance(0.5) ? random_day(rng) : std::vector<TimeRange>{};
        spec.week[6] = rng.chance(0.2) ? random_day(rng) : std::vector<TimeRange>{};
    } else {
        for (auto& day : spec.week) {
            day = random_day(rng);
        }
    }
    const auto holidays = rng.between(0, 6);
    for (std::int64_t i = 0; i < holidays; ++i) {
        if (rng.chance(0.3)) {
            const auto month = static_cast<unsigned>(rng.between(1, 12));
            const auto last = unsigned((date::year{2028} / date::month{month} / date::last).day());
            spec.holidays.push_back(
                Date{0, month, static_cast<unsigned>(rng.between(1, static_cast<int>(last)))});
        } else if (auto change = change_after(rng, spec.zone); change && rng.chance(0.5)) {
            spec.holidays.push_back(date_of(*change + rng.between(-k_day, k_day)));
        } else {
            spec.holidays.push_back(date_of(rng.between(k_2026, k_2029)));
        }
    }
    return spec;
}

std::string hhmm(int minutes) {
    return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

std::string describe(const WindowSpec& spec) {
    static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    std::string out = spec.zone_name;
    for (std::size_t d = 0; d < 7; ++d) {
        out += fmt::format(" {}=", names[d]);
        for (const TimeRange& r : spec.week[d]) {
            out += hhmm(r.start) + "-" + hhmm(r.end) + ",";
        }
    }
    out += " holidays=";
    for (const Date& h : spec.holidays) {
        out += h.year == 0 ? fmt::format("*-{:02}-{:02},", h.month, h.day)
                           : fmt::format("{}-{:02}-{:02},", h.year, h.month, h.day);
    }
    return out;
}

Instant instant(std::int64_t minute) {
    return Instant{std::chrono::minutes{minute}};
}

std::string show(std::optional<std::int64_t> minute) {
    return minute ? itsm::time::format_utc(instant(*minute)) : std::string("never");
}

std::string show(std::optional<Instant> t) {
    return t ? itsm::time::format_utc(*t) : std::string("never");
}

ReferenceCalendar::Kind expected_kind(SegmentKind kind) {
    switch (kind) {
    case SegmentKind::counting:
        return ReferenceCalendar::Kind::open;
    case SegmentKind::holiday:
        return ReferenceCalendar::Kind::holiday;
    default:
        return ReferenceCalendar::Kind::closed;
    }
}

std::uint64_t seed() {
    if (const char* text = std::getenv("ITSM_PROPERTY_SEED")) {
        return std::strtoull(text, nullptr, 10);
    }
    return k_seed;
}

#if defined(__SANITIZE_ADDRESS__)
constexpr int k_default_cases = 500; // the reference walks millions of minutes: slow under ASan
#else
constexpr int k_default_cases = 1500;
#endif

int case_count() {
    if (const char* text = std::getenv("ITSM_PROPERTY_CASES")) {
        return std::max(1, std::atoi(text));
    }
    return k_default_cases;
}

/// Collects mismatches; stops the run after a few so one bug does not print thousands.
struct Failures {
    int count = 0;
    void report(const std::string& what) {
        ++count;
        FAIL_CHECK(what);
    }
    bool enough() const { return count >= 10; }
};

void check_query(const Window& window, const WindowSpec& spec, Random& rng, Failures& failures) {
    std::int64_t from = rng.between(k_2026, k_2029);
    if (auto change = change_after(rng, spec.zone); change && rng.chance(0.4)) {
        from = *change + rng.between(-3 * k_day, k_day);
    }
    std::int64_t working_day = window.working_day().count() / 60;
    std::int64_t amount = rng.chance(0.05) ? 0
                          : rng.chance(0.3)
                              ? rng.between(1, 120)
                              : rng.between(1, 3 * std::max<std::int64_t>(working_day, 120));
    std::int64_t to = from + (rng.chance(0.05) ? -rng.between(0, 60) : rng.between(0, 10 * k_day));

    ReferenceCalendar ref(spec, from - 2 * k_day);
    const std::string context =
        fmt::format("{} from={} amount={}m to={}", describe(spec), show(from), amount, show(to));

    // add
    const auto want_add = ref.add(from, amount, k_limit);
    const auto got_add = window.add(instant(from), std::chrono::minutes{amount});
    if (want_add ? got_add != instant(*want_add)
                 : (got_add && *got_add < instant(from + k_limit))) {
        failures.report(
            fmt::format("add: got {} want {}; {}", show(got_add), show(want_add), context));
    }
    if (got_add && window.between(instant(from), *got_add) != std::chrono::minutes{amount}) {
        failures.report("between(from, add(from, x)) != x; " + context);
    }
    // next_opening and is_open
    const auto want_next = ref.next_opening(from, k_limit);
    const auto got_next = window.next_opening(instant(from));
    if (want_next ? got_next != instant(*want_next)
                  : (got_next && *got_next < instant(from + k_limit))) {
        failures.report(fmt::format("next_opening: got {} want {}; {}", show(got_next),
                                    show(want_next), context));
    }
    if (window.is_open(instant(from)) != ref.open(from)) {
        failures.report("is_open; " + context);
    }
    // between
    const auto want_between = to > from ? ref.between(from, to) : 0;
    const auto got_between = window.between(instant(from), instant(to));
    if (got_between != std::chrono::minutes{want_between}) {
        failures.report(fmt::format("between: got {}s want {}m; {}", got_between.count(),
                                    want_between, context));
    }
    // ledger: consecutive, merged, kinds as the reference says, counting sum == between
    const auto ledger = window.ledger(instant(from), instant(to));
    if (to <= from) {
        if (!ledger.empty()) {
            failures.report("ledger of an empty span is not empty; " + context);
        }
        return;
    }
    std::chrono::seconds counting{0};
    Instant cursor = instant(from);
    for (std::size_t i = 0; i < ledger.size(); ++i) {
        const auto& s = ledger[i];
        if (s.from != cursor || s.to <= s.from || (i > 0 && ledger[i - 1].kind == s.kind)) {
            failures.report(fmt::format("ledger segment {} malformed; {}", i, context));
            return;
        }
        if (s.kind == SegmentKind::counting) {
            counting += s.to - s.from;
        }
        const auto first = s.from.time_since_epoch() / std::chrono::minutes{1};
        const auto last = s.to.time_since_epoch() / std::chrono::minutes{1};
        for (auto m = first; m < last; ++m) {
            if (ref.kind(m) != expected_kind(s.kind)) {
                failures.report(
                    fmt::format("ledger says {} at {}; {}", to_string(s.kind), show(m), context));
                return;
            }
        }
        cursor = s.to;
    }
    if (cursor != instant(to) || counting != got_between) {
        failures.report("ledger does not cover the span or its counting sum differs; " + context);
    }
}

} // namespace

TEST_CASE("Window agrees with the minute-by-minute reference") {
    Random rng(seed());
    Failures failures;
    const int windows = case_count();
    int queries = 0;
    for (int c = 0; c < windows && !failures.enough(); ++c) {
        const WindowSpec spec = random_spec(rng);
        const Window window(spec);
        // Several questions per window, at starts years apart, so its day table grows both ways.
        for (int q = 0; q < 4 && !failures.enough(); ++q) {
            check_query(window, spec, rng, failures);
            ++queries;
        }
    }
    MESSAGE(fmt::format("{} random windows, {} queries, seed {}", windows, queries, seed()));
    CHECK(failures.count == 0);
}
