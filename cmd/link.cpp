// itsm link / unlink: attach a record to an existing problem or change, or detach it.

#include "commands.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct LinkOptions {
    std::string id;
    std::string other;
    std::string at;
    std::string format = "text";
};

void run_link(AppContext& ctx, const LinkOptions& o, bool unlink) {
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    auto& store = ctx.store(store::Mode::write);
    const auto t = unlink ? desk::unlink(store, config, o.id, o.other, stamp)
                          : desk::link(store, config, o.id, o.other, stamp);
    const auto other = desk::load(store, config, o.other);
    print_change(ctx, t, o.format,
                 fmt::format("{} {} {}", desk::display_id(config, t),
                             unlink ? "unlinked from" : "linked to",
                             desk::display_id(config, other)));
}

void add_link_command(CLI::App& app, AppContext& ctx, bool unlink) {
    auto o = std::make_shared<LinkOptions>();
    auto* c = unlink ? app.add_subcommand("unlink", "remove the link between a record and a "
                                                    "problem or change")
                     : app.add_subcommand("link", "link a record to an existing problem or "
                                                  "change");
    c->footer(unlink ? "Example: itsm unlink INC-12 PRB-7"
                     : "Example: itsm link INC-12 PRB-7   (show lists the link on both)");
    c->add_option("id", o->id, "the record (INC-12 or 12)")->required();
    c->add_option("other", o->other, "the problem or change (PRB-7)")->required();
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o, unlink] { run_link(ctx, *o, unlink); });
}

} // namespace

void register_link(CLI::App& app, AppContext& ctx) {
    add_link_command(app, ctx, false);
}

void register_unlink(CLI::App& app, AppContext& ctx) {
    add_link_command(app, ctx, true);
}

} // namespace itsm::cmd
