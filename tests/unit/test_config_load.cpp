// lib/itsm/config: loading the docs/configuration.md examples, the built-in defaults, and the
// lookups.
#include <itsm/config/config.hpp>
#include <itsm/config/targets.hpp>
#include <itsm/core/error.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

using namespace itsm;
using namespace itsm::config;
using calendar::TimeRange;
using std::chrono::hours;
using std::chrono::minutes;

namespace {

const char* k_windows =
    R"toml(default = "office"                       # used when neither the priority nor the service names one

[windows.office]
timezone = "Europe/London"               # IANA name
hours = { "mon-fri" = "08:00-18:00", sat = "09:00-16:00" }
holidays = ["2026-12-25", "2026-12-28", "2027-01-01"]   # whole days closed, in the window's zone
working_day = "10h"                      # what "1d" means on this window (default: the longest day's hours)

[windows.normal]                         # the seeds' "5d-13h"
timezone = "Europe/Brussels"
hours = { "mon-fri" = "07:00-20:00" }
holidays = ["*-12-25", "*-01-01"]        # every year

[windows.extended]                       # "7d-24h"
timezone = "Europe/Brussels"
hours = { "mon-sun" = "00:00-24:00" }

[windows.split]
timezone = "Africa/Dar_es_Salaam"
hours = { "mon-fri" = ["08:00-12:00", "13:00-17:00"] }

[services.TARIC3]
name = "TARif Integre Communautaire"
window = "normal"
group = "cis"                            # default assignment group
availability = "98%"                     # target within the window
)toml";

const char* k_priorities = R"toml(default = "P4"

[[priority]]
id = "P1"
name = "Critical incident"
description = "Affects multiple systems and multiple users"
response = "1h"        # working time on the ticket's window
resolve = "4h"
window = "extended"    # optional: overrides the service's window

[[priority]]
id = "P2"
name = "High"
response = "2h"
resolve = "2d"

[[priority]]
id = "P3a"
name = "Medium"
response = "4h"
resolve = "3d"

[[priority]]
id = "P3b"
name = "Individual critical incident (remote)"
response = "4h"

[[priority]]
id = "P4"
name = "Low"
response = "1d"
resolve = "10d"

[[priority]]
id = "P5"
name = "Planned"
resolve = "90m"

[matrix]               # optional ITIL impact x urgency -> priority
high   = { high = "P1", medium = "P2", low = "P3a" }
medium = { high = "P2", medium = "P3a", low = "P4" }
low    = { high = "P3a", medium = "P4", low = "P5" }
)toml";

const char* k_settings = R"toml(timezone = "Europe/London"

[[group]]
name = "helpdesk"
tier = 1
auto_escalate_after = "20m"

[[group]]
name = "cis"
tier = 2
email = "cis@example.org"

[[group]]
name = "supplier"
external = true
pause_sla = true
)toml";

LoadResult design_example() {
    return load_texts({{"service-windows.toml", k_windows},
                       {"priorities.toml", k_priorities},
                       {"itsm.toml", k_settings}},
                      CheckOptions{.strict = false, .year = 2026});
}

std::string all_messages(const LoadResult& result) {
    std::string out;
    for (const auto& d : result.diagnostics) {
        out += format(d) + "\n";
    }
    return out;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path =
            std::filesystem::temp_directory_path() /
            ("itsm-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path / name) << text;
    }
    static int& counter() {
        static int n = 0;
        return n;
    }
};

} // namespace

