// itsm reopen: puts a resolved or closed ticket back to work; the resolve clock restarts.

#include "commands.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct ReopenOptions {
    std::string id;
    std::string reason;
    std::string at;
    std::string format = "text";
};

void run_reopen(AppContext& ctx, const ReopenOptions& o) {
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t =
        desk::reopen(ctx.store(store::Mode::write), config, o.id, ctx.text(o.reason), stamp);
    print_change(ctx, t, o.format, fmt::format("{} reopened", desk::display_id(config, t)));
}

} // namespace

void register_reopen(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ReopenOptions>();
    auto* c = app.add_subcommand("reopen", "reopen a resolved or closed ticket");
    c->footer("Example: itsm reopen INC-42 --reason \"printer jams again\"");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    c->add_option("--reason", o->reason, "why (- reads stdin)")->required();
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_reopen(ctx, *o); });
}

} // namespace itsm::cmd
