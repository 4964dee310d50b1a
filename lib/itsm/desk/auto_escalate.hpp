#pragma once
// Automatic escalation (`sla-check --escalate`): a ticket still unanswered in its group after the
// group's auto_escalate_after (or not resolved after its auto_escalate_unresolved_after) moves to
// the next tier; a breach of a clock named in [escalation] on_breach raises the hierarchical
// level once.

#include <itsm/config/config.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/store/store.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace itsm::desk {

struct Escalation {
    std::string id;
    std::string kind; // "tier" or "hierarchical"
    std::string from; // group, or level number as text
    std::string to;   // group, or the chain level's name
    std::string reason;
    std::string unassigned; // the assignee a tier escalation took the ticket from, "" = none
};

/// Escalates every open ticket that is due for it at `stamp.at`; each escalation is its own
/// transaction and event (marked automatic). Running it again changes nothing more. Records
/// their priority does not measure (`types` in priorities.toml) are left alone; with `type`,
/// only tickets of that type are considered.
std::vector<Escalation> auto_escalate(store::Store& store, const config::Config& config,
                                      const Stamp& stamp,
                                      std::optional<model::Type> type = std::nullopt);

nlohmann::json to_json(const std::vector<Escalation>& escalations);

} // namespace itsm::desk
