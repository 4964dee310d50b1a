// itsm export: tickets with their full history, as NDJSON (lossless) or CSV (fields only).

#include "commands.hpp"

#include <itsm/core/error.hpp>
#include <itsm/transfer/transfer.hpp>

#include <fmt/format.h>

#include <chrono>

namespace itsm::cmd {

namespace {

struct ExportOptions {
    std::string from;
    std::string to;
    std::string format = "ndjson";
};

// "YYYY-MM-DD": a day, as opposed to a time.
bool is_date(const std::string& text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return false;
    }
    for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (text[i] < '0' || text[i] > '9') {
            return false;
        }
    }
    return true;
}

// --from D: the start of local day D (or the instant TIME); --to D: the end of local day D
// (the day is included), or the instant TIME (excluded).
time::Instant bound(AppContext& ctx, const std::string& text, const char* option, bool end) {
    const auto t = ctx.at(text, option);
    if (!end || !is_date(text)) {
        return t;
    }
    const auto day = time::local_date(t, ctx.config().zone);
    return time::start_of_day(
        std::chrono::year_month_day{std::chrono::sys_days{day} + std::chrono::days{1}},
        ctx.config().zone);
}

void run_export(AppContext& ctx, const ExportOptions& o) {
    const auto& config = ctx.config();
    transfer::ExportOptions options;
    options.format = *transfer::parse_format(o.format);
    if (!o.from.empty()) {
        options.from = bound(ctx, o.from, "--from", false);
    }
    if (!o.to.empty()) {
        options.until = bound(ctx, o.to, "--to", true);
    }
    if (options.from && options.until && *options.until <= *options.from) {
        throw UsageError(fmt::format("--to {} is not after --from {}; give the first and the "
                                     "last day of the period",
                                     o.to, o.from));
    }
    auto& store = ctx.store(store::Mode::read);
    transfer::export_tickets(store, config, options, ctx.out);
    ctx.out.flush();
}

} // namespace

void register_export(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ExportOptions>();
    auto* c = app.add_subcommand("export", "export tickets opened or closed in a period, with "
                                           "their history");
    c->footer("Example: itsm export --from 2026-10-01 --to 2026-10-31 > october.ndjson\n"
              "NDJSON (the default) is lossless: one ticket per line with its links and "
              "events.\nCSV has the tickets' fields only.");
    c->add_option("--from", o->from,
                  "first day (YYYY-MM-DD, local) or time; default: the "
                  "beginning")
        ->type_name("D");
    c->add_option("--to", o->to,
                  "last day, included (YYYY-MM-DD, local) or time; default: now "
                  "and after")
        ->type_name("D");
    add_format(c, o->format, {"ndjson", "csv"});
    c->callback([&ctx, o] { run_export(ctx, *o); });
}

} // namespace itsm::cmd
