// itsm show: one ticket with its SLA state and full history.

#include "commands.hpp"

#include <itsm/desk/view.hpp>
#include <itsm/mail/attachments.hpp>

#include <fmt/format.h>

namespace itsm::cmd {

namespace {

struct ShowOptions {
    std::string id;
    std::string at;
    bool explain = false;
    bool similar = false;
    std::string format = "text";
};

void run_show(AppContext& ctx, const ShowOptions& o) {
    const auto& config = ctx.config();
    auto& store = ctx.store(store::Mode::read);
    const auto at = ctx.at(o.at);
    const auto ticket = desk::load(store, config, o.id);
    sla::Options options;
    options.ledger = o.explain;
    auto v = desk::view(store, config, ticket, at, options);
    desk::with_olas(v, config, at, options);
    std::vector<knowledge::Hit> similar;
    if (o.similar) {
        similar = knowledge::similar(store, ticket, 5);
    }
    const auto files = mail::attachments_of(store, ticket.number);
    if (o.format == "json") {
        auto j = desk::to_json(v, true, o.explain, true);
        j["attachments"] = nlohmann::json::array();
        for (const auto& f : files) {
            j["attachments"].push_back({{"id", f.id},
                                        {"filename", f.filename},
                                        {"content_type", f.content_type},
                                        {"size", f.size}});
        }
        if (o.similar) {
            j["similar"] = hits_json(ctx, similar);
        }
        if (v.policy) {
            const auto& p = *v.policy;
            j["policy"] = {
                {"measured_by", p.measured_by},
                {"version", p.version.empty() ? nlohmann::json() : nlohmann::json(p.version)},
                {"recorded", p.recorded.empty() ? nlohmann::json() : nlohmann::json(p.recorded)},
                {"changed", p.changed()}};
        }
        ctx.out << j.dump(2) << '\n';
    } else {
        ctx.out << desk::to_text(v, config.zone, o.explain);
        if (!files.empty()) {
            ctx.out << "\nAttachments ('itsm attachment get ID'):\n";
            for (const auto& f : files) {
                ctx.out << fmt::format("  {:>5}  {}  {}  {} bytes\n", f.id, f.filename,
                                       f.content_type, f.size);
            }
        }
        if (o.similar) {
            ctx.out << "\nSimilar resolved tickets:\n";
            print_hits(ctx, similar, o.format, "  none");
        }
    }
}

} // namespace

void register_show(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ShowOptions>();
    auto* c = app.add_subcommand("show", "show a ticket with its SLA state and history");
    c->footer("Example: itsm show INC-42 --explain --format json | jq .sla");
    c->add_option("id", o->id, "ticket id (INC-42 or 42)")->required();
    add_at(c, o->at, "evaluate as of TIME (default now)");
    c->add_flag("--explain", o->explain, "add each clock's ledger of counted and paused time");
    c->add_flag("--similar", o->similar,
                "add resolved tickets that look like this one, with their resolutions");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_show(ctx, *o); });
}

} // namespace itsm::cmd
