#include "commands.hpp"

#include <itsm/desk/view.hpp>
#include <itsm/store/store.hpp>

#include <ostream>

namespace itsm::cmd {

void register_all(CLI::App& app, AppContext& ctx) {
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
        "'itsm COMMAND --help' shows a command's options; 'man itsm' has them all.");

    // Order here is the order of `itsm --help`.
    register_log(app, ctx);
    register_assign(app, ctx);
    register_escalate(app, ctx);
    register_hold(app, ctx);
    register_resume(app, ctx);
    register_note(app, ctx);
    register_update(app, ctx);
    register_resolve(app, ctx);
    register_close(app, ctx);
    register_reopen(app, ctx);
    register_show(app, ctx);
    register_list(app, ctx);
    register_search(app, ctx);
    register_sla_check(app, ctx);
    register_notify(app, ctx);
    register_report(app, ctx);
    register_services(app, ctx);
    register_maintenance(app, ctx);
    register_export(app, ctx);
    register_import(app, ctx);
    register_config(app, ctx);
    register_init(app, ctx);
    register_check(app, ctx);
    register_backup(app, ctx);
}

void print_change(AppContext& ctx, const model::Ticket& ticket, const std::string& format,
                  const std::string& summary) {
    if (format == "json") {
        auto& store = ctx.store(store::Mode::read);
        const auto v = desk::view(store, ctx.config(), ticket, ticket.updated_at, {});
        ctx.out << desk::to_json(v, false, false).dump(2) << '\n';
        return;
    }
    ctx.out << summary << '\n';
}

} // namespace itsm::cmd
