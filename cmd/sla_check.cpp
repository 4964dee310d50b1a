// itsm sla-check: open tickets breached or at risk; with --config-only, validates the
// configuration for CI.

#include "commands.hpp"
#include "numbers.hpp"

#include <itsm/availability/measure.hpp>
#include <itsm/config/cases.hpp>
#include <itsm/config/read_file.hpp>
#include <itsm/core/error.hpp>
#include <itsm/desk/auto_escalate.hpp>
#include <itsm/desk/notices.hpp>
#include <itsm/desk/policy_drift.hpp>
#include <itsm/desk/sla_check.hpp>
#include <itsm/render/terminal.hpp>
#include <itsm/sla/cases.hpp>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <ostream>

namespace itsm::cmd {

namespace {

struct SlaCheckOptions {
    std::string at;
    double warn = 0.75;
    bool escalate = false;
    bool tickets_only = false;      // leave out the services' availability (and its exit 1)
    bool availability_only = false; // leave out the tickets
    bool config_only = false;
    bool strict = false;
    std::string type;
    std::string cases;
    std::string format = "text";
};

// The year ITSM_NOW falls in, so that "a holiday more than a year in the past" does not depend
// on the day a pinned CI job runs; nullopt without ITSM_NOW (the system clock decides).
std::optional<int> pinned_year() {
    const char* fixed = std::getenv("ITSM_NOW");
    if (fixed == nullptr || *fixed == '\0') {
        return std::nullopt;
    }
    const auto parsed = time::parse_time(fixed, nullptr, time::Instant{});
    if (!parsed || std::string_view(fixed) == "now") {
        return std::nullopt;
    }
    return static_cast<int>(time::local_date(*parsed, nullptr).year());
}

// Warns of tickets in the store (when there is one) that the terms as configured now would
// measure differently from the terms they were logged under (docs/configuration.md).
void compare_with_store(AppContext& ctx, config::LoadResult& result, bool strict) {
    auto warn = [&](std::string message) {
        result.diagnostics.push_back(config::Diagnostic{
            "", 0, 0,
            strict ? config::Diagnostic::Severity::error : config::Diagnostic::Severity::warning,
            std::move(message), strict});
    };
    try {
        const std::string path = ctx.store_path();
        if (!store::is_server(path) && !std::filesystem::exists(path)) {
            return; // no store here (a CI runner): nothing logged to compare with
        }
        for (const auto& d : desk::policy_drift(ctx.existing_store(), result.config)) {
            warn(desk::describe(d, result.config.zone));
        }
    } catch (const std::exception& e) {
        warn(fmt::format("the tickets of the store could not be compared with these terms: {}",
                         e.what()));
    }
}

void run_config_only(AppContext& ctx, const SlaCheckOptions& o) {
    if (o.format != "text" && o.format != "json" && o.format != "github") {
        throw UsageError("--format must be text, json or github");
    }
    if (const auto problem = o.cases.empty() ? std::nullopt : config::not_a_file(o.cases)) {
        throw UsageError(fmt::format("--cases {}: {}; give a case file of SLA expectations "
                                     "(docs/ci.md)",
                                     o.cases, *problem));
    }
    config::CheckOptions options;
    options.strict = o.strict;
    options.year = pinned_year();
    options.named = ctx.config_named();
    auto result = config::check_files(ctx.config_dir(), options);
    if (!result.has_errors()) {
        compare_with_store(ctx, result, o.strict);
    }
    if (o.cases.empty()) {
        if (o.format == "json") {
            ctx.out << config::render_json(result);
        } else if (o.format == "github") {
            ctx.out << config::render_github(result);
        } else {
            ctx.out << config::render_text(result);
        }
        ctx.exit_code = result.has_errors() ? 1 : 0;
        return;
    }
    // Cases run only on a valid configuration: their names and windows come from it.
    config::CaseFile cases;
    cases.file = o.cases;
    std::optional<sla::CaseReport> report;
    if (!result.has_errors()) {
        cases = config::read_cases(o.cases, result.config, o.strict);
        if (!cases.has_errors()) {
            report = sla::run_cases(result.config, cases);
        }
    }
    const sla::CaseReport* ran = report ? &*report : nullptr;
    if (o.format == "json") {
        ctx.out << sla::render_json(result, cases, ran);
    } else if (o.format == "github") {
        ctx.out << config::render_github(result) << sla::render_github(cases, ran);
    } else {
        ctx.out << config::render_text(result) << sla::render_text(cases, ran);
    }
    ctx.exit_code = ran == nullptr || ran->failed() > 0 || result.has_errors() ? 1 : 0;
}

void run_sla_check(AppContext& ctx, const SlaCheckOptions& o) {
    if (o.config_only) {
        run_config_only(ctx, o);
        return;
    }
    if (o.format == "github") {
        throw UsageError("--format github is for --config-only; use text or json");
    }
    if (!o.cases.empty()) {
        throw UsageError("--cases goes with --config-only: itsm sla-check --config-only --cases "
                         "FILE");
    }
    std::optional<model::Type> type;
    if (!o.type.empty()) {
        type = model::parse_type(o.type);
    }
    const auto& config = ctx.config();
    const auto stamp = ctx.stamp(o.at);
    auto& store = ctx.store(o.escalate ? store::Mode::write : store::Mode::read);
    std::vector<desk::Escalation> escalations;
    if (o.escalate) {
        escalations = desk::auto_escalate(store, config, stamp, type);
    }
    desk::CheckResult result;
    result.at = stamp.at;
    if (!o.availability_only) {
        result = desk::sla_check(store, config, stamp.at, o.warn, type);
    }
    // Availability of the month to date, in the configured time zone.
    const auto today = time::local_date(stamp.at, config.zone);
    const auto month_start =
        time::start_of_day(today.year() / today.month() / std::chrono::day{1}, config.zone);
    std::vector<availability::ServiceFigures> services;
    if (!o.tickets_only) {
        services = availability::measure(store, config, month_start, stamp.at,
                                         availability::Scope::targets);
    }
    const bool below = availability::any_breached(services);
    if (desk::wants_notices(config, result)) {
        desk::queue_notices(ctx.store(store::Mode::write), config, result, stamp);
    }
    if (o.format == "json") {
        auto extra = nlohmann::json::object();
        if (o.escalate) {
            extra["escalations"] = desk::to_json(escalations);
        }
        if (!o.tickets_only) {
            extra["services_from"] = time::format_utc(month_start);
            extra["services"] = nlohmann::json::array();
            for (const auto& s : services) {
                extra["services"].push_back(availability::to_json(s));
            }
        }
        desk::write_json(ctx.out, result, std::move(extra));
    } else {
        for (const auto& e : escalations) {
            ctx.out << e.id << " escalated (" << e.kind << ") to " << e.to << ": "
                    << render::terminal_text(e.reason)
                    << (e.unassigned.empty()
                            ? ""
                            : "; taken from " + render::terminal_text(e.unassigned))
                    << '\n';
        }
        if (!o.availability_only) {
            ctx.out << desk::to_text(result, config.zone, ctx.width(), ctx.color());
        }
        if (!o.tickets_only) {
            ctx.out << availability::to_text(services, month_start, config.zone, ctx.width());
        }
    }
    ctx.exit_code = result.any_breached() || below ? 1 : 0;
}

} // namespace

void register_sla_check(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<SlaCheckOptions>();
    auto* c = app.add_subcommand("sla-check", "open tickets breached or at risk (exit 1 on a "
                                              "breach); --config-only validates the configuration");
    c->footer("Examples: itsm sla-check --format json | jq '.findings[] | .id'\n"
              "          itsm --config ./itsm sla-check --config-only --strict --format github");
    add_at(c, o->at, "evaluate as of TIME (default now)");
    add_number(c, "--warn", o->warn, "at-risk fraction of the target (default 0.75)", k_fraction);
    c->add_flag("--escalate", o->escalate, "escalate tickets due for automatic escalation");
    c->add_option("--type", o->type, "only tickets of this record type")
        ->check(CLI::IsMember(model::type_names()));
    auto* tickets =
        c->add_flag("--tickets-only", o->tickets_only,
                    "only the tickets: no availability, whose month-to-date figure stays below "
                    "target after an outage");
    c->add_flag("--availability-only", o->availability_only,
                "only the services' availability of the month to date")
        ->excludes(tickets)
        ->excludes("--escalate");
    c->add_flag("--config-only", o->config_only, "validate the configuration only (for CI)");
    c->add_flag("--strict", o->strict, "with --config-only: warnings are errors");
    c->add_option("--cases", o->cases, "with --config-only: a TOML file of SLA expectations");
    add_format(c, o->format, {"text", "json", "github"});
    c->callback([&ctx, o] { run_sla_check(ctx, *o); });
}

} // namespace itsm::cmd