TEST_CASE("the docs/configuration.md example loads exactly") {
    auto result = design_example();
    INFO(all_messages(result));
    REQUIRE_FALSE(result.has_errors());
    const Config& c = result.config;
    CHECK(c.files ==
          std::vector<std::string>{"itsm.toml", "priorities.toml", "service-windows.toml"});

    SUBCASE("windows") {
        CHECK(c.default_window == "office");
        REQUIRE(c.windows.size() == 4);
        const auto& office = c.find_window("office")->spec();
        CHECK(office.zone_name == "Europe/London");
        CHECK(office.zone != nullptr);
        for (int day = 0; day < 5; ++day) {
            CHECK(office.week[day] == std::vector<TimeRange>{{8 * 60, 18 * 60}});
        }
        CHECK(office.week[5] == std::vector<TimeRange>{{9 * 60, 16 * 60}});
        CHECK(office.week[6].empty());
        CHECK(office.holidays ==
              std::vector<calendar::Holiday>{{2026, 12, 25}, {2026, 12, 28}, {2027, 1, 1}});
        CHECK(office.working_day == std::optional<time::Duration>(hours(10)));

        const auto& normal = c.find_window("normal")->spec();
        CHECK(normal.zone_name == "Europe/Brussels");
        CHECK(normal.week[0] == std::vector<TimeRange>{{7 * 60, 20 * 60}});
        CHECK(normal.week[5].empty());
        CHECK(normal.holidays == std::vector<calendar::Holiday>{{0, 12, 25}, {0, 1, 1}});
        CHECK_FALSE(normal.working_day.has_value());
        CHECK(c.find_window("normal")->working_day() == hours(13));

        const auto& extended = c.find_window("extended")->spec();
        for (const auto& day : extended.week) {
            CHECK(day == std::vector<TimeRange>{{0, 24 * 60}});
        }
        const auto& split = c.find_window("split")->spec();
        CHECK(split.zone_name == "Africa/Dar_es_Salaam");
        CHECK(split.week[4] == std::vector<TimeRange>{{8 * 60, 12 * 60}, {13 * 60, 17 * 60}});
        CHECK(split.week[5].empty());
        CHECK(c.find_window("split")->working_day() == hours(8));
    }
    SUBCASE("services") {
        const Service* taric = c.find_service("TARIC3");
        REQUIRE(taric != nullptr);
        CHECK(taric->name == "TARif Integre Communautaire");
        CHECK(taric->window == "normal");
        CHECK(taric->group == "cis");
        CHECK(taric->availability == std::optional<double>(98.0));
        // With a catalogue, tickets name catalogued services unless the file allows others.
        CHECK_FALSE(c.allow_uncatalogued);
        CHECK(c.maintenance.notice == hours(48));
        CHECK(c.maintenance.emergency_notice == hours(1));
    }
    SUBCASE("without a catalogue any service is accepted; with one, when allowed") {
        CHECK(load_texts({{"service-windows.toml", "[windows.a]\nhours = { mon = \"08:00-09:00\" "
                                                   "}\n"}})
                  .config.allow_uncatalogued);
        const auto allowed =
            load_texts({{"service-windows.toml",
                         "allow_uncatalogued = true\n[services.mail]\nname = \"Mail\"\n"}});
        CHECK(allowed.config.allow_uncatalogued);
        const auto notice = load_texts(
            {{"itsm.toml", "[maintenance]\nnotice = \"2d\"\nemergency_notice = \"30m\"\n"}});
        CHECK_FALSE(notice.has_errors());
        CHECK(notice.config.maintenance.notice == hours(48));
        CHECK(notice.config.maintenance.emergency_notice == std::chrono::minutes(30));
    }
    SUBCASE("priorities, in rank order, with targets on their window") {
        REQUIRE(c.priorities.size() == 6);
        CHECK(c.default_priority == "P4");
        const Priority& p1 = c.priorities[0];
        CHECK(p1.id == "P1");
        CHECK(p1.name == "Critical incident");
        CHECK(p1.description == "Affects multiple systems and multiple users");
        CHECK(p1.response == std::optional<time::Duration>(hours(1)));
        CHECK(p1.resolve == std::optional<time::Duration>(hours(4)));
        CHECK(p1.window == "extended");
        CHECK(p1.response_text == "1h");
        // "2d" on the default window (office, working_day 10h) is 20 working hours.
        CHECK(c.find_priority("P2")->resolve == std::optional<time::Duration>(hours(20)));
        CHECK(c.find_priority("P3a")->resolve == std::optional<time::Duration>(hours(30)));
        CHECK(c.find_priority("P3b")->response == std::optional<time::Duration>(hours(4)));
        CHECK_FALSE(c.find_priority("P3b")->resolve.has_value());
        CHECK(c.find_priority("P4")->response == std::optional<time::Duration>(hours(10)));
        CHECK(c.find_priority("P4")->resolve == std::optional<time::Duration>(hours(100)));
        CHECK(c.find_priority("P5")->resolve == std::optional<time::Duration>(minutes(90)));
        CHECK_FALSE(c.find_priority("P5")->response.has_value());
        CHECK(c.find_priority("P5")->name == "Planned");
    }
    SUBCASE("matrix") {
        CHECK(c.matrix.at("high").at("high") == "P1");
        CHECK(c.matrix.at("high").at("low") == "P3a");
        CHECK(c.matrix.at("medium").at("medium") == "P3a");
        CHECK(c.matrix.at("low").at("low") == "P5");
        CHECK(c.matrix.size() == 3);
    }
    SUBCASE("settings") {
        CHECK(c.timezone == "Europe/London");
        CHECK(c.zone != nullptr);
        REQUIRE(c.groups.size() == 3);
        CHECK(c.groups[0].auto_escalate_after == std::optional<time::Duration>(minutes(20)));
        CHECK(c.find_group("cis")->email == "cis@example.org");
        CHECK(c.find_group("supplier")->pause_sla);
        CHECK(c.find_group("supplier")->external);
        CHECK(c.find_group("supplier")->tier == 0);
        CHECK(c.escalation_path == std::vector<std::string>{"helpdesk", "cis"});
        CHECK(c.prefixes.at("incident") == "INC");
    }
    SUBCASE("the window of a ticket") {
        CHECK(c.window_for("P1", "TARIC3").name() == "extended");
        CHECK(c.window_for("P2", "TARIC3").name() == "normal");
        CHECK(c.window_for("P2", "").name() == "office");
        CHECK(c.window_for("nope", "nope").name() == "office");
    }
    SUBCASE("targets re-read on the window that applies") {
        const Priority& p2 = *c.find_priority("P2");
        CHECK(target_on(p2, false, *c.find_window("office")) == hours(20));
        CHECK(target_on(p2, false, *c.find_window("normal")) == hours(26));
        CHECK(target_on(p2, false, *c.find_window("split")) == hours(16));
        CHECK(target_on(p2, true, *c.find_window("normal")) == hours(2));
        CHECK_FALSE(target_on(*c.find_priority("P3b"), false, *c.find_window("normal")));
        Priority coded;
        coded.response = minutes(45);
        CHECK(target_on(coded, true, *c.find_window("normal")) == minutes(45));
    }
    SUBCASE("the only diagnostic is the 24x7 reading of 1d") {
        // P1 has no `d`; nothing else is suspicious.
        CHECK(result.diagnostics.empty());
    }
}

