#include <itsm/desk/check.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/render/table.hpp>
#include <itsm/sla/clock.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

bool CheckResult::any_breached() const {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.state == "breached"; });
}

CheckResult sla_check(store::Store& store, const config::Config& config, time::Instant at,
                      double warn) {
    CheckResult result;
    result.at = at;
    store::Filter filter;
    filter.open_only = true;
    sla::Options options;
    options.warn = warn;
    store.for_each_with_events(
        filter, [&](const model::Ticket& t, const std::vector<model::Event>& events) {
            if (t.opened_at > at) {
                return;
            }
            ++result.tickets_checked;
            const auto e = sla::evaluate(config, events, at, options);
            auto consider = [&](const sla::Clock& c, const char* metric) {
                const bool live = c.state == sla::ClockState::running ||
                                  c.state == sla::ClockState::paused ||
                                  (c.state == sla::ClockState::breached && !c.stopped_at);
                if (!live || !c.due || (!c.breached && !c.at_risk)) {
                    return;
                }
                Finding f;
                f.number = t.number;
                f.id = display_id(config, t);
                f.priority = t.priority;
                f.group = t.group;
                f.assignee = t.assignee;
                f.title = t.title;
                f.metric = metric;
                f.state = c.breached ? "breached" : "at-risk";
                f.due = *c.due;
                if (c.breached) {
                    const auto& window = config.window_for(t.priority, t.service);
                    f.overdue_minutes = window.between(*c.due, at).count() / 60;
                }
                result.findings.push_back(std::move(f));
            };
            consider(e.response, "response");
            consider(e.resolve, "resolve");
        });
    std::stable_sort(result.findings.begin(), result.findings.end(),
                     [](const Finding& a, const Finding& b) {
                         if (a.state != b.state) {
                             return a.state == "breached";
                         }
                         if (a.overdue_minutes != b.overdue_minutes) {
                             return a.overdue_minutes > b.overdue_minutes;
                         }
                         return a.due < b.due;
                     });
    return result;
}

nlohmann::json to_json(const CheckResult& r) {
    auto findings = nlohmann::json::array();
    for (const auto& f : r.findings) {
        findings.push_back({{"id", f.id},
                            {"priority", f.priority},
                            {"group", f.group},
                            {"assignee", f.assignee},
                            {"title", f.title},
                            {"metric", f.metric},
                            {"state", f.state},
                            {"due", time::format_utc(f.due)},
                            {"overdue_minutes", f.overdue_minutes}});
    }
    return {{"at", time::format_utc(r.at)},
            {"tickets_checked", r.tickets_checked},
            {"findings", std::move(findings)}};
}

std::string to_text(const CheckResult& r, time::Zone zone, std::size_t width) {
    std::string out;
    if (r.findings.empty()) {
        return fmt::format("{} open tickets checked at {}: none breached or at risk\n",
                           r.tickets_checked, time::format_local(r.at, zone));
    }
    render::TextTable table({"ID", "PRI", "GROUP", "METRIC", "STATE", "DUE", "OVERDUE", "TITLE"});
    table.align_right(6);
    std::size_t breached = 0;
    for (const auto& f : r.findings) {
        breached += f.state == "breached" ? 1 : 0;
        table.add_row(
            {f.id, f.priority, f.group, f.metric, f.state, time::format_local(f.due, zone),
             f.state == "breached" ? fmt::format("{}m", f.overdue_minutes) : "", f.title});
    }
    out += table.render(width);
    out +=
        fmt::format("{} open tickets checked at {}: {} breached, {} at risk\n", r.tickets_checked,
                    time::format_local(r.at, zone), breached, r.findings.size() - breached);
    return out;
}

} // namespace itsm::desk
