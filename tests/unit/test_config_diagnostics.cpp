// lib/itsm/config: every kind of diagnostic, with its exact file:line:column and what it says.
// (tests/config/ holds the same kinds as whole broken folders; these are the small cases.)
#include <itsm/config/config.hpp>
#include <itsm/config/suggest.hpp>

#include <doctest/doctest.h>

#include <random>
#include <string>

using namespace itsm::config;

namespace {

constexpr auto k_error = Diagnostic::Severity::error;
constexpr auto k_warning = Diagnostic::Severity::warning;

const char* k_windows_file = "service-windows.toml";
const char* k_priorities_file = "priorities.toml";
const char* k_settings_file = "itsm.toml";

LoadResult windows(const std::string& text, int year = 2026) {
    return load_texts({{k_windows_file, text}}, CheckOptions{.strict = false, .year = year});
}

LoadResult priorities(const std::string& text) {
    return load_texts({{k_priorities_file, text}}, CheckOptions{.strict = false, .year = 2026});
}

LoadResult settings(const std::string& text) {
    return load_texts({{k_settings_file, text}}, CheckOptions{.strict = false, .year = 2026});
}

std::string all_messages(const LoadResult& result) {
    std::string out;
    for (const auto& d : result.diagnostics) {
        out += format(d) + "\n";
    }
    return out;
}

// Exactly one diagnostic, at file:line:column, with that severity, containing `text`.
void check_only(const LoadResult& result, const std::string& file, int line, int column,
                Diagnostic::Severity severity, const std::string& text) {
    INFO(all_messages(result));
    REQUIRE(result.diagnostics.size() == 1);
    const Diagnostic& d = result.diagnostics[0];
    CHECK(d.file == file);
    CHECK(d.line == line);
    CHECK(d.column == column);
    CHECK(d.severity == severity);
    CHECK(d.message.find(text) != std::string::npos);
}

// A window "w" (the default) with the given body lines after its timezone.
std::string window(const std::string& body) {
    return "[windows.w]\ntimezone = \"UTC\"\n" + body;
}

} // namespace

TEST_CASE("TOML syntax errors point at the parser's position") {
    check_only(windows("[windows.w]\ntimezone = \"UTC\nhours = {}\n"), k_windows_file, 2, 16,
               k_error, "invalid TOML");
    check_only(priorities("[[priority]]\nid = P1\n"), k_priorities_file, 2, 6, k_error,
               "invalid TOML");
    check_only(settings("a = 1\na = 2\n"), k_settings_file, 2, 5, k_error, "invalid TOML");
}

TEST_CASE("unknown keys, with did-you-mean") {
    check_only(windows(window("hours = { mon = \"08:00-18:00\" }\nhuors = 1\n")), k_windows_file, 4,
               1, k_error, "unknown key `huors` in [windows.w]; did you mean `hours`?");
    check_only(windows(window("hours = { mon = \"08:00-18:00\" }\ncolour = 1\n")), k_windows_file,
               4, 1, k_error, "expected one of: `timezone`, `hours`");
    check_only(priorities("[[priority]]\nid = \"P1\"\nrespone = \"1h\"\n"), k_priorities_file, 3, 1,
               k_error, "did you mean `response`?");
    check_only(settings("[[group]]\nname = \"helpdesk\"\nteir = 1\n"), k_settings_file, 3, 1,
               k_error, "unknown key `teir` in [[group]]; did you mean `tier`?");
    check_only(settings("[windows.office]\n"), k_settings_file, 1, 2, k_error,
               "it belongs in service-windows.toml");
    auto matrix = priorities("[[priority]]\nid = \"P1\"\n[matrix.high]\nhihg = \"P1\"\n");
    REQUIRE(matrix.diagnostics.size() == 2);
    CHECK(format(matrix.diagnostics[1]) == "priorities.toml:4:1: error: unknown urgency level "
                                           "`hihg` in [matrix] high; did you mean `high`?");
}

