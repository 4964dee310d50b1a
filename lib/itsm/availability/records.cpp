#include <itsm/availability/records.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace itsm::availability {

namespace {

std::int64_t epoch(Instant t) {
    return static_cast<std::int64_t>(time::to_epoch(t));
}

void bind_optional(SQLite::Statement& q, int index, const std::optional<Instant>& t) {
    if (t) {
        q.bind(index, epoch(*t));
    } else {
        q.bind(index);
    }
}

constexpr const char* k_outage_select =
    "SELECT o.ticket, o.service, o.start_at, o.end_at, t.resolved_at FROM outages o "
    "JOIN tickets t ON t.number = o.ticket ";

Outage read_outage(SQLite::Statement& q) {
    Outage o;
    o.ticket = q.getColumn(0).getInt64();
    o.service = q.getColumn(1).getString();
    o.start = time::from_epoch(q.getColumn(2).getInt64());
    o.end = store::optional_instant(q.getColumn(3));
    o.resolved_at = store::optional_instant(q.getColumn(4));
    return o;
}

constexpr const char* k_maintenance_select =
    "SELECT id, service, from_at, to_at, emergency, reason, recorded_at, actor, forced, "
    "cancelled_at, cancelled_by FROM maintenance ";

Maintenance read_maintenance(SQLite::Statement& q) {
    Maintenance m;
    m.id = q.getColumn(0).getInt64();
    m.service = q.getColumn(1).getString();
    m.from = time::from_epoch(q.getColumn(2).getInt64());
    m.to = time::from_epoch(q.getColumn(3).getInt64());
    m.emergency = q.getColumn(4).getInt() != 0;
    m.reason = q.getColumn(5).getString();
    m.recorded_at = time::from_epoch(q.getColumn(6).getInt64());
    m.actor = q.getColumn(7).getString();
    m.forced = q.getColumn(8).getInt() != 0;
    m.cancelled_at = store::optional_instant(q.getColumn(9));
    m.cancelled_by = q.getColumn(10).getString();
    return m;
}

} // namespace

std::optional<Outage> find_outage(store::Store& store, long long ticket) {
    SQLite::Statement q(store.db(), fmt::format("{}WHERE o.ticket = ?", k_outage_select));
    q.bind(1, static_cast<std::int64_t>(ticket));
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return read_outage(q);
}

void save_outage(store::Store& store, const Outage& outage) {
    SQLite::Statement q(store.db(), "INSERT OR REPLACE INTO outages (ticket, service, start_at, "
                                    "end_at) VALUES (?, ?, ?, ?)");
    q.bind(1, static_cast<std::int64_t>(outage.ticket));
    q.bind(2, outage.service);
    q.bind(3, epoch(outage.start));
    bind_optional(q, 4, outage.end);
    q.exec();
}

void move_outage(store::Store& store, long long ticket, const std::string& service) {
    SQLite::Statement q(store.db(), "UPDATE outages SET service = ? WHERE ticket = ?");
    q.bind(1, service);
    q.bind(2, static_cast<std::int64_t>(ticket));
    q.exec();
}

namespace {

// An instant of an event's detail ("2026-05-01T15:30:00Z"); nullopt for null or not a time.
std::optional<Instant> detail_instant(const nlohmann::json& value) {
    if (!value.is_string()) {
        return std::nullopt;
    }
    const auto t = time::parse_time(value.get<std::string>(), nullptr, Instant{});
    return t ? std::optional<Instant>(*t) : std::nullopt;
}

} // namespace

std::optional<Outage> outage_from_events(const model::Ticket& ticket,
                                         const std::vector<model::Event>& events) {
    std::optional<Outage> o;
    auto ensure = [&] {
        if (!o) {
            o = Outage{ticket.number, ticket.service, ticket.opened_at, std::nullopt, {}};
        }
    };
    for (const auto& e : events) {
        const auto& d = e.detail;
        if (e.kind == model::EventKind::logged && d.value("outage", false)) {
            ensure();
            o->start = e.at;
        } else if (e.kind == model::EventKind::updated && d.contains("changes")) {
            const auto& changes = d["changes"];
            if (changes.contains("outage_start")) {
                ensure();
                o->start = detail_instant(changes["outage_start"].value("to", nlohmann::json()))
                               .value_or(o->start);
            }
            if (changes.contains("outage_end")) {
                ensure();
                o->end = detail_instant(changes["outage_end"].value("to", nlohmann::json()));
            }
        }
    }
    if (o) {
        o->resolved_at = ticket.resolved_at;
    }
    return o;
}

