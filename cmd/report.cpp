// itsm report daily|weekly|monthly: period reports for people and for cron jobs.

#include "commands.hpp"

#include <itsm/core/error.hpp>
#include <itsm/report/report.hpp>

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct ReportOptions {
    std::string period; // --date, --week or --month; "" = the last complete period
    std::string group;
    std::string service;
    std::string priority;
    std::string type;
    std::string worst_by = "age";
    std::string at; // "" = now: the default period is the last complete one before it
    std::string format = "text";
};

void run_report(AppContext& ctx, const ReportOptions& o, report::Kind kind, const char* option) {
    const auto& config = ctx.config();
    const auto now = ctx.at(o.at);
    report::Period period;
    try {
        period = report::make_period(kind, o.period, config.zone, now);
    } catch (const UsageError& e) {
        if (o.period.empty()) {
            throw;
        }
        throw UsageError(fmt::format("{} {}", option, e.what()));
    }
    auto& store = ctx.store(store::Mode::read);
    const auto r =
        report::build(store, config, period, {o.group, o.service, o.priority, o.type}, now,
                      o.worst_by == "overrun" ? report::WorstBy::overrun : report::WorstBy::age);
    if (o.format == "json") {
        ctx.out << report::to_json(r).dump(2) << '\n';
    } else if (o.format == "csv") {
        ctx.out << report::to_csv(r);
    } else if (o.format == "md") {
        ctx.out << report::to_markdown(r, config.zone);
    } else if (o.format == "html") {
        ctx.out << report::to_html(r, config.zone);
    } else {
        ctx.out << report::to_text(r, config.zone, ctx.color(), ctx.width());
    }
}

void add_period(CLI::App& report, AppContext& ctx, const std::shared_ptr<ReportOptions>& o,
                report::Kind kind) {
    struct Spec {
        const char* name;
        const char* help;
        const char* option;
        const char* option_help;
        const char* example;
    };
    const Spec spec =
        kind == report::Kind::daily
            ? Spec{"daily", "one day's report (default: yesterday)", "--date",
                   "the day: YYYY-MM-DD, today or yesterday (default yesterday)",
                   "Example (cron, 06:00): itsm report daily --format html > daily-$(date "
                   "+%F).html"}
        : kind == report::Kind::weekly
            ? Spec{"weekly", "one ISO week's report (default: last week)", "--week",
                   "the ISO week: YYYY-Www, e.g. 2026-W47 (default last week)",
                   "Example: itsm report weekly --week 2026-W47 --format md"}
            : Spec{"monthly", "one month's report (default: last month)", "--month",
                   "the month: YYYY-MM, e.g. 2026-10 (default last month)",
                   "Example: itsm report monthly --month 2026-10 --format json | jq .by_group"};
    auto* c = report.add_subcommand(spec.name, spec.help);
    c->footer(spec.example);
    c->add_option(spec.option, o->period, spec.option_help)->type_name("PERIOD");
    c->add_option("--group", o->group, "only tickets of this assignment group");
    c->add_option("--service", o->service, "only tickets of this service");
    c->add_option("--priority", o->priority, "only tickets of this priority");
    c->add_option("--type", o->type,
                  "only tickets of this record type (SLA figures: incidents and requests "
                  "unless given)")
        ->check(CLI::IsMember(model::type_names()));
    c->add_option("--worst-by", o->worst_by,
                  "rank the worst pending by wall-clock age (default) or by overrun past the "
                  "resolve due")
        ->check(CLI::IsMember({"age", "overrun"}));
    add_at(c, o->at,
           "report as of TIME: clocks stop there, and with no period the report covers "
           "the last complete one before it (default now)");
    add_format(c, o->format, {"text", "json", "csv", "md", "html"});
    const char* option = spec.option;
    c->callback([&ctx, o, kind, option] { run_report(ctx, *o, kind, option); });
}

} // namespace

void register_report(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ReportOptions>();
    auto* c = app.add_subcommand("report", "daily, weekly and monthly reports");
    c->footer("Example: itsm report monthly --month 2026-10 --format html > october.html\n"
              "With no period, a report covers the last complete one (yesterday, last week, "
              "last month) in the configured time zone: ready for cron.");
    c->require_subcommand(1);
    add_period(*c, ctx, o, report::Kind::daily);
    add_period(*c, ctx, o, report::Kind::weekly);
    add_period(*c, ctx, o, report::Kind::monthly);
}

} // namespace itsm::cmd
