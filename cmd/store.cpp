// itsm store init: sets up the store (a server's database gets its schema; a file store is
// created as by a first write) and prints where it is.

#include "commands.hpp"

#include <itsm/store/store.hpp>

#include <ostream>

namespace itsm::cmd {

namespace {

void run_store_init(AppContext& ctx) {
    ctx.out << ctx.init_store().location() << '\n';
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
    init->callback([&ctx] { run_store_init(ctx); });
}

} // namespace itsm::cmd
