// lib/itsm/knowledge: the significant words of a ticket, search over an in-memory store.
#include <itsm/core/error.hpp>
#include <itsm/knowledge/search.hpp>
#include <itsm/store/sqlite/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

using namespace itsm;
using namespace itsm::knowledge;

namespace {

long long add(store::Store& s, const std::string& title, const std::string& resolution = "",
              model::Status status = model::Status::assigned) {
    model::Ticket t;
    t.title = title;
    t.resolution = resolution;
    t.status = status;
    t.opened_at = time::from_epoch(1'795'000'000);
    t.updated_at = t.opened_at;
    return s.insert_ticket(t);
}

std::vector<long long> numbers(const std::vector<Hit>& hits) {
    std::vector<long long> out;
    for (const auto& h : hits) {
        out.push_back(h.ticket.number);
    }
    return out;
}

} // namespace

TEST_CASE("words_query: significant words, each once, quoted") {
    CHECK(words_query("The printer on floor 2 jams; the PRINTER again!") ==
          "\"printer\" OR \"floor\" OR \"jams\"");
    CHECK(words_query("a an it") == "");
    CHECK(words_query("Outlook doesn't \"sync\" OR* NEAR") ==
          "\"outlook\" OR \"sync\" OR \"near\"");
    CHECK(words_query("imprimante bloquée") == "\"imprimante\" OR \"bloquée\"");
}

TEST_CASE("search over the index the schema keeps") {
    store::sqlite::Store s(":memory:", store::Mode::write);
    const auto jam = add(s, "Printer jams", "Fuser replaced", model::Status::resolved);
    const auto mail = add(s, "Mail stuck in outbox", "", model::Status::assigned);
    const auto queue =
        add(s, "Payslips do not print", "Printer queue restarted", model::Status::closed);

    Query q;
    q.text = "printer";
    auto hits = search(s, q);
    CHECK(numbers(hits) == std::vector<long long>{jam, queue}); // the title weighs most
    CHECK(hits[0].snippet == "[Printer] jams");
    CHECK(hits[0].score > hits[1].score);

    SUBCASE("statuses and exclusion") {
        q.statuses = {model::Status::closed};
        CHECK(numbers(search(s, q)) == std::vector<long long>{queue});
        q.statuses = {};
        q.exclude = jam;
        CHECK(numbers(search(s, q)) == std::vector<long long>{queue});
    }
    SUBCASE("similar: resolved and closed only, never the ticket itself") {
        auto t = *s.find_ticket(mail);
        t.title = "Printer in the mail room jams";
        CHECK(numbers(similar(s, t, 5)) == std::vector<long long>{jam, queue});
    }
    SUBCASE("the index follows a changed title") {
        auto t = *s.find_ticket(mail);
        t.title = "Printer offline";
        s.save_ticket(t);
        CHECK(numbers(search(s, q)).size() == 3);
    }
    SUBCASE("reindex rebuilds the same index") {
        s.db().exec("DELETE FROM ticket_text");
        CHECK(search(s, q).empty());
        CHECK(reindex(s, {"english"}) == 3);
        CHECK(numbers(search(s, q)) == std::vector<long long>{jam, queue});
    }
    SUBCASE("bad queries are usage errors") {
        q.text = "printer AND (";
        CHECK_THROWS_AS(search(s, q), UsageError);
        q.text = "   ";
        CHECK_THROWS_AS(search(s, q), UsageError);
    }
}