TEST_CASE("built-in defaults when there are no files") {
    auto check_defaults = [](const LoadResult& result) {
        INFO(all_messages(result));
        REQUIRE(result.diagnostics.empty());
        const Config& c = result.config;
        CHECK(c.files.empty());
        CHECK(c.default_window == "24x7");
        REQUIRE(c.windows.size() == 1);
        const auto& spec = c.find_window("24x7")->spec();
        CHECK(spec.zone_name == "UTC");
        for (const auto& day : spec.week) {
            CHECK(day == std::vector<TimeRange>{{0, 1440}});
        }
        CHECK(c.timezone == "UTC");
        REQUIRE(c.priorities.size() == 4);
        CHECK(c.priorities[0].id == "P1");
        CHECK(c.priorities[0].name == "Critical");
        CHECK(c.priorities[0].response == minutes(30));
        CHECK(c.priorities[0].resolve == hours(4));
        CHECK(c.priorities[1].response == hours(1));
        CHECK(c.priorities[1].resolve == hours(8));
        CHECK(c.priorities[2].response == hours(4));
        CHECK(c.priorities[2].resolve == hours(24));
        CHECK(c.priorities[3].id == "P4");
        CHECK(c.priorities[3].response == hours(8));
        CHECK(c.priorities[3].resolve == hours(72));
        CHECK(c.default_priority == "P4");
        CHECK(c.matrix.at("high").at("high") == "P1");
        CHECK(c.matrix.at("high").at("medium") == "P2");
        CHECK(c.matrix.at("medium").at("medium") == "P3");
        CHECK(c.matrix.at("low").at("low") == "P4");
        REQUIRE(c.groups.size() == 1);
        CHECK(c.groups[0].name == "helpdesk");
        CHECK(c.groups[0].tier == 1);
        CHECK(c.escalation_path == std::vector<std::string>{"helpdesk"});
        CHECK(c.services.empty());
        CHECK(c.notify.command.empty());
    };
    SUBCASE("in memory") {
        check_defaults(load_texts({}));
    }
    SUBCASE("an empty folder") {
        TempDir dir;
        auto result = load(dir.path);
        check_defaults(result);
        CHECK(result.config.dir == dir.path);
        CHECK_NOTHROW(load_or_throw(dir.path));
    }
    SUBCASE("a missing folder loads the defaults; check_files() warns about it") {
        TempDir dir;
        check_defaults(load(dir.path / "nope"));
        auto checked = check_files(dir.path / "nope", {});
        REQUIRE(checked.diagnostics.size() == 1);
        CHECK(checked.diagnostics[0].severity == Diagnostic::Severity::warning);
        CHECK(checked.diagnostics[0].message.find("does not exist") != std::string::npos);
    }
    SUBCASE("a named folder that is missing, or a link to nothing, is an error") {
        TempDir dir;
        CHECK(load(dir.path / "nope", true).has_errors());
        CheckOptions named;
        named.named = true;
        CHECK(check_files(dir.path / "nope", named).has_errors());
        std::filesystem::create_directory_symlink(dir.path / "nowhere", dir.path / "link");
        CHECK(load(dir.path / "link").has_errors());
        CHECK_THROWS_AS((void)load_or_throw(dir.path / "link"), itsm::ConfigError);
    }
    SUBCASE("a configuration file that is a link to nothing is an error, not a default") {
        TempDir dir;
        std::filesystem::create_symlink(dir.path / "nowhere", dir.path / "priorities.toml");
        auto result = load(dir.path);
        REQUIRE(result.has_errors());
        CHECK(result.diagnostics[0].file == "priorities.toml");
        CHECK(result.diagnostics[0].message.find("a link to") != std::string::npos);
    }
    SUBCASE("itsm.toml's time zone applies to the built-in window") {
        auto result = load_texts({{"itsm.toml", "timezone = \"Europe/Paris\"\n"}});
        REQUIRE_FALSE(result.has_errors());
        CHECK(result.config.timezone == "Europe/Paris");
        CHECK(result.config.find_window("24x7")->spec().zone_name == "Europe/Paris");
        CHECK(result.config.files == std::vector<std::string>{"itsm.toml"});
    }
    SUBCASE("the time zone defaults to the default window's") {
        auto result = load_texts({{"service-windows.toml", "[windows.office]\ntimezone = "
                                                           "\"Asia/Tokyo\"\nhours = { mon = "
                                                           "\"09:00-17:00\" }\n"}});
        INFO(all_messages(result));
        REQUIRE_FALSE(result.has_errors());
        CHECK(result.config.default_window == "office");
        CHECK(result.config.timezone == "Asia/Tokyo");
    }
}

