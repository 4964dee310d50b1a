// What the PostgreSQL store suggests to shell completion (store/hints.hpp), chosen as the file
// store's (sqlite/hints.cpp) chooses it.
#include <itsm/store/hints.hpp>
#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/postgres/store.hpp>

#include <fmt/format.h>

namespace itsm::store::postgres {

std::vector<TicketHint> Store::ticket_hints(std::size_t limit) {
    std::vector<TicketHint> hints;
    // The open tickets first, the newest of each kind first.
    for (const char* where :
         {"status IN ('new', 'assigned', 'on-hold')", "status IN ('resolved', 'closed')"}) {
        if (hints.size() >= limit) {
            break;
        }
        const Result r = m_db->run(fmt::format("SELECT number, type, status, title FROM tickets "
                                               "WHERE {} ORDER BY number DESC "
                                               "LIMIT $1::bigint",
                                               where),
                                   {std::to_string(limit - hints.size())});
        for (int i = 0; i < r.rows(); ++i) {
            TicketHint h;
            h.number = r.integer(i, 0);
            h.type = model::parse_type(r.text(i, 1)).value_or(model::Type::incident);
            h.status = model::parse_status(r.text(i, 2)).value_or(model::Status::new_);
            h.title = r.text(i, 3);
            hints.push_back(std::move(h));
        }
    }
    return hints;
}

std::vector<std::string> Store::field_hints(Field field, std::size_t limit) {
    const Result r =
        m_db->run(fmt::format("SELECT {0} FROM (SELECT {0} FROM tickets ORDER BY number DESC "
                              "LIMIT $1::bigint) latest WHERE {0} <> '' GROUP BY {0} "
                              "ORDER BY count(*) DESC, {0} COLLATE \"C\" LIMIT $2::bigint",
                              hint_column(field)),
                  {std::to_string(k_hint_recent_tickets), std::to_string(limit)});
    std::vector<std::string> values;
    for (int i = 0; i < r.rows(); ++i) {
        values.emplace_back(r.text(i, 0));
    }
    return values;
}

} // namespace itsm::store::postgres
