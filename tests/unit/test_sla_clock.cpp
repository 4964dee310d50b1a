// The SLA clocks against docs/sla.md: the worked examples and one scenario per rule, with exact
// instants (UTC; London is UTC+0 in winter, Brussels UTC+1).
#include <itsm/sla/clock.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using itsm::calendar::Segment;
using itsm::calendar::SegmentKind;
using itsm::sla::ClockState;
using itsm::sla::evaluate;
using itsm::sla::Evaluation;
using itsm::time::Duration;
using itsm::time::Instant;
using Json = nlohmann::json;

namespace {

namespace calendar = itsm::calendar;
namespace config = itsm::config;
namespace model = itsm::model;

Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
    return std::chrono::sys_days{std::chrono::year{y} / mo / d} + std::chrono::hours{h} +
           std::chrono::minutes{mi};
}

itsm::time::Zone zone(const char* name) {
    auto z = itsm::time::find_zone(name);
    REQUIRE(z.has_value());
    return *z;
}

calendar::Window office() {
    calendar::WindowSpec s;
    s.name = "office";
    s.zone_name = "Europe/London";
    s.zone = zone("Europe/London");
    for (int d = 0; d < 5; ++d) {
        s.week[d] = {{8 * 60, 18 * 60}};
    }
    s.week[5] = {{9 * 60, 16 * 60}};
    s.holidays = {{2026, 12, 25}, {2026, 12, 28}, {2027, 1, 1}};
    s.working_day = 10h;
    return calendar::Window(std::move(s));
}

calendar::Window normal() {
    calendar::WindowSpec s;
    s.name = "normal";
    s.zone_name = "Europe/Brussels";
    s.zone = zone("Europe/Brussels");
    for (int d = 0; d < 5; ++d) {
        s.week[d] = {{7 * 60, 20 * 60}};
    }
    s.holidays = {{0, 12, 25}, {0, 1, 1}};
    return calendar::Window(std::move(s));
}

calendar::Window extended() {
    calendar::WindowSpec s;
    s.name = "extended";
    s.zone_name = "Europe/Brussels";
    s.zone = zone("Europe/Brussels");
    for (auto& day : s.week) {
        day = {{0, 24 * 60}};
    }
    return calendar::Window(std::move(s));
}

config::Priority priority(std::string id, std::optional<Duration> response,
                          std::string response_text, std::optional<Duration> resolve,
                          std::string resolve_text, std::string window = "") {
    config::Priority p;
    p.id = std::move(id);
    p.response = response;
    p.response_text = std::move(response_text);
    p.resolve = resolve;
    p.resolve_text = std::move(resolve_text);
    p.window = std::move(window);
    return p;
}

config::Group group(std::string name, bool pause_sla) {
    config::Group g;
    g.name = std::move(name);
    g.pause_sla = pause_sla;
    g.external = pause_sla;
    return g;
}

config::Config make_config() {
    config::Config c;
    c.timezone = "Europe/London";
    c.zone = zone("Europe/London");
    c.default_window = "office";
    c.windows.emplace("office", office());
    c.windows.emplace("normal", normal());
    c.windows.emplace("extended", extended());
    config::Service payroll;
    payroll.id = "payroll";
    payroll.window = "normal";
    c.services.emplace("payroll", payroll);
    c.default_priority = "P3";
    c.priorities.push_back(priority("P1", 15min, "15m", 4h, "4h", "extended"));
    c.priorities.push_back(priority("P2", 30min, "30m", 4h, "4h"));
    c.priorities.push_back(priority("P3", 1h, "1h", 8h, "8h"));
    // Parsed as 24 h days by whoever loaded it; the clock re-reads "d" on the ticket's window.
    c.priorities.push_back(priority("P4", 24h, "1d", 72h, "3d"));
    c.priorities.push_back(priority("P5", 4h, "4h", std::nullopt, ""));
    c.priorities.push_back(priority("P6", std::nullopt, "", std::nullopt, ""));
    c.groups.push_back(group("helpdesk", false));
    c.groups.push_back(group("network", false));
    c.groups.push_back(group("supplier", true));
    return c;
}

const config::Config& cfg() {
    static const config::Config c = make_config();
    return c;
}

model::Event event(Instant at, std::string kind, Json detail = Json::object()) {
    model::Event e;
    e.at = at;
    e.actor = "alice";
    itsm::model::set_kind(e, kind);
    e.detail = std::move(detail);
    return e;
}

