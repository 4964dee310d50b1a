// Service windows: the worked examples of docs/working-time.md, DST in both hemispheres, split
// days, holidays.
#include <itsm/calendar/window.hpp>
#include <itsm/core/error.hpp>
#include <itsm/time/instant.hpp>
#include <itsm/time/zone.hpp>

#include <doctest/doctest.h>

#include <date/tz.h>

#include <string>

using itsm::calendar::Date;
using itsm::calendar::Segment;
using itsm::calendar::SegmentKind;
using itsm::calendar::TimeRange;
using itsm::calendar::Window;
using itsm::calendar::WindowSpec;
using itsm::time::Duration;
using itsm::time::Instant;
using namespace std::chrono_literals;

namespace {

Instant at(const char* utc) {
    auto t = itsm::time::parse_time(utc, nullptr, Instant{});
    REQUIRE_MESSAGE(t.has_value(), utc);
    return *t;
}

std::string show(std::optional<Instant> t) {
    return t ? itsm::time::format_utc(*t) : std::string("never");
}

TimeRange hours(int from_h, int from_m, int to_h, int to_m) {
    return TimeRange{from_h * 60 + from_m, to_h * 60 + to_m};
}

/// Days 0 (Monday) to 6 (Sunday) from `first` to `last` get `ranges`.
void set_days(WindowSpec& spec, int first, int last, std::vector<TimeRange> ranges) {
    for (int d = first; d <= last; ++d) {
        spec.week[static_cast<std::size_t>(d)] = ranges;
    }
}

WindowSpec spec_in(const char* zone) {
    WindowSpec spec;
    spec.name = "test";
    spec.zone_name = zone;
    spec.zone = *itsm::time::find_zone(zone);
    return spec;
}

/// The office window of docs/configuration.md: Europe/London, mon-fri 08:00-18:00, sat 09:00-16:00,
/// three holidays.
WindowSpec office_spec() {
    WindowSpec spec = spec_in("Europe/London");
    spec.name = "office";
    set_days(spec, 0, 4, {hours(8, 0, 18, 0)});
    set_days(spec, 5, 5, {hours(9, 0, 16, 0)});
    spec.holidays = {Date{2026, 12, 25}, Date{2026, 12, 28}, Date{2027, 1, 1}};
    return spec;
}

/// Open all day every day; the holiday keeps it off the 24x7 shortcut so the per-day table
/// is exercised.
WindowSpec all_days_spec(const char* zone) {
    WindowSpec spec = spec_in(zone);
    set_days(spec, 0, 6, {hours(0, 0, 24, 0)});
    spec.holidays = {Date{2030, 1, 2}};
    return spec;
}

std::string ranges_of(const Window& w, Date d) {
    std::string out;
    for (auto [from, to] : w.open_ranges(d)) {
        out += itsm::time::format_utc(from) + "/" + itsm::time::format_utc(to) + " ";
    }
    return out;
}

} // namespace

TEST_CASE("worked examples of docs/working-time.md on the office window") {
    const Window office(office_spec());

    SUBCASE("logged Friday 17:30: response Saturday 09:30, resolve Monday 08:30") {
        CHECK(show(office.add(at("2026-11-27T17:30:00Z"), 1h)) == "2026-11-28T09:30:00Z");
        CHECK(show(office.add(at("2026-11-27T17:30:00Z"), 8h)) == "2026-11-30T08:30:00Z");
    }
    SUBCASE("logged Christmas Eve 17:00: response at the 18:00 close, resolve Saturday 16:00") {
        CHECK(show(office.add(at("2026-12-24T17:00:00Z"), 1h)) == "2026-12-24T18:00:00Z");
        CHECK(show(office.add(at("2026-12-24T17:00:00Z"), 8h)) == "2026-12-26T16:00:00Z");
    }
    SUBCASE("the hold example: 0.5 h before, 6 h Saturday, Monday 28th a holiday, 1.5 h Tuesday") {
        CHECK(office.between(at("2026-12-24T17:00:00Z"), at("2026-12-24T17:30:00Z")) == 30min);
        CHECK(show(office.add(at("2026-12-26T10:00:00Z"), 7h + 30min)) == "2026-12-29T09:30:00Z");
    }
    SUBCASE("between gives back what add used") {
        CHECK(office.between(at("2026-11-27T17:30:00Z"), at("2026-11-30T08:30:00Z")) == 8h);
        CHECK(office.between(at("2026-12-24T17:00:00Z"), at("2026-12-26T16:00:00Z")) == 8h);
    }
}

