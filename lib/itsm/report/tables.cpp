#include <itsm/report/tables.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

namespace itsm::report {

namespace {

std::string n(long long v) {
    return std::to_string(v);
}

std::string capitalised(std::string s) {
    if (!s.empty()) {
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
    }
    return s;
}

} // namespace

std::string title_of(const Report& r) {
    return fmt::format("{} report {}", capitalised(to_string(r.period.kind)), r.period.label);
}

std::string period_text(const Report& r) {
    if (r.period.kind == Kind::daily) {
        return fmt::format("{}, {}", day_text(r.period.first_day), r.period.timezone);
    }
    return fmt::format("{} to {}, {}", day_text(r.period.first_day), day_text(r.period.last_day),
                       r.period.timezone);
}

std::string filters_text(const Filters& f) {
    std::vector<std::string> parts;
    if (!f.group.empty()) {
        parts.push_back("group " + f.group);
    }
    if (!f.service.empty()) {
        parts.push_back("service " + f.service);
    }
    if (!f.priority.empty()) {
        parts.push_back("priority " + f.priority);
    }
    if (!f.type.empty()) {
        parts.push_back("type " + f.type);
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

std::string percent_text(const std::optional<double>& p) {
    return p ? fmt::format("{:.1f}%", *p) : "n/a";
}

std::string minutes_text(const std::optional<long long>& minutes) {
    return minutes ? time::format_age(time::Duration{*minutes * 60}) : "n/a";
}

std::string name_text(const std::string& name) {
    return name.empty() ? "-" : name;
}

Table summary_table(const Report& r) {
    Table t{"Summary", {"Figure", "Value"}, {}, {1}};
    t.rows = {{"Opened", n(r.opened)},
              {"Resolved", n(r.resolved)},
              {"Closed", n(r.closed)},
              {"Backlog at start", n(r.backlog_start)},
              {"Backlog at end", n(r.backlog_end)},
              {"Response SLA met", n(r.response.met)},
              {"Response SLA breached", n(r.response.breached)},
              {"Response SLA pending", n(r.response.pending)},
              {"Response compliance", percent_text(compliance(r.response))},
              {"Resolve SLA met", n(r.resolve.met)},
              {"Resolve SLA breached", n(r.resolve.breached)},
              {"Resolve SLA pending", n(r.resolve.pending)},
              {"Resolve compliance", percent_text(compliance(r.resolve))},
              {"SLA figures count", fmt::format("{}", fmt::join(r.sla_types, ", "))}};
    return t;
}

Table times_table(const Report& r) {
    Table t{"Response and resolution times",
            {"Measure", "Tickets", "Median (working)", "90th pct (working)", "Median (wall)",
             "90th pct (wall)"},
            {},
            {1, 2, 3, 4, 5}};
    auto row = [&](const char* name, const TimeStats& s) {
        t.rows.push_back({name, n(s.working.count), minutes_text(s.working.median_minutes),
                          minutes_text(s.working.p90_minutes), minutes_text(s.wall.median_minutes),
                          minutes_text(s.wall.p90_minutes)});
    };
    row("MTTA (to respond)", r.mtta);
    row("MTTR (to resolve)", r.mttr);
    return t;
}

Table priority_table(const Report& r) {
    Table t{"By priority",
            {"Priority", "Opened", "Resolved", "Closed", "Backlog", "Resp met", "Resp breached",
             "Resp %", "Resol met", "Resol breached", "Resol %"},
            {},
            {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}};
    for (const auto& p : r.by_priority) {
        t.rows.push_back({name_text(p.priority), n(p.counts.opened), n(p.counts.resolved),
                          n(p.counts.closed), n(p.counts.backlog_end), n(p.response.met),
                          n(p.response.breached), percent_text(compliance(p.response)),
                          n(p.resolve.met), n(p.resolve.breached),
                          percent_text(compliance(p.resolve))});
    }
    return t;
}

Table named_table(const Report& r, Named which) {
    const bool services = which == Named::service;
    const auto& rows = which == Named::group ? r.by_group : services ? r.by_service : r.by_channel;
    Table t{which == Named::group ? "By group"
            : services            ? "By service"
                                  : "By channel",
            {which == Named::group ? "Group"
             : services            ? "Service"
                                   : "Channel",
             "Opened", "Resolved", "Closed", "Backlog"},
            {},
            {1, 2, 3, 4}};
    // Every group is shown; of a catalogue of dozens of services only those with tickets are
    // (the JSON report has them all). Channels are those tickets carry.
    std::size_t quiet = 0;
    for (const auto& row : rows) {
        const auto& c = row.counts;
        if (services && c.opened == 0 && c.resolved == 0 && c.closed == 0 && c.backlog_end == 0) {
            ++quiet;
            continue;
        }
        const std::string name =
            which == Named::channel && row.name.empty() ? "(none)" : name_text(row.name);
        t.rows.push_back({name, n(c.opened), n(c.resolved), n(c.closed), n(c.backlog_end)});
    }
    if (quiet > 0) {
        t.title += fmt::format(" ({} other services had no tickets)", quiet);
    }
    return t;
}

Table pending_table(const Report& r, time::Zone zone) {
    Table t{fmt::format("{} worst pending tickets", k_worst_pending),
            {"ID", "Priority", "Group", "Opened", "Age (working)", "Age (wall)", "Overrun",
             "Resolve due", "SLA", "Title"},
            {},
            {4, 5, 6}};
    for (const auto& p : r.worst_pending) {
        t.rows.push_back({p.id, name_text(p.priority), name_text(p.group),
                          time::format_local(p.opened_at, zone), minutes_text(p.age_minutes),
                          minutes_text(p.age_wall_minutes), minutes_text(p.overrun_minutes),
                          p.resolve_due ? time::format_local(*p.resolve_due, zone) : "-",
                          p.resolve_state, p.title});
    }
    return t;
}

std::string worst_by_text(const Report& r) {
    return r.worst_by == WorstBy::overrun ? "furthest past the resolve due first" : "oldest first";
}

Table escalation_table(const Report& r) {
    Table t{"Escalations", {"Kind", "Level", "To", "Count"}, {}, {3}};
    for (const auto& row : r.escalations_tier) {
        t.rows.push_back({"functional", row.level > 0 ? fmt::format("tier {}", row.level) : "-",
                          name_text(row.name), n(row.count)});
    }
    for (const auto& row : r.escalations_level) {
        t.rows.push_back(
            {"hierarchical", fmt::format("level {}", row.level), row.name, n(row.count)});
    }
    return t;
}

Table ola_table(const Report& r) {
    Table t{"OLA compliance per group",
            {"Group", "Resp met", "Resp breached", "Resp pending", "Resp %", "Resol met",
             "Resol breached", "Resol pending", "Resol %"},
            {},
            {1, 2, 3, 4, 5, 6, 7, 8}};
    for (const auto& o : r.olas) {
        t.rows.push_back({o.group, n(o.response.met), n(o.response.breached), n(o.response.pending),
                          percent_text(compliance(o.response)), n(o.resolve.met),
                          n(o.resolve.breached), n(o.resolve.pending),
                          percent_text(compliance(o.resolve))});
    }
    return t;
}

std::string uncatalogued_text(const Report& r) {
    if (r.uncatalogued.empty()) {
        return "";
    }
    return fmt::format("Tickets named services outside the catalogue: {}.",
                       fmt::join(r.uncatalogued, ", "));
}

std::string head_text(const Report& r) {
    if (!r.head) {
        return "";
    }
    return fmt::format("Audit chain head: {}; keep it, and 'itsm check --expect-head {}' shows "
                       "later that no event up to it was removed or changed.",
                       store::to_string(*r.head), store::to_string(*r.head));
}

Table availability_table(const Report& r) {
    Table t{"Availability",
            {"Service", "Window", "Target", "Achieved", "State", "Open time", "Outage",
             "In maintenance", "Downtime", "Outages", "Maintenance"},
            {},
            {2, 3, 5, 6, 7, 8, 9, 10}};
    // Services without an outage or maintenance in the period, at their target, are counted in
    // the title rather than listed (the JSON report lists them all).
    std::size_t quiet = 0;
    for (const auto& a : r.availability) {
        const auto& f = a.figures;
        if (a.outages == 0 && a.maintenance == 0 && a.state == "met") {
            ++quiet;
            continue;
        }
        std::string maintenance = n(a.maintenance);
        if (a.forced > 0) {
            maintenance += fmt::format(" ({} forced)", a.forced);
        }
        t.rows.push_back({a.service, a.window, availability::target_text(a.target),
                          availability::percent_text(f.achieved_hundredths()), a.state,
                          time::format_duration(f.window), time::format_duration(f.outage),
                          time::format_duration(f.excused), time::format_duration(f.downtime),
                          n(a.outages), maintenance});
    }
    if (quiet > 0) {
        t.title += fmt::format(": {} {}services had no outage or maintenance (100%)", quiet,
                               t.rows.empty() ? "" : "other ");
    }
    return t;
}

} // namespace itsm::report
