// itsm import FILE|-: tickets from an export (NDJSON or CSV), all or nothing.

#include "commands.hpp"
#include "input.hpp"
#include "output.hpp"

#include <itsm/core/error.hpp>
#include <itsm/transfer/transfer.hpp>

#include <fmt/format.h>

#include <fstream>

namespace itsm::cmd {

namespace {

struct ImportOptions {
    std::string file;
    std::string format = "auto";
};

void run_import(AppContext& ctx, const ImportOptions& o) {
    const auto& config = ctx.config();
    transfer::ImportOptions options;
    if (o.format != "auto") {
        options.format = transfer::parse_format(o.format);
    }
    options.source = o.file == "-" ? "<stdin>" : o.file;
    options.actor = ctx.stamp("").actor;
    TerminalProgress progress(ctx.err, "importing");
    if (progress) {
        options.progress = [&progress](long long tickets) {
            progress.show(fmt::format("{} tickets", tickets));
        };
    }
    std::ifstream file;
    if (o.file != "-") {
        file = open_input(o.file, "give an export file, or - for standard input");
    }
    std::istream& in = o.file == "-" ? ctx.in : file;
    auto& store = ctx.store(store::Mode::write);
    const auto result = transfer::import_tickets(store, config, in, options);
    progress.end();
    ctx.out << fmt::format("imported {} tickets ({} events, {} links) from {}\n", result.tickets,
                           result.events, result.links, options.source);
}

} // namespace

void register_import(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ImportOptions>();
    auto* c = app.add_subcommand("import", "import tickets from an export file (all or nothing)");
    c->footer("Example: itsm --db new.db import october.ndjson\n"
              "Tickets keep their numbers; a number the store already has is an error.");
    c->add_option("file", o->file, "an export file (NDJSON or CSV), or - for standard input")
        ->required();
    add_format(c, o->format, {"auto", "ndjson", "csv"});
    c->callback([&ctx, o] { run_import(ctx, *o); });
}

} // namespace itsm::cmd