void rebuild_outage(store::Store& store, long long ticket) {
    const auto t = store.find_ticket(ticket);
    if (!t) {
        return;
    }
    if (const auto o = outage_from_events(*t, store.events_of(ticket)); o && !o->service.empty()) {
        save_outage(store, *o);
    }
}

std::vector<Outage> outages(store::Store& store, const std::string& service, Instant from,
                            Instant to) {
    // An outage without an end, of a ticket not resolved, lasts until `to`.
    std::string sql = fmt::format(
        "{}WHERE o.start_at < ? AND COALESCE(o.end_at, t.resolved_at, ?) > ?", k_outage_select);
    if (!service.empty()) {
        sql += " AND o.service = ?";
    }
    sql += " ORDER BY o.start_at, o.ticket";
    SQLite::Statement q(store.db(), sql);
    q.bind(1, epoch(to));
    q.bind(2, epoch(to));
    q.bind(3, epoch(from));
    if (!service.empty()) {
        q.bind(4, service);
    }
    std::vector<Outage> out;
    while (q.executeStep()) {
        out.push_back(read_outage(q));
    }
    return out;
}

long long insert_maintenance(store::Store& store, const Maintenance& m) {
    SQLite::Statement q(store.db(), "INSERT INTO maintenance (id, service, from_at, to_at, "
                                    "emergency, reason, recorded_at, actor, forced, "
                                    "cancelled_at, cancelled_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                                    "?, ?, ?)");
    if (m.id > 0) {
        q.bind(1, static_cast<std::int64_t>(m.id));
    } else {
        q.bind(1);
    }
    q.bind(2, m.service);
    q.bind(3, epoch(m.from));
    q.bind(4, epoch(m.to));
    q.bind(5, m.emergency ? 1 : 0);
    q.bind(6, m.reason);
    q.bind(7, epoch(m.recorded_at));
    q.bind(8, m.actor);
    q.bind(9, m.forced ? 1 : 0);
    bind_optional(q, 10, m.cancelled_at);
    q.bind(11, m.cancelled_by);
    q.exec();
    return store.db().getLastInsertRowid();
}

std::optional<Maintenance> find_maintenance(store::Store& store, long long id) {
    SQLite::Statement q(store.db(), fmt::format("{}WHERE id = ?", k_maintenance_select));
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return read_maintenance(q);
}

bool cancel_maintenance(store::Store& store, long long id, Instant at, const std::string& actor) {
    SQLite::Statement q(store.db(), "UPDATE maintenance SET cancelled_at = ?, cancelled_by = ? "
                                    "WHERE id = ? AND cancelled_at IS NULL");
    q.bind(1, epoch(at));
    q.bind(2, actor);
    q.bind(3, static_cast<std::int64_t>(id));
    return q.exec() > 0;
}

std::vector<Maintenance> maintenance(store::Store& store, const MaintenanceFilter& filter) {
    std::string sql = fmt::format("{}WHERE 1 = 1", k_maintenance_select);
    if (!filter.service.empty()) {
        sql += " AND service = :service";
    }
    if (!filter.include_cancelled) {
        sql += " AND cancelled_at IS NULL";
    }
    if (filter.to) {
        sql += " AND from_at < :to";
    }
    if (filter.from) {
        sql += " AND to_at > :from";
    }
    sql += " ORDER BY from_at, id";
    SQLite::Statement q(store.db(), sql);
    if (!filter.service.empty()) {
        q.bind(":service", filter.service);
    }
    if (filter.to) {
        q.bind(":to", epoch(*filter.to));
    }
    if (filter.from) {
        q.bind(":from", epoch(*filter.from));
    }
    std::vector<Maintenance> out;
    while (q.executeStep()) {
        out.push_back(read_maintenance(q));
    }
    return out;
}

std::string maintenance_id(long long id) {
    return fmt::format("MNT-{}", id);
}

std::optional<long long> parse_maintenance_id(std::string_view text) {
    if (text.size() > 4 && std::toupper(static_cast<unsigned char>(text[0])) == 'M' &&
        std::toupper(static_cast<unsigned char>(text[1])) == 'N' &&
        std::toupper(static_cast<unsigned char>(text[2])) == 'T' && text[3] == '-') {
        text.remove_prefix(4);
    }
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

} // namespace itsm::availability
