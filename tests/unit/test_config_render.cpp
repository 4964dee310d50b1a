// lib/itsm/config: the three renderers of `sla-check --config-only`, strict mode, and
// `config show` (to_toml) read back to an equal configuration.
#include <itsm/config/config.hpp>

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include <string>

using namespace itsm;
using namespace itsm::config;

namespace {

const char* k_broken_windows = R"toml([windows.night]
timezone = "UTC"
hours = { "mon-fri" = "18:00-08:00", sat = "08:00-12:00" }
holidays = ["2026-12-27"]
)toml";

LoadResult broken(bool strict) {
    return load_texts({{"service-windows.toml", k_broken_windows}},
                      CheckOptions{.strict = strict, .year = 2026});
}

std::string all_messages(const LoadResult& result) {
    std::string out;
    for (const auto& d : result.diagnostics) {
        out += format(d) + "\n";
    }
    return out;
}

void check_same(const Config& a, const Config& b) {
    CHECK(a.timezone == b.timezone);
    CHECK(a.store_path == b.store_path);
    CHECK(a.prefixes == b.prefixes);
    CHECK(a.default_window == b.default_window);
    REQUIRE(a.windows.size() == b.windows.size());
    for (const auto& [name, window] : a.windows) {
        INFO("window " << name);
        const calendar::Window* other = b.find_window(name);
        REQUIRE(other != nullptr);
        CHECK(window.spec().name == other->spec().name);
        CHECK(window.spec().zone_name == other->spec().zone_name);
        CHECK(window.spec().week == other->spec().week);
        CHECK(window.spec().holidays == other->spec().holidays);
        CHECK(window.spec().working_day == other->spec().working_day);
        CHECK(window.working_day() == other->working_day());
    }
    CHECK(a.holiday_names == b.holiday_names);
    REQUIRE(a.services.size() == b.services.size());
    for (const auto& [id, service] : a.services) {
        INFO("service " << id);
        const Service* other = b.find_service(id);
        REQUIRE(other != nullptr);
        CHECK(service.id == other->id);
        CHECK(service.name == other->name);
        CHECK(service.window == other->window);
        CHECK(service.group == other->group);
        CHECK(service.availability == other->availability);
        CHECK(service.category == other->category);
        CHECK(service.site == other->site);
    }
    CHECK(a.allow_uncatalogued == b.allow_uncatalogued);
    CHECK(a.maintenance.notice == b.maintenance.notice);
    CHECK(a.maintenance.emergency_notice == b.maintenance.emergency_notice);
    CHECK(a.default_priority == b.default_priority);
    REQUIRE(a.priorities.size() == b.priorities.size());
    for (std::size_t i = 0; i < a.priorities.size(); ++i) {
        const Priority& p = a.priorities[i];
        const Priority& q = b.priorities[i];
        INFO("priority " << p.id);
        CHECK(p.id == q.id);
        CHECK(p.name == q.name);
        CHECK(p.description == q.description);
        CHECK(p.response == q.response);
        CHECK(p.resolve == q.resolve);
        CHECK(p.response_text == q.response_text);
        CHECK(p.resolve_text == q.resolve_text);
        CHECK(p.types == q.types);
        CHECK(p.window == q.window);
    }
    CHECK(a.matrix == b.matrix);
    REQUIRE(a.groups.size() == b.groups.size());
    for (std::size_t i = 0; i < a.groups.size(); ++i) {
        const Group& g = a.groups[i];
        const Group& h = b.groups[i];
        INFO("group " << g.name);
        CHECK(g.name == h.name);
        CHECK(g.tier == h.tier);
        CHECK(g.email == h.email);
        CHECK(g.external == h.external);
        CHECK(g.pause_sla == h.pause_sla);
        CHECK(g.auto_escalate_after == h.auto_escalate_after);
        CHECK(g.auto_escalate_text == h.auto_escalate_text);
        CHECK(g.auto_escalate_unresolved_after == h.auto_escalate_unresolved_after);
        CHECK(g.auto_escalate_unresolved_text == h.auto_escalate_unresolved_text);
        REQUIRE(g.ola.size() == h.ola.size());
        for (const auto& [priority, ola] : g.ola) {
            INFO("ola " << priority);
            REQUIRE(h.ola.contains(priority));
            const auto& other = h.ola.at(priority);
            CHECK(ola.response_text == other.response_text);
            CHECK(ola.resolve_text == other.resolve_text);
            CHECK(ola.response == other.response);
            CHECK(ola.resolve == other.resolve);
        }
    }
    CHECK(a.escalation_path == b.escalation_path);
    CHECK(a.on_breach == b.on_breach);
    REQUIRE(a.chain.size() == b.chain.size());
    for (std::size_t i = 0; i < a.chain.size(); ++i) {
        CHECK(a.chain[i].name == b.chain[i].name);
        CHECK(a.chain[i].email == b.chain[i].email);
    }
    CHECK(a.notify.command == b.notify.command);
    CHECK(a.notify.spool == b.notify.spool);
    CHECK(a.notify.sender == b.notify.sender);
    CHECK(a.notify.events == b.notify.events);
    CHECK(a.notify.recipients == b.notify.recipients);
    CHECK(a.notify.agents == b.notify.agents);
    CHECK(a.notify.orgs.size() == b.notify.orgs.size());
    for (const auto& [name, contacts] : a.notify.orgs) {
        REQUIRE(b.notify.orgs.count(name) == 1);
        CHECK(b.notify.orgs.at(name).to == contacts.to);
        CHECK(b.notify.orgs.at(name).cc == contacts.cc);
    }
}

