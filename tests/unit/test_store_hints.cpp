#include <itsm/store/hints.hpp>

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
    store::Store s(":memory:", store::Mode::write);
    CHECK(store::ticket_hints(s, 10).empty());
    CHECK(store::field_hints(s, store::Field::group, 10).empty());

    s.begin_write();
    s.insert_ticket(ticket("closed", model::Status::closed, "desk", "alice"));      // 1
    s.insert_ticket(ticket("open", model::Status::assigned, "network", "bob"));     // 2
    s.insert_ticket(ticket("resolved", model::Status::resolved, "network", ""));    // 3
    s.insert_ticket(ticket("on hold", model::Status::on_hold, "network", "alice")); // 4
    s.insert_ticket(ticket("new", model::Status::new_, "", ""));                    // 5
    s.commit();

    SUBCASE("open tickets first, newest first, then the others") {
        CHECK(numbers(store::ticket_hints(s, 10)) == std::vector<long long>{5, 4, 2, 3, 1});
        const auto hints = store::ticket_hints(s, 10);
        CHECK(hints[0].title == "new");
        CHECK(hints[1].status == model::Status::on_hold);
        CHECK(hints[4].status == model::Status::closed);
    }
    SUBCASE("the limit keeps the open ones") {
        CHECK(numbers(store::ticket_hints(s, 2)) == std::vector<long long>{5, 4});
        CHECK(numbers(store::ticket_hints(s, 4)) == std::vector<long long>{5, 4, 2, 3});
        CHECK(store::ticket_hints(s, 0).empty());
    }
    SUBCASE("distinct values, most used first, empty ones left out") {
        CHECK(store::field_hints(s, store::Field::group, 10) ==
              std::vector<std::string>{"network", "desk"});
        CHECK(store::field_hints(s, store::Field::assignee, 10) ==
              std::vector<std::string>{"alice", "bob"});
        CHECK(store::field_hints(s, store::Field::assignee, 1) ==
              std::vector<std::string>{"alice"});
        CHECK(store::field_hints(s, store::Field::service, 10).empty());
    }
}
