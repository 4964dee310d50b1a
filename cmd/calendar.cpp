// itsm calendar import|list: named holiday calendars, fed from iCalendar files.

#include "commands.hpp"

#include <itsm/config/calendars.hpp>
#include <itsm/config/ical.hpp>
#include <itsm/config/read_file.hpp>
#include <itsm/core/error.hpp>
#include <itsm/model/text.hpp>
#include <itsm/render/table.hpp>

#include <chrono>
#include <filesystem>
#include <ostream>

namespace itsm::cmd {

namespace {

namespace fs = std::filesystem;

struct CalendarOptions {
    std::string file;
    std::string name;
    bool dry_run = false;
    std::string format = "text";
};

// Recurring feeds are read this many years ahead.
constexpr int k_feed_years = 10;

// The clock's year (not ITSM_NOW's, which needs the configuration an import may be repairing).
int this_year() {
    auto day = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return int(std::chrono::year_month_day{day}.year());
}

std::string day_text(const config::NamedDate& d) {
    return config::format_date(d.date) + (d.name.empty() ? "" : "  " + d.name);
}

nlohmann::json day_json(const config::NamedDate& d) {
    return {{"date", config::format_date(d.date)}, {"name", d.name}};
}

void run_import(AppContext& ctx, const CalendarOptions& o) {
    if (!config::valid_calendar_name(o.name)) {
        throw UsageError("--name \"" + o.name +
                         "\" is not a calendar name; use letters, digits, "
                         "'-' and '_', e.g. --name uk-england");
    }
    std::string text;
    if (o.file == "-") {
        text = ctx.text("-");
    } else if (auto content = config::read_file(o.file); content) {
        text = std::move(*content);
    } else {
        throw UsageError("cannot read " + o.file + ": " + content.error());
    }
    auto feed = config::read_ical(text, this_year() + k_feed_years);
    if (!feed) {
        throw UsageError("cannot import " + o.file + ": " + feed.error() + "; nothing was changed");
    }
    for (const auto& day : feed->days) {
        if (!model::valid_utf8(day.name)) {
            throw UsageError("cannot import " + o.file + ": the name of " +
                             config::format_date(day.date) +
                             " is not UTF-8; iCalendar files are UTF-8 (RFC 5545), so convert it "
                             "(iconv -f LATIN1 -t UTF-8); nothing was changed");
        }
    }
    if (feed->days.empty()) {
        throw UsageError("cannot import " + o.file +
                         ": none of its events is a usable day; "
                         "nothing was changed");
    }
    fs::path dir = ctx.config_dir();
    auto current = config::load(dir);
    std::vector<config::NamedDate> before;
    std::string source = o.file == "-" ? "-" : fs::path(o.file).filename().string();
    if (auto it = current.config.calendars.find(o.name); it != current.config.calendars.end()) {
        if (it->second.file != std::string(config::k_calendar_file_dir) + "/" + o.name + ".toml") {
            throw UsageError("calendar `" + o.name + "` is written in " + it->second.file +
                             "; remove it there to import it, or import under another --name");
        }
        before = config::named_dates(it->second);
    }
    const auto change = config::diff_calendars(before, feed->days);
    fs::path path = dir / config::k_calendar_file_dir / (o.name + ".toml");
    bool write = !o.dry_run && (!change.empty() || !fs::exists(path));
    if (write) {
        config::write_calendar_file(path, config::calendar_file_text(o.name, source, feed->days));
    }
    if (o.format == "json") {
        nlohmann::json out = {{"calendar", o.name},
                              {"file", path.string()},
                              {"written", write},
                              {"added", nlohmann::json::array()},
                              {"removed", nlohmann::json::array()},
                              {"renamed", nlohmann::json::array()},
                              {"days", feed->days.size()},
                              {"skipped", feed->skipped}};
        for (const auto& d : change.added) {
            out["added"].push_back(day_json(d));
        }
        for (const auto& d : change.removed) {
            out["removed"].push_back(day_json(d));
        }
        for (const auto& [from, to] : change.renamed) {
            out["renamed"].push_back(
                {{"date", config::format_date(to.date)}, {"from", from.name}, {"to", to.name}});
        }
        ctx.out << out.dump(2) << '\n';
    } else {
        for (const auto& d : change.added) {
            ctx.out << "+ " << day_text(d) << '\n';
        }
        for (const auto& d : change.removed) {
            ctx.out << "- " << day_text(d) << '\n';
        }
        for (const auto& [from, to] : change.renamed) {
            ctx.out << "~ " << config::format_date(to.date) << "  " << from.name << " -> "
                    << to.name << '\n';
        }
        ctx.out << "calendar " << o.name << ": ";
        if (change.empty()) {
            ctx.out << "no change (" << feed->days.size() << " days)";
        } else {
            ctx.out << change.added.size() << " added, " << change.removed.size() << " removed, "
                    << change.renamed.size() << " renamed";
        }
        ctx.out << (write       ? "; written to " + path.string()
                    : o.dry_run ? "; nothing written (--dry-run)"
                                : "")
                << '\n';
    }
    if (feed->skipped > 0) {
        ctx.err << "itsm: warning: " << feed->skipped
                << " event(s) of the feed were left out: cancelled, or without a start date\n";
    }
}

void run_list(AppContext& ctx, const CalendarOptions& o) {
    const auto& config = ctx.config();
    std::vector<std::vector<std::string>> rows;
    nlohmann::json out = nlohmann::json::array();
    for (const auto& [name, cal] : config.calendars) {
        std::string first;
        std::string last;
        for (const auto& date : cal.dates) {
            if (date.year != 0) {
                first = first.empty() ? config::format_date(date) : first;
                last = config::format_date(date);
            }
        }
        std::string windows;
        for (const auto& w : cal.windows) {
            windows += (windows.empty() ? "" : ", ") + w;
        }
        rows.push_back({name, std::to_string(cal.dates.size()), first, last, windows, cal.file});
        out.push_back({{"calendar", name},
                       {"file", cal.file},
                       {"source", cal.source},
                       {"days", cal.dates.size()},
                       {"first", first},
                       {"last", last},
                       {"rules", cal.rules},
                       {"windows", cal.windows}});
    }
    if (o.format == "json") {
        ctx.out << out.dump(2) << '\n';
        return;
    }
    if (rows.empty()) {
        ctx.out << "no calendars: add [calendars.NAME] to service-windows.toml, or run 'itsm "
                   "calendar import FILE.ics --name NAME'\n";
        return;
    }
    render::TextTable table({"CALENDAR", "DAYS", "FIRST", "LAST", "WINDOWS", "FILE"});
    table.align_right(1);
    for (auto& row : rows) {
        table.add_row(std::move(row));
    }
    ctx.out << table.render(ctx.width());
}

} // namespace

void register_calendar(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<CalendarOptions>();
    auto* c = app.add_subcommand("calendar", "holiday calendars shared by service windows");
    c->footer("Example: itsm calendar import england-and-wales.ics --name uk-england");
    c->require_subcommand(1);
    auto* import = c->add_subcommand("import", "write calendars/NAME.toml from an iCalendar "
                                               "file and show what changed");
    import->footer("Example: itsm calendar import bank-holidays.ics --name uk-england --dry-run");
    import->add_option("FILE", o->file, "iCalendar file (RFC 5545); - reads standard input")
        ->required();
    import->add_option("--name", o->name, "the calendar's name, as windows list it")->required();
    import->add_flag("--dry-run", o->dry_run, "show what would change; write nothing");
    add_format(import, o->format, {"text", "json"});
    import->callback([&ctx, o] { run_import(ctx, *o);
});
auto* list = c->add_subcommand("list", "the calendars, their days and the windows using them");
list->footer("Example: itsm calendar list --format json | jq '.[] | select(.last < \"2027\")'");
add_format(list, o->format, {"text", "json"});
list->callback([&ctx, o] { run_list(ctx, *o); });
} // namespace itsm::cmd

} // namespace itsm::cmd
