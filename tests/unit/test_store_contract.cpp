// The store's interface (store/store.hpp, store/bulk.hpp) as every store must keep it: the same
// cases run on a file store and, when ITSM_TEST_PG names a server's maintenance database (the
// ctest unit.pg.test_store_contract, through tests/unit/on_server.sh), on a new database of
// that server for each case. Callers never see which store they hold; these cases are why.
#include <itsm/core/error.hpp>
#include <itsm/store/bulk.hpp>
#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/store.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

using namespace itsm;
namespace fs = std::filesystem;

namespace {

const char* server() {
    const char* uri = std::getenv("ITSM_TEST_PG");
    return uri != nullptr && *uri != '\0' ? uri : nullptr;
}

// A new, empty store set up as `itsm store init` sets one up: a file in a scratch folder, or a
// database of its own on the server, dropped again at the end.
class Fresh {
public:
    Fresh() {
        static int made = 0;
        const std::string name = fmt::format("contract_{}_{}", ::getpid(), ++made);
        if (const char* maintenance = server()) {
            m_admin = std::make_unique<store::postgres::Connection>(maintenance, 5000);
            m_admin->run(fmt::format("CREATE DATABASE {}", name));
            m_database = name;
            const std::string uri(maintenance);
            const auto slash = uri.find('/', uri.find("//") + 2);
            const auto query = uri.find('?', slash);
            m_location = uri.substr(0, slash + 1) + name +
                         (query == std::string::npos ? "" : uri.substr(query));
        } else {
            m_folder = fs::temp_directory_path() / name;
            m_location = (m_folder / "itsm.db").string();
        }
        store::init(m_location);
    }
    ~Fresh() {
        if (m_admin) {
            m_admin->run_quietly(
                ("DROP DATABASE IF EXISTS " + m_database + " WITH (FORCE)").c_str());
        } else {
            std::error_code ec;
            fs::remove_all(m_folder, ec);
        }
    }
    Fresh(const Fresh&) = delete;
    Fresh& operator=(const Fresh&) = delete;

