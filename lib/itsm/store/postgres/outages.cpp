#include <itsm/store/postgres/areas.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/sealed.hpp>

#include <fmt/format.h>

namespace itsm::store::postgres {

namespace {

constexpr const char* k_outage_select =
    "SELECT o.ticket, o.service, o.start_at, o.end_at, t.resolved_at FROM outages o "
    "JOIN tickets t ON t.number = o.ticket ";

Outage outage_of(const Result& r, int row) {
    Outage o;
    o.ticket = r.integer(row, 0);
    o.service = std::string(r.text(row, 1));
    o.start = time::from_epoch(r.integer(row, 2));
    o.end = instant_of(r, row, 3);
    o.resolved_at = instant_of(r, row, 4);
    return o;
}

constexpr const char* k_maintenance_select =
    "SELECT id, service, from_at, to_at, emergency, reason, recorded_at, actor, forced, "
    "cancelled_at, cancelled_by FROM maintenance ";

Maintenance maintenance_of(const Result& r, int row) {
    Maintenance m;
    m.id = r.integer(row, 0);
    m.service = std::string(r.text(row, 1));
    m.from = time::from_epoch(r.integer(row, 2));
    m.to = time::from_epoch(r.integer(row, 3));
    m.emergency = r.integer(row, 4) != 0;
    m.reason = std::string(r.text(row, 5));
    m.recorded_at = time::from_epoch(r.integer(row, 6));
    m.actor = std::string(r.text(row, 7));
    m.forced = r.integer(row, 8) != 0;
    m.cancelled_at = instant_of(r, row, 9);
    m.cancelled_by = std::string(r.text(row, 10));
    return m;
}

SealValue sealed_instant(const std::optional<time::Instant>& at) {
    return at ? SealValue(static_cast<std::int64_t>(time::to_epoch(*at))) : SealValue();
}

// The state seal of a maintenance window: over its seal and its cancellation.
Hash cancellation_seal(const Hash& seal, const std::optional<time::Instant>& at,
                       const std::string& by) {
    return seal_of(seal, {sealed_instant(at), by});
}

} // namespace

std::optional<Outage> Outages::find(long long ticket) {
    const Result r =
        m_db.run(fmt::format("{}WHERE o.ticket = $1", k_outage_select), {number_param(ticket)});
    if (r.rows() == 0) {
        return std::nullopt;
    }
    return outage_of(r, 0);
}

void Outages::save(const Outage& outage) {
    m_db.run("INSERT INTO outages (ticket, service, start_at, end_at) VALUES ($1, $2, $3, $4) ON "
             "CONFLICT (ticket) DO UPDATE SET service = excluded.service, start_at = "
             "excluded.start_at, end_at = excluded.end_at",
             {number_param(outage.ticket), outage.service,
              number_param(time::to_epoch(outage.start)), instant_param(outage.end)});
}

void Outages::move(long long ticket, const std::string& service) {
    m_db.run("UPDATE outages SET service = $1 WHERE ticket = $2", {service, number_param(ticket)});
}

std::vector<Outage> Outages::overlapping(const std::string& service, time::Instant from,
                                         time::Instant to) {
    // An outage without an end, of a ticket not resolved, lasts until `to`.
    std::string sql = fmt::format(
        "{}WHERE o.start_at < $1 AND COALESCE(o.end_at, t.resolved_at, $1) > $2", k_outage_select);
    std::vector<Param> params{number_param(time::to_epoch(to)), number_param(time::to_epoch(from))};
    if (!service.empty()) {
        sql += " AND o.service = $3";
        params.emplace_back(service);
    }
    const Result r = m_db.run(sql + " ORDER BY o.start_at, o.ticket", params);
    std::vector<Outage> out;
    for (int row = 0; row < r.rows(); ++row) {
        out.push_back(outage_of(r, row));
    }
    return out;
}

long long Outages::insert_maintenance(const Maintenance& m) {
    const long long id = m.id > 0 ? m.id : next_id(m_db, "maintenance");
    const auto from = static_cast<std::int64_t>(time::to_epoch(m.from));
    const auto to = static_cast<std::int64_t>(time::to_epoch(m.to));
    const auto recorded = static_cast<std::int64_t>(time::to_epoch(m.recorded_at));
    const Hash seal = seal_row(m_db, "maintenance",
                               {static_cast<std::int64_t>(id), m.service, from, to,
                                std::int64_t{m.emergency ? 1 : 0}, m.reason, recorded, m.actor,
                                std::int64_t{m.forced ? 1 : 0}});
    m_db.run("INSERT INTO maintenance (id, service, from_at, to_at, emergency, reason, "
             "recorded_at, actor, forced, cancelled_at, cancelled_by, seal, state_seal) VALUES "
             "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, decode($12, 'hex'), decode($13, "
             "'hex'))",
             {number_param(id), m.service, number_param(from), number_param(to),
              number_param(m.emergency ? 1 : 0), m.reason, number_param(recorded), m.actor,
              number_param(m.forced ? 1 : 0), instant_param(m.cancelled_at), m.cancelled_by,
              to_hex(seal), to_hex(cancellation_seal(seal, m.cancelled_at, m.cancelled_by))});
    return id;
}

std::optional<Maintenance> Outages::find_maintenance(long long id) {
    const Result r =
        m_db.run(fmt::format("{}WHERE id = $1", k_maintenance_select), {number_param(id)});
    if (r.rows() == 0) {
        return std::nullopt;
    }
    return maintenance_of(r, 0);
}

bool Outages::cancel_maintenance(long long id, time::Instant at, const std::string& actor) {
    const Result r = m_db.run("SELECT encode(seal, 'hex') FROM maintenance WHERE id = $1 AND "
                              "cancelled_at IS NULL FOR UPDATE",
                              {number_param(id)});
    if (r.rows() == 0) {
        return false;
    }
    const Hash state = cancellation_seal(hash_of_hex(r.text(0, 0)), at, actor);
    m_db.run("UPDATE maintenance SET cancelled_at = $1, cancelled_by = $2, state_seal = "
             "decode($3, 'hex') WHERE id = $4",
             {instant_param(at), actor, to_hex(state), number_param(id)});
    return true;
}

std::vector<Maintenance> Outages::maintenance(const MaintenanceFilter& filter) {
    std::string sql = fmt::format("{}WHERE 1 = 1", k_maintenance_select);
    std::vector<Param> params;
    auto add = [&](const char* condition, Param value) {
        params.push_back(std::move(value));
        sql += fmt::format(" AND {} ${}", condition, params.size());
    };
    if (!filter.service.empty()) {
        add("service =", filter.service);
    }
    if (!filter.include_cancelled) {
        sql += " AND cancelled_at IS NULL";
    }
    if (filter.to) {
        add("from_at <", instant_param(filter.to));
    }
    if (filter.from) {
        add("to_at >", instant_param(filter.from));
    }
    const Result r = m_db.run(sql + " ORDER BY from_at, id", params);
    std::vector<Maintenance> out;
    for (int row = 0; row < r.rows(); ++row) {
        out.push_back(maintenance_of(r, row));
    }
    return out;
}

} // namespace itsm::store::postgres
