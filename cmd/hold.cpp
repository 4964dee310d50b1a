// itsm hold: puts a ticket on hold (e.g. awaiting the requester); the resolve clock pauses.

#include "commands.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct HoldOptions {
    std::string id;
    std::string reason;
    std::string at;
    std::string format = "text";
};

void run_hold(AppContext& ctx, const HoldOptions& o) {
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t =
        desk::hold(ctx.store(store::Mode::write), config, o.id, ctx.text(o.reason), stamp);
    print_change(ctx, t, o.format,
                 fmt::format("{} on hold: {}", desk::display_id(config, t), t.hold_reason));
}

} // namespace

void register_hold(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<HoldOptions>();
    auto* c = app.add_subcommand("hold", "put a ticket on hold; the resolve clock pauses");
    c->footer("Example: itsm hold INC-42 --reason \"awaiting requester\"");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    c->add_option("--reason", o->reason, "why (- reads stdin)")->required();
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_hold(ctx, *o); });
}

} // namespace itsm::cmd
