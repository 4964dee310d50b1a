// Report figures from a hand-built scenario in a scratch store (the office configuration of
// the end-to-end tests): a month boundary, the London clock change on 25 October 2026, met and
// breached clocks, a reopened ticket, a direct close, and tickets outside the period.
#include <itsm/core/error.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/report/report.hpp>
#include <itsm/store/sqlite/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>
#include <set>
#include <string>
#include <unistd.h>

namespace desk = itsm::desk;
namespace report = itsm::report;
using itsm::time::Instant;

namespace {

const itsm::config::Config& office() {
    static const auto config = itsm::config::load_or_throw(std::filesystem::path(ITSM_SOURCE_DIR) /
                                                           "tests" / "cli" / "config" / "office");
    return config;
}

Instant at(const char* text) {
    auto t = itsm::time::parse_time(text, office().zone, Instant{});
    REQUIRE(t.has_value());
    return *t;
}

desk::Stamp stamp(const char* text) {
    return {"tester", at(text)};
}

// A store in a scratch file, removed afterwards.
struct Scratch {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / fmt::format("itsm-report-{}.db", ::getpid());
    Scratch() { remove(); }
    ~Scratch() { remove(); }
    void remove() {
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(path.string() + suffix);
        }
    }
};

desk::LogRequest request(const char* title, const char* priority, const char* service) {
    desk::LogRequest r;
    r.title = title;
    r.priority = priority;
    r.service = service;
    return r;
}

void scenario(itsm::store::Store& s) {
    const auto& c = office();
    desk::log(s, c, request("Mail bounces", "P2", "email"), stamp("2026-09-24 10:00"));
    desk::assign(s, c, "1", "helpdesk", "alice", stamp("2026-09-24 10:30"));
    desk::resolve(s, c, "1", "Relay fixed", "", stamp("2026-10-02 11:00"));

    desk::log(s, c, request("Outlook crashes", "P2", "email"), stamp("2026-10-05 09:00"));
    desk::assign(s, c, "2", "helpdesk", "bob", stamp("2026-10-05 09:20"));
    desk::resolve(s, c, "2", "Profile rebuilt", "", stamp("2026-10-05 15:00"));
    desk::close(s, c, "2", {}, stamp("2026-10-06 09:00"));

    desk::log(s, c, request("Shared mailbox gone", "P2", "email"), stamp("2026-10-23 16:00"));
    desk::note(s, c, "3", "Looking", stamp("2026-10-26 09:30"));
    desk::resolve(s, c, "3", "Restored", "", stamp("2026-10-26 17:00"));

    desk::log(s, c, request("Printer offline", "P3a", "email"), stamp("2026-10-28 10:00"));
    desk::resolve(s, c, "4", "Power cycled", "", stamp("2026-10-29 09:00"));
    desk::reopen(s, c, "4", "Offline again", stamp("2026-10-30 10:00"));

    auto laptop = request("New laptop", "", "");
    laptop.type = itsm::model::Type::request;
    desk::log(s, c, laptop, stamp("2026-10-31 15:00"));

    desk::log(s, c, request("Website down", "P1", "website"), stamp("2026-10-25T01:30:00+01:00"));
    desk::assign(s, c, "6", "web", "carol", stamp("2026-10-25T01:10:00+00:00"));
    desk::resolve(s, c, "6", "Restarted", "", stamp("2026-10-25 04:00"));

    desk::log(s, c, request("VPN slow", "P2", "email"), stamp("2026-11-02 09:00"));

    desk::log(s, c, request("Calendar sync", "P3b", "email"), stamp("2026-09-30 17:00"));
    desk::CloseRequest close;
    close.resolution = "Resynced";
    desk::close(s, c, "8", close, stamp("2026-10-01 10:00"));
}

report::Report october(itsm::store::Store& s, report::Filters filters = {}) {
    const auto now = at("2026-11-15 12:00");
    const auto p = report::make_period(report::Kind::monthly, "2026-10", office().zone, now);
    return report::build(s, office(), p, filters, now);
}

// Collects the text of each statement the connection runs (sqlite3_trace_v2, SQLITE_TRACE_STMT).
int collect_statement(unsigned, void* statements, void* statement, void*) {
    if (const char* text = sqlite3_sql(static_cast<sqlite3_stmt*>(statement))) {
        static_cast<std::set<std::string>*>(statements)->insert(text);
    }
    return 0;
}

// The lines of SQLite's plan for a query that read the tickets or the events from end to end
// (as themselves or by the aliases t and e the report's queries give them); the small tables of
// outages and maintenance windows may be read whole.
std::string full_scans(SQLite::Database& db, const std::string& query) {
    SQLite::Statement plan(db, "EXPLAIN QUERY PLAN " + query);
    std::string scans;
    while (plan.executeStep()) {
        const std::string step = plan.getColumn(3).getString();
        for (const char* table : {"tickets", "t", "events", "e"}) {
            const std::string scan = fmt::format("SCAN {}", table);
            if (step == scan || step.starts_with(scan + " ")) {
                scans += step + "; ";
            }
        }
    }
    return scans;
}

