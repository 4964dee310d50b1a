// Import and export in process: the round trip, numbers and the sequence, the CSV history,
// and all or nothing with FILE:LINE messages.
#include <itsm/core/error.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/store/sqlite/store.hpp>
#include <itsm/transfer/transfer.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <unistd.h>

namespace desk = itsm::desk;
namespace transfer = itsm::transfer;
using itsm::time::Instant;

namespace {

const itsm::config::Config& office() {
    static const auto config = itsm::config::load_or_throw(std::filesystem::path(ITSM_SOURCE_DIR) /
                                                           "tests" / "cli" / "config" / "office");
    return config;
}

desk::Stamp stamp(const char* text) {
    auto t = itsm::time::parse_time(text, office().zone, Instant{});
    REQUIRE(t.has_value());
    return {"tester", *t};
}

struct Scratch {
    std::filesystem::path path;
    explicit Scratch(const char* name)
        : path(std::filesystem::temp_directory_path() /
               (std::string("itsm-transfer-") + name + "-" + std::to_string(::getpid()) + ".db")) {
        remove();
    }
    ~Scratch() { remove(); }
    void remove() {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(path.string() + suffix);
        }
    }
};

void fill(itsm::store::Store& s) {
    const auto& c = office();
    desk::LogRequest r;
    r.title = "Mail \"bounces\"";
    r.priority = "P2";
    r.service = "email";
    r.description = "two\nlines";
    desk::log(s, c, r, stamp("2026-10-05 09:00"));
    desk::assign(s, c, "1", "helpdesk", "bob", stamp("2026-10-05 09:20"));
    desk::escalate_to_type(s, c, "1", itsm::model::Type::problem, "", stamp("2026-10-05 09:30"));
    desk::resolve(s, c, "1", "fixed", "", stamp("2026-10-05 15:00"));
    r.title = "Second";
    r.description.clear();
    desk::log(s, c, r, stamp("2026-10-06 09:00"));
}

std::string export_all(itsm::store::Store& s, transfer::Format format = transfer::Format::ndjson) {
    std::ostringstream out;
    transfer::ExportOptions options;
    options.format = format;
    transfer::export_tickets(s, office(), options, out);
    return out.str();
}

transfer::ImportResult import_text(itsm::store::Store& s, const std::string& text) {
    std::istringstream in(text);
    transfer::ImportOptions options;
    options.source = "input";
    return transfer::import_tickets(s, office(), in, options);
}

std::string import_error(itsm::store::Store& s, const std::string& text) {
    try {
        import_text(s, text);
    } catch (const itsm::UsageError& e) {
        return e.what();
    }
    return "";
}

long long count(itsm::store::sqlite::Store& s, const char* table) {
    return s.db().execAndGet(std::string("SELECT count(*) FROM ") + table).getInt64();
}

} // namespace

TEST_CASE("round trip") {
    Scratch a("a");
    Scratch b("b");
    itsm::store::sqlite::Store source(a.path, itsm::store::Mode::write);
    fill(source);
    const auto text = export_all(source);
    itsm::store::sqlite::Store copy(b.path, itsm::store::Mode::write);
    const auto result = import_text(copy, text);
    CHECK(result.tickets == 3);
    CHECK(result.events == 6);
    CHECK(result.links == 2);
    CHECK(export_all(copy) == text);
    CHECK(export_all(copy, transfer::Format::csv) == export_all(source, transfer::Format::csv));
    SUBCASE("the sequence continues above the imported numbers") {
        desk::LogRequest r;
        r.title = "next";
        CHECK(desk::log(copy, office(), r, stamp("2026-10-07 09:00")).number == 4);
    }
    SUBCASE("importing the same tickets again is refused, and changes nothing") {
        CHECK(import_error(copy, text) ==
              "input:1: ticket number 1 already exists (in the store or earlier in the input); "
              "numbers are kept on import, so import into a store that does not have them; "
              "nothing was imported");
        CHECK(count(copy, "tickets") == 3);
        CHECK(count(copy, "events") == 6);
        CHECK(export_all(copy) == text); // and the store still works
    }
}

TEST_CASE("links beyond the file push the sequence past them") {
    Scratch a("links");
    itsm::store::sqlite::Store s(a.path, itsm::store::Mode::write);
    import_text(
        s,
        R"({"number":3,"type":"incident","title":"t","status":"new","opened_at":"2026-10-01T09:00:00Z","links":[{"number":40,"relation":"problem"}]})"
        "\n");
    desk::LogRequest r;
    r.title = "next";
    CHECK(desk::log(s, office(), r, stamp("2026-10-07 09:00")).number == 41);
}

