// itsm maintenance add|list|cancel: announced maintenance windows of the catalogue's services.

#include "commands.hpp"
#include "input.hpp"

#include <itsm/availability/catalogue.hpp>
#include <itsm/availability/schedule.hpp>
#include <itsm/core/error.hpp>
#include <itsm/render/json_stream.hpp>
#include <itsm/render/table.hpp>
#include <itsm/time/duration.hpp>

#include <fstream>
#include <iterator>
#include <ostream>

namespace itsm::cmd {

namespace {

struct MaintenanceOptions {
    std::string service;
    std::string from;
    std::string to;
    bool emergency = false;
    std::string reason;
    bool force = false;
    std::string id;
    bool all = false; // list: cancelled ones too
    std::string at;
    std::string format = "text";
};

void run_add(AppContext& ctx, MaintenanceOptions& o) {
    const auto& config = ctx.config();
    availability::MaintenanceRequest r;
    r.service = o.service;
    r.from = ctx.at(o.from, "--from");
    r.to = ctx.at(o.to, "--to");
    r.emergency = o.emergency;
    r.reason = ctx.text(o.reason);
    r.force = o.force;
    const auto stamp = ctx.stamp(o.at);
    const auto m = availability::add_maintenance(ctx.store(store::Mode::write), config, r,
                                                 stamp.actor, stamp.at);
    if (m.forced) {
        const auto given = availability::notice_given(m);
        const auto needed = availability::notice_needed(config.maintenance, m.emergency);
        ctx.err << "itsm: warning: " << availability::maintenance_id(m.id) << " has "
                << (given > time::Duration{0} ? time::format_duration(given) : "no")
                << " notice, less than the " << time::format_duration(needed) << " "
                << availability::kind_of(m) << " maintenance needs; it is recorded as forced\n";
    }
    if (o.format == "json") {
        ctx.out << availability::to_json(m).dump(2) << '\n';
        return;
    }
    ctx.out << availability::maintenance_id(m.id) << '\n';
}

void run_list(AppContext& ctx, const MaintenanceOptions& o) {
    const auto& config = ctx.config();
    availability::MaintenanceFilter filter;
    filter.service = o.service;
    filter.include_cancelled = o.all;
    if (!o.from.empty()) {
        filter.from = ctx.at(o.from, "--from");
    }
    if (!o.to.empty()) {
        filter.to = ctx.at(o.to, "--to");
    }
    const auto found = availability::maintenance(ctx.store(store::Mode::read), filter);
    if (o.format == "json") {
        render::write_array(ctx.out, [&](render::JsonArrayWriter& w) {
            for (const auto& m : found) {
                w.add(availability::to_json(m));
            }
        });
        return;
    }
    if (o.format == "csv") {
        ctx.out << render::csv_line(availability::maintenance_header());
        for (const auto& m : found) {
            ctx.out << render::csv_line(availability::maintenance_row(m, config.zone));
        }
        return;
    }
    if (found.empty()) {
        ctx.out << "no maintenance recorded\n";
        return;
    }
    render::TextTable table(availability::maintenance_header());
    for (const auto& m : found) {
        table.add_row(availability::maintenance_row(m, config.zone));
    }
    ctx.out << table.render(ctx.width());
}

void run_cancel(AppContext& ctx, const MaintenanceOptions& o) {
    const auto stamp = ctx.stamp(o.at);
    const auto m = availability::cancel(ctx.store(store::Mode::write), o.id, stamp.actor, stamp.at);
    ctx.out << availability::maintenance_id(m.id) << " cancelled\n";
}

void run_import(AppContext& ctx, const MaintenanceOptions& o) {
    std::string text;
    if (o.id == "-") {
        text = ctx.text("-");
    } else {
        std::ifstream in = open_input(o.id, "give a file written by 'itsm maintenance list "
                                            "--all --format json', or - for stdin");
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const auto& config = ctx.config();
    const auto n = availability::import_maintenance(ctx.store(store::Mode::write), config, text,
                                                    o.id == "-" ? "stdin" : o.id);
    ctx.out << "imported " << n << " maintenance windows\n";
}

} // namespace

void register_maintenance(CLI::App& app, AppContext& ctx) {
    auto* c = app.add_subcommand("maintenance", "announce, list and cancel maintenance windows");
    c->footer("Example: itsm maintenance add --service email --from \"2026-12-05 08:00\" --to "
              "\"2026-12-05 10:00\"\nAgreed maintenance is excluded from availability; planned "
              "maintenance needs 48h notice and emergency maintenance 1h ([maintenance] in "
              "itsm.toml).");
    c->require_subcommand(1);

    auto add_o = std::make_shared<MaintenanceOptions>();
    auto* add = c->add_subcommand("add", "announce maintenance of a service; prints its id");
    add->footer("Example: itsm maintenance add --service email --from \"2026-12-05 08:00\" --to "
                "\"2026-12-05 10:00\" --reason \"Exchange patches\"");
    add->add_option("--service", add_o->service, "service of the catalogue")->required();
    add->add_option("--from", add_o->from, "start")->required()->type_name("TIME");
    add->add_option("--to", add_o->to, "end")->required()->type_name("TIME");
    add->add_flag("--emergency", add_o->emergency, "emergency maintenance (shorter notice)");
    add->add_option("--reason", add_o->reason, "why (- reads stdin)");
    add->add_flag("--force", add_o->force,
                  "record it even with too little notice (it is reported as forced)");
    add_at(add, add_o->at, "when it was announced (default now): notice runs from here");
    add_format(add, add_o->format, {"text", "json"});
    add->callback([&ctx, add_o] { run_add(ctx, *add_o); });

    auto list_o = std::make_shared<MaintenanceOptions>();
    auto* list = c->add_subcommand("list", "maintenance windows, in order of start");
    list->footer("Example: itsm maintenance list --from \"2026-12-01\" --format csv");
    list->add_option("--service", list_o->service, "only this service");
    list->add_option("--from", list_o->from, "only windows ending after TIME")->type_name("TIME");
    list->add_option("--to", list_o->to, "only windows starting before TIME")->type_name("TIME");
    list->add_flag("--all", list_o->all, "cancelled ones too");
    add_format(list, list_o->format, {"text", "json", "csv"});
    list->callback([&ctx, list_o] { run_list(ctx, *list_o); });

    auto cancel_o = std::make_shared<MaintenanceOptions>();
    auto* cancel = c->add_subcommand("cancel", "cancel maintenance: it no longer excuses outages");
    cancel->footer("Example: itsm maintenance cancel MNT-3");
    cancel->add_option("id", cancel_o->id, "maintenance id (MNT-3 or 3)")->required();
    add_at(cancel, cancel_o->at, "when it was cancelled (default now)");
    cancel->callback([&ctx, cancel_o] { run_cancel(ctx, *cancel_o); });

    auto import_o = std::make_shared<MaintenanceOptions>();
    auto* load = c->add_subcommand(
        "import", "import maintenance windows written by 'maintenance list --all --format json'");
    load->footer("Example: itsm maintenance list --all --format json > maintenance.json; "
                 "itsm --db new.db maintenance import maintenance.json");
    load->add_option("file", import_o->id, "the JSON file, or - for stdin")->required();
    load->callback([&ctx, import_o] { run_import(ctx, *import_o); });
}

} // namespace itsm::cmd