model::Event logged(Instant at, std::string prio = "P3", std::string service = "",
                    std::string grp = "helpdesk") {
    return event(at, "logged",
                 {{"type", "incident"},
                  {"title", "printer on fire"},
                  {"priority", prio},
                  {"service", service},
                  {"group", grp}});
}

model::Event changed(Instant at, const std::string& field, const std::string& from,
                     const std::string& to) {
    return event(at, "updated", {{"changes", {{field, {{"from", from}, {"to", to}}}}}});
}

Evaluation eval(const std::vector<model::Event>& events, Instant at, bool ledger = false) {
    itsm::sla::Options o;
    o.ledger = ledger;
    return evaluate(cfg(), events, at, o);
}

Duration counting(const std::vector<Segment>& ledger) {
    Duration sum{0};
    for (const auto& s : ledger) {
        if (s.kind == SegmentKind::counting) {
            sum += s.to - s.from;
        }
    }
    return sum;
}

void check_consecutive(const std::vector<Segment>& ledger, Instant from, Instant to) {
    REQUIRE_FALSE(ledger.empty());
    CHECK(ledger.front().from == from);
    CHECK(ledger.back().to == to);
    for (std::size_t i = 1; i < ledger.size(); ++i) {
        CHECK(ledger[i - 1].to == ledger[i].from);
        CHECK(ledger[i - 1].kind != ledger[i].kind);
    }
}

} // namespace

TEST_CASE("worked examples of docs/sla.md") {
    SUBCASE("logged Friday 17:30: response Saturday 09:30, resolve Monday 08:30") {
        const std::vector<model::Event> evs{logged(utc(2026, 11, 27, 17, 30))};
        auto e = eval(evs, utc(2026, 11, 27, 17, 30));
        CHECK(e.window == "office");
        CHECK(e.response.target == Duration{1h});
        CHECK(e.resolve.target == Duration{8h});
        CHECK(e.response.due == utc(2026, 11, 28, 9, 30));
        CHECK(e.resolve.due == utc(2026, 11, 30, 8, 30));
        CHECK(e.response.state == ClockState::running);
        CHECK(e.resolve.state == ClockState::running);
        CHECK(e.response.counted == Duration{0});
        CHECK_FALSE(e.response.breached);
        CHECK_FALSE(e.response.at_risk);
    }
    SUBCASE("logged Thursday 24 December 17:00: due at the closing time, not after it") {
        const std::vector<model::Event> evs{logged(utc(2026, 12, 24, 17, 0))};
        auto e = eval(evs, utc(2026, 12, 24, 17, 0));
        CHECK(e.response.due == utc(2026, 12, 24, 18, 0));
        CHECK(e.resolve.due == utc(2026, 12, 26, 16, 0));
    }
    SUBCASE("on hold Thursday 17:30 to Saturday 10:00: resolve due Tuesday 09:30") {
        const std::vector<model::Event> evs{
            logged(utc(2026, 12, 24, 17, 0)),
            event(utc(2026, 12, 24, 17, 30), "held", {{"reason", "awaiting requester"}}),
            event(utc(2026, 12, 26, 10, 0), "resumed"),
        };
        auto e = eval(evs, utc(2026, 12, 26, 12, 0));
        CHECK(e.resolve.due == utc(2026, 12, 29, 9, 30));
        CHECK(e.resolve.state == ClockState::running);
        CHECK(e.resolve.counted == Duration{150min});
        // The hold is a response.
        CHECK(e.response.state == ClockState::met);
        CHECK(e.response.stopped_at == utc(2026, 12, 24, 17, 30));
        CHECK(e.response.counted == Duration{30min});
    }
}

TEST_CASE("a paused clock's due assumes it resumes at the evaluation time") {
    const std::vector<model::Event> evs{
        logged(utc(2026, 12, 24, 17, 0)),
        event(utc(2026, 12, 24, 17, 30), "held", {{"reason", "awaiting requester"}}),
        event(utc(2026, 12, 26, 10, 0), "resumed"),
    };
    SUBCASE("on the holiday: 7 h Saturday, Monday a holiday, 0.5 h Tuesday") {
        auto e = eval(evs, utc(2026, 12, 25, 12, 0));
        CHECK(e.resolve.state == ClockState::paused);
        CHECK(e.resolve.due == utc(2026, 12, 29, 8, 30));
        CHECK(e.resolve.counted == Duration{30min});
        CHECK_FALSE(e.resolve.breached);
    }
    SUBCASE("during open hours on Saturday") {
        auto e = eval(evs, utc(2026, 12, 26, 9, 30));
        CHECK(e.resolve.state == ClockState::paused);
        CHECK(e.resolve.due == utc(2026, 12, 29, 9, 0));
    }
    SUBCASE("at the instant of the hold") {
        auto e = eval(evs, utc(2026, 12, 24, 17, 30));
        CHECK(e.resolve.state == ClockState::paused);
    }
    SUBCASE("at the instant of the resume") {
        auto e = eval(evs, utc(2026, 12, 26, 10, 0));
        CHECK(e.resolve.state == ClockState::running);
        CHECK(e.resolve.due == utc(2026, 12, 29, 9, 30));
    }
}

