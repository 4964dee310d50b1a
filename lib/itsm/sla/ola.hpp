#pragma once
// OLA clocks of a ticket: the response and resolve targets of each group it was in, counted only
// while it was there (docs/sla.md, "OLAs").

#include <itsm/sla/clock.hpp>

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::sla {

/// One group's OLA clock (response or resolve) as of the evaluation time.
struct OlaClock {
    std::string group;
    std::string_view metric; // "response" or "resolve"
    Clock clock;
    bool handed_on = false; // stopped because the ticket left the group, not by the group
};

/// True when some group of `config` has an OLA.
bool has_olas(const config::Config& config);

/// The OLA clocks of a ticket at `at` (the same events and priority as `evaluate`): for each
/// group with an OLA for the ticket's priority, in the order the ticket first entered them, its
/// response clock then its resolve clock (each only when the OLA has that target). Empty when
/// no group has an OLA, or the priority does not measure the ticket's type. As `evaluate`, by
/// the policy version in force when the ticket was logged.
std::vector<OlaClock> evaluate_olas(const config::Config& config,
                                    std::span<const model::Event> events, Instant at,
                                    const Options& options = {});

/// "ola-response" or "ola-resolve": the metric of an OLA finding of sla-check.
std::string_view ola_metric(const OlaClock& ola);

} // namespace itsm::sla