TEST_CASE("Window::add") {
    const Window office(office_spec());

    SUBCASE("zero returns the start even when closed") {
        CHECK(show(office.add(at("2026-11-29T12:00:00Z"), 0s)) == "2026-11-29T12:00:00Z");
        CHECK(show(office.add(at("2026-12-25T12:00:00Z"), 0s)) == "2026-12-25T12:00:00Z");
    }
    SUBCASE("logged outside hours starts at the next opening") {
        CHECK(show(office.add(at("2026-11-29T12:00:00Z"), 1h)) == "2026-11-30T09:00:00Z");
        CHECK(show(office.add(at("2026-11-30T06:00:00Z"), 30min)) == "2026-11-30T08:30:00Z");
        CHECK(show(office.add(at("2026-11-30T18:00:00Z"), 1min)) == "2026-12-01T08:01:00Z");
    }
    SUBCASE("logged on a holiday") {
        CHECK(show(office.add(at("2026-12-25T10:00:00Z"), 1h)) == "2026-12-26T10:00:00Z");
        CHECK(show(office.add(at("2026-12-28T10:00:00Z"), 1h)) == "2026-12-29T09:00:00Z");
    }
    SUBCASE("reaching a close exactly returns the close, to the second") {
        CHECK(show(office.add(at("2026-11-27T17:59:30Z"), 30s)) == "2026-11-27T18:00:00Z");
        CHECK(show(office.add(at("2026-11-27T17:59:30Z"), 31s)) == "2026-11-28T09:00:01Z");
        CHECK(show(office.add(at("2026-11-28T09:00:00Z"), 7h)) == "2026-11-28T16:00:00Z");
    }
    SUBCASE("many weeks at once") {
        // 57 h a week: 100 h from Monday 08:00 is the next week's Friday 11:00.
        CHECK(show(office.add(at("2026-11-23T08:00:00Z"), 100h)) == "2026-12-04T11:00:00Z");
        // Across the Christmas holidays: 2026-12-21 .. 2027-01-08 holds 45+33+40+... hours.
        auto due = office.add(at("2026-12-21T08:00:00Z"), 200h);
        REQUIRE(due);
        CHECK(office.between(at("2026-12-21T08:00:00Z"), *due) == 200h);
    }
    SUBCASE("a year of working time") {
        auto due = office.add(at("2026-01-05T08:00:00Z"), 2000h);
        REQUIRE(due);
        CHECK(office.between(at("2026-01-05T08:00:00Z"), *due) == 2000h);
        CHECK(office.is_open(*due - 1s));
    }
    SUBCASE("a holiday on a Saturday closes the Saturday hours") {
        WindowSpec spec = office_spec();
        spec.holidays.push_back(Date{2026, 12, 26});
        const Window w(spec);
        CHECK(show(w.add(at("2026-12-24T17:00:00Z"), 8h)) == "2026-12-29T15:00:00Z");
    }
    SUBCASE("a holiday on a Sunday changes nothing") {
        WindowSpec spec = office_spec();
        spec.holidays.push_back(Date{2026, 11, 29});
        const Window w(spec);
        CHECK(show(w.add(at("2026-11-27T17:30:00Z"), 8h)) == "2026-11-30T08:30:00Z");
    }
}

