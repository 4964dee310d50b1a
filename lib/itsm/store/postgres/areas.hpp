#pragma once
// The areas of the PostgreSQL store beside tickets and events (store/store.hpp): outages and
// maintenance windows (the full-text index is in search.hpp, incoming mail in mail.hpp, the
// outbox in outbox.hpp).

#include <itsm/store/outages.hpp>

namespace itsm::store::postgres {

class Connection;

/// Outages and maintenance windows (outages.cpp), as in the file store; maintenance windows are
/// sealed (sealed.hpp).
class Outages final : public store::Outages {
public:
    explicit Outages(Connection& db) : m_db(db) {}
    std::optional<Outage> find(long long ticket) override;
    void save(const Outage& outage) override;
    void move(long long ticket, const std::string& service) override;
    std::vector<Outage> overlapping(const std::string& service, time::Instant from,
                                    time::Instant to) override;
    long long insert_maintenance(const Maintenance& m) override;
    std::optional<Maintenance> find_maintenance(long long id) override;
    bool cancel_maintenance(long long id, time::Instant at, const std::string& actor) override;
    std::vector<Maintenance> maintenance(const MaintenanceFilter& filter) override;

private:
    Connection& m_db;
};

} // namespace itsm::store::postgres
