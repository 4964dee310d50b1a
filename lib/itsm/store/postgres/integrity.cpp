#include <itsm/store/postgres/integrity.hpp>
#include <itsm/store/postgres/sealed.hpp>

#include <fmt/format.h>

namespace itsm::store::postgres {

namespace {

// Events are read in pages of this many, by id, so that the walk holds one page at a time.
constexpr int k_chain_page = 10000;

} // namespace

Connection& Integrity::read() {
    if (!m_snapshot) {
        m_snapshot.emplace(m_db);
    }
    return m_db;
}

std::vector<std::string> Integrity::storage_problems() {
    return {};
}

std::vector<OrphanEvent> Integrity::orphan_events() {
    const Result r = read().run("SELECT e.id, e.ticket, e.kind FROM events e WHERE NOT EXISTS "
                                "(SELECT 1 FROM tickets t WHERE t.number = e.ticket) ORDER BY "
                                "e.id");
    std::vector<OrphanEvent> out;
    for (int row = 0; row < r.rows(); ++row) {
        out.push_back({r.integer(row, 0), r.integer(row, 1), std::string(r.text(row, 2))});
    }
    return out;
}

std::vector<OrphanLink> Integrity::orphan_links() {
    const Result r = read().run("SELECT l.ticket, l.other FROM links l WHERE NOT EXISTS (SELECT 1 "
                                "FROM tickets t WHERE t.number = l.ticket) ORDER BY l.ticket, "
                                "l.other");
    std::vector<OrphanLink> out;
    for (int row = 0; row < r.rows(); ++row) {
        out.push_back({r.integer(row, 0), r.integer(row, 1)});
    }
    return out;
}

ChainReport Integrity::chain(std::size_t max_breaks, long long mark) {
    ChainCheck check(max_breaks, mark);
    long long after = 0;
    for (;;) {
        const Result r = read().run(
            fmt::format("SELECT id, ticket, at, actor, kind, detail, encode(hash, 'hex') FROM "
                        "events WHERE id > $1 ORDER BY id LIMIT {}",
                        k_chain_page),
            {number_param(after)});
        for (int row = 0; row < r.rows(); ++row) {
            const auto hex = r.text(row, 6);
            check.add(r.integer(row, 0), r.integer(row, 1), r.integer(row, 2), r.text(row, 3),
                      r.text(row, 4), r.text(row, 5),
                      hex.size() == 2 * k_genesis.size() ? std::optional(hash_of_hex(hex))
                                                         : std::nullopt);
            after = r.integer(row, 0);
        }
        if (r.rows() < k_chain_page) {
            return check.report();
        }
    }
}

std::vector<model::LinkRow> Integrity::link_rows() {
    const Result r = read().run("SELECT ticket, other, relation FROM links ORDER BY ticket, other");
    std::vector<model::LinkRow> rows;
    for (int row = 0; row < r.rows(); ++row) {
        rows.emplace_back(r.integer(row, 0), r.integer(row, 1), std::string(r.text(row, 2)));
    }
    return rows;
}

std::vector<Outage> Integrity::outage_rows() {
    const Result r =
        read().run("SELECT ticket, service, start_at, end_at FROM outages ORDER BY ticket");
    std::vector<Outage> out;
    for (int row = 0; row < r.rows(); ++row) {
        Outage o;
        o.ticket = r.integer(row, 0);
        o.service = std::string(r.text(row, 1));
        o.start = time::from_epoch(r.integer(row, 2));
        o.end = instant_of(r, row, 3);
        out.push_back(std::move(o));
    }
    return out;
}

std::vector<long long> Integrity::text_index_mismatches() {
    return {};
}

SealReport Integrity::seals() {
    return verify_seals(read());
}

} // namespace itsm::store::postgres
