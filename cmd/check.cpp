// itsm check: verifies the store (integrity, whole tickets, replay, audit chain, seals); exit 6
// when anything is wrong.

#include "commands.hpp"

#include <itsm/core/error.hpp>
#include <itsm/desk/store_check.hpp>
#include <itsm/render/terminal.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace itsm::cmd {

namespace {

struct CheckOptions {
    std::string format = "text";
};

void run_check(AppContext& ctx, const CheckOptions& o) {
    const auto& config = ctx.config();
    auto& store = ctx.existing_store();
    const std::string path = store.location();
    const auto v = desk::verify(store, config);
    if (o.format == "json") {
        nlohmann::json problems = nlohmann::json::array();
        for (const auto& p : v.problems) {
            problems.push_back(
                {{"check", p.check},
                 {"ticket", p.ticket.empty() ? nlohmann::json() : nlohmann::json(p.ticket)},
                 {"event", p.event == 0 ? nlohmann::json() : nlohmann::json(p.event)},
                 {"message", p.message}});
        }
        nlohmann::json policies = nlohmann::json::array();
        for (const auto& d : v.policies) {
            policies.push_back(
                {{"recorded", d.recorded},
                 {"in_force", d.in_force},
                 {"version", d.folder.empty() ? nlohmann::json() : nlohmann::json(d.folder)},
                 {"tickets", d.tickets},
                 {"first", d.first},
                 {"last", d.last},
                 {"from", time::format_utc(d.from)},
                 {"to", time::format_utc(d.to)}});
        }
        ctx.out << nlohmann::json{{"store", path},
                                  {"ok", v.ok()},
                                  {"tickets", v.tickets},
                                  {"events", v.events},
                                  {"chain_head", v.chain_head},
                                  {"sealed_rows", v.sealed_rows},
                                  {"problems_total", v.total_problems},
                                  {"problems", problems},
                                  {"policy_changes", policies}}
                       .dump(2)
                << '\n';
    } else {
        for (const auto& d : v.policies) {
            ctx.out << "policy: " << render::terminal_text(desk::describe(d, config.zone)) << '\n';
        }
        for (const auto& p : v.problems) {
            ctx.out << p.check << ": " << render::terminal_text(p.message) << '\n';
        }
        if (v.ok()) {
            ctx.out << fmt::format(
                "{}: ok: {} tickets, {} events; integrity ok, every ticket "
                "whole and equal to its history, audit chain intact, {} sealed row{} "
                "intact\n"
                "chain head {}\n",
                path, v.tickets, v.events, v.sealed_rows, v.sealed_rows == 1 ? "" : "s",
                v.chain_head);
        } else if (v.total_problems > static_cast<long long>(v.problems.size())) {
            ctx.out << fmt::format("... and {} more\n",
                                   v.total_problems - static_cast<long long>(v.problems.size()));
        }
    }
    if (!v.policies.empty()) {
        long long tickets = 0;
        for (const auto& d : v.policies) {
            tickets += d.tickets;
        }
        say(ctx.err, "warning",
            fmt::format("{} ticket{} measured by terms no longer in the configuration for the "
                        "time {} logged (the \"policy\" lines); the store itself is not at fault",
                        tickets, tickets == 1 ? " is" : "s are",
                        tickets == 1 ? "it was" : "they were"));
    }
    if (!v.ok()) {
        const auto& first = v.problems.front();
        std::string counts;
        for (const auto& [check, n] : v.counts) {
            counts += fmt::format("{}{} {}", counts.empty() ? "" : ", ", check, n);
        }
        throw StoreError(fmt::format("the store {} failed its check with {} problem{} ({}); "
                                     "first: {}: {}; restore it from a backup (itsm backup) or "
                                     "look at the rows named above",
                                     path, v.total_problems, v.total_problems == 1 ? "" : "s",
                                     counts, first.check, first.message));
    }
}

} // namespace

void register_check(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<CheckOptions>();
    auto* c = app.add_subcommand("check", "verify the store: integrity, history and audit chain");
    c->footer("Example: itsm check || mail -s 'itsm store check failed' admin@example.org\n"
              "Exit 0 when the store is sound, 6 when something is wrong (each problem is "
              "listed).");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_check(ctx, *o); });
}

} // namespace itsm::cmd
