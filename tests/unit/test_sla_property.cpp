// The SLA clocks against a brute-force reference: random event sequences (holds, resumes,
// supplier assignments, resolves, reopens, priority changes) evaluated at random instants, and
// the groups' OLA clocks on the same tickets,
// compared minute by minute with a stepper that reads the schedules straight from the window
// specs through date/tz. Fixed seed, so a failure reproduces.
#include <itsm/sla/clock.hpp>
#include <itsm/sla/ola.hpp>
#include <itsm/time/duration.hpp>

#include <date/tz.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

using namespace std::chrono_literals;
using itsm::calendar::SegmentKind;
using itsm::sla::ClockState;
using itsm::time::Duration;
using itsm::time::Instant;
using Json = nlohmann::json;

namespace {

namespace calendar = itsm::calendar;
namespace config = itsm::config;
namespace model = itsm::model;

Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0) {
    return std::chrono::sys_days{std::chrono::year{y} / mo / d} + std::chrono::hours{h} +
           std::chrono::minutes{mi};
}

calendar::WindowSpec spec(std::string name, const char* zone,
                          std::map<int, std::vector<calendar::TimeRange>> days,
                          std::vector<calendar::Holiday> holidays,
                          std::optional<Duration> working_day = std::nullopt) {
    calendar::WindowSpec s;
    s.name = std::move(name);
    s.zone_name = zone;
    auto z = itsm::time::find_zone(zone);
    REQUIRE(z.has_value());
    s.zone = *z;
    for (auto& [d, ranges] : days) {
        s.week[static_cast<std::size_t>(d)] = ranges;
    }
    s.holidays = std::move(holidays);
    s.working_day = working_day;
    return s;
}

std::vector<calendar::WindowSpec> specs() {
    const std::vector<calendar::TimeRange> office{{480, 1080}};
    const std::vector<calendar::TimeRange> normal{{420, 1200}};
    const std::vector<calendar::TimeRange> split{{480, 720}, {780, 1020}};
    const std::vector<calendar::TimeRange> all{{0, 1440}};
    return {
        spec("office", "Europe/London",
             {{0, office}, {1, office}, {2, office}, {3, office}, {4, office}, {5, {{540, 960}}}},
             {{2026, 12, 25}, {2026, 12, 28}, {2027, 1, 1}}, 10h),
        spec("normal", "Europe/Brussels",
             {{0, normal}, {1, normal}, {2, normal}, {3, normal}, {4, normal}},
             {{0, 12, 25}, {0, 1, 1}}),
        spec("split", "Africa/Dar_es_Salaam",
             {{0, split}, {1, split}, {2, split}, {3, split}, {4, split}}, {{2026, 12, 9}}),
        spec("extended", "Europe/Brussels",
             {{0, all}, {1, all}, {2, all}, {3, all}, {4, all}, {5, all}, {6, all}}, {}),
    };
}

config::Priority priority(std::string id, std::string response, std::string resolve,
                          std::string window = "") {
    config::Priority p;
    p.id = std::move(id);
    p.response_text = std::move(response);
    p.resolve_text = std::move(resolve);
    // Parsed as 24 h days, as a loader without a window in mind would: the clock must re-read
    // "d" on the ticket's window.
    auto parse = [](const std::string& t) -> std::optional<Duration> {
        if (t.empty()) {
            return std::nullopt;
        }
        if (t.starts_with("next-opening")) {
            return Duration{0};
        }
        return itsm::time::parse_duration(t.substr(0, t.find(' ')), 24h).value();
    };
    p.response = parse(p.response_text);
    p.resolve = parse(p.resolve_text);
    p.window = std::move(window);
    return p;
}