// Loads `config`'s to_toml_files and checks that they give the same configuration back.
void check_round_trip(const Config& config) {
    auto files = to_toml_files(config);
    auto again = load_texts(files, CheckOptions{.strict = false, .year = 2026});
    INFO(to_toml(config));
    INFO(all_messages(again));
    REQUIRE_FALSE(again.has_errors());
    check_same(config, again.config);
    // And once more: printing the reloaded configuration gives the same text.
    CHECK(to_toml_files(again.config) == files);
}

} // namespace

TEST_CASE("render_text: compiler-style lines and a summary") {
    auto result = broken(false);
    CHECK(render_text(result) ==
          "service-windows.toml:3:23: error: range 18:00-08:00 ends before it starts; write it "
          "as two ranges, e.g. 18:00-24:00 on one day and 00:00-08:00 on the next\n"
          "service-windows.toml:4:13: warning: holiday 2026-12-27 is a Sunday, when window "
          "`night` is closed anyway; remove it, or check the date\n"
          "1 error, 1 warning\n");
    CHECK(render_text(load_texts({})) == "0 errors, 0 warnings\n");
}

TEST_CASE("strict turns warnings into errors") {
    auto lenient = broken(false);
    auto strict = broken(true);
    REQUIRE(strict.diagnostics.size() == 2);
    CHECK(lenient.diagnostics[1].severity == Diagnostic::Severity::warning);
    CHECK(strict.diagnostics[1].severity == Diagnostic::Severity::error);
    CHECK(strict.diagnostics[1].message == lenient.diagnostics[1].message);
    CHECK(strict.diagnostics[1].promoted);
    CHECK_FALSE(strict.diagnostics[0].promoted);
    CHECK_FALSE(lenient.diagnostics[1].promoted);
    // The summary tells the warnings made errors from the errors, and each says so.
    CHECK(render_text(strict).ends_with("1 error, 1 warning made errors by --strict\n"));
    CHECK(format(strict.diagnostics[1]).ends_with(" [--strict]"));
    CHECK_FALSE(format(lenient.diagnostics[1]).ends_with(" [--strict]"));

    auto warned = load_texts({{"priorities.toml", "[[priority]]\nid = \"P1\"\nresponse = "
                                                  "\"8h\"\nresolve = \"4h\"\n"}});
    CHECK_FALSE(warned.has_errors());
    auto warned_strict = load_texts({{"priorities.toml", "[[priority]]\nid = \"P1\"\nresponse = "
                                                         "\"8h\"\nresolve = \"4h\"\n"}},
                                    CheckOptions{.strict = true, .year = 2026});
    CHECK(warned_strict.has_errors());
}

TEST_CASE("render_json: the shape of docs/ci.md") {
    auto result = broken(false);
    auto doc = nlohmann::json::parse(render_json(result));
    CHECK(doc["valid"] == false);
    CHECK(doc["files"] == nlohmann::json::array({"service-windows.toml"}));
    REQUIRE(doc["diagnostics"].size() == 2);
    const auto& first = doc["diagnostics"][0];
    CHECK(first["file"] == "service-windows.toml");
    CHECK(first["line"] == 3);
    CHECK(first["column"] == 23);
    CHECK(first["severity"] == "error");
    CHECK(
        first["message"].get<std::string>().starts_with("range 18:00-08:00 ends before it starts"));
    CHECK(doc["diagnostics"][1]["severity"] == "warning");
    CHECK(first.size() == 5);

    auto valid = nlohmann::json::parse(render_json(load_texts({})));
    CHECK(valid == nlohmann::json::parse(R"({"valid": true, "files": [], "diagnostics": []})"));

    auto warnings_only = nlohmann::json::parse(render_json(
        load_texts({{"priorities.toml",
                     "[[priority]]\nid = \"P1\"\nresponse = \"8h\"\nresolve = \"4h\"\n"}})));
    CHECK(warnings_only["valid"] == true);
    CHECK(warnings_only["diagnostics"].size() == 1);
}

