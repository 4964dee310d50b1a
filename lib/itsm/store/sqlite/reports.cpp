// The report's queries: indexed ranges of the tickets table, never the whole history
// (report/passes.cpp says what each pass makes of them).
#include <itsm/model/detail.hpp>
#include <itsm/model/event.hpp>
#include <itsm/store/sqlite/columns.hpp>
#include <itsm/store/sqlite/reports.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace itsm::store::sqlite {

using time::Instant;

namespace {

// The filters as " AND column = ?" clauses; values are bound, never concatenated.
struct Clause {
    std::string sql;
    std::vector<std::string> values;
};

Clause clause_of(const ReportFilter& f, const char* prefix) {
    Clause c;
    auto add = [&](const std::string& value, const char* column) {
        if (!value.empty()) {
            c.sql += fmt::format(" AND {}{} = ?", prefix, column);
            c.values.push_back(value);
        }
    };
    add(f.group, "grp");
    add(f.service, "service");
    add(f.priority, "priority");
    add(f.type, "type");
    return c;
}

// Binds `times` then the filter values, from parameter 1.
void bind(SQLite::Statement& q, std::initializer_list<Instant> times, const Clause& c) {
    int i = 1;
    for (const auto t : times) {
        q.bind(i++, epoch(t));
    }
    for (const auto& v : c.values) {
        q.bind(i++, v);
    }
}

// "Open at T": logged before T and not resolved (nor closed, which implies resolved) before
// T. Written as two ranges of the resolved_at index so that only the tickets open now or
// resolved since T are visited, not the whole history.
std::string open_at_sql(const char* columns, const Clause& c, const char* tail) {
    return fmt::format("SELECT {0} FROM tickets WHERE resolved_at IS NULL AND opened_at < ?{1}{2} "
                       "UNION ALL "
                       "SELECT {0} FROM tickets WHERE resolved_at >= ? AND opened_at < ?{1}{2}",
                       columns, c.sql, tail);
}

void bind_open_at(SQLite::Statement& q, Instant t, const Clause& c) {
    int i = 1;
    for (int part = 0; part < 2; ++part) {
        if (part == 1) {
            q.bind(i++, epoch(t));
        }
        q.bind(i++, epoch(t));
        for (const auto& v : c.values) {
            q.bind(i++, v);
        }
    }
}

// A read transaction, ended by end() or, unended, rolled back with the object.
class ReadSnapshot final : public Snapshot {
public:
    explicit ReadSnapshot(SQLite::Database& db) : m_tx(db, SQLite::TransactionBehavior::DEFERRED) {}
    void end() override { m_tx.commit(); }

private:
    SQLite::Transaction m_tx;
};

} // namespace

std::unique_ptr<Snapshot> Reports::snapshot() {
    // A report reads the same pages many times over: map the file rather than copy each page
    // through a small cache (reads only; SQLite falls back to read() where mapping fails).
    m_db.exec("PRAGMA mmap_size=1073741824");
    return std::make_unique<ReadSnapshot>(m_db);
}

ChainHead Reports::chain_head() {
    return {m_db.execAndGet("SELECT count(*) FROM events").getInt64(), head(m_db.getHandle())};
}

bool Reports::ticket_uses(ReportKey key, const std::string& value) {
    const char* column = key == ReportKey::priority ? "priority"
                         : key == ReportKey::group  ? "grp"
                                                    : "service";
    SQLite::Statement q(m_db, fmt::format("SELECT 1 FROM tickets WHERE {} = ? LIMIT 1", column));
    q.bind(1, value);
    return q.executeStep();
}

