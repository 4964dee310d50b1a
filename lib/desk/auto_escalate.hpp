#pragma once
// Automatic escalation (`sla-check --escalate`): a ticket still at a tier after the tier's
// auto_escalate_after moves to the next tier; a breached clock raises the hierarchical level once.

#include <itsm/config/config.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/store/store.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace itsm::desk {

struct Escalation {
    std::string id;
    std::string kind; // "tier" or "hierarchical"
    std::string from; // group, or level number as text
    std::string to;   // group, or the chain level's name
    std::string reason;
};

/// Escalates every open ticket that is due for it at `stamp.at`; each escalation is its own
/// transaction and event (marked automatic). Running it again changes nothing more.
std::vector<Escalation> auto_escalate(store::Store& store, const config::Config& config,
                                      const Stamp& stamp);

nlohmann::json to_json(const std::vector<Escalation>& escalations);

} // namespace itsm::desk