TEST_CASE("time zones") {
    check_only(windows("[windows.w]\ntimezone = \"Europe/Londn\"\nhours = { mon = \"08:00-18:00\" "
                       "}\n"),
               k_windows_file, 2, 12, k_error, "did you mean \"Europe/London\"?");
    check_only(settings("timezone = \"America/New York\"\n"), k_settings_file, 1, 12, k_error,
               "America/New_York");
}

TEST_CASE("opening hours") {
    SUBCASE("bad range syntax") {
        check_only(windows(window("hours = { mon = \"8-18\" }\n")), k_windows_file, 3, 17, k_error,
                   "`8-18` is not a time range; write HH:MM-HH:MM");
    }
    SUBCASE("hour out of range") {
        check_only(windows(window("hours = { mon = \"25:00-26:00\" }\n")), k_windows_file, 3, 17,
                   k_error, "hour 25 in `25:00-26:00` is out of range");
    }
    SUBCASE("minute out of range") {
        check_only(windows(window("hours = { mon = \"08:60-18:00\" }\n")), k_windows_file, 3, 17,
                   k_error, "minute 60");
    }
    SUBCASE("end before start") {
        check_only(windows(window("hours = { \"mon-fri\" = \"18:00-08:00\" }\n")), k_windows_file,
                   3, 23, k_error,
                   "range 18:00-08:00 ends before it starts; write it as two ranges, e.g. "
                   "18:00-24:00 on one day and 00:00-08:00 on the next");
    }
    SUBCASE("24:00 ends a range") {
        auto result = windows(window("hours = { mon = \"18:00-24:00\" }\n"));
        CHECK(result.diagnostics.empty());
        CHECK(result.config.find_window("w")->spec().week[0] ==
              std::vector<itsm::calendar::TimeRange>{{18 * 60, 24 * 60}});
    }
    SUBCASE("overlapping ranges") {
        check_only(windows(window("hours = { mon = [\"08:00-12:00\", \"11:30-17:00\"] }\n")),
                   k_windows_file, 3, 33, k_error,
                   "ranges 08:00-12:00 and 11:30-17:00 overlap on `mon`");
    }
    SUBCASE("touching ranges are merged") {
        auto result = windows(window("hours = { mon = [\"13:00-17:00\", \"08:00-13:00\"] }\n"));
        CHECK(result.diagnostics.empty());
        CHECK(result.config.find_window("w")->spec().week[0] ==
              std::vector<itsm::calendar::TimeRange>{{8 * 60, 17 * 60}});
    }
    SUBCASE("a day named twice") {
        check_only(windows(window("hours = { fri = \"08:00-12:00\", \"mon-fri\" = "
                                  "\"08:00-18:00\" }\n")),
                   k_windows_file, 3, 32, k_error,
                   "`mon-fri` names fri again: `fri` at line 3 already gives its hours");
    }
    SUBCASE("bad day keys") {
        check_only(windows(window("hours = { thursday = \"08:00-18:00\" }\n")), k_windows_file, 3,
                   11, k_error, "unknown day `thursday`; did you mean `thu`?");
        check_only(windows(window("hours = { \"sat-mon\" = \"08:00-18:00\" }\n")), k_windows_file,
                   3, 11, k_error, "write it as two keys, `sat-sun` and `mon`");
        check_only(windows(window("hours = { \"sun-mon\" = \"08:00-18:00\" }\n")), k_windows_file,
                   3, 11, k_error, "`sun` and `mon`");
    }
    SUBCASE("hours and pattern together") {
        check_only(windows(window("hours = { mon = \"08:00-18:00\" }\npattern = \"7d-24h\"\n")),
                   k_windows_file, 4, 11, k_error, "has both `hours` and `pattern`");
    }
    SUBCASE("the 7d-24h pattern wants no start but accepts 00:00") {
        auto result = windows(window("pattern = \"7d-24h\"\nstart = \"00:00\"\n"));
        CHECK(result.diagnostics.empty());
        check_only(windows(window("pattern = \"7d-24h\"\nstart = \"01:00\"\n")), k_windows_file, 4,
                   9, k_error, "would run past midnight; start at 00:00 or earlier");
    }
}

