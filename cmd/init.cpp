// itsm init: writes a starter configuration, one of the examples built into the binary, into
// the configuration folder; never overwrites a file unless told to.

#include "commands.hpp"

#include <itsm/core/error.hpp>
#include <itsm/core/suggest.hpp>
#include <itsm/examples/examples.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <ostream>

namespace itsm::cmd {

namespace {

namespace fs = std::filesystem;

struct InitOptions {
    std::string example = "mkip";
    bool force = false;
    bool list = false;
};

// The example's files, or a UsageError naming the examples there are.
std::vector<examples::File> example_files(const std::string& name) {
    auto files = examples::files_of(name);
    if (files.empty()) {
        const auto names = examples::names();
        std::string known;
        for (const auto& n : names) {
            known += (known.empty() ? "" : ", ") + n;
        }
        throw UsageError("no example \"" + name + "\"" + did_you_mean(name, names) +
                         "; the examples are " + known + " (itsm init --list)");
    }
    return files;
}

void write_file(const fs::path& path, std::string_view content) {
    // Written beside the target and renamed over it, so a failure leaves no half file.
    fs::path partial = path;
    partial += ".partial";
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        if (!out.flush()) {
            std::error_code ignored;
            fs::remove(partial, ignored);
            throw UsageError("cannot write " + path.string());
        }
    }
    std::error_code ec;
    fs::rename(partial, path, ec);
    if (ec) {
        fs::remove(partial, ec);
        throw UsageError("cannot write " + path.string() + ": " + ec.message());
    }
}

void run_init(AppContext& ctx, const InitOptions& o) {
    if (o.list) {
        const auto names = examples::names();
        std::size_t width = 0;
        for (const auto& name : names) {
            width = std::max(width, name.size());
        }
        for (const auto& name : names) {
            ctx.out << name << std::string(width - name.size() + 2, ' ') << examples::title_of(name)
                    << '\n';
        }
        return;
    }
    const auto files = example_files(o.example);
    const fs::path dir = ctx.config_dir();
    std::error_code ec;
    // Check every file first: either all are written or none.
    for (const auto& f : files) {
        const fs::path target = dir / f.name;
        if (fs::is_directory(target, ec)) {
            throw UsageError(target.string() + " is a folder; remove it or give another --config");
        }
        if (!o.force && fs::exists(target, ec)) {
            throw UsageError(target.string() +
                             " exists; itsm init does not overwrite a configuration: give "
                             "--force to replace it, or --config DIR to write elsewhere");
        }
    }
    fs::create_directories(dir, ec);
    if (ec) {
        throw UsageError("cannot create the configuration folder " + dir.string() + ": " +
                         ec.message());
    }
    for (const auto& f : files) {
        const fs::path target = dir / f.name;
        fs::create_directories(target.parent_path(), ec); // a policy version's folder
        write_file(target, f.content);
        ctx.out << target.string() << '\n';
    }
    ctx.err << "itsm: wrote the " << o.example << " example; check it with: itsm --config "
            << dir.string() << " sla-check --config-only --cases " << (dir / "cases.toml").string()
            << '\n';
}

} // namespace

void register_init(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<InitOptions>();
    auto* c = app.add_subcommand("init", "write a starter configuration (one of the bundled "
                                         "examples) into the configuration folder");
    c->footer("Examples: itsm init                      # the MKIP example into ~/.config/itsm\n"
              "          itsm --config ./itsm init --example taxud\n"
              "          itsm init --list");
    c->add_option("--example", o->example, "which example (default mkip; see --list)")
        ->type_name("NAME");
    c->add_flag("--force", o->force, "replace files that exist");
    c->add_flag("--list", o->list, "list the bundled examples");
    c->callback([&ctx, o] { run_init(ctx, *o); });
}

} // namespace itsm::cmd
