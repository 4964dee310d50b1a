// The SQLite store's export reader: tickets, their links and their events read as three
// statements in ticket order, in one read transaction, and merged as the caller asks for them.
#include <itsm/store/bulk.hpp>
#include <itsm/store/rows.hpp>
#include <itsm/store/sqlite/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <limits>

namespace itsm::store {

namespace {

[[noreturn]] void export_failed(const sqlite::Store& store, const SQLite::Exception& e) {
    throw StoreError(fmt::format("cannot read the store {}: {}", store.path().string(), e.what()));
}

std::string selected_columns() {
    std::string out;
    for (const auto& c : k_bulk_columns) {
        out += fmt::format("{}t.{}", out.empty() ? "" : ", ", c.name);
    }
    return out;
}

// The tickets chosen: every one, or those opened or closed in [from, until).
struct Selection {
    std::string where; // for tickets aliased t
    long long from = std::numeric_limits<long long>::min();
    long long until = std::numeric_limits<long long>::max();

    explicit Selection(const ExportPeriod& period) {
        if (!period.from && !period.until) {
            return;
        }
        if (period.from) {
            from = time::to_epoch(*period.from);
        }
        if (period.until) {
            until = time::to_epoch(*period.until);
        }
        where = " WHERE (t.opened_at >= ?1 AND t.opened_at < ?2) OR (t.closed_at >= ?3 AND "
                "t.closed_at < ?4)";
    }
    // The joins that give the tickets' columns (t) to a query of events or links (e).
    std::string joined() const {
        return where.empty() ? "" : " JOIN tickets t ON t.number = e.ticket";
    }
    // The ticket's number to order events and links by: the joined ticket's when there is a
    // period, so that SQLite walks the period's tickets and seeks their rows (ordered by the
    // row's own column, it walked every event of the store to reach the period's, 1.15 s for a
    // month of a million tickets against 0.09 s, docs/performance.md).
    std::string order() const { return where.empty() ? "e.ticket" : "t.number"; }
    void bind(Rows& q) const {
        if (!where.empty()) {
            q.bind(1, static_cast<std::int64_t>(from));
            q.bind(2, static_cast<std::int64_t>(until));
            q.bind(3, static_cast<std::int64_t>(from));
            q.bind(4, static_cast<std::int64_t>(until));
        }
    }
};

class SqliteTickets final : public TicketReader {
public:
    SqliteTickets(sqlite::Store& store, const ExportPeriod& period, bool history)
        : m_store(store), m_db(store.db()) {
        const Selection sel(period);
        // One read transaction: the three statements see the same snapshot.
        m_db.exec("BEGIN");
        m_tickets.emplace(m_db.getHandle(),
                          fmt::format("SELECT {} FROM tickets t{} ORDER BY t.number",
                                      selected_columns(), sel.where));
        sel.bind(*m_tickets);
        if (history) {
            m_events.emplace(m_db.getHandle(),
                             fmt::format("SELECT e.ticket, e.at, e.actor, e.kind, e.detail "
                                         "FROM events e{}{} ORDER BY {}, e.id",
                                         sel.joined(), sel.where, sel.order()));
            sel.bind(*m_events);
            m_links.emplace(m_db.getHandle(),
                            fmt::format("SELECT e.ticket, e.other, e.relation, o.type FROM "
                                        "links e LEFT JOIN tickets o ON o.number = "
                                        "e.other{}{} ORDER BY {}, e.other",
                                        sel.joined(), sel.where, sel.order()));
            sel.bind(*m_links);
        }
    }
    ~SqliteTickets() override {
        m_tickets.reset();
        m_events.reset();
        m_links.reset();
        if (sqlite3_get_autocommit(m_db.getHandle()) == 0) {
            m_db.tryExec("COMMIT"); // a read: nothing to keep or lose
        }
    }
    SqliteTickets(const SqliteTickets&) = delete;
    SqliteTickets& operator=(const SqliteTickets&) = delete;

    bool next() override {
        try {
            if (!m_tickets->step()) {
                return false;
            }
            for (std::size_t i = 0; i < k_bulk_columns.size(); ++i) {
                const int col = static_cast<int>(i);
                ValueView& v = m_ticket[i];
                v.null = m_tickets->is_null(col);
                if (v.null) {
                    v.text = {};
                    v.integer = 0;
                } else if (k_bulk_columns[i].kind == ColumnKind::text) {
                    v.text = m_tickets->text(col);
                } else {
                    v.integer = m_tickets->integer(col);
                }
            }
            m_number = m_ticket[0].integer;
            return true;
        } catch (const SQLite::Exception& e) {
            export_failed(m_store, e);
        }
    }

    const std::array<ValueView, k_bulk_columns.size()>& ticket() const override { return m_ticket; }

    bool next_link(LinkView& link) override {
        if (!advance(m_links, m_link_row)) {
            return false;
        }
        const auto& q = *m_links;
        link.other = q.integer(1);
        link.relation = q.text(2);
        link.other_type = q.is_null(3) ? std::string_view() : q.text(3);
        return true;
    }

    bool next_event(EventView& event) override {
        if (!advance(m_events, m_event_row)) {
            return false;
        }
        const auto& q = *m_events;
        event.at = q.integer(1);
        event.actor = q.text(2);
        event.kind = q.text(3);
        event.detail = q.text(4);
        return true;
    }

private:
    // Where a statement of links or events is: its row not yet read, read and current, handed
    // out (step before looking), or done.
    enum class Row { unread, current, given, done };

    // Moves `q` to its next row of the current ticket, skipping the rows of tickets before it;
    // false when it has none (the row after stays for its own ticket).
    bool advance(std::optional<Rows>& q, Row& row) {
        if (!q) {
            return false;
        }
        try {
            if (row == Row::unread || row == Row::given) {
                row = q->step() ? Row::current : Row::done;
            }
            while (row == Row::current && q->integer(0) < m_number) {
                row = q->step() ? Row::current : Row::done;
            }
            if (row != Row::current || q->integer(0) != m_number) {
                return false;
            }
            row = Row::given;
            return true;
        } catch (const SQLite::Exception& e) {
            export_failed(m_store, e);
        }
    }

    sqlite::Store& m_store;
    SQLite::Database& m_db;
    std::optional<Rows> m_tickets;
    std::optional<Rows> m_events;
    std::optional<Rows> m_links;
    std::array<ValueView, k_bulk_columns.size()> m_ticket;
    long long m_number = 0;
    Row m_event_row = Row::unread;
    Row m_link_row = Row::unread;
};

} // namespace

std::unique_ptr<TicketReader> sqlite::Store::read_tickets(const ExportPeriod& period,
                                                          bool history) {
    try {
        return std::make_unique<SqliteTickets>(*this, period, history);
    } catch (const SQLite::Exception& e) {
        if (sqlite3_get_autocommit(db().getHandle()) == 0) {
            db().tryExec("ROLLBACK");
        }
        export_failed(*this, e);
    }
}

} // namespace itsm::store
