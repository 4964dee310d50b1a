// Target options (docs/sla.md, "Target options"): by-date, end-of-day and next-opening, with
// hand-computed instants (UTC; London is UTC+0 in winter, Brussels UTC+1, UTC+2 in summer), and
// the reading of their text (config::read_target_rule).
#include <itsm/config/targets.hpp>
#include <itsm/sla/clock.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using itsm::sla::ClockState;
using itsm::time::Duration;
using itsm::time::Instant;
using Json = nlohmann::json;

namespace {

namespace calendar = itsm::calendar;
namespace config = itsm::config;
namespace model = itsm::model;

Instant at_utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
    return std::chrono::sys_days{std::chrono::year{y} / mo / d} + std::chrono::hours{h} +
           std::chrono::minutes{mi};
}

calendar::WindowSpec window_spec(const char* name, const char* zone) {
    calendar::WindowSpec s;
    s.name = name;
    s.zone_name = zone;
    auto z = itsm::time::find_zone(zone);
    REQUIRE(z.has_value());
    s.zone = *z;
    return s;
}

// The office of docs/sla.md: Mon-Fri 08:00-18:00, Saturday 09:00-16:00, a 10-hour day.
calendar::Window office_window() {
    auto s = window_spec("office", "Europe/London");
    for (int d = 0; d < 5; ++d) {
        s.week[d] = {{8 * 60, 18 * 60}};
    }
    s.week[5] = {{9 * 60, 16 * 60}};
    s.holidays = {{2026, 12, 25}, {2026, 12, 28}, {2027, 1, 1}};
    s.working_day = 10h;
    return calendar::Window(std::move(s));
}

calendar::Window brussels_window() {
    auto s = window_spec("normal", "Europe/Brussels");
    for (int d = 0; d < 5; ++d) {
        s.week[d] = {{7 * 60, 20 * 60}};
    }
    return calendar::Window(std::move(s));
}

calendar::Window always_window() {
    auto s = window_spec("extended", "Europe/Brussels");
    for (auto& day : s.week) {
        day = {{0, 24 * 60}};
    }
    return calendar::Window(std::move(s));
}

config::Priority with_targets(std::string id, std::string response, std::string resolve,
                              std::string window = "") {
    config::Priority p;
    p.id = std::move(id);
    p.response_text = std::move(response);
    p.resolve_text = std::move(resolve);
    p.window = std::move(window);
    return p;
}

const config::Config& options_config() {
    static const config::Config c = [] {
        config::Config c;
        c.default_window = "office";
        c.windows.emplace("office", office_window());
        c.windows.emplace("normal", brussels_window());
        c.windows.emplace("extended", always_window());
        c.default_priority = "D1";
        c.priorities = {
            with_targets("D1", "next-opening", "1d by-date"),
            with_targets("D2", "next-opening end-of-day", "3d end-of-day"),
            with_targets("D3", "", "2d4h by-date"),
            with_targets("D4", "", "2d by-date end-of-day"),
            with_targets("D5", "", "1d by-date", "normal"),
            with_targets("D6", "", "1d end-of-day", "extended"),
            with_targets("D7", "1h", "1d"),
            with_targets("U1", "1h", "3d"),
            with_targets("U2", "1h", "3d"),
        };
        c.priorities[7].update_text = "end-of-day";
        c.priorities[8].update_text = "4h";
        config::Group g;
        g.name = "helpdesk";
        c.groups.push_back(g);
        return c;
    }();
    return c;
}

model::Event ticket_event(Instant at, std::string kind, Json detail = Json::object()) {
    model::Event e;
    e.at = at;
    e.actor = "alice";
    itsm::model::set_kind(e, kind);
    e.detail = std::move(detail);
    return e;
}

model::Event logged_as(Instant at, const std::string& prio, const std::string& assignee = "") {
    Json detail = {{"type", "incident"},
                   {"title", "printer"},
                   {"priority", prio},
                   {"service", ""},
                   {"group", "helpdesk"}};
    if (!assignee.empty()) {
        detail["assignee"] = assignee;
    }
    return ticket_event(at, "logged", std::move(detail));
}

