#include <itsm/core/error.hpp>
#include <itsm/store/schema.hpp>
#include <itsm/store/sqlite/store.hpp>
#include <itsm/store/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

using namespace itsm;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() /
               ("itsm-store-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
};

model::Ticket sample(const std::string& title) {
    model::Ticket t;
    t.title = title;
    t.priority = "P2";
    t.group = "helpdesk";
    t.status = model::Status::assigned;
    t.opened_at = time::from_epoch(1'795'000'000);
    t.updated_at = t.opened_at;
    return t;
}

} // namespace

TEST_CASE("tickets and events") {
    TempDir dir;
    const auto db = dir.path / "sub" / "itsm.db";
    store::sqlite::Store s(db, store::Mode::write);
    CHECK(fs::exists(db));
    CHECK(s.schema_version() == store::k_schema_version);

    s.begin_write();
    const auto a = s.insert_ticket(sample("first"));
    const auto b = s.insert_ticket(sample("O'Brien; DROP TABLE tickets; --"));
    model::Event e;
    e.ticket = b;
    e.at = time::from_epoch(1'795'000'060);
    e.actor = "alice";
    e.kind = itsm::model::EventKind::noted;
    e.detail = {{"text", "hello"}};
    s.append_event(e);
    s.commit();

    CHECK(a == 1);
    CHECK(b == 2);
    CHECK(e.id > 0);
    const auto t = s.find_ticket(b);
    REQUIRE(t.has_value());
    CHECK(t->title == "O'Brien; DROP TABLE tickets; --");
    CHECK(t->status == model::Status::assigned);
    CHECK_FALSE(t->responded_at.has_value());
    const auto events = s.events_of(b);
    REQUIRE(events.size() == 1);
    CHECK(events[0].detail["text"] == "hello");
    CHECK(events[0].actor == "alice");
    CHECK_FALSE(s.find_ticket(99).has_value());

    store::Filter f;
    f.group = "helpdesk";
    CHECK(s.list(f).size() == 2);
    f.group = "helpdesk' OR '1'='1";
    CHECK(s.list(f).empty());
}

TEST_CASE("numbers are never reused") {
    TempDir dir;
    const auto db = dir.path / "itsm.db";
    {
        store::sqlite::Store s(db, store::Mode::write);
        s.begin_write();
        s.insert_ticket(sample("one"));
        s.insert_ticket(sample("two"));
        s.commit();
        s.db().exec("DELETE FROM tickets WHERE number = 2");
    }
    store::sqlite::Store s(db, store::Mode::write);
    s.begin_write();
    CHECK(s.insert_ticket(sample("three")) == 3);
    s.commit();
}

TEST_CASE("unusable stores are refused") {
    TempDir dir;
    SUBCASE("newer schema, untouched") {
        const auto db = dir.path / "future.db";
        {
            store::sqlite::Store s(db, store::Mode::write);
            s.db().exec("PRAGMA user_version = 99");
        }
        CHECK_THROWS_AS(store::sqlite::Store(db, store::Mode::write), StoreError);
        SQLite::Database check(db.string());
        CHECK(check.execAndGet("PRAGMA user_version").getInt() == 99);
    }
    SUBCASE("not a database") {
        const auto db = dir.path / "text.db";
        std::ofstream(db) << std::string(200, 'x');
        CHECK_THROWS_AS(store::sqlite::Store(db, store::Mode::read), StoreError);
    }
    SUBCASE("another application's database") {
        const auto db = dir.path / "other.db";
        {
            SQLite::Database other(db.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
            other.exec("CREATE TABLE invoices (id INTEGER)");
        }
        CHECK_THROWS_AS(store::sqlite::Store(db, store::Mode::write), StoreError);
    }
    SUBCASE("an older schema is upgraded by a command that only reads") {
        const auto db = dir.path / "old.db";
        {
            store::sqlite::Store s(db, store::Mode::write);
            // Back to schema 1, as an itsm of that time left it.
            s.db().exec("DROP TRIGGER ticket_text_insert; DROP TRIGGER ticket_text_update; "
                        "DROP TRIGGER ticket_text_delete; DROP TRIGGER ticket_text_note; "
                        "DROP TABLE ticket_text; DROP TABLE outbox; DROP TABLE notified; "
                        "DROP TABLE mail; DROP TABLE attachments; "
                        "DROP TABLE outages; DROP TABLE maintenance; DROP INDEX tickets_responded; "
                        "DROP INDEX events_escalated; ALTER TABLE events DROP COLUMN hash; "
                        "PRAGMA user_version = 1");
        }
        store::sqlite::Store s(db, store::Mode::read);
        CHECK(s.schema_version() == store::k_schema_version);
        CHECK(s.db().tableExists("outages"));
        CHECK(s.db().tableExists("ticket_text"));
        CHECK(s.db().tableExists("mail"));
        CHECK(s.list({}).empty());
    }
    SUBCASE("a missing store reads as empty and is not created") {
        const auto db = dir.path / "missing.db";
        store::sqlite::Store s(db, store::Mode::read);
        CHECK(s.list({}).empty());
        CHECK_FALSE(fs::exists(db));
    }
}

TEST_CASE("ticket ids") {
    CHECK(store::parse_number("INC-42") == 42);
    CHECK(store::parse_number("inc-42") == 42);
    CHECK(store::parse_number("42") == 42);
    CHECK_FALSE(store::parse_number("INC-").has_value());
    CHECK_FALSE(store::parse_number("-42").has_value());
    CHECK_FALSE(store::parse_number("INC-4x").has_value());
    CHECK_FALSE(store::parse_number("0").has_value());
    CHECK_FALSE(store::parse_number("99999999999999999999").has_value());
}

TEST_CASE("a store in memory leaves no file") {
    TempDir dir;
    const auto before = fs::current_path();
    fs::current_path(dir.path);
    {
        store::sqlite::Store s(":memory:", store::Mode::write);
        CHECK(s.insert_ticket(sample("Printer jams")) == 1);
    }
    CHECK(fs::is_empty(dir.path));
    fs::current_path(before);
}

TEST_CASE("the full-text index: triggers a bulk import puts back are the migration's") {
    store::sqlite::Store s(":memory:", store::Mode::write);
    for (const auto trigger : store::k_text_row_triggers) {
        SQLite::Statement q(s.db(), "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                    "AND sql = ?");
        q.bind(1, std::string(trigger));
        REQUIRE(q.executeStep());
        CHECK(q.getColumn(0).getInt() == 1);
    }
    SUBCASE("k_text_fill indexes only what is missing") {
        s.db().exec("DROP TRIGGER ticket_text_insert");
        model::Ticket t;
        t.title = "Printer jams";
        t.status = model::Status::assigned;
        s.insert_ticket(t);
        CHECK(s.db().execAndGet("SELECT count(*) FROM ticket_text").getInt() == 0);
        s.db().exec(std::string(store::k_text_fill));
        s.db().exec(std::string(store::k_text_fill));
        CHECK(s.db()
                  .execAndGet("SELECT count(*) FROM ticket_text WHERE ticket_text MATCH "
                              "'printer'")
                  .getInt() == 1);
    }
}