const report::PriorityRow& row(const report::Report& r, const char* id) {
    for (const auto& p : r.by_priority) {
        if (p.priority == id) {
            return p;
        }
    }
    FAIL("no row for ", id);
    return r.by_priority.front();
}

} // namespace

TEST_CASE("percentiles and compliance") {
    std::vector<long long> v{540 * 60, 20 * 60, 630 * 60, 40 * 60, 180 * 60};
    CHECK(report::percentile_minutes(v, 50) == 180);
    CHECK(report::percentile_minutes(v, 90) == 594);
    std::vector<long long> two{10 * 60, 20 * 60};
    CHECK(report::percentile_minutes(two, 50) == 15);
    std::vector<long long> none;
    CHECK_FALSE(report::percentile_minutes(none, 50).has_value());
    CHECK(report::compliance({2, 1, 5, 0}) == doctest::Approx(66.7));
    CHECK_FALSE(report::compliance({0, 0, 3, 2}).has_value());
    CHECK(report::compliance({0, 4, 0, 0}) == 0.0);
}

TEST_CASE("an empty store") {
    Scratch scratch;
    itsm::store::sqlite::Store s(scratch.path, itsm::store::Mode::write);
    const auto r = october(s);
    CHECK(r.opened == 0);
    CHECK(r.backlog_end == 0);
    CHECK_FALSE(report::compliance(r.response).has_value());
    CHECK_FALSE(r.mttr.working.median_minutes.has_value());
    CHECK(r.worst_pending.empty());
    CHECK(r.series.size() == 31);
    CHECK(r.by_priority.size() == 5); // every configured priority, with zeros
    const auto text = report::to_text(r, office().zone, false, 0);
    CHECK(text.find("none: no ticket was open") != std::string::npos);
    CHECK(report::to_json(r)["sla"]["resolve"]["compliance_percent"].is_null());
}

