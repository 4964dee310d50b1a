// Instants and zones: every accepted form of a time, every rejection, DST gaps and overlaps.
#include <itsm/time/instant.hpp>
#include <itsm/time/zone.hpp>

#include <doctest/doctest.h>

#include <date/tz.h>

#include <string>

using itsm::time::Instant;
using itsm::time::Zone;

namespace {

const Zone k_london = *itsm::time::find_zone("Europe/London");
const Instant k_now = itsm::time::from_epoch(1795000000); // 2026-11-18T11:06:40Z

/// The parsed time as UTC text, or "error: <message>".
std::string parse(std::string_view text, Zone zone = k_london) {
    auto t = itsm::time::parse_time(text, zone, k_now);
    return t ? itsm::time::format_utc(*t) : "error: " + t.error();
}

} // namespace

TEST_CASE("find_zone") {
    SUBCASE("IANA names") {
        auto zone = itsm::time::find_zone("Europe/London");
        REQUIRE(zone.has_value());
        CHECK((*zone)->name() == "Europe/London");
        CHECK(itsm::time::find_zone("UTC").has_value());
        CHECK(itsm::time::find_zone("Asia/Kolkata").has_value());
        CHECK(itsm::time::find_zone("America/Argentina/Buenos_Aires").has_value());
    }
    SUBCASE("a misspelt name suggests the closest") {
        auto zone = itsm::time::find_zone("Europe/Londn");
        REQUIRE_FALSE(zone.has_value());
        CHECK(zone.error() == "unknown time zone \"Europe/Londn\"; did you mean \"Europe/London\"? "
                              "(write an IANA name such as Europe/London or UTC)");
        CHECK(itsm::time::find_zone("europe/paris").error().find("\"Europe/Paris\"") !=
              std::string::npos);
        CHECK(itsm::time::find_zone("Kolkata").error().find("\"Asia/Kolkata\"") !=
              std::string::npos);
        CHECK(itsm::time::find_zone("America/New York").error().find("\"America/New_York\"") !=
              std::string::npos);
    }
    SUBCASE("empty and machine-dependent names are refused") {
        CHECK_FALSE(itsm::time::find_zone("").has_value());
        CHECK_FALSE(itsm::time::find_zone("localtime").has_value());
        CHECK_FALSE(itsm::time::find_zone("posix/Europe/London").has_value());
    }
}

TEST_CASE("parse_time accepts") {
    SUBCASE("RFC 3339 with Z") {
        CHECK(parse("2026-11-23T08:15:00Z") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23t08:15:00z") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23 08:15:00Z") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23T08:15Z") == "2026-11-23T08:15:00Z");
    }
    SUBCASE("RFC 3339 with an offset") {
        CHECK(parse("2026-11-23T09:15:00+01:00") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23T03:15:00-05:00") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23T13:45:00+05:30") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23T08:15:00+00:00") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23T08:15:00-00:00") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23T23:59:00+23:59") == "2026-11-23T00:00:00Z");
        CHECK(parse("2026-11-23 09:15 +01:00") == "2026-11-23T08:15:00Z");
    }
    SUBCASE("fractions of a second are dropped") {
        CHECK(parse("2026-11-23T08:15:00.999Z") == "2026-11-23T08:15:00Z");
        CHECK(parse("2026-11-23T08:15:30.5+01:00") == "2026-11-23T07:15:30Z");
    }
    SUBCASE("local times in the zone") {
        CHECK(parse("2026-11-23 09:15") == "2026-11-23T09:15:00Z");
        CHECK(parse("2026-11-23T09:15") == "2026-11-23T09:15:00Z");
        CHECK(parse("2026-11-23 09:15:42") == "2026-11-23T09:15:42Z");
        CHECK(parse("2026-07-01 09:15") == "2026-07-01T08:15:00Z");
        CHECK(parse("2026-07-01 09:15", *itsm::time::find_zone("America/New_York")) ==
              "2026-07-01T13:15:00Z");
        CHECK(parse("2026-07-01 09:15", *itsm::time::find_zone("Asia/Kolkata")) ==
              "2026-07-01T03:45:00Z");
        CHECK(parse("2026-07-01 09:15", nullptr) == "2026-07-01T09:15:00Z");
    }
    SUBCASE("a bare date is local midnight") {
        CHECK(parse("2026-11-23") == "2026-11-23T00:00:00Z");
        CHECK(parse("2026-07-01") == "2026-06-30T23:00:00Z");
        CHECK(parse("2026-10-25") == "2026-10-24T23:00:00Z");
        // Havana's clocks go forward at midnight: the day starts at 01:00.
        CHECK(parse("2026-03-08", *itsm::time::find_zone("America/Havana")) ==
              "2026-03-08T05:00:00Z");
    }
    SUBCASE("now, and surrounding whitespace") {
        CHECK(parse("now") == "2026-11-18T11:06:40Z");
        CHECK(parse("  now\n") == "2026-11-18T11:06:40Z");
        CHECK(parse(" 2026-11-23 09:15\t") == "2026-11-23T09:15:00Z");
    }
    SUBCASE("leap days and range edges") {
        CHECK(parse("2028-02-29 12:00") == "2028-02-29T12:00:00Z");
        CHECK(parse("2000-02-29T00:00:00Z") == "2000-02-29T00:00:00Z");
        CHECK(parse("1970-01-01T00:00:00Z") == "1970-01-01T00:00:00Z");
        CHECK(parse("9999-12-31T23:59:59Z") == "9999-12-31T23:59:59Z");
        CHECK(parse("2026-12-31 23:59:59") == "2026-12-31T23:59:59Z");
    }
    SUBCASE("local times just around DST changes are fine") {
        CHECK(parse("2026-03-29 00:59") == "2026-03-29T00:59:00Z");
        CHECK(parse("2026-03-29 02:00") == "2026-03-29T01:00:00Z");
        CHECK(parse("2026-10-25 00:59") == "2026-10-24T23:59:00Z");
        CHECK(parse("2026-10-25 02:00") == "2026-10-25T02:00:00Z");
        CHECK(parse("2026-10-25T01:30+01:00") == "2026-10-25T00:30:00Z");
        CHECK(parse("2026-10-25T01:30+00:00") == "2026-10-25T01:30:00Z");
    }
}

