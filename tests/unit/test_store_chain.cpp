#include <itsm/store/chain.hpp>
#include <itsm/store/schema.hpp>
#include <itsm/store/sqlite/store.hpp>
#include <itsm/store/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

using namespace itsm;
namespace fs = std::filesystem;

namespace {

struct TempStore {
    fs::path dir;
    fs::path db;
    TempStore() {
        dir = fs::temp_directory_path() /
              ("itsm-chain-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        fs::create_directories(dir);
        db = dir / "itsm.db";
    }
    ~TempStore() { fs::remove_all(dir); }
};

// Logs `n` events on one ticket through the store, as the desk does.
void fill(store::Store& s, int n) {
    s.begin_write();
    model::Ticket t;
    t.title = "chain";
    t.opened_at = time::from_epoch(1'795'000'000);
    t.updated_at = t.opened_at;
    const auto number = s.insert_ticket(t);
    for (int i = 0; i < n; ++i) {
        model::Event e;
        e.ticket = number;
        e.at = time::from_epoch(1'795'000'000 + i);
        e.actor = "alice";
        e.kind = i == 0 ? itsm::model::EventKind::logged : itsm::model::EventKind::noted;
        e.detail = {{"text", "note " + std::to_string(i)}};
        s.append_event(e);
    }
    s.commit();
}

sqlite3* handle(store::sqlite::Store& s) {
    return s.db().getHandle();
}

} // namespace

TEST_CASE("the hash of an event") {
    store::Chain chain;
    const auto a = chain.next(store::k_genesis, 1, 100, "alice", "noted", "{}");
    SUBCASE("is SHA-256: 64 hex digits, the same for the same input") {
        CHECK(store::to_hex(a).size() == 64);
        CHECK(chain.next(store::k_genesis, 1, 100, "alice", "noted", "{}") == a);
        CHECK(store::to_hex(store::k_genesis) == std::string(64, '0'));
    }
    SUBCASE("depends on every column and on the event before it") {
        CHECK(chain.next(store::k_genesis, 2, 100, "alice", "noted", "{}") != a);
        CHECK(chain.next(store::k_genesis, 1, 101, "alice", "noted", "{}") != a);
        CHECK(chain.next(store::k_genesis, 1, 100, "alicf", "noted", "{}") != a);
        CHECK(chain.next(store::k_genesis, 1, 100, "alice", "noted", "{ }") != a);
        CHECK(chain.next(a, 1, 100, "alice", "noted", "{}") != a);
    }
    SUBCASE("fields cannot be shifted into one another") {
        CHECK(chain.next(store::k_genesis, 1, 100, "ab", "c", "{}") !=
              chain.next(store::k_genesis, 1, 100, "a", "bc", "{}"));
    }
    SUBCASE("a known vector: SHA-256 of 32 zero bytes and an empty event") {
        // sha256 of 60 zero bytes (hash, ticket, at, three empty lengths), by another tool.
        CHECK(store::to_hex(chain.next(store::k_genesis, 0, 0, "", "", "")) ==
              "5dcc1b5872dd9ff1c234501f1fefda01f664164e1583c3e1bb3dbea47588ab31");
    }
}

TEST_CASE("the store chains every event it appends") {
    TempStore t;
    store::sqlite::Store s(t.db, store::Mode::write);
    fill(s, 5);
    auto report = store::verify_chain(handle(s));
    CHECK(report.events == 5);
    CHECK(report.total_breaks == 0);
    CHECK(report.head == store::head(handle(s)));
    CHECK(report.head != store::k_genesis);

    SUBCASE("a changed detail is found at that event") {
        s.db().exec("UPDATE events SET detail = '{\"text\":\"forged\"}' WHERE id = 3");
        report = store::verify_chain(handle(s));
        REQUIRE(report.total_breaks == 1);
        CHECK(report.breaks[0].event == 3);
    }
    SUBCASE("a deleted event is found at the one after it") {
        s.db().exec("DELETE FROM events WHERE id = 2");
        report = store::verify_chain(handle(s));
        REQUIRE(report.total_breaks == 1);
        CHECK(report.breaks[0].event == 3);
        CHECK(report.breaks[0].message.find("deleted") != std::string::npos);
    }
    SUBCASE("a rehashed forgery breaks the link to the next event") {
        s.db().exec("UPDATE events SET actor = 'mallory' WHERE id = 2");
        s.db().exec("UPDATE events SET hash = NULL WHERE id = 2");
        report = store::verify_chain(handle(s));
        CHECK(report.total_breaks == 2); // no hash on 2; 3 does not follow the forged 2
        CHECK(store::seal(handle(s)) == 1);
        report = store::verify_chain(handle(s));
        REQUIRE(report.total_breaks == 1);
        CHECK(report.breaks[0].event == 3);
    }
    SUBCASE("an event written around itsm has no hash") {
        s.db().exec("INSERT INTO events (ticket, at, actor, kind) VALUES (1, 1795000999, 'x', "
                    "'noted')");
        report = store::verify_chain(handle(s));
        REQUIRE(report.total_breaks == 1);
        CHECK(report.breaks[0].event == 6);
    }
}

TEST_CASE("migrating a store without hashes seals its history") {
    TempStore t;
    {
        store::sqlite::Store s(t.db, store::Mode::write);
        fill(s, 4);
        const auto before = store::verify_chain(handle(s)).head;
        // Back to the schema before the chain: no hash column, nor what came after it.
        s.db().exec("ALTER TABLE events DROP COLUMN hash; DROP TRIGGER ticket_text_insert; "
                    "DROP TRIGGER ticket_text_update; DROP TRIGGER ticket_text_delete; "
                    "DROP TRIGGER ticket_text_note; DROP TABLE ticket_text; DROP TABLE outbox; "
                    "DROP TABLE notified; DROP TABLE mail; DROP TABLE attachments; "
                    "DROP TRIGGER maintenance_seal; DROP TRIGGER maintenance_state_seal; "
                    "ALTER TABLE maintenance DROP COLUMN seal; "
                    "ALTER TABLE maintenance DROP COLUMN state_seal; DROP INDEX events_escalated");
        s.db().exec("PRAGMA user_version = " + std::to_string(store::k_chain_version - 1));
        store::sqlite::Store again(t.db, store::Mode::write);
        CHECK(again.schema_version() == store::k_schema_version);
        const auto report = store::verify_chain(handle(again));
        CHECK(report.events == 4);
        CHECK(report.total_breaks == 0);
        CHECK(report.head == before); // the same content gives the same chain
    }
}

TEST_CASE("the walk keeps the hash of the event it is asked for") {
    TempStore t;
    store::sqlite::Store s(t.db, store::Mode::write);
    fill(s, 5);
    const auto third =
        store::from_hex(s.db().execAndGet("SELECT hex(hash) FROM events WHERE id = 3").getString());
    REQUIRE(third);
    CHECK(store::verify_chain(handle(s), 20, 3).marked == third);
    CHECK(store::verify_chain(handle(s), 20, 5).marked == store::head(handle(s)));
    CHECK(store::verify_chain(handle(s), 20, 0).marked == store::k_genesis);
    CHECK_FALSE(store::verify_chain(handle(s), 20, 6).marked);
}

TEST_CASE("a chain head as COUNT:HASH") {
    const store::Hash hash = store::Chain().next(store::k_genesis, 1, 100, "alice", "noted", "{}");
    const std::string text = "42:" + store::to_hex(hash);
    SUBCASE("reads back what to_string writes, in either case") {
        CHECK(store::to_string({42, hash}) == text);
        const auto head = store::parse_head(text);
        REQUIRE(head);
        CHECK(head->count == 42);
        CHECK(head->hash == hash);
        std::string upper = text;
        for (auto& c : upper) {
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        }
        CHECK(store::parse_head(upper)->hash == hash);
        CHECK(store::parse_head("0:" + store::to_hex(store::k_genesis))->count == 0);
    }
    SUBCASE("refuses anything else") {
        const std::string hex = store::to_hex(hash);
        for (const std::string& bad :
             {std::string(), std::string("42"), ":" + hex, "x:" + hex, "-1:" + hex, "+1:" + hex,
              " 1:" + hex, "1 :" + hex, "1:" + hex.substr(1), "1:" + hex + "0",
              "1:g" + hex.substr(1), "99999999999999999999:" + hex, "1:" + hex + ":"}) {
            CHECK_FALSE(store::parse_head(bad));
        }
    }
}
