// itsm reply: answers a ticket's requester by e-mail; the answer is a public event and the
// ticket's response (docs/mail.md).

#include "commands.hpp"

#include <itsm/mail/reply.hpp>

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct ReplyOptions {
    std::string id;
    std::string text;
    std::vector<std::string> cc;
    std::string at;
    std::string format = "text";
};

void run_reply(AppContext& ctx, const ReplyOptions& o) {
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t =
        mail::reply(ctx.store(store::Mode::write), config, o.id, ctx.text(o.text), o.cc, stamp);
    print_change(ctx, t, o.format,
                 fmt::format("{} replied to {}", desk::display_id(config, t), t.email));
}

} // namespace

void register_reply(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ReplyOptions>();
    auto* c = app.add_subcommand("reply", "answer a ticket's requester by e-mail (public)");
    c->footer("Example: itsm reply INC-42 \"The printer is fixed; please try again.\"");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    c->add_option("text", o->text, "the answer (- reads stdin)")->required();
    c->add_option("--cc", o->cc, "also to this address (repeatable)")->type_name("ADDRESS");
    add_at(c, o->at, "when it was sent (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_reply(ctx, *o); });
}

} // namespace itsm::cmd