TEST_CASE("Window on split days, other zones, 24:00 and yearly holidays") {
    SUBCASE("split day in Dar es Salaam (+03:00, no DST)") {
        WindowSpec spec = spec_in("Africa/Dar_es_Salaam");
        set_days(spec, 0, 4, {hours(8, 0, 12, 0), hours(13, 0, 17, 0)});
        const Window w(spec);
        CHECK(w.working_day() == 8h);
        CHECK(show(w.add(at("2026-11-23T08:30:00Z"), 1h)) == "2026-11-23T10:30:00Z");
        CHECK(show(w.add(at("2026-11-23T08:30:00Z"), 4h)) == "2026-11-23T13:30:00Z");
        CHECK(show(w.add(at("2026-11-23T08:00:00Z"), 1h)) == "2026-11-23T09:00:00Z");
        CHECK(show(w.add(at("2026-11-23T09:00:00Z"), 1min)) == "2026-11-23T10:01:00Z");
        CHECK(w.between(at("2026-11-23T05:00:00Z"), at("2026-11-23T14:00:00Z")) == 8h);
        CHECK(show(w.next_opening(at("2026-11-23T09:30:00Z"))) == "2026-11-23T10:00:00Z");
        CHECK(
            ranges_of(w, Date{2026, 11, 23}) ==
            "2026-11-23T05:00:00Z/2026-11-23T09:00:00Z 2026-11-23T10:00:00Z/2026-11-23T14:00:00Z ");
    }
    SUBCASE("Kolkata (+05:30)") {
        WindowSpec spec = spec_in("Asia/Kolkata");
        set_days(spec, 0, 4, {hours(9, 30, 18, 0)});
        const Window w(spec);
        CHECK(show(w.add(at("2026-11-23T11:30:00Z"), 2h)) == "2026-11-24T05:00:00Z");
        CHECK(show(w.next_opening(at("2026-11-23T12:30:00Z"))) == "2026-11-24T04:00:00Z");
        CHECK(w.between(at("2026-11-23T00:00:00Z"), at("2026-11-24T00:00:00Z")) == 8h + 30min);
    }
    SUBCASE("a range ending at 24:00 runs to midnight and joins the next day's 00:00") {
        WindowSpec spec = spec_in("UTC");
        set_days(spec, 0, 0, {hours(20, 0, 24, 0)});
        set_days(spec, 1, 1, {hours(0, 0, 2, 0)});
        set_days(spec, 4, 4, {hours(20, 0, 24, 0)});
        const Window w(spec);
        CHECK(show(w.add(at("2026-11-23T23:00:00Z"), 2h)) == "2026-11-24T01:00:00Z");
        CHECK(show(w.add(at("2026-11-27T23:00:00Z"), 2h)) == "2026-11-30T21:00:00Z");
        CHECK(show(w.add(at("2026-11-27T23:00:00Z"), 1h)) == "2026-11-28T00:00:00Z");
        const auto ledger = w.ledger(at("2026-11-23T00:00:00Z"), at("2026-11-25T00:00:00Z"));
        REQUIRE(ledger.size() == 3);
        CHECK(itsm::time::format_utc(ledger[1].from) == "2026-11-23T20:00:00Z");
        CHECK(itsm::time::format_utc(ledger[1].to) == "2026-11-24T02:00:00Z");
        CHECK(ledger[1].kind == SegmentKind::counting);
    }
    SUBCASE("yearly holidays across the year end (Brussels, 5d-13h)") {
        WindowSpec spec = spec_in("Europe/Brussels");
        set_days(spec, 0, 4, {hours(7, 0, 20, 0)});
        spec.holidays = {Date{0, 12, 25}, Date{0, 1, 1}};
        const Window w(spec);
        CHECK(w.is_holiday(Date{2027, 12, 25}));
        CHECK(w.is_holiday(Date{2031, 1, 1}));
        CHECK_FALSE(w.is_holiday(Date{2026, 12, 24}));
        CHECK(show(w.add(at("2026-12-31T18:00:00Z"), 2h)) == "2027-01-04T07:00:00Z");
        CHECK(show(w.add(at("2027-12-24T18:30:00Z"), 1h)) == "2027-12-27T06:30:00Z");
        CHECK(show(w.add(at("2029-12-24T18:30:00Z"), 1h)) == "2029-12-26T06:30:00Z");
        CHECK(w.open_ranges(Date{2029, 12, 25}).empty());
    }
    SUBCASE("a yearly 29 February only falls in leap years") {
        WindowSpec spec = spec_in("UTC");
        set_days(spec, 0, 6, {hours(9, 0, 17, 0)});
        spec.holidays = {Date{0, 2, 29}};
        const Window w(spec);
        CHECK(w.open_ranges(Date{2028, 2, 29}).empty());
        CHECK(w.open_ranges(Date{2027, 3, 1}).size() == 1);
        CHECK(w.open_ranges(Date{2027, 2, 29}).empty()); // no such date
        CHECK(w.open_ranges(Date{0, 3, 1}).empty());
    }
}

