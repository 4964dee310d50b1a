// Working-time arithmetic throughput (docs/performance.md: >= 5,000,000 additions per second) on
// the office window: Europe/London, mon-fri 08:00-18:00, sat 09:00-16:00, a dozen holidays. Random
// starts over 2026-2028 and amounts of 1 h to 10 working days, from a fixed seed. Prints
// "additions_per_second <N>" and "between_per_second <N>".
#include <itsm/calendar/window.hpp>
#include <itsm/time/instant.hpp>

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <random>
#include <vector>

using itsm::calendar::Date;
using itsm::calendar::TimeRange;
using itsm::calendar::Window;
using itsm::calendar::WindowSpec;
using itsm::time::Duration;
using itsm::time::Instant;

namespace {

WindowSpec office() {
    WindowSpec spec;
    spec.name = "office";
    spec.zone_name = "Europe/London";
    spec.zone = *itsm::time::find_zone(spec.zone_name);
    for (std::size_t d = 0; d < 5; ++d) {
        spec.week[d] = {TimeRange{8 * 60, 18 * 60}};
    }
    spec.week[5] = {TimeRange{9 * 60, 16 * 60}};
    for (int year = 2026; year <= 2029; ++year) {
        for (auto [month, day] : {std::pair{1u, 1u},
                                  {4u, 3u},
                                  {4u, 6u},
                                  {5u, 4u},
                                  {5u, 25u},
                                  {8u, 31u},
                                  {12u, 25u},
                                  {12u, 28u}}) {
            spec.holidays.push_back(Date{year, month, day});
        }
    }
    spec.holidays.push_back(Date{0, 12, 26});
    spec.working_day = std::chrono::hours{10};
    return spec;
}

struct Query {
    Instant from;
    Duration amount;
    Instant to;
};

template <class F>
double per_second(std::size_t rounds, const std::vector<Query>& queries, F&& work) {
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t r = 0; r < rounds; ++r) {
        for (const Query& q : queries) {
            work(q);
        }
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    return static_cast<double>(rounds * queries.size()) / took.count();
}

} // namespace

int main() {
    const Window window(office());
    std::mt19937_64 rng(42);
    const std::int64_t first = 1767225600; // 2026-01-01T00:00:00Z
    const std::int64_t last = 1861920000;  // 2029-01-01T00:00:00Z
    std::uniform_int_distribution<std::int64_t> start(first, last - 1);
    std::uniform_int_distribution<std::int64_t> minutes(60, 10 * 10 * 60); // 1 h .. 10 days
    std::uniform_int_distribution<std::int64_t> span(0, 30 * 86400);
    std::vector<Query> queries(1 << 16);
    for (Query& q : queries) {
        q.from = Instant{Duration{start(rng)}};
        q.amount = std::chrono::minutes{minutes(rng)};
        q.to = q.from + Duration{span(rng)};
    }

    // Warm the per-day table once, as a long-running process would have it.
    std::int64_t sink = 0;
    for (const Query& q : queries) {
        sink += window.add(q.from, q.amount)->time_since_epoch().count();
    }

    const double additions = per_second(60, queries, [&](const Query& q) {
        sink += window.add(q.from, q.amount)->time_since_epoch().count();
    });
    const double betweens = per_second(
        60, queries, [&](const Query& q) { sink += window.between(q.from, q.to).count(); });
    fmt::print("additions_per_second {:.0f}\n", additions);
    fmt::print("between_per_second {:.0f}\n", betweens);
    return sink == 42 ? 1 : 0; // keeps the work observable
}
