// SLA case files: parsing with file:line:column diagnostics (lib/itsm/config/cases) and running
// them with the live engine (lib/itsm/sla/cases), on the worked examples of docs/sla.md.
#include <itsm/config/cases.hpp>
#include <itsm/sla/cases.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace itsm;
using config::CaseFile;
using config::Diagnostic;

namespace {

const std::map<std::string, std::string> k_files = {
    {"itsm.toml", R"toml(timezone = "Europe/London"

[[group]]
name = "helpdesk"
tier = 1

[[group]]
name = "second-line"
tier = 2

[[group]]
name = "supplier"
tier = 3
external = true
pause_sla = true
)toml"},
    {"priorities.toml", R"toml(default = "P2"

[[priority]]
id = "P1"
response = "30m"
resolve = "4h"
window = "extended"

[[priority]]
id = "P2"
response = "1h"
resolve = "8h"

[[priority]]
id = "P5"
response = "1d"
)toml"},
    {"service-windows.toml", R"toml(default = "office"

[windows.office]
timezone = "Europe/London"
hours = { "mon-fri" = "08:00-18:00", sat = "09:00-16:00" }
holidays = ["2026-12-25", "2026-12-28", "2027-01-01"]
working_day = "10h"

[windows.extended]
timezone = "Europe/London"
hours = { "mon-sun" = "00:00-24:00" }

[services.email]
window = "office"
group = "helpdesk"
)toml"},
};

const config::Config& office() {
    static const config::LoadResult loaded = [] {
        config::CheckOptions options;
        options.year = 2026;
        return config::load_texts(k_files, options);
    }();
    REQUIRE_FALSE(loaded.has_errors());
    return loaded.config;
}

CaseFile parse(const std::string& text) {
    return config::parse_cases(text, "cases.toml", office());
}

// "cases.toml:3:12: error: ..." for every diagnostic.
std::vector<std::string> lines_of(const CaseFile& file) {
    std::vector<std::string> out;
    for (const auto& d : file.diagnostics) {
        out.push_back(config::format(d));
    }
    return out;
}

sla::CaseReport run(const std::string& text) {
    const CaseFile file = parse(text);
    INFO(sla::render_text(file, nullptr));
    REQUIRE_FALSE(file.has_errors());
    return sla::run_cases(office(), file);
}

} // namespace

TEST_CASE("the worked examples of docs/sla.md pass") {
    const auto report = run(R"toml(
[[case]]
name = "Friday evening"
service = "email"
logged = "2026-11-27 17:30"
expect.window = "office"
expect.response_due = "2026-11-28 09:30"
expect.resolve_due = "2026-11-30 08:30"

[[case]]
name = "Christmas Eve"
logged = "2026-12-24 17:00"
expect.response_due = "2026-12-24 18:00"
expect.resolve_due = "2026-12-26 16:00"

[[case]]
name = "Christmas Eve, on hold"
logged = "2026-12-24 17:00"
holds = [["2026-12-24 17:30", "2026-12-26 10:00"]]
expect.resolve_due = "2026-12-29 09:30"
expect.resolve_state = "running"
)toml");
    CHECK(report.results.size() == 3);
    CHECK(report.passed() == 3);
    CHECK(report.failed() == 0);
    CHECK(sla::render_text(CaseFile{}, &report) ==
          "PASS Friday evening\nPASS Christmas Eve\nPASS Christmas Eve, on hold\n"
          "3 passed, 0 failed\n");
}

TEST_CASE("a wrong expectation fails with what was expected and what the engine says") {
    const std::string text = R"toml([[case]]
name = "late"
priority = "P2"
logged = "2026-11-27 17:30"
expect.response_due = "2026-11-28 09:30"
expect.resolve_due = "2026-11-30 09:30"
expect.resolve_state = "met"
)toml";
    const CaseFile file = parse(text);
    const auto report = sla::run_cases(office(), file);
    REQUIRE(report.results.size() == 1);
    const auto& r = report.results[0];
    CHECK_FALSE(r.passed);
    CHECK(r.line == 2);
    REQUIRE(r.failures.size() == 2);
    CHECK(r.failures[0].line == 6);
    CHECK(r.failures[0].column == 22);
    CHECK(r.failures[0].message == "resolve due expected 2026-11-30 09:30, got 2026-11-30 08:30");
    CHECK(r.failures[1].message == "resolve state expected met, got running");

    SUBCASE("text") {
        CHECK(sla::render_text(file, &report) ==
              "FAIL late: resolve due expected 2026-11-30 09:30, got 2026-11-30 08:30; resolve "
              "state expected met, got running\n0 passed, 1 failed\n");
    }
    SUBCASE("github annotations at the expectation's line") {
        CHECK(sla::render_github(file, &report) ==
              "::error file=cases.toml,line=6,col=22::case \"late\": resolve due expected "
              "2026-11-30 09:30, got 2026-11-30 08:30\n"
              "::error file=cases.toml,line=7,col=24::case \"late\": resolve state expected met, "
              "got running\n"
              "0 passed, 1 failed\n");
    }
    SUBCASE("json: expected and actual in UTC") {
        const auto json = sla::to_json(report);
        REQUIRE(json.size() == 1);
        CHECK(json[0]["name"] == "late");
        CHECK(json[0]["passed"] == false);
        CHECK(json[0]["expected"]["resolve_due"] == "2026-11-30T09:30:00Z");
        CHECK(json[0]["actual"]["resolve_due"] == "2026-11-30T08:30:00Z");
        CHECK(json[0]["actual"]["response_due"] == "2026-11-28T09:30:00Z");
        CHECK(json[0]["actual"]["resolve_state"] == "running");
        CHECK(json[0]["failures"].size() == 2);
    }
}