config::Config make_config() {
    config::Config c;
    c.default_window = "office";
    for (auto& s : specs()) {
        auto name = s.name;
        c.windows.emplace(name, calendar::Window(std::move(s)));
    }
    config::Service payroll;
    payroll.id = "payroll";
    payroll.window = "normal";
    c.services.emplace("payroll", payroll);
    config::Service field;
    field.id = "field";
    field.window = "split";
    c.services.emplace("field", field);
    c.default_priority = "P2";
    c.priorities = {priority("P1", "30m", "4h", "extended"), priority("P2", "1h", "8h"),
                    priority("P3", "4h", "2d"), priority("P4", "", "1d"),
                    // The target options of docs/sla.md, on every window.
                    priority("P5", "next-opening", "2d by-date"),
                    priority("P6", "next-opening end-of-day", "1d4h by-date end-of-day"),
                    priority("P7", "2h end-of-day", "1d end-of-day", "extended")};
    // The update promise, by working time, at close of business, and by date.
    c.priorities[1].update_text = "4h";
    c.priorities[4].update_text = "end-of-day";
    c.priorities[5].update_text = "1d by-date";
    c.priorities[6].update_text = "1d end-of-day";
    for (auto [name, pause] : {std::pair{"helpdesk", false}, std::pair{"network", false},
                               std::pair{"supplier", true}, std::pair{"vendor", true}}) {
        config::Group g;
        g.name = name;
        g.pause_sla = pause;
        c.groups.push_back(g);
    }
    // OLAs (docs/sla.md): for every priority, per priority (replacing it), with options, and on
    // a pause_sla group; `vendor` has none.
    auto ola = [](std::string response, std::string resolve) {
        config::OlaTargets t;
        t.response_text = std::move(response);
        t.resolve_text = std::move(resolve);
        return t;
    };
    c.groups[0].ola[""] = ola("30m", "2h");
    c.groups[0].ola["P3"] = ola("", "1d");
    c.groups[1].ola["P1"] = ola("15m", "1h");
    c.groups[1].ola["P2"] = ola("next-opening", "1d by-date end-of-day");
    c.groups[1].ola["P6"] = ola("2h end-of-day", "");
    c.groups[2].ola[""] = ola("1h", "4h");
    return c;
}

// ---- the reference: minute by minute ----

enum : std::uint8_t { k_closed = 0, k_open = 1, k_holiday = 2 };

const Instant k_grid_start = utc(2026, 3, 1);
const Instant k_grid_end = utc(2027, 5, 1);

// The kind of every minute of [k_grid_start, k_grid_end) on one window, from its spec alone.
struct Grid {
    std::vector<std::uint8_t> kind;
    std::vector<std::int32_t> day; // the local date of each minute (days since the epoch)
    std::vector<std::int16_t> tod; // its local time of day in minutes
    Duration working_day{0};

    explicit Grid(const calendar::WindowSpec& s) {
        const auto minutes = (k_grid_end - k_grid_start) / 1min;
        kind.resize(static_cast<std::size_t>(minutes));
        day.resize(static_cast<std::size_t>(minutes));
        tod.resize(static_cast<std::size_t>(minutes));
        int longest = 0;
        for (const auto& day : s.week) {
            int sum = 0;
            for (const auto& r : day) {
                sum += r.end - r.start;
            }
            longest = std::max(longest, sum);
        }
        working_day = s.working_day.value_or(std::chrono::minutes{longest});
        // The offsets come from date/tz, not from the zone the code under test reads.
        const date::time_zone* reference = date::locate_zone(s.zone_name);
        date::sys_info offset = reference->get_info(k_grid_start);
        date::local_days day{};
        bool holiday = false;
        const std::vector<calendar::TimeRange>* ranges = nullptr;
        for (long long m = 0; m < minutes; ++m) {
            const Instant t = k_grid_start + std::chrono::minutes{m};
            if (t >= offset.end) {
                offset = reference->get_info(t);
            }
            const auto local = date::local_seconds{(t + offset.offset).time_since_epoch()};
            if (ranges == nullptr || date::floor<date::days>(local) != day) {
                day = date::floor<date::days>(local);
                const date::year_month_day ymd{day};
                holiday = false;
                for (const auto& h : s.holidays) {
                    holiday = holiday ||
                              (h.month == unsigned{ymd.month()} && h.day == unsigned{ymd.day()} &&
                               (h.year == 0 || h.year == int{ymd.year()}));
                }
                ranges = &s.week[date::weekday{day}.iso_encoding() - 1];
            }
            const int minute = static_cast<int>((local - day) / 1min);
            bool open = false;
            for (const auto& r : *ranges) {
                open = open || (r.start <= minute && minute < r.end);
            }
            kind[static_cast<std::size_t>(m)] = holiday ? k_holiday : open ? k_open : k_closed;
            this->day[static_cast<std::size_t>(m)] =
                static_cast<std::int32_t>(day.time_since_epoch().count());
            tod[static_cast<std::size_t>(m)] = static_cast<std::int16_t>(minute);
        }
    }
};