TEST_CASE("holidays") {
    auto with = [](const std::string& holidays, int year = 2026) {
        return windows(
            window("hours = { \"mon-fri\" = \"08:00-18:00\" }\nholidays = [" + holidays + "]\n"),
            year);
    };
    check_only(with("\"2026-02-30\""), k_windows_file, 4, 13, k_error,
               "holiday \"2026-02-30\" is not a date: February 2026 has 28 days");
    check_only(with("\"2026-1-5\""), k_windows_file, 4, 13, k_error,
               "write YYYY-MM-DD, e.g. \"2026-12-25\", or *-MM-DD for every year");
    check_only(with("\"2026-12-25\", \"2019-12-25\""), k_windows_file, 4, 27, k_warning,
               "holiday 2019-12-25 is more than a year in the past (it is 2026)");
    check_only(with("\"2032-12-24\""), k_windows_file, 4, 13, k_warning, "more than 5 years ahead");
    CHECK(with("\"2025-12-25\", \"2031-12-25\"").diagnostics.empty());
    CHECK(with("\"2019-12-25\"", 2020).diagnostics.empty());
    check_only(with("\"2026-12-26\""), k_windows_file, 4, 13, k_warning,
               "holiday 2026-12-26 is a Saturday, when window `w` is closed anyway");
    CHECK(with("\"*-12-26\", 2026-12-24").diagnostics.empty());
    check_only(with("{ date = \"2026-12-25\", title = \"x\" }"), k_windows_file, 4, 36, k_error,
               "unknown key `title` in a holiday; expected one of: `date`, `name`");
}

TEST_CASE("references to windows, priorities and groups") {
    SUBCASE("priority window") {
        auto result =
            load_texts({{k_windows_file, window("hours = { mon = \"08:00-18:00\" }\n")},
                        {k_priorities_file,
                         "[[priority]]\nid = \"P1\"\nresponse = \"1h\"\nwindow = \"x\"\n"}});
        check_only(result, k_priorities_file, 4, 10, k_error,
                   "unknown window `x` in priority `P1`");
    }
    SUBCASE("service window and group") {
        auto result = windows(window("hours = { mon = \"08:00-18:00\" }\n[services.S]\nwindow = "
                                     "\"W\"\ngroup = \"helpdesk\"\n"));
        check_only(result, k_windows_file, 5, 10, k_error,
                   "unknown window `W` in service `S`; did you mean `w`?");
        auto group = windows(window("hours = { mon = \"08:00-18:00\" }\n[services.S]\ngroup = "
                                    "\"helpdsk\"\n"));
        check_only(group, k_windows_file, 5, 9, k_error,
                   "unknown group `helpdsk` in service `S`; itsm.toml defines no [[group]]");
    }
    SUBCASE("default window") {
        check_only(windows("default = \"x\"\n" + window("hours = { mon = \"08:00-18:00\" }\n")),
                   k_windows_file, 1, 11, k_error, "unknown window `x` in `default`");
    }
    SUBCASE("default priority and matrix") {
        auto result = priorities("default = \"P9\"\n[[priority]]\nid = \"P1\"\n[matrix]\nhigh = { "
                                 "high = \"P1\", medium = \"P1\", low = \"P1\" }\nmedium = { high "
                                 "= \"P1\", medium = \"P1\", low = \"P1\" }\nlow = { high = "
                                 "\"P1\", medium = \"P1\", low = \"Pl\" }\n");
        INFO(all_messages(result));
        REQUIRE(result.diagnostics.size() == 2);
        CHECK(format(result.diagnostics[0]) ==
              "priorities.toml:1:11: error: unknown priority `P9` in `default`; expected one of: "
              "`P1`");
        CHECK(format(result.diagnostics[1]) ==
              "priorities.toml:7:43: error: unknown priority `Pl` in [matrix] low/low; expected "
              "one of: `P1`");
    }
    SUBCASE("escalation path") {
        check_only(settings("[[group]]\nname = \"helpdesk\"\ntier = 1\n[escalation]\npath = "
                            "[\"helpdesk\", \"2nd-line\"]\n"),
                   k_settings_file, 5, 21, k_error,
                   "unknown group `2nd-line` in [escalation] path");
    }
}

