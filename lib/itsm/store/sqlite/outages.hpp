#pragma once
// The SQLite store's outages and maintenance windows (store/outages.hpp).

#include <itsm/store/outages.hpp>

namespace SQLite {
class Database;
}

namespace itsm::store::sqlite {

class Outages final : public store::Outages {
public:
    explicit Outages(SQLite::Database& db) : m_db(db) {}
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
    SQLite::Database& m_db;
};

} // namespace itsm::store::sqlite
