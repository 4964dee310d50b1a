// The report's queries on the server: the file store's (sqlite/reports.cpp), with PostgreSQL's
// numbered parameters, each read whole from the report's snapshot.
#include <itsm/model/detail.hpp>
#include <itsm/model/event.hpp>
#include <itsm/store/postgres/reports.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/sealed.hpp>

#include <fmt/format.h>

namespace itsm::store::postgres {

using time::Instant;

namespace {

// The parameters of a report's statement: the instants first, then the filter's values, each
// clause numbered after them.
struct Bound {
    std::string sql; // " AND column = $n", one per filter
    std::vector<Param> params;
};

Bound bound_of(std::initializer_list<Instant> times, const ReportFilter& f, const char* prefix) {
    Bound b;
    for (const auto t : times) {
        b.params.push_back(number_param(time::to_epoch(t)));
    }
    auto add = [&](const std::string& value, const char* column) {
        if (!value.empty()) {
            b.params.push_back(value);
            b.sql += fmt::format(" AND {}{} = ${}", prefix, column, b.params.size());
        }
    };
    add(f.group, "grp");
    add(f.service, "service");
    add(f.priority, "priority");
    add(f.type, "type");
    return b;
}

class ServerSnapshot final : public Snapshot {
public:
    explicit ServerSnapshot(Connection& db) : m_read(db) {}
    void end() override { m_read.end(); }

private:
    ReadTransaction m_read;
};

} // namespace

std::unique_ptr<Snapshot> Reports::snapshot() {
    return std::make_unique<ServerSnapshot>(m_db);
}

ChainHead Reports::chain_head() {
    const Result r = m_db.run("SELECT count(*), (SELECT encode(hash, 'hex') FROM events ORDER BY "
                              "id DESC LIMIT 1) FROM events");
    return {r.integer(0, 0), hash_of_hex(r.text(0, 1))};
}

bool Reports::ticket_uses(ReportKey key, const std::string& value) {
    const char* column = key == ReportKey::priority ? "priority"
                         : key == ReportKey::group  ? "grp"
                                                    : "service";
    return m_db.run(fmt::format("SELECT 1 FROM tickets WHERE {} = $1 LIMIT 1", column), {value})
               .rows() > 0;
}

void Reports::period_tickets(
    Instant from, Instant until, const ReportFilter& filter,
    const std::function<bool(model::EventKind kind)>& needs_detail,
    const std::function<void(const PeriodTicket&, std::span<const model::Event>)>& fn) {
    const Bound b = bound_of({from, until}, filter, "t.");
    // Compiling these short queries (JIT) costs more than it saves.
    m_db.run("SET LOCAL jit = off");
    const Result r = m_db.run(
        events_by_ticket("t.number, t.priority, t.grp, t.service, t.opened_at, t.responded_at, "
                         "t.resolved_at, t.closed_at, e.at, e.actor, e.kind, e.detail, t.type, "
                         "t.channel",
                         "t.number, t.priority, t.grp, t.service, t.opened_at, t.responded_at, "
                         "t.resolved_at, t.closed_at, t.type, t.channel",
                         " WHERE ((t.opened_at >= $1 AND t.opened_at < $2) OR (t.responded_at "
                         ">= $1 AND t.responded_at < $2) OR (t.resolved_at >= $1 AND "
                         "t.resolved_at < $2) OR (t.closed_at >= $1 AND t.closed_at < $2))" +
                             b.sql,
                         " AND e.at <= $2"),
        b.params);
    PeriodTicket current;
    std::vector<model::Event> events;
    for (int row = 0; row < r.rows(); ++row) {
        const long long number = r.integer(row, 0);
        if (number != current.number || events.empty()) {
            if (!events.empty()) {
                fn(current, events);
                events.clear();
            }
            current.number = number;
            current.keys = {std::string(r.text(row, 1)), std::string(r.text(row, 2)),
                            std::string(r.text(row, 3)), std::string(r.text(row, 13))};
            current.opened_at = time::from_epoch(r.integer(row, 4));
            current.responded_at = instant_of(r, row, 5);
            current.resolved_at = instant_of(r, row, 6);
            current.closed_at = instant_of(r, row, 7);
            current.type = std::string(r.text(row, 12));
        }
        model::Event& e = events.emplace_back();
        e.ticket = number;
        e.at = time::from_epoch(r.integer(row, 8));
        e.actor = std::string(r.text(row, 9));
        model::set_kind(e, r.text(row, 10));
        e.detail =
            needs_detail(e.kind) ? model::parse_detail(r.text(row, 11)) : nlohmann::json::object();
    }
    if (!events.empty()) {
        fn(current, events);
    }
}

void Reports::open_tickets(Instant at, const ReportFilter& filter,
                           const std::function<void(const OpenTicket&)>& fn) {
    // Open at `at`: logged before it and not resolved (nor closed, which implies resolved)
    // before it.
    const Bound b = bound_of({at}, filter, "");
    const Result r = m_db.run("SELECT number, opened_at, priority, service, grp, type, channel "
                              "FROM tickets WHERE opened_at < $1 AND (resolved_at IS NULL OR "
                              "resolved_at >= $1)" +
                                  b.sql,
                              b.params);
    OpenTicket t;
    for (int row = 0; row < r.rows(); ++row) {
        t.number = r.integer(row, 0);
        t.opened_at = time::from_epoch(r.integer(row, 1));
        t.keys = {std::string(r.text(row, 2)), std::string(r.text(row, 4)),
                  std::string(r.text(row, 3)), std::string(r.text(row, 6))};
        t.type = std::string(r.text(row, 5));
        fn(t);
    }
}

void Reports::escalations(Instant from, Instant until, const ReportFilter& filter,
                          const std::function<void(const nlohmann::json& detail)>& fn) {
    const Bound b = bound_of({from, until}, filter, "t.");
    // The kind is written into the text, not bound, so that the partial index events_escalated
    // (postgres/schema.hpp) serves the query, as in a file store.
    const Result r = m_db.run(fmt::format("SELECT e.detail FROM events e JOIN tickets t ON "
                                          "t.number = e.ticket WHERE e.kind = '{}' AND e.at >= $1 "
                                          "AND e.at < $2{} ORDER BY e.id",
                                          model::to_string(model::EventKind::escalated), b.sql),
                              b.params);
    for (int row = 0; row < r.rows(); ++row) {
        fn(model::parse_detail(r.text(row, 0)));
    }
}

std::vector<long long> Reports::instants(Milestone milestone, Instant from, Instant until,
                                         const ReportFilter& filter) {
    const char* column = milestone == Milestone::opened     ? "opened_at"
                         : milestone == Milestone::resolved ? "resolved_at"
                                                            : "closed_at";
    const Bound b = bound_of({from, until}, filter, "");
    const Result r =
        m_db.run(fmt::format("SELECT {0} FROM tickets WHERE {0} >= $1 AND {0} < $2{1} ORDER BY {0}",
                             column, b.sql),
                 b.params);
    std::vector<long long> out;
    out.reserve(static_cast<std::size_t>(r.rows()));
    for (int row = 0; row < r.rows(); ++row) {
        out.push_back(r.integer(row, 0));
    }
    return out;
}

} // namespace itsm::store::postgres
