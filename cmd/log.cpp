// itsm log: creates a ticket and prints its id.

#include "commands.hpp"

#include <itsm/core/error.hpp>
#include <itsm/render/terminal.hpp>

#include <fmt/format.h>

#include <ostream>

namespace itsm::cmd {

namespace {

struct LogOptions {
    desk::LogRequest request;
    std::string type = "incident";
    std::string at;
    std::string format = "text";
};

// Resolved tickets that look like the new one, as a hint for the first line.
void print_similar_hint(AppContext& ctx, const model::Ticket& ticket, const std::string& id) {
    try {
        const auto hits = knowledge::similar(ctx.store(store::Mode::read), ticket, 3);
        if (hits.empty()) {
            return;
        }
        ctx.out << fmt::format("hint: resolved tickets like this one ('itsm show {} --similar'):\n",
                               id);
        for (const auto& h : hits) {
            ctx.out << fmt::format("  {}  {}: {}\n", desk::display_id(ctx.config(), h.ticket),
                                   render::terminal_text(h.ticket.title),
                                   render::terminal_text(h.ticket.resolution));
        }
    } catch (const std::exception&) {
        // A hint is never worth failing the command for.
    }
}

void run_log(AppContext& ctx, LogOptions& o) {
    const auto type = model::parse_type(o.type);
    if (!type) {
        throw UsageError("--type must be incident, request, problem, change or interaction");
    }
    o.request.type = *type;
    o.request.description = ctx.text(o.request.description);
    o.request.title = ctx.text(o.request.title);
    const auto stamp = ctx.stamp(o.at);
    const auto& config = ctx.config();
    const auto ticket = desk::log(ctx.store(store::Mode::write), config, o.request, stamp);
    if (!ticket.service.empty() && config.find_service(ticket.service) == nullptr) {
        say(ctx.err, "note",
            fmt::format("service \"{}\" is not in the catalogue; the ticket is recorded as "
                        "uncatalogued",
                        ticket.service));
    }
    if (o.format == "json") {
        print_change(ctx, ticket, o.format, "");
        return;
    }
    const std::string id = desk::display_id(config, ticket);
    ctx.out << id << '\n';
    // On a terminal only: `id=$(itsm log ...)` must still get the id alone.
    if (ctx.width() > 0) {
        print_similar_hint(ctx, ticket, id);
    }
}

} // namespace

void register_log(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<LogOptions>();
    auto* c = app.add_subcommand("log", "log a new ticket and print its id");
    c->footer("Example: id=$(itsm log --title \"Printer on floor 2 jams\" --priority P3a "
              "--service printing --requester \"Ann Lee\")");
    auto& r = o->request;
    c->add_option("--title", r.title, "short summary (- reads stdin)")->required();
    c->add_option("--type", o->type, "incident|request|problem|change|interaction")
        ->check(CLI::IsMember(model::type_names()));
    c->add_option("--priority", r.priority, "priority id (e.g. P1, P3a)");
    c->add_option("--impact", r.impact, "high|medium|low (with --urgency)");
    c->add_option("--urgency", r.urgency, "high|medium|low (with --impact)");
    c->add_option("--service", r.service, "service of the catalogue");
    c->add_option("--requester", r.requester, "who asked");
    c->add_option("--email", r.email, "requester's e-mail");
    c->add_option("--org", r.org, "requester's organisation");
    c->add_option("--channel", r.channel, "phone|email|web|sms|walk-in|...");
    c->add_option("--description", r.description, "details (- reads stdin)");
    c->add_option("--group", r.group, "assignment group (default: the service's)");
    c->add_option("--to", r.assignee, "assignee");
    c->add_flag("--outage", r.outage,
                "the service is down: an outage from --at until resolution (incidents)");
    add_at(c, o->at, "when it was reported (default now)");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_log(ctx, *o); });
}

} // namespace itsm::cmd
