#pragma once
// What the PostgreSQL store's parts share to bind values and read rows: times are seconds since
// the epoch (as in the file store), sent and read in PostgreSQL's text form; and a read of
// several statements from one snapshot.

#include <itsm/store/postgres/connection.hpp>
#include <itsm/time/instant.hpp>

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace itsm::store::postgres {

/// Every write transaction holds this lock to its end: one writer at a time, as on the file
/// store, so that each event's link in the audit chain follows the event committed before it.
/// The number spells "itsm".
inline constexpr const char* k_write_lock = "SELECT pg_advisory_xact_lock(1769239405)";

inline Param number_param(long long value) {
    return std::to_string(value);
}

inline Param instant_param(const std::optional<time::Instant>& at) {
    return at ? number_param(time::to_epoch(*at)) : Param();
}

inline std::optional<time::Instant> instant_of(const Result& r, int row, int column) {
    if (r.null(row, column)) {
        return std::nullopt;
    }
    return time::from_epoch(r.integer(row, column));
}

/// A statement of the events of the tickets `where` chooses (" WHERE ..." over `tickets t`, or
/// ""), each row its `columns` of the ticket (t.) and the event (e.), in ticket then event
/// order, with `events_where` (" AND ..." over `events e`) on the events. `ticket_columns` are
/// the ticket's columns that `columns` reads (t.number among them): only they are sorted, not
/// the tickets' whole rows. The tickets come first and their events ticket by ticket through
/// events_ticket; both subqueries' ORDER BY let the server keep that order instead of sorting
/// every row. Joined, the server scanned every event of the store for a month's few and sorted
/// them on disk (docs/performance.md, "Reading into the same events, and a server's month").
inline std::string events_by_ticket(std::string_view columns, std::string_view ticket_columns,
                                    std::string_view where, std::string_view events_where = {}) {
    return fmt::format("SELECT {} FROM (SELECT {} FROM tickets t{} ORDER BY t.number) t CROSS "
                       "JOIN LATERAL (SELECT * FROM events e WHERE e.ticket = t.number{} ORDER "
                       "BY e.id) e ORDER BY t.number, e.id",
                       columns, ticket_columns, where, events_where);
}

/// Rows of a cursor of the open transaction, `batch` rows at a time (FETCH FORWARD): what a
/// statement gives is never held whole (a million open tickets' histories, a whole store's
/// export). The current row's texts stay valid until next() moves past the last row fetched.
class Cursor {
public:
    Cursor(Connection& db, std::string name, const std::string& query,
           const std::vector<Param>& params, int batch = 10000)
        : m_db(db), m_name(std::move(name)), m_batch(batch) {
        m_db.run(fmt::format("DECLARE {} NO SCROLL CURSOR FOR {}", m_name, query), params);
        fetch();
    }
    ~Cursor() {
        const std::string close = "CLOSE " + m_name;
        m_db.run_quietly(close.c_str());
    }
    Cursor(const Cursor&) = delete;
    Cursor& operator=(const Cursor&) = delete;

    /// Whether there is a current row; moves on with next().
    bool valid() const { return m_row < m_rows->rows(); }
    const Result& rows() const { return *m_rows; }
    int row() const { return m_row; }
    void next() {
        if (++m_row == m_rows->rows() && m_rows->rows() == m_batch) {
            fetch();
        }
    }

private:
    void fetch() {
        m_rows.emplace(m_db.run(fmt::format("FETCH FORWARD {} FROM {}", m_batch, m_name)));
        m_row = 0;
    }
    Connection& m_db;
    std::string m_name;
    int m_batch;
    std::optional<Result> m_rows;
    int m_row = 0;
};

/// A read of several statements from one snapshot of the store. Inside a transaction already
/// open (a write, or an enclosing snapshot) it joins it and ends nothing.
class ReadTransaction {
public:
    explicit ReadTransaction(Connection& db) : m_db(db.in_transaction() ? nullptr : &db) {
        if (m_db != nullptr) {
            m_db->run("BEGIN ISOLATION LEVEL REPEATABLE READ");
        }
    }
    ~ReadTransaction() { end(); }
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

    /// Ends the read (the destructor does, when not called).
    void end() noexcept {
        if (m_db != nullptr) {
            m_db->run_quietly("COMMIT");
            m_db = nullptr;
        }
    }

private:
    Connection* m_db;
};

} // namespace itsm::store::postgres
