// sla-check evaluates every open ticket: evaluate must not allocate beyond its result (the
// ledgers, only when asked for). Counted by replacing the global operator new in this binary.
#include <itsm/sla/clock.hpp>

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <new>
#include <vector>

// The replacements below pair malloc with free on purpose; GCC cannot see that once it inlines
// them at call sites.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace {
std::atomic<long> g_allocations{0};
}

void* operator new(std::size_t size) {
    ++g_allocations;
    if (void* p = std::malloc(size == 0 ? 1 : size)) {
        return p;
    }
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}

using namespace std::chrono_literals;
using namespace itsm;

namespace {

time::Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
    return std::chrono::sys_days{std::chrono::year{y} / mo / d} + std::chrono::hours{h} +
           std::chrono::minutes{mi};
}

config::Config make_config() {
    config::Config c;
    calendar::WindowSpec s;
    s.name = "office";
    s.zone_name = "Europe/London";
    s.zone = time::find_zone("Europe/London").value();
    for (int d = 0; d < 5; ++d) {
        s.week[d] = {{480, 1080}};
    }
    s.week[5] = {{540, 960}};
    s.holidays = {{2026, 12, 25}, {2026, 12, 28}, {2027, 1, 1}};
    s.working_day = 10h;
    c.windows.emplace("office", calendar::Window(std::move(s)));
    c.default_window = "office";
    config::Priority p;
    p.id = "P3";
    p.response = 1h;
    p.response_text = "1h";
    p.resolve = 24h;
    p.resolve_text = "1d"; // re-read on the window: no allocation either
    c.priorities.push_back(p);
    c.default_priority = "P3";
    for (auto [name, pause] : {std::pair{"helpdesk", false}, std::pair{"supplier", true}}) {
        config::Group g;
        g.name = name;
        g.pause_sla = pause;
        c.groups.push_back(g);
    }
    return c;
}

model::Event event(time::Instant at, const char* kind, nlohmann::json detail) {
    model::Event e;
    e.at = at;
    itsm::model::set_kind(e, kind);
    e.detail = std::move(detail);
    return e;
}

} // namespace

TEST_CASE("evaluate allocates nothing without a ledger") {
    const config::Config cfg = make_config();
    const auto t0 = utc(2026, 11, 23, 9, 0);
    const std::vector<model::Event> events{
        event(t0, "logged", {{"priority", "P3"}, {"service", ""}, {"group", "helpdesk"}}),
        event(t0 + 10min, "assigned", {{"group", "helpdesk"}, {"assignee", "bob"}}),
        event(t0 + 1h, "held", {{"reason", "awaiting requester"}}),
        event(t0 + 20h, "resumed", nlohmann::json::object()),
        event(t0 + 22h, "assigned", {{"group", "supplier"}}),
        event(t0 + 30h, "assigned", {{"group", "helpdesk"}}),
        event(t0 + 31h, "updated", {{"changes", {{"title", {{"from", "a"}, {"to", "b"}}}}}}),
        event(t0 + 32h, "resolved", {{"resolution", "ok"}}),
        event(t0 + 33h, "reopened", {{"reason", "again"}}),
    };
    const auto at = utc(2026, 11, 27, 12, 0);
    auto warm = sla::evaluate(cfg, events, at); // fills the window's per-day cache
    const long before = g_allocations.load();
    auto e = sla::evaluate(cfg, events, at);
    const long during = g_allocations.load() - before;
    CHECK(during == 0);
    CHECK(e.resolve.counted == warm.resolve.counted);
    CHECK(e.resolve.target == std::chrono::seconds{10h});

    // The counter does see allocations: the ledger is built in vectors.
    sla::Options with_ledger;
    with_ledger.ledger = true;
    const long again = g_allocations.load();
    auto explained = sla::evaluate(cfg, events, at, with_ledger);
    CHECK(g_allocations.load() > again);
    CHECK_FALSE(explained.resolve.ledger.empty());
}
