#pragma once
// The registry of subcommands: one register_<verb> per file in cmd/.

#include "context.hpp"

#include <itsm/knowledge/search.hpp>

#include <nlohmann/json.hpp>

namespace itsm::cmd {

void register_log(CLI::App& app, AppContext& ctx);
void register_assign(CLI::App& app, AppContext& ctx);
void register_escalate(CLI::App& app, AppContext& ctx);
void register_link(CLI::App& app, AppContext& ctx);
void register_unlink(CLI::App& app, AppContext& ctx);
void register_hold(CLI::App& app, AppContext& ctx);
void register_resume(CLI::App& app, AppContext& ctx);
void register_note(CLI::App& app, AppContext& ctx);
void register_update(CLI::App& app, AppContext& ctx);
void register_resolve(CLI::App& app, AppContext& ctx);
void register_close(CLI::App& app, AppContext& ctx);
void register_reopen(CLI::App& app, AppContext& ctx);
void register_show(CLI::App& app, AppContext& ctx);
void register_list(CLI::App& app, AppContext& ctx);
void register_sla_check(CLI::App& app, AppContext& ctx);
void register_report(CLI::App& app, AppContext& ctx);
void register_services(CLI::App& app, AppContext& ctx);
void register_maintenance(CLI::App& app, AppContext& ctx);
void register_export(CLI::App& app, AppContext& ctx);
void register_import(CLI::App& app, AppContext& ctx);
void register_config(CLI::App& app, AppContext& ctx);
void register_init(CLI::App& app, AppContext& ctx);
void register_check(CLI::App& app, AppContext& ctx);
void register_backup(CLI::App& app, AppContext& ctx);
void register_store(CLI::App& app, AppContext& ctx);
void register_notify(CLI::App& app, AppContext& ctx);
void register_search(CLI::App& app, AppContext& ctx);
void register_calendar(CLI::App& app, AppContext& ctx);
void register_mail_in(CLI::App& app, AppContext& ctx);
void register_reply(CLI::App& app, AppContext& ctx);
void register_attachment(CLI::App& app, AppContext& ctx);

/// Adds the global options and every command, in help order.
void register_all(CLI::App& app, AppContext& ctx);
/// Adds the global options and only the command `args` (argv without the program) names, when
/// its first word that is neither an option nor a global option's value names one: setting up
/// every command's options is a sixth of a short command's work. False, adding nothing, when
/// the command is not found; the caller then registers all of them.
bool register_invoked(CLI::App& app, AppContext& ctx, const std::vector<std::string>& args);

/// Knowledge-base hits as a JSON array (id, title, status, resolution, snippet, score).
nlohmann::json hits_json(AppContext& ctx, const std::vector<knowledge::Hit>& hits);
/// Knowledge-base hits: as JSON, or one block per ticket; `none` when there are none.
void print_hits(AppContext& ctx, const std::vector<knowledge::Hit>& hits, const std::string& format,
                const std::string& none);

/// Prints a changed ticket: a one-line summary, or the ticket as JSON with --format json.
void print_change(AppContext& ctx, const model::Ticket& ticket, const std::string& format,
                  const std::string& summary);

} // namespace itsm::cmd
