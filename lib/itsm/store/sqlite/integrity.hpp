#pragma once
// The SQLite store's integrity (store/integrity.hpp).

#include <itsm/store/integrity.hpp>

namespace SQLite {
class Database;
}

namespace itsm::store::sqlite {

class Integrity final : public store::Integrity {
public:
    explicit Integrity(SQLite::Database& db) : m_db(db) {}
    std::vector<std::string> storage_problems() override;
    std::vector<OrphanEvent> orphan_events() override;
    std::vector<OrphanLink> orphan_links() override;
    ChainReport chain(std::size_t max_breaks, long long mark) override;
    std::vector<model::LinkRow> link_rows() override;
    std::vector<Outage> outage_rows() override;
    std::vector<long long> text_index_mismatches() override;
    SealReport seals() override;

private:
    SQLite::Database& m_db;
};

} // namespace itsm::store::sqlite
