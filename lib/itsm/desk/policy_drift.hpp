#pragma once
// Tickets whose terms changed under them: the policy version recorded when a ticket was logged
// is no longer the version the configuration puts in force at that time, because the files
// were edited in place rather than in a dated folder (docs/configuration.md, "Policy versions").

#include <itsm/config/config.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/store/store.hpp>

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace itsm::desk {

/// The terms that measure a ticket: the version in force when it was logged.
struct PolicyUse {
    std::string recorded;    // the hash its `logged` event records; "" when none
    std::string measured_by; // the hash of the version in force at its logging, as configured
    std::string version;     // that version's folder; "" for the top-level files
    time::Instant logged{};
    bool changed() const { return !recorded.empty() && recorded != measured_by; }
};

/// The policy use of a ticket from its history; nullopt without a `logged` event first.
std::optional<PolicyUse> policy_use(const config::Config& config,
                                    const std::vector<model::Event>& events);

/// "3f2a9c1d0b7e6a54 (policies/2027-01-01)", with what it was logged under when that changed.
std::string describe(const PolicyUse& use);

/// The tickets logged under one version that the configuration now measures by another.
struct PolicyDrift {
    std::string recorded; // the hash in their `logged` events
    std::string in_force; // the hash of the version in force then, as configured now
    std::string folder;   // that version's folder; "" for the top-level files
    long long tickets = 0;
    std::string first; // display ids of the first and last such ticket
    std::string last;
    time::Instant from{}; // when the first and the last were logged
    time::Instant to{};
};

/// Collects drift ticket by ticket (a pass over the store that reads the histories anyway).
class DriftTally {
public:
    explicit DriftTally(const config::Config& config) : m_config(config) {}
    /// Counts the ticket when its recorded version is not the one in force at its logging;
    /// a ticket without a recorded version (logged before versions were recorded, or imported
    /// from CSV) is not counted.
    void add(const std::vector<model::Event>& events, const std::string& id);
    std::vector<PolicyDrift> result() const;

private:
    const config::Config& m_config;
    std::map<std::pair<std::string, std::string>, PolicyDrift> m_drift;
};

/// Every drift in the store, oldest logging first.
std::vector<PolicyDrift> policy_drift(store::Store& store, const config::Config& config);

/// One line: how many tickets, logged when, measured by what, and what to do.
std::string describe(const PolicyDrift& d, time::Zone zone);

} // namespace itsm::desk
