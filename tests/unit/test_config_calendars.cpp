// Holiday calendars: Easter, yearly rules against a day-by-day walk, and what an import changes.
#include <itsm/config/calendars.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>

using namespace itsm;
using config::NamedDate;
namespace chr = std::chrono;

namespace {

calendar::Holiday day(int y, unsigned m, unsigned d) {
    return {y, m, d};
}

chr::weekday weekday_of(const calendar::Holiday& h) {
    return chr::weekday{chr::sys_days{chr::year{h.year} / chr::month{h.month} / chr::day{h.day}}};
}

} // namespace

TEST_CASE("easter_sunday") {
    SUBCASE("published dates") {
        CHECK(config::easter_sunday(2000) == day(2000, 4, 23));
        CHECK(config::easter_sunday(2008) == day(2008, 3, 23));
        CHECK(config::easter_sunday(2011) == day(2011, 4, 24));
        CHECK(config::easter_sunday(2019) == day(2019, 4, 21));
        CHECK(config::easter_sunday(2024) == day(2024, 3, 31));
        CHECK(config::easter_sunday(2026) == day(2026, 4, 5));
        CHECK(config::easter_sunday(2027) == day(2027, 3, 28));
        CHECK(config::easter_sunday(2038) == day(2038, 4, 25));
        CHECK(config::easter_sunday(2285) == day(2285, 3, 22));
    }
    SUBCASE("always a Sunday between 22 March and 25 April") {
        for (int year = 1583; year < 4100; ++year) {
            auto easter = config::easter_sunday(year);
            CAPTURE(year);
            CHECK(weekday_of(easter) == chr::Sunday);
            CHECK(day(year, 3, 22) <= easter);
            CHECK(easter <= day(year, 4, 25));
        }
    }
}

TEST_CASE("expand_rule") {
    SUBCASE("easter offsets: the UK's Good Friday and Easter Monday") {
        auto good_friday = config::expand_rule("easter-2", 2026, 2028);
        REQUIRE(good_friday);
        CHECK(*good_friday == std::vector{day(2026, 4, 3), day(2027, 3, 26), day(2028, 4, 14)});
        auto monday = config::expand_rule("easter+1", 2027, 2027);
        REQUIRE(monday);
        CHECK(*monday == std::vector{day(2027, 3, 29)});
    }
    SUBCASE("NTH-DAY-MONTH against a walk over the month's days") {
        const char* nths[] = {"first", "second", "third", "fourth", "last"};
        const char* days[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
        const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                "jul", "aug", "sep", "oct", "nov", "dec"};
        for (int n = 0; n < 5; ++n) {
            for (int d = 0; d < 7; ++d) {
                for (unsigned m = 1; m <= 12; ++m) {
                    std::string rule = std::string(nths[n]) + "-" + days[d] + "-" + months[m - 1];
                    auto got = config::expand_rule(rule, 2020, 2031);
                    REQUIRE(got);
                    REQUIRE(got->size() == 12);
                    for (int year = 2020; year <= 2031; ++year) {
                        std::vector<calendar::Holiday> matching;
                        auto last = unsigned(
                            chr::year_month_day_last{chr::year{year} / chr::month{m} / chr::last}
                                .day());
                        for (unsigned i = 1; i <= last; ++i) {
                            if (weekday_of(day(year, m, i)).iso_encoding() == unsigned(d + 1)) {
                                matching.push_back(day(year, m, i));
                            }
                        }
                        CAPTURE(rule);
                        CAPTURE(year);
                        CHECK((*got)[std::size_t(year - 2020)] ==
                              (n == 4 ? matching.back() : matching[std::size_t(n)]));
                    }
                }
            }
        }
    }
    SUBCASE("not rules") {
        for (const char* bad : {"easter+100", "easter*2", "easter+", "fifth-mon-may",
                                "first-monday-may", "first-mon", "mon-may", ""}) {
            CAPTURE(bad);
            CHECK_FALSE(config::expand_rule(bad, 2026, 2027));
        }
    }
}

