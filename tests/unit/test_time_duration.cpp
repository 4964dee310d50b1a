// Working-time durations: the accepted forms, every rejection, formatting.
#include <itsm/time/duration.hpp>

#include <doctest/doctest.h>

#include <string>

using itsm::time::Duration;
using namespace std::chrono_literals;

namespace {

/// Seconds as text, or "error: <message>".
std::string parse(std::string_view text, Duration working_day = 10h) {
    auto d = itsm::time::parse_duration(text, working_day);
    return d ? std::to_string(d->count()) : "error: " + d.error();
}

const std::string k_hint = "; write working time as days, hours and minutes in that order, such "
                           "as 90m, 1h30m, 4h, 1d or 2d4h";

} // namespace

TEST_CASE("parse_duration accepts") {
    SUBCASE("minutes, hours and both") {
        CHECK(parse("90m") == "5400");
        CHECK(parse("4h") == "14400");
        CHECK(parse("1h30m") == "5400");
        CHECK(parse("0h30m") == "1800");
        CHECK(parse("1h0m") == "3600");
        CHECK(parse("1m") == "60");
        CHECK(parse("36h") == "129600");
    }
    SUBCASE("days are the window's working day") {
        CHECK(parse("1d") == "36000");
        CHECK(parse("10d") == "360000");
        CHECK(parse("2d4h") == "86400");
        CHECK(parse("1d1h1m") == "39660");
        CHECK(parse("1d", 24h) == "86400");
        CHECK(parse("3d", 8h + 30min) == "91800");
    }
    SUBCASE("surrounding whitespace and leading zeros") {
        CHECK(parse(" 4h\n") == "14400");
        CHECK(parse("090m") == "5400");
    }
    SUBCASE("up to 100 years") {
        CHECK(parse("878400h") == "3162240000");
        CHECK(parse("52560000m") == "3153600000");
    }
}

TEST_CASE("parse_duration rejects") {
    CHECK(parse("") == "error: \"\" is not a valid duration: it is empty" + k_hint);
    CHECK(parse("  ") == "error: \"\" is not a valid duration: it is empty" + k_hint);
    CHECK(parse("0m") == "error: \"0m\" is not a valid duration: it is zero" + k_hint);
    CHECK(parse("0d0h0m") == "error: \"0d0h0m\" is not a valid duration: it is zero" + k_hint);
    CHECK(parse("-1h") == "error: \"-1h\" is not a valid duration: it is negative" + k_hint);
    CHECK(parse("1x") ==
          "error: \"1x\" is not a valid duration: 'x' is not a unit (d, h or m)" + k_hint);
    CHECK(parse("h") ==
          "error: \"h\" is not a valid duration: 'h' has no number before it" + k_hint);
    CHECK(parse("1h m") == "error: \"1h m\" is not a valid duration: ' ' is not a unit (d, h or "
                           "m)" +
                               k_hint);
    CHECK(parse("1m30h") == "error: \"1m30h\" is not a valid duration: units must come in the "
                            "order d, h, m, each at most once" +
                                k_hint);
    CHECK(parse("1h1h") == "error: \"1h1h\" is not a valid duration: units must come in the "
                           "order d, h, m, each at most once" +
                               k_hint);
    CHECK(parse("90") ==
          "error: \"90\" is not a valid duration: \"90\" has no unit (d, h or m)" + k_hint);
    CHECK(parse("1h30") ==
          "error: \"1h30\" is not a valid duration: \"30\" has no unit (d, h or m)" + k_hint);
    CHECK(parse("1H") ==
          "error: \"1H\" is not a valid duration: 'H' is not a unit (d, h or m)" + k_hint);
    CHECK(parse("+1h") ==
          "error: \"+1h\" is not a valid duration: '+' is not a unit (d, h or m)" + k_hint);
    CHECK(parse("1.5h") ==
          "error: \"1.5h\" is not a valid duration: '.' is not a unit (d, h or m)" + k_hint);
    SUBCASE("overflow and absurd lengths") {
        const std::string too_long = " is not a valid duration: it is too long (at most 100 years)";
        CHECK(parse("878401h") == "error: \"878401h\"" + too_long + k_hint);
        CHECK(parse("99999999999999999999999m") ==
              "error: \"99999999999999999999999m\"" + too_long + k_hint);
        CHECK(parse("9223372036854775807h") ==
              "error: \"9223372036854775807h\"" + too_long + k_hint);
        CHECK(parse("36600d1h", 24h) == "error: \"36600d1h\"" + too_long + k_hint);
    }
    SUBCASE("days on a window without working hours") {
        CHECK(parse("1d", 0s) == "error: \"1d\" is not a valid duration: \"d\" needs a window "
                                 "with working hours" +
                                     k_hint);
        CHECK(parse("1h", 0s) == "3600");
    }
}

TEST_CASE("uses_days") {
    CHECK(itsm::time::uses_days("1d"));
    CHECK(itsm::time::uses_days("2d4h"));
    CHECK_FALSE(itsm::time::uses_days("90m"));
    CHECK_FALSE(itsm::time::uses_days("1h30m"));
}

TEST_CASE("format_duration") {
    CHECK(itsm::time::format_duration(90min) == "1h30m");
    CHECK(itsm::time::format_duration(4h) == "4h");
    CHECK(itsm::time::format_duration(45min) == "45m");
    CHECK(itsm::time::format_duration(0s) == "0m");
    CHECK(itsm::time::format_duration(59s) == "0m");
    CHECK(itsm::time::format_duration(100h + 1min) == "100h1m");
    CHECK(itsm::time::format_duration(-90min) == "-1h30m");
    SUBCASE("formats back to what parses to the same value") {
        for (const char* text : {"1h30m", "4h", "45m", "36h", "100h1m"}) {
            CAPTURE(text);
            auto d = itsm::time::parse_duration(text, 10h);
            REQUIRE(d.has_value());
            CHECK(itsm::time::format_duration(*d) == text);
        }
    }
}