TEST_CASE("parse_time rejects") {
    const std::string accepted = "; write RFC 3339 (2026-11-23T08:15:00Z) or a local "
                                 "\"2026-11-23 09:15\"";
    SUBCASE("out-of-range fields, saying which") {
        CHECK(parse("2026-13-01 09:00") ==
              "error: \"2026-13-01 09:00\" is not a valid time: month 13 is out of range" +
                  accepted);
        CHECK(parse("2026-00-01") ==
              "error: \"2026-00-01\" is not a valid time: month 0 is out of range" + accepted);
        CHECK(parse("2026-04-31 09:00") == "error: \"2026-04-31 09:00\" is not a valid time: day "
                                           "31 is out of range (2026-04 has 30 days)" +
                                               accepted);
        CHECK(parse("2027-02-29") == "error: \"2027-02-29\" is not a valid time: day 29 is out "
                                     "of range (2027-02 has 28 days)" +
                                         accepted);
        CHECK(parse("2100-02-29") == "error: \"2100-02-29\" is not a valid time: day 29 is out "
                                     "of range (2100-02 has 28 days)" +
                                         accepted);
        CHECK(parse("2026-11-00") == "error: \"2026-11-00\" is not a valid time: day 0 is out "
                                     "of range (2026-11 has 30 days)" +
                                         accepted);
        CHECK(parse("2026-11-23 24:00") ==
              "error: \"2026-11-23 24:00\" is not a valid time: hour 24 is out of range (00-23)" +
                  accepted);
        CHECK(parse("2026-11-23 09:60") == "error: \"2026-11-23 09:60\" is not a valid time: "
                                           "minute 60 is out of range (00-59)" +
                                               accepted);
        CHECK(parse("2026-11-23T09:15:60Z") == "error: \"2026-11-23T09:15:60Z\" is not a valid "
                                               "time: second 60 is out of range (00-59)" +
                                                   accepted);
        CHECK(parse("2026-11-23T09:15:00+24:00") ==
              "error: \"2026-11-23T09:15:00+24:00\" is not a valid time: offset +24:00 is out of "
              "range (at most \u00b123:59)" +
                  accepted);
        CHECK(parse("2026-11-23T09:15:00-05:60").find("offset -05:60 is out of range") !=
              std::string::npos);
        CHECK(parse("1969-12-31T23:59:59Z") == "error: \"1969-12-31T23:59:59Z\" is not a valid "
                                               "time: year 1969 is out of range (1970-9999)" +
                                                   accepted);
        CHECK(parse("0000-01-01").find("year 0 is out of range") != std::string::npos);
    }
    SUBCASE("times in range locally but not in UTC (found by fuzz_time)") {
        CHECK(parse("9999-12-31T23:59:59-23:59") ==
              "error: \"9999-12-31T23:59:59-23:59\" is not a valid time: it is after 9999 UTC, "
              "outside the years 1970-9999");
        CHECK(parse("1970-01-01T00:30:00+01:00").find("before 1970 UTC") != std::string::npos);
        CHECK(parse("9999-12-31T23:59:59+23:59") == "9999-12-31T00:00:59Z");
    }
    SUBCASE("anything else, saying what is accepted") {
        const std::string forms =
            " is not a valid time; write RFC 3339 (2026-11-23T08:15:00Z or "
            "2026-11-23T09:15:00+01:00), a local \"2026-11-23 09:15\", a date (2026-11-23) or now";
        for (const char* bad : {"",
                                "   ",
                                "yesterday",
                                "Now",
                                "2026-11-23 9:15",
                                "2026-11-23 09",
                                "2026-11-23 09:",
                                "2026-11-23T",
                                "2026-11-23  09:15",
                                "2026/11/23 09:15",
                                "26-11-23",
                                "2026-1-23",
                                "2026-11-23 09:15:5",
                                "2026-11-23 09:15:00.",
                                "2026-11-23T09:15:00+0100",
                                "2026-11-23T09:15:00+01",
                                "2026-11-23T09:15:00 Z Z",
                                "2026-11-23Z",
                                "2026-11-23T09:15:00UTC",
                                "2026-11-23 09:15 x",
                                "+2026-11-23",
                                "20261123T091500Z",
                                "1700000000",
                                "2026-11-23T09:15:00+01:00 ",
                                "\xff\xfe"}) {
            CAPTURE(bad);
            const std::string got = parse(bad);
            if (std::string_view(bad) == "2026-11-23T09:15:00+01:00 ") {
                CHECK(got == "2026-11-23T08:15:00Z"); // trailing space is trimmed
                continue;
            }
            std::string trimmed(bad);
            trimmed.erase(0, trimmed.find_first_not_of(" "));
            trimmed.erase(trimmed.find_last_not_of(" ") + 1);
            CHECK(got == "error: \"" + trimmed + "\"" + forms);
        }
    }
    SUBCASE("a local time in a DST gap") {
        CHECK(parse("2026-03-29 01:30") == "error: \"2026-03-29 01:30\" does not exist in "
                                           "Europe/London (clocks go forward at 01:00); give an "
                                           "offset");
        CHECK(parse("2026-03-29 01:00") == "error: \"2026-03-29 01:00\" does not exist in "
                                           "Europe/London (clocks go forward at 01:00); give an "
                                           "offset");
        CHECK(parse("2026-03-08 02:30:15", *itsm::time::find_zone("America/New_York")) ==
              "error: \"2026-03-08 02:30:15\" does not exist in America/New_York (clocks go "
              "forward at 02:00); give an offset");
        CHECK(parse("2026-10-04 02:30", *itsm::time::find_zone("Australia/Sydney")) ==
              "error: \"2026-10-04 02:30\" does not exist in Australia/Sydney (clocks go forward "
              "at 02:00); give an offset");
    }
    SUBCASE("an ambiguous local time") {
        CHECK(parse("2026-10-25 01:30") ==
              "error: \"2026-10-25 01:30\" is ambiguous in Europe/London (clocks go back at "
              "02:00); give an offset such as +01:00 or +00:00");
        CHECK(parse("2026-11-01 01:59", *itsm::time::find_zone("America/New_York")) ==
              "error: \"2026-11-01 01:59\" is ambiguous in America/New_York (clocks go back at "
              "02:00); give an offset such as -04:00 or -05:00");
        CHECK(parse("2026-04-05 02:15", *itsm::time::find_zone("Australia/Sydney")) ==
              "error: \"2026-04-05 02:15\" is ambiguous in Australia/Sydney (clocks go back at "
              "03:00); give an offset such as +11:00 or +10:00");
    }
}