struct RefClock {
    std::optional<Duration> target;
    bool end_of_day = false;
    std::optional<Instant> due;
    Duration counted{0};
    std::optional<Instant> stop;
    bool paused_now = false;
    std::vector<SegmentKind> minutes; // one per minute of [logged, end)
};

bool reference_response(const model::Event& e) {
    if (itsm::model::stored_kind(e) == "assigned") {
        return e.detail.contains("assignee") && e.detail["assignee"].is_string() &&
               !e.detail["assignee"].get<std::string>().empty();
    }
    return itsm::model::stored_kind(e) == "noted" || itsm::model::stored_kind(e) == "replied" ||
           itsm::model::stored_kind(e) == "escalated" || itsm::model::stored_kind(e) == "held" ||
           itsm::model::stored_kind(e) == "resolved" || itsm::model::stored_kind(e) == "closed";
}

Duration reference_duration(const std::string& text, Duration working_day) {
    Duration total{0};
    Duration::rep n = 0;
    for (char ch : text) {
        if (ch >= '0' && ch <= '9') {
            n = n * 10 + (ch - '0');
        } else {
            total += ch == 'd'   ? working_day * n
                     : ch == 'h' ? Duration{n * 3600}
                                 : Duration{n * 60};
            n = 0;
        }
    }
    return total;
}

long long minute_of(Instant t);

// "2d by-date": open minutes from the first open minute at or after `start` to the first minute
// showing the same local time of day on the second later local date that has an open minute.
Duration reference_by_date(const Grid& grid, Instant start, int days) {
    long long a = minute_of(start);
    while (grid.kind[static_cast<std::size_t>(a)] != k_open) {
        ++a;
    }
    const auto at = [&](long long m) { return static_cast<std::size_t>(m); };
    const std::int32_t first_day = grid.day[at(a)];
    std::int32_t last_counted = first_day;
    long long m = a;
    for (int found = 0; found < days; ++m) {
        if (grid.kind[at(m)] == k_open && grid.day[at(m)] > last_counted) {
            last_counted = grid.day[at(m)];
            ++found;
        }
    }
    while (grid.day[at(m - 1)] == last_counted) {
        --m; // back to the first minute of that date
    }
    while (grid.day[at(m)] == last_counted && grid.tod[at(m)] < grid.tod[at(a)]) {
        ++m;
    }
    long long open = 0;
    for (long long i = a; i < m; ++i) {
        open += grid.kind[at(i)] == k_open ? 1 : 0;
    }
    return std::chrono::minutes{open};
}

// The target of `text` ("2d", "2d by-date end-of-day", "next-opening") for a clock from `start`.
std::optional<Duration> reference_target(const std::string& text, const Grid& grid, Instant start,
                                         bool& end_of_day) {
    end_of_day = text.find("end-of-day") != std::string::npos;
    if (text.empty()) {
        return std::nullopt;
    }
    if (text.starts_with("next-opening")) {
        return Duration{0};
    }
    const std::string duration = text.substr(0, text.find(' '));
    if (text.find("by-date") == std::string::npos) {
        return reference_duration(duration, grid.working_day);
    }
    const auto d = duration.find('d');
    return reference_by_date(grid, start, std::stoi(duration.substr(0, d))) +
           reference_duration(duration.substr(d + 1), grid.working_day);
}

struct Reference {
    std::string window;
    RefClock response;
    RefClock resolve;
    RefClock update;
    Instant update_start{};
};

// Walks minute by minute. `counts(m)` says whether an open minute before the clock's end
// counts; from the end on every open minute counts (a paused clock is assumed to resume).
// Minutes since the grid's start: the stepper works on plain integers so that it stays quick in
// unoptimised sanitizer builds too.
long long minute_of(Instant t) {
    return (t - k_grid_start) / 1min;
}

