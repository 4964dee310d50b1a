// itsm note: adds a work note to a ticket.

#include "commands.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct NoteOptions {
    std::string id;
    std::string text;
    std::string at;
    std::string format = "text";
};

void run_note(AppContext& ctx, const NoteOptions& o) {
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t = desk::note(ctx.store(store::Mode::write), config, o.id, ctx.text(o.text), stamp);
    print_change(ctx, t, o.format, fmt::format("{} noted", desk::display_id(config, t)));
}

} // namespace

void register_note(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<NoteOptions>();
    auto* c = app.add_subcommand("note", "add a work note or update to a ticket");
    c->footer("Example: itsm note INC-42 \"Called the user; cable replaced\"");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    c->add_option("text", o->text, "the note (- reads stdin)")->required();
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_note(ctx, *o); });
}

} // namespace itsm::cmd