TEST_CASE("response stops at the first action of support") {
    const Instant t0 = utc(2026, 11, 23, 9, 0); // a Monday
    const Instant at = utc(2026, 11, 23, 9, 30);
    auto response_after = [&](model::Event action) {
        const std::vector<model::Event> evs{logged(t0), std::move(action)};
        return eval(evs, at).response;
    };
    SUBCASE("a note") {
        auto c = response_after(event(t0 + 20min, "noted", {{"text", "looking"}}));
        CHECK(c.state == ClockState::met);
        CHECK(c.stopped_at == t0 + 20min);
        CHECK(c.counted == Duration{20min});
        CHECK(c.due == utc(2026, 11, 23, 10, 0));
    }
    SUBCASE("an assignment to a person") {
        auto c = response_after(
            event(t0 + 10min, "assigned", {{"group", "network"}, {"assignee", "bob"}}));
        CHECK(c.state == ClockState::met);
        CHECK(c.stopped_at == t0 + 10min);
    }
    SUBCASE("not an assignment to a group alone") {
        auto c = response_after(event(t0 + 10min, "assigned", {{"group", "network"}}));
        CHECK(c.state == ClockState::running);
        CHECK_FALSE(c.stopped_at);
        CHECK(c.counted == Duration{30min});
    }
    SUBCASE("not an assignment with an empty or null assignee") {
        CHECK(
            response_after(event(t0, "assigned", {{"group", "network"}, {"assignee", ""}})).state ==
            ClockState::running);
        CHECK(response_after(event(t0, "assigned", {{"group", "network"}, {"assignee", nullptr}}))
                  .state == ClockState::running);
    }
    SUBCASE("a functional or a hierarchical escalation") {
        CHECK(response_after(event(t0 + 5min, "escalated", {{"group", "network"}, {"tier", 2}}))
                  .state == ClockState::met);
        CHECK(response_after(event(t0 + 5min, "escalated",
                                   {{"level", 1}, {"hierarchical", true}, {"reason", "vip"}}))
                  .state == ClockState::met);
    }
    SUBCASE("a resolve or a close") {
        CHECK(response_after(event(t0 + 5min, "resolved", {{"resolution", "rebooted"}})).state ==
              ClockState::met);
        CHECK(response_after(event(t0 + 5min, "closed", {{"resolution", "dup"}})).state ==
              ClockState::met);
    }
    SUBCASE("not an automatic escalation (sla-check --escalate)") {
        CHECK(response_after(event(t0 + 5min, "escalated",
                                   {{"group", "network"}, {"tier", 2}, {"automatic", true}}))
                  .state == ClockState::running);
        CHECK(response_after(event(t0 + 5min, "escalated",
                                   {{"level", 1},
                                    {"hierarchical", true},
                                    {"automatic", true},
                                    {"breach", "response"}}))
                  .state == ClockState::running);
    }
    SUBCASE("logged straight to a person: answered at logging") {
        auto to_person = logged(t0);
        to_person.detail["assignee"] = "bob";
        const std::vector<model::Event> evs{to_person};
        auto c = eval(evs, at).response;
        CHECK(c.state == ClockState::met);
        CHECK(c.stopped_at == t0);
        CHECK(c.counted == Duration{0});
        auto to_nobody = logged(t0);
        to_nobody.detail["assignee"] = "";
        CHECK(eval({to_nobody}, at).response.state == ClockState::running);
    }
    SUBCASE("not a link or an update") {
        CHECK(response_after(
                  event(t0 + 5min, "linked", {{"linked", "PRB-3"}, {"relation", "problem"}}))
                  .state == ClockState::running);
        CHECK(response_after(changed(t0 + 5min, "title", "a", "b")).state == ClockState::running);
    }
    SUBCASE("breached when the first action comes after due") {
        const std::vector<model::Event> evs{logged(t0),
                                            event(t0 + 90min, "noted", {{"text", "late"}})};
        auto c = eval(evs, utc(2026, 11, 24, 9, 0)).response;
        CHECK(c.state == ClockState::breached);
        CHECK(c.breached);
        CHECK_FALSE(c.at_risk);
        CHECK(c.stopped_at == t0 + 90min);
        CHECK(c.counted == Duration{90min});
    }
    SUBCASE("is_response says the same") {
        using itsm::model::is_response;
        CHECK(is_response(event(t0, "held", {{"reason", "x"}})));
        CHECK(is_response(event(t0, "assigned", {{"group", "g"}, {"assignee", "a"}})));
        CHECK_FALSE(is_response(event(t0, "assigned", {{"group", "g"}})));
        CHECK_FALSE(is_response(event(t0, "resumed")));
        CHECK_FALSE(is_response(event(t0, "reopened", {{"reason", "x"}})));
        CHECK_FALSE(is_response(event(t0, "logged")));
        CHECK(is_response(event(t0, "logged", {{"group", "g"}, {"assignee", "a"}})));
        CHECK_FALSE(is_response(event(t0, "escalated", {{"group", "g"}, {"automatic", true}})));
        CHECK(is_response(event(t0, "escalated", {{"group", "g"}, {"automatic", false}})));
    }
}