TEST_CASE("steps are what the commands record") {
    SUBCASE("a supplier with pause_sla pauses the resolve clock, not the response") {
        const auto report = run(R"toml([[case]]
name = "supplier"
service = "email"
logged = "2026-11-23 09:00"
steps = [
  { at = "2026-11-23 10:00", action = "assign", group = "supplier" },
  { at = "2026-11-24 10:00", action = "assign", group = "second-line", to = "alice" },
]
expect.response_due = "2026-11-23 10:00"
expect.response_state = "breached"
expect.resolve_due = "2026-11-24 17:00"
expect.resolve_counted_minutes = 60
expect.resolve_state = "running"
)toml");
        CHECK(report.passed() == 1);
    }
    SUBCASE("escalate without a group follows the path; resolve and reopen") {
        const auto report = run(R"toml([[case]]
name = "path"
service = "email"
logged = "2026-11-23 09:00"
steps = [
  { at = "2026-11-23 09:30", action = "escalate" },
  { at = "2026-11-23 11:00", action = "resolve" },
  { at = "2026-11-24 08:00", action = "reopen" },
  { at = "2026-11-24 09:00", action = "escalate" },
]
expect.response_state = "met"
expect.resolve_counted_minutes = 180
expect.resolve_state = "paused"
)toml");
        CHECK(report.passed() == 1);
    }
    SUBCASE("escalating past the last tier fails the case, naming the step") {
        const CaseFile file = parse(R"toml([[case]]
name = "too far"
group = "supplier"
logged = "2026-11-23 09:00"
steps = [{ at = "2026-11-23 09:30", action = "escalate" }]
expect.response_state = "running"
)toml");
        const auto report = sla::run_cases(office(), file);
        REQUIRE(report.results[0].failures.size() == 1);
        CHECK(report.results[0].failures[0].line == 5);
        CHECK(report.results[0].failures[0].message ==
              "escalate: the ticket is already with `supplier`, the last tier of the escalation "
              "path; give the step a `group`");
    }
    SUBCASE("a priority change applies from logging, with the new priority's window") {
        const auto report = run(R"toml([[case]]
name = "raised"
service = "email"
logged = "2026-11-28 15:30"
steps = [{ at = "2026-11-28 15:40", action = "update", priority = "P1" }]
expect.window = "extended"
expect.response_target_minutes = 30
expect.response_due = "2026-11-28 16:00"
expect.resolve_due = "2026-11-28 19:30"
)toml");
        CHECK(report.passed() == 1);
    }
    SUBCASE("a priority without a resolve target") {
        const auto report = run(R"toml([[case]]
name = "P5"
priority = "P5"
logged = "2026-11-27T17:30:00Z"
expect.response_target_minutes = 600
expect.resolve_due = "none"
expect.resolve_target_minutes = "none"
expect.resolve_state = "none"
)toml");
        CHECK(report.passed() == 1);
    }
    SUBCASE("TOML date-times: with an offset, and local to the configuration's timezone") {
        const auto report = run(R"toml([[case]]
name = "native"
logged = 2026-11-27T18:30:00+01:00
expect.response_due = 2026-11-28T09:30:00
)toml");
        CHECK(report.passed() == 1);
    }
}