TEST_CASE("files in a folder") {
    TempDir dir;
    dir.write("service-windows.toml", k_windows);
    dir.write("priorities.toml", k_priorities);
    dir.write("itsm.toml", k_settings);
    SUBCASE("load reads all three") {
        auto result = load(dir.path);
        INFO(all_messages(result));
        CHECK_FALSE(result.has_errors());
        CHECK(result.config.files.size() == 3);
        CHECK(load_or_throw(dir.path).priorities.size() == 6);
    }
    SUBCASE("a misspelt file name is pointed out") {
        std::filesystem::remove(dir.path / "priorities.toml");
        dir.write("priority.toml", k_priorities);
        auto result = load(dir.path);
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].file == "priority.toml");
        CHECK(result.diagnostics[0].message.find("did you mean `priorities.toml`?") !=
              std::string::npos);
        CHECK(result.diagnostics[0].severity == Diagnostic::Severity::warning);
    }
    SUBCASE("load_or_throw names the first error and how to see them all") {
        dir.write("priorities.toml", "default = \"P9\"\n[[priority]]\nid = \"P1\"\nresponse = "
                                     "\"1x\"\n");
        try {
            (void)load_or_throw(dir.path);
            FAIL("no exception");
        } catch (const ConfigError& e) {
            std::string message = e.what();
            CHECK(message.starts_with("invalid configuration: "));
            CHECK(message.find("priorities.toml:1:11: error: unknown priority `P9`") !=
                  std::string::npos);
            CHECK(message.find("(run 'itsm sla-check --config-only' to see all 2 problems)") !=
                  std::string::npos);
            CHECK(e.code() == ExitCode::config);
        }
    }
    SUBCASE("one error: no hint") {
        dir.write("priorities.toml", "[[priority]]\nid = \"P1\"\nresponse = \"1x\"\n");
        try {
            (void)load_or_throw(dir.path);
            FAIL("no exception");
        } catch (const ConfigError& e) {
            std::string message = e.what();
            CHECK(message.find("priorities.toml:3:12: error: response of priority `P1`") !=
                  std::string::npos);
            CHECK(message.find("run 'itsm") == std::string::npos);
        }
    }
}