TEST_CASE("the response clock is never paused") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    const std::vector<model::Event> evs{logged(t0),
                                        event(t0 + 10min, "assigned", {{"group", "supplier"}})};
    auto e = eval(evs, utc(2026, 11, 23, 15, 0));
    CHECK(e.response.state == ClockState::breached);
    CHECK(e.response.counted == Duration{6h});
    CHECK(e.resolve.state == ClockState::paused);
}

TEST_CASE("resolve stops at the first resolve, or at a close") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    SUBCASE("met") {
        const std::vector<model::Event> evs{
            logged(t0), event(utc(2026, 11, 23, 12, 0), "resolved", {{"resolution", "ok"}}),
            event(utc(2026, 11, 24, 12, 0), "closed", {{"satisfaction", 5}})};
        auto c = eval(evs, utc(2026, 12, 1)).resolve;
        CHECK(c.state == ClockState::met);
        CHECK_FALSE(c.breached);
        CHECK(c.stopped_at == utc(2026, 11, 23, 12, 0));
        CHECK(c.counted == Duration{3h});
        CHECK(c.due == utc(2026, 11, 23, 17, 0));
    }
    SUBCASE("met exactly at due") {
        const std::vector<model::Event> evs{
            logged(t0), event(utc(2026, 11, 23, 17, 0), "resolved", {{"resolution", "ok"}})};
        auto c = eval(evs, utc(2026, 12, 1)).resolve;
        CHECK(c.state == ClockState::met);
    }
    SUBCASE("breached") {
        const std::vector<model::Event> evs{
            logged(t0), event(utc(2026, 11, 24, 9, 0), "resolved", {{"resolution", "ok"}})};
        auto c = eval(evs, utc(2026, 12, 1)).resolve;
        CHECK(c.state == ClockState::breached);
        CHECK(c.breached);
        CHECK(c.counted == Duration{10h});
    }
    SUBCASE("closed without a resolve") {
        const std::vector<model::Event> evs{
            logged(t0), event(utc(2026, 11, 23, 11, 0), "closed", {{"resolution", "dup"}})};
        auto c = eval(evs, utc(2026, 12, 1)).resolve;
        CHECK(c.state == ClockState::met);
        CHECK(c.stopped_at == utc(2026, 11, 23, 11, 0));
        CHECK(c.counted == Duration{2h});
    }
}

TEST_CASE("running clocks: breached after due, at risk from the warn fraction") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    const std::vector<model::Event> evs{logged(t0)};
    SUBCASE("exactly at due is not breached yet") {
        auto c = eval(evs, utc(2026, 11, 23, 17, 0)).resolve;
        CHECK(c.state == ClockState::running);
        CHECK_FALSE(c.breached);
        CHECK(c.at_risk);
    }
    SUBCASE("a second later it is") {
        auto c = eval(evs, utc(2026, 11, 23, 17, 0) + 1s).resolve;
        CHECK(c.state == ClockState::breached);
        CHECK(c.breached);
        CHECK_FALSE(c.at_risk);
    }
    SUBCASE("at risk at 75 % of the target, not before") {
        CHECK(eval(evs, utc(2026, 11, 23, 15, 0)).resolve.at_risk);
        CHECK_FALSE(eval(evs, utc(2026, 11, 23, 14, 59)).resolve.at_risk);
    }
    SUBCASE("another warn fraction") {
        itsm::sla::Options o;
        o.warn = 0.5;
        CHECK(evaluate(cfg(), evs, utc(2026, 11, 23, 13, 0), o).resolve.at_risk);
        CHECK_FALSE(evaluate(cfg(), evs, utc(2026, 11, 23, 12, 59), o).resolve.at_risk);
    }
    SUBCASE("a paused clock can be at risk") {
        auto held = evs;
        held.push_back(event(utc(2026, 11, 23, 15, 30), "held", {{"reason", "awaiting parts"}}));
        auto c = eval(held, utc(2026, 11, 24, 9, 0)).resolve;
        CHECK(c.state == ClockState::paused);
        CHECK(c.at_risk);
        CHECK(c.counted == Duration{6h + 30min});
    }
}

