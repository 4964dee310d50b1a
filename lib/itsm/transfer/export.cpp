// Export: tickets, their links and their events read as three streams in ticket order and
// merged, written one ticket per line (NDJSON) or one row per ticket (CSV).
#include <itsm/core/error.hpp>
#include <itsm/model/id.hpp>
#include <itsm/render/table.hpp>
#include <itsm/transfer/fields.hpp>
#include <itsm/transfer/sql.hpp>
#include <itsm/transfer/transfer.hpp>

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>

#include <limits>
#include <ostream>

namespace itsm::transfer {

std::optional<Format> parse_format(std::string_view text) {
    if (text == "ndjson") {
        return Format::ndjson;
    }
    if (text == "csv") {
        return Format::csv;
    }
    return std::nullopt;
}

namespace {

std::string ticket_columns(const char* prefix) {
    std::string out;
    for (const auto& f : k_fields) {
        out += (out.empty() ? "" : ", ") + std::string(prefix) + f.column;
    }
    return out;
}

// The tickets chosen: every one, or those opened or closed in [from, until).
struct Selection {
    std::string where; // for tickets aliased t
    long long from = std::numeric_limits<long long>::min();
    long long until = std::numeric_limits<long long>::max();
    bool ranged = false;
    void bind(Statement& q) const {
        if (ranged) {
            q.bind(1, from);
            q.bind(2, until);
            q.bind(3, from);
            q.bind(4, until);
        }
    }
};

std::string prefix_of(const config::Config& config, std::string_view type) {
    const auto known = model::parse_type(type);
    return known ? std::string(model::prefix_of(config.prefixes, *known)) : "T";
}

class ExportWriter {
public:
    ExportWriter(const config::Config& config, Format format, std::ostream& out)
        : m_config(config), m_format(format), m_out(out) {
        m_buffer.reserve(1 << 20);
        if (format == Format::csv) {
            std::vector<std::string> header{"number", "id"};
            for (std::size_t i = 1; i < k_fields.size(); ++i) {
                header.emplace_back(k_fields[i].key);
            }
            m_buffer += render::csv_line(header);
        }
    }
    ~ExportWriter() { flush(); }
    ExportWriter(const ExportWriter&) = delete;
    ExportWriter& operator=(const ExportWriter&) = delete;

