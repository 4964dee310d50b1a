// itsm's own reading of the tz database against date/tz's: the same zones, and for every zone
// the same offset at every instant and the same reading of every wall-clock time around each of
// its changes (gaps, repeats, and the instants either side), from 1900 to 2040.
#include <itsm/time/instant.hpp>
#include <itsm/time/zone.hpp>

#include <doctest/doctest.h>

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using itsm::time::LocalInfo;
using itsm::time::TimeZone;

namespace {

const date::sys_seconds k_from = date::sys_days{date::year{1900} / 1 / 1};
const date::sys_seconds k_until = date::sys_days{date::year{2040} / 1 / 1};

/// Compares the two readings of one zone and keeps the first few differences.
struct Comparison {
    const date::time_zone& theirs;
    const TimeZone& ours;
    std::vector<std::string> differences;
    long long checks = 0;

    void note(std::string what) {
        if (differences.size() < 5) {
            differences.push_back(fmt::format("{}: {}", ours.name(), what));
        }
    }

    void instant(date::sys_seconds t) {
        ++checks;
        const auto a = theirs.get_info(t);
        const auto b = ours.get_info(t);
        if (a.offset != b.offset) {
            note(fmt::format("offset at {} is {} (date/tz {})", t.time_since_epoch().count(),
                             b.offset.count(), a.offset.count()));
        }
    }

    void local(date::local_seconds t) {
        ++checks;
        const auto a = theirs.get_info(t);
        const auto b = ours.get_info(t);
        const auto at = t.time_since_epoch().count();
        if (static_cast<int>(a.result) != static_cast<int>(b.result)) {
            note(
                fmt::format("local {} reads as {} (date/tz {})", at, int(b.result), int(a.result)));
            return;
        }
        if (a.first.offset != b.first.offset) {
            note(fmt::format("local {}: first offset {} (date/tz {})", at, b.first.offset.count(),
                             a.first.offset.count()));
        }
        if (b.result != LocalInfo::unique &&
            (a.second.offset != b.second.offset || a.first.end != b.first.end ||
             a.second.begin != b.second.begin)) {
            note(fmt::format("local {}: the change differs", at));
        }
        for (const auto choose : {itsm::time::Choose::earliest, itsm::time::Choose::latest}) {
            const auto mine = ours.to_sys(t, choose);
            const auto date_choice = choose == itsm::time::Choose::earliest ? date::choose::earliest
                                                                            : date::choose::latest;
            if (mine != theirs.to_sys(t, date_choice)) {
                note(fmt::format("local {}: to_sys differs", at));
            }
        }
    }
};

std::vector<std::string> date_zone_names() {
    std::vector<std::string> names;
    for (const auto& zone : date::get_tzdb().zones) {
        if (zone.name() != "localtime") {
            names.push_back(zone.name());
        }
    }
    std::ranges::sort(names);
    return names;
}

/// A scratch tz folder holding copies of real zone files, as $TZDIR for the test's duration.
class ScratchTzdir {
public:
    ScratchTzdir()
        : m_dir(std::filesystem::temp_directory_path() /
                fmt::format("itsm-tz-{}", std::random_device{}())) {
        std::filesystem::create_directories(m_dir / "Test");
        setenv("TZDIR", m_dir.c_str(), 1);
    }
    ~ScratchTzdir() {
        unsetenv("TZDIR");
        std::filesystem::remove_all(m_dir);
    }
    ScratchTzdir(const ScratchTzdir&) = delete;
    ScratchTzdir& operator=(const ScratchTzdir&) = delete;