template <class Counts>
void step(RefClock& c, const Grid& grid, Instant from, Instant end, Counts counts) {
    const long long first = minute_of(from);
    const long long last = minute_of(end);
    const long long target = c.target ? *c.target / 1min : -1;
    c.minutes.reserve(static_cast<std::size_t>(std::max(0LL, last - first)));
    long long counted = 0;
    long long counted_before_end = 0;
    long long due = -1;
    const std::uint8_t* kinds = grid.kind.data();
    for (long long m = first; m < last || (target >= 0 && due < 0); ++m) {
        const auto kind = kinds[m];
        const bool before_end = m < last;
        const bool counting = kind == k_open && (!before_end || counts(m));
        if (before_end) {
            c.minutes.push_back(kind == k_closed    ? SegmentKind::closed
                                : kind == k_holiday ? SegmentKind::holiday
                                : counting          ? SegmentKind::counting
                                                    : SegmentKind::paused);
            counted_before_end += counting ? 1 : 0;
        }
        if (counting && target == 0 && due < 0) {
            due = m;
        }
        if (counting && ++counted == target) {
            due = m + 1;
        }
    }
    if (due >= 0 && c.end_of_day) {
        // The close of the local date on which the target was reached: its last open minute.
        const long long inside = target == 0 ? due : due - 1;
        const auto date = grid.day[static_cast<std::size_t>(inside)];
        long long last = inside;
        for (long long m = inside; grid.day[static_cast<std::size_t>(m)] == date; ++m) {
            if (kinds[m] == k_open) {
                last = m;
            }
        }
        due = last + 1;
    }
    c.counted = std::chrono::minutes{counted_before_end};
    if (due >= 0) {
        c.due = k_grid_start + std::chrono::minutes{due};
    }
}

