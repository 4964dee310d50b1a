// itsm list: tickets by status, priority, group, service, SLA state, opening time.

#include "commands.hpp"
#include "numbers.hpp"

#include <itsm/core/error.hpp>
#include <itsm/desk/view.hpp>
#include <itsm/render/json_stream.hpp>
#include <itsm/render/json_writer.hpp>
#include <itsm/render/table.hpp>

#include <fmt/format.h>

#include <optional>
#include <sstream>

namespace itsm::cmd {

namespace {

struct ListOptions {
    std::vector<std::string> statuses;
    std::string priority, group, assignee, service, type, since, until, at;
    bool breached = false;
    bool at_risk = false;
    double warn = 0.75;
    long long limit = 0;
    std::string format = "text";
};

store::Filter make_filter(AppContext& ctx, const ListOptions& o) {
    store::Filter f;
    for (const auto& s : o.statuses) {
        if (s == "open") {
            f.open_only = true;
            continue;
        }
        const auto status = model::parse_status(s);
        if (!status) {
            throw UsageError(fmt::format("--status {}: use new, assigned, on-hold, resolved, "
                                         "closed or open",
                                         s));
        }
        f.statuses.push_back(*status);
    }
    f.priority = o.priority;
    f.group = o.group;
    f.assignee = o.assignee;
    f.service = o.service;
    if (!o.type.empty()) {
        f.type = model::parse_type(o.type);
    }
    if (!o.since.empty()) {
        f.opened_since = ctx.at(o.since, "--since");
    }
    if (!o.until.empty()) {
        f.opened_until = ctx.at(o.until, "--until");
    }
    return f;
}

std::string due_text(const sla::Clock& c, time::Zone zone) {
    return c.due ? time::format_local(*c.due, zone) : "-";
}

// The worse alert of the response and resolve clocks.
std::optional<sla::Alert> sla_alert(const sla::Evaluation& e) {
    const auto response = sla::alert_of(e.response);
    const auto resolve = sla::alert_of(e.resolve);
    if (response && resolve) {
        return std::min(*response, *resolve);
    }
    return response ? response : resolve;
}

std::string sla_word(const sla::Evaluation& e) {
    const auto alert = sla_alert(e);
    return alert ? sla::to_string(*alert) : sla::to_string(e.resolve.state);
}

// Colour on a terminal: red for a breach, yellow for a risk.
std::string sla_color(const sla::Evaluation& e) {
    const auto alert = sla_alert(e);
    return !alert ? "" : *alert == sla::Alert::breached ? "31" : "33";
}

std::vector<std::string> csv_row(const desk::TicketView& v) {
    const auto& t = v.ticket;
    auto opt = [](const std::optional<time::Instant>& i) {
        return i ? time::format_utc(*i) : std::string();
    };
    return {v.id,
            std::string(model::to_string(t.type)),
            std::string(model::to_string(t.status)),
            t.priority,
            t.service,
            t.group,
            t.assignee,
            t.requester,
            time::format_utc(t.opened_at),
            opt(t.resolved_at),
            opt(t.closed_at),
            opt(v.sla.response.due),
            opt(v.sla.resolve.due),
            sla_word(v.sla),
            t.title};
}

// JSON and CSV are written ticket by ticket as the store yields them (a list of a million
// tickets is never held in memory); the text table needs every row for its column widths.
void run_list(AppContext& ctx, const ListOptions& o) {
    const auto& config = ctx.config();
    auto& store = ctx.store(store::Mode::read);
    const auto filter = make_filter(ctx, o);
    const auto at = ctx.at(o.at);
    sla::Options options;
    options.warn = o.warn;

    std::optional<render::JsonArrayWriter> json;
    if (o.format == "json") {
        json.emplace(ctx.out, 0);
    } else if (o.format == "csv") {
        ctx.out << render::csv_line({"id", "type", "status", "priority", "service", "group",
                                     "assignee", "requester", "opened_at", "resolved_at",
                                     "closed_at", "response_due", "resolve_due", "sla", "title"});
    }
    render::TextTable table(
        {"ID", "STATUS", "PRI", "GROUP", "ASSIGNEE", "RESOLVE DUE", "SLA", "TITLE"});
    table.shrink_first(7);
    long long count = 0;
    const bool color = ctx.color();
    // The links of the listed tickets, in ticket order as the tickets come: one query, held
    // whole (a desk's links are few beside its tickets).
    const auto links = json ? store.links_of_matching(filter) : std::vector<store::MatchedLink>{};
    auto link = links.begin();
    // One view filled again for each ticket: its strings keep their room from row to row. The
    // table shows a ticket's head only; JSON and CSV show more of it.
    desk::TicketView v;
    const bool table_only = !json && o.format != "csv";
    store.for_each_with_events(
        filter, table_only ? store::Part::head : store::Part::whole,
        [&](const model::Ticket& t, const std::vector<model::Event>& events) {
            if (o.limit > 0 && count >= o.limit) {
                return;
            }
            v.sla = sla::evaluate(config, events, at, options);
            const bool breached = v.sla.response.breached || v.sla.resolve.breached;
            const bool at_risk = v.sla.response.at_risk || v.sla.resolve.at_risk;
            if ((o.breached || o.at_risk) &&
                !((o.breached && breached) || (o.at_risk && at_risk))) {
                return;
            }
            ++count;
            v.ticket = t;
            v.id = desk::display_id(config, t);
            v.links.clear();
            if (json) {
                for (; link != links.end() && link->ticket <= t.number; ++link) {
                    if (link->ticket == t.number) {
                        model::Ticket other;
                        other.type = link->other_type;
                        other.number = link->link.other;
                        v.links.push_back({desk::display_id(config, other), link->link.relation});
                    }
                }
                json->add_written(
                    [&](render::JsonWriter& w) { desk::write_json(w, v, false, false); });
            } else if (o.format == "csv") {
                ctx.out << render::csv_line(csv_row(v));
            } else {
                const auto word = sla_word(v.sla);
                table.add_row({v.id, std::string(model::to_string(t.status)), t.priority, t.group,
                               t.assignee, due_text(v.sla.resolve, config.zone), word, t.title},
                              {"", "", "", "", "", "", color ? sla_color(v.sla) : "", ""});
            }
        });
    if (json) {
        json->finish();
        ctx.out << '\n';
        return;
    }
    if (o.format == "csv") {
        return;
    }
    if (table.empty()) {
        ctx.err << "no tickets match\n";
        return;
    }
    ctx.out << table.render(ctx.width());
}

} // namespace

void register_list(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ListOptions>();
    auto* c = app.add_subcommand("list", "list tickets, filtered");
    c->footer("Example: itsm list --status open --group network --format json | jq -r '.[].id'");
    c->add_option("--status", o->statuses,
                  "new|assigned|on-hold|resolved|closed|open (repeat "
                  "or comma-separate)")
        ->delimiter(',');
    c->add_option("--priority", o->priority, "priority id");
    c->add_option("--group", o->group, "assignment group");
    c->add_option("--assignee", o->assignee, "assignee");
    c->add_option("--service", o->service, "service");
    c->add_option("--type", o->type, "incident|request|problem|change|interaction")
        ->check(CLI::IsMember(model::type_names()));
    c->add_option("--since", o->since, "opened at or after TIME")->type_name("TIME");
    c->add_option("--until", o->until, "opened before TIME")->type_name("TIME");
    c->add_flag("--breached", o->breached, "only tickets with a breached clock");
    c->add_flag("--at-risk", o->at_risk, "only tickets with a clock at risk");
    add_number(c, "--warn", o->warn, "at-risk fraction of the target (default 0.75)", k_fraction);
    add_number(c, "--limit", o->limit, "at most N tickets", k_count);
    add_at(c, o->at, "evaluate SLA as of TIME (default now)");
    add_format(c, o->format, {"text", "json", "csv"});
    c->callback([&ctx, o] { run_list(ctx, *o); });
}

} // namespace itsm::cmd
