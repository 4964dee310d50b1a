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
#include <itsm/sla/ola.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <span>

namespace itsm::report::internal {

using time::Instant;

namespace {

long long epoch(Instant t) {
    return time::to_epoch(t);
}

} // namespace

store::ReportFilter store_filter(const Filters& filters) {
    return {filters.group, filters.service, filters.priority, filters.type};
}

void fill_series(store::Reports& db, Report& r, const Filters& filters, time::Zone zone) {
    const auto f = store_filter(filters);
    const auto opened = db.instants(store::Milestone::opened, r.period.start, r.as_of, f);
    const auto resolved = db.instants(store::Milestone::resolved, r.period.start, r.as_of, f);
    const auto closed = db.instants(store::Milestone::closed, r.period.start, r.as_of, f);
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

bool within(const std::optional<Instant>& t, Instant from, Instant until) {
    return t && *t >= from && *t < until;
}

// One ticket of the period: counted for what happened to it in the period, its SLA columns if
// opened in it, its MTTA and MTTR samples if its response or resolution falls in it (when its
// type counts in the SLA figures: `sla`).
void evaluate_one(const config::Config& config, const store::PeriodTicket& t, bool sla, bool olas,
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
    if ((!opened && !responded && !resolved) || !sla) {
        return; // only closed in the period, or not measured: no clock to look at
    }
    const auto e = sla::evaluate(config, events, until);
    if (opened) {
        auto& [response, resolve] = pass.by_priority[t.keys.priority];
        classify(e.response, response);
        classify(e.resolve, resolve);
        for (const auto& ola :
             olas ? sla::evaluate_olas(config, events, until) : std::vector<sla::OlaClock>{}) {
            auto& [ola_response, ola_resolve] = pass.olas[ola.group];
            classify(ola.clock, ola.metric == "response" ? ola_response : ola_resolve);
        }
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

PeriodPass period_pass(store::Reports& db, const config::Config& config, Instant from,
                       Instant until, const Filters& filters,
                       const std::vector<std::string>& sla_types) {
    PeriodPass pass;
    const bool olas = sla::has_olas(config);
    db.period_tickets(from, until, store_filter(filters), detail_needed,
                      [&](const store::PeriodTicket& t, std::span<const model::Event> events) {
                          evaluate_one(config, t, counts_for_sla(sla_types, t.type), olas, events,
                                       from, until, pass);
                      });
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
    std::vector<PendingCandidate> kept; // by age: a max-heap by opened_earlier
    store.reports().open_tickets(at, store_filter(filters), [&](const store::OpenTicket& t) {
        backlog.add(t.keys, &Counts::backlog_end);
        if (!counts_for_sla(sla_types, t.type)) {
            return;
        }
        PendingCandidate cand{epoch(t.opened_at), t.number, -1};
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
    });
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
        p.age_minutes = config.policy_at(t->opened_at)
                            .window_for(t->priority, t->service)
                            .between(t->opened_at, at)
                            .count() /
                        60;
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

void count_escalations(store::Reports& db, const config::Config& config, Report& r,
                       const Filters& filters) {
    std::map<int, EscalationRow> tiers, levels;
    db.escalations(r.period.start, r.as_of, store_filter(filters), [&](const nlohmann::json& d) {
        namespace key = model::key;
        const bool hierarchical = d.value(key::hierarchical, false);
        const int level = d.value(hierarchical ? key::level : key::tier, 0);
        auto& row = (hierarchical ? levels : tiers)[level];
        row.level = level;
        const std::string name = d.value(hierarchical ? key::to : key::group, std::string());
        if (hierarchical && row.name.empty()) {
            row.name = level >= 1 && level <= static_cast<int>(config.chain.size())
                           ? config.chain[static_cast<std::size_t>(level - 1)].name
                           : name;
        } else if (!hierarchical &&
                   (", " + row.name + ", ").find(", " + name + ", ") == std::string::npos) {
            row.name += (row.name.empty() ? "" : ", ") + name;
        }
        ++row.count;
    });
    for (auto& [level, row] : tiers) {
        r.escalations_tier.push_back(std::move(row));
    }
    for (auto& [level, row] : levels) {
        r.escalations_level.push_back(std::move(row));
    }
}

} // namespace itsm::report::internal
