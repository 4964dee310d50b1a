// itsm update: changes fields of a ticket; each change is recorded in its history.

#include "commands.hpp"

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct UpdateOptions {
    std::string id;
    desk::UpdateRequest request;
    std::string outage_start;
    std::string outage_end;
    std::string at;
    std::string format = "text";
};

void run_update(AppContext& ctx, UpdateOptions& o) {
    if (o.request.description) {
        o.request.description = ctx.text(*o.request.description);
    }
    if (!o.outage_start.empty()) {
        o.request.outage_start = ctx.at(o.outage_start, "--outage-start");
    }
    if (!o.outage_end.empty()) {
        o.request.outage_end = ctx.at(o.outage_end, "--outage-end");
    }
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto t = desk::update(ctx.store(store::Mode::write), config, o.id, o.request, stamp);
    print_change(ctx, t, o.format, fmt::format("{} updated", desk::display_id(config, t)));
}

} // namespace

void register_update(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<UpdateOptions>();
    auto* c = app.add_subcommand("update", "change fields of a ticket");
    c->footer("Example: itsm update INC-42 --priority P2 --service email");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    auto& r = o->request;
    c->add_option("--title", r.title, "new title");
    c->add_option("--description", r.description, "new description (- reads stdin)");
    c->add_option("--priority", r.priority, "new priority (SLA recomputed from logging)");
    c->add_option("--service", r.service, "new service (SLA recomputed from logging)");
    c->add_option("--requester", r.requester, "new requester");
    c->add_option("--email", r.email, "new e-mail");
    c->add_option("--org", r.org, "new organisation");
    c->add_option("--channel", r.channel, "new channel");
    c->add_option("--outage-start", o->outage_start,
                  "the service went down at TIME (records an outage; incidents)")
        ->type_name("TIME");
    c->add_option("--outage-end", o->outage_end,
                  "the service was back at TIME (default: when the incident is resolved)")
        ->type_name("TIME");
    add_at(c, o->at, "when it happened (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_update(ctx, *o); });
}

} // namespace itsm::cmd
