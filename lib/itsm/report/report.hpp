#pragma once
// Period reports (docs/reports.md): counts, backlog, SLA compliance, response and resolution times,
// breakdowns per priority, group, service and channel, and the worst pending tickets. Counting is
// done in SQL; only the tickets that need an SLA evaluation have their events read
// (docs/reports.md).

#include <itsm/availability/measure.hpp>
#include <itsm/config/config.hpp>
#include <itsm/report/period.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/store/store.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::report {

/// Which tickets a report covers; empty fields do not filter. They match the tickets' current
/// group, service and priority.
struct Filters {
    std::string group;
    std::string service;
    std::string priority;
    std::string type; // a record type; "" = every type
};

/// How the worst pending tickets are ranked: oldest first (wall-clock age), or furthest past
/// their resolve due.
enum class WorstBy { age, overrun };

/// Tickets counted by what happened in the period, and the backlog at its end.
struct Counts {
    long long opened = 0;
    long long resolved = 0;
    long long closed = 0;
    long long backlog_end = 0;
};

/// The outcome of one SLA clock over the tickets opened in the period, at the period's end.
struct SlaCounts {
    long long met = 0;      // stopped at or before due
    long long breached = 0; // stopped after due, or still running past due
    long long pending = 0;  // still running (or paused), not yet due
    long long none = 0;     // the priority has no such target
};

/// Percentage met of the decided clocks (met + breached), one decimal; nullopt when none is
/// decided (never 0% or 100% of nothing).
std::optional<double> compliance(const SlaCounts& counts);

/// Median and 90th percentile of a set of durations, in whole minutes.
struct Percentiles {
    long long count = 0;
    std::optional<long long> median_minutes;
    std::optional<long long> p90_minutes;
};

/// The p-th percentile (0..100) of `seconds` by linear interpolation between closest ranks,
/// rounded to whole minutes; nullopt for an empty set. Sorts `seconds`.
std::optional<long long> percentile_minutes(std::vector<long long>& seconds, double p);

/// Time to respond (MTTA) or to resolve (MTTR), in working time of the ticket's window (the SLA
/// clock's counted time, pauses excluded) and in wall-clock time.
struct TimeStats {
    Percentiles working;
    Percentiles wall;
};

struct PriorityRow {
    std::string priority;
    Counts counts;
    SlaCounts response;
    SlaCounts resolve;
};

struct NamedRow {
    std::string name; // group, service or channel; "" for tickets without one
    Counts counts;
};

/// OLA compliance of one group over the tickets opened in the period (docs/sla.md, "OLAs"): its
/// OLA clocks at the period's end, of the tickets that entered it.
struct OlaRow {
    std::string group;
    SlaCounts response;
    SlaCounts resolve;
};

/// A ticket open at the period's end.
struct Pending {
    long long number = 0;
    std::string id;
    std::string title;
    std::string priority;
    std::string service;
    std::string group;
    std::string assignee;
    time::Instant opened_at;
    long long age_minutes = 0;      // working time on its window from opening to the end
    long long age_wall_minutes = 0; // wall-clock time from opening to the end
    // wall-clock time past the resolve due at the end (0 when not due yet); none without a target
    std::optional<long long> overrun_minutes;
    std::optional<time::Instant> resolve_due;
    std::string resolve_state; // sla::to_string of the resolve clock at the end
    bool resolve_breached = false;
};

/// Escalations made in the period: functional ones per tier reached, hierarchical ones per
/// level reached.
struct EscalationRow {
    int level = 0;    // the tier or the chain level (1 = first)
    std::string name; // the groups of that tier, or the chain level's name
    long long count = 0;
};

/// One bucket of the series the charts draw.
struct Point {
    Slot slot;
    long long opened = 0;
    long long resolved = 0;
    long long closed = 0;
    long long backlog_end = 0; // open at the bucket's end
};

struct Report {
    Period period;
    time::Instant as_of;  // when figures are evaluated: the period's end, or now if earlier
    bool partial = false; // the period has not ended yet
    Filters filters;

    // Tickets opened, resolved (resolved_at) and closed (closed_at) in [period.start, as_of).
    // A reopened ticket has lost its resolved_at and closed_at: it counts as resolved when it is
    // resolved again, and as open meanwhile, even in reports of past periods.
    long long opened = 0;
    long long resolved = 0;
    long long closed = 0;
    // Tickets open (not resolved) at the period's start and at as_of. backlog_start is
    // backlog_end - opened + resolved: a ticket is resolved after it is opened.
    long long backlog_start = 0;
    long long backlog_end = 0;

    SlaCounts response; // over the tickets opened in the period
    SlaCounts resolve;
    TimeStats mtta; // tickets first responded to in the period
    TimeStats mttr; // tickets resolved in the period

    std::vector<PriorityRow> by_priority; // configured rank order, then others by name
    std::vector<NamedRow> by_group;       // configured order, then others by name
    std::vector<NamedRow> by_service;
    std::vector<NamedRow> by_channel;   // the channels tickets carry, by name; "" (none) last
    std::vector<Pending> worst_pending; // at most 10, ranked by worst_by
    WorstBy worst_by = WorstBy::age;
    // The record types the SLA figures (compliance, MTTA, MTTR) and the worst pending count:
    // the type filter, else incidents and requests.
    std::vector<std::string> sla_types;
    std::vector<EscalationRow> escalations_tier;
    std::vector<EscalationRow> escalations_level;
    // OLA compliance per group with an OLA, in configured order; empty (and left out of every
    // format) when no group has one.
    std::vector<OlaRow> olas;

    // Availability of the catalogue's services over [period.start, as_of): those with a target
    // and those that had an outage (docs/availability.md); one service with a service filter.
    std::vector<availability::ServiceFigures> availability;
    // Services tickets of the period name that are not in the catalogue (allow_uncatalogued);
    // empty without a catalogue.
    std::vector<std::string> uncatalogued;

    // The store's audit chain head when the report was made, daily reports only: mailed each
    // day, `itsm check --expect-head` shows later that nothing before it was removed
    // (docs/security.md).
    std::optional<store::ChainHead> head;

    std::string series_unit; // "hour" (daily) or "day"
    std::vector<Point> series;
};

/// How many tickets worst_pending lists.
constexpr std::size_t k_worst_pending = 10;

/// Builds the report of `period` as known at `now` (a period not over yet is evaluated at
/// `now` and marked partial). Throws UsageError for a filter naming a priority, group or
/// service that neither the configuration nor any ticket knows.
Report build(store::Store& store, const config::Config& config, const Period& period,
             const Filters& filters, time::Instant now, WorstBy worst_by = WorstBy::age);

/// The JSON document of docs/reports.md.
nlohmann::json to_json(const Report& report);

/// Aligned tables for people; instants in `zone`; ANSI bold and red only when `color`.
std::string to_text(const Report& report, time::Zone zone, bool color, std::size_t width);

/// One CSV table per section; every row starts with its section's name.
std::string to_csv(const Report& report);

/// A Markdown document (GitHub-flavoured tables).
std::string to_markdown(const Report& report, time::Zone zone);

/// One self-contained HTML page with inline CSS and SVG charts, no external assets.
std::string to_html(const Report& report, time::Zone zone);

} // namespace itsm::report
