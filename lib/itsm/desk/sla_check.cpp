#include <itsm/core/text.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/desk/sla_check.hpp>
#include <itsm/render/json_stream.hpp>
#include <itsm/render/table.hpp>
#include <itsm/sla/clock.hpp>
#include <itsm/sla/ola.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

bool CheckResult::any_breached() const {
    return std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
        return f.state == sla::Alert::breached && !f.ola();
    });
}

namespace {

// Findings collected in chunks reserved whole, so none is moved until they are sorted: with
// groups' OLAs a backlog of 100,000 tickets can have ten times the findings, and a growing
// vector would move them all at every doubling.
class Collected {
public:
    void push(Finding&& f) {
        if (m_chunks.empty() || m_chunks.back().size() == k_chunk) {
            m_chunks.emplace_back().reserve(k_chunk);
        }
        m_chunks.back().push_back(std::move(f));
        ++m_size;
    }
    Finding& operator[](std::size_t i) { return m_chunks[i / k_chunk][i % k_chunk]; }
    std::size_t size() const { return m_size; }

private:
    static constexpr std::size_t k_chunk = 4096;
    std::vector<std::vector<Finding>> m_chunks;
    std::size_t m_size = 0;
};

} // namespace

CheckResult sla_check(store::Store& store, const config::Config& config, time::Instant at,
                      double warn, std::optional<model::Type> type) {
    CheckResult result;
    result.at = at;
    store::Filter filter;
    filter.open_only = true;
    filter.type = type;
    sla::Options options;
    options.warn = warn;
    const bool olas = sla::has_olas(config);
    Collected found;
    store.for_each_with_events(
        filter, [&](const model::Ticket& t, const std::vector<model::Event>& events) {
            if (t.opened_at > at) {
                return;
            }
            ++result.tickets_checked;
            const auto e = sla::evaluate(config, events, at, options);
            auto consider = [&](const sla::Clock& c, std::string metric, const std::string& group) {
                const bool live = c.state == sla::ClockState::running ||
                                  c.state == sla::ClockState::paused ||
                                  (c.state == sla::ClockState::breached && !c.stopped_at);
                const auto alert = sla::alert_of(c);
                if (!live || !c.due || !alert) {
                    return;
                }
                Finding f;
                f.number = t.number;
                f.id = display_id(config, t);
                f.priority = t.priority;
                f.group = group;
                f.assignee = t.assignee;
                f.title = t.title;
                f.metric = std::move(metric);
                f.state = *alert;
                f.due = *c.due;
                if (c.breached) {
                    const auto& window =
                        config.policy_at(t.opened_at).window_for(t.priority, t.service);
                    f.overdue_minutes = window.between(*c.due, at).count() / 60;
                }
                found.push(std::move(f));
            };
            consider(e.response, "response", t.group);
            consider(e.resolve, "resolve", t.group);
            consider(e.update, "update", t.group);
            if (olas) {
                for (const auto& ola : sla::evaluate_olas(config, events, at, options)) {
                    consider(ola.clock, sla::ola_metric(ola), ola.group);
                }
            }
        });
    // Sorted through an index: a Finding is eight strings, and moving 50,000 of them through
    // a sort costs more than the evaluation that made them.
    std::vector<std::size_t> order(found.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    auto& all = found;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
        const Finding& a = all[i];
        const Finding& b = all[j];
        if (a.state != b.state) {
            return a.state < b.state; // breached first
        }
        if (a.overdue_minutes != b.overdue_minutes) {
            return a.overdue_minutes > b.overdue_minutes;
        }
        return a.due < b.due;
    });
    std::vector<Finding> sorted;
    sorted.reserve(order.size());
    for (const std::size_t i : order) {
        sorted.push_back(std::move(found[i]));
    }
    result.findings = std::move(sorted);
    return result;
}

void write_json(std::ostream& out, const CheckResult& r, nlohmann::json extra) {
    extra["at"] = time::format_utc(r.at);
    extra["tickets_checked"] = r.tickets_checked;
    render::write_object_with_array(out, extra, "findings", [&](render::JsonArrayWriter& array) {
        for (const auto& f : r.findings) {
            const std::string due = time::format_utc(f.due);
            array.add_flat({{"id", f.id},
                            {"priority", f.priority},
                            {"group", f.group},
                            {"assignee", f.assignee},
                            {"title", f.title},
                            {"metric", f.metric},
                            {"state", sla::to_string(f.state)},
                            {"due", due},
                            {"overdue_minutes", f.overdue_minutes}});
        }
    });
}

std::string to_text(const CheckResult& r, time::Zone zone, std::size_t width, bool color) {
    std::string out;
    if (r.findings.empty()) {
        return fmt::format(
            "{} checked at {}: none breached or at risk\n",
            core::count_of(static_cast<std::size_t>(r.tickets_checked), "open ticket"),
            time::format_local(r.at, zone));
    }
    render::TextTable table({"ID", "PRI", "GROUP", "METRIC", "STATE", "DUE", "OVERDUE", "TITLE"});
    table.align_right(6);
    table.shrink_first(7);
    std::size_t breached = 0;
    for (const auto& f : r.findings) {
        const bool is_breach = f.state == sla::Alert::breached;
        breached += is_breach ? 1 : 0;
        const std::string style = !color ? "" : is_breach ? "31" : "33";
        table.add_row({f.id, f.priority, f.group, f.metric, sla::to_string(f.state),
                       time::format_local(f.due, zone),
                       is_breach ? time::format_age(time::Duration{f.overdue_minutes * 60}) : "",
                       f.title},
                      {"", "", "", "", style, "", "", ""});
    }
    out += table.render(width);
    out += fmt::format("{} checked at {}: {} breached, {} at risk\n",
                       core::count_of(static_cast<std::size_t>(r.tickets_checked), "open ticket"),
                       time::format_local(r.at, zone), breached, r.findings.size() - breached);
    return out;
}

} // namespace itsm::desk
