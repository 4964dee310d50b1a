// itsm config show: prints the effective configuration as TOML.

#include "commands.hpp"

#include <ostream>

namespace itsm::cmd {

void register_config(CLI::App& app, AppContext& ctx) {
    auto* c = app.add_subcommand("config", "configuration commands");
    c->footer("Example: itsm config path");
    c->require_subcommand(1);
    auto* show = c->add_subcommand("show", "print the effective configuration as TOML");
    show->footer("Example: itsm --config /etc/itsm config show > effective.toml");
    show->callback([&ctx] { ctx.out << config::to_toml(ctx.config()); });
    auto* path = c->add_subcommand("path", "print the configuration folder and the store path");
    path->footer("Example: ITSM_CONFIG=/etc/itsm itsm config path");
    path->callback([&ctx] {
        ctx.out << "config " << ctx.config_dir() << '\n' << "store  " << ctx.store_path() << '\n';
    });
}

} // namespace itsm::cmd