TEST_CASE("a minimal line gets a history") {
    Scratch a("minimal");
    itsm::store::sqlite::Store s(a.path, itsm::store::Mode::write);
    const auto result = import_text(
        s, "\n{\"number\":7,\"type\":\"request\",\"title\":\"t\",\"status\":\"closed\","
           "\"opened_at\":\"2026-10-01T09:00:00Z\",\"resolved_at\":\"2026-10-01T10:00:00Z\","
           "\"closed_at\":\"2026-10-01T10:00:00Z\",\"resolution\":\"done\"}\n\n");
    CHECK(result.tickets == 1);
    CHECK(result.events == 2); // logged, closed (a direct close)
    const auto t = s.find_ticket(7);
    REQUIRE(t.has_value());
    CHECK(itsm::time::format_utc(t->updated_at) == "2026-10-01T10:00:00Z");
    const auto events = s.events_of(7);
    REQUIRE(events.size() == 2);
    CHECK(itsm::model::stored_kind(events[0]) == "logged");
    CHECK(itsm::model::stored_kind(events[1]) == "closed");
    CHECK(events[1].detail["resolution"] == "done");
}

TEST_CASE("all or nothing, with the line at fault") {
    Scratch a("bad");
    itsm::store::sqlite::Store s(a.path, itsm::store::Mode::write);
    const std::string good =
        R"({"number":1,"type":"incident","title":"t","status":"new","opened_at":"2026-10-01T09:00:00Z"})";
    auto error = [&](const std::string& second) {
        return import_error(s, good + "\n" + second + "\n");
    };
    CHECK(error("{\"number\":2}") ==
          "input:2: \"type\" is missing; every ticket needs number, type, title, status and "
          "opened_at; nothing was imported");
    CHECK(
        error(
            R"({"number":2,"type":"bug","title":"t","status":"new","opened_at":"2026-10-01T09:00:00Z"})")
            .starts_with("input:2: type \"bug\" is not incident, request, problem, change or "
                         "interaction"));
    CHECK(
        error(
            R"({"number":2,"type":"incident","title":"t","status":"new","opened_at":"2026-10-01T09:00:00Z","resolved_at":"2026-09-01T09:00:00Z","closed_at":null})")
            .starts_with("input:2: resolved_at 2026-09-01T09:00:00Z is before opened_at"));
    CHECK(
        error(
            R"({"number":2,"type":"incident","title":"t","status":"new","opened_at":"2026-10-01T09:00:00Z","satisfaction":9})")
            .starts_with("input:2: satisfaction 9 is out of range"));
    CHECK(
        error(
            R"({"number":2,"type":"incident","title":"t","status":"new","opened_at":"2026-10-01T09:00:00Z","events":[{"at":"2026-10-01T09:00:00Z","kind":"logged","detail":[]}]})")
            .starts_with("input:2: event 1: detail must be a JSON object"));
    CHECK(
        error(
            R"({"number":2,"type":"incident","title":"t","status":"new","opened_at":"2026-10-01T09:00:00Z","events":[{"at":"2026-10-01T09:00:00Z","kind":"logged"},{"at":"2026-10-01T08:00:00Z","kind":"noted"}]})")
            .starts_with(
                "input:2: event 2 at 2026-10-01T08:00:00Z is before the event it follows"));
    CHECK(
        error(
            R"({"number":2,"type":"incident","title":"  ","status":"new","opened_at":"2026-10-01T09:00:00Z"})")
            .starts_with("input:2: title is empty"));
    CHECK(error(R"({"number":2,"number":3})").starts_with("input:2: \"number\" appears twice"));
    CHECK(
        error(
            R"({"number":2,"type":"incident","title":"t","status":"new","opened_at":"2026-10-01T09:00:00Z","links":[{"number":2,"relation":"x"}]})")
            .starts_with("input:2: link 1 names ticket 2, which is not another ticket"));
    CHECK(error("[1]").starts_with("input:2: expected '{'"));
    CHECK(count(s, "tickets") == 0);
    CHECK(count(s, "events") == 0);
    // The store is usable afterwards: foreign keys back on, no transaction left open.
    CHECK(s.db().execAndGet("PRAGMA foreign_keys").getInt() == 1);
    CHECK(import_text(s, good + "\n").tickets == 1);
}

TEST_CASE("CSV: guarded cells come back as written") {
    Scratch a("csv");
    Scratch b("csv2");
    itsm::store::sqlite::Store s(a.path, itsm::store::Mode::write);
    desk::LogRequest r;
    r.title = "=SUM(A1) and \"quotes\", commas";
    r.description = "multi\nline";
    desk::log(s, office(), r, stamp("2026-10-05 09:00"));
    const auto csv = export_all(s, transfer::Format::csv);
    CHECK(csv.find("\"'=SUM(A1) and \"\"quotes\"\", commas\"") != std::string::npos);
    itsm::store::sqlite::Store copy(b.path, itsm::store::Mode::write);
    CHECK(import_text(copy, csv).tickets == 1);
    CHECK(copy.find_ticket(1)->title == r.title);
    CHECK(copy.find_ticket(1)->description == "multi\nline");
    CHECK(export_all(copy, transfer::Format::csv) == csv);
}
