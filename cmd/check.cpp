// itsm check: verifies the store (integrity, whole tickets, replay, audit chain, seals); exit 6
// when anything is wrong.

#include "commands.hpp"
#include "output.hpp"

#include <itsm/core/error.hpp>
#include <itsm/core/file_safety.hpp>
#include <itsm/desk/store_check.hpp>
#include <itsm/render/terminal.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <optional>

namespace itsm::cmd {

namespace {

struct CheckOptions {
    std::string format = "text";
    std::optional<std::string> expect_head; // "COUNT:HASH"
};

// --expect-head's value, read before the store is opened.
std::optional<store::ChainHead> expected_head(const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    const auto head = store::parse_head(*text);
    if (!head) {
        throw UsageError(fmt::format(
            "--expect-head: \"{}\" is not a chain head; give COUNT:HASH, the number of events "
            "and the 64 hex digits of the last one's hash, as 'itsm check' and the daily report "
            "print them (e.g. 9120:5dbd9af4...)",
            render::terminal_text(*text)));
    }
    return head;
}

void run_check(AppContext& ctx, const CheckOptions& o) {
    const auto expected = expected_head(o.expect_head);
    const auto& config = ctx.config();
    auto& store = ctx.existing_store();
    const std::string path = store.location();
    // On a terminal, standard error says what the check is at: on a store of millions of
    // tickets it takes minutes (docs/security.md).
    TerminalProgress progress(ctx.err, "checking");
    desk::CheckProgress shown;
    if (progress) {
        shown = [&progress](std::string_view step) { progress.show(step); };
    }
    const auto v = desk::verify(store, config, expected, 50, shown);
    progress.end();
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
                                  {"head",
                                   {{"count", v.head.count}, {"hash", store::to_hex(v.head.hash)}}},
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
                "chain head {}\n"
                "head: {}\n",
                path, v.tickets, v.events, v.sealed_rows, v.sealed_rows == 1 ? "" : "s",
                v.chain_head, store::to_string(v.head));
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
    // A file store every user may read gives every ticket away: said, not failed, as a store
    // shared with a group by hand is the owner's choice (docs/security.md).
    for (const char* suffix : {"", "-wal", "-shm"}) {
        const std::string file = path + suffix;
        if (const auto open = core::open_to_everyone(file);
            open && std::filesystem::is_regular_file(file)) {
            say(ctx.err, "warning",
                fmt::format("the store{} {}: {}, so anyone on this machine can read every ticket; "
                            "'chmod 600 {}' (or 660 for an admin group, docs/security.md)",
                            *suffix == '\0' ? "" : "'s file", file, *open, file));
        }
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
              "Example: itsm check --expect-head \"$(cat yesterday.head)\"\n"
              "Exit 0 when the store is sound, 6 when something is wrong (each problem is "
              "listed).");
    add_format(c, o->format, {"text", "json"});
    c->add_option("--expect-head", o->expect_head,
                  "fail (exit 6) unless the chain still holds this head, COUNT:HASH as an "
                  "earlier check or daily report printed it: nothing before it was removed or "
                  "rewritten")
        ->type_name("COUNT:HASH");
    c->callback([&ctx, o] { run_check(ctx, *o); });
}

} // namespace itsm::cmd