TEST_CASE("diff_calendars") {
    std::vector<NamedDate> before = {{day(2026, 12, 25), "Christmas Day"},
                                     {day(2026, 12, 28), "Boxing Day"},
                                     {day(0, 1, 1), ""}};
    std::vector<NamedDate> after = {{day(0, 1, 1), ""},
                                    {day(2026, 12, 25), "Christmas Day"},
                                    {day(2026, 12, 28), "Boxing Day (substitute day)"},
                                    {day(2027, 3, 26), "Good Friday"}};
    auto change = config::diff_calendars(before, after);
    CHECK(change.added == std::vector<NamedDate>{{day(2027, 3, 26), "Good Friday"}});
    CHECK(change.removed.empty());
    REQUIRE(change.renamed.size() == 1);
    CHECK(change.renamed[0].first.name == "Boxing Day");
    CHECK(change.renamed[0].second.name == "Boxing Day (substitute day)");
    CHECK(config::diff_calendars(after, after).empty());
    auto back = config::diff_calendars(after, before);
    CHECK(back.removed == std::vector<NamedDate>{{day(2027, 3, 26), "Good Friday"}});
}

TEST_CASE("calendar_file_text reads back as the same days") {
    std::vector<NamedDate> days = {{day(0, 7, 14), "Founders' Day"},
                                   {day(2026, 12, 25), "Christmas \"Day\"\\"},
                                   {day(2027, 1, 1), ""}};
    auto text = config::calendar_file_text("uk", "feed.ics", days);
    auto result = config::load_texts({{"calendars/uk.toml", text},
                                      {"service-windows.toml", "[windows.office]\nhours = { "
                                                               "\"mon-fri\" = \"09:00-17:00\" }\n"
                                                               "calendars = [\"uk\"]\n"}},
                                     config::CheckOptions{false, 2026});
    CHECK_FALSE(result.has_errors());
    REQUIRE(result.config.calendars.contains("uk"));
    CHECK(config::named_dates(result.config.calendars.at("uk")) ==
          std::vector<NamedDate>{days[0], days[1], days[2]});
    CHECK(result.config.calendars.at("uk").source == "feed.ics");
}

TEST_CASE("a day given by several ranges, a rule and a date is one holiday") {
    // Two overlapping Christmas closures, Easter Monday as a rule and as a date, and a window
    // that lists the calendar and one of its days itself.
    const std::string windows = R"(default = "office"
[windows.office]
timezone = "Europe/London"
hours = { "mon-fri" = "09:00-17:00" }
holidays = ["2026-12-28"]
calendars = ["uk", "uk-too"]

[calendars.uk]
dates = [{ date = "2027-03-29", name = "Easter Monday" }]
ranges = [{ from = "2026-12-24", to = "2026-12-31", name = "Christmas closure" },
          { from = "2026-12-28", to = "2027-01-01" }]
rules = ["easter+1"]

[calendars.uk-too]
ranges = [{ from = "2026-12-30", to = "2027-01-02" }]
)";
    auto result =
        config::load_texts({{"service-windows.toml", windows}}, config::CheckOptions{false, 2026});
    CHECK_FALSE(result.has_errors());
    const auto& uk = result.config.calendars.at("uk");
    CHECK(std::is_sorted(uk.dates.begin(), uk.dates.end()));
    CHECK(std::adjacent_find(uk.dates.begin(), uk.dates.end()) == uk.dates.end());
    CHECK(std::count(uk.dates.begin(), uk.dates.end(), day(2026, 12, 28)) == 1);
    CHECK(std::count(uk.dates.begin(), uk.dates.end(), day(2027, 3, 29)) == 1);
    // 24 December to 1 January: nine days; the first range's name is kept on the overlap.
    const auto christmas = std::count_if(uk.dates.begin(), uk.dates.end(), [](const auto& d) {
        return d >= day(2026, 12, 24) && d <= day(2027, 1, 1);
    });
    CHECK(christmas == 9);
    CHECK(uk.names.at(day(2026, 12, 30)) == "Christmas closure");
    CHECK(uk.names.at(day(2027, 3, 29)) == "Easter Monday");

    const auto& office = result.config.windows.at("office").spec().holidays;
    auto sorted = office;
    std::sort(sorted.begin(), sorted.end());
    CHECK(std::adjacent_find(sorted.begin(), sorted.end()) == sorted.end());
    // The window's own day, the calendars' nine, and 2 January from the second calendar.
    const auto closed = std::count_if(sorted.begin(), sorted.end(), [](const auto& d) {
        return d >= day(2026, 12, 24) && d <= day(2027, 1, 2);
    });
    CHECK(closed == 10);
}