    std::unique_ptr<store::Store> open(store::Mode mode = store::Mode::write) const {
        return store::open(m_location, mode);
    }
    bool on_server() const { return m_admin != nullptr; }

private:
    std::unique_ptr<store::postgres::Connection> m_admin;
    std::string m_database;
    fs::path m_folder;
    std::string m_location;
};

model::Ticket sample(const std::string& title, const std::string& group = "helpdesk") {
    model::Ticket t;
    t.title = title;
    t.priority = "P2";
    t.group = group;
    t.status = model::Status::assigned;
    t.opened_at = time::from_epoch(1'795'000'000);
    t.updated_at = t.opened_at;
    return t;
}

model::Event note(long long ticket, long long at, const std::string& text) {
    model::Event e =
        model::make_event(model::EventKind::noted, time::from_epoch(at), "alice", {{"text", text}});
    e.ticket = ticket;
    return e;
}

// A ticket as an import hands it to the store: every column set but the optional ones.
store::BulkTicket bulk(long long number, const std::string& title) {
    store::BulkTicket t;
    for (std::size_t i = 0; i < store::k_bulk_columns.size(); ++i) {
        const auto kind = store::k_bulk_columns[i].kind;
        t.fields[i].null = kind == store::ColumnKind::optional_instant ||
                           kind == store::ColumnKind::optional_integer;
    }
    t.fields[store::bulk_column("number")].integer = number;
    t.fields[store::bulk_column("type")].text = "incident";
    t.fields[store::bulk_column("title")].text = title;
    t.fields[store::bulk_column("status")].text = "assigned";
    t.fields[store::bulk_column("priority")].text = "P3";
    t.fields[store::bulk_column("grp")].text = "helpdesk";
    t.fields[store::bulk_column("opened_at")].integer = 1'795'000'000;
    t.fields[store::bulk_column("updated_at")].integer = 1'795'000'000;
    return t;
}

} // namespace

TEST_CASE("a ticket and its events come back as written") {
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    const auto a = s->insert_ticket(sample("first"));
    const auto b = s->insert_ticket(sample("O'Brien; DROP TABLE tickets; --"));
    model::Event e = note(b, 1'795'000'060, "hello \"there\"\n\\ and 'you'");
    s->append_event(e);
    s->commit();

    CHECK(a == 1);
    CHECK(b == 2);
    CHECK(e.id > 0);
    const auto t = s->find_ticket(b);
    REQUIRE(t.has_value());
    CHECK(t->title == "O'Brien; DROP TABLE tickets; --");
    CHECK(t->status == model::Status::assigned);
    CHECK(t->opened_at == time::from_epoch(1'795'000'000));
    CHECK_FALSE(t->responded_at.has_value());
    const auto events = s->events_of(b);
    REQUIRE(events.size() == 1);
    CHECK(events[0].id == e.id);
    CHECK(events[0].kind == model::EventKind::noted);
    CHECK(events[0].detail["text"] == "hello \"there\"\n\\ and 'you'");
    CHECK(events[0].actor == "alice");
    CHECK(events[0].at == time::from_epoch(1'795'000'060));
    // A server records the login role that wrote the event; a file has none.
    CHECK(events[0].role.has_value() == fresh.on_server());
    CHECK_FALSE(s->find_ticket(99).has_value());
    CHECK(s->events_of(99).empty());
}

TEST_CASE("a change not committed is not kept") {
    const Fresh fresh;
    {
        auto s = fresh.open();
        s->begin_write();
        s->insert_ticket(sample("kept"));
        s->commit();
        s->begin_write();
        s->insert_ticket(sample("given up"));
    } // closed inside its transaction
    auto s = fresh.open(store::Mode::read);
    CHECK(s->find_ticket(1).has_value());
    CHECK_FALSE(s->find_ticket(2).has_value());
    CHECK(s->list({}).size() == 1);
}

TEST_CASE("filters are values, never SQL") {
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    s->insert_ticket(sample("one"));
    s->insert_ticket(sample("two", "network"));
    auto closed = sample("three");
    closed.status = model::Status::closed;
    s->insert_ticket(closed);
    s->commit();

    store::Filter f;
    f.group = "helpdesk";
    CHECK(s->list(f).size() == 2);
    f.group = "helpdesk' OR '1'='1";
    CHECK(s->list(f).empty());
    store::Filter open;
    open.open_only = true;
    const auto listed = s->list(open);
    REQUIRE(listed.size() == 2);
    CHECK(listed[0].number == 1);
    CHECK(listed[1].number == 2);
    store::Filter limited;
    limited.limit = 1;
    CHECK(s->list(limited).size() == 1);
}

TEST_CASE("links are kept both ways and removed both ways") {
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    const auto incident = s->insert_ticket(sample("printer down"));
    auto p = sample("printers keep failing");
    p.type = model::Type::problem;
    const auto problem = s->insert_ticket(p);
    s->add_link(incident, problem, "problem", "incident");
    s->commit();

    const auto from_incident = s->links_of(incident);
    REQUIRE(from_incident.size() == 1);
    CHECK(from_incident[0].other == problem);
    CHECK(from_incident[0].relation == "problem");
    const auto from_problem = s->links_of(problem);
    REQUIRE(from_problem.size() == 1);
    CHECK(from_problem[0].other == incident);
    CHECK(from_problem[0].relation == "incident");

    // The links of the tickets a filter chooses, with the other ticket's type, in ticket order.
    const auto all = s->links_of_matching(store::Filter{});
    REQUIRE(all.size() == 2);
    CHECK(all[0].ticket == incident);
    CHECK(all[0].link.other == problem);
    CHECK(all[0].other_type == model::Type::problem);
    CHECK(all[1].ticket == problem);
    CHECK(all[1].link.relation == "incident");
    CHECK(all[1].other_type == model::Type::incident);
    store::Filter problems;
    problems.type = model::Type::problem;
    const auto chosen = s->links_of_matching(problems);
    REQUIRE(chosen.size() == 1);
    CHECK(chosen[0].ticket == problem);
    CHECK(chosen[0].link.other == incident);

    s->begin_write();
    CHECK(s->remove_link(problem, incident));
    CHECK_FALSE(s->remove_link(problem, incident));
    s->commit();
    CHECK(s->links_of(incident).empty());
    CHECK(s->links_of(problem).empty());
    CHECK(s->links_of_matching(store::Filter{}).empty());
}

TEST_CASE("histories come grouped by ticket, in order, notes without their text") {
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    const auto a = s->insert_ticket(sample("a"));
    const auto b = s->insert_ticket(sample("b"));
    const auto c = s->insert_ticket(sample("c, no events"));
    const std::pair<long long, long long> written[] = {{b, 10}, {a, 20}, {b, 30}, {a, 40}, {b, 50}};
    for (const auto& [ticket, at] : written) {
        model::Event e = note(ticket, 1'795'000'000 + at, "secret");
        s->append_event(e);
    }
    s->commit();

    std::vector<std::pair<long long, std::vector<long long>>> seen;
    s->for_each_with_events({}, store::Part::whole,
                            [&](const model::Ticket& t, const std::vector<model::Event>& es) {
                                std::vector<long long> at;
                                for (const auto& e : es) {
                                    at.push_back(time::to_epoch(e.at) - 1'795'000'000);
                                    CHECK(e.ticket == t.number);
                                    CHECK_FALSE(e.detail.contains("text"));
                                }
                                seen.emplace_back(t.number, at);
                            });
    REQUIRE(seen.size() == 3);
    CHECK(seen[0] == std::pair{a, std::vector<long long>{20, 40}});
    CHECK(seen[1] == std::pair{b, std::vector<long long>{10, 30, 50}});
    CHECK(seen[2] == std::pair{c, std::vector<long long>{}});
    // events_of gives the whole history, text and all.
    CHECK(s->events_of(a).at(0).detail["text"] == "secret");
}

TEST_CASE("each history comes whole, with nothing of the ticket read before it") {
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    model::Ticket full = sample("a long title that no short string holds in place");
    full.description = "the printer on floor 2 jams on every second page";
    full.satisfaction = 5;
    full.responded_at = time::from_epoch(1'795'000'600);
    full.resolution = "roller replaced";
    const auto a = s->insert_ticket(full);
    const auto b = s->insert_ticket(sample("b"));
    model::Event odd = model::make_event(model::EventKind::other, time::from_epoch(1'795'000'100),
                                         "a-very-long-actor-name@example.org", {{"step", 1}});
    odd.other_kind = "migrated";
    odd.ticket = a;
    model::Event assigned =
        model::make_event(model::EventKind::assigned, time::from_epoch(1'795'000'200), "bob",
                          {{"assignee", "bob"}, {"group", "second-line"}});
    assigned.ticket = a;
    model::Event logged = model::make_event(
        model::EventKind::logged, time::from_epoch(1'795'000'300), "eve", {{"type", "incident"}});
    logged.ticket = b;
    for (auto* e : {&odd, &assigned, &logged}) {
        s->append_event(*e);
    }
    s->commit();

    std::vector<model::Ticket> tickets;
    std::vector<std::vector<model::Event>> histories;
    s->for_each_with_events({}, store::Part::whole,
                            [&](const model::Ticket& t, const std::vector<model::Event>& es) {
                                tickets.push_back(t);
                                histories.push_back(es);
                            });
    REQUIRE(tickets.size() == 2);
    CHECK(tickets[0].title == full.title);
    CHECK(tickets[0].satisfaction == 5);
    CHECK(tickets[0].resolution == "roller replaced");
    REQUIRE(histories[0].size() == 2);
    CHECK(model::stored_kind(histories[0][0]) == "migrated");
    CHECK(histories[0][1].detail["group"] == "second-line");
    // The second ticket has none of the first's fields, and its one event none of theirs.
    CHECK(tickets[1].number == b);
    CHECK(tickets[1].title == "b");
    CHECK(tickets[1].description.empty());
    CHECK_FALSE(tickets[1].satisfaction.has_value());
    CHECK_FALSE(tickets[1].responded_at.has_value());
    CHECK(tickets[1].resolution.empty());
    REQUIRE(histories[1].size() == 1);
    CHECK(histories[1][0].kind == model::EventKind::logged);
    CHECK(histories[1][0].other_kind.empty());
    CHECK(histories[1][0].actor == "eve");
    CHECK(histories[1][0].detail == nlohmann::json{{"type", "incident"}});
}

TEST_CASE("a ticket's head is its fields that findings show, the others as a new ticket's") {
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    model::Ticket full = sample("VPN drops every hour", "network");
    full.type = model::Type::problem;
    full.status = model::Status::on_hold;
    full.description = "the tunnel resets at :00";
    full.service = "remote-access";
    full.assignee = "bob";
    full.requester = "Ann Smith";
    full.email = "ann@example.org";
    full.channel = "email";
    full.responded_at = time::from_epoch(1'795'000'600);
    full.updated_at = time::from_epoch(1'795'000'900);
    full.tier = 2;
    full.escalation_level = 1;
    full.satisfaction = 4;
    full.hold_reason = "awaiting supplier";
    full.number = s->insert_ticket(full);
    model::Event assigned =
        model::make_event(model::EventKind::assigned, time::from_epoch(1'795'000'200), "bob",
                          {{"assignee", "bob"}, {"group", "network"}});
    assigned.ticket = full.number;
    s->append_event(assigned);
    s->commit();

    std::vector<model::Ticket> heads;
    std::vector<std::vector<model::Event>> histories;
    s->for_each_with_events({}, store::Part::head,
                            [&](const model::Ticket& t, const std::vector<model::Event>& es) {
                                heads.push_back(t);
                                histories.push_back(es);
                            });
    REQUIRE(heads.size() == 1);
    model::Ticket expected; // the head of `full`, the rest as a new ticket has it
    expected.number = full.number;
    expected.type = full.type;
    expected.status = full.status;
    expected.title = full.title;
    expected.priority = full.priority;
    expected.service = full.service;
    expected.group = full.group;
    expected.assignee = full.assignee;
    expected.opened_at = full.opened_at;
    CHECK(heads[0] == expected);
    // The history is the same as with the whole ticket.
    REQUIRE(histories[0].size() == 1);
    CHECK(histories[0][0].detail == nlohmann::json{{"assignee", "bob"}, {"group", "network"}});
    s->for_each_with_events(
        {}, store::Part::whole,
        [&](const model::Ticket& t, const std::vector<model::Event>&) { CHECK(t == full); });
}

TEST_CASE("a text comes back at its length, whatever the text read before it") {
    // Titles of every length to 80, growing and then shrinking: read into a new ticket and into
    // one reused from ticket to ticket, each string's memory grows past its inline room and
    // past each doubling, where a reader that copied as many bytes as the room held would add
    // what followed the text.
    const Fresh fresh;
    auto s = fresh.open();
    std::vector<std::string> titles;
    for (int n = 0; n <= 80; ++n) {
        titles.push_back(std::string(static_cast<std::size_t>(n), static_cast<char>('a' + n % 26)));
    }
    for (int n = 79; n >= 0; n -= 7) {
        titles.push_back(std::string(static_cast<std::size_t>(n), 'z'));
    }
    s->begin_write();
    for (const auto& title : titles) {
        model::Ticket t = sample(title);
        t.description = title + title;
        s->insert_ticket(t);
    }
    s->commit();

    std::size_t i = 0;
    s->for_each_with_events({}, store::Part::whole,
                            [&](const model::Ticket& t, const std::vector<model::Event>&) {
                                REQUIRE(i < titles.size());
                                CHECK(t.title == titles[i]);
                                CHECK(t.description == titles[i] + titles[i]);
                                ++i;
                            });
    CHECK(i == titles.size());
    for (std::size_t k = 0; k < titles.size(); ++k) {
        const auto t = s->find_ticket(static_cast<long long>(k) + 1);
        REQUIRE(t.has_value());
        CHECK(t->title == titles[k]);
    }
}

TEST_CASE("histories longer and shorter than the one before come as each ticket's own") {
    // Events past a short history are kept for a longer one and read into again: each ticket's
    // history as read with the others must be the one read alone, whatever the events it is
    // read into held.
    const Fresh fresh;
    auto s = fresh.open();
    using model::EventKind;
    const std::vector<std::vector<std::pair<EventKind, nlohmann::json>>> histories{
        {{EventKind::logged, {{"type", "incident"}}},
         {EventKind::assigned, {{"assignee", "bob"}, {"group", "second-line"}}},
         {EventKind::held, {{"reason", "awaiting supplier"}}}},
        {{EventKind::logged, {{"type", "request"}}}},
        {{EventKind::logged, {{"type", "incident"}}},
         {EventKind::assigned, {{"group", "suppliers"}}}},
        {{EventKind::logged, {{"type", "incident"}, {"priority", "P1"}}},
         {EventKind::assigned, {{"assignee", "ann"}, {"group", "helpdesk"}}},
         {EventKind::held, {{"reason", "awaiting the caller"}}},
         {EventKind::resolved, {{"resolution", "done"}}}},
        {{EventKind::logged, {{"type", "incident"}}},
         {EventKind::assigned, {{"assignee", "cho"}, {"group", "helpdesk"}}},
         {EventKind::held, {{"until", 1'795'009'000}}}},
    };
    s->begin_write();
    long long at = 1'795'000'000;
    for (const auto& history : histories) {
        const auto number = s->insert_ticket(sample("t"));
        for (const auto& [kind, detail] : history) {
            model::Event e = model::make_event(kind, time::from_epoch(++at), "eve", detail);
            e.ticket = number;
            s->append_event(e);
        }
    }
    s->commit();

    std::size_t i = 0;
    s->for_each_with_events({}, store::Part::whole,
                            [&](const model::Ticket& t, const std::vector<model::Event>& es) {
                                const auto alone = s->events_of(t.number);
                                REQUIRE(i < histories.size());
                                REQUIRE(es.size() == histories[i].size());
                                REQUIRE(alone.size() == es.size());
                                for (std::size_t k = 0; k < es.size(); ++k) {
                                    CHECK(es[k].kind == histories[i][k].first);
                                    CHECK(es[k].detail == histories[i][k].second);
                                    CHECK(es[k].id == alone[k].id);
                                    CHECK(es[k].at == alone[k].at);
                                    CHECK(es[k].actor == alone[k].actor);
                                }
                                ++i;
                            });
    CHECK(i == histories.size());
}

TEST_CASE("the histories of tickets chosen among others are theirs, each whole") {
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    // Chosen: 2 and 3 (one after the other), 6 (past two not chosen), 7 (no events).
    std::vector<long long> numbers;
    for (int i = 1; i <= 7; ++i) {
        const bool chosen = i == 2 || i == 3 || i == 6 || i == 7;
        numbers.push_back(
            s->insert_ticket(sample("t" + std::to_string(i), chosen ? "network" : "helpdesk")));
    }
    // Ticket i has i events (none for 7), appended in turn so that their ids interleave.
    for (int round = 1; round <= 6; ++round) {
        for (int i = round; i <= 6; ++i) {
            model::Event e = model::make_event(model::EventKind::assigned,
                                               time::from_epoch(1'795'000'000 + round * 60),
                                               "a" + std::to_string(i), {{"assignee", "bob"}});
            e.ticket = numbers[static_cast<std::size_t>(i - 1)];
            s->append_event(e);
        }
    }
    s->commit();

    store::Filter filter;
    filter.group = "network";
    std::vector<long long> seen;
    s->for_each_with_events(filter, store::Part::whole,
                            [&](const model::Ticket& t, const std::vector<model::Event>& es) {
                                seen.push_back(t.number);
                                const int i = std::stoi(t.title.substr(1));
                                const std::string actor = "a" + t.title.substr(1);
                                INFO("ticket " << t.title);
                                CHECK(es.size() == static_cast<std::size_t>(i == 7 ? 0 : i));
                                for (std::size_t k = 0; k < es.size(); ++k) {
                                    CHECK(es[k].ticket == t.number);
                                    CHECK(es[k].actor == actor);
                                    if (k > 0) {
                                        CHECK(es[k - 1].id < es[k].id);
                                    }
                                }
                            });
    CHECK(seen == std::vector<long long>{numbers[1], numbers[2], numbers[5], numbers[6]});
}

TEST_CASE("a history without roles takes none from the history before it") {
    const Fresh fresh;
    auto s = fresh.open();
    store::BulkTicket first = bulk(1, "with a role");
    store::BulkTicket second = bulk(2, "without");
    for (auto* t : {&first, &second}) {
        store::BulkEvent e;
        e.at = 1'795'000'060;
        e.actor = "alice";
        e.role = t == &first ? "itsm_agent" : "";
        e.kind = "assigned";
        e.detail = R"({"assignee":"bob"})";
        t->events.push_back(e);
        t->n_events = 1;
    }
    {
        auto writer = s->begin_import();
        if (store::TextFeed* feed = writer->text_feed()) {
            feed->add(first);
            feed->add(second);
            feed->end_of_input();
        }
        const store::BulkTicket* batch[] = {&first, &second};
        writer->write(batch);
        writer->commit();
    }
    std::vector<std::optional<std::string>> roles;
    s->for_each_with_events({}, store::Part::whole,
                            [&](const model::Ticket&, const std::vector<model::Event>& es) {
                                REQUIRE(es.size() == 1);
                                roles.push_back(es[0].role);
                            });
    REQUIRE(roles.size() == 2);
    CHECK(roles[0] == s->events_of(1).at(0).role); // the role where the store keeps one
    CHECK_FALSE(roles[1].has_value());
}

TEST_CASE("an import is all or nothing and refuses a number taken") {
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    s->insert_ticket(sample("already there"));
    s->commit();

    SUBCASE("a number the store has") {
        const store::BulkTicket fresh_one = bulk(7, "new");
        const store::BulkTicket taken = bulk(1, "clashes");
        const store::BulkTicket* batch[] = {&fresh_one, &taken};
        auto writer = s->begin_import();
        CHECK_FALSE(writer->empty());
        try {
            writer->write(batch);
            FAIL("the taken number was written");
        } catch (const store::DuplicateNumber& e) {
            CHECK(e.index() == 1);
        }
    }
    SUBCASE("given up before its commit") {
        const store::BulkTicket one = bulk(7, "never kept");
        const store::BulkTicket* batch[] = {&one};
        auto writer = s->begin_import();
        writer->write(batch);
    }
    // Either way nothing of it is in the store, and the store takes changes again.
    CHECK_FALSE(s->find_ticket(7).has_value());
    CHECK(s->list({}).size() == 1);
    s->begin_write();
    CHECK(s->insert_ticket(sample("next")) == 2);
    s->commit();
}

TEST_CASE("an import's tickets are found, and numbers go on above them") {
    const Fresh fresh;
    auto s = fresh.open();
    const store::BulkTicket t = bulk(41, "imported: 'quotes' and \\ backslashes");
    {
        auto writer = s->begin_import();
        CHECK(writer->empty());
        if (store::TextFeed* feed = writer->text_feed()) {
            feed->add(t);
            feed->end_of_input();
        }
        const store::BulkTicket* batch[] = {&t};
        writer->write(batch);
        writer->commit();
    }
    const auto found = s->find_ticket(41);
    REQUIRE(found.has_value());
    CHECK(found->title == "imported: 'quotes' and \\ backslashes");
    CHECK(found->status == model::Status::assigned);
    CHECK(found->group == "helpdesk");
    s->begin_write();
    CHECK(s->insert_ticket(sample("after the import")) == 42);
    s->commit();
}

TEST_CASE("the open tickets, few among many or most of them") {
    // A file store reads few open tickets by their statuses and most of them by a scan
    // (sqlite/store.cpp): both ways give the same tickets with the same histories.
    // A server reads the histories of tickets numbered close together as one range, and of
    // others by their numbers (postgres/store.cpp).
    int closed_count = 0;
    int every = 0;
    SUBCASE("two open of twelve") {
        closed_count = 10;
    }
    SUBCASE("ten open of twelve") {
        closed_count = 2;
    }
    SUBCASE("every second open: one range, with closed tickets' events in it") {
        every = 2;
    }
    SUBCASE("every fourth open, spread over the store") {
        every = 4;
    }
    const Fresh fresh;
    auto s = fresh.open();
    s->begin_write();
    std::vector<long long> open;
    for (int i = 0; i < 12; ++i) {
        auto t = sample(fmt::format("ticket {}", i));
        const bool is_open = every > 0 ? i % every == 0 : i >= closed_count;
        if (!is_open) {
            t.status = i % 2 == 0 ? model::Status::closed : model::Status::resolved;
        } else {
            t.status = i % 3 == 0 ? model::Status::on_hold
                                  : (i % 3 == 1 ? model::Status::new_ : model::Status::assigned);
        }
        const auto number = s->insert_ticket(t);
        model::Event e = note(number, 1'795'000'000 + i, "n");
        s->append_event(e);
        if (is_open) {
            open.push_back(number);
        }
    }
    s->commit();
    store::Filter f;
    f.open_only = true;
    std::vector<long long> seen;
    s->for_each_with_events(f, store::Part::whole,
                            [&](const model::Ticket& t, const std::vector<model::Event>& es) {
                                seen.push_back(t.number);
                                REQUIRE(es.size() == 1);
                                CHECK(es[0].ticket == t.number);
                                CHECK(t.status != model::Status::closed);
                                CHECK(t.status != model::Status::resolved);
                            });
    CHECK(seen == open);
    CHECK(s->list(f).size() == open.size());
}
