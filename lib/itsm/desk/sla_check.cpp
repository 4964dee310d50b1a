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

// Findings as they are found, in blocks that never move: a backlog of 100,000 tickets with
// groups' OLAs has about as many findings, and a growing vector would copy them all (and
// touch twice the memory) at every doubling.
class Found {
public:
    void push(const Finding& f) {
        if (m_blocks.empty() || m_blocks.back().size() == k_block) {
            m_blocks.emplace_back().reserve(k_block);
        }
        m_blocks.back().push_back(f);
        ++m_size;
    }
    const Finding& operator[](std::size_t i) const { return m_blocks[i / k_block][i % k_block]; }
    std::size_t size() const { return m_size; }

private:
    static constexpr std::size_t k_block = 4096;
    std::vector<std::vector<Finding>> m_blocks;
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
    Found found;
    store.for_each_with_events(
        filter, store::Part::head,
        [&](const model::Ticket& t, const std::vector<model::Event>& events) {
            if (t.opened_at > at) {
                return;
            }
            ++result.tickets_checked;
            const auto e = sla::evaluate(config, events, at, options);
            Finding kept; // the ticket's text, kept once for all its findings
            bool have_text = false;
            auto consider = [&](const sla::Clock& c, std::string_view metric,
                                std::string_view group) {
                const bool live = c.state == sla::ClockState::running ||
                                  c.state == sla::ClockState::paused ||
                                  (c.state == sla::ClockState::breached && !c.stopped_at);
                const auto alert = sla::alert_of(c);
                if (!live || !c.due || !alert) {
                    return;
                }
                if (!have_text) {
                    have_text = true;
                    kept.number = t.number;
                    kept.id = result.text.keep(display_id(config, t));
                    kept.priority = result.text.keep(t.priority);
                    kept.group = result.text.keep(t.group);
                    kept.assignee = result.text.keep(t.assignee);
                    kept.title = result.text.keep(t.title);
                }
                Finding f = kept;
                if (group != kept.group) {
                    f.group = result.text.keep(group);
                }
                f.metric = metric;
                f.state = *alert;
                f.due = *c.due;
                if (c.breached) {
                    const auto& window =
                        config.policy_at(t.opened_at).window_for(t.priority, t.service);
                    f.overdue_minutes = window.between(*c.due, at).count() / 60;
                }
                found.push(f);
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
    // Sorted through an index, then gathered once.
    std::vector<std::size_t> order(found.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
        const Finding& a = found[i];
        const Finding& b = found[j];
        if (a.state != b.state) {
            return a.state < b.state; // breached first
        }
        if (a.overdue_minutes != b.overdue_minutes) {
            return a.overdue_minutes > b.overdue_minutes;
        }
        return a.due < b.due;
    });
    result.findings.reserve(order.size());
    for (const std::size_t i : order) {
        result.findings.push_back(found[i]);
    }
    return result;
}

void write_json(std::ostream& out, const CheckResult& r, nlohmann::json extra) {
    extra["at"] = time::format_utc(r.at);
    extra["tickets_checked"] = r.tickets_checked;
    render::write_object_with_array(out, extra, "findings", [&](render::JsonArrayWriter& array) {
        for (const auto& f : r.findings) {
            const std::string due = time::format_utc(f.due);
            // Listed in the order they are written, by key (add_flat sorts them otherwise).
            array.add_flat({{"assignee", f.assignee},
                            {"due", due},
                            {"group", f.group},
                            {"id", f.id},
                            {"metric", f.metric},
                            {"overdue_minutes", f.overdue_minutes},
                            {"priority", f.priority},
                            {"state", sla::to_string(f.state)},
                            {"title", f.title}});
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
        table.add_row({std::string(f.id), std::string(f.priority), std::string(f.group),
                       std::string(f.metric), sla::to_string(f.state),
                       time::format_local(f.due, zone),
                       is_breach ? time::format_age(time::Duration{f.overdue_minutes * 60}) : "",
                       std::string(f.title)},
                      {"", "", "", "", style, "", "", ""});
    }
    out += table.render(width);
    out += fmt::format("{} checked at {}: {} breached, {} at risk\n",
                       core::count_of(static_cast<std::size_t>(r.tickets_checked), "open ticket"),
                       time::format_local(r.at, zone), breached, r.findings.size() - breached);
    return out;
}

} // namespace itsm::desk