TEST_CASE("a supplier group pauses the resolve clock") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    std::vector<model::Event> evs{
        logged(t0),
        event(utc(2026, 11, 23, 10, 0), "assigned", {{"group", "supplier"}}),
        event(utc(2026, 11, 24, 10, 0), "assigned", {{"group", "helpdesk"}, {"assignee", "alice"}}),
    };
    SUBCASE("while with the supplier") {
        auto c = eval(evs, utc(2026, 11, 23, 15, 0)).resolve;
        CHECK(c.state == ClockState::paused);
        CHECK(c.counted == Duration{1h});
        CHECK(c.due == utc(2026, 11, 24, 12, 0));
    }
    SUBCASE("back: the due moved later by the 10 h paused") {
        auto c = eval(evs, utc(2026, 11, 24, 12, 0), true).resolve;
        CHECK(c.state == ClockState::running);
        CHECK(c.counted == Duration{3h});
        CHECK(c.due == utc(2026, 11, 24, 17, 0));
        const std::vector<Segment> expected{
            {t0, utc(2026, 11, 23, 10, 0), SegmentKind::counting},
            {utc(2026, 11, 23, 10, 0), utc(2026, 11, 23, 18, 0), SegmentKind::paused},
            {utc(2026, 11, 23, 18, 0), utc(2026, 11, 24, 8, 0), SegmentKind::closed},
            {utc(2026, 11, 24, 8, 0), utc(2026, 11, 24, 10, 0), SegmentKind::paused},
            {utc(2026, 11, 24, 10, 0), utc(2026, 11, 24, 12, 0), SegmentKind::counting},
        };
        REQUIRE(c.ledger.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CHECK(c.ledger[i].from == expected[i].from);
            CHECK(c.ledger[i].to == expected[i].to);
            CHECK(c.ledger[i].kind == expected[i].kind);
        }
    }
    SUBCASE("by escalation and by update too") {
        evs[1] = event(utc(2026, 11, 23, 10, 0), "escalated", {{"group", "supplier"}, {"tier", 3}});
        evs[2] = changed(utc(2026, 11, 24, 10, 0), "group", "supplier", "network");
        auto c = eval(evs, utc(2026, 11, 24, 12, 0)).resolve;
        CHECK(c.counted == Duration{3h});
        CHECK(c.due == utc(2026, 11, 24, 17, 0));
    }
    SUBCASE("logged straight to the supplier") {
        const std::vector<model::Event> direct{logged(t0, "P3", "", "supplier")};
        auto c = eval(direct, utc(2026, 11, 23, 12, 0)).resolve;
        CHECK(c.state == ClockState::paused);
        CHECK(c.counted == Duration{0});
        CHECK(c.due == utc(2026, 11, 24, 10, 0));
    }
    SUBCASE("a hierarchical escalation keeps the group") {
        evs[2] =
            event(utc(2026, 11, 24, 10, 0), "escalated", {{"level", 1}, {"hierarchical", true}});
        CHECK(eval(evs, utc(2026, 11, 24, 12, 0)).resolve.state == ClockState::paused);
    }
}

TEST_CASE("pauses overlap: paused while any reason holds") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    const std::vector<model::Event> evs{
        logged(t0),
        event(utc(2026, 11, 23, 10, 0), "held", {{"reason", "awaiting requester"}}),
        event(utc(2026, 11, 23, 11, 0), "assigned", {{"group", "supplier"}}),
        event(utc(2026, 11, 23, 12, 0), "resumed"),
        event(utc(2026, 11, 23, 13, 0), "assigned", {{"group", "helpdesk"}}),
    };
    CHECK(eval(evs, utc(2026, 11, 23, 12, 30)).resolve.state == ClockState::paused);
    auto c = eval(evs, utc(2026, 11, 23, 14, 0)).resolve;
    CHECK(c.state == ClockState::running);
    CHECK(c.counted == Duration{2h});
    CHECK(c.due == utc(2026, 11, 24, 10, 0));
}