TEST_CASE("a malformed case file gets file:line:column diagnostics and runs nothing") {
    SUBCASE("names the configuration does not define, with did-you-mean") {
        const auto file = parse(R"toml([[case]]
name = "typos"
priority = "P3"
service = "emial"
group = "second_line"
logged = "2026-11-27 17:30"
expect.window = "ofice"
)toml");
        CHECK(file.has_errors());
        CHECK(lines_of(file) ==
              std::vector<std::string>{
                  "cases.toml:3:12: error: unknown priority `P3`; expected one of: `P1`, `P2`, "
                  "`P5`",
                  "cases.toml:4:11: error: unknown service `emial`; did you mean `email`? (leave "
                  "`service` out for a ticket on no catalogued service)",
                  "cases.toml:5:9: error: unknown group `second_line`; did you mean "
                  "`second-line`?",
                  "cases.toml:7:17: error: unknown window `ofice`; did you mean `office`?"});
    }
    SUBCASE("missing and malformed fields") {
        const auto file = parse(R"toml([[case]]
name = "bad"
logged = "now"
at = "2026-13-01 09:00"
expect = {}

[[case]]
priority = "P2"
)toml");
        const auto lines = lines_of(file);
        REQUIRE(lines.size() == 6);
        CHECK(lines[0] == "cases.toml:3:10: error: `logged` = \"now\" would give another answer "
                          "on every run; write a fixed time, e.g. \"2026-11-27 17:30\"");
        CHECK(lines[1].starts_with("cases.toml:4:6: error: `at`: "));
        CHECK(lines[2].starts_with("cases.toml:5:10: error: `expect` is empty"));
        CHECK(lines[3] == "cases.toml:7:1: error: [[case]] has no `name`; add one, e.g. name = "
                          "\"P2 logged Friday evening\"");
        CHECK(lines[4].starts_with("cases.toml:7:1: error: [[case]] has no `logged`"));
        CHECK(lines[5].starts_with("cases.toml:7:1: error: [[case]] has no `expect`"));
    }
    SUBCASE("steps and holds") {
        const auto file = parse(R"toml([[case]]
name = "history"
logged = "2026-11-27 17:30"
holds = [["2026-11-27 17:00", "2026-11-28 10:00"], ["2026-11-30 10:00", "2026-11-30 09:00"]]
steps = [
  { at = "2026-11-30 09:00", action = "asign", group = "helpdesk" },
  { at = "2026-11-30 09:00", action = "hold", group = "helpdesk" },
  { action = "note" },
]
expect.resolve_du = "2026-11-30 10:00"
)toml");
        CHECK(lines_of(file) ==
              std::vector<std::string>{
                  "cases.toml:4:11: error: this hold starts before the ticket is logged",
                  "cases.toml:4:73: error: this hold ends before it starts; write [FROM, TO] with "
                  "TO after FROM",
                  "cases.toml:6:39: error: unknown action `asign`; did you mean `assign`?",
                  "cases.toml:7:55: error: `group` does not apply to action `hold`",
                  "cases.toml:8:3: error: a step needs `at`, the time it happened, e.g. at = "
                  "\"2026-11-27 17:30\"",
                  "cases.toml:10:21: error: unknown expectation `resolve_du`; did you mean "
                  "`resolve_due`?"});
    }
    SUBCASE("two cases with one name") {
        const auto file = parse(R"toml([[case]]
name = "same"
logged = "2026-11-27 17:30"
expect.window = "office"

[[case]]
name = "same"
logged = "2026-11-27 17:30"
expect.window = "office"
)toml");
        CHECK(lines_of(file) == std::vector<std::string>{
                                    "cases.toml:7:8: error: case \"same\" is defined twice (first "
                                    "at line 2); give each case its own name"});
    }
    SUBCASE("not TOML, not cases") {
        CHECK(lines_of(parse("[[case]\nname = 1\n")).size() == 1);
        CHECK(lines_of(parse("[[case]\n")).front().starts_with("cases.toml:1:"));
        CHECK(lines_of(parse("")) ==
              std::vector<std::string>{"cases.toml:1:1: error: no cases: a case file holds "
                                       "[[case]] tables, e.g. [[case]] name = \"P2 logged Friday "
                                       "evening\""});
        CHECK(lines_of(parse("cases = 1\n")).front() ==
              "cases.toml:1:1: error: unknown key `cases` at the top of a case file (cases are "
              "[[case]] tables); did you mean `case`?");
    }
    SUBCASE("`at` before a step is a warning, an error with strict") {
        const std::string text = R"toml([[case]]
name = "early"
logged = "2026-11-27 17:30"
at = "2026-11-27 17:45"
steps = [{ at = "2026-11-27 18:00", action = "note" }]
expect.response_state = "running"
)toml";
        const auto lenient = parse(text);
        CHECK_FALSE(lenient.has_errors());
        CHECK(lines_of(lenient) ==
              std::vector<std::string>{"cases.toml:4:6: warning: `at` is before the step at line "
                                       "5, so that step is not taken into account"});
        CHECK(config::parse_cases(text, "cases.toml", office(), true).has_errors());
    }
}

TEST_CASE("render_json adds the cases to the configuration's document") {
    config::CheckOptions options;
    options.year = 2026;
    const auto loaded = config::load_texts(k_files, options);
    const CaseFile file = parse(R"toml([[case]]
name = "ok"
logged = "2026-11-27 17:30"
expect.response_due = "2026-11-28 09:30"
)toml");
    const auto report = sla::run_cases(loaded.config, file);
    const auto doc = nlohmann::json::parse(sla::render_json(loaded, file, &report));
    CHECK(doc["valid"] == true);
    CHECK(doc["cases_file"] == "cases.toml");
    REQUIRE(doc["cases"].size() == 1);
    CHECK(doc["cases"][0]["passed"] == true);
    CHECK(doc["cases"][0]["expected"] == doc["cases"][0]["actual"]);

    const CaseFile broken = parse("[[case]]\nname = 1\n");
    const auto bad = nlohmann::json::parse(sla::render_json(loaded, broken, nullptr));
    CHECK(bad["valid"] == false);
    CHECK(bad["cases"].empty());
    CHECK(bad["diagnostics"][0]["file"] == "cases.toml");
    CHECK(bad["diagnostics"].back()["line"] == 2);
}