TEST_CASE("Window across DST changes") {
    SUBCASE("London spring forward: a 23-hour day") {
        const Window w(all_days_spec("Europe/London"));
        CHECK(w.between(at("2026-03-29T00:00:00Z"), at("2026-03-30T00:00:00Z")) == 24h);
        CHECK(ranges_of(w, Date{2026, 3, 29}) == "2026-03-29T00:00:00Z/2026-03-29T23:00:00Z ");
        CHECK(show(w.add(at("2026-03-28T23:30:00Z"), 2h)) == "2026-03-29T01:30:00Z");
        CHECK(w.working_day() == 24h);
    }
    SUBCASE("London fall back: a 25-hour day") {
        const Window w(all_days_spec("Europe/London"));
        CHECK(ranges_of(w, Date{2026, 10, 25}) == "2026-10-24T23:00:00Z/2026-10-26T00:00:00Z ");
        CHECK(w.between(at("2026-10-24T23:00:00Z"), at("2026-10-26T00:00:00Z")) == 25h);
    }
    SUBCASE("London hours crossing 01:00-02:00") {
        WindowSpec spec = spec_in("Europe/London");
        set_days(spec, 0, 5, {hours(0, 30, 2, 30)});
        set_days(spec, 6, 6, {hours(1, 30, 3, 0)});
        const Window w(spec);
        // Spring: 00:30 GMT to 02:30 BST is one hour.
        CHECK(ranges_of(w, Date{2026, 3, 28}) == "2026-03-28T00:30:00Z/2026-03-28T02:30:00Z ");
        // Sunday 29 March: 01:30 does not exist, the range opens when the gap ends (02:00 BST).
        CHECK(ranges_of(w, Date{2026, 3, 29}) == "2026-03-29T01:00:00Z/2026-03-29T02:00:00Z ");
        CHECK(ranges_of(w, Date{2026, 3, 30}) == "2026-03-29T23:30:00Z/2026-03-30T01:30:00Z ");
        // Autumn: Sunday 25 October 01:30 BST to 03:00 GMT is two and a half hours.
        CHECK(ranges_of(w, Date{2026, 10, 25}) == "2026-10-25T00:30:00Z/2026-10-25T03:00:00Z ");
        CHECK(ranges_of(w, Date{2026, 10, 26}) == "2026-10-26T00:30:00Z/2026-10-26T02:30:00Z ");
        CHECK(show(w.add(at("2026-10-25T00:00:00Z"), 150min)) == "2026-10-25T03:00:00Z");
        CHECK(show(w.add(at("2026-10-25T00:00:00Z"), 151min)) == "2026-10-26T00:31:00Z");
    }
    SUBCASE("London range ending inside the repeated hour ends at its second pass") {
        WindowSpec spec = spec_in("Europe/London");
        set_days(spec, 6, 6, {hours(0, 0, 1, 30), hours(1, 30, 3, 0)});
        const Window w(spec);
        // Adjacent ranges meeting at an ambiguous 01:30 neither overlap nor leave a hole.
        CHECK(ranges_of(w, Date{2026, 10, 25}) == "2026-10-24T23:00:00Z/2026-10-25T03:00:00Z ");
        CHECK(w.between(at("2026-10-24T00:00:00Z"), at("2026-10-26T00:00:00Z")) == 4h);
    }
    SUBCASE("a range ending where the repeated hour starts ends at its first pass") {
        WindowSpec spec = spec_in("Europe/London");
        set_days(spec, 6, 6, {hours(0, 30, 1, 0), hours(2, 0, 3, 0)});
        const Window w(spec);
        // 00:30-01:00 BST, then 02:00-03:00 GMT: the 01:00-02:00 hour, shown twice, is closed.
        CHECK(
            ranges_of(w, Date{2026, 10, 25}) ==
            "2026-10-24T23:30:00Z/2026-10-25T00:00:00Z 2026-10-25T02:00:00Z/2026-10-25T03:00:00Z ");
    }
    SUBCASE("New York: 23 and 25 hour days, weekday hours across the change") {
        const Window w(all_days_spec("America/New_York"));
        CHECK(ranges_of(w, Date{2026, 3, 8}) == "2026-03-08T05:00:00Z/2026-03-09T04:00:00Z ");
        CHECK(ranges_of(w, Date{2026, 11, 1}) == "2026-11-01T04:00:00Z/2026-11-02T05:00:00Z ");
        WindowSpec spec = spec_in("America/New_York");
        set_days(spec, 0, 4, {hours(9, 0, 17, 0)});
        const Window weekdays(spec);
        CHECK(show(weekdays.add(at("2026-03-06T21:00:00Z"), 2h)) == "2026-03-09T14:00:00Z");
        CHECK(show(weekdays.add(at("2026-10-30T20:00:00Z"), 2h)) == "2026-11-02T15:00:00Z");
    }
    SUBCASE("Sydney: DST ends in April and starts in October") {
        const Window w(all_days_spec("Australia/Sydney"));
        CHECK(ranges_of(w, Date{2026, 4, 5}) == "2026-04-04T13:00:00Z/2026-04-05T14:00:00Z ");
        CHECK(ranges_of(w, Date{2026, 10, 4}) == "2026-10-03T14:00:00Z/2026-10-04T13:00:00Z ");
        WindowSpec spec = spec_in("Australia/Sydney");
        set_days(spec, 0, 4, {hours(8, 0, 18, 0)});
        const Window weekdays(spec);
        // Friday 2 October 17:00 AEST (07:00Z) + 2 h: Monday 5 October 09:00 AEDT.
        CHECK(show(weekdays.add(at("2026-10-02T07:00:00Z"), 2h)) == "2026-10-04T22:00:00Z");
    }
}