TEST_CASE("October 2026") {
    Scratch scratch;
    itsm::store::sqlite::Store s(scratch.path, itsm::store::Mode::write);
    scenario(s);
    const auto r = october(s);

    SUBCASE("counts and backlogs") {
        CHECK(r.opened == 5);
        CHECK(r.resolved == 5); // INC-4 was reopened: its resolution no longer counts
        CHECK(r.closed == 2);
        CHECK(r.backlog_start == 2);
        CHECK(r.backlog_end == 2);
        CHECK_FALSE(r.partial);
        CHECK(itsm::time::format_utc(r.as_of) == "2026-11-01T00:00:00Z");
    }
    SUBCASE("SLA of the tickets opened in the period, at its end") {
        CHECK(r.response.met == 2);
        CHECK(r.response.breached == 2);
        CHECK(r.response.pending == 1);
        CHECK(r.resolve.met == 2);
        CHECK(r.resolve.breached == 2);
        CHECK(report::compliance(r.resolve) == 50.0);
        CHECK(row(r, "P1").resolve.met == 1);
        CHECK(row(r, "P2").response.breached == 1);
        CHECK(row(r, "P2").counts.resolved == 3);
        CHECK(row(r, "P3a").resolve.breached == 1);
        CHECK(row(r, "P3a").counts.backlog_end == 1);
        CHECK_FALSE(report::compliance(row(r, "P3b").resolve).has_value());
        CHECK(row(r, "P4").resolve.pending == 1);
    }
    SUBCASE("MTTA and MTTR") {
        CHECK(r.mtta.working.count == 5);
        CHECK(r.mtta.working.median_minutes == 180);
        CHECK(r.mtta.working.p90_minutes == 594);
        CHECK(r.mtta.wall.median_minutes == 1020);
        CHECK(r.mtta.wall.p90_minutes == 2946);
        CHECK(r.mttr.working.count == 5);
        CHECK(r.mttr.working.median_minutes == 360);
        CHECK(r.mttr.working.p90_minutes == 2880);
        CHECK(r.mttr.wall.median_minutes == 1020);
        CHECK(r.mttr.wall.p90_minutes == 8724);
    }
    SUBCASE("groups and services") {
        REQUIRE(r.by_group.size() == 5);
        CHECK(r.by_group[0].name == "helpdesk");
        CHECK(r.by_group[0].counts.opened == 3);
        CHECK(r.by_group[0].counts.resolved == 4);
        CHECK(r.by_group[0].counts.closed == 2);
        CHECK(r.by_group[0].counts.backlog_end == 1);
        CHECK(r.by_group[4].name == ""); // REQ-5 has no group
        CHECK(r.by_group[4].counts.backlog_end == 1);
        REQUIRE(r.by_service.size() == 3);
        CHECK(r.by_service[1].name == "website");
        CHECK(r.by_service[1].counts.resolved == 1);
    }
    SUBCASE("worst pending") {
        REQUIRE(r.worst_pending.size() == 2);
        CHECK(r.worst_pending[0].id == "INC-4");
        CHECK(r.worst_pending[0].age_minutes == 35 * 60);
        CHECK(r.worst_pending[0].age_wall_minutes == 86 * 60);
        CHECK(r.worst_pending[0].resolve_breached);
        CHECK(r.worst_pending[1].id == "REQ-5");
        CHECK(r.worst_pending[1].age_minutes == 60);
        CHECK(r.worst_pending[1].resolve_state == "running");
    }
    SUBCASE("series") {
        REQUIRE(r.series.size() == 31);
        CHECK(r.series[24].slot.label == "2026-10-25");
        CHECK(r.series[24].opened == 1);
        CHECK(r.series[24].resolved == 1);
        CHECK(r.series[0].resolved == 1); // INC-8 on 1 October
        CHECK(r.series[0].backlog_end == 1);
        CHECK(r.series[30].backlog_end == r.backlog_end);
    }
    SUBCASE("filters") {
        const auto web = october(s, {"web", "", "", ""});
        CHECK(web.opened == 1);
        CHECK(web.by_group.size() == 1);
        CHECK(web.worst_pending.empty());
        const auto p2 = october(s, {"", "", "P2", ""});
        CHECK(p2.opened == 2);
        CHECK(p2.resolved == 3);
        CHECK(p2.backlog_start == 1);
        CHECK_THROWS_AS(october(s, {"", "", "P9", ""}), itsm::UsageError);
        CHECK_THROWS_AS(october(s, {"nobody", "", "", ""}), itsm::UsageError);
        const auto requests = october(s, {"", "", "", "request"});
        CHECK(requests.opened == 1);
        CHECK(requests.sla_types == std::vector<std::string>{"request"});
        REQUIRE(requests.worst_pending.size() == 1);
        CHECK(requests.worst_pending[0].id == "REQ-5");
    }
    SUBCASE("formats") {
        const auto json = report::to_json(r);
        CHECK(json["period"]["start"] == "2026-10-01");
        CHECK(json["period"]["end"] == "2026-10-31");
        CHECK(json["by_priority"][0]["response_met"] == 1);
        CHECK(json["worst_pending"][0]["opened_at"] == "2026-10-28T10:00:00Z");
        const auto csv = report::to_csv(r);
        CHECK(csv.find("\nsummary,backlog_start,2\n") != std::string::npos);
        CHECK(csv.find("\nby_group,helpdesk,3,4,2,1\n") != std::string::npos);
        const auto md = report::to_markdown(r, office().zone);
        CHECK(md.find("| helpdesk | 3 | 4 | 2 | 1 |") != std::string::npos);
        const auto html = report::to_html(r, office().zone);
        CHECK(html.find("<svg") != std::string::npos);
        CHECK(html.find("src=") == std::string::npos);
    }
}

TEST_CASE("a period in progress is evaluated now") {
    Scratch scratch;
    itsm::store::sqlite::Store s(scratch.path, itsm::store::Mode::write);
    scenario(s);
    const auto now = at("2026-11-02 12:00");
    const auto p = report::make_period(report::Kind::monthly, "2026-11", office().zone, now);
    const auto r = report::build(s, office(), p, {}, now);
    CHECK(r.partial);
    CHECK(r.as_of == now);
    CHECK(r.opened == 1);
    CHECK(r.backlog_start == 2);
    CHECK(r.backlog_end == 3);
    CHECK(r.series.size() == 2); // 1 and 2 November so far
    CHECK(r.worst_pending.size() == 3);
}

TEST_CASE("a monthly or weekly report reads neither the whole history nor all tickets") {
    // A store of a million tickets is reported on in about the time of its figures in plain
    // SQL (docs/performance.md) only while every query is served by an index.
    Scratch scratch;
    itsm::store::sqlite::Store s(scratch.path, itsm::store::Mode::write);
    scenario(s);
    std::set<std::string> statements;
    sqlite3_trace_v2(s.db().getHandle(), SQLITE_TRACE_STMT, collect_statement, &statements);
    const auto now = at("2026-11-15 12:00");
    report::Filters group;
    group.group = "helpdesk";
    for (const auto& filters : {report::Filters{}, group}) {
        october(s, filters);
        report::build(s, office(),
                      report::make_period(report::Kind::weekly, "2026-W43", office().zone, now),
                      filters, now);
    }
    sqlite3_trace_v2(s.db().getHandle(), 0, nullptr, nullptr);
    int queries = 0;
    for (const auto& sql : statements) {
        if (!sql.starts_with("SELECT")) {
            continue;
        }
        ++queries;
        CHECK_MESSAGE(full_scans(s.db(), sql).empty(), sql, " scans: ", full_scans(s.db(), sql));
    }
    CHECK(queries > 5);
}