Reference reference(const config::Config& cfg, const std::map<std::string, Grid>& grids,
                    const std::vector<model::Event>& events, Instant at) {
    Reference r;
    const model::Event& logged = events.front();
    const Instant start = logged.at;
    std::string prio = logged.detail["priority"];
    const std::string service = logged.detail["service"];
    std::optional<Instant> responded;
    for (const auto& e : events) {
        if (e.at > at || &e == &logged) {
            continue;
        }
        if (itsm::model::stored_kind(e) == "updated" && e.detail["changes"].contains("priority")) {
            prio = e.detail["changes"]["priority"]["to"];
        }
        if (!responded && reference_response(e)) {
            responded = e.at;
        }
    }
    const config::Priority* p = nullptr;
    for (const auto& candidate : cfg.priorities) {
        if (candidate.id == prio) {
            p = &candidate;
        }
    }
    REQUIRE(p != nullptr);
    r.window = !p->window.empty()     ? p->window
               : service == "payroll" ? "normal"
               : service == "field"   ? "split"
                                      : "office";
    const Grid& grid = grids.at(r.window);
    r.response.target = reference_target(p->response_text, grid, start, r.response.end_of_day);
    r.resolve.target = reference_target(p->resolve_text, grid, start, r.resolve.end_of_day);

    // Update: from the last public contact (logging, reply, reopen) until resolved or closed;
    // with end-of-day, a reply covers its working day: the clock restarts at that day's close.
    Instant contact = start;
    bool replied = false;
    std::optional<Instant> settled;
    for (const auto& e : events) {
        if (&e == &logged || e.at > at) {
            continue;
        }
        if (itsm::model::stored_kind(e) == "reopened") {
            settled.reset();
            contact = e.at;
            replied = false;
        } else if (itsm::model::stored_kind(e) == "replied" && !settled) {
            contact = e.at;
            replied = true;
        } else if ((itsm::model::stored_kind(e) == "resolved" ||
                    itsm::model::stored_kind(e) == "closed") &&
                   !settled) {
            settled = e.at;
        }
    }
    r.update.target = reference_target(p->update_text, grid, contact, r.update.end_of_day);
    r.update_start = contact;
    if (r.update.target && r.update.end_of_day && replied) {
        long long m = minute_of(contact);
        while (grid.kind[static_cast<std::size_t>(m)] != k_open) {
            ++m;
        }
        const auto date = grid.day[static_cast<std::size_t>(m)];
        long long close = m;
        for (long long i = m; grid.day[static_cast<std::size_t>(i)] == date; ++i) {
            if (grid.kind[static_cast<std::size_t>(i)] == k_open) {
                close = i;
            }
        }
        r.update_start = k_grid_start + std::chrono::minutes{close + 1};
        r.update.target =
            reference_target(p->update_text, grid, r.update_start, r.update.end_of_day);
    }
    r.update.stop = settled;
    step(r.update, grid, r.update_start, std::max(settled.value_or(at), r.update_start),
         [](long long) { return true; });

    r.response.stop = responded;
    step(r.response, grid, start, responded.value_or(at), [](long long) { return true; });

    // Resolve: replay the state per minute.
    auto pauses = [](const std::string& g) { return g == "supplier" || g == "vendor"; };
    struct State {
        bool held = false, supplier = false, stopped = false;
        Instant stop{};
    };
    // The state after each event, replayed once; the stepper then looks it up per minute.
    State state;
    state.supplier = pauses(logged.detail["group"]);
    std::vector<std::pair<Instant, bool>> paused_from{{start, state.supplier}};
    for (const auto& e : events) {
        if (&e == &logged || e.at > at) {
            continue;
        }
        if (itsm::model::stored_kind(e) == "held") {
            state.held = true;
        } else if (itsm::model::stored_kind(e) == "resumed") {
            state.held = false;
        } else if (itsm::model::stored_kind(e) == "resolved" ||
                   itsm::model::stored_kind(e) == "closed") {
            state.held = false;
            if (!state.stopped) {
                state.stopped = true;
                state.stop = e.at;
            }
        } else if (itsm::model::stored_kind(e) == "reopened") {
            state.stopped = false;
        } else if ((itsm::model::stored_kind(e) == "assigned" ||
                    itsm::model::stored_kind(e) == "escalated") &&
                   e.detail.contains("group")) {
            state.supplier = pauses(e.detail["group"]);
        } else if (itsm::model::stored_kind(e) == "updated" &&
                   e.detail["changes"].contains("group")) {
            state.supplier = pauses(e.detail["changes"]["group"]["to"]);
        }
        paused_from.emplace_back(e.at, state.held || state.supplier || state.stopped);
    }
    if (state.stopped) {
        r.resolve.stop = state.stop;
    }
    r.resolve.paused_now = !state.stopped && (state.held || state.supplier);
    const Instant end = state.stopped ? state.stop : at;
    std::size_t k = 0;
    step(r.resolve, grid, start, end, [&](long long m) {
        while (k + 1 < paused_from.size() && minute_of(paused_from[k + 1].first) <= m) {
            ++k;
        }
        return !paused_from[k].second;
    });
    return r;
}

// ---- the OLA reference: the group's state after each event, minute by minute ----

struct RefOla {
    std::string group;
    std::string metric;
    RefClock clock;
    Instant start{};
    bool handed_on = false;
};

