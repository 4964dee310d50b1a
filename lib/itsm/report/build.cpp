// A report from the two passes of passes.cpp: checked filters, rows in configuration order,
// totals, percentiles and compliance.
#include <itsm/core/error.hpp>
#include <itsm/core/suggest.hpp>
#include <itsm/report/passes.hpp>
#include <itsm/report/report.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace itsm::report {

using time::Instant;

std::optional<double> compliance(const SlaCounts& c) {
    const long long decided = c.met + c.breached;
    if (decided == 0) {
        return std::nullopt;
    }
    const double percent = 100.0 * static_cast<double>(c.met) / static_cast<double>(decided);
    return std::round(percent * 10.0) / 10.0;
}

std::optional<long long> percentile_minutes(std::vector<long long>& seconds, double p) {
    if (seconds.empty()) {
        return std::nullopt;
    }
    std::sort(seconds.begin(), seconds.end());
    const double rank = (static_cast<double>(seconds.size()) - 1.0) * p / 100.0;
    const auto low = static_cast<std::size_t>(std::floor(rank));
    const std::size_t high = std::min(low + 1, seconds.size() - 1);
    const double value =
        static_cast<double>(seconds[low]) +
        (rank - static_cast<double>(low)) * static_cast<double>(seconds[high] - seconds[low]);
    return std::llround(value / 60.0);
}

namespace {

void add(SlaCounts& to, const SlaCounts& from) {
    to.met += from.met;
    to.breached += from.breached;
    to.pending += from.pending;
    to.none += from.none;
}

bool any(const Counts& c) {
    return c.opened || c.resolved || c.closed || c.backlog_end;
}

// Rows for the configured names in order, then any other name with a figure, by name.
std::vector<NamedRow> rows(const std::vector<std::string>& configured,
                           const std::map<std::string, Counts>& figures, const std::string& only) {
    std::vector<NamedRow> out;
    auto get = [&](const std::string& name) {
        const auto it = figures.find(name);
        return it == figures.end() ? Counts{} : it->second;
    };
    if (!only.empty()) {
        out.push_back({only, get(only)});
        return out;
    }
    for (const auto& name : configured) {
        out.push_back({name, get(name)});
    }
    for (const auto& [name, counts] : figures) {
        if (std::find(configured.begin(), configured.end(), name) == configured.end() &&
            any(counts)) {
            out.push_back({name, counts});
        }
    }
    return out;
}

// A filter value must name something the configuration or some ticket knows: a typo would
// otherwise give a report of zeros that looks true.
void check_filter(store::Reports& db, const char* option, store::ReportKey key,
                  const std::string& value, const std::vector<std::string>& configured) {
    if (value.empty() ||
        std::find(configured.begin(), configured.end(), value) != configured.end()) {
        return;
    }
    if (db.ticket_uses(key, value)) {
        return;
    }
    throw UsageError(fmt::format(
        "{} \"{}\" is neither configured nor used by any ticket{}; the "
        "configured ones are {}",
        option, value, did_you_mean(value, configured),
        configured.empty() ? std::string("none") : fmt::format("{}", fmt::join(configured, ", "))));
}

} // namespace

Report build(store::Store& store, const config::Config& config, const Period& period,
             const Filters& filters, Instant now, WorstBy worst_by) {
    auto& db = store.reports();
    std::vector<std::string> priorities, groups, services;
    for (const auto& p : config.priorities) {
        priorities.push_back(p.id);
    }
    for (const auto& g : config.groups) {
        groups.push_back(g.name);
    }
    for (const auto& [id, s] : config.services) {
        services.push_back(id);
    }
    check_filter(db, "--priority", store::ReportKey::priority, filters.priority, priorities);
    check_filter(db, "--group", store::ReportKey::group, filters.group, groups);
    check_filter(db, "--service", store::ReportKey::service, filters.service, services);

    Report r;
    r.period = period;
    r.filters = filters;
    r.as_of = std::min(period.end, now);
    r.partial = now < period.end;
    r.worst_by = worst_by;
    r.sla_types = filters.type.empty() ? std::vector<std::string>{"incident", "request"}
                                       : std::vector<std::string>{filters.type};

    // One read: every figure comes from the same snapshot of the store.
    const auto snapshot = db.snapshot();
    auto pass = internal::period_pass(db, config, period.start, r.as_of, filters, r.sla_types);
    internal::Breakdown& b = pass.counts;
    r.worst_pending =
        internal::open_pass(store, config, r.as_of, filters, b, r.sla_types, worst_by);
    internal::count_escalations(db, config, r, filters);
    r.availability = availability::measure(store, config, period.start, r.as_of,
                                           availability::Scope::reportable, filters.service);
    r.opened = b.total.opened;
    r.resolved = b.total.resolved;
    r.closed = b.total.closed;
    r.backlog_end = b.total.backlog_end;
    // Open at the start = open at the end, less those opened since, plus those resolved since
    // (a ticket is resolved after it is opened; reopening clears resolved_at).
    r.backlog_start = r.backlog_end - r.opened + r.resolved;
    r.mtta = {pass.response.working_stats(), pass.response.wall_stats()};
    r.mttr = {pass.resolve.working_stats(), pass.resolve.wall_stats()};

    for (const auto& row : rows(priorities, b.priority, filters.priority)) {
        PriorityRow p{row.name, row.counts, {}, {}};
        if (const auto it = pass.by_priority.find(row.name); it != pass.by_priority.end()) {
            p.response = it->second.first;
            p.resolve = it->second.second;
        }
        add(r.response, p.response);
        add(r.resolve, p.resolve);
        r.by_priority.push_back(std::move(p));
    }
    r.by_group = rows(groups, b.group, filters.group);
    r.by_service = rows(services, b.service, filters.service);
    r.by_channel = rows({}, b.channel, "");
    // Tickets without a channel come after the named ones.
    std::stable_partition(r.by_channel.begin(), r.by_channel.end(),
                          [](const NamedRow& row) { return !row.name.empty(); });
    for (const auto& row : r.by_service) {
        if (!config.services.empty() && !row.name.empty() && !config.find_service(row.name)) {
            r.uncatalogued.push_back(row.name);
        }
    }
    for (const auto& g : config.groups) {
        if (!g.ola.empty()) {
            OlaRow row{g.name, {}, {}};
            if (const auto it = pass.olas.find(g.name); it != pass.olas.end()) {
                row.response = it->second.first;
                row.resolve = it->second.second;
            }
            r.olas.push_back(std::move(row));
        }
    }
    internal::fill_series(db, r, filters, config.zone);
    if (period.kind == Kind::daily) {
        r.head = db.chain_head();
    }
    snapshot->end();
    return r;
}

} // namespace itsm::report
