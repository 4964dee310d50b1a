// itsm backup PATH: a consistent copy of the store while others keep writing.

#include "commands.hpp"

#include <itsm/store/store.hpp>

namespace itsm::cmd {

namespace {

struct BackupOptions {
    std::string path;
    bool force = false;
};

void run_backup(AppContext& ctx, const BackupOptions& o) {
    ctx.existing_store().backup(o.path, o.force);
    ctx.out << o.path << '\n';
}

} // namespace

void register_backup(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<BackupOptions>();
    auto* c = app.add_subcommand("backup", "copy the store consistently while others write");
    c->footer("Example: itsm backup /var/backups/itsm/$(date +%F).db\n"
              "The copy is one snapshot of the store; it is checked and renamed into place "
              "only when complete.");
    c->add_option("path", o->path, "the backup file to write")->required();
    c->add_flag("--force", o->force, "replace PATH when it exists");
    c->callback([&ctx, o] { run_backup(ctx, *o); });
}

} // namespace itsm::cmd