TEST_CASE("format_utc and format_local") {
    const Instant t = itsm::time::from_epoch(1795421700); // 2026-11-23T08:15:00Z
    SUBCASE("UTC") {
        CHECK(itsm::time::format_utc(t) == "2026-11-23T08:15:00Z");
        CHECK(itsm::time::format_utc(itsm::time::from_epoch(0)) == "1970-01-01T00:00:00Z");
    }
    SUBCASE("local, with and without offset") {
        CHECK(itsm::time::format_local(t, k_london) == "2026-11-23 08:15");
        CHECK(itsm::time::format_local(t, k_london, true) == "2026-11-23 08:15 +00:00");
        const Zone kolkata = *itsm::time::find_zone("Asia/Kolkata");
        CHECK(itsm::time::format_local(t, kolkata, true) == "2026-11-23 13:45 +05:30");
        const Zone new_york = *itsm::time::find_zone("America/New_York");
        CHECK(itsm::time::format_local(t, new_york, true) == "2026-11-23 03:15 -05:00");
        CHECK(itsm::time::format_local(t + std::chrono::seconds{7}, k_london) ==
              "2026-11-23 08:15:07");
        CHECK(itsm::time::format_local(t, nullptr) == "2026-11-23 08:15");
    }
    SUBCASE("both passes of a repeated hour are told apart by the offset") {
        const Instant first = *itsm::time::parse_time("2026-10-25T00:30:00Z", nullptr, k_now);
        CHECK(itsm::time::format_local(first, k_london, true) == "2026-10-25 01:30 +01:00");
        CHECK(itsm::time::format_local(first + std::chrono::hours{1}, k_london, true) ==
              "2026-10-25 01:30 +00:00");
    }
    SUBCASE("format_local_exact: the offset only in the repeated hour, and it parses back") {
        const Instant first = *itsm::time::parse_time("2026-10-25T00:30:00Z", nullptr, k_now);
        CHECK(itsm::time::format_local_exact(first, k_london) == "2026-10-25 01:30 +01:00");
        CHECK(itsm::time::format_local_exact(first + std::chrono::hours{1}, k_london) ==
              "2026-10-25 01:30 +00:00");
        CHECK(itsm::time::format_local_exact(first - std::chrono::minutes{31}, k_london) ==
              "2026-10-25 00:59");
        CHECK(itsm::time::format_local_exact(first + std::chrono::minutes{90}, k_london) ==
              "2026-10-25 02:00");
        CHECK(itsm::time::format_local_exact(t, k_london) == "2026-11-23 08:15");
        CHECK(itsm::time::format_local_exact(t, nullptr) == "2026-11-23 08:15");
        for (long long s = 1792875600; s < 1792893600; s += 600) { // 21:00Z to 02:00Z
            const Instant u = itsm::time::from_epoch(s);
            CHECK(parse(itsm::time::format_local_exact(u, k_london)) == itsm::time::format_utc(u));
        }
    }
    SUBCASE("the local text with offset parses back to the same instant") {
        for (long long s = 1774700000; s < 1774800000; s += 3607) {
            const Instant u = itsm::time::from_epoch(s);
            CHECK(parse(itsm::time::format_local(u, k_london, true)) == itsm::time::format_utc(u));
        }
    }
}

