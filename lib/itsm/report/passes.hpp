#pragma once
// The two passes of a report over the store (see build.cpp): internal to lib/itsm/report.

#include <itsm/config/config.hpp>
#include <itsm/report/report.hpp>
#include <itsm/store/reports.hpp>
#include <itsm/store/store.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace itsm::report::internal {

// A ticket's current priority, group, service and channel: what the figures are broken down by.
using Keys = store::ReportKeys;

/// The filters as the store reads them.
store::ReportFilter store_filter(const Filters& filters);

// Figures per priority, group, service and channel.
struct Breakdown {
    std::map<std::string, Counts> priority, group, service, channel;
    Counts total;
    void add(const Keys& k, long long Counts::*field) {
        ++(priority[k.priority].*field);
        ++(group[k.group].*field);
        ++(service[k.service].*field);
        ++(channel[k.channel].*field);
        ++(total.*field);
    }
};

/// Durations (seconds) for MTTA or MTTR, in working and in wall-clock time.
struct Samples {
    std::vector<long long> working, wall;
    Percentiles working_stats() { return stats(working); }
    Percentiles wall_stats() { return stats(wall); }
    static Percentiles stats(std::vector<long long>& v) {
        Percentiles p;
        p.count = static_cast<long long>(v.size());
        p.median_minutes = percentile_minutes(v, 50);
        p.p90_minutes = percentile_minutes(v, 90);
        return p;
    }
};

/// What the pass over the period's tickets found.
struct PeriodPass {
    Breakdown counts;                                                   // opened, resolved, closed
    std::map<std::string, std::pair<SlaCounts, SlaCounts>> by_priority; // response, resolve
    Samples response, resolve;
    std::map<std::string, std::pair<SlaCounts, SlaCounts>> olas; // group -> response, resolve
};

/// True when a ticket of `type` counts in the SLA figures of a report over `sla_types`.
bool counts_for_sla(const std::vector<std::string>& sla_types, std::string_view type);

/// The tickets opened, responded to, resolved or closed in [from, until), with their events;
/// SLA columns and samples only for the `sla_types`.
PeriodPass period_pass(store::Reports& db, const config::Config& config, time::Instant from,
                       time::Instant until, const Filters& filters,
                       const std::vector<std::string>& sla_types);

/// The tickets open at `at`: counted into `backlog`; returns the worst pending of the
/// `sla_types`, ranked by `worst_by`.
std::vector<Pending> open_pass(store::Store& store, const config::Config& config, time::Instant at,
                               const Filters& filters, Breakdown& backlog,
                               const std::vector<std::string>& sla_types, WorstBy worst_by);

/// The escalations recorded in [from, until) on the tickets the filters select, per tier and
/// per chain level (r.escalations_tier, r.escalations_level).
void count_escalations(store::Reports& db, const config::Config& config, Report& r,
                       const Filters& filters);

/// The series of the report's period up to r.as_of, from r.backlog_start on.
void fill_series(store::Reports& db, Report& r, const Filters& filters, time::Zone zone);

} // namespace itsm::report::internal