TEST_CASE("pattern shorthand and holiday forms") {
    auto result = load_texts({{"service-windows.toml", R"toml(default = "normal"
[windows.normal]
timezone = "Europe/Brussels"
pattern = "5d-13h"
start = "07:00"
holidays = [{ date = "2026-12-25", name = "Christmas Day" }, 2026-12-31, "*-01-01"]

[windows.extended]
timezone = "Europe/Brussels"
pattern = "7d-24h"

[windows.long]
timezone = "Europe/Brussels"
pattern = "7d-13h"
start = "07:00"
)toml"}},
                             CheckOptions{.strict = false, .year = 2026});
    INFO(all_messages(result));
    REQUIRE(result.diagnostics.empty());
    const Config& c = result.config;
    const auto& normal = c.find_window("normal")->spec();
    for (int day = 0; day < 5; ++day) {
        CHECK(normal.week[day] == std::vector<TimeRange>{{7 * 60, 20 * 60}});
    }
    CHECK(normal.week[5].empty());
    CHECK(normal.week[6].empty());
    CHECK(normal.holidays ==
          std::vector<calendar::Holiday>{{2026, 12, 25}, {2026, 12, 31}, {0, 1, 1}});
    CHECK(c.holiday_names.at("normal").at(calendar::Holiday{2026, 12, 25}) == "Christmas Day");
    for (const auto& day : c.find_window("extended")->spec().week) {
        CHECK(day == std::vector<TimeRange>{{0, 1440}});
    }
    for (const auto& day : c.find_window("long")->spec().week) {
        CHECK(day == std::vector<TimeRange>{{7 * 60, 20 * 60}});
    }
}

TEST_CASE("itsm.toml settings") {
    auto result = load_texts({{"itsm.toml", R"toml(timezone = "Europe/London"

[store]
path = "/var/lib/itsm/itsm.db"

[prefixes]
incident = "IN"
change = "RFC"

[[group]]
name = "helpdesk"
tier = 1
email = "helpdesk@example.org"
auto_escalate_after = "15m"

[[group]]
name = "second-line"
tier = 2

[[group]]
name = "network"
tier = 3

[escalation]
path = ["helpdesk", "network", "second-line"]
chain = [
    { name = "Help Desk Manager", email = "hdm@example.org" },
    { name = "Service Control Director", email = "scd@example.org" },
    { name = "CEO" },
]

[notify]
command = ["/usr/sbin/sendmail", "-t"]
sender = "itsm@example.org"
events = ["assigned", "closed"]
)toml"}});
    INFO(all_messages(result));
    REQUIRE(result.diagnostics.empty());
    const Config& c = result.config;
    CHECK(c.store_path == "/var/lib/itsm/itsm.db");
    CHECK(c.prefixes.at("incident") == "IN");
    CHECK(c.prefixes.at("request") == "REQ");
    CHECK(c.prefixes.at("change") == "RFC");
    CHECK(c.escalation_path == std::vector<std::string>{"helpdesk", "network", "second-line"});
    REQUIRE(c.chain.size() == 3);
    CHECK(c.chain[0].name == "Help Desk Manager");
    CHECK(c.chain[0].email == "hdm@example.org");
    CHECK(c.chain[2].email.empty());
    CHECK(c.notify.command == std::vector<std::string>{"/usr/sbin/sendmail", "-t"});
    CHECK(c.notify.sender == "itsm@example.org");
    CHECK(c.notify.events == std::vector<std::string>{"assigned", "closed"});
    CHECK(c.groups[0].auto_escalate_after == minutes(15));
    CHECK(c.groups[0].auto_escalate_text == "15m");

    SUBCASE("notify events default to the lifecycle's main moments") {
        auto spool = load_texts({{"itsm.toml", "[notify]\nspool = \"/var/spool/itsm\"\n"}});
        REQUIRE(spool.diagnostics.empty());
        CHECK(spool.config.notify.spool == "/var/spool/itsm");
        CHECK(spool.config.notify.events ==
              std::vector<std::string>{"logged", "assigned", "escalated", "hierarchical",
                                       "resolved", "closed", "breached"});
    }
    SUBCASE("the path is derived from tiers when absent") {
        auto derived = load_texts({{"itsm.toml", "[[group]]\nname = \"b\"\ntier = 2\n[[group]]\n"
                                                 "name = \"a\"\ntier = 1\n[[group]]\nname = "
                                                 "\"x\"\n"}});
        REQUIRE(derived.diagnostics.empty());
        CHECK(derived.config.escalation_path == std::vector<std::string>{"a", "b"});
    }
}
