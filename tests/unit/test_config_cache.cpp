// The parsed configuration's cache (config/cache.cpp): what it keeps reads back as the same
// configuration, a damaged or foreign file is not used, and a change of any file is seen.
#include <itsm/config/cache.hpp>
#include <itsm/config/config.hpp>
#include <itsm/core/error.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

using namespace itsm;
using namespace itsm::config;
namespace fs = std::filesystem;

namespace {

// Every section of itsm.toml, priorities.toml and service-windows.toml, each member set to
// something other than its default, so that a member the cache forgets shows.
const char* k_settings = R"toml(timezone = "Europe/London"
[store]
path = "/var/lib/itsm/itsm.db"
[prefixes]
incident = "IN"
request = "RQ"
[[group]]
name = "helpdesk"
tier = 1
email = "helpdesk@example.org"
auto_escalate_after = "20m"
auto_escalate_unresolved_after = "2h"
[[group]]
name = "second-line"
tier = 2
ola.response = "30m"
ola.resolve = "4h"
ola.P1 = { response = "15m", resolve = "2h" }
[[group]]
name = "supplier"
external = true
pause_sla = true
[escalation]
path = ["helpdesk", "second-line"]
chain = [{ name = "Help Desk Manager", email = "hdm@example.org" }, { name = "CEO", email = "ceo@example.org" }]
on_breach = ["response"]
[notify]
command = ["/usr/sbin/sendmail", "-t", "-i"]
sender = "helpdesk@example.org"
events = ["logged", "resolved", "breached"]
[notify.recipients]
resolved = ["requester", "org", "quality@example.org"]
[notify.agents]
alice = "alice@example.org"
[notify.orgs."Ministry of Finance"]
to = ["ict@mof.example.org"]
cc = ["accounting.officer@mof.example.org"]
[mail]
addresses = ["helpdesk@example.org", "requests@example.org"]
default_type = "request"
reopen_days = 7
max_size = 1048576
quarantine = "/var/lib/itsm/quarantine"
acknowledge = false
acknowledgements_per_hour = 3
[mail.types]
"requests@example.org" = "request"
[mail.domains]
"mof.example.org" = "Ministry of Finance"
[maintenance]
notice = "72h"
emergency_notice = "2h"
[knowledge]
languages = ["english", "russian"]
)toml";

const char* k_priorities = R"toml(default = "P3"
[[priority]]
id = "P1"
name = "Critical"
description = "Many users"
response = "15m"
resolve = "4h"
update = "1h"
window = "extended"
[[priority]]
id = "P2"
response = "1h"
resolve = "1d"
types = ["incident", "request", "problem"]
[[priority]]
id = "P3"
response = "4h"
resolve = "5d"
[matrix]
high = { high = "P1", medium = "P2", low = "P2" }
medium = { high = "P2", medium = "P2", low = "P3" }
low = { high = "P2", medium = "P3", low = "P3" }
)toml";

const char* k_windows = R"toml(default = "office"
[windows.office]
timezone = "Europe/London"
hours = { "mon-fri" = ["08:00-12:00", "13:00-18:00"], sat = "09:00-16:00" }
holidays = ["*-12-25", { date = "*-01-01", name = "New Year" }]
calendars = ["site"]
working_day = "9h"
[windows.extended]
timezone = "Europe/Brussels"
hours = { "mon-sun" = "00:00-24:00" }
[calendars.site]
dates = [{ date = "*-02-15", name = "Inventory day" }]
rules = ["easter-2", { rule = "easter+1", name = "Easter Monday" }, "last-mon-may"]
[services.payroll]
name = "Payroll"
window = "extended"
group = "second-line"
availability = "99.5%"
category = "Finance"
site = "London"
)toml";

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() /
               ("itsm-cache-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

// Decoded from its own encoding, `config` gives the same bytes, TOML and policy again.
void check_round_trip(const Config& config) {
    const std::string key(64, 'a');
    const std::string bytes = internal::encode(config, key);
    auto back = internal::decode(bytes, key);
    REQUIRE(back.has_value());
    CHECK(back->dir.empty());
    back->dir = config.dir; // set by the loader, as the folder a command names
    CHECK(internal::encode(*back, key) == bytes);
    CHECK(to_toml(*back) == to_toml(config));
    CHECK(policy_text(*back) == policy_text(config));
    CHECK(back->zone == config.zone);
    REQUIRE(back->windows.size() == config.windows.size());
    for (const auto& [name, window] : config.windows) {
        CHECK(back->windows.at(name).zone() == window.zone());
        CHECK(back->windows.at(name).spec().week == window.spec().week);
    }
}

} // namespace

