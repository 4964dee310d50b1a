// The PostgreSQL store's export reader (store/bulk.hpp): tickets, their links and their events
// as three cursors of one snapshot, fetched as the caller reads and merged in ticket order, as
// the file store's (sqlite/bulk_export.cpp) gives them.
#include <itsm/store/bulk.hpp>
#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/store.hpp>

#include <fmt/format.h>

#include <limits>

namespace itsm::store::postgres {

namespace {

class ServerTickets final : public TicketReader {
public:
    ServerTickets(Connection& db, const ExportPeriod& period, bool history) : m_snapshot(db) {
        std::string columns;
        for (const auto& c : k_bulk_columns) {
            columns += fmt::format("{}t.{}", columns.empty() ? "" : ", ", c.name);
        }
        std::string where;
        std::string joined;
        std::vector<Param> params;
        if (period.from || period.until) {
            params = {std::to_string(period.from ? time::to_epoch(*period.from)
                                                 : std::numeric_limits<long long>::min()),
                      std::to_string(period.until ? time::to_epoch(*period.until)
                                                  : std::numeric_limits<long long>::max())};
            where = " WHERE (t.opened_at >= $1::bigint AND t.opened_at < $2::bigint) OR "
                    "(t.closed_at >= $1::bigint AND t.closed_at < $2::bigint)";
            joined = " JOIN tickets t ON t.number = e.ticket";
            // A period's few tickets are found through the indexes of their times and sorted:
            // planned for its first rows, as a cursor is by default, the cursor would walk the
            // store in number order to the period's first ticket.
            db.run("SET LOCAL cursor_tuple_fraction = 1.0");
        }
        db.run("SET LOCAL jit = off"); // compiling took longer than these queries run
        // Three cursors of one snapshot, fetched as the caller reads: a whole store's export is
        // never held. A thousand tickets and two thousand events at a time, whose texts may be
        // long (up to 64 KiB each).
        m_tickets.emplace(
            db, "itsm_export_tickets",
            fmt::format("SELECT {} FROM tickets t{} ORDER BY t.number", columns, where), params,
            1000);
        if (history) {
            m_links.emplace(db, "itsm_export_links",
                            fmt::format("SELECT e.ticket, e.other, e.relation, o.type FROM links "
                                        "e LEFT JOIN tickets o ON o.number = e.other{}{} ORDER "
                                        "BY e.ticket, e.other",
                                        joined, where),
                            params);
            // A period's events ticket by ticket (postgres/rows.hpp): joined to the period's
            // tickets, the month's first line of ten million tickets came after 2.3 s.
            const std::string sql =
                where.empty()
                    ? std::string("SELECT e.ticket, e.at, e.actor, e.kind, e.detail, "
                                  "e.role FROM events e ORDER BY e.ticket, e.id")
                    : events_by_ticket("e.ticket, e.at, e.actor, e.kind, e.detail, e.role",
                                       "t.number", where);
            m_events.emplace(db, "itsm_export_events", sql, params, 2000);
        }
    }

    bool next() override {
        Cursor& c = *m_tickets;
        if (m_started) {
            c.next();
        }
        m_started = true;
        if (!c.valid()) {
            return false;
        }
        const Result& r = c.rows();
        for (std::size_t i = 0; i < k_bulk_columns.size(); ++i) {
            const int col = static_cast<int>(i);
            ValueView& v = m_ticket[i];
            v.null = r.null(c.row(), col);
            v.text = {};
            v.integer = 0;
            if (!v.null && k_bulk_columns[i].kind == ColumnKind::text) {
                v.text = r.text(c.row(), col);
            } else if (!v.null) {
                v.integer = r.integer(c.row(), col);
            }
        }
        m_number = m_ticket[0].integer;
        return true;
    }

    const std::array<ValueView, k_bulk_columns.size()>& ticket() const override { return m_ticket; }

    bool next_link(LinkView& link) override {
        if (!advance(m_links, m_link_taken)) {
            return false;
        }
        const Result& r = m_links->rows();
        const int row = m_links->row();
        link.other = r.integer(row, 1);
        link.relation = r.text(row, 2);
        link.other_type = r.null(row, 3) ? std::string_view() : r.text(row, 3);
        return true;
    }

    bool next_event(EventView& event) override {
        if (!advance(m_events, m_event_taken)) {
            return false;
        }
        const Result& r = m_events->rows();
        const int row = m_events->row();
        event.at = r.integer(row, 1);
        event.actor = r.text(row, 2);
        event.kind = r.text(row, 3);
        event.detail = r.text(row, 4);
        event.role = r.null(row, 5) ? std::string_view() : r.text(row, 5);
        return true;
    }

private:
    // Moves `c` to the current ticket's next row, past the row given last (`taken`: its texts
    // stay valid until now) and the rows of tickets before it; false when there is none (the
    // row after stays for its own ticket).
    bool advance(std::optional<Cursor>& c, bool& taken) const {
        if (!c) {
            return false;
        }
        if (taken) {
            c->next();
            taken = false;
        }
        while (c->valid() && c->rows().integer(c->row(), 0) < m_number) {
            c->next();
        }
        if (!c->valid() || c->rows().integer(c->row(), 0) != m_number) {
            return false;
        }
        taken = true;
        return true;
    }

    ReadTransaction m_snapshot; // open while the cursors are read, closed after them
    std::optional<Cursor> m_tickets;
    std::optional<Cursor> m_links;
    std::optional<Cursor> m_events;
    std::array<ValueView, k_bulk_columns.size()> m_ticket;
    long long m_number = 0;
    bool m_started = false;
    bool m_link_taken = false;
    bool m_event_taken = false;
};

} // namespace

std::unique_ptr<TicketReader> Store::read_tickets(const ExportPeriod& period, bool history) {
    return std::make_unique<ServerTickets>(*m_db, period, history);
}

} // namespace itsm::store::postgres
