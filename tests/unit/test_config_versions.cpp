// Policy versions (docs/configuration.md, "Policy versions"): dated folders laid over the
// top-level files, the version a ticket is measured by, the hash that names a version, and the
// diagnostics of each version. The choice of version is checked against a reference that reads
// the logging's local date through date/tz on random tickets.
#include <itsm/config/config.hpp>
#include <itsm/sla/clock.hpp>
#include <itsm/sla/ola.hpp>

#include <date/tz.h>
#include <doctest/doctest.h>

#include <chrono>
#include <map>
#include <random>
#include <string>

using namespace itsm;
using namespace std::chrono_literals;
using time::Instant;
using Json = nlohmann::json;

namespace {

Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
    return std::chrono::sys_days{std::chrono::year{y} / mo / d} + std::chrono::hours{h} +
           std::chrono::minutes{mi};
}

const char* k_settings = "timezone = \"Europe/Brussels\"\n";

const char* k_windows = R"toml(default = "office"
[windows.office]
timezone = "Europe/London"
hours = { "mon-fri" = "08:00-18:00" }
holidays = ["2026-12-25", "2027-01-01"]
)toml";

std::string priorities(const char* response, const char* resolve) {
    return std::string("[[priority]]\nid = \"P1\"\nname = \"Critical\"\nresponse = \"") + response +
           "\"\nresolve = \"" + resolve + "\"\n";
}

// The desk's files, with the terms changed twice: at the contract renewal of 2027-01-01 (new
// targets) and from 2027-03-01 (a holiday added to the window).
std::map<std::string, std::string> dated_texts() {
    return {
        {"itsm.toml", k_settings},
        {"service-windows.toml", k_windows},
        {"priorities.toml", priorities("1h", "8h")},
        {"policies/2027-01-01/priorities.toml", priorities("30m", "4h")},
        {"policies/2027-03-01/service-windows.toml", std::string(k_windows) + "# Easter closure\n"},
        {"policies/2027-04-01/service-windows.toml",
         R"toml(default = "office"
[windows.office]
timezone = "Europe/London"
hours = { "mon-fri" = "08:00-17:00" }
holidays = ["2026-12-25", "2027-01-01", "2027-04-05"]
)toml"}};
}

config::Config load_ok(const std::map<std::string, std::string>& texts) {
    auto result = config::load_texts(texts);
    for (const auto& d : result.diagnostics) {
        INFO(config::format(d));
    }
    REQUIRE_FALSE(result.has_errors());
    return std::move(result.config);
}

model::Event event(Instant at, const char* kind, Json detail) {
    model::Event e;
    e.at = at;
    e.actor = "alice";
    model::set_kind(e, kind);
    e.detail = std::move(detail);
    return e;
}

} // namespace

TEST_CASE("a dated folder takes effect at local midnight of its date in the desk's zone") {
    const auto c = load_ok(dated_texts());
    const auto versions = c.policy_versions();
    REQUIRE(versions.size() == 4);
    CHECK(versions[0].folder.empty());
    CHECK(versions[1].folder == "policies/2027-01-01");
    // Brussels is UTC+1 in winter: 2027-01-01 00:00 there is 2026-12-31 23:00 UTC.
    CHECK(versions[1].from == utc(2026, 12, 31, 23));
    CHECK(&c.policy_at(utc(2026, 12, 31, 22, 59)) == versions[0].config.get());
    CHECK(&c.policy_at(utc(2026, 12, 31, 23)) == versions[1].config.get());
    CHECK(c.policy_at(utc(2027, 2, 1)).find_priority("P1")->response == 30min);
    CHECK(c.policy_at(utc(2026, 6, 1)).find_priority("P1")->response == 1h);
    // A later folder keeps what it does not replace: the 2027-01-01 priorities stay.
    CHECK(c.policy_at(utc(2027, 4, 2)).find_priority("P1")->resolve == 4h);
    // The configuration returned is the first version's, with the list of every version.
    CHECK(c.policy == versions[0].hash);
    CHECK(&c.policy_at(utc(2027, 5, 1)).policy_at(utc(2026, 1, 1)) == versions[0].config.get());
}

