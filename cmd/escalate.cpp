// itsm escalate: functional (next tier or --to GROUP), hierarchical, or to a linked record.

#include "commands.hpp"

#include <itsm/core/error.hpp>

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct EscalateOptions {
    std::string id;
    std::string to;
    std::string reason;
    bool hierarchical = false;
    std::string to_type;
    std::string title;
    std::string at;
    std::string format = "text";
};

void run_escalate(AppContext& ctx, const EscalateOptions& o) {
    const int modes =
        (!o.to.empty() ? 1 : 0) + (o.hierarchical ? 1 : 0) + (!o.to_type.empty() ? 1 : 0);
    if (modes > 1) {
        throw UsageError("give one of --to GROUP, --hierarchical or --to-type TYPE");
    }
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    auto& store = ctx.store(store::Mode::write);
    const std::string reason = ctx.text(o.reason);
    if (!o.to_type.empty()) {
        const auto type = model::parse_type(o.to_type);
        const auto record = desk::escalate_to_type(store, config, o.id, *type, o.title, stamp);
        if (o.format == "json") {
            print_change(ctx, record, o.format, "");
        } else {
            ctx.out << desk::display_id(config, record) << '\n';
        }
        return;
    }
    if (o.hierarchical) {
        const auto t = desk::escalate_hierarchical(store, config, o.id, reason, stamp);
        const auto& level = config.chain[static_cast<std::size_t>(t.escalation_level - 1)];
        print_change(ctx, t, o.format,
                     fmt::format("{} escalated to level {}: {}{}", desk::display_id(config, t),
                                 t.escalation_level, level.name,
                                 level.email.empty() ? "" : " <" + level.email + ">"));
        return;
    }
    const std::string assignee = desk::load(store, config, o.id).assignee;
    const auto t = desk::escalate(store, config, o.id, o.to, reason, stamp);
    print_change(ctx, t, o.format,
                 fmt::format("{} escalated to {}{}{}", desk::display_id(config, t), t.group,
                             t.tier > 0 ? fmt::format(" (tier {})", t.tier) : "",
                             assignee.empty() ? "" : "; taken from " + assignee));
}

} // namespace

void register_escalate(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<EscalateOptions>();
    auto* c = app.add_subcommand("escalate", "escalate a ticket: next tier, management, or to a "
                                             "problem/change record");
    c->footer("Examples: itsm escalate INC-42 --reason \"needs network team\"\n"
              "          itsm escalate INC-42 --hierarchical --reason \"SLA breached\"\n"
              "          prb=$(itsm escalate INC-42 --to-type problem)");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    c->add_option("--to", o->to, "escalate to this group instead of the next tier");
    c->add_option("--reason", o->reason, "why (- reads stdin)");
    c->add_flag("--hierarchical", o->hierarchical, "raise the management escalation level");
    c->add_option("--to-type", o->to_type,
                  "create a linked record: incident or request from an interaction, problem or "
                  "change from the others")
        ->check(CLI::IsMember({"incident", "request", "problem", "change"}));
    c->add_option("--title", o->title, "title of the new record (with --to-type)");
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_escalate(ctx, *o); });
}

} // namespace itsm::cmd