TEST_CASE("Window::next_opening and is_open") {
    const Window office(office_spec());
    SUBCASE("open now returns now") {
        CHECK(show(office.next_opening(at("2026-11-30T08:00:00Z"))) == "2026-11-30T08:00:00Z");
        CHECK(show(office.next_opening(at("2026-11-30T12:34:56Z"))) == "2026-11-30T12:34:56Z");
    }
    SUBCASE("closing time is closed") {
        CHECK_FALSE(office.is_open(at("2026-11-30T18:00:00Z")));
        CHECK(office.is_open(at("2026-11-30T17:59:59Z")));
        CHECK(show(office.next_opening(at("2026-11-30T18:00:00Z"))) == "2026-12-01T08:00:00Z");
    }
    SUBCASE("over a weekend and a holiday") {
        CHECK(show(office.next_opening(at("2026-11-29T12:00:00Z"))) == "2026-11-30T08:00:00Z");
        CHECK(show(office.next_opening(at("2026-12-26T16:00:00Z"))) == "2026-12-29T08:00:00Z");
        CHECK_FALSE(office.is_open(at("2026-12-25T12:00:00Z")));
    }
}

TEST_CASE("Window that never opens") {
    WindowSpec spec = spec_in("Europe/London");
    SUBCASE("no hours at all") {
        const Window w(spec);
        CHECK(w.never_open());
        CHECK(w.working_day() == 0s);
        CHECK_FALSE(w.add(at("2026-11-23T08:00:00Z"), 1h));
        CHECK_FALSE(w.next_opening(at("2026-11-23T08:00:00Z")));
        CHECK(w.between(at("2026-11-23T08:00:00Z"), at("2027-11-23T08:00:00Z")) == 0s);
        CHECK(show(w.add(at("2026-11-23T08:00:00Z"), 0s)) == "2026-11-23T08:00:00Z");
    }
    SUBCASE("working time that would end after 9999 is never reached") {
        set_days(spec, 0, 0, {hours(9, 0, 10, 0)});
        const Window w(spec);
        CHECK_FALSE(w.never_open());
        CHECK(show(w.add(at("2026-11-23T08:00:00Z"), 1h)) == "2026-11-23T10:00:00Z");
        CHECK_FALSE(w.add(at("9999-12-01T08:00:00Z"), 100h));
        CHECK_FALSE(w.add(at("2026-11-23T08:00:00Z"), 876000h));
        // Far apart questions to one window do not fill the years between them.
        CHECK(show(w.add(at("2026-11-23T08:00:00Z"), 2h)) == "2026-11-30T10:00:00Z");
        CHECK(show(w.add(at("2900-01-01T08:00:00Z"), 1h)) == "2900-01-04T10:00:00Z");
    }
    SUBCASE("hours only on days that are holidays for more than 50 years: gives up") {
        set_days(spec, 0, 0, {hours(9, 0, 10, 0)});
        // Every Monday from 2026-11-23 to 2086 is a holiday.
        const auto first = date::sys_days{date::year{2026} / 11 / 23};
        for (auto d = first; d < first + date::days{7 * 52 * 60}; d += date::days{7}) {
            const date::year_month_day ymd{d};
            spec.holidays.push_back(
                Date{int(ymd.year()), unsigned(ymd.month()), unsigned(ymd.day())});
        }
        const Window w(spec);
        CHECK_FALSE(w.add(at("2026-11-23T08:00:00Z"), 1h));
        CHECK_FALSE(w.next_opening(at("2026-11-23T08:00:00Z")));
        CHECK(show(w.next_opening(at("2086-11-01T08:00:00Z"))) == "2086-11-04T09:00:00Z");
    }
}

