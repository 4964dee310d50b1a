// Report periods: local days, ISO weeks and months in a zone, the cron defaults, DST days, and
// every impossible or future period.
#include <itsm/core/error.hpp>
#include <itsm/report/period.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

using itsm::report::Kind;
using itsm::report::make_period;
using itsm::time::Instant;

namespace {

itsm::time::Zone london() {
    auto z = itsm::time::find_zone("Europe/London");
    REQUIRE(z.has_value());
    return *z;
}

Instant at(const char* text) {
    auto t = itsm::time::parse_time(text, london(), Instant{});
    REQUIRE(t.has_value());
    return *t;
}

std::string utc(Instant t) {
    return itsm::time::format_utc(t);
}

std::string error_of(Kind kind, const char* text, const char* now) {
    try {
        make_period(kind, text, london(), at(now));
    } catch (const itsm::UsageError& e) {
        return e.what();
    }
    return "";
}

} // namespace

TEST_CASE("named periods") {
    const auto now = at("2026-11-15 12:00");
    SUBCASE("a month in summer time starts at 23:00 UTC the day before") {
        const auto p = make_period(Kind::monthly, "2026-10", london(), now);
        CHECK(p.label == "2026-10");
        CHECK(utc(p.start) == "2026-09-30T23:00:00Z");
        CHECK(utc(p.end) == "2026-11-01T00:00:00Z");
        CHECK(p.timezone == "Europe/London");
        CHECK(static_cast<unsigned>(p.last_day.day()) == 31);
    }
    SUBCASE("a day of 25 hours") {
        const auto p = make_period(Kind::daily, "2026-10-25", london(), now);
        CHECK(utc(p.start) == "2026-10-24T23:00:00Z");
        CHECK(utc(p.end) == "2026-10-26T00:00:00Z");
        const auto slots = itsm::report::slots_of(p, london());
        REQUIRE(slots.size() == 25);
        CHECK(slots[0].label == "00:00");
        CHECK(slots[1].label == "01:00");
        CHECK(slots[2].label == "01:00"); // the repeated hour
        CHECK(slots[24].label == "23:00");
    }
    SUBCASE("a day of 23 hours") {
        const auto p = make_period(Kind::daily, "2026-03-29", london(), now);
        CHECK(itsm::report::slots_of(p, london()).size() == 23);
    }
    SUBCASE("ISO weeks") {
        const auto p = make_period(Kind::weekly, "2026-W44", london(), now);
        CHECK(p.label == "2026-W44");
        CHECK(utc(p.start) == "2026-10-26T00:00:00Z");
        CHECK(utc(p.end) == "2026-11-02T00:00:00Z");
        CHECK(itsm::report::slots_of(p, london()).size() == 7);
        const auto first = make_period(Kind::weekly, "2026-W01", london(), now);
        CHECK(utc(first.start) == "2025-12-29T00:00:00Z"); // week 1 holds 4 January
        CHECK(make_period(Kind::weekly, "2026-w53", london(), at("2027-01-10 00:00")).label ==
              "2026-W53");
    }
    SUBCASE("weeks in a year") {
        CHECK(itsm::report::iso_weeks_in_year(2026) == 53);
        CHECK(itsm::report::iso_weeks_in_year(2027) == 52);
        CHECK(itsm::report::iso_weeks_in_year(2020) == 53);
        CHECK(itsm::report::iso_weeks_in_year(2021) == 52);
    }
    SUBCASE("a leap day") {
        CHECK(make_period(Kind::daily, "2024-02-29", london(), now).label == "2024-02-29");
    }
}

TEST_CASE("cron defaults: the last complete period") {
    SUBCASE("yesterday, last week, last month") {
        const auto now = at("2026-11-15 12:00"); // a Sunday
        CHECK(make_period(Kind::daily, "", london(), now).label == "2026-11-14");
        CHECK(make_period(Kind::weekly, "", london(), now).label == "2026-W45");
        CHECK(make_period(Kind::monthly, "", london(), now).label == "2026-10");
        CHECK(make_period(Kind::daily, "today", london(), now).label == "2026-11-15");
        CHECK(make_period(Kind::daily, "yesterday", london(), now).label == "2026-11-14");
    }
    SUBCASE("just after midnight on New Year's Day") {
        const auto now = at("2027-01-01 00:05");
        CHECK(make_period(Kind::daily, "", london(), now).label == "2026-12-31");
        CHECK(make_period(Kind::monthly, "", london(), now).label == "2026-12");
        CHECK(make_period(Kind::weekly, "", london(), now).label == "2026-W52");
    }
    SUBCASE("local midnight, not UTC midnight, decides the day") {
        // 00:30 in London summer time is still 23:30 UTC the day before.
        const auto now = at("2026-07-02 00:30");
        CHECK(make_period(Kind::daily, "", london(), now).label == "2026-07-01");
    }
}

TEST_CASE("impossible and future periods") {
    const char* now = "2026-11-15 12:00";
    CHECK(error_of(Kind::monthly, "2026-13", now) ==
          "\"2026-13\" does not exist: months run from 01 to 12");
    CHECK(error_of(Kind::monthly, "2026-00", now) ==
          "\"2026-00\" does not exist: months run from 01 to 12");
    CHECK(error_of(Kind::monthly, "2026-1", now) ==
          "\"2026-1\" is not a month; write YYYY-MM, e.g. 2026-10");
    CHECK(error_of(Kind::weekly, "2026-W54", now) ==
          "\"2026-W54\" does not exist: 2026 has ISO weeks W01 to W53");
    CHECK(error_of(Kind::weekly, "2026-W00", now) ==
          "\"2026-W00\" does not exist: 2026 has ISO weeks W01 to W53");
    CHECK(error_of(Kind::weekly, "2026-47", now) ==
          "\"2026-47\" is not an ISO week; write YYYY-Www, e.g. 2026-W47");
    CHECK(error_of(Kind::daily, "2026-02-30", now) ==
          "\"2026-02-30\" is not a date: 2026-02 has 28 days");
    CHECK(error_of(Kind::daily, "2026-13-01", now) ==
          "\"2026-13-01\" is not a date: there is no month 13");
    CHECK(error_of(Kind::daily, "1969-12-31", now) ==
          "\"1969-12-31\": the year must be between 1970 and 9999");
    CHECK(error_of(Kind::daily, "2026-11-16", now) ==
          "2026-11-16 has not started: it starts 2026-11-16 00:00 +00:00 and it is "
          "now 2026-11-15 12:00 +00:00; report a period that has begun");
    CHECK(error_of(Kind::monthly, "2026-12", now).starts_with("2026-12 has not started"));
    CHECK(error_of(Kind::weekly, "2026-W47", now).starts_with("2026-W47 has not"));
    // The current period has started: it is allowed (the report marks it partial).
    CHECK(error_of(Kind::monthly, "2026-11", now).empty());
    CHECK(error_of(Kind::daily, "today", now).empty());
}