itsm::sla::Evaluation evaluate_at(const std::vector<model::Event>& events, Instant at) {
    return itsm::sla::evaluate(options_config(), events, at);
}

} // namespace

TEST_CASE("by-date: the same local time on the Nth working date") {
    SUBCASE("Friday 15:00 +1 working date is Saturday 15:00; plain 1d is Saturday 16:00") {
        const std::vector<model::Event> by_date{logged_as(at_utc(2026, 12, 4, 15), "D1")};
        CHECK(evaluate_at(by_date, at_utc(2026, 12, 4, 15)).resolve.due == at_utc(2026, 12, 5, 15));
        CHECK(evaluate_at(by_date, at_utc(2026, 12, 4, 15)).resolve.target == Duration{9h});
        const std::vector<model::Event> hours{logged_as(at_utc(2026, 12, 4, 15), "D7")};
        CHECK(evaluate_at(hours, at_utc(2026, 12, 4, 15)).resolve.due == at_utc(2026, 12, 5, 16));
    }
    SUBCASE("holidays and Sunday are not working dates: Thursday 24 December to Tuesday 29") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 24, 10), "D4")};
        // 2d by-date end-of-day: Saturday 26 (1), Tuesday 29 (2) at 10:00, close 18:00.
        CHECK(evaluate_at(evs, at_utc(2026, 12, 24, 10)).resolve.due == at_utc(2026, 12, 29, 18));
    }
    SUBCASE("logged before opening: counted from the opening") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 5, 8), "D4")};
        // Saturday 09:00 is the anchor; Monday 7 (1), Tuesday 8 (2) 09:00, close 18:00.
        CHECK(evaluate_at(evs, at_utc(2026, 12, 5, 8)).resolve.due == at_utc(2026, 12, 8, 18));
    }
    SUBCASE("a time before that date's opening: the last working instant before it") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 4, 8, 30), "D1")};
        // Saturday 08:30 is before Saturday's 09:00 opening: Friday's close.
        CHECK(evaluate_at(evs, at_utc(2026, 12, 4, 9)).resolve.due == at_utc(2026, 12, 4, 18));
    }
    SUBCASE("days by date, then hours of working time") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 2, 10), "D3")};
        CHECK(evaluate_at(evs, at_utc(2026, 12, 2, 10)).resolve.due == at_utc(2026, 12, 4, 14));
    }
    SUBCASE("wall-clock time across the spring change in Brussels") {
        // Friday 26 March 2027 10:00 CET is 09:00 UTC; Monday 29 10:00 CEST is 08:00 UTC.
        const std::vector<model::Event> evs{logged_as(at_utc(2027, 3, 26, 9), "D5")};
        CHECK(evaluate_at(evs, at_utc(2027, 3, 26, 9)).resolve.due == at_utc(2027, 3, 29, 8));
    }
}

TEST_CASE("end-of-day: the close of the working day the due falls on") {
    SUBCASE("30 working hours from Monday 10:00 end on Thursday 10:00, due at 18:00") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 10), "D2")};
        const auto e = evaluate_at(evs, at_utc(2026, 12, 7, 10));
        CHECK(e.resolve.target == Duration{30h});
        CHECK(e.resolve.due == at_utc(2026, 12, 10, 18));
        CHECK(e.resolve.state == ClockState::running);
    }
    SUBCASE("a hold moves the working time, then the due is rounded") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 10), "D2"),
                                            ticket_event(at_utc(2026, 12, 8, 10), "held"),
                                            ticket_event(at_utc(2026, 12, 10, 10), "resumed")};
        // Mon 8 h, Tue 2 h, Thu 8 h, Fri 10 h, Sat 2 h: Saturday 11:00, closes 16:00.
        CHECK(evaluate_at(evs, at_utc(2026, 12, 10, 12)).resolve.due == at_utc(2026, 12, 12, 16));
    }
    SUBCASE("reached exactly at closing time: that day's close, not the next") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 8), "D2")};
        // 3d end-of-day from Monday 08:00: Wednesday 18:00.
        CHECK(evaluate_at(evs, at_utc(2026, 12, 7, 8)).resolve.due == at_utc(2026, 12, 9, 18));
    }
    SUBCASE("a 24-hour window closes at local midnight") {
        // Monday 7 December 00:00 in Brussels is Sunday 23:00 UTC; 1d ends at Tuesday 00:00.
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 6, 23), "D6")};
        CHECK(evaluate_at(evs, at_utc(2026, 12, 6, 23)).resolve.due == at_utc(2026, 12, 7, 23));
        const std::vector<model::Event> noon{logged_as(at_utc(2026, 12, 7, 11), "D6")};
        CHECK(evaluate_at(noon, at_utc(2026, 12, 7, 11)).resolve.due == at_utc(2026, 12, 8, 23));
    }
    SUBCASE("resolved before the rounded due is met, after it breached") {
        std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 10), "D2"),
                                      ticket_event(at_utc(2026, 12, 10, 17), "resolved")};
        CHECK(evaluate_at(evs, at_utc(2026, 12, 11, 9)).resolve.state == ClockState::met);
        evs.back().at = at_utc(2026, 12, 10, 18, 1);
        CHECK(evaluate_at(evs, at_utc(2026, 12, 11, 9)).resolve.state == ClockState::breached);
    }
}

