// itsm resolve: marks a ticket resolved, awaiting the requester's confirmation.

#include "commands.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct ResolveOptions {
    std::string id;
    std::string resolution;
    std::string code;
    std::string at;
    std::string format = "text";
};

void run_resolve(AppContext& ctx, const ResolveOptions& o) {
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t = desk::resolve(ctx.store(store::Mode::write), config, o.id,
                                 ctx.text(o.resolution), o.code, stamp);
    print_change(ctx, t, o.format, fmt::format("{} resolved", desk::display_id(config, t)));
}

} // namespace

void register_resolve(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ResolveOptions>();
    auto* c = app.add_subcommand("resolve", "resolve a ticket (awaiting confirmation)");
    c->footer("Example: itsm resolve INC-42 --resolution \"Replaced the toner\" --code fixed");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    c->add_option("--resolution", o->resolution, "what was done (- reads stdin)")->required();
    c->add_option("--code", o->code, "resolution code");
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_resolve(ctx, *o); });
}

} // namespace itsm::cmd
