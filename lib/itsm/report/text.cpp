// The report for people: plain text (aligned tables) and Markdown.
#include <itsm/render/markup.hpp>
#include <itsm/render/table.hpp>
#include <itsm/render/terminal.hpp>
#include <itsm/report/tables.hpp>

#include <fmt/format.h>

namespace itsm::report {

namespace {

struct Style {
    bool color = false;
    std::string bold(const std::string& s) const { return color ? render::paint(s, "1") : s; }
    std::string red(const std::string& s) const { return color ? render::paint(s, "31") : s; }
};

std::string sla_line(const char* name, const SlaCounts& c, const Style& style) {
    const std::string breached = fmt::format("{} breached", c.breached);
    return fmt::format("{} SLA (tickets opened in the period): {} met, {}, {} pending; {} met\n",
                       name, c.met, c.breached > 0 ? style.red(breached) : breached, c.pending,
                       percent_text(compliance(c)));
}

std::string render_table(const Table& t, std::size_t width) {
    render::TextTable table(t.header);
    for (const auto i : t.numeric) {
        table.align_right(i);
    }
    for (const auto& row : t.rows) {
        table.add_row(row);
    }
    return table.render(width);
}

std::string partial_note(const Report& r, time::Zone zone) {
    return fmt::format("the period has not ended: figures as of {}",
                       time::format_local(r.as_of, zone));
}

} // namespace

std::string to_text(const Report& r, time::Zone zone, bool color, std::size_t width) {
    const Style style{color};
    std::string out = style.bold(title_of(r)) + " (" + period_text(r) + ")\n";
    if (r.partial) {
        out += "Note: " + partial_note(r, zone) + "\n";
    }
    if (const auto f = filters_text(r.filters); !f.empty()) {
        out += "Only tickets of " + render::terminal_text(f) + "\n";
    }
    out += fmt::format("\nOpened {}, resolved {}, closed {}; backlog {} at the start, {} at the "
                       "end\n",
                       r.opened, r.resolved, r.closed, r.backlog_start, r.backlog_end);
    out += sla_line("Response", r.response, style);
    out += sla_line("Resolve", r.resolve, style);
    out += fmt::format("SLA figures count: {}\n", fmt::join(r.sla_types, ", "));
    out += "\n" + style.bold("Response and resolution times") + "\n" +
           render_table(times_table(r), width);
    for (const auto& t : {priority_table(r), named_table(r, Named::group),
                          named_table(r, Named::service), named_table(r, Named::channel)}) {
        out += "\n" + style.bold(t.title) + "\n" + render_table(t, width);
    }
    if (!r.olas.empty()) {
        const auto olas = ola_table(r);
        out += "\n" + style.bold(olas.title) + "\n" + render_table(olas, width);
    }
    const auto escalations = escalation_table(r);
    out += "\n" + style.bold(escalations.title) + "\n";
    out += escalations.rows.empty() ? "none\n" : render_table(escalations, width);
    const auto pending = pending_table(r, zone);
    out += "\n" +
           style.bold(fmt::format("{} (open at {}, {})", pending.title,
                                  time::format_local(r.as_of, zone), worst_by_text(r))) +
           "\n";
    out += pending.rows.empty() ? "none: no ticket was open\n" : render_table(pending, width);
    const auto services = availability_table(r);
    out += "\n" + style.bold(services.title) + "\n";
    if (services.rows.empty()) {
        out +=
            r.availability.empty() ? "no service with an availability target or an outage\n" : "";
    } else {
        out += render_table(services, width);
        out += "(outage time inside each service's window, less agreed maintenance)\n";
    }
    if (const auto note = uncatalogued_text(r); !note.empty()) {
        out += note + "\n";
    }
    if (const auto head = head_text(r); !head.empty()) {
        out += "\n" + head + "\n";
    }
    return out;
}

std::string to_markdown(const Report& r, time::Zone zone) {
    std::string out = "# " + render::markdown_cell(title_of(r)) + "\n\n";
    out += "Period: " + render::markdown_cell(period_text(r)) + ".";
    if (r.partial) {
        out += " *Partial: " + render::markdown_cell(partial_note(r, zone)) + ".*";
    }
    if (const auto f = filters_text(r.filters); !f.empty()) {
        out += " Only tickets of " + render::markdown_cell(f) + ".";
    }
    out += "\n\n";
    auto section = [&](const Table& t) {
        out += "## " + render::markdown_cell(t.title) + "\n\n";
        out += render::markdown_table(t.header, t.rows, t.numeric) + "\n";
    };
    section(summary_table(r));
    section(times_table(r));
    section(priority_table(r));
    section(named_table(r, Named::group));
    section(named_table(r, Named::service));
    section(named_table(r, Named::channel));
    if (!r.olas.empty()) {
        section(ola_table(r));
    }
    if (const auto escalations = escalation_table(r); escalations.rows.empty()) {
        out += "## Escalations\n\nNone.\n\n";
    } else {
        section(escalations);
    }
    const auto pending = pending_table(r, zone);
    out += "## " + render::markdown_cell(pending.title) + "\n\n";
    out += "Open at the end of the period, " + worst_by_text(r) + ".\n\n";
    out += pending.rows.empty()
               ? "None: no ticket was open at the end of the period.\n"
               : render::markdown_table(pending.header, pending.rows, pending.numeric);
    const auto services = availability_table(r);
    out += "\n## " + services.title + "\n\n";
    if (services.rows.empty()) {
        out +=
            r.availability.empty() ? "No service with an availability target or an outage.\n" : "";
    } else {
        out += render::markdown_table(services.header, services.rows, services.numeric);
    }
    if (const auto note = uncatalogued_text(r); !note.empty()) {
        out += "\n" + render::markdown_cell(note) + "\n";
    }
    if (const auto head = head_text(r); !head.empty()) {
        out += "\n" + render::markdown_cell(head) + "\n";
    }
    out += "\nSLA figures cover the tickets opened in the period, evaluated at its end; "
           "compliance is met / (met + breached).\n";
    return out;
}

} // namespace itsm::report