TEST_CASE("duplicates") {
    check_only(priorities("[[priority]]\nid = \"P1\"\n[[priority]]\nid = \"P1\"\n"),
               k_priorities_file, 4, 6, k_error,
               "priority `P1` is defined twice (first at line 2)");
    check_only(settings("[[group]]\nname = \"a\"\n[[group]]\nname = \"a\"\n"), k_settings_file, 4,
               8, k_error, "group `a` is defined twice (first at line 2)");
}

TEST_CASE("durations") {
    check_only(priorities("[[priority]]\nid = \"P1\"\nresponse = \"soon\"\n"), k_priorities_file, 3,
               12, k_error, "response of priority `P1`: \"soon\" is not a valid duration");
    check_only(priorities("[[priority]]\nid = \"P1\"\nresolve = \"0h\"\n"), k_priorities_file, 3,
               11, k_error, "it is zero");
    check_only(priorities("[[priority]]\nid = \"P1\"\nresolve = \"-4h\"\n"), k_priorities_file, 3,
               11, k_error, "it is negative");
    check_only(priorities("[[priority]]\nid = \"P1\"\nresponse = \"8h\"\nresolve = \"4h\"\n"),
               k_priorities_file, 3, 12, k_warning,
               "response target 8h of priority `P1` is longer than its resolve target 4h");
    // 1d on the built-in 24x7 window.
    check_only(priorities("[[priority]]\nid = \"P1\"\nresolve = \"1d\"\n"), k_priorities_file, 3,
               11, k_warning,
               "1d on window `24x7` means 24 working hours, i.e. one calendar day; write 24h to "
               "say so");
    check_only(settings("[[group]]\nname = \"a\"\ntier = 1\nauto_escalate_after = \"0m\"\n"),
               k_settings_file, 4, 23, k_error, "auto_escalate_after of group `a`");
}

TEST_CASE("windows without open hours") {
    check_only(windows(window("hours = {}\n")), k_windows_file, 1, 10, k_error,
               "window `w` has no open hours, but `default` uses it");
    auto result = windows("default = \"w\"\n" + window("hours = { mon = \"08:00-18:00\" }\n") +
                          "[windows.v]\ntimezone = \"UTC\"\n[windows.x]\ntimezone = \"UTC\"\n"
                          "[services.S]\nwindow = \"x\"\n");
    INFO(all_messages(result));
    REQUIRE(result.diagnostics.size() == 2);
    CHECK(format(result.diagnostics[0]) ==
          "service-windows.toml:5:10: warning: window `v` has no open hours and nothing uses it; "
          "give it hours, e.g. hours = { \"mon-fri\" = \"08:00-18:00\" }, or remove it");
    CHECK(format(result.diagnostics[1]) ==
          "service-windows.toml:7:10: error: window `x` has no open hours, but service `S` uses "
          "it, so its clocks would never run; give it hours, e.g. hours = { \"mon-fri\" = "
          "\"08:00-18:00\" }");
}

TEST_CASE("the matrix") {
    check_only(priorities("[[priority]]\nid = \"P1\"\n[matrix]\nhigh = { high = \"P1\" }\n"),
               k_priorities_file, 3, 1, k_warning,
               "[matrix] is incomplete: no priority for impact/urgency high/medium, high/low, "
               "medium/high");
    check_only(priorities("[[priority]]\nid = \"P1\"\n[matrix]\nhigh = { high = \"P1\", medium = "
                          "\"P1\", low = \"P1\" }\nmedium = { high = \"P1\", medium = \"P1\", "
                          "low = \"P1\" }\nlow = { high = \"P1\", medium = \"P1\", low = \"P1\", "
                          "none = \"P1\" }\n"),
               k_priorities_file, 6, 49, k_error, "unknown urgency level `none` in [matrix] low");
}

