// itsm close: closes a ticket, with the customer's confirmation (satisfaction, comment).

#include "commands.hpp"
#include "numbers.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct CloseOptions {
    std::string id;
    desk::CloseRequest request;
    std::string at;
    std::string format = "text";
};

void run_close(AppContext& ctx, CloseOptions& o) {
    o.request.resolution = ctx.text(o.request.resolution);
    o.request.comment = ctx.text(o.request.comment);
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t = desk::close(ctx.store(store::Mode::write), config, o.id, o.request, stamp);
    print_change(ctx, t, o.format, fmt::format("{} closed", desk::display_id(config, t)));
}

} // namespace

void register_close(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<CloseOptions>();
    auto* c = app.add_subcommand("close", "close a ticket (from resolved, or with a resolution)");
    c->footer("Example: itsm close INC-42 --satisfaction 5 --comment \"Quick and friendly\"");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    auto& r = o->request;
    c->add_option("--resolution", r.resolution, "what was done, if not resolved before");
    c->add_option("--code", r.code, "resolution code");
    add_number(c, "--satisfaction", r.satisfaction, "customer's satisfaction, 1 to 5",
               k_satisfaction);
    c->add_option("--comment", r.comment, "customer's comment (- reads stdin)");
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_close(ctx, *o); });
}

} // namespace itsm::cmd