TEST_CASE("next-opening: zero working time") {
    SUBCASE("logged at night: due when the desk opens") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 4, 19), "D1")};
        const auto e = evaluate_at(evs, at_utc(2026, 12, 4, 20));
        CHECK(e.response.target == Duration{0});
        CHECK(e.response.due == at_utc(2026, 12, 5, 9));
        CHECK(e.response.state == ClockState::running);
        CHECK(e.response.at_risk);
        CHECK(evaluate_at(evs, at_utc(2026, 12, 5, 9, 1)).response.state == ClockState::breached);
    }
    SUBCASE("logged while open: due at once; logged to a person meets it") {
        const std::vector<model::Event> late{logged_as(at_utc(2026, 12, 4, 10), "D1"),
                                             ticket_event(at_utc(2026, 12, 4, 10, 5), "noted")};
        const auto e = evaluate_at(late, at_utc(2026, 12, 4, 11));
        CHECK(e.response.due == at_utc(2026, 12, 4, 10));
        CHECK(e.response.state == ClockState::breached);
        const std::vector<model::Event> taken{logged_as(at_utc(2026, 12, 4, 10), "D1", "bob")};
        CHECK(evaluate_at(taken, at_utc(2026, 12, 4, 11)).response.state == ClockState::met);
    }
    SUBCASE("with end-of-day: by close of business of the first working day") {
        const std::vector<model::Event> night{logged_as(at_utc(2026, 12, 4, 19), "D2")};
        CHECK(evaluate_at(night, at_utc(2026, 12, 4, 19)).response.due == at_utc(2026, 12, 5, 16));
        const std::vector<model::Event> day{logged_as(at_utc(2026, 12, 7, 10), "D2")};
        CHECK(evaluate_at(day, at_utc(2026, 12, 7, 10)).response.due == at_utc(2026, 12, 7, 18));
    }
}

TEST_CASE("the text of a target with options") {
    using config::read_target_rule;
    auto rule = read_target_rule("2d4h  by-date end-of-day");
    REQUIRE(rule.has_value());
    CHECK(rule->duration == "2d4h");
    CHECK(rule->by_date);
    CHECK(rule->end_of_day);
    CHECK_FALSE(rule->next_opening);
    rule = read_target_rule("next-opening end-of-day");
    REQUIRE(rule.has_value());
    CHECK(rule->duration.empty());
    CHECK(rule->next_opening);
    CHECK(rule->end_of_day);
    CHECK(read_target_rule("4h").value().duration == "4h");

    CHECK(read_target_rule("2d by-dat").error().find("did you mean `by-date`") !=
          std::string::npos);
    CHECK(read_target_rule("4h by-date").error().find("needs days") != std::string::npos);
    CHECK(read_target_rule("0d4h by-date").error().find("at least one day") != std::string::npos);
    CHECK(read_target_rule("2d end-of-day end-of-day").error().find("twice") != std::string::npos);
    CHECK(read_target_rule("2d next-opening").error().find("of its own") != std::string::npos);
    CHECK(read_target_rule("next-opening by-date").has_value() == false);
    CHECK(read_target_rule("by-date").error().find("follows a duration") != std::string::npos);
    rule = read_target_rule("end-of-day"); // alone: by close of business of the first working day
    REQUIRE(rule.has_value());
    CHECK(rule->next_opening);
    CHECK(rule->end_of_day);
}