void Reports::period_tickets(
    Instant from, Instant until, const ReportFilter& filter,
    const std::function<bool(model::EventKind kind)>& needs_detail,
    const std::function<void(const PeriodTicket&, std::span<const model::Event>)>& fn) {
    const Clause c = clause_of(filter, "t.");
    SQLite::Statement q(
        m_db, "SELECT t.number, t.priority, t.grp, t.service, t.opened_at, t.responded_at, "
              "t.resolved_at, t.closed_at, e.at, e.actor, e.kind, e.detail, t.type, t.channel "
              "FROM tickets t "
              "JOIN "
              "events e ON e.ticket = t.number WHERE ((t.opened_at >= ? AND t.opened_at < ?) OR "
              "(t.responded_at >= ? AND t.responded_at < ?) OR (t.resolved_at >= ? AND "
              "t.resolved_at < ?) OR (t.closed_at >= ? AND t.closed_at < ?)) AND e.at <= ?" +
                  c.sql + " ORDER BY t.number, e.id");
    bind(q, {from, until, from, until, from, until, from, until, until}, c);
    PeriodTicket current;
    std::vector<model::Event> events;
    std::size_t used = 0;
    auto flush = [&] {
        if (used > 0) {
            fn(current, std::span<const model::Event>(events.data(), used));
        }
        used = 0;
    };
    while (q.executeStep()) {
        const long long number = q.getColumn(0).getInt64();
        if (number != current.number || used == 0) {
            flush();
            current.number = number;
            current.keys = {q.getColumn(1).getString(), q.getColumn(2).getString(),
                            q.getColumn(3).getString(), q.getColumn(13).getString()};
            current.opened_at = time::from_epoch(q.getColumn(4).getInt64());
            current.responded_at = optional_instant(q.getColumn(5));
            current.resolved_at = optional_instant(q.getColumn(6));
            current.closed_at = optional_instant(q.getColumn(7));
            current.type = q.getColumn(12).getString();
        }
        if (used == events.size()) {
            events.emplace_back();
        }
        model::Event& e = events[used++];
        e.ticket = number;
        e.at = time::from_epoch(q.getColumn(8).getInt64());
        e.actor = q.getColumn(9).getString();
        model::set_kind(e, q.getColumn(10).getText());
        if (needs_detail(e.kind)) {
            const SQLite::Column detail = q.getColumn(11);
            e.detail = model::parse_detail(
                std::string_view(detail.getText(), static_cast<std::size_t>(detail.getBytes())));
        } else {
            e.detail = nlohmann::json::object();
        }
    }
    flush();
}

void Reports::open_tickets(Instant at, const ReportFilter& filter,
                           const std::function<void(const OpenTicket&)>& fn) {
    const Clause c = clause_of(filter, "");
    SQLite::Statement q(
        m_db, open_at_sql("number, opened_at, priority, service, grp, type, channel", c, ""));
    bind_open_at(q, at, c);
    OpenTicket t;
    while (q.executeStep()) {
        t.number = q.getColumn(0).getInt64();
        t.opened_at = time::from_epoch(q.getColumn(1).getInt64());
        t.keys = {q.getColumn(2).getString(), q.getColumn(4).getString(),
                  q.getColumn(3).getString(), q.getColumn(6).getString()};
        t.type = q.getColumn(5).getString();
        fn(t);
    }
}

void Reports::escalations(Instant from, Instant until, const ReportFilter& filter,
                          const std::function<void(const nlohmann::json& detail)>& fn) {
    const Clause c = clause_of(filter, "t.");
    // The kind is written into the text, not bound: only then may the partial index of the
    // escalation events (events_escalated, store/schema.hpp) serve the query, which otherwise
    // reads every event of the history.
    SQLite::Statement q(m_db, fmt::format("SELECT e.detail FROM events e JOIN tickets t ON "
                                          "t.number = e.ticket WHERE e.kind = '{}' AND e.at >= ? "
                                          "AND e.at < ?{} ORDER BY e.id",
                                          model::to_string(model::EventKind::escalated), c.sql));
    bind(q, {from, until}, c);
    while (q.executeStep()) {
        fn(model::parse_detail(q.getColumn(0).getText()));
    }
}

std::vector<long long> Reports::instants(Milestone milestone, Instant from, Instant until,
                                         const ReportFilter& filter) {
    const char* column = milestone == Milestone::opened     ? "opened_at"
                         : milestone == Milestone::resolved ? "resolved_at"
                                                            : "closed_at";
    const Clause c = clause_of(filter, "");
    SQLite::Statement q(m_db, fmt::format("SELECT {0} FROM tickets WHERE {0} >= ? AND {0} < ?{1} "
                                          "ORDER BY {0}",
                                          column, c.sql));
    bind(q, {from, until}, c);
    std::vector<long long> out;
    while (q.executeStep()) {
        out.push_back(q.getColumn(0).getInt64());
    }
    return out;
}

} // namespace itsm::store::sqlite
