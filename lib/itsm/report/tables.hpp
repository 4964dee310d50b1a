#pragma once
// The report's sections as rows of text cells, shared by the text, Markdown and HTML formats.

#include <itsm/report/report.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::report {

/// A titled table: header, rows, and which columns hold numbers (right-aligned).
struct Table {
    std::string title;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> numeric;
};

/// "Monthly report 2026-10".
std::string title_of(const Report& r);
/// "2026-10-01 to 2026-10-31, Europe/London" (a daily report names its one day).
std::string period_text(const Report& r);
/// "group helpdesk, priority P1", or "" without filters.
std::string filters_text(const Filters& f);
/// "80.0%", or "n/a" when nothing was decided.
std::string percent_text(const std::optional<double>& p);
/// "1h30m", or "n/a".
std::string minutes_text(const std::optional<long long>& minutes);
/// "-" for a ticket without group or service.
std::string name_text(const std::string& name);

/// Summary figures as (figure, value) rows.
Table summary_table(const Report& r);
/// MTTA and MTTR: median and 90th percentile, working and wall-clock.
Table times_table(const Report& r);
Table priority_table(const Report& r);
/// The breakdowns by a ticket's group, service or channel.
enum class Named { group, service, channel };
/// By group, by service (only those with tickets) or by channel ("(none)" for tickets without).
Table named_table(const Report& r, Named which);
Table pending_table(const Report& r, time::Zone zone);
/// "oldest first" or "furthest past the resolve due first": how the worst pending are ranked.
std::string worst_by_text(const Report& r);
/// Escalations of the period: functional per tier, hierarchical per level.
Table escalation_table(const Report& r);
/// OLA compliance per group: met, breached, pending and percentage of each metric.
Table ola_table(const Report& r);
/// "Tickets named services outside the catalogue: a, b.", or "" when none did.
std::string uncatalogued_text(const Report& r);
/// "Audit chain head: COUNT:HASH; ..." saying what to do with it, or "" when the report has none.
std::string head_text(const Report& r);
/// Availability per service against its target (working time of each service's window).
Table availability_table(const Report& r);

} // namespace itsm::report