TEST_CASE("nominal targets for warnings and config show") {
    const auto& c = options_config();
    const auto& office = *c.find_window("office");
    CHECK(config::target_on(*c.find_priority("D1"), true, office) == Duration{0});
    CHECK(config::target_on(*c.find_priority("D1"), false, office) == Duration{10h});
    CHECK(config::target_on(*c.find_priority("D3"), false, office) == Duration{24h});
}

TEST_CASE("the update promise: from the last public contact until resolved") {
    const auto reply = [](Instant at) {
        return ticket_event(at, "replied", {{"text", "status"}, {"public", true}});
    };
    SUBCASE("end-of-day: logged Monday 10:00, an update is due at Monday's close") {
        std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 10), "U1")};
        auto e = evaluate_at(evs, at_utc(2026, 12, 7, 12));
        CHECK(e.update.due == at_utc(2026, 12, 7, 18));
        CHECK(e.update.state == ClockState::running);
        CHECK(evaluate_at(evs, at_utc(2026, 12, 7, 18, 1)).update.state == ClockState::breached);
        // A note is internal: it is no update.
        evs.push_back(ticket_event(at_utc(2026, 12, 7, 17), "noted", {{"text", "x"}}));
        CHECK(evaluate_at(evs, at_utc(2026, 12, 7, 18, 1)).update.state == ClockState::breached);
    }
    SUBCASE("a reply covers its working day: the next update is due at the next close") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 10), "U1"),
                                            reply(at_utc(2026, 12, 7, 17, 55))};
        const auto e = evaluate_at(evs, at_utc(2026, 12, 8, 12));
        CHECK(e.update.due == at_utc(2026, 12, 8, 18));
        CHECK(e.update.state == ClockState::running);
        CHECK(e.update.counted == Duration{4h});
    }
    SUBCASE("a reply after hours covers the next working day") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 10), "U1"),
                                            reply(at_utc(2026, 12, 7, 20))};
        CHECK(evaluate_at(evs, at_utc(2026, 12, 8, 12)).update.due == at_utc(2026, 12, 9, 18));
    }
    SUBCASE("Friday's reply: Saturday's close is next (the office opens 09:00-16:00)") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 4, 10), "U1"),
                                            reply(at_utc(2026, 12, 4, 11))};
        CHECK(evaluate_at(evs, at_utc(2026, 12, 4, 12)).update.due == at_utc(2026, 12, 5, 16));
    }
    SUBCASE("4h: restarted by each reply, stopped by the resolution") {
        std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 10), "U2")};
        CHECK(evaluate_at(evs, at_utc(2026, 12, 7, 10)).update.due == at_utc(2026, 12, 7, 14));
        evs.push_back(reply(at_utc(2026, 12, 7, 13)));
        CHECK(evaluate_at(evs, at_utc(2026, 12, 7, 13)).update.due == at_utc(2026, 12, 7, 17));
        evs.push_back(ticket_event(at_utc(2026, 12, 7, 16), "resolved", {{"resolution", "ok"}}));
        const auto e = evaluate_at(evs, at_utc(2026, 12, 8, 12));
        CHECK(e.update.state == ClockState::met);
        CHECK(e.update.stopped_at == at_utc(2026, 12, 7, 16));
        // Reopened: the promise runs again from the reopening.
        evs.push_back(ticket_event(at_utc(2026, 12, 8, 9), "reopened", {{"reason", "again"}}));
        CHECK(evaluate_at(evs, at_utc(2026, 12, 8, 9)).update.due == at_utc(2026, 12, 8, 13));
    }
    SUBCASE("a priority without an update promise has none") {
        const std::vector<model::Event> evs{logged_as(at_utc(2026, 12, 7, 10), "D7")};
        CHECK(evaluate_at(evs, at_utc(2026, 12, 8, 12)).update.state == ClockState::none);
    }
}