TEST_CASE("a configuration reads back from the cache as it was loaded") {
    const auto result = load_texts({{"itsm.toml", k_settings},
                                    {"priorities.toml", k_priorities},
                                    {"service-windows.toml", k_windows}});
    for (const auto& d : result.diagnostics) {
        INFO(format(d));
        CHECK(d.severity != Diagnostic::Severity::error);
    }
    REQUIRE_FALSE(result.has_errors());
    check_round_trip(result.config);
    for (const char* example :
         {"examples/mkip", "examples/ega", "tests/cli/config/office", "tests/cli/config/dates"}) {
        INFO(example);
        const auto loaded = load(fs::path(ITSM_SOURCE_DIR) / example, true);
        REQUIRE_FALSE(loaded.has_errors());
        check_round_trip(loaded.config);
    }
}

TEST_CASE("every member of the configuration is written") {
    // A struct that grows has a member the cache does not keep until it is added to its list
    // in config/cache.cpp (and the layout's number raised there); then change the size here.
#if defined(__GLIBCXX__) && defined(__x86_64__)
    CHECK(sizeof(Priority) == 296);
    CHECK(sizeof(Calendar) == 216);
    CHECK(sizeof(Service) == 208);
    CHECK(sizeof(OlaTargets) == 96);
    CHECK(sizeof(Group) == 224);
    CHECK(sizeof(ChainLevel) == 64);
    CHECK(sizeof(OrgContacts) == 48);
    CHECK(sizeof(Notify) == 304);
    CHECK(sizeof(MailIn) == 208);
    CHECK(sizeof(MaintenancePolicy) == 80);
    CHECK(sizeof(Knowledge) == 24);
    CHECK(sizeof(calendar::WindowSpec) == 280);
    CHECK(sizeof(Config) == 1288);
#endif
}

TEST_CASE("cut, altered or foreign bytes are not used") {
    const auto config = load(fs::path(ITSM_SOURCE_DIR) / "examples/mkip", true).config;
    const std::string key(64, 'b');
    const std::string bytes = internal::encode(config, key);
    CHECK_FALSE(internal::decode(bytes, std::string(64, 'c')).has_value());
    CHECK_FALSE(internal::decode(bytes, "").has_value());
    CHECK_FALSE(internal::decode(bytes + "x", key).has_value());
    for (std::size_t n = 0; n < bytes.size(); n += 1 + n / 8) {
        INFO(n);
        CHECK_FALSE(internal::decode(bytes.substr(0, n), key).has_value());
    }
    // A count far past the end of the file (the first member is the list of files).
    std::string counted = bytes;
    const std::size_t first = std::string_view(bytes).find('\n', 14) + 1;
    counted[first + 7] = '\x7f';
    CHECK_FALSE(internal::decode(counted, key).has_value());
    // A zone this machine does not know is loaded afresh.
    std::string zoned = bytes;
    const auto at = zoned.find("Europe/London");
    REQUIRE(at != std::string::npos);
    zoned.replace(at, 13, "Europe/Londox");
    CHECK_FALSE(internal::decode(zoned, key).has_value());
}