TEST_CASE("reopen restarts the resolve clock; the gap does not count") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    std::vector<model::Event> evs{
        logged(t0),
        event(utc(2026, 11, 23, 11, 0), "resolved", {{"resolution", "ok"}}),
        event(utc(2026, 11, 24, 10, 0), "reopened", {{"reason", "back again"}}),
    };
    SUBCASE("before the reopen: stopped") {
        auto c = eval(evs, utc(2026, 11, 23, 12, 0)).resolve;
        CHECK(c.state == ClockState::met);
        CHECK(c.counted == Duration{2h});
    }
    SUBCASE("after it: running with the gap paused") {
        auto e = eval(evs, utc(2026, 11, 24, 12, 0), true);
        CHECK(e.resolve.state == ClockState::running);
        CHECK_FALSE(e.resolve.stopped_at);
        CHECK(e.resolve.counted == Duration{4h});
        CHECK(e.resolve.due == utc(2026, 11, 24, 16, 0));
        CHECK(counting(e.resolve.ledger) == e.resolve.counted);
        check_consecutive(e.resolve.ledger, t0, utc(2026, 11, 24, 12, 0));
        CHECK(e.resolve.ledger[1].kind == SegmentKind::paused);
        // The response clock, once stopped (late, at the resolve), stays stopped.
        CHECK(e.response.state == ClockState::breached);
        CHECK(e.response.stopped_at == utc(2026, 11, 23, 11, 0));
    }
    SUBCASE("resolved again: stopped at the new resolve") {
        evs.push_back(event(utc(2026, 11, 24, 13, 0), "resolved", {{"resolution", "ok"}}));
        auto c = eval(evs, utc(2026, 11, 30)).resolve;
        CHECK(c.state == ClockState::met);
        CHECK(c.stopped_at == utc(2026, 11, 24, 13, 0));
        CHECK(c.counted == Duration{5h});
    }
    SUBCASE("a close after the resolve does not move the stop, and a reopen ends it") {
        evs.insert(evs.begin() + 2,
                   event(utc(2026, 11, 23, 15, 0), "closed", {{"satisfaction", 4}}));
        auto c = eval(evs, utc(2026, 11, 24, 12, 0)).resolve;
        CHECK(c.counted == Duration{4h});
        CHECK(c.due == utc(2026, 11, 24, 16, 0));
    }
    SUBCASE("breached after the reopen") {
        evs[2] = event(utc(2026, 11, 25, 9, 0), "reopened", {{"reason", "back again"}});
        auto c = eval(evs, utc(2026, 11, 25, 16, 0)).resolve;
        CHECK(c.counted == Duration{9h});
        CHECK(c.due == utc(2026, 11, 25, 15, 0));
        CHECK(c.state == ClockState::breached);
    }
    SUBCASE("a resolve ends a hold") {
        const std::vector<model::Event> held{
            logged(t0), event(utc(2026, 11, 23, 10, 0), "held", {{"reason", "parts"}}),
            event(utc(2026, 11, 23, 11, 0), "resolved", {{"resolution", "ok"}}),
            event(utc(2026, 11, 23, 12, 0), "reopened", {{"reason", "no"}})};
        auto c = eval(held, utc(2026, 11, 23, 13, 0)).resolve;
        CHECK(c.state == ClockState::running);
        CHECK(c.counted == Duration{2h});
    }
}

TEST_CASE("a priority change recomputes from logging") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    const std::vector<model::Event> evs{logged(t0), changed(t0 + 20min, "priority", "P3", "P2")};
    SUBCASE("before the change: P3") {
        auto e = eval(evs, t0 + 15min);
        CHECK(e.response.due == utc(2026, 11, 23, 10, 0));
        CHECK(e.resolve.due == utc(2026, 11, 23, 17, 0));
    }
    SUBCASE("after it: P2 from the start") {
        auto e = eval(evs, t0 + 25min);
        CHECK(e.response.target == Duration{30min});
        CHECK(e.response.due == utc(2026, 11, 23, 9, 30));
        CHECK(e.response.at_risk);
        CHECK(e.resolve.due == utc(2026, 11, 23, 13, 0));
    }
    SUBCASE("to a priority with its own window") {
        const Instant sat = utc(2026, 11, 28, 20, 0); // office closed, extended open
        const std::vector<model::Event> p1{logged(sat),
                                           changed(sat + 5min, "priority", "P3", "P1")};
        auto before = eval(p1, sat);
        CHECK(before.window == "office");
        CHECK(before.response.due == utc(2026, 11, 30, 9, 0));
        auto after = eval(p1, sat + 5min);
        CHECK(after.window == "extended");
        CHECK(after.response.due == sat + 15min);
        CHECK(after.resolve.due == utc(2026, 11, 29, 0, 0));
        CHECK(after.response.counted == Duration{5min});
    }
    SUBCASE("to a priority without targets") {
        const std::vector<model::Event> p6{logged(t0), changed(t0 + 5min, "priority", "P3", "P6")};
        auto e = eval(p6, t0 + 10min);
        CHECK(e.response.state == ClockState::none);
        CHECK(e.resolve.state == ClockState::none);
    }
}

