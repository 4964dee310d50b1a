// itsm services: the service catalogue with each service's window and availability target.

#include "commands.hpp"

#include <itsm/availability/catalogue.hpp>
#include <itsm/render/markup.hpp>
#include <itsm/render/table.hpp>

#include <ostream>

namespace itsm::cmd {

namespace {

struct ServicesOptions {
    std::string format = "text";
};

void run_services(AppContext& ctx, const ServicesOptions& o) {
    const auto& config = ctx.config();
    if (o.format == "json") {
        ctx.out << availability::catalogue_json(config).dump(2) << '\n';
        return;
    }
    const auto header = availability::catalogue_header();
    const auto rows = availability::catalogue_rows(config);
    if (o.format == "csv") {
        ctx.out << render::csv_line(header);
        for (const auto& row : rows) {
            ctx.out << render::csv_line(row);
        }
        return;
    }
    if (o.format == "md") {
        ctx.out << render::markdown_table(header, rows, {});
        return;
    }
    if (rows.empty()) {
        ctx.out << "no service catalogue: add [services.NAME] to service-windows.toml\n";
        return;
    }
    render::TextTable table(header);
    for (const auto& row : rows) {
        table.add_row(row);
    }
    ctx.out << table.render(ctx.width());
}

} // namespace

void register_services(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<ServicesOptions>();
    auto* c = app.add_subcommand("services", "the service catalogue: windows and availability "
                                             "targets");
    c->footer("Example: itsm services --format json | jq -r '.[] | select(.target) | .service'");
    add_format(c, o->format, {"text", "json", "csv", "md"});
    c->callback([&ctx, o] { run_services(ctx, *o); });
}

} // namespace itsm::cmd
