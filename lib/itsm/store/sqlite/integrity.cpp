#include <itsm/model/event.hpp>
#include <itsm/store/sqlite/columns.hpp>
#include <itsm/store/sqlite/integrity.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace itsm::store::sqlite {

std::vector<std::string> Integrity::storage_problems() {
    std::vector<std::string> out;
    SQLite::Statement q(m_db, "PRAGMA integrity_check");
    while (q.executeStep()) {
        std::string row = q.getColumn(0).getString();
        if (row != "ok") {
            out.push_back(std::move(row));
        }
    }
    return out;
}

std::vector<OrphanEvent> Integrity::orphan_events() {
    std::vector<OrphanEvent> out;
    SQLite::Statement q(m_db, "SELECT e.id, e.ticket, e.kind FROM events e WHERE NOT EXISTS "
                              "(SELECT 1 FROM tickets t WHERE t.number = e.ticket) ORDER BY "
                              "e.id");
    while (q.executeStep()) {
        out.push_back(
            {q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString()});
    }
    return out;
}

std::vector<OrphanLink> Integrity::orphan_links() {
    std::vector<OrphanLink> out;
    SQLite::Statement q(m_db, "SELECT l.ticket, l.other FROM links l WHERE NOT EXISTS (SELECT 1 "
                              "FROM tickets t WHERE t.number = l.ticket)");
    while (q.executeStep()) {
        out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getInt64()});
    }
    return out;
}

ChainReport Integrity::chain(std::size_t max_breaks, long long mark) {
    return verify_chain(m_db.getHandle(), max_breaks, mark);
}

std::vector<model::LinkRow> Integrity::link_rows() {
    std::vector<model::LinkRow> rows;
    SQLite::Statement q(m_db, "SELECT ticket, other, relation FROM links ORDER BY ticket, other");
    while (q.executeStep()) {
        rows.emplace_back(q.getColumn(0).getInt64(), q.getColumn(1).getInt64(),
                          q.getColumn(2).getString());
    }
    return rows;
}

std::vector<Outage> Integrity::outage_rows() {
    std::vector<Outage> out;
    SQLite::Statement q(m_db,
                        "SELECT ticket, service, start_at, end_at FROM outages ORDER BY ticket");
    while (q.executeStep()) {
        Outage o;
        o.ticket = q.getColumn(0).getInt64();
        o.service = q.getColumn(1).getString();
        o.start = time::from_epoch(q.getColumn(2).getInt64());
        o.end = optional_instant(q.getColumn(3));
        out.push_back(std::move(o));
    }
    return out;
}

// The text the index stores must be each ticket's title, description, notes (in order, one a
// line, as store::k_text_fill joins them) and resolution, for every ticket.
std::vector<long long> Integrity::text_index_mismatches() {
    std::vector<long long> out;
    SQLite::Statement q(m_db,
                        fmt::format(R"sql(
SELECT t.number FROM tickets t LEFT JOIN ticket_text x ON x.rowid = t.number
WHERE x.rowid IS NULL OR x.title IS NOT t.title OR x.description IS NOT t.description
   OR x.resolution IS NOT t.resolution
   OR x.notes IS NOT coalesce((SELECT group_concat(json_extract(detail, '$.{}'), char(10))
                               FROM events WHERE ticket = t.number AND kind = '{}'), '')
UNION ALL
SELECT x.rowid FROM ticket_text x WHERE x.rowid NOT IN (SELECT number FROM tickets)
ORDER BY 1)sql",
                                    model::key::text, model::to_string(model::EventKind::noted)));
    while (q.executeStep()) {
        out.push_back(q.getColumn(0).getInt64());
    }
    return out;
}

SealReport Integrity::seals() {
    return verify_seals(m_db);
}

} // namespace itsm::store::sqlite
