#include <itsm/store/hints.hpp>
#include <itsm/store/sqlite/store.hpp>

#include <doctest/doctest.h>

using namespace itsm;

namespace {

model::Ticket ticket(const std::string& title, model::Status status, const std::string& group,
                     const std::string& assignee) {
    model::Ticket t;
    t.title = title;
    t.status = status;
    t.group = group;
    t.assignee = assignee;
    t.opened_at = time::from_epoch(1'795'000'000);
    t.updated_at = t.opened_at;
    return t;
}

std::vector<long long> numbers(const std::vector<store::TicketHint>& hints) {
    std::vector<long long> out;
    for (const auto& h : hints) {
        out.push_back(h.number);
    }
    return out;
}

} // namespace

TEST_CASE("completion hints from the store") {
    // An empty store offers nothing.
    store::sqlite::Store s(":memory:", store::Mode::write);
    CHECK(s.ticket_hints(10).empty());
    CHECK(s.field_hints(store::Field::group, 10).empty());

    s.begin_write();
    s.insert_ticket(ticket("closed", model::Status::closed, "desk", "alice"));      // 1
    s.insert_ticket(ticket("open", model::Status::assigned, "network", "bob"));     // 2
    s.insert_ticket(ticket("resolved", model::Status::resolved, "network", ""));    // 3
    s.insert_ticket(ticket("on hold", model::Status::on_hold, "network", "alice")); // 4
    s.insert_ticket(ticket("new", model::Status::new_, "", ""));                    // 5
    s.commit();

    SUBCASE("open tickets first, newest first, then the others") {
        CHECK(numbers(s.ticket_hints(10)) == std::vector<long long>{5, 4, 2, 3, 1});
        const auto hints = s.ticket_hints(10);
        CHECK(hints[0].title == "new");
        CHECK(hints[1].status == model::Status::on_hold);
        CHECK(hints[4].status == model::Status::closed);
    }
    SUBCASE("the limit keeps the open ones") {
        CHECK(numbers(s.ticket_hints(2)) == std::vector<long long>{5, 4});
        CHECK(numbers(s.ticket_hints(4)) == std::vector<long long>{5, 4, 2, 3});
        CHECK(s.ticket_hints(0).empty());
    }
    SUBCASE("distinct values, most used first, empty ones left out") {
        CHECK(s.field_hints(store::Field::group, 10) ==
              std::vector<std::string>{"network", "desk"});
        CHECK(s.field_hints(store::Field::assignee, 10) ==
              std::vector<std::string>{"alice", "bob"});
        CHECK(s.field_hints(store::Field::assignee, 1) == std::vector<std::string>{"alice"});
        CHECK(s.field_hints(store::Field::service, 10).empty());
    }
}
