#pragma once
// What `itsm check` reads of the PostgreSQL store (store/integrity.hpp): the audit chain and the
// seals recomputed from the server's rows, by itsm, as on a file store; every read from one
// snapshot, taken at the first and held until the store is closed.

#include <itsm/store/integrity.hpp>
#include <itsm/store/postgres/rows.hpp>

#include <optional>

namespace itsm::store::postgres {

class Integrity final : public store::Integrity {
public:
    explicit Integrity(Connection& db) : m_db(db) {}
    /// None: the server keeps its own storage sound (a file store runs SQLite's check here).
    std::vector<std::string> storage_problems() override;
    std::vector<OrphanEvent> orphan_events() override;
    std::vector<OrphanLink> orphan_links() override;
    ChainReport chain(std::size_t max_breaks, long long mark) override;
    std::vector<model::LinkRow> link_rows() override;
    std::vector<Outage> outage_rows() override;
    /// None: the server keeps no search index yet.
    std::vector<long long> text_index_mismatches() override;
    SealReport seals() override;

private:
    // Begins the check's snapshot on the first read.
    Connection& read();

    Connection& m_db;
    std::optional<ReadTransaction> m_snapshot;
};

} // namespace itsm::store::postgres
