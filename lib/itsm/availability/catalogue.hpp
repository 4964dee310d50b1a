#pragma once
// The service catalogue as `itsm services` shows it, and maintenance windows as rows.

#include <itsm/availability/records.hpp>
#include <itsm/config/config.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace itsm::availability {

/// Column names of the catalogue listing.
std::vector<std::string> catalogue_header();
/// One row per catalogued service (id order): id, name, window, hours, group, target,
/// category, site.
std::vector<std::vector<std::string>> catalogue_rows(const config::Config& config);
/// [{"service", "name", "window", "timezone", "group", "target", "category", "site"}]; target
/// is a number of percent or null.
nlohmann::json catalogue_json(const config::Config& config);

/// "mon-fri 08:00-18:00, sat 09:00-16:00" (", bank holidays closed" when it has holidays).
std::string hours_summary(const calendar::Window& window);

/// "planned" or "emergency".
const char* kind_of(const Maintenance& m);
/// "cancelled", "forced" or "agreed".
const char* status_of(const Maintenance& m);
/// Column names and rows of a maintenance listing; instants in `zone`.
std::vector<std::string> maintenance_header();
std::vector<std::string> maintenance_row(const Maintenance& m, time::Zone zone);
/// {"id", "service", "from", "to", "kind", "reason", "recorded_at", "actor", "notice_minutes",
///  "forced", "cancelled_at", "status"}.
nlohmann::json to_json(const Maintenance& m);

} // namespace itsm::availability
