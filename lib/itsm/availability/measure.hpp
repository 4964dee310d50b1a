#pragma once
// Availability of the catalogue's services over a period, against their targets.

#include <itsm/availability/compute.hpp>
#include <itsm/config/config.hpp>
#include <itsm/store/store.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::availability {

/// One service's availability over a period.
struct ServiceFigures {
    std::string service; // catalogue id
    std::string name;
    std::string window;
    std::optional<double> target; // percent
    Figures figures;
    long long outages = 0;     // outage records overlapping the period
    long long maintenance = 0; // agreed maintenance windows overlapping the period
    long long forced = 0;      // of which recorded with too little notice (--force)
    std::string state;         // "met", "breached", or "none" (no target, or no open time)
};

/// Which services `measure` reports.
enum class Scope {
    targets,   // services with an availability target
    reportable // services with a target, and others that had an outage
};

/// Availability of the catalogue's services over [from, to), in catalogue order; `only`
/// restricts it to one service ("" = all). Outages still open count until `to`.
std::vector<ServiceFigures> measure(store::Store& store, const config::Config& config, Instant from,
                                    Instant to, Scope scope, const std::string& only = "");

/// {"service", "name", "window", "target", "achieved", "state", "window_minutes",
///  "outage_minutes", "excused_minutes", "downtime_minutes", "outages", "maintenance", "forced"};
/// achieved and target in percent (null when none).
nlohmann::json to_json(const ServiceFigures& figures);

/// True when a service is below its target.
bool any_breached(const std::vector<ServiceFigures>& services);

/// For `sla-check`: the services below target since `from` as a table, or one line saying all
/// are at or above target ("" when no service has a target).
std::string to_text(const std::vector<ServiceFigures>& services, Instant from, time::Zone zone,
                    std::size_t width);

/// "99.45" for 9945 hundredths.
std::string hundredths_text(long long hundredths);
/// "98", "99.5": a percentage as written in the configuration.
std::string number_text(double percent);
/// "99.45%", or "n/a".
std::string percent_text(const std::optional<long long>& hundredths);
/// "98%", "99.5%", or "-".
std::string target_text(const std::optional<double>& target);

} // namespace itsm::availability
