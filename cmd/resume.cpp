// itsm resume: takes a ticket off hold; the resolve clock counts again.

#include "commands.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct ResumeOptions {
    std::string id;
    std::string at;
    std::string format = "text";
};

void run_resume(AppContext& ctx, const ResumeOptions& o) {
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t = desk::resume(ctx.store(store::Mode::write), config, o.id, stamp);
    print_change(
        ctx, t, o.format,
        fmt::format("{} resumed ({})", desk::display_id(config, t), model::to_string(t.status)));
}

} // namespace

void register_resume(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ResumeOptions>();
    auto* c = app.add_subcommand("resume", "take a ticket off hold");
    c->footer("Example: itsm resume INC-42");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_resume(ctx, *o); });
}

} // namespace itsm::cmd