TEST_CASE("a version's hash follows its terms, not its layout or the other settings") {
    const auto c = load_ok(dated_texts());
    const auto v = c.policy_versions();
    CHECK(v[0].hash.size() == 16);
    CHECK(v[0].hash != v[1].hash);
    // policies/2027-03-01 only added a comment: the same terms, the same hash.
    CHECK(v[2].hash == v[1].hash);
    CHECK(v[3].hash != v[2].hash);
    CHECK(c.has_policy(v[3].hash));
    CHECK_FALSE(c.has_policy("0123456789abcdef"));

    auto texts = dated_texts();
    texts["itsm.toml"] = std::string(k_settings) + "\n[notify]\nspool = \"out\"\n";
    CHECK(load_ok(texts).policy == c.policy);
    auto renamed = priorities("1h", "8h");
    renamed.replace(renamed.find("Critical"), 8, "Major incident");
    texts["priorities.toml"] = renamed + "description = \"many users\"\n";
    CHECK(load_ok(texts).policy == c.policy);
    texts["priorities.toml"] = priorities("1h", "9h");
    CHECK(load_ok(texts).policy != c.policy);
    texts["priorities.toml"] = priorities("1h", "8h");
    texts["service-windows.toml"] = std::string(k_windows) + "[services.payroll]\nname = \"Pay\"\n";
    CHECK(load_ok(texts).policy == c.policy);
    texts["service-windows.toml"] =
        std::string(k_windows) + "[services.payroll]\nname = \"Pay\"\nwindow = \"office\"\n";
    CHECK(load_ok(texts).policy != c.policy);
    // Without a policies/ folder there is one version: no list, the configuration itself.
    auto plain = load_ok({{"itsm.toml", k_settings},
                          {"service-windows.toml", k_windows},
                          {"priorities.toml", priorities("1h", "8h")}});
    CHECK(plain.policy_versions().empty());
    CHECK(plain.policy == c.policy);
    CHECK(&plain.policy_at(utc(2030, 1, 1)) == &plain);
    CHECK(plain.has_policy(c.policy));
}

TEST_CASE("each version is checked, and its problems are named by the file they are in") {
    auto texts = dated_texts();
    texts["policies/2027-01-01/priorities.toml"] =
        "[[priority]]\nid = \"P1\"\nresponse = \"soon\"\n";
    texts["policies/next-year/priorities.toml"] = priorities("1h", "8h");
    texts["policies/2027-02-30/priorities.toml"] = priorities("1h", "8h");
    texts["policies/2027-05-01/notes.toml"] = "x = 1\n";
    const auto result = config::load_texts(texts);
    CHECK(result.has_errors());
    std::string all;
    for (const auto& d : result.diagnostics) {
        all += config::format(d) + "\n";
    }
    CAPTURE(all);
    CHECK(all.find("policies/2027-01-01/priorities.toml:3:") != std::string::npos);
    CHECK(all.find("policies/next-year: warning: this folder is not read") != std::string::npos);
    CHECK(all.find("policies/2027-02-30: warning: this folder is not read") != std::string::npos);
    CHECK(all.find("policies/2027-05-01/notes.toml: warning: this file is not read") !=
          std::string::npos);
    // The top-level files' own problems are reported once, not again for each version.
    texts = dated_texts();
    texts["service-windows.toml"] = std::string(k_windows) + "bogus = 1\n";
    const auto again = config::load_texts(texts);
    int told = 0;
    for (const auto& d : again.diagnostics) {
        told += d.message.find("bogus") != std::string::npos ? 1 : 0;
    }
    CHECK(told == 1);
}

