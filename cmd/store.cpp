// itsm store init: sets up the store (a server's database gets its schema; a file store is
// created as by a first write) and prints where it is.

#include "commands.hpp"

#include <itsm/store/store.hpp>

#include <memory>
#include <ostream>

namespace itsm::cmd {

namespace {

void run_store_init(AppContext& ctx, bool roles) {
    ctx.out << ctx.init_store(roles).location() << '\n';
}

} // namespace

void register_store(CLI::App& app, AppContext& ctx) {
    auto* c = app.add_subcommand("store", "set up the store");
    c->require_subcommand(1);
    c->footer("Example: ITSM_DB=postgresql:///itsm itsm store init\n"
              "A PostgreSQL store must be set up once before its first command "
              "(docs/team-store.md).");
    auto* init = c->add_subcommand(
        "init", "create the store's schema (a server's database) or the store file; print where");
    auto roles = std::make_shared<bool>(false);
    init->add_flag("--roles", *roles,
                   "also make a shared server store's roles (itsm_agent, itsm_reader, "
                   "itsm_org_reader, itsm_act_for) and grant them their rights");
    init->footer("Example: itsm --db postgresql:///itsm store init --roles\n"
                 "Then: GRANT itsm_agent TO ann; (docs/security.md, \"The shared store\")");
    init->callback([&ctx, roles] { run_store_init(ctx, *roles); });
}

} // namespace itsm::cmd
