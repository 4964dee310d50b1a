// itsm config show | diff | path: the effective configuration as TOML, what changed between
// two versions of the terms, and where the configuration and the store are.

#include "commands.hpp"

#include <itsm/core/error.hpp>

#include <fmt/format.h>

#include <ostream>

namespace itsm::cmd {

namespace {

// "policy 5e9d910b3a0e0df1 of policies/2027-01-01, in force at 2027-01-01 00:00"
std::string version_label(AppContext& ctx, time::Instant at) {
    const auto* version = ctx.config().policy_version_at(at);
    const bool top = version == nullptr || version->folder.empty();
    return fmt::format("policy {} of {}, in force at {}", ctx.config().policy_at(at).policy,
                       top ? std::string("the top-level files") : version->folder,
                       time::format_local(at, ctx.config().zone));
}

void run_diff(AppContext& ctx, const std::vector<std::string>& ats) {
    if (ats.size() != 2) {
        throw UsageError("config diff takes two times: itsm config diff --at 2026-12-31 --at "
                         "2027-01-01");
    }
    const auto from = ctx.at(ats[0]);
    const auto to = ctx.at(ats[1]);
    const auto& a = ctx.config().policy_at(from);
    const auto& b = ctx.config().policy_at(to);
    const auto text = config::diff(a, version_label(ctx, from), b, version_label(ctx, to));
    if (text.empty()) {
        ctx.out << fmt::format("no change: the same terms are in force at {} and at {} ({})\n",
                               time::format_local(from, ctx.config().zone),
                               time::format_local(to, ctx.config().zone), a.policy);
        return;
    }
    ctx.out << text;
    ctx.exit_code = 1; // as diff(1): the two differ
}

} // namespace

void register_config(CLI::App& app, AppContext& ctx) {
    auto* c = app.add_subcommand("config", "configuration commands");
    c->footer("Example: itsm config path");
    c->require_subcommand(1);
    auto show_at = std::make_shared<std::string>();
    auto* show = c->add_subcommand("show", "print the effective configuration as TOML");
    show->footer("Example: itsm --config /etc/itsm config show > effective.toml");
    add_at(show, *show_at, "the terms in force at TIME (default: now)");
    show->callback(
        [&ctx, show_at] { ctx.out << config::to_toml(ctx.config().policy_at(ctx.at(*show_at))); });
    auto diff_at = std::make_shared<std::vector<std::string>>();
    auto* diff = c->add_subcommand("diff", "what changed in the terms between two times");
    diff->footer("Example: itsm config diff --at 2026-12-31 --at 2027-01-01\n"
                 "Exit status 0 when the same terms are in force at both, 1 when they differ.");
    diff->add_option("--at", *diff_at, "a time: give two (policy versions by date)")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->type_name("TIME");
    diff->callback([&ctx, diff_at] { run_diff(ctx, *diff_at); });
    auto* path = c->add_subcommand("path", "print the configuration folder and the store path");
    path->footer("Example: ITSM_CONFIG=/etc/itsm itsm config path");
    path->callback([&ctx] {
        ctx.out << "config " << ctx.config_dir() << '\n' << "store  " << ctx.store_path() << '\n';
    });
}

} // namespace itsm::cmd