TEST_CASE("render_github: workflow commands with escaping") {
    auto result = broken(false);
    result.config.dir = "conf";
    CHECK(render_github(result) ==
          "::error file=conf/service-windows.toml,line=3,col=23::range 18:00-08:00 ends before "
          "it starts; write it as two ranges, e.g. 18:00-24:00 on one day and 00:00-08:00 on "
          "the next\n"
          "::warning file=conf/service-windows.toml,line=4,col=13::holiday 2026-12-27 is a "
          "Sunday, when window `night` is closed anyway; remove it, or check the date\n");

    LoadResult odd;
    odd.config.dir = "a,b:c";
    odd.diagnostics.push_back(
        Diagnostic{"x.toml", 1, 2, Diagnostic::Severity::error, "100% wrong\r\nsecond line"});
    odd.diagnostics.push_back(Diagnostic{"", 0, 0, Diagnostic::Severity::warning, "no position"});
    CHECK(render_github(odd) == "::error file=a%2Cb%3Ac/x.toml,line=1,col=2::100%25 "
                                "wrong%0D%0Asecond line\n"
                                "::warning::no position\n");
    CHECK(render_github(load_texts({})).empty());
}

TEST_CASE("format: positions are left out when unknown") {
    CHECK(format(Diagnostic{"itsm.toml", 3, 7, Diagnostic::Severity::error, "m"}) ==
          "itsm.toml:3:7: error: m");
    CHECK(format(Diagnostic{"itsm.toml", 0, 0, Diagnostic::Severity::warning, "m"}) ==
          "itsm.toml: warning: m");
    CHECK(format(Diagnostic{"", 0, 0, Diagnostic::Severity::warning, "m"}) == "warning: m");
}

