// itsm sla-check: open tickets breached or at risk; with --config-only, validates the
// configuration for CI.

#include "commands.hpp"

#include <itsm/core/error.hpp>
#include <itsm/desk/check.hpp>

#include <ostream>

namespace itsm::cmd {

namespace {

struct SlaCheckOptions {
    std::string at;
    double warn = 0.75;
    bool escalate = false;
    bool config_only = false;
    bool strict = false;
    std::string cases;
    std::string format = "text";
};

void run_config_only(AppContext& ctx, const SlaCheckOptions& o) {
    if (o.format != "text" && o.format != "json" && o.format != "github") {
        throw UsageError("--format must be text, json or github");
    }
    config::CheckOptions options;
    options.strict = o.strict;
    const auto result = config::check(ctx.config_dir(), options);
    if (o.format == "json") {
        ctx.out << config::render_json(result);
    } else if (o.format == "github") {
        ctx.out << config::render_github(result);
    } else {
        ctx.out << config::render_text(result);
    }
    ctx.exit_code = result.has_errors() ? 1 : 0;
}

void run_sla_check(AppContext& ctx, const SlaCheckOptions& o) {
    if (o.config_only) {
        run_config_only(ctx, o);
        return;
    }
    if (o.format == "github") {
        throw UsageError("--format github is for --config-only; use text or json");
    }
    if (o.warn <= 0 || o.warn > 1) {
        throw UsageError("--warn must be a fraction between 0 and 1, e.g. 0.75");
    }
    const auto& config = ctx.config();
    const auto at = ctx.at(o.at);
    auto& store = ctx.store(store::Mode::read);
    const auto result = desk::sla_check(store, config, at, o.warn);
    if (o.format == "json") {
        ctx.out << desk::to_json(result).dump(2) << '\n';
    } else {
        ctx.out << desk::to_text(result, config.zone, ctx.width());
    }
    ctx.exit_code = result.any_breached() ? 1 : 0;
}

} // namespace

void register_sla_check(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<SlaCheckOptions>();
    auto* c = app.add_subcommand("sla-check", "open tickets breached or at risk (exit 1 on a "
                                              "breach); --config-only validates the configuration");
    c->footer("Examples: itsm sla-check --format json | jq '.findings[] | .id'\n"
              "          itsm --config ./itsm sla-check --config-only --strict --format github");
    add_at(c, o->at, "evaluate as of TIME (default now)");
    c->add_option("--warn", o->warn, "at-risk fraction of the target (default 0.75)");
    c->add_flag("--escalate", o->escalate, "escalate tickets due for automatic escalation");
    c->add_flag("--config-only", o->config_only, "validate the configuration only (for CI)");
    c->add_flag("--strict", o->strict, "with --config-only: warnings are errors");
    c->add_option("--cases", o->cases, "with --config-only: a TOML file of SLA expectations");
    add_format(c, o->format, {"text", "json", "github"});
    c->callback([&ctx, o] { run_sla_check(ctx, *o); });
}

} // namespace itsm::cmd