TEST_CASE("Window::between and Window::ledger") {
    const Window office(office_spec());
    SUBCASE("a full week holds 57 hours") {
        CHECK(office.between(at("2026-11-23T00:00:00Z"), at("2026-11-30T00:00:00Z")) == 57h);
        CHECK(office.between(at("2026-11-30T00:00:00Z"), at("2026-11-23T00:00:00Z")) == 0s);
    }
    SUBCASE("the Christmas ledger") {
        const auto ledger = office.ledger(at("2026-12-24T17:00:00Z"), at("2026-12-26T16:00:00Z"));
        REQUIRE(ledger.size() == 5);
        const char* expected[][3] = {
            {"2026-12-24T17:00:00Z", "2026-12-24T18:00:00Z", "counting"},
            {"2026-12-24T18:00:00Z", "2026-12-25T00:00:00Z", "closed"},
            {"2026-12-25T00:00:00Z", "2026-12-26T00:00:00Z", "holiday"},
            {"2026-12-26T00:00:00Z", "2026-12-26T09:00:00Z", "closed"},
            {"2026-12-26T09:00:00Z", "2026-12-26T16:00:00Z", "counting"},
        };
        for (std::size_t i = 0; i < ledger.size(); ++i) {
            CAPTURE(i);
            CHECK(itsm::time::format_utc(ledger[i].from) == expected[i][0]);
            CHECK(itsm::time::format_utc(ledger[i].to) == expected[i][1]);
            CHECK(std::string(to_string(ledger[i].kind)) == expected[i][2]);
        }
    }
    SUBCASE("a ledger starting and ending mid-range") {
        const auto ledger = office.ledger(at("2026-11-30T10:00:00Z"), at("2026-11-30T11:00:00Z"));
        REQUIRE(ledger.size() == 1);
        CHECK(ledger[0].kind == SegmentKind::counting);
    }
    SUBCASE("empty and reversed spans") {
        CHECK(office.ledger(at("2026-11-30T10:00:00Z"), at("2026-11-30T10:00:00Z")).empty());
        CHECK(office.ledger(at("2026-11-30T11:00:00Z"), at("2026-11-30T10:00:00Z")).empty());
    }
    SUBCASE("spans of thousands of years are summed without keeping every day") {
        WindowSpec spec = spec_in("Europe/London");
        set_days(spec, 0, 6, {hours(0, 0, 24, 0)});
        spec.holidays = {Date{0, 1, 2}};
        const Window w(spec);
        const auto from = at("2000-01-01T00:00:00Z");
        const auto to = at("2600-01-01T00:00:00Z");
        const auto days = std::chrono::floor<std::chrono::days>(to - from).count();
        CHECK(w.between(from, to) == std::chrono::seconds{(days - 600) * 86400});
        CHECK(w.ledger(from, to).size() == 1201);
        // The long path and the table agree where they overlap.
        const auto middle = at("2090-06-15T12:00:00Z");
        CHECK(w.between(from, to) == w.between(from, middle) + w.between(middle, to));
    }
    SUBCASE("24x7 is one counting segment") {
        WindowSpec spec = spec_in("Europe/London");
        set_days(spec, 0, 6, {hours(0, 0, 24, 0)});
        const Window w(spec);
        CHECK(w.always_open());
        const auto ledger = w.ledger(at("2026-03-28T00:00:00Z"), at("2026-04-02T00:00:00Z"));
        REQUIRE(ledger.size() == 1);
        CHECK(w.between(at("2026-03-28T00:00:00Z"), at("2026-04-02T00:00:00Z")) == 120h);
    }
}

