// Builds a period report in two passes over indexed ranges of the tickets table, never over
// the whole history:
//  - the tickets opened, responded to, resolved or closed in the period, with their events:
//    the counts per priority, group, service and channel, the SLA columns, MTTA and MTTR;
//  - the tickets open at the period's end (resolved_at empty or later): the backlog per
//    priority, group, service and channel, and the candidates for the worst pending.
// The backlog at the start follows from those (see Report::backlog_start).
#include <itsm/desk/desk.hpp>
#include <itsm/model/detail.hpp>
#include <itsm/report/passes.hpp>
#include <itsm/sla/clock.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <span>

namespace itsm::report::detail {

using time::Instant;

namespace {

long long epoch(Instant t) {
    return time::to_epoch(t);
}

// The filters as " AND column = ?" clauses; values are bound, never concatenated.
struct Clause {
    std::string sql;
    std::vector<std::string> values;
};

Clause clause_of(const Filters& f, const char* prefix) {
    Clause c;
    auto add = [&](const std::string& value, const char* column) {
        if (!value.empty()) {
            c.sql += fmt::format(" AND {}{} = ?", prefix, column);
            c.values.push_back(value);
        }
    };
    add(f.group, "grp");
    add(f.service, "service");
    add(f.priority, "priority");
    add(f.type, "type");
    return c;
}

// Binds `times` then the filter values, from parameter 1.
void bind(SQLite::Statement& q, std::initializer_list<Instant> times, const Clause& c) {
    int i = 1;
    for (const auto t : times) {
        q.bind(i++, static_cast<int64_t>(epoch(t)));
    }
    for (const auto& v : c.values) {
        q.bind(i++, v);
    }
}

// "Open at T": logged before T and not resolved (nor closed, which implies resolved) before
// T. Written as two ranges of the resolved_at index so that only the tickets open now or
// resolved since T are visited, not the whole history.
std::string open_at_sql(const char* columns, const Clause& c, const char* tail) {
    return fmt::format("SELECT {0} FROM tickets WHERE resolved_at IS NULL AND opened_at < ?{1}{2} "
                       "UNION ALL "
                       "SELECT {0} FROM tickets WHERE resolved_at >= ? AND opened_at < ?{1}{2}",
                       columns, c.sql, tail);
}

void bind_open_at(SQLite::Statement& q, Instant t, const Clause& c) {
    int i = 1;
    for (int part = 0; part < 2; ++part) {
        if (part == 1) {
            q.bind(i++, static_cast<int64_t>(epoch(t)));
        }
        q.bind(i++, static_cast<int64_t>(epoch(t)));
        for (const auto& v : c.values) {
            q.bind(i++, v);
        }
    }
}

// Sorted instants of `column` in [from, until), for the series.
std::vector<long long> instants_in(SQLite::Database& db, const char* column, Instant from,
                                   Instant until, const Clause& c) {
    SQLite::Statement q(db, fmt::format("SELECT {0} FROM tickets WHERE {0} >= ? AND {0} < ?{1} "
                                        "ORDER BY {0}",
                                        column, c.sql));
    bind(q, {from, until}, c);
    std::vector<long long> out;
    while (q.executeStep()) {
        out.push_back(q.getColumn(0).getInt64());
    }
    return out;
}

} // namespace

void fill_series(SQLite::Database& db, Report& r, const Filters& filters, time::Zone zone) {
    const Clause c = clause_of(filters, "");
    const auto opened = instants_in(db, "opened_at", r.period.start, r.as_of, c);
    const auto resolved = instants_in(db, "resolved_at", r.period.start, r.as_of, c);
    const auto closed = instants_in(db, "closed_at", r.period.start, r.as_of, c);
    std::size_t io = 0, ir = 0, ic = 0;
    long long backlog = r.backlog_start;
    auto take = [](const std::vector<long long>& v, std::size_t& i, long long until) {
        long long n = 0;
        for (; i < v.size() && v[i] < until; ++i) {
            ++n;
        }
        return n;
    };
    r.series_unit = r.period.kind == Kind::daily ? "hour" : "day";
    for (const auto& slot : slots_of(r.period, zone)) {
        if (slot.start >= r.as_of) {
            break;
        }
        Point p;
        p.slot = slot;
        const long long until = epoch(std::min(slot.end, r.as_of));
        p.opened = take(opened, io, until);
        p.resolved = take(resolved, ir, until);
        p.closed = take(closed, ic, until);
        backlog += p.opened - p.resolved;
        p.backlog_end = backlog;
        r.series.push_back(std::move(p));
    }
}

namespace {

// The event kinds whose detail the SLA clocks read; the others' detail is not parsed.
bool detail_needed(model::EventKind kind) {
    using K = model::EventKind;
    return kind == K::logged || kind == K::assigned || kind == K::escalated || kind == K::updated;
}

void classify(const sla::Clock& clock, SlaCounts& counts) {
    switch (clock.state) {
    case sla::ClockState::met:
        ++counts.met;
        break;
    case sla::ClockState::breached:
        ++counts.breached;
        break;
    case sla::ClockState::running:
    case sla::ClockState::paused:
        ++counts.pending;
        break;
    case sla::ClockState::none:
        ++counts.none;
        break;
    }
}

// One ticket of the period: counted for what happened to it in the period, its SLA columns if
// opened in it, its MTTA and MTTR samples if its response or resolution falls in it.
struct TicketFacts {
    long long number = 0;
    bool sla = true; // its type counts in the SLA figures
    Keys keys;
    Instant opened_at;
    std::optional<Instant> responded_at, resolved_at, closed_at;
};

bool within(const std::optional<Instant>& t, Instant from, Instant until) {
    return t && *t >= from && *t < until;
}

void evaluate_one(const config::Config& config, const TicketFacts& t,
                  std::span<const model::Event> events, Instant from, Instant until,
                  PeriodPass& pass) {
    const bool opened = t.opened_at >= from && t.opened_at < until;
    const bool responded = within(t.responded_at, from, until);
    const bool resolved = within(t.resolved_at, from, until);
    if (opened) {
        pass.counts.add(t.keys, &Counts::opened);
    }
    if (resolved) {
        pass.counts.add(t.keys, &Counts::resolved);
    }
    if (within(t.closed_at, from, until)) {
        pass.counts.add(t.keys, &Counts::closed);
    }
    if ((!opened && !responded && !resolved) || !t.sla) {
        return; // only closed in the period, or not measured: no clock to look at
    }
    const auto e = sla::evaluate(config, events, until);
    if (opened) {
        auto& [response, resolve] = pass.by_priority[t.keys.priority];
        classify(e.response, response);
        classify(e.resolve, resolve);
    }
    if (responded && within(e.response.stopped_at, from, until)) {
        pass.response.working.push_back(e.response.counted.count());
        pass.response.wall.push_back((*e.response.stopped_at - t.opened_at).count());
    }
    if (resolved && within(e.resolve.stopped_at, from, until)) {
        pass.resolve.working.push_back(e.resolve.counted.count());
        pass.resolve.wall.push_back((*e.resolve.stopped_at - t.opened_at).count());
    }
}

} // namespace

// The tickets opened, responded to, resolved or closed in [from, until), with their events up
// to `until`: each is looked up once, through the four indexes.
bool counts_for_sla(const std::vector<std::string>& sla_types, std::string_view type) {
    return std::find(sla_types.begin(), sla_types.end(), type) != sla_types.end();
}

PeriodPass period_pass(SQLite::Database& db, const config::Config& config, Instant from,
                       Instant until, const Filters& filters,
                       const std::vector<std::string>& sla_types) {
    const Clause c = clause_of(filters, "t.");
    SQLite::Statement q(
        db, "SELECT t.number, t.priority, t.grp, t.service, t.opened_at, t.responded_at, "
            "t.resolved_at, t.closed_at, e.at, e.actor, e.kind, e.detail, t.type, t.channel "
            "FROM tickets t "
            "JOIN "
            "events e ON e.ticket = t.number WHERE ((t.opened_at >= ? AND t.opened_at < ?) OR "
            "(t.responded_at >= ? AND t.responded_at < ?) OR (t.resolved_at >= ? AND "
            "t.resolved_at < ?) OR (t.closed_at >= ? AND t.closed_at < ?)) AND e.at <= ?" +
                c.sql + " ORDER BY t.number, e.id");
    bind(q, {from, until, from, until, from, until, from, until, until}, c);
    PeriodPass pass;
    TicketFacts current;
    std::vector<model::Event> events;
    std::size_t used = 0;
    auto flush = [&] {
        if (used > 0) {
            evaluate_one(config, current, std::span<const model::Event>(events.data(), used), from,
                         until, pass);
        }
        used = 0;
    };
    while (q.executeStep()) {
        const long long number = q.getColumn(0).getInt64();
        if (number != current.number || used == 0) {
            flush();
            current.number = number;
            current.keys = {q.getColumn(1).getString(), q.getColumn(2).getString(),
                            q.getColumn(3).getString(), q.getColumn(13).getString()};
            current.opened_at = time::from_epoch(q.getColumn(4).getInt64());
            current.responded_at = store::optional_instant(q.getColumn(5));
            current.resolved_at = store::optional_instant(q.getColumn(6));
            current.closed_at = store::optional_instant(q.getColumn(7));
            current.sla = counts_for_sla(sla_types, q.getColumn(12).getText());
        }
        if (used == events.size()) {
            events.emplace_back();
        }
        model::Event& e = events[used++];
        e.ticket = number;
        e.at = time::from_epoch(q.getColumn(8).getInt64());
        e.actor = q.getColumn(9).getString();
        model::set_kind(e, q.getColumn(10).getString());
        if (detail_needed(e.kind)) {
            const SQLite::Column detail = q.getColumn(11);
            e.detail = model::parse_detail(
                std::string_view(detail.getText(), static_cast<std::size_t>(detail.getBytes())));
        } else {
            e.detail = nlohmann::json::object();
        }
    }
    flush();
    return pass;
}

namespace {

// One open ticket of an SLA type, a candidate for the worst pending.
struct PendingCandidate {
    long long opened = 0;
    long long number = 0;
    long long overrun = -1; // seconds past the resolve due; -1 without a target
};

bool opened_earlier(const PendingCandidate& a, const PendingCandidate& b) {
    return std::tie(a.opened, a.number) < std::tie(b.opened, b.number);
}

// Seconds past the resolve due at `at` (0 when not due yet), -1 without a resolve target.
long long overrun_of(const sla::Evaluation& e, Instant at) {
    if (!e.resolve.due) {
        return -1;
    }
    const Instant end = e.resolve.stopped_at ? *e.resolve.stopped_at : at;
    return std::max<long long>(0, (end - *e.resolve.due).count());
}

} // namespace

// The tickets open at `at`: counted into `backlog`, and the worst ten of the SLA types
// returned. By age they are the ten opened earliest: a heap keeps them and no other ticket is
// evaluated. By overrun every candidate's resolve clock is evaluated.
std::vector<Pending> open_pass(store::Store& store, const config::Config& config, Instant at,
                               const Filters& filters, Breakdown& backlog,
                               const std::vector<std::string>& sla_types, WorstBy worst_by) {
    const Clause c = clause_of(filters, "");
    SQLite::Statement q(
        store.db(), open_at_sql("number, opened_at, priority, service, grp, type, channel", c, ""));
    bind_open_at(q, at, c);
    std::vector<PendingCandidate> kept; // by age: a max-heap by opened_earlier
    while (q.executeStep()) {
        backlog.add({q.getColumn(2).getString(), q.getColumn(4).getString(),
                     q.getColumn(3).getString(), q.getColumn(6).getString()},
                    &Counts::backlog_end);
        if (!counts_for_sla(sla_types, q.getColumn(5).getText())) {
            continue;
        }
        PendingCandidate cand{q.getColumn(1).getInt64(), q.getColumn(0).getInt64(), -1};
        if (worst_by == WorstBy::overrun) {
            kept.push_back(cand);
        } else if (kept.size() < k_worst_pending) {
            kept.push_back(cand);
            std::push_heap(kept.begin(), kept.end(), opened_earlier);
        } else if (opened_earlier(cand, kept.front())) {
            std::pop_heap(kept.begin(), kept.end(), opened_earlier);
            kept.back() = cand;
            std::push_heap(kept.begin(), kept.end(), opened_earlier);
        }
    }
    std::map<long long, sla::Evaluation> evaluated;
    auto evaluation = [&](long long number) -> const sla::Evaluation& {
        auto it = evaluated.find(number);
        if (it == evaluated.end()) {
            it =
                evaluated.emplace(number, sla::evaluate(config, store.events_of(number), at)).first;
        }
        return it->second;
    };
    if (worst_by == WorstBy::overrun) {
        for (auto& cand : kept) {
            cand.overrun = overrun_of(evaluation(cand.number), at);
        }
        std::sort(kept.begin(), kept.end(),
                  [](const PendingCandidate& a, const PendingCandidate& b) {
                      return a.overrun != b.overrun ? a.overrun > b.overrun : opened_earlier(a, b);
                  });
    } else {
        std::sort(kept.begin(), kept.end(), opened_earlier);
    }
    if (kept.size() > k_worst_pending) {
        kept.resize(k_worst_pending);
    }
    std::vector<Pending> out;
    for (const auto& cand : kept) {
        const auto t = store.find_ticket(cand.number);
        if (!t) {
            continue;
        }
        const auto& e = evaluation(t->number);
        Pending p;
        p.number = t->number;
        p.id = desk::display_id(config, *t);
        p.title = t->title;
        p.priority = t->priority;
        p.service = t->service;
        p.group = t->group;
        p.assignee = t->assignee;
        p.opened_at = t->opened_at;
        p.age_minutes =
            config.window_for(t->priority, t->service).between(t->opened_at, at).count() / 60;
        p.age_wall_minutes = (at - t->opened_at).count() / 60;
        if (const auto overrun = overrun_of(e, at); overrun >= 0) {
            p.overrun_minutes = overrun / 60;
        }
        p.resolve_due = e.resolve.due;
        p.resolve_state = sla::to_string(e.resolve.state);
        p.resolve_breached = e.resolve.breached;
        out.push_back(std::move(p));
    }
    return out;
}

void count_escalations(SQLite::Database& db, const config::Config& config, Report& r,
                       const Filters& filters) {
    const Clause c = clause_of(filters, "t.");
    SQLite::Statement q(db, "SELECT e.detail FROM events e JOIN tickets t ON t.number = e.ticket "
                            "WHERE e.kind = 'escalated' AND e.at >= ? AND e.at < ?" +
                                c.sql + " ORDER BY e.id");
    bind(q, {r.period.start, r.as_of}, c);
    std::map<int, EscalationRow> tiers, levels;
    while (q.executeStep()) {
        const auto d = model::parse_detail(q.getColumn(0).getText());
        const bool hierarchical = d.value("hierarchical", false);
        const int level = d.value(hierarchical ? "level" : "tier", 0);
        auto& row = (hierarchical ? levels : tiers)[level];
        row.level = level;
        const std::string name = d.value(hierarchical ? "to" : "group", std::string());
        if (hierarchical && row.name.empty()) {
            row.name = level >= 1 && level <= static_cast<int>(config.chain.size())
                           ? config.chain[static_cast<std::size_t>(level - 1)].name
                           : name;
        } else if (!hierarchical &&
                   (", " + row.name + ", ").find(", " + name + ", ") == std::string::npos) {
            row.name += (row.name.empty() ? "" : ", ") + name;
        }
        ++row.count;
    }
    for (auto& [level, row] : tiers) {
        r.escalations_tier.push_back(std::move(row));
    }
    for (auto& [level, row] : levels) {
        r.escalations_level.push_back(std::move(row));
    }
}

} // namespace itsm::report::detail
