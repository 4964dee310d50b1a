// itsm services: the service catalogue with each service's window and availability target.

#include "commands.hpp"

#include <itsm/availability/catalogue.hpp>
#include <itsm/render/markup.hpp>
#include <itsm/render/table.hpp>

#include <algorithm>
#include <map>
#include <ostream>

namespace itsm::cmd {

namespace {

struct ServicesOptions {
    std::string format = "text";
};

// `text` broken at spaces into lines of at most `width` display characters after `indent`.
std::string wrapped(const std::string& text, std::size_t width, const std::string& indent) {
    std::string out;
    std::string line;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(' ', start), text.size());
        const std::string word = text.substr(start, end - start);
        if (!line.empty() &&
            render::display_width(indent + line + " " + word) > std::max<std::size_t>(width, 20)) {
            out += indent + line + "\n";
            line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
        start = end + 1;
    }
    return line.empty() ? out : out + indent + line + "\n";
}

// The catalogue where its table would not fit the terminal: one block per service, its name
// and sites on lines of their own, wrapped, none cut; then each window's hours once.
std::string catalogue_blocks(const std::vector<std::vector<std::string>>& rows, std::size_t width) {
    // Each row: id, name, window, hours, group, target, category, site.
    std::string out;
    std::map<std::string, std::string> hours;
    for (const auto& r : rows) {
        std::string facts = r[6].empty() ? "" : r[6] + ", ";
        facts += "target " + r[5] + ", window " + r[2] + (r[4].empty() ? "" : ", group " + r[4]);
        out += wrapped(r[0] + "  " + facts, width, "");
        out += wrapped(r[1], width, "    ");
        if (!r[7].empty()) {
            out += wrapped("sites: " + r[7], width, "    ");
        }
        hours[r[2]] = r[3];
    }
    out += "\nWindows:\n";
    for (const auto& [window, text] : hours) {
        out += wrapped(window + ": " + text, width, "  ");
    }
    return out;
}

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
    const std::string full = table.render();
    const auto width = ctx.width();
    std::size_t widest = 0;
    for (std::size_t at = 0; at < full.size();) {
        const auto end = std::min(full.find('\n', at), full.size());
        widest = std::max(widest, render::display_width(full.substr(at, end - at)));
        at = end + 1;
    }
    if (width > 0 && widest > width) {
        ctx.out << catalogue_blocks(rows, width);
        return;
    }
    ctx.out << full;
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