TEST_CASE("to_toml round trip") {
    SUBCASE("the built-in defaults") {
        auto defaults = load_texts({});
        check_round_trip(defaults.config);
        std::string shown = to_toml(defaults.config);
        CHECK(shown.find("(no files: built-in defaults)") != std::string::npos);
        CHECK(shown.find("# ======== itsm.toml:") != std::string::npos);
        CHECK(shown.find("# ======== priorities.toml:") != std::string::npos);
        CHECK(shown.find("# ======== service-windows.toml:") != std::string::npos);
        CHECK(shown.find("[windows.24x7]\ntimezone = \"UTC\"\nhours = { mon-sun = "
                         "\"00:00-24:00\" }\n") != std::string::npos);
        CHECK(shown.find("id = \"P1\"\nname = \"Critical\"") != std::string::npos);
    }
    SUBCASE("a configuration using every feature") {
        auto result = load_texts({{"service-windows.toml", R"toml(default = "office"
allow_uncatalogued = false

[windows.office]
timezone = "Europe/London"
hours = { "mon-fri" = "08:00-18:00", sat = "09:00-16:00" }
holidays = [{ date = "2026-12-25", name = "Christmas \"Day\"" }, "2026-12-28", "*-01-01"]
working_day = "10h"

[windows.normal]
timezone = "Europe/Brussels"
pattern = "5d-13h"
start = "07:00"

[windows."split window"]
timezone = "Africa/Dar_es_Salaam"
hours = { mon = ["08:00-12:00", "13:00-17:00"], tue = ["08:00-12:00", "13:00-17:00"], wed = "08:00-12:30", sun = "10:00-11:00" }
working_day = "7h30m"

[services.TARIC3]
name = "TARif Integre Communautaire"
window = "normal"
group = "cis"
availability = "99.5%"
category = "application"
site = "Brussels"

[services."e-mail"]
name = "E-mail"
availability = 98
)toml"},
                                  {"priorities.toml", R"toml(default = "P3b"
[[priority]]
id = "P1"
name = "Critical incident"
description = "Affects multiple systems\nand multiple users"
response = "1h"
resolve = "4h"
window = "normal"

[[priority]]
id = "P3b"
name = "Individual"
response = "1d"
types = ["incident", "problem"]

[matrix]
high = { high = "P1", low = "P3b" }
low = { medium = "P3b" }
)toml"},
                                  {"itsm.toml", R"toml(timezone = "Europe/Paris"
[store]
path = "/var/lib/itsm/itsm.db"
[prefixes]
incident = "IN"
[[group]]
name = "helpdesk"
tier = 1
email = "helpdesk@example.org"
auto_escalate_after = "20m"
auto_escalate_unresolved_after = "2h"
[[group]]
name = "cis"
tier = 2
[[group]]
name = "supplier"
external = true
pause_sla = true
[escalation]
chain = [{ name = "Help Desk Manager", email = "hdm@example.org" }, { name = "CEO" }]
on_breach = ["resolve"]
[notify]
command = ["/usr/sbin/sendmail", "-t", "-f", "itsm@example.org"]
sender = "itsm@example.org"
events = ["assigned", "closed", "breached"]
[notify.recipients]
closed = ["requester", "org", "quality@example.org"]
[notify.agents]
alice = "alice@example.org"
"Bob Smith" = "bob@example.org"
[notify.orgs."Ministry of Finance"]
to = ["ict@mof.example.org"]
cc = ["ao@mof.example.org"]
)toml"}},
                                 CheckOptions{.strict = false, .year = 2026});
        INFO(all_messages(result));
        // The incomplete matrix is the one warning.
        REQUIRE(result.diagnostics.size() == 1);
        CHECK(result.diagnostics[0].message.find("[matrix] is incomplete") != std::string::npos);
        check_round_trip(result.config);
        std::string shown = to_toml(result.config);
        CHECK(shown.find("[windows.\"split window\"]") != std::string::npos);
        CHECK(shown.find("hours = { mon-tue = [\"08:00-12:00\", \"13:00-17:00\"], wed = "
                         "\"08:00-12:30\", sun = \"10:00-11:00\" }") != std::string::npos);
        CHECK(shown.find("holidays = [{ date = \"2026-12-25\", name = \"Christmas \\\"Day\\\"\" "
                         "}, \"2026-12-28\", \"*-01-01\"]") != std::string::npos);
        CHECK(shown.find("hours = { mon-fri = \"07:00-20:00\" }") != std::string::npos);
        CHECK(shown.find("availability = \"99.5%\"") != std::string::npos);
        CHECK(shown.find("working_day = \"7h30m\"") != std::string::npos);
        CHECK(shown.find("path = [\"helpdesk\", \"cis\"]") != std::string::npos);
        CHECK(shown.find("on_breach = [\"resolve\"]") != std::string::npos);
        CHECK(shown.find("types = [\"incident\", \"problem\"]") != std::string::npos);
        CHECK(shown.find("auto_escalate_unresolved_after = \"2h\"") != std::string::npos);
        REQUIRE(result.config.priorities.size() == 2);
        CHECK(result.config.priorities[0].types == std::vector<std::string>{"incident", "request"});
    }
    SUBCASE("groups' OLAs: for every priority and per priority") {
        auto result = load_texts({{"itsm.toml", R"toml([[group]]
name = "helpdesk"
ola = { response = "30m", resolve = "4h", P1 = { response = "15m" } }

[[group]]
name = "second-line"
ola.P2 = { resolve = "1d by-date" }
)toml"}});
        INFO(all_messages(result));
        REQUIRE(result.diagnostics.empty());
        check_round_trip(result.config);
        const std::string shown = to_toml(result.config);
        CHECK(shown.find("ola.response = \"30m\"\nola.resolve = \"4h\"\nola.P1 = { response = "
                         "\"15m\" }") != std::string::npos);
        CHECK(shown.find("ola.P2 = { resolve = \"1d by-date\" }") != std::string::npos);
        const auto* helpdesk = result.config.find_group("helpdesk");
        REQUIRE(helpdesk != nullptr);
        REQUIRE(helpdesk->ola_for("P1") != nullptr);
        CHECK(helpdesk->ola_for("P1")->response == std::chrono::minutes{15});
        CHECK(helpdesk->ola_for("P1")->resolve_text.empty()); // replaced whole, not merged
        CHECK(helpdesk->ola_for("P3")->resolve == std::chrono::hours{4});
        CHECK(result.config.find_group("second-line")->ola_for("P3") == nullptr);
    }
    SUBCASE("the notify spool") {
        auto result = load_texts({{"itsm.toml", "[notify]\nspool = \"/var/spool/itsm\"\n"}});
        REQUIRE(result.diagnostics.empty());
        check_round_trip(result.config);
    }
}
