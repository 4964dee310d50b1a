// lib/itsm/desk: the service desk's operations and refusals without the CLI, on a store in a
// temporary folder (docs/lifecycle.md, docs/exit-codes.md).
#include <itsm/core/error.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/store/sqlite/store.hpp>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <unistd.h>

using namespace itsm;
namespace fs = std::filesystem;
using model::EventKind;
using model::Status;

namespace {

struct Desk {
    fs::path dir;
    config::Config config;
    std::optional<store::sqlite::Store> store;

    Desk() {
        dir = fs::temp_directory_path() /
              ("itsm-desk-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        fs::create_directories(dir);
        auto loaded = config::load_texts({{"itsm.toml", R"(
[[group]]
name = "helpdesk"

[[group]]
name = "second-line"

[[group]]
name = "supplier"

[escalation]
path = ["helpdesk", "second-line", "supplier"]
chain = [{ name = "Help Desk Manager" }, { name = "CEO" }]
)"}});
        REQUIRE(loaded.diagnostics.empty());
        config = std::move(loaded.config);
        store.emplace(dir / "itsm.db", store::Mode::write);
    }
    ~Desk() {
        store.reset();
        fs::remove_all(dir);
    }

    // A stamp `minutes` after a fixed instant (2026-11-02).
    static desk::Stamp at(int minutes, std::string actor = "alice") {
        return {std::move(actor), time::from_epoch(1'793'610'000 + minutes * 60LL), {}};
    }

    desk::Ticket log(const std::string& group = "", const std::string& assignee = "") {
        desk::LogRequest r;
        r.title = "printer on fire";
        r.priority = "P2";
        r.group = group;
        r.assignee = assignee;
        return desk::log(*store, config, r, at(0));
    }

    std::vector<EventKind> kinds(long long number) {
        std::vector<EventKind> out;
        for (const auto& e : store->events_of(number)) {
            out.push_back(e.kind);
        }
        return out;
    }

    // The row as its events give it: what the desk saved must be what model::apply makes.
    model::Ticket folded(long long number) {
        model::Ticket t;
        t.number = number;
        for (const auto& e : store->events_of(number)) {
            model::apply(t, e);
        }
        return t;
    }
};

void check_same_row(const model::Ticket& a, const model::Ticket& b) {
    CHECK(model::text_fields(a) == model::text_fields(b));
    CHECK(a.number == b.number);
    CHECK(a.opened_at == b.opened_at);
    CHECK(a.responded_at == b.responded_at);
    CHECK(a.resolved_at == b.resolved_at);
    CHECK(a.closed_at == b.closed_at);
    CHECK(a.updated_at == b.updated_at);
    CHECK(a.tier == b.tier);
    CHECK(a.escalation_level == b.escalation_level);
    CHECK(a.resolution == b.resolution);
    CHECK(a.resolution_code == b.resolution_code);
    CHECK(a.satisfaction == b.satisfaction);
    CHECK(a.comment == b.comment);
    CHECK(a.hold_reason == b.hold_reason);
}

} // namespace

TEST_CASE("log, assign, resolve, close") {
    Desk d;
    const auto logged = d.log();
    CHECK(logged.number == 1);
    CHECK(logged.status == Status::new_);
    CHECK(desk::display_id(d.config, logged) == "INC-1");
    CHECK_FALSE(logged.responded_at.has_value());

    SUBCASE("the rows and events each step gives") {
        const auto assigned =
            desk::assign(*d.store, d.config, "INC-1", "helpdesk", "bob", Desk::at(10));
        CHECK(assigned.status == Status::assigned);
        CHECK(assigned.group == "helpdesk");
        CHECK(assigned.assignee == "bob");
        CHECK(assigned.tier == 1);
        CHECK(assigned.responded_at == Desk::at(10).at);

        const auto resolved =
            desk::resolve(*d.store, d.config, "inc-1", "replaced the fuser", "", Desk::at(30));
        CHECK(resolved.status == Status::resolved);
        CHECK(resolved.resolved_at == Desk::at(30).at);
        CHECK(resolved.resolution == "replaced the fuser");
        CHECK(resolved.responded_at == Desk::at(10).at); // the first response stays

        const auto closed =
            desk::close(*d.store, d.config, "1", {"", "", 5, "thanks"}, Desk::at(40));
        CHECK(closed.status == Status::closed);
        CHECK(closed.resolved_at == Desk::at(30).at);
        CHECK(closed.closed_at == Desk::at(40).at);
        CHECK(closed.satisfaction == 5);
        CHECK(closed.comment == "thanks");

        CHECK(d.kinds(1) == std::vector{EventKind::logged, EventKind::assigned, EventKind::resolved,
                                        EventKind::closed});
        const auto events = d.store->events_of(1);
        CHECK(events[1].detail ==
              nlohmann::json{{"group", "helpdesk"}, {"tier", 1}, {"assignee", "bob"}});
        CHECK(events[2].detail == nlohmann::json{{"resolution", "replaced the fuser"}});
        CHECK(events[3].detail == nlohmann::json{{"satisfaction", 5}, {"comment", "thanks"}});
        const auto stored = d.store->find_ticket(1);
        REQUIRE(stored.has_value());
        check_same_row(*stored, closed);
        check_same_row(*stored, d.folded(1));
    }

    SUBCASE("an assignment to a group alone is no response") {
        const auto t = desk::assign(*d.store, d.config, "INC-1", "helpdesk", "", Desk::at(5));
        CHECK(t.status == Status::assigned);
        CHECK_FALSE(t.responded_at.has_value());
        const auto noted = desk::note(*d.store, d.config, "INC-1", "looking", Desk::at(7));
        CHECK(noted.responded_at == Desk::at(7).at);
        check_same_row(noted, d.folded(1));
    }

    SUBCASE("close straight from new needs a resolution") {
        CHECK_THROWS_AS(desk::close(*d.store, d.config, "INC-1", {}, Desk::at(5)), UsageError);
        CHECK(d.kinds(1) == std::vector{EventKind::logged});
        const auto closed = desk::close(*d.store, d.config, "INC-1",
                                        {"done", "fixed", std::nullopt, ""}, Desk::at(5));
        CHECK(closed.resolved_at == Desk::at(5).at);
        CHECK(closed.resolution_code == "fixed");
        check_same_row(closed, d.folded(1));
    }
}

TEST_CASE("logged straight to a person is answered at logging") {
    Desk d;
    const auto t = d.log("helpdesk", "bob");
    CHECK(t.status == Status::assigned);
    CHECK(t.tier == 1);
    CHECK(t.responded_at == Desk::at(0).at);
    check_same_row(*d.store->find_ticket(1), d.folded(1));
}

TEST_CASE("refused transitions throw the documented error and change nothing") {
    Desk d;
    d.log("helpdesk");
    desk::resolve(*d.store, d.config, "INC-1", "done", "", Desk::at(10));
    const auto before = *d.store->find_ticket(1);

    SUBCASE("hold a resolved ticket") {
        CHECK_THROWS_AS(desk::hold(*d.store, d.config, "INC-1", "waiting", Desk::at(20)),
                        RefusedError);
    }
    SUBCASE("resume a ticket not on hold") {
        CHECK_THROWS_AS(desk::resume(*d.store, d.config, "INC-1", Desk::at(20)), RefusedError);
    }
    SUBCASE("escalate a resolved ticket") {
        CHECK_THROWS_AS(desk::escalate(*d.store, d.config, "INC-1", "", "", Desk::at(20)),
                        RefusedError);
    }
    SUBCASE("a change stamped before the last") {
        CHECK_THROWS_AS(desk::note(*d.store, d.config, "INC-1", "late", Desk::at(5)), UsageError);
    }
    SUBCASE("an unknown group") {
        CHECK_THROWS_AS(desk::assign(*d.store, d.config, "INC-1", "nowhere", "", Desk::at(20)),
                        UsageError);
    }
    SUBCASE("a malformed id, a missing ticket, another type's prefix") {
        CHECK_THROWS_AS(desk::note(*d.store, d.config, "INC-x", "hi", Desk::at(20)), UsageError);
        CHECK_THROWS_AS(desk::note(*d.store, d.config, "INC-9", "hi", Desk::at(20)), NotFoundError);
        CHECK_THROWS_AS(desk::note(*d.store, d.config, "REQ-1", "hi", Desk::at(20)), NotFoundError);
    }
    try {
        desk::hold(*d.store, d.config, "INC-1", "waiting", Desk::at(20));
        FAIL("hold of a resolved ticket was not refused");
    } catch (const RefusedError& e) {
        CHECK(std::string(e.what()) ==
              "cannot hold INC-1: it is resolved; hold is allowed only from: new, assigned");
    }
    CHECK(d.kinds(1) == std::vector{EventKind::logged, EventKind::resolved});
    check_same_row(*d.store->find_ticket(1), before);
}

TEST_CASE("escalations") {
    Desk d;
    d.log("helpdesk", "bob");

    SUBCASE("functional, along the path, taking the ticket from its assignee") {
        const auto t = desk::escalate(*d.store, d.config, "INC-1", "", "too hard", Desk::at(10));
        CHECK(t.group == "second-line");
        CHECK(t.assignee.empty());
        CHECK(t.tier == 2);
        const auto e = d.store->events_of(1).back();
        CHECK(e.kind == EventKind::escalated);
        CHECK(e.detail == nlohmann::json{{"from", "helpdesk"},
                                         {"group", "second-line"},
                                         {"tier", 2},
                                         {"unassigned", "bob"},
                                         {"reason", "too hard"}});
        desk::escalate(*d.store, d.config, "INC-1", "", "", Desk::at(20));
        CHECK_THROWS_AS(desk::escalate(*d.store, d.config, "INC-1", "", "", Desk::at(30)),
                        RefusedError);
        check_same_row(*d.store->find_ticket(1), d.folded(1));
    }

    SUBCASE("hierarchical, up the chain and no further") {
        auto t = desk::escalate_hierarchical(*d.store, d.config, "INC-1", "", Desk::at(10));
        CHECK(t.escalation_level == 1);
        t = desk::escalate_hierarchical(*d.store, d.config, "INC-1", "", Desk::at(20));
        CHECK(t.escalation_level == 2);
        CHECK(d.store->events_of(1).back().detail ==
              nlohmann::json{{"hierarchical", true}, {"level", 2}, {"to", "CEO"}});
        CHECK_THROWS_AS(desk::escalate_hierarchical(*d.store, d.config, "INC-1", "", Desk::at(30)),
                        RefusedError);
        check_same_row(*d.store->find_ticket(1), d.folded(1));
    }
}

TEST_CASE("an automatic escalation is marked and is no response") {
    Desk d;
    d.log("helpdesk");
    const auto t = desk::escalate(*d.store, d.config, "INC-1", "", "automatic: unanswered",
                                  Desk::at(10), {true, ""});
    CHECK_FALSE(t.responded_at.has_value());
    CHECK(d.store->events_of(1).back().detail.value("automatic", false));
    const auto h = desk::escalate_hierarchical(*d.store, d.config, "INC-1", "breached",
                                               Desk::at(20), {true, "response"});
    CHECK_FALSE(h.responded_at.has_value());
    CHECK(model::breach_of(d.store->events_of(1).back()) == "response");
    check_same_row(*d.store->find_ticket(1), d.folded(1));
}

TEST_CASE("hold, resume, update, reopen") {
    Desk d;
    d.log("helpdesk");
    auto t = desk::hold(*d.store, d.config, "INC-1", "awaiting requester", Desk::at(10));
    CHECK(t.status == Status::on_hold);
    CHECK(t.hold_reason == "awaiting requester");
    CHECK(t.responded_at == Desk::at(10).at);
    t = desk::resume(*d.store, d.config, "INC-1", Desk::at(20));
    CHECK(t.status == Status::assigned);
    CHECK(t.hold_reason.empty());

    desk::UpdateRequest same;
    same.priority = "P2";
    CHECK_THROWS_AS(desk::update(*d.store, d.config, "INC-1", same, Desk::at(30)), UsageError);
    desk::UpdateRequest r;
    r.priority = "P1";
    r.title = "printer still on fire";
    t = desk::update(*d.store, d.config, "INC-1", r, Desk::at(30));
    CHECK(t.priority == "P1");
    CHECK(t.title == "printer still on fire");
    CHECK(d.store->events_of(1).back().detail ==
          nlohmann::json{
              {"changes",
               {{"priority", {{"from", "P2"}, {"to", "P1"}}},
                {"title", {{"from", "printer on fire"}, {"to", "printer still on fire"}}}}}});

    desk::resolve(*d.store, d.config, "INC-1", "put out", "", Desk::at(40));
    t = desk::reopen(*d.store, d.config, "INC-1", "it is back", Desk::at(50));
    CHECK(t.status == Status::assigned);
    CHECK_FALSE(t.resolved_at.has_value());
    CHECK(t.resolution == "put out"); // kept until the next resolution
    CHECK(d.kinds(1) == std::vector{EventKind::logged, EventKind::held, EventKind::resumed,
                                    EventKind::updated, EventKind::resolved, EventKind::reopened});
    check_same_row(*d.store->find_ticket(1), d.folded(1));
}

TEST_CASE("records and links") {
    Desk d;
    d.log("helpdesk", "bob");
    const auto problem =
        desk::escalate_to_type(*d.store, d.config, "INC-1", model::Type::problem, "", Desk::at(10));
    CHECK(problem.number == 2);
    CHECK(problem.type == model::Type::problem);
    CHECK(problem.title == "printer on fire");
    CHECK(problem.assignee.empty());
    CHECK(problem.status == Status::assigned);
    CHECK_FALSE(problem.responded_at.has_value());
    CHECK(d.store->events_of(2).front().detail.value("from", "") == "INC-1");
    CHECK(d.store->events_of(1).back().detail ==
          nlohmann::json{{"linked", "PRB-2"}, {"relation", "problem"}});
    check_same_row(*d.store->find_ticket(2), d.folded(2));
    check_same_row(*d.store->find_ticket(1), d.folded(1));

    CHECK_THROWS_AS(
        desk::escalate_to_type(*d.store, d.config, "INC-1", model::Type::request, "", Desk::at(20)),
        RefusedError);
    CHECK_THROWS_AS(desk::link(*d.store, d.config, "INC-1", "PRB-2", Desk::at(20)), RefusedError);
    desk::unlink(*d.store, d.config, "INC-1", "PRB-2", Desk::at(20));
    CHECK(d.kinds(2).back() == EventKind::unlinked);
    CHECK_THROWS_AS(desk::unlink(*d.store, d.config, "INC-1", "PRB-2", Desk::at(30)), RefusedError);
    desk::link(*d.store, d.config, "INC-1", "PRB-2", Desk::at(30));
    CHECK(d.kinds(1).back() == EventKind::linked);
    CHECK_THROWS_AS(desk::link(*d.store, d.config, "PRB-2", "INC-1", Desk::at(40)), RefusedError);
}
