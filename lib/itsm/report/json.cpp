// The report as JSON and as CSV (docs/reports.md): the machine-readable formats.
#include <itsm/render/table.hpp>
#include <itsm/report/report.hpp>

#include <fmt/format.h>

namespace itsm::report {

using nlohmann::json;

namespace {

json or_null(const std::optional<double>& v) {
    return v ? json(*v) : json(nullptr);
}
json or_null(const std::optional<long long>& v) {
    return v ? json(*v) : json(nullptr);
}
json or_null(const std::string& v) {
    return v.empty() ? json(nullptr) : json(v);
}

json sla_json(const SlaCounts& c) {
    return {{"met", c.met},
            {"breached", c.breached},
            {"pending", c.pending},
            {"no_target", c.none},
            {"compliance_percent", or_null(compliance(c))}};
}

json times_json(const TimeStats& s) {
    return {{"count", s.working.count},
            {"working",
             {{"median_minutes", or_null(s.working.median_minutes)},
              {"p90_minutes", or_null(s.working.p90_minutes)}}},
            {"wall",
             {{"median_minutes", or_null(s.wall.median_minutes)},
              {"p90_minutes", or_null(s.wall.p90_minutes)}}}};
}

json named_json(const std::vector<NamedRow>& rows, const char* key) {
    json out = json::array();
    for (const auto& r : rows) {
        out.push_back({{key, r.name},
                       {"opened", r.counts.opened},
                       {"resolved", r.counts.resolved},
                       {"closed", r.counts.closed},
                       {"backlog_end", r.counts.backlog_end}});
    }
    return out;
}

std::string opt_text(const std::optional<long long>& v) {
    return v ? std::to_string(*v) : "";
}
std::string opt_text(const std::optional<double>& v) {
    return v ? fmt::format("{:.1f}", *v) : "";
}

} // namespace

json to_json(const Report& r) {
    json j;
    j["period"] = {
        {"kind", to_string(r.period.kind)},       {"label", r.period.label},
        {"start", day_text(r.period.first_day)},  {"end", day_text(r.period.last_day)},
        {"timezone", r.period.timezone},          {"from", time::format_utc(r.period.start)},
        {"until", time::format_utc(r.period.end)}};
    j["as_of"] = time::format_utc(r.as_of);
    j["partial"] = r.partial;
    j["filters"] = {{"group", or_null(r.filters.group)},
                    {"service", or_null(r.filters.service)},
                    {"priority", or_null(r.filters.priority)},
                    {"type", or_null(r.filters.type)}};
    j["sla_types"] = r.sla_types;
    j["worst_by"] = r.worst_by == WorstBy::overrun ? "overrun" : "age";
    j["opened"] = r.opened;
    j["resolved"] = r.resolved;
    j["closed"] = r.closed;
    j["backlog_start"] = r.backlog_start;
    j["backlog_end"] = r.backlog_end;
    j["sla"] = {{"response", sla_json(r.response)}, {"resolve", sla_json(r.resolve)}};
    j["mtta"] = times_json(r.mtta);
    j["mttr"] = times_json(r.mttr);
    json priorities = json::array();
    for (const auto& p : r.by_priority) {
        priorities.push_back({{"priority", p.priority},
                              {"opened", p.counts.opened},
                              {"resolved", p.counts.resolved},
                              {"closed", p.counts.closed},
                              {"backlog_end", p.counts.backlog_end},
                              {"response_met", p.response.met},
                              {"response_breached", p.response.breached},
                              {"response_pending", p.response.pending},
                              {"response_compliance_percent", or_null(compliance(p.response))},
                              {"resolve_met", p.resolve.met},
                              {"resolve_breached", p.resolve.breached},
                              {"resolve_pending", p.resolve.pending},
                              {"resolve_compliance_percent", or_null(compliance(p.resolve))}});
    }
    j["by_priority"] = std::move(priorities);
    j["by_group"] = named_json(r.by_group, "group");
    j["by_service"] = named_json(r.by_service, "service");
    j["by_channel"] = named_json(r.by_channel, "channel");
    json worst = json::array();
    for (const auto& p : r.worst_pending) {
        worst.push_back({{"id", p.id},
                         {"number", p.number},
                         {"title", p.title},
                         {"priority", p.priority},
                         {"service", p.service},
                         {"group", p.group},
                         {"assignee", p.assignee},
                         {"opened_at", time::format_utc(p.opened_at)},
                         {"age_minutes", p.age_minutes},
                         {"age_wall_minutes", p.age_wall_minutes},
                         {"overrun_minutes", or_null(p.overrun_minutes)},
                         {"resolve_due",
                          p.resolve_due ? json(time::format_utc(*p.resolve_due)) : json(nullptr)},
                         {"resolve_state", p.resolve_state},
                         {"resolve_breached", p.resolve_breached}});
    }
    j["worst_pending"] = std::move(worst);
    json tiers = json::array();
    for (const auto& e : r.escalations_tier) {
        tiers.push_back({{"tier", e.level}, {"groups", e.name}, {"count", e.count}});
    }
    json levels = json::array();
    for (const auto& e : r.escalations_level) {
        levels.push_back({{"level", e.level}, {"name", e.name}, {"count", e.count}});
    }
    j["escalations"] = {{"functional", std::move(tiers)}, {"hierarchical", std::move(levels)}};
    if (!r.olas.empty()) {
        json olas = json::array();
        for (const auto& o : r.olas) {
            olas.push_back({{"group", o.group},
                            {"response", sla_json(o.response)},
                            {"resolve", sla_json(o.resolve)}});
        }
        j["olas"] = std::move(olas);
    }
    json services = json::array();
    for (const auto& a : r.availability) {
        services.push_back(availability::to_json(a));
    }
    j["availability"] = std::move(services);
    j["uncatalogued_services"] = r.uncatalogued;
    if (r.head) {
        j["head"] = {{"count", r.head->count}, {"hash", store::to_hex(r.head->hash)}};
    }
    json points = json::array();
    for (const auto& p : r.series) {
        points.push_back({{"label", p.slot.label},
                          {"start", time::format_utc(p.slot.start)},
                          {"opened", p.opened},
                          {"resolved", p.resolved},
                          {"closed", p.closed},
                          {"backlog_end", p.backlog_end}});
    }
    j["series"] = {{"unit", r.series_unit}, {"points", std::move(points)}};
    return j;
}

std::string to_csv(const Report& r) {
    using render::csv_line;
    auto n = [](long long v) { return std::to_string(v); };
    std::string out = csv_line({"section", "figure", "value"});
    auto figure = [&](const std::string& name, const std::string& value) {
        out += csv_line({"summary", name, value});
    };
    figure("kind", to_string(r.period.kind));
    figure("period", r.period.label);
    figure("start", day_text(r.period.first_day));
    figure("end", day_text(r.period.last_day));
    figure("timezone", r.period.timezone);
    figure("as_of", time::format_utc(r.as_of));
    figure("partial", r.partial ? "true" : "false");
    figure("filter_group", r.filters.group);
    figure("filter_service", r.filters.service);
    figure("filter_priority", r.filters.priority);
    figure("filter_type", r.filters.type);
    figure("sla_types", fmt::format("{}", fmt::join(r.sla_types, " ")));
    figure("worst_by", r.worst_by == WorstBy::overrun ? "overrun" : "age");
    figure("opened", n(r.opened));
    figure("resolved", n(r.resolved));
    figure("closed", n(r.closed));
    figure("backlog_start", n(r.backlog_start));
    figure("backlog_end", n(r.backlog_end));
    figure("uncatalogued_services", fmt::format("{}", fmt::join(r.uncatalogued, " ")));
    for (const auto& [name, c] : {std::pair{"response", &r.response}, {"resolve", &r.resolve}}) {
        const std::string prefix = name;
        figure(prefix + "_met", n(c->met));
        figure(prefix + "_breached", n(c->breached));
        figure(prefix + "_pending", n(c->pending));
        figure(prefix + "_compliance_percent", opt_text(compliance(*c)));
    }
    for (const auto& [name, s] : {std::pair{"mtta", &r.mtta}, {"mttr", &r.mttr}}) {
        const std::string prefix = name;
        figure(prefix + "_count", n(s->working.count));
        figure(prefix + "_working_median_minutes", opt_text(s->working.median_minutes));
        figure(prefix + "_working_p90_minutes", opt_text(s->working.p90_minutes));
        figure(prefix + "_wall_median_minutes", opt_text(s->wall.median_minutes));
        figure(prefix + "_wall_p90_minutes", opt_text(s->wall.p90_minutes));
    }
    if (r.head) {
        figure("head_count", n(r.head->count));
        figure("head_hash", store::to_hex(r.head->hash));
    }

    out += "\n" + csv_line({"section", "priority", "opened", "resolved", "closed", "backlog_end",
                            "response_met", "response_breached", "response_pending",
                            "response_compliance_percent", "resolve_met", "resolve_breached",
                            "resolve_pending", "resolve_compliance_percent"});
    for (const auto& p : r.by_priority) {
        out += csv_line({"by_priority", p.priority, n(p.counts.opened), n(p.counts.resolved),
                         n(p.counts.closed), n(p.counts.backlog_end), n(p.response.met),
                         n(p.response.breached), n(p.response.pending),
                         opt_text(compliance(p.response)), n(p.resolve.met), n(p.resolve.breached),
                         n(p.resolve.pending), opt_text(compliance(p.resolve))});
    }
    for (const auto& [key, rows] : {std::pair{"group", &r.by_group},
                                    {"service", &r.by_service},
                                    {"channel", &r.by_channel}}) {
        const std::string section = std::string("by_") + key;
        out += "\n" + csv_line({"section", key, "opened", "resolved", "closed", "backlog_end"});
        for (const auto& row : *rows) {
            out += csv_line({section, row.name, n(row.counts.opened), n(row.counts.resolved),
                             n(row.counts.closed), n(row.counts.backlog_end)});
        }
    }
    out += "\n" + csv_line({"section", "id", "title", "priority", "service", "group", "assignee",
                            "opened_at", "age_minutes", "age_wall_minutes", "resolve_due",
                            "resolve_state", "overrun_minutes"});
    for (const auto& p : r.worst_pending) {
        out += csv_line({"worst_pending", p.id, p.title, p.priority, p.service, p.group, p.assignee,
                         time::format_utc(p.opened_at), n(p.age_minutes), n(p.age_wall_minutes),
                         p.resolve_due ? time::format_utc(*p.resolve_due) : "", p.resolve_state,
                         opt_text(p.overrun_minutes)});
    }
    if (!r.olas.empty()) {
        out += "\n" + csv_line({"section", "group", "metric", "met", "breached", "pending",
                                "compliance_percent"});
        for (const auto& o : r.olas) {
            for (const auto& [metric, c] :
                 {std::pair{"ola-response", &o.response}, {"ola-resolve", &o.resolve}}) {
                out += csv_line({"olas", o.group, metric, n(c->met), n(c->breached), n(c->pending),
                                 opt_text(compliance(*c))});
            }
        }
    }
    out += "\n" + csv_line({"section", "kind", "level", "to", "count"});
    for (const auto& [kind, rows] :
         {std::pair{"functional", &r.escalations_tier}, {"hierarchical", &r.escalations_level}}) {
        for (const auto& e : *rows) {
            out += csv_line({"escalations", kind, n(e.level), e.name, n(e.count)});
        }
    }
    out += "\n" + csv_line({"section", "service", "window", "target_percent", "achieved_percent",
                            "state", "window_minutes", "outage_minutes", "excused_minutes",
                            "downtime_minutes", "outages", "maintenance", "forced"});
    for (const auto& a : r.availability) {
        const auto achieved = a.figures.achieved_hundredths();
        out += csv_line({"availability", a.service, a.window,
                         a.target ? availability::number_text(*a.target) : "",
                         achieved ? availability::hundredths_text(*achieved) : "", a.state,
                         n(a.figures.window.count() / 60), n(a.figures.outage.count() / 60),
                         n(a.figures.excused.count() / 60), n(a.figures.downtime.count() / 60),
                         n(a.outages), n(a.maintenance), n(a.forced)});
    }
    out += "\n" +
           csv_line({"section", "label", "start", "opened", "resolved", "closed", "backlog_end"});
    for (const auto& p : r.series) {
        out += csv_line({"series", p.slot.label, time::format_utc(p.slot.start), n(p.opened),
                         n(p.resolved), n(p.closed), n(p.backlog_end)});
    }
    return out;
}

} // namespace itsm::report