TEST_CASE("a ticket is measured by the version in force when it was logged, on random tickets") {
    const auto c = load_ok(dated_texts());
    // Each version alone, loaded from its own texts: what measuring by that version gives.
    std::vector<config::Config> alone;
    {
        auto texts = dated_texts();
        std::map<std::string, std::string> current;
        for (const auto& [name, text] : texts) {
            if (!name.starts_with("policies/")) {
                current[name] = text;
            }
        }
        alone.push_back(load_ok(current));
        for (const char* folder : {"2027-01-01", "2027-03-01", "2027-04-01"}) {
            const std::string prefix = std::string("policies/") + folder + "/";
            for (const auto& [name, text] : texts) {
                if (name.starts_with(prefix)) {
                    current[name.substr(prefix.size())] = text;
                }
            }
            alone.push_back(load_ok(current));
        }
    }
    // The reference: the logging's local date in Brussels, read through date/tz.
    const auto* brussels = date::locate_zone("Europe/Brussels");
    auto version_of = [&](Instant logged) {
        const auto local = date::make_zoned(brussels, logged).get_local_time();
        const date::year_month_day day{date::floor<date::days>(local)};
        const int key = static_cast<int>(day.year()) * 10000 +
                        static_cast<int>(static_cast<unsigned>(day.month())) * 100 +
                        static_cast<int>(static_cast<unsigned>(day.day()));
        return key >= 20270401 ? 3 : key >= 20270301 ? 2 : key >= 20270101 ? 1 : 0;
    };
    std::mt19937 rng(20270101);
    std::uniform_int_distribution<int> minutes(0, 200 * 24 * 60);
    std::map<int, int> seen;
    for (int n = 0; n < 400; ++n) {
        // Logged between 2026-11-15 and 2027-06-03, some exactly around the boundaries.
        Instant logged = utc(2026, 11, 15) + std::chrono::minutes{minutes(rng)};
        if (n % 10 == 0) {
            const Instant edges[] = {utc(2026, 12, 31, 23), utc(2027, 2, 28, 23),
                                     utc(2027, 3, 31, 22)};
            logged = edges[n / 10 % 3] + std::chrono::minutes{n % 20 == 0 ? -1 : 0};
        }
        const std::vector<model::Event> events{
            event(logged, "logged", {{"type", "incident"}, {"title", "t"}, {"priority", "P1"}})};
        const Instant at = logged + std::chrono::minutes{minutes(rng) / 20};
        const int want = version_of(logged);
        ++seen[want];
        CAPTURE(time::to_epoch(logged));
        const auto got = sla::evaluate(c, events, at);
        const auto ref = sla::evaluate(alone[static_cast<std::size_t>(want)], events, at);
        CHECK(got.response.due == ref.response.due);
        CHECK(got.resolve.due == ref.resolve.due);
        CHECK(got.resolve.counted == ref.resolve.counted);
        CHECK(got.resolve.state == ref.resolve.state);
        // Asking through any version gives the same: the version is the logging's.
        const auto through = sla::evaluate(c.policy_at(at), events, at);
        CHECK(through.resolve.due == got.resolve.due);
    }
    for (int v = 0; v < 4; ++v) {
        CAPTURE(v);
        CHECK(seen[v] > 10);
    }
}

TEST_CASE("a group's OLA is measured by the version in force when the ticket was logged") {
    auto texts = dated_texts();
    texts["itsm.toml"] = std::string(k_settings) + "[[group]]\nname = \"second-line\"\n";
    texts["policies/2027-01-01/itsm.toml"] = std::string(k_settings) +
                                             "[[group]]\nname = \"second-line\"\n"
                                             "ola = { response = \"15m\", resolve = \"2h\" }\n";
    const auto c = load_ok(texts);
    CHECK(c.policy_versions()[0].hash != c.policy_versions()[1].hash);
    auto olas_of = [&](Instant logged) {
        const std::vector<model::Event> events{event(
            logged, "logged",
            {{"type", "incident"}, {"title", "t"}, {"priority", "P1"}, {"group", "second-line"}})};
        return sla::evaluate_olas(c, events, logged + 1h);
    };
    CHECK(olas_of(utc(2026, 12, 30, 10)).empty());
    const auto after = olas_of(utc(2027, 1, 5, 10));
    REQUIRE(after.size() == 2);
    CHECK(after[1].group == "second-line");
    CHECK(after[1].clock.target == 2h);
}