TEST_CASE("a service change can move the ticket to another window") {
    const Instant t0 = utc(2026, 11, 23, 7, 0); // office (London) closed, normal (Brussels) open
    const std::vector<model::Event> evs{logged(t0), changed(t0 + 10min, "service", "", "payroll")};
    auto before = eval(evs, t0 + 5min);
    CHECK(before.window == "office");
    CHECK(before.response.due == utc(2026, 11, 23, 9, 0));
    CHECK(before.response.counted == Duration{0});
    auto after = eval(evs, t0 + 10min);
    CHECK(after.window == "normal");
    CHECK(after.response.due == utc(2026, 11, 23, 8, 0));
    CHECK(after.resolve.due == utc(2026, 11, 23, 15, 0));
    CHECK(after.response.counted == Duration{10min});
}

TEST_CASE("targets written in days use the window's working day") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    const std::vector<model::Event> evs{logged(t0, "P4")};
    auto e = eval(evs, t0);
    CHECK(e.response.target == Duration{10h});
    CHECK(e.resolve.target == Duration{30h});
    CHECK(e.response.due == utc(2026, 11, 24, 9, 0));
    CHECK(e.resolve.due == utc(2026, 11, 26, 9, 0));
}

TEST_CASE("no target: state none, time still counted") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    SUBCASE("neither target") {
        const std::vector<model::Event> evs{logged(t0, "P6")};
        auto e = eval(evs, utc(2026, 11, 23, 12, 0));
        for (const auto* c : {&e.response, &e.resolve}) {
            CHECK(c->state == ClockState::none);
            CHECK_FALSE(c->target);
            CHECK_FALSE(c->due);
            CHECK_FALSE(c->breached);
            CHECK_FALSE(c->at_risk);
            CHECK(c->counted == Duration{3h});
        }
        CHECK(std::string(itsm::sla::to_string(e.resolve.state)) == "none");
    }
    SUBCASE("only a response target") {
        const std::vector<model::Event> evs{logged(t0, "P5")};
        auto e = eval(evs, utc(2026, 11, 23, 12, 0));
        CHECK(e.response.state == ClockState::running);
        CHECK(e.resolve.state == ClockState::none);
    }
    SUBCASE("a priority the configuration does not know") {
        const std::vector<model::Event> evs{logged(t0, "P42")};
        auto e = eval(evs, utc(2026, 11, 23, 12, 0));
        CHECK(e.response.state == ClockState::none);
        CHECK(e.resolve.state == ClockState::none);
    }
}

TEST_CASE("only events at or before the evaluation time count") {
    const Instant t0 = utc(2026, 11, 23, 9, 0);
    const std::vector<model::Event> evs{logged(t0), event(t0 + 90min, "noted", {{"text", "late"}}),
                                        event(t0 + 2h, "resolved", {{"resolution", "ok"}}),
                                        changed(t0 + 3h, "priority", "P3", "P1")};
    auto e = eval(evs, t0 + 1h);
    CHECK(e.window == "office");
    CHECK(e.response.state == ClockState::running);
    CHECK(e.response.due == t0 + 1h);
    CHECK_FALSE(e.response.breached);
    CHECK(e.response.at_risk);
    CHECK(e.resolve.state == ClockState::running);
    SUBCASE("before logging: the clocks as they stand at logging") {
        auto early = eval(evs, t0 - 1h);
        CHECK(early.window == "office");
        CHECK(early.response.state == ClockState::running);
        CHECK(early.response.due == t0 + 1h);
        CHECK(early.response.counted == Duration{0});
        CHECK(early.resolve.due == utc(2026, 11, 23, 17, 0));
    }
    SUBCASE("without a logged event there are no clocks") {
        const std::vector<model::Event> orphan{event(t0, "noted", {{"text", "x"}})};
        auto none = eval(orphan, t0 + 1h);
        CHECK(none.window.empty());
        CHECK(none.response.state == ClockState::none);
        CHECK(none.resolve.state == ClockState::none);
    }
}