TEST_CASE("wrong value types") {
    check_only(settings("[[group]]\nname = \"a\"\ntier = \"one\"\n"), k_settings_file, 3, 8,
               k_error, "`tier` must be an integer, e.g. tier = 2; found a string");
    check_only(settings("[[group]]\nname = \"a\"\npause_sla = \"yes\"\n"), k_settings_file, 3, 13,
               k_error, "`pause_sla` must be true or false; found a string");
    check_only(priorities("[[priority]]\nid = 1\n"), k_priorities_file, 2, 6, k_error,
               "`id` must be a string");
    check_only(windows(window("hours = { mon = \"08:00-18:00\" }\nworking_day = 10\n")),
               k_windows_file, 4, 15, k_error, "`working_day` must be a string, e.g. \"10h\"");
}

TEST_CASE("no priorities") {
    check_only(priorities("priority = []\n"), k_priorities_file, 1, 12, k_error,
               "`priority` is empty; define at least one [[priority]]");
    check_only(priorities("default = \"P1\"\n"), k_priorities_file, 1, 1, k_error,
               "priorities.toml defines no [[priority]]");
}

TEST_CASE("every problem is reported, not just the first") {
    auto result = load_texts(
        {{k_windows_file, window("hours = { mon = \"8-18\", tue = \"18:00-08:00\" }\nholidays "
                                 "= [\"2026-02-30\"]\n")},
         {k_priorities_file, "[[priority]]\nid = \"P1\"\nresponse = \"1x\"\n[[priority]]\nid = "
                             "\"P1\"\n"},
         {k_settings_file, "timezone = \"Mars/Olympus\"\n"}},
        CheckOptions{.strict = false, .year = 2026});
    INFO(all_messages(result));
    REQUIRE(result.diagnostics.size() == 6);
    // Sorted by file, then position.
    CHECK(result.diagnostics[0].file == "itsm.toml");
    CHECK(result.diagnostics[1].file == "priorities.toml");
    CHECK(result.diagnostics[1].line == 3);
    CHECK(result.diagnostics[2].line == 5);
    CHECK(result.diagnostics[3].file == "service-windows.toml");
    CHECK(result.diagnostics[3].column < result.diagnostics[4].column);
    CHECK(result.diagnostics[5].line == 4);
}

TEST_CASE("load never throws, whatever the bytes") {
    std::mt19937 random(42);
    const std::string alphabet = "[]{}=\"'.,-:#\n 0123456789abcdefhmsxyzP*%\\\t";
    for (int round = 0; round < 300; ++round) {
        std::string text;
        std::size_t length = random() % 200;
        for (std::size_t i = 0; i < length; ++i) {
            text += alphabet[random() % alphabet.size()];
        }
        for (const char* file : {k_windows_file, k_priorities_file, k_settings_file}) {
            CHECK_NOTHROW(load_texts({{file, text}}));
            CHECK_NOTHROW(
                load_texts({{file, "[windows.w]\nhours = { mon = \"" + text + "\" }\n"}}));
        }
    }
    CHECK_NOTHROW(load_texts({{k_windows_file, std::string("a = \"\0\"", 7)}}));
}

TEST_CASE("did-you-mean") {
    CHECK(edit_distance("hours", "huors") == 1);
    CHECK(edit_distance("Hours", "hours") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(closest("huors", {"hours", "holidays"}) == "hours");
    CHECK(closest("priorities", {"priority", "matrix"}) == "priority");
    CHECK(closest("P2", {"P1", "P3a"}).empty());
    CHECK(closest("p1", {"P1", "P2"}) == "P1");
    CHECK(closest("zzz", {"hours"}).empty());
    CHECK(did_you_mean("x", {}) == "");
    CHECK(did_you_mean("x", {"a", "b"}) == "; expected one of: `a`, `b`");
}