std::vector<RefOla> reference_olas(const config::Config& cfg,
                                   const std::map<std::string, Grid>& grids,
                                   const std::vector<model::Event>& events, Instant at,
                                   const Reference& sla) {
    const model::Event& logged = events.front();
    std::string prio = logged.detail["priority"];
    for (const auto& e : events) {
        if (&e != &logged && e.at <= at && itsm::model::stored_kind(e) == "updated" &&
            e.detail["changes"].contains("priority")) {
            prio = e.detail["changes"]["priority"]["to"];
        }
    }
    const Grid& grid = grids.at(sla.window);
    // The state after each event: group, held, resolved; and whether the event was an action
    // (a response made in the group that leaves it there; on entering, only an assignment).
    struct After {
        Instant at;
        std::string group;
        bool held = false, settled = false;
        std::string before;
        bool response = false;
        std::string kind;
    };
    std::vector<After> after;
    After state{logged.at, logged.detail["group"], false, false, "", false, "logged"};
    after.push_back(state);
    for (const auto& e : events) {
        if (&e == &logged || e.at > at) {
            continue;
        }
        const std::string kind(itsm::model::stored_kind(e));
        state.at = e.at;
        state.before = state.group;
        state.kind = kind;
        state.response = reference_response(e);
        if ((kind == "assigned" || kind == "escalated") && e.detail.contains("group")) {
            state.group = e.detail["group"];
        } else if (kind == "updated" && e.detail["changes"].contains("group")) {
            state.group = e.detail["changes"]["group"]["to"];
        }
        if (kind == "held") {
            state.held = true;
        } else if (kind == "resumed") {
            state.held = false;
        } else if (kind == "resolved" || kind == "closed") {
            state.held = false;
            state.settled = true;
        } else if (kind == "reopened") {
            state.settled = false;
        }
        after.push_back(state);
    }
    std::vector<std::string> order;
    for (const auto& a : after) {
        if (std::find(order.begin(), order.end(), a.group) == order.end()) {
            order.push_back(a.group);
        }
    }
    std::vector<RefOla> out;
    for (const auto& name : order) {
        const config::Group* g = cfg.find_group(name);
        const config::OlaTargets* targets = g != nullptr ? g->ola_for(prio) : nullptr;
        if (targets == nullptr) {
            continue;
        }
        std::size_t entry = 0;
        while (after[entry].group != name) {
            ++entry;
        }
        const Instant start = after[entry].at;
        // Per event from the entry on: counting, live (may count again), and why it stopped.
        std::vector<std::pair<Instant, bool>> response_counts, resolve_counts;
        bool acted = false;
        bool response_live = true, resolve_live = true;
        std::optional<Instant> response_dead, resolve_dead;
        bool response_left = false, resolve_left = false;
        for (std::size_t i = entry; i < after.size(); ++i) {
            const auto& a = after[i];
            const bool in = a.group == name;
            const bool entering = in && (i == entry || a.before != name);
            if (in && a.response && (!entering || a.kind == "assigned" || a.kind == "logged")) {
                acted = true;
            }
            const bool left = !in && a.before == name;
            const bool rlive = in && !acted;
            if (response_live && !rlive) {
                response_dead = a.at;
                response_left = left;
            }
            response_live = rlive;
            response_counts.emplace_back(a.at, rlive);
            const bool slive = in && !a.settled;
            if (resolve_live && !slive) {
                resolve_dead = a.at;
                resolve_left = left;
            }
            resolve_live = slive;
            resolve_counts.emplace_back(a.at, slive && !a.held && !g->pause_sla);
        }
        for (const bool response : {true, false}) {
            const std::string& text = response ? targets->response_text : targets->resolve_text;
            if (text.empty()) {
                continue;
            }
            RefOla o;
            o.group = name;
            o.metric = response ? "response" : "resolve";
            o.start = start;
            o.clock.target = reference_target(text, grid, start, o.clock.end_of_day);
            const bool live = response ? response_live : resolve_live;
            const auto& counts = response ? response_counts : resolve_counts;
            if (!live) {
                o.clock.stop = response ? response_dead : resolve_dead;
                o.handed_on = response ? response_left : resolve_left;
            }
            o.clock.paused_now = live && !counts.back().second;
            std::size_t k = 0;
            step(o.clock, grid, start, o.clock.stop.value_or(at), [&](long long m) {
                while (k + 1 < counts.size() && minute_of(counts[k + 1].first) <= m) {
                    ++k;
                }
                return counts[k].second;
            });
            out.push_back(std::move(o));
        }
    }
    return out;
}

ClockState reference_state(const RefClock& c, Instant at, bool& breached) {
    breached = false;
    if (!c.target) {
        return ClockState::none;
    }
    if (c.stop) {
        breached = *c.stop > *c.due;
        return breached ? ClockState::breached : ClockState::met;
    }
    breached = at > *c.due;
    return breached       ? ClockState::breached
           : c.paused_now ? ClockState::paused
                          : ClockState::running;
}