TEST_CASE("ledger") {
    SUBCASE("worked example 1, evaluated on Monday at noon") {
        const Instant t0 = utc(2026, 11, 27, 17, 30);
        const std::vector<model::Event> evs{logged(t0)};
        const Instant at = utc(2026, 11, 30, 12, 0);
        auto e = eval(evs, at, true);
        const std::vector<Segment> expected{
            {t0, utc(2026, 11, 27, 18, 0), SegmentKind::counting},
            {utc(2026, 11, 27, 18, 0), utc(2026, 11, 28, 9, 0), SegmentKind::closed},
            {utc(2026, 11, 28, 9, 0), utc(2026, 11, 28, 16, 0), SegmentKind::counting},
            {utc(2026, 11, 28, 16, 0), utc(2026, 11, 30, 8, 0), SegmentKind::closed},
            {utc(2026, 11, 30, 8, 0), at, SegmentKind::counting},
        };
        REQUIRE(e.resolve.ledger.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CHECK(e.resolve.ledger[i].from == expected[i].from);
            CHECK(e.resolve.ledger[i].to == expected[i].to);
            CHECK(e.resolve.ledger[i].kind == expected[i].kind);
        }
        CHECK(e.resolve.counted == Duration{11h + 30min});
        CHECK(e.resolve.state == ClockState::breached);
        CHECK(counting(e.response.ledger) == e.response.counted);
        check_consecutive(e.response.ledger, t0, utc(2026, 11, 30, 12, 0));
    }
    SUBCASE("worked example 3: a hold over closed hours and a holiday stays closed and holiday") {
        const Instant t0 = utc(2026, 12, 24, 17, 0);
        const std::vector<model::Event> evs{
            logged(t0), event(utc(2026, 12, 24, 17, 30), "held", {{"reason", "awaiting"}}),
            event(utc(2026, 12, 26, 10, 0), "resumed")};
        const Instant at = utc(2026, 12, 26, 12, 0);
        auto e = eval(evs, at, true);
        const std::vector<Segment> expected{
            {t0, utc(2026, 12, 24, 17, 30), SegmentKind::counting},
            {utc(2026, 12, 24, 17, 30), utc(2026, 12, 24, 18, 0), SegmentKind::paused},
            {utc(2026, 12, 24, 18, 0), utc(2026, 12, 25, 0, 0), SegmentKind::closed},
            {utc(2026, 12, 25, 0, 0), utc(2026, 12, 26, 0, 0), SegmentKind::holiday},
            {utc(2026, 12, 26, 0, 0), utc(2026, 12, 26, 9, 0), SegmentKind::closed},
            {utc(2026, 12, 26, 9, 0), utc(2026, 12, 26, 10, 0), SegmentKind::paused},
            {utc(2026, 12, 26, 10, 0), at, SegmentKind::counting},
        };
        REQUIRE(e.resolve.ledger.size() == expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            CHECK(e.resolve.ledger[i].from == expected[i].from);
            CHECK(e.resolve.ledger[i].to == expected[i].to);
            CHECK(e.resolve.ledger[i].kind == expected[i].kind);
        }
        CHECK(counting(e.resolve.ledger) == e.resolve.counted);
        // The response stopped at the hold: its ledger ends there.
        REQUIRE(e.response.ledger.size() == 1);
        CHECK(e.response.ledger[0].to == utc(2026, 12, 24, 17, 30));
    }
    SUBCASE("only when asked for") {
        const std::vector<model::Event> evs{logged(utc(2026, 11, 23, 9, 0))};
        auto e = eval(evs, utc(2026, 11, 24, 9, 0));
        CHECK(e.response.ledger.empty());
        CHECK(e.resolve.ledger.empty());
    }
}

TEST_CASE("the span overload reads a slice of a batch") {
    const std::vector<model::Event> batch{logged(utc(2026, 11, 23, 9, 0)),
                                          event(utc(2026, 11, 23, 9, 10), "noted", {{"text", "x"}}),
                                          logged(utc(2026, 11, 23, 9, 0), "P2")};
    auto first = evaluate(cfg(), std::span(batch).first(2), utc(2026, 11, 23, 12, 0));
    auto second = evaluate(cfg(), std::span(batch).subspan(2), utc(2026, 11, 23, 12, 0));
    CHECK(first.response.state == ClockState::met);
    CHECK(second.response.state == ClockState::breached);
    CHECK(second.resolve.due == utc(2026, 11, 23, 13, 0));
}