TEST_CASE("load_or_throw keeps a configuration and sees each change of its files") {
    TempDir dir;
    const fs::path config = dir.path / "config";
    const fs::path cache = dir.path / "cache";
    write(config / "itsm.toml", "[[group]]\nname = \"helpdesk\"\n");
    write(config / "priorities.toml",
          "default = \"P1\"\n[[priority]]\nid = \"P1\"\nresponse = \"1h\"\n");
    write(config / "service-windows.toml",
          "[windows.office]\ntimezone = \"Europe/London\"\nhours = { \"mon-fri\" = "
          "\"09:00-17:00\" }\n");

    CHECK(load_or_throw(config, true, "check", cache).priorities.at(0).response ==
          std::chrono::hours(1));
    REQUIRE(fs::exists(internal::cache_file(cache, config)));
    CHECK((fs::status(cache).permissions() & fs::perms::all) == fs::perms::owner_all);
    CHECK((fs::status(internal::cache_file(cache, config)).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write));
    const auto kept = load_or_throw(config, true, "check", cache);
    CHECK(kept.dir == config);
    CHECK(kept.priorities.at(0).response == std::chrono::hours(1));

    SUBCASE("a file changed") {
        write(config / "priorities.toml",
              "default = \"P1\"\n[[priority]]\nid = \"P1\"\nresponse = \"2h\"\n");
        CHECK(load_or_throw(config, true, "check", cache).priorities.at(0).response ==
              std::chrono::hours(2));
    }
    SUBCASE("a calendar added") {
        write(config / "calendars/site.toml", "dates = [\"2027-02-15\"]\n");
        CHECK(load_or_throw(config, true, "check", cache).calendars.contains("site"));
    }
    SUBCASE("a file broken, then mended") {
        write(config / "priorities.toml", "default = \"P1\"\n[[priority]\n");
        CHECK_THROWS_AS((void)load_or_throw(config, true, "check", cache), ConfigError);
        write(config / "priorities.toml",
              "default = \"P1\"\n[[priority]]\nid = \"P1\"\nresponse = \"1h\"\n");
        CHECK(load_or_throw(config, true, "check", cache).priorities.size() == 1);
    }
    SUBCASE("a template changed is read again") {
        write(config / "itsm.toml", "[[group]]\nname = \"helpdesk\"\n[notify]\nspool = \"" +
                                        (dir.path / "spool").string() +
                                        "\"\nevents = [\"logged\"]\n");
        write(config / "notify/logged.txt", "Subject: one\n\n{title}\n");
        CHECK(load_or_throw(config, true, "check", cache).notify.templates.at("logged") ==
              "Subject: one\n\n{title}\n");
        write(config / "notify/logged.txt", "Subject: two\n\n{title}\n");
        CHECK(load_or_throw(config, true, "check", cache).notify.templates.at("logged") ==
              "Subject: two\n\n{title}\n");
    }
    SUBCASE("a kept file is used only when this user's, in a folder only this user writes") {
        // What the file holds is what a command gets: one written with the same key is taken.
        const fs::path file = internal::cache_file(cache, config);
        std::ifstream in(file);
        std::string magic;
        std::string key;
        std::getline(in, magic);
        std::getline(in, key);
        in.close();
        Config forged = load_or_throw(config, true, "check", cache);
        forged.priorities.at(0).response = std::chrono::hours(5);
        fs::remove(file);
        std::ofstream(file) << internal::encode(forged, key);
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
        CHECK(load_or_throw(config, true, "check", cache).priorities.at(0).response ==
              std::chrono::hours(5));
        fs::permissions(file, fs::perms::group_write, fs::perm_options::add);
        CHECK(load_or_throw(config, true, "check", cache).priorities.at(0).response ==
              std::chrono::hours(1));
        std::ofstream(file) << internal::encode(forged, key);
        fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write);
        fs::permissions(cache, fs::perms::others_write, fs::perm_options::add);
        CHECK(load_or_throw(config, true, "check", cache).priorities.at(0).response ==
              std::chrono::hours(1));
    }
    SUBCASE("a damaged cache file is loaded afresh and replaced") {
        write(internal::cache_file(cache, config), "itsm-config 1\nnot a key\n");
        CHECK(load_or_throw(config, true, "check", cache).priorities.size() == 1);
        std::ifstream in(internal::cache_file(cache, config));
        std::string first;
        std::getline(in, first);
        std::string key;
        std::getline(in, key);
        CHECK(key.size() == 64);
    }
    SUBCASE("a calendar that cannot be read is an error, not the configuration kept before it") {
        fs::create_directories(config / "calendars/site.toml"); // a folder, not a file
        CHECK_THROWS_AS((void)load_or_throw(config, true, "check", cache), ConfigError);
    }
}