    void ticket(const Statement& t) {
        if (m_format == Format::csv) {
            csv(t);
        } else {
            json_fields(t);
        }
    }
    void links_begin() {
        m_buffer += ",\"links\":[";
        m_first = true;
    }
    void link(long long other, std::string_view relation, std::string_view other_type) {
        m_buffer += m_first ? "{\"number\":" : ",{\"number\":";
        m_first = false;
        m_buffer += std::to_string(other);
        if (!other_type.empty()) {
            m_buffer += ",\"id\":\"";
            m_buffer += prefix_of(m_config, other_type);
            m_buffer += '-';
            m_buffer += std::to_string(other);
            m_buffer += '"';
        }
        m_buffer += ",\"relation\":";
        append_json_string(m_buffer, relation);
        m_buffer += '}';
    }
    void events_begin() {
        m_buffer += "],\"events\":[";
        m_first = true;
    }
    void event(const Statement& e) {
        m_buffer += m_first ? "{\"at\":\"" : ",{\"at\":\"";
        m_first = false;
        append_utc(m_buffer, e.integer(1));
        m_buffer += "\",\"actor\":";
        append_json_string(m_buffer, e.text(2));
        m_buffer += ",\"kind\":";
        append_json_string(m_buffer, e.text(3));
        m_buffer += ",\"detail\":";
        const auto detail = e.text(4);
        m_buffer.append(detail.empty() ? std::string_view("{}") : detail);
        m_buffer += '}';
    }
    void ticket_end() {
        m_buffer += "]}\n";
        if (m_buffer.size() > (1 << 20) - 4096) {
            flush();
        }
    }
    void flush() {
        m_out.write(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
        m_buffer.clear();
    }

private:
    void json_fields(const Statement& t) {
        m_buffer += "{\"number\":";
        m_buffer += std::to_string(t.integer(0));
        m_buffer += ",\"id\":\"";
        m_buffer += prefix_of(m_config, t.text(1));
        m_buffer += '-';
        m_buffer += std::to_string(t.integer(0));
        m_buffer += '"';
        for (std::size_t i = 1; i < k_fields.size(); ++i) {
            const int col = static_cast<int>(i);
            m_buffer += ",\"";
            m_buffer += k_fields[i].key;
            m_buffer += "\":";
            switch (k_fields[i].kind) {
            case FieldKind::text:
                append_json_string(m_buffer, t.text(col));
                break;
            case FieldKind::integer:
            case FieldKind::optional_integer:
                m_buffer += t.is_null(col) ? "null" : std::to_string(t.integer(col));
                break;
            case FieldKind::instant:
            case FieldKind::optional_instant:
                if (t.is_null(col)) {
                    m_buffer += "null";
                } else {
                    m_buffer += '"';
                    append_utc(m_buffer, t.integer(col));
                    m_buffer += '"';
                }
                break;
            }
        }
    }

    void csv(const Statement& t) {
        std::vector<std::string> cells;
        cells.reserve(k_fields.size() + 1);
        cells.push_back(std::to_string(t.integer(0)));
        cells.push_back(model::TicketId(prefix_of(m_config, t.text(1)), t.integer(0)).to_string());
        for (std::size_t i = 1; i < k_fields.size(); ++i) {
            const int col = static_cast<int>(i);
            std::string cell;
            if (!t.is_null(col)) {
                switch (k_fields[i].kind) {
                case FieldKind::text:
                    cell = t.text(col);
                    break;
                case FieldKind::integer:
                case FieldKind::optional_integer:
                    cell = std::to_string(t.integer(col));
                    break;
                case FieldKind::instant:
                case FieldKind::optional_instant:
                    append_utc(cell, t.integer(col));
                    break;
                }
            }
            cells.push_back(std::move(cell));
        }
        m_buffer += render::csv_line(cells);
        if (m_buffer.size() > (1 << 20) - 4096) {
            flush();
        }
    }

    const config::Config& m_config;
    Format m_format;
    std::ostream& m_out;
    std::string m_buffer;
    bool m_first = true;
};

} // namespace

long long export_tickets(store::Store& store, const config::Config& config,
                         const ExportOptions& options, std::ostream& out) {
    auto& db = store.db();
    sqlite3* handle = db.getHandle();
    Selection sel;
    if (options.from || options.until) {
        sel.ranged = true;
        if (options.from) {
            sel.from = time::to_epoch(*options.from);
        }
        if (options.until) {
            sel.until = time::to_epoch(*options.until);
        }
        sel.where = " WHERE (t.opened_at >= ?1 AND t.opened_at < ?2) OR (t.closed_at >= ?3 AND "
                    "t.closed_at < ?4)";
    }
    long long count = 0;
    try {
        // One read transaction: the three streams see the same snapshot.
        Statement(handle, "BEGIN").run();
        {
            Statement tickets(handle, "SELECT " + ticket_columns("t.") + " FROM tickets t" +
                                          sel.where + " ORDER BY t.number");
            sel.bind(tickets);
            ExportWriter writer(config, options.format, out);
            if (options.format == Format::csv) {
                while (tickets.step()) {
                    writer.ticket(tickets);
                    ++count;
                }
            } else {
                const std::string joined =
                    sel.ranged ? " JOIN tickets t ON t.number = e.ticket" : "";
                Statement events(handle, "SELECT e.ticket, e.at, e.actor, e.kind, e.detail FROM "
                                         "events e" +
                                             joined + sel.where + " ORDER BY e.ticket, e.id");
                sel.bind(events);
                const std::string linked =
                    sel.ranged ? " JOIN tickets t ON t.number = e.ticket" : "";
                Statement links(handle, "SELECT e.ticket, e.other, e.relation, o.type FROM links e "
                                        "LEFT JOIN tickets o ON o.number = e.other" +
                                            linked + sel.where + " ORDER BY e.ticket, e.other");
                sel.bind(links);
                bool have_event = events.step();
                bool have_link = links.step();
                while (tickets.step()) {
                    const long long number = tickets.integer(0);
                    writer.ticket(tickets);
                    writer.links_begin();
                    while (have_link && links.integer(0) < number) {
                        have_link = links.step();
                    }
                    while (have_link && links.integer(0) == number) {
                        writer.link(links.integer(1), links.text(2),
                                    links.is_null(3) ? std::string_view() : links.text(3));
                        have_link = links.step();
                    }
                    writer.events_begin();
                    while (have_event && events.integer(0) < number) {
                        have_event = events.step();
                    }
                    while (have_event && events.integer(0) == number) {
                        writer.event(events);
                        have_event = events.step();
                    }
                    writer.ticket_end();
                    ++count;
                }
            }
            writer.flush();
        }
        Statement(handle, "COMMIT").run();
    } catch (const SqlError& e) {
        if (sqlite3_get_autocommit(handle) == 0) {
            sqlite3_exec(handle, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        throw StoreError(
            fmt::format("cannot read the store {}: {}", store.path().string(), e.message));
    }
    return count;
}

} // namespace itsm::transfer