TEST_CASE("local_date and start_of_day") {
    using std::chrono::year_month_day;
    const Instant t = *itsm::time::parse_time("2026-06-30T23:30:00Z", nullptr, k_now);
    CHECK(itsm::time::local_date(t, k_london) ==
          year_month_day{std::chrono::year{2026}, std::chrono::July, std::chrono::day{1}});
    CHECK(itsm::time::local_date(t, nullptr) ==
          year_month_day{std::chrono::year{2026}, std::chrono::June, std::chrono::day{30}});
    const year_month_day fall{std::chrono::year{2026}, std::chrono::October, std::chrono::day{25}};
    CHECK(itsm::time::format_utc(itsm::time::start_of_day(fall, k_london)) ==
          "2026-10-24T23:00:00Z");
    const year_month_day havana{std::chrono::year{2026}, std::chrono::March, std::chrono::day{8}};
    CHECK(itsm::time::format_utc(itsm::time::start_of_day(
              havana, *itsm::time::find_zone("America/Havana"))) == "2026-03-08T05:00:00Z");
}

TEST_CASE("epoch conversions") {
    CHECK(itsm::time::to_epoch(itsm::time::from_epoch(1795421700)) == 1795421700);
    CHECK(itsm::time::format_utc(itsm::time::from_epoch(1795421700)) == "2026-11-23T08:15:00Z");
}
