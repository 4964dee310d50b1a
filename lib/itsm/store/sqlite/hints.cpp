#include <itsm/store/hints.hpp>
#include <itsm/store/sqlite/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace itsm::store {

namespace {

// Two queries rather than one ORDER BY over every ticket: the open tickets come through the
// status index, the others by number from the newest, and both stop at the limit.
void add_tickets(sqlite::Store& store, const char* where, std::size_t limit,
                 std::vector<TicketHint>& hints) {
    if (hints.size() >= limit) {
        return;
    }
    SQLite::Statement q(store.db(), fmt::format("SELECT number, type, status, title FROM tickets "
                                                "WHERE {} ORDER BY number DESC LIMIT ?",
                                                where));
    q.bind(1, static_cast<int64_t>(limit - hints.size()));
    while (q.executeStep()) {
        TicketHint h;
        h.number = q.getColumn(0).getInt64();
        h.type = model::parse_type(q.getColumn(1).getString()).value_or(model::Type::incident);
        h.status = model::parse_status(q.getColumn(2).getString()).value_or(model::Status::new_);
        h.title = q.getColumn(3).getString();
        hints.push_back(std::move(h));
    }
}

} // namespace

std::vector<TicketHint> sqlite::Store::ticket_hints(std::size_t limit) {
    std::vector<TicketHint> hints;
    add_tickets(*this, "status IN ('new', 'assigned', 'on-hold')", limit, hints);
    add_tickets(*this, "status IN ('resolved', 'closed')", limit, hints);
    return hints;
}

std::vector<std::string> sqlite::Store::field_hints(Field field, std::size_t limit) {
    const char* column = hint_column(field);
    // Among the latest tickets only (hints.hpp).
    SQLite::Statement q(db(),
                        fmt::format("SELECT {0} FROM (SELECT {0} FROM tickets ORDER BY number DESC "
                                    "LIMIT ?) WHERE {0} <> '' GROUP BY {0} "
                                    "ORDER BY count(*) DESC, {0} LIMIT ?",
                                    column));
    q.bind(1, static_cast<int64_t>(k_hint_recent_tickets));
    q.bind(2, static_cast<int64_t>(limit));
    std::vector<std::string> values;
    while (q.executeStep()) {
        values.push_back(q.getColumn(0).getString());
    }
    return values;
}

} // namespace itsm::store