void compare(const itsm::sla::Clock& got, const RefClock& want, Instant start, Instant at,
             double warn) {
    CHECK(got.target == want.target);
    CHECK(got.counted == want.counted);
    CHECK(got.stopped_at == want.stop);
    bool breached = false;
    const auto state = reference_state(want, at, breached);
    CHECK(std::string(to_string(got.state)) == to_string(state));
    CHECK(got.breached == breached);
    if (want.target) {
        CHECK(got.due == want.due);
        const bool at_risk = (state == ClockState::running || state == ClockState::paused) &&
                             static_cast<double>(want.counted.count()) >=
                                 warn * static_cast<double>(want.target->count());
        CHECK(got.at_risk == at_risk);
    }
    // The ledger, expanded to minutes, is the reference's classification.
    std::vector<SegmentKind> minutes;
    Instant cursor = start;
    for (std::size_t i = 0; i < got.ledger.size(); ++i) {
        const auto& s = got.ledger[i];
        CHECK(s.from == cursor);
        CHECK(s.to > s.from);
        if (i > 0) {
            CHECK(got.ledger[i - 1].kind != s.kind);
        }
        for (Instant m = s.from; m < s.to; m += 1min) {
            minutes.push_back(s.kind);
        }
        cursor = s.to;
    }
    CHECK(minutes == want.minutes);
}

// ---- random tickets ----

struct Generator {
    std::mt19937_64 rng{20261127};

    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
    bool chance(int percent) { return pick(100) < percent; }
    Duration gap() {
        switch (pick(5)) {
        case 0:
            return 0min;
        case 1:
            return std::chrono::minutes{1 + pick(59)};
        case 2:
            return std::chrono::minutes{60 + pick(600)};
        default:
            return std::chrono::minutes{600 + pick(4000)};
        }
    }

    std::vector<model::Event> ticket() {
        static const Instant anchors[] = {utc(2026, 3, 24), utc(2026, 10, 20), utc(2026, 12, 20),
                                          utc(2026, 12, 5), utc(2026, 6, 1)};
        static const char* groups[] = {"helpdesk", "network", "supplier", "vendor"};
        static const char* prios[] = {"P1", "P2", "P3", "P4", "P5", "P6", "P7"};
        static const char* services[] = {"", "payroll", "field"};
        std::vector<model::Event> evs;
        auto add = [&](Instant t, std::string kind, Json detail = Json::object()) {
            model::Event e;
            e.at = t;
            itsm::model::set_kind(e, kind);
            e.detail = std::move(detail);
            evs.push_back(std::move(e));
        };
        Instant t = anchors[pick(5)] + std::chrono::minutes{pick(7 * 1440)};
        std::string prio = prios[pick(7)];
        add(t, "logged",
            {{"priority", prio}, {"service", services[pick(3)]}, {"group", groups[pick(4)]}});
        enum { open, held, resolved, closed } status = open;
        const int n = pick(12);
        for (int i = 0; i < n; ++i) {
            t += gap();
            switch (pick(9)) {
            case 0:
                if (status == open) {
                    add(t, "held", {{"reason", "wait"}});
                    status = held;
                } else if (status == held) {
                    add(t, "resumed");
                    status = open;
                }
                break;
            case 1:
            case 2:
                if (status == open || status == held) {
                    Json d{{"group", groups[pick(4)]}};
                    if (chance(40)) {
                        d["assignee"] = "bob";
                    }
                    add(t, "assigned", d);
                }
                break;
            case 3:
                if (status == open || status == held) {
                    add(t, "escalated",
                        chance(50) ? Json{{"group", groups[pick(4)]}, {"tier", 2}}
                                   : Json{{"level", 1}, {"hierarchical", true}});
                }
                break;
            case 4: {
                const std::string to = prios[pick(7)];
                add(t, "updated", {{"changes", {{"priority", {{"from", prio}, {"to", to}}}}}});
                prio = to;
                break;
            }
            case 5:
                add(t, chance(40) ? "noted" : chance(50) ? "replied" : "linked", {{"text", "x"}});
                break;
            case 6:
                if (status == open || status == held) {
                    add(t, "resolved", {{"resolution", "ok"}});
                    status = resolved;
                } else if (status == resolved) {
                    add(t, "closed", Json::object());
                    status = closed;
                }
                break;
            case 7:
                if (status == resolved || status == closed) {
                    add(t, "reopened", {{"reason", "again"}});
                    status = open;
                } else if (chance(30)) {
                    add(t, "closed", {{"resolution", "direct"}});
                    status = closed;
                }
                break;
            default:
                add(t, "updated",
                    {{"changes", {{"group", {{"from", "x"}, {"to", groups[pick(4)]}}}}}});
                break;
            }
        }
        return evs;
    }
};

} // namespace

