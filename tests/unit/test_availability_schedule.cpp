// lib/itsm/availability: the notice rule of maintenance, cancelling, and the outage a ticket's
// history records.
#include <itsm/availability/records.hpp>
#include <itsm/availability/schedule.hpp>
#include <itsm/core/error.hpp>
#include <itsm/store/sqlite/store.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <unistd.h>

using namespace itsm;
using availability::MaintenanceRequest;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
namespace fs = std::filesystem;

namespace {

struct TempStore {
    fs::path dir = fs::temp_directory_path() / ("itsm-avail-" + std::to_string(::getpid()));
    std::unique_ptr<store::Store> store;
    TempStore() {
        fs::remove_all(dir);
        store = std::make_unique<store::sqlite::Store>(dir / "itsm.db", store::Mode::write);
    }
    ~TempStore() {
        store.reset();
        fs::remove_all(dir);
    }
};

config::Config catalogue(const std::string& settings = "") {
    auto result = config::load_texts(
        {{"itsm.toml", settings},
         {"service-windows.toml", "[windows.office]\ntimezone = \"Europe/London\"\nhours = { "
                                  "\"mon-fri\" = \"08:00-18:00\" }\n[services.payroll]\n"
                                  "availability = \"98%\"\n"}});
    REQUIRE_FALSE(result.has_errors());
    return std::move(result.config);
}

const time::Instant k_start = time::from_epoch(1'780'300'800); // 2026-06-01T08:00:00Z

MaintenanceRequest request(bool emergency = false) {
    MaintenanceRequest r;
    r.service = "payroll";
    r.from = k_start;
    r.to = k_start + hours(2);
    r.emergency = emergency;
    return r;
}

long long count(store::Store& s) {
    return static_cast<long long>(availability::maintenance(s, {}).size());
}

} // namespace

TEST_CASE("maintenance notice") {
    TempStore t;
    auto& s = *t.store;
    const auto config = catalogue();
    SUBCASE("exactly 48 hours is enough; a second less is refused and records nothing") {
        const auto m =
            availability::add_maintenance(s, config, request(), "ann", k_start - hours(48));
        CHECK_FALSE(m.forced);
        CHECK(m.id > 0);
        CHECK_THROWS_AS(availability::add_maintenance(s, config, request(), "ann",
                                                      k_start - hours(48) + seconds(1)),
                        RefusedError);
        CHECK(count(s) == 1);
    }
    SUBCASE("emergency maintenance needs an hour; --force records a short notice as forced") {
        CHECK_FALSE(
            availability::add_maintenance(s, config, request(true), "ann", k_start - hours(1))
                .forced);
        CHECK_THROWS_AS(
            availability::add_maintenance(s, config, request(true), "ann", k_start - minutes(59)),
            RefusedError);
        auto forced = request(true);
        forced.force = true;
        const auto m = availability::add_maintenance(s, config, forced, "ann", k_start);
        CHECK(m.forced);
        CHECK(availability::notice_given(m) == seconds(0));
        CHECK(availability::find_maintenance(s, m.id)->forced);
    }
    SUBCASE("recorded after it began: negative notice, refused") {
        CHECK_THROWS_AS(
            availability::add_maintenance(s, config, request(true), "ann", k_start + minutes(5)),
            RefusedError);
    }
    SUBCASE("[maintenance] sets the notice") {
        const auto short_notice = catalogue("[maintenance]\nnotice = \"1d\"\n");
        CHECK_FALSE(
            availability::add_maintenance(s, short_notice, request(), "ann", k_start - hours(24))
                .forced);
    }
    SUBCASE("bad input") {
        auto unknown = request();
        unknown.service = "payrol";
        CHECK_THROWS_WITH_AS(
            availability::add_maintenance(s, config, unknown, "ann", k_start - hours(72)),
            doctest::Contains("did you mean \"payroll\"?"), UsageError);
        auto reversed = request();
        reversed.to = reversed.from;
        CHECK_THROWS_AS(
            availability::add_maintenance(s, config, reversed, "ann", k_start - hours(72)),
            UsageError);
        CHECK(count(s) == 0);
    }
}

TEST_CASE("cancelling maintenance") {
    TempStore t;
    auto& s = *t.store;
    const auto config = catalogue();
    const auto m = availability::add_maintenance(s, config, request(), "ann", k_start - hours(72));
    const auto id = availability::maintenance_id(m.id);
    CHECK(id == "MNT-" + std::to_string(m.id));
    const auto cancelled = availability::cancel(s, id, "bob", k_start - hours(1));
    CHECK(cancelled.cancelled_at == k_start - hours(1));
    CHECK(cancelled.cancelled_by == "bob");
    CHECK_THROWS_AS(availability::cancel(s, id, "bob", k_start), RefusedError);
    CHECK_THROWS_AS(availability::cancel(s, "MNT-999", "bob", k_start), NotFoundError);
    CHECK_THROWS_AS(availability::cancel(s, "INC-1", "bob", k_start), UsageError);
    availability::MaintenanceFilter live;
    live.include_cancelled = false;
    CHECK(availability::maintenance(s, live).empty());
    CHECK(availability::maintenance(s, {}).size() == 1);
    CHECK(availability::parse_maintenance_id("mnt-7") == std::optional<long long>(7));
    CHECK(availability::parse_maintenance_id("7") == std::optional<long long>(7));
    CHECK_FALSE(availability::parse_maintenance_id("MNT-").has_value());
    CHECK_FALSE(availability::parse_maintenance_id("-3").has_value());
}

TEST_CASE("the outage a history records") {
    model::Ticket ticket;
    ticket.number = 4;
    ticket.service = "payroll";
    ticket.opened_at = k_start;
    auto event = [](time::Instant at, const char* kind, nlohmann::json detail) {
        model::Event e;
        e.at = at;
        itsm::model::set_kind(e, kind);
        e.detail = std::move(detail);
        return e;
    };
    SUBCASE("none without an outage") {
        CHECK_FALSE(
            availability::outage_from_events(ticket, {event(k_start, "logged", {{"title", "x"}})})
                .has_value());
    }
    SUBCASE("logged with --outage, then moved and ended by updates") {
        ticket.resolved_at = k_start + hours(5);
        const auto o = availability::outage_from_events(
            ticket,
            {event(k_start, "logged", {{"outage", true}}),
             event(k_start + hours(1), "updated",
                   {{"changes",
                     {{"outage_start", {{"from", "x"}, {"to", "2026-06-01T07:30:00Z"}}}}}}),
             event(k_start + hours(2), "updated",
                   {{"changes",
                     {{"outage_end", {{"from", nullptr}, {"to", "2026-06-01T09:00:00Z"}}}}}})});
        REQUIRE(o.has_value());
        CHECK(o->ticket == 4);
        CHECK(o->service == "payroll");
        CHECK(o->start == k_start - minutes(30));
        CHECK(o->end == std::optional<time::Instant>(k_start + hours(1)));
        CHECK(o->effective_end() == o->end);
    }
    SUBCASE("without a recorded end it lasts until the resolution") {
        ticket.resolved_at = k_start + hours(5);
        const auto o = availability::outage_from_events(
            ticket,
            {event(k_start, "updated",
                   {{"changes",
                     {{"outage_start", {{"from", nullptr}, {"to", "2026-06-01T08:00:00Z"}}}}}})});
        REQUIRE(o.has_value());
        CHECK_FALSE(o->end.has_value());
        CHECK(o->effective_end() == ticket.resolved_at);
    }
}
