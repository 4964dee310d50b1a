#include "commands.hpp"

#include <itsm/desk/view.hpp>
#include <itsm/render/json_writer.hpp>
#include <itsm/render/terminal.hpp>
#include <itsm/store/store.hpp>

#include <ostream>
#include <string_view>

namespace itsm::cmd {

namespace {

using Register = void (*)(CLI::App&, AppContext&);

struct Command {
    std::string_view name;
    Register add;
};

// In the order of `itsm --help`.
constexpr Command k_commands[] = {
    {"log", register_log},
    {"assign", register_assign},
    {"escalate", register_escalate},
    {"link", register_link},
    {"unlink", register_unlink},
    {"hold", register_hold},
    {"resume", register_resume},
    {"note", register_note},
    {"update", register_update},
    {"resolve", register_resolve},
    {"close", register_close},
    {"reopen", register_reopen},
    {"show", register_show},
    {"list", register_list},
    {"search", register_search},
    {"sla-check", register_sla_check},
    {"notify", register_notify},
    {"report", register_report},
    {"services", register_services},
    {"maintenance", register_maintenance},
    {"calendar", register_calendar},
    {"export", register_export},
    {"import", register_import},
    {"config", register_config},
    {"init", register_init},
    {"check", register_check},
    {"backup", register_backup},
    {"mail-in", register_mail_in},
    {"attachment", register_attachment},
    {"reply", register_reply},
    {"store", register_store},
};

void register_globals(CLI::App& app, AppContext& ctx) {
    // A command hands the options it does not know to the program, so the global options may
    // come before or after the command (`itsm sla-check --config-only --config ./x`). Commands
    // added after this line inherit it.
    app.fallthrough();
    app.add_option("--db", ctx.global.db, "the store (env ITSM_DB)")->type_name("PATH");
    app.add_option("--config", ctx.global.config, "configuration folder (env ITSM_CONFIG)")
        ->type_name("DIR");
    app.add_option("--actor", ctx.global.actor, "who is acting (env ITSM_ACTOR, $USER)")
        ->type_name("NAME");
    app.add_option("--color", ctx.global.color, "colour on a terminal: auto|always|never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->type_name("WHEN");
    app.set_version_flag("--version", std::string("itsm ") + ITSM_VERSION + " (store schema " +
                                          std::to_string(store::k_schema_version) + ")");
    app.require_subcommand(1);
    app.footer(
        "Example: id=$(itsm log --title \"Printer jams\" --priority P3a) && itsm show \"$id\"\n"
        "The global options may come before or after the command.\n"
        "'itsm COMMAND --help' shows a command's options; 'man itsm' has them all.");
}

// The global options that take a value as the next word.
bool takes_value(std::string_view arg) {
    return arg == "--db" || arg == "--config" || arg == "--actor" || arg == "--color";
}

} // namespace

void register_all(CLI::App& app, AppContext& ctx) {
    register_globals(app, ctx);
    for (const auto& command : k_commands) {
        command.add(app, ctx);
    }
}

bool register_invoked(CLI::App& app, AppContext& ctx, const std::vector<std::string>& args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        if (takes_value(arg)) {
            ++i;
            continue;
        }
        if (arg.starts_with('-') && arg != "-" && arg != "--") {
            continue;
        }
        for (const auto& command : k_commands) {
            if (command.name == arg) {
                register_globals(app, ctx);
                command.add(app, ctx);
                return true;
            }
        }
        return false;
    }
    return false;
}

void print_change(AppContext& ctx, const model::Ticket& ticket, const std::string& format,
                  const std::string& summary) {
    if (format == "json") {
        auto& store = ctx.store(store::Mode::read);
        const auto v = desk::view(store, ctx.config(), ticket, ticket.updated_at, {});
        std::string text;
        render::JsonWriter w(text, 0);
        desk::write_json(w, v, false, false);
        ctx.out << text << '\n';
        return;
    }
    ctx.out << render::terminal_text(summary) << '\n';
}

} // namespace itsm::cmd
