// itsm assign: (re)assigns a ticket to a group and optionally a person.

#include "commands.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct AssignOptions {
    std::string id;
    std::string group;
    std::string to;
    std::string at;
    std::string format = "text";
};

void run_assign(AppContext& ctx, const AssignOptions& o) {
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t = desk::assign(ctx.store(store::Mode::write), config, o.id, o.group, o.to, stamp);
    print_change(ctx, t, o.format,
                 fmt::format("{} assigned to {}{}", desk::display_id(config, t), t.group,
                             t.assignee.empty() ? "" : " (" + t.assignee + ")"));
}

} // namespace

void register_assign(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<AssignOptions>();
    auto* c = app.add_subcommand("assign", "assign a ticket to a group and optionally a person");
    c->footer("Example: itsm assign INC-42 --group network --to alice");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    c->add_option("--group", o->group, "assignment group")->required();
    c->add_option("--to", o->to, "assignee (a person; counts as the response)");
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_assign(ctx, *o); });
}

} // namespace itsm::cmd