TEST_CASE("evaluate agrees with a minute-by-minute reference on random tickets") {
    const config::Config cfg = make_config();
    std::map<std::string, Grid> grids;
    for (const auto& s : specs()) {
        grids.emplace(s.name, Grid(s));
    }
    Generator gen;
    itsm::sla::Options options;
    options.ledger = true;
    int evaluations = 0;
    std::map<std::string, int> seen; // states met, so the sequences are known to cover them
    for (int n = 0; n < 300; ++n) {
        const auto events = gen.ticket();
        const Instant start = events.front().at;
        std::vector<Instant> ats{start, start + std::chrono::minutes{gen.pick(20000)}};
        for (const auto& e : events) {
            ats.push_back(e.at);
            ats.push_back(e.at + std::chrono::minutes{1 + gen.pick(3000)});
        }
        for (int k = 0; k < 3; ++k) {
            ats.push_back(ats[static_cast<std::size_t>(gen.pick(static_cast<int>(ats.size())))]);
        }
        std::sort(ats.begin(), ats.end());
        ats.erase(std::unique(ats.begin(), ats.end()), ats.end());
        for (std::size_t k = 0; k < ats.size(); k += 1 + static_cast<std::size_t>(gen.pick(3))) {
            const Instant at = ats[k];
            CAPTURE(n);
            CAPTURE(itsm::time::to_epoch(at));
            const auto got = itsm::sla::evaluate(cfg, events, at, options);
            const auto want = reference(cfg, grids, events, at);
            CHECK(got.window == want.window);
            compare(got.response, want.response, start, at, options.warn);
            compare(got.resolve, want.resolve, start, at, options.warn);
            {
                CAPTURE("update");
                compare(got.update, want.update, want.update_start, at, options.warn);
            }
            ++seen[std::string("update ") + to_string(got.update.state)];
            const auto olas = itsm::sla::evaluate_olas(cfg, events, at, options);
            const auto want_olas = reference_olas(cfg, grids, events, at, want);
            REQUIRE(olas.size() == want_olas.size());
            for (std::size_t i = 0; i < olas.size(); ++i) {
                CAPTURE(want_olas[i].group);
                CAPTURE(want_olas[i].metric);
                CHECK(olas[i].group == want_olas[i].group);
                CHECK(olas[i].metric == want_olas[i].metric);
                CHECK(olas[i].handed_on == want_olas[i].handed_on);
                compare(olas[i].clock, want_olas[i].clock, want_olas[i].start, at, options.warn);
                ++seen["ola " + want_olas[i].metric + " " + to_string(olas[i].clock.state) +
                       (olas[i].handed_on ? " handed on" : "")];
            }
            ++evaluations;
            ++seen[std::string("response ") + to_string(got.response.state)];
            ++seen[std::string("resolve ") + to_string(got.resolve.state)];
            if (got.resolve.at_risk) {
                ++seen["resolve at risk"];
            }
        }
    }
    CHECK(evaluations > 1000);
    for (const char* s : {"response running",
                          "response met",
                          "response breached",
                          "response none",
                          "resolve running",
                          "resolve paused",
                          "resolve met",
                          "resolve breached",
                          "resolve at risk",
                          "update running",
                          "update met",
                          "update breached",
                          "update none",
                          "ola response running",
                          "ola response met",
                          "ola response breached",
                          "ola response met handed on",
                          "ola resolve running",
                          "ola resolve paused",
                          "ola resolve met",
                          "ola resolve breached",
                          "ola resolve met handed on",
                          "ola resolve breached handed on"}) {
        CAPTURE(s);
        CHECK(seen[s] > 20);
    }
}