    std::filesystem::path path(const std::string& name) const { return m_dir / name; }
    void write(const std::string& name, const std::string& bytes) const {
        std::ofstream(path(name), std::ios::binary) << bytes;
    }

private:
    std::filesystem::path m_dir;
};

std::string bytes_of(const std::string& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST_CASE("the zones are date/tz's zones") {
    const auto ours = itsm::time::zone_names();
    const auto theirs = date_zone_names();
    CHECK(ours.size() > 300);
    CHECK(ours == theirs);
    CHECK(std::ranges::find(ours, "Europe/London") != ours.end());
    CHECK(std::ranges::find(ours, "US/Eastern") != ours.end()); // links are zones too
}

TEST_CASE("every zone reads as date/tz reads it") {
    std::mt19937_64 rng(20261129);
    std::uniform_int_distribution<long long> any_second(k_from.time_since_epoch().count(),
                                                        k_until.time_since_epoch().count());
    long long checks = 0;
    std::vector<std::string> differences;
    for (const auto& name : date_zone_names()) {
        const auto zone = itsm::time::load_zone(name);
        REQUIRE_MESSAGE(zone.has_value(), name);
        CHECK((*zone)->name() == name);
        Comparison c{*date::locate_zone(name), **zone, {}, 0};
        // Every change of offset: the instants either side, and the wall-clock readings from
        // three hours before it to three hours after, in steps that hit the edges of a gap or
        // repeat of 30 minutes, an hour or two.
        for (auto t = k_from; t < k_until;) {
            const auto info = c.theirs.get_info(t);
            if (info.end >= k_until) {
                break;
            }
            c.instant(info.end - 1s);
            c.instant(info.end);
            const auto next = c.theirs.get_info(info.end);
            for (const auto& offset : {info.offset, next.offset}) {
                const date::local_seconds change{(info.end + offset).time_since_epoch()};
                for (std::chrono::minutes d = -3h; d <= 3h; d += 15min) {
                    c.local(change + d);
                    c.local(change + d - 1s);
                }
            }
            t = info.end;
        }
        for (int i = 0; i < 200; ++i) {
            const date::sys_seconds t{std::chrono::seconds{any_second(rng)}};
            c.instant(t);
            c.local(date::local_seconds{t.time_since_epoch()});
        }
        checks += c.checks;
        differences.insert(differences.end(), c.differences.begin(), c.differences.end());
    }
    MESSAGE(checks, " readings compared");
    CHECK(checks > 1'000'000);
    CHECK(differences == std::vector<std::string>{});
}

TEST_CASE("a gap and a repeat in London") {
    const TimeZone& london = **itsm::time::load_zone("Europe/London");
    const date::local_seconds in_gap{date::local_days{date::year{2026} / 3 / 29} + 1h + 30min};
    const auto gap = london.get_info(in_gap);
    CHECK(gap.result == LocalInfo::nonexistent);
    CHECK(gap.first.offset == 0s);
    CHECK(gap.second.offset == 1h);
    CHECK(london.to_sys(in_gap, itsm::time::Choose::earliest) ==
          date::sys_days{date::year{2026} / 3 / 29} + 1h);

    const date::local_seconds in_repeat{date::local_days{date::year{2026} / 10 / 25} + 1h + 30min};
    const auto repeat = london.get_info(in_repeat);
    CHECK(repeat.result == LocalInfo::ambiguous);
    CHECK(repeat.first.offset == 1h);
    CHECK(repeat.second.offset == 0s);
    CHECK(london.to_sys(in_repeat, itsm::time::Choose::earliest) ==
          date::sys_days{date::year{2026} / 10 / 25} + 30min);
    CHECK(london.to_sys(in_repeat, itsm::time::Choose::latest) ==
          date::sys_days{date::year{2026} / 10 / 25} + 1h + 30min);
}

TEST_CASE("names that are not zones") {
    for (const char* name :
         {"", "/etc/localtime", "../zoneinfo/Europe/London", "Europe/../Europe/London",
          "Europe/./London", "Europe", "Europe/", "posix/Europe/London", "right/Europe/London",
          "localtime", "posixrules", "Factory", "zone.tab", "tzdata.zi", "Mars/Olympus"}) {
        const auto zone = itsm::time::load_zone(name);
        CHECK_MESSAGE(!zone.has_value(), name);
    }
    const auto zone = itsm::time::find_zone("Europe/Londn");
    REQUIRE_FALSE(zone.has_value());
    CHECK(zone.error().find("did you mean \"Europe/London\"") != std::string::npos);
}

TEST_CASE("$TZDIR, and files that are not zone files") {
    const std::string london = bytes_of(itsm::time::zone_folder() + "/Europe/London");
    REQUIRE(london.size() > 100);
    ScratchTzdir tz;
    CHECK(itsm::time::zone_folder() == tz.path("").parent_path().string());
    tz.write("Test/Copy", london);
    tz.write("Test/Empty", "");
    tz.write("Test/Text", "Europe/London\n");
    tz.write("Test/Truncated", london.substr(0, london.size() / 2));
    std::string wrong_type = london;
    wrong_type[44 + 1] = '\x7f'; // in the 32-bit block only: version 2 readers skip it
    tz.write("Test/Skipped", wrong_type);

    CHECK(itsm::time::zone_names() == std::vector<std::string>{"Test/Copy", "Test/Empty",
                                                               "Test/Skipped", "Test/Text",
                                                               "Test/Truncated"});
    const auto copy = itsm::time::load_zone("Test/Copy");
    REQUIRE(copy.has_value());
    const auto summer = date::sys_days{date::year{2026} / 7 / 1};
    CHECK((*copy)->get_info(summer).offset == 1h);
    CHECK(itsm::time::load_zone("Test/Skipped").has_value());
    for (const char* bad : {"Test/Empty", "Test/Text", "Test/Truncated"}) {
        const auto zone = itsm::time::load_zone(bad);
        REQUIRE_FALSE_MESSAGE(zone.has_value(), bad);
        CHECK_FALSE(zone.error().unknown);
        CHECK(zone.error().message == tz.path(bad).string() + " is not a zone file");
    }
    const auto missing = itsm::time::load_zone("Test/Missing");
    CHECK(missing.error().unknown);
    CHECK(missing.error().message == "the tz database has no zone \"Test/Missing\"");
    // A zone the database names but cannot give is not "unknown, did you mean ...".
    CHECK(itsm::time::find_zone("Test/Truncated").error() ==
          "time zone \"Test/Truncated\" cannot be used: " + tz.path("Test/Truncated").string() +
              " is not a zone file (reinstall the tz database, Debian's tzdata)");
}

TEST_CASE("UTC needs no database") {
    ScratchTzdir empty;
    const auto utc = itsm::time::load_zone("UTC");
    REQUIRE(utc.has_value());
    CHECK(*utc == itsm::time::utc_zone());
    CHECK((*utc)->get_info(date::sys_days{date::year{2026} / 7 / 1}).offset == 0s);
    const date::local_seconds noon{date::local_days{date::year{2026} / 7 / 1} + 12h};
    CHECK((*utc)->get_info(noon).result == LocalInfo::unique);
}