TEST_CASE("Window construction") {
    SUBCASE("working day: explicit, longest day, 24x7") {
        CHECK(Window(office_spec()).working_day() == 10h);
        WindowSpec spec = office_spec();
        spec.working_day = 8h;
        CHECK(Window(spec).working_day() == 8h);
        CHECK(Window(all_days_spec("UTC")).working_day() == 24h);
    }
    SUBCASE("the zone is found from its name when not resolved") {
        WindowSpec spec = office_spec();
        spec.zone = nullptr;
        const Window w(spec);
        REQUIRE(w.zone() != nullptr);
        CHECK(w.zone()->name() == "Europe/London");
    }
    SUBCASE("an unknown zone name is a configuration error") {
        WindowSpec spec = office_spec();
        spec.zone = nullptr;
        spec.zone_name = "Europe/Londn";
        CHECK_THROWS_WITH_AS(Window{spec}, doctest::Contains("Europe/London"), itsm::ConfigError);
    }
    SUBCASE("unsorted, overlapping and out-of-range ranges do not break it") {
        WindowSpec spec = spec_in("UTC");
        spec.week[0] = {TimeRange{600, 700}, TimeRange{480, 620}, TimeRange{-5, 0},
                        TimeRange{1400, 2000}, TimeRange{300, 200}};
        const Window w(spec);
        // 08:00-11:40 and 23:20-24:00.
        CHECK(w.between(at("2026-11-23T00:00:00Z"), at("2026-11-24T00:00:00Z")) ==
              3h + 40min + 40min);
    }
    SUBCASE("moving keeps the arithmetic") {
        Window a(office_spec());
        Window b(std::move(a));
        CHECK(show(b.add(at("2026-11-27T17:30:00Z"), 1h)) == "2026-11-28T09:30:00Z");
    }
}
