// The report as one self-contained HTML page: inline CSS and SVG charts, no script, no
// external fonts, images or styles, so that it can be mailed or published as a single file.
#include <itsm/render/markup.hpp>
#include <itsm/render/svg.hpp>
#include <itsm/report/tables.hpp>

#include <fmt/format.h>

namespace itsm::report {

namespace {

constexpr int k_chart_width = 1040; // the page's content width
constexpr int k_phone_width = 360;  // a phone's: the chart drawn again, its labels full size

constexpr const char* k_style = R"css(
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; background: #fff;
       margin: 24px auto; max-width: 1100px; padding: 0 16px; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #2f6fb0; padding-bottom: 4px; }
p.meta { color: #555; margin-top: 0; }
p.note { background: #fff4d6; border-left: 4px solid #e0a800; padding: 6px 10px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { border: 1px solid #d7dde5; border-radius: 6px; padding: 10px 16px; min-width: 130px;
        background: #f7f9fc; }
.card .label { color: #555; font-size: 13px; }
.card .value { font-size: 28px; font-weight: bold; margin-top: 2px; }
.card .value.bad { color: #b00020; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border-bottom: 1px solid #dde2e8; padding: 5px 10px; text-align: left;
         vertical-align: top; }
th { background: #eef2f7; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.chart { margin: 8px 0 16px; }
.chart .phone { display: none; }
.wide { overflow-x: auto; }
svg { max-width: 100%; height: auto; }
footer { color: #777; font-size: 12px; margin-top: 32px; }
@media (max-width: 640px) {
  body { margin: 12px auto; padding: 0 12px; }
  .chart .desktop { display: none; }
  .chart .phone { display: block; }
  .card { min-width: 0; flex: 1 1 40%; }
}
@media print { body { margin: 0; } h2 { break-after: avoid; } .chart { break-inside: avoid; } }
)css";

std::string card(const std::string& label, const std::string& value, bool bad = false) {
    return fmt::format("<div class=\"card\"><div class=\"label\">{}</div><div class=\"value{}\">"
                       "{}</div></div>\n",
                       render::html_escape(label), bad ? " bad" : "", render::html_escape(value));
}

// A table scrolls sideways inside its own box when it is wider than the screen: the page
// itself never does, so nothing is cut off at its edge.
std::string section(const Table& t) {
    return "<h2>" + render::html_escape(t.title) + "</h2>\n<div class=\"wide\">" +
           render::html_table(t.header, t.rows, t.numeric) + "</div>\n";
}

// A chart drawn twice, for desktop and for phone widths (CSS shows one): scaled down to a
// phone, the desktop drawing's labels would be a third of their size.
std::string chart_block(render::Chart chart, std::string (*draw)(const render::Chart&)) {
    std::string out = "<h2>" + render::html_escape(chart.title) + "</h2>\n<div class=\"chart\">";
    chart.width = k_chart_width;
    out += "<div class=\"desktop\">" + draw(chart) + "</div>";
    chart.width = k_phone_width;
    out += "<div class=\"phone\">" + draw(chart) + "</div></div>\n";
    return out;
}

std::string short_label(const Point& p, const std::string& unit) {
    return unit == "day" && p.slot.label.size() == 10 ? p.slot.label.substr(5) : p.slot.label;
}

std::string charts(const Report& r) {
    std::string out;
    const std::string per = r.series_unit == "hour" ? "hour" : "day";
    render::Chart flow;
    flow.title = "Tickets opened and resolved per " + per;
    render::Series opened{"opened", "#2f6fb0", {}};
    render::Series resolved{"resolved", "#3aa76d", {}};
    render::Chart backlog;
    backlog.title = "Backlog (open tickets) at the end of each " + per;
    render::Series open{"open tickets", "#d9822b", {}};
    for (const auto& p : r.series) {
        flow.labels.push_back(short_label(p, r.series_unit));
        opened.values.emplace_back(static_cast<double>(p.opened));
        resolved.values.emplace_back(static_cast<double>(p.resolved));
        open.values.emplace_back(static_cast<double>(p.backlog_end));
    }
    backlog.labels = flow.labels;
    flow.series = {opened, resolved};
    backlog.series = {open};
    render::Chart sla;
    sla.title = "SLA compliance per priority (tickets opened in the period)";
    sla.max = 100;
    sla.unit = "%";
    render::Series response{"response", "#2f6fb0", {}};
    render::Series resolve{"resolve", "#7b4fb0", {}};
    for (const auto& p : r.by_priority) {
        sla.labels.push_back(name_text(p.priority));
        response.values.push_back(compliance(p.response));
        resolve.values.push_back(compliance(p.resolve));
    }
    sla.series = {response, resolve};
    out += chart_block(flow, render::bar_chart);
    out += chart_block(backlog, render::line_chart);
    out += chart_block(sla, render::hbar_chart);
    return out;
}

} // namespace

std::string to_html(const Report& r, time::Zone zone) {
    const std::string title = title_of(r);
    std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                      "<title>" +
                      render::html_escape(title) + "</title>\n<style>" + k_style +
                      "</style>\n</head>\n<body>\n";
    out += "<h1>" + render::html_escape(title) + "</h1>\n";
    std::string meta = period_text(r);
    if (const auto f = filters_text(r.filters); !f.empty()) {
        meta += "; only tickets of " + f;
    }
    out += "<p class=\"meta\">" + render::html_escape(meta) + "</p>\n";
    if (r.partial) {
        out += "<p class=\"note\">" +
               render::html_escape("The period has not ended: figures as of " +
                                   time::format_local(r.as_of, zone) + ".") +
               "</p>\n";
    }
    out += "<div class=\"cards\">\n";
    out += card("Opened", std::to_string(r.opened));
    out += card("Resolved", std::to_string(r.resolved));
    out += card("Closed", std::to_string(r.closed));
    out += card("Backlog start → end",
                std::to_string(r.backlog_start) + " → " + std::to_string(r.backlog_end));
    out += card("Response SLA met", percent_text(compliance(r.response)), r.response.breached > 0);
    out += card("Resolve SLA met", percent_text(compliance(r.resolve)), r.resolve.breached > 0);
    out += card("MTTR median (working)", minutes_text(r.mttr.working.median_minutes));
    out += "</div>\n";
    out += charts(r);
    out += section(times_table(r));
    out += section(priority_table(r));
    out += section(named_table(r, Named::group));
    out += section(named_table(r, Named::service));
    out += section(named_table(r, Named::channel));
    if (!r.olas.empty()) {
        out += section(ola_table(r));
    }
    if (const auto escalations = escalation_table(r); escalations.rows.empty()) {
        out += "<h2>Escalations</h2>\n<p>None.</p>\n";
    } else {
        out += section(escalations);
    }
    const auto pending = pending_table(r, zone);
    if (pending.rows.empty()) {
        out += "<h2>" + render::html_escape(pending.title) +
               "</h2>\n<p>None: no ticket was open at the end of the period.</p>\n";
    } else {
        out += section(pending);
    }
    const auto services = availability_table(r);
    if (services.rows.empty()) {
        out += "<h2>" + render::html_escape(services.title) + "</h2>\n";
        if (r.availability.empty()) {
            out += "<p>No service with an availability target or an outage.</p>\n";
        }
    } else {
        out += section(services);
    }
    for (const auto& note : {uncatalogued_text(r), head_text(r)}) {
        if (!note.empty()) {
            out += "<p class=\"note\">" + render::html_escape(note) + "</p>\n";
        }
    }
    out += "<footer>" +
           render::html_escape(
               "SLA figures cover the tickets opened in the period, evaluated at " +
               time::format_local(r.as_of, zone) +
               "; compliance is met / (met + breached), n/a when no clock was decided. Ages "
               "and times are working time on each ticket's service window unless marked "
               "wall. Availability is 1 - (outage time inside the service's window, less agreed "
               "maintenance) / the window's open time.") +
           "</footer>\n</body>\n</html>\n";
    return out;
}

} // namespace itsm::report
