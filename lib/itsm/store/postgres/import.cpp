// The PostgreSQL store's import writer (store/bulk.hpp): one transaction under the writers' lock,
// each batch of tickets, their events and their links sent by COPY in PostgreSQL's binary format
// (one statement per table and batch), and the full-text index's rows with them, their vectors
// computed on a second connection (TextVectors), as the file store's writer
// (sqlite/bulk_import.cpp) builds its index beside the writing with its own means.
#include <itsm/store/bulk.hpp>
#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/sealed.hpp>
#include <itsm/store/postgres/store.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace itsm::store::postgres {

namespace {

void put_big_endian(std::string& out, long long value, int size) {
    const auto u = static_cast<unsigned long long>(value);
    for (int shift = 8 * (size - 1); shift >= 0; shift -= 8) {
        out += static_cast<char>((u >> shift) & 0xFF);
    }
}

// Rows in COPY's binary format: a header, per row its field count and each field's length and
// bytes (integers big-endian), and a trailer.
class CopyRows {
public:
    void clear() {
        m_data.assign("PGCOPY\n\377\r\n\0", 11);
        put(0, 4); // flags
        put(0, 4); // no header extension
    }
    void row(int fields) { put(fields, 2); }
    void null() { put(-1, 4); }
    void int8(long long value) {
        put(8, 4);
        put(value, 8);
    }
    void int4(long long value) {
        put(4, 4);
        put(value, 4);
    }
    void bytes(const void* data, std::size_t size) {
        put(static_cast<long long>(size), 4);
        m_data.append(static_cast<const char*>(data), size);
    }
    void text(std::string_view value) { bytes(value.data(), value.size()); }
    /// The rows with the trailer.
    std::string_view finish() {
        put(-1, 2);
        return m_data;
    }

private:
    void put(long long value, int size) { put_big_endian(m_data, value, size); }
    std::string m_data;
};

// A one-dimensional array in PostgreSQL's binary format (array_recv), for a parameter sent in
// binary: its dimensions, whether it holds a NULL, its elements' type, then each element's
// length and bytes, as in a COPY row.
class ArrayParam {
public:
    static constexpr unsigned k_int8 = 20; // the types' object ids (pg_type.h)
    static constexpr unsigned k_text = 25;

    ArrayParam(unsigned element_type, std::size_t size) {
        put_big_endian(m_data, 1, 4); // one dimension
        put_big_endian(m_data, 0, 4); // no NULL yet
        put_big_endian(m_data, element_type, 4);
        put_big_endian(m_data, static_cast<long long>(size), 4);
        put_big_endian(m_data, 1, 4); // numbered from 1
    }
    void null() {
        m_data[7] = 1;
        put_big_endian(m_data, -1, 4);
    }
    void int8(long long value) {
        put_big_endian(m_data, 8, 4);
        put_big_endian(m_data, value, 8);
    }
    void text(std::string_view value) {
        put_big_endian(m_data, static_cast<long long>(value.size()), 4);
        m_data += value;
    }
    std::string_view data() const { return m_data; }

private:
    std::string m_data;
};

// The width in bytes of each integer column of `table` (8 for BIGINT, 4 for INTEGER), by name:
// binary COPY takes each value at its column's exact width.
std::map<std::string, int, std::less<>> integer_widths(Connection& db, std::string_view table) {
    const Result r = db.run("SELECT a.attname, t.typlen FROM pg_attribute a JOIN pg_type t ON "
                            "t.oid = a.atttypid WHERE a.attrelid = $1::regclass AND a.attnum > 0 "
                            "AND NOT a.attisdropped AND t.typname IN ('int4', 'int8')",
                            {std::string(table)});
    std::map<std::string, int, std::less<>> out;
    for (int row = 0; row < r.rows(); ++row) {
        out.emplace(r.text(row, 0), static_cast<int>(r.integer(row, 1)));
    }
    return out;
}

// Into an empty store (or one of a few tickets), what keeps the tables in order row by row is
// set aside for the import and made again in bulk before the commit: the secondary indexes of
// tickets and of the search index (built once over every row, several times faster than kept row
// by row), the foreign keys of events, links and the search index (checked once, by one query
// each, when made again), and the triggers of the events' actors and roles. The events' index by
// ticket stays: the import's own checks read histories by ticket. Setting them aside takes the
// tables for the import's transaction, as a file store's import into an empty store takes the
// file; when they cannot be had at once (another command is reading) or the user does not own
// them, nothing is set aside and the import keeps them row by row. Returns the statements that
// make them again.
std::vector<std::string> set_aside(Connection& db) {
    db.run("SAVEPOINT itsm_bulk");
    try {
        db.run("SET LOCAL lock_timeout = 200");
        const Result keys =
            db.run("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM "
                   "pg_constraint "
                   "WHERE contype = 'f' AND conrelid IN ('events'::regclass, 'links'::regclass, "
                   "'ticket_text'::regclass) ORDER BY 1, 2");
        const Result indexes = db.run(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON "
            "c.oid = i.indexrelid WHERE i.indrelid IN ('tickets'::regclass, "
            "'ticket_text'::regclass) AND NOT i.indisprimary AND NOT i.indisunique ORDER BY 1");
        std::vector<std::string> again;
        for (int row = 0; row < indexes.rows(); ++row) {
            db.run(fmt::format("DROP INDEX \"{}\"", indexes.text(row, 0)));
            again.emplace_back(indexes.text(row, 1));
        }
        for (int row = 0; row < keys.rows(); ++row) {
            db.run(fmt::format("ALTER TABLE {} DROP CONSTRAINT \"{}\"", keys.text(row, 0),
                               keys.text(row, 1)));
            again.push_back(fmt::format("ALTER TABLE {} ADD CONSTRAINT \"{}\" {}",
                                        keys.text(row, 0), keys.text(row, 1), keys.text(row, 2)));
        }
        // Only the owner gets here, who may write events in anyone's name and whose import keeps
        // the roles its file records: the check of each event's actor (schema.hpp, version 5)
        // would find nothing, and the role's trigger (version 6) would change nothing.
        for (const char* trigger : {"events_actor", "events_role"}) {
            db.run(fmt::format("ALTER TABLE events DISABLE TRIGGER {}", trigger));
            again.push_back(fmt::format("ALTER TABLE events ENABLE TRIGGER {}", trigger));
        }
        db.run(fmt::format("SET LOCAL lock_timeout = {}", db.lock_timeout_ms()));
        db.run("RELEASE SAVEPOINT itsm_bulk");
        return again;
    } catch (const StoreError&) {
        db.run("ROLLBACK TO SAVEPOINT itsm_bulk");
        db.run("RELEASE SAVEPOINT itsm_bulk");
        return {};
    }
}

// The search index's rows of each batch, made on a second connection: there the server computes
// the batch's text vectors, as itsm_text_fill does (schema.hpp), while the import's own
// connection copies the batch into the tables; the rows come back in binary and are copied into
// ticket_text with the next batch. Filled by one statement at the end instead, the vectors took
// a million tickets' import 14.7 of its 56 s on the import's connection, whose server process
// runs on one core (docs/performance.md).
class TextVectors {
public:
    explicit TextVectors(std::unique_ptr<Connection> db) : m_db(std::move(db)) {}

    /// Sends the batch's texts: numbers, titles, descriptions and resolutions, and each
    /// ticket's notes' details as one JSON array. The rows of the batch sent before must have
    /// been taken.
    void send(std::span<const BulkTicket* const> tickets) {
        ArrayParam numbers(ArrayParam::k_int8, tickets.size());
        std::array<ArrayParam, k_indexed_fields.size()> fields{
            ArrayParam(ArrayParam::k_text, tickets.size()),
            ArrayParam(ArrayParam::k_text, tickets.size()),
            ArrayParam(ArrayParam::k_text, tickets.size())};
        ArrayParam notes(ArrayParam::k_text, tickets.size());
        std::string noted;
        for (const BulkTicket* t : tickets) {
            numbers.int8(t->fields[0].integer);
            for (std::size_t f = 0; f < k_indexed_fields.size(); ++f) {
                const BulkValue& v = t->fields[k_indexed_fields[f]];
                if (v.null) {
                    fields[f].null();
                } else {
                    fields[f].text(v.text);
                }
            }
            noted = "[";
            for (std::size_t k = 0; k < t->n_events; ++k) {
                if (is_note(t->events[k])) {
                    noted += noted.size() > 1 ? "," : "";
                    noted += t->events[k].detail;
                }
            }
            noted += ']';
            notes.text(noted);
        }
        m_db->send(
            k_sql,
            {numbers.data(), fields[0].data(), fields[1].data(), fields[2].data(), notes.data()},
            true);
        m_sent = true;
    }

    /// Adds the rows of the batch sent last, if any, to `rows` (ticket_text's, as COPY takes
    /// them); false when there were none.
    bool take(CopyRows& rows) {
        if (!m_sent) {
            return false;
        }
        m_sent = false;
        const Result r = m_db->receive();
        rows.clear();
        for (int row = 0; row < r.rows(); ++row) {
            rows.row(4);
            for (int column = 0; column < 4; ++column) {
                if (r.null(row, column)) {
                    rows.null();
                } else {
                    const std::string_view bytes = r.text(row, column);
                    rows.bytes(bytes.data(), bytes.size());
                }
            }
        }
        return r.rows() > 0;
    }

    /// The columns of ticket_text that take() gives, in its order.
    static constexpr const char* k_copy =
        "COPY ticket_text (ticket, notes, words, stems) FROM STDIN (FORMAT binary)";

private:
    // itsm_text_fill's expressions over the batch instead of the tables; $2 to $4 are the
    // fields of k_indexed_fields, in its order.
    static constexpr const char* k_sql =
        "SELECT t.n, v.notes, v.words, itsm_text_stems(c.cfgs, v.words, t.title, t.description, "
        "v.notes, t.resolution) "
        "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[]) "
        "AS t(n, title, description, resolution, noted) "
        "CROSS JOIN (SELECT itsm_text_configs() AS cfgs OFFSET 0) c "
        "CROSS JOIN LATERAL (SELECT coalesce((SELECT string_agg(d ->> 'text', E'\\n' ORDER BY "
        "o) FROM jsonb_array_elements(t.noted::jsonb) WITH ORDINALITY AS x(d, o)), '') AS "
        "notes) m "
        "CROSS JOIN LATERAL (SELECT m.notes, itsm_text_vector('simple', t.title, t.description, "
        "m.notes, t.resolution) AS words) v";

    std::unique_ptr<Connection> m_db;
    bool m_sent = false;
};

class ServerImport final : public ImportWriter {
public:
    explicit ServerImport(Connection& db) : m_db(db) {
        m_db.run("BEGIN");
        try {
            m_db.run(k_write_lock);
            // The index's row triggers stand aside for this transaction (schema.hpp): commit()
            // indexes the new tickets in one statement.
            m_db.run("SET LOCAL itsm.import = 'on'");
            // How many tickets the store holds, counted up to k_few.
            const long long held =
                m_db.run(fmt::format("SELECT count(*) FROM (SELECT 1 FROM tickets LIMIT {}) s",
                                     k_few))
                    .integer(0, 0);
            m_empty = held == 0;
            m_last_event = m_db.run("SELECT coalesce(max(id), 0) FROM events").integer(0, 0);
            // A store of a few tickets is treated as an empty one: the server plans each foreign
            // key's check once per connection, and planned over a table of a page or two it
            // reads the whole table for every row, which then grows with the import (10,000
            // tickets into a store of 3 took 7.2 s, 40,000 took 135 s). Made again at the end, the
            // keys are checked once, over a store that small plus the import.
            if (held < k_few) {
                m_again = set_aside(m_db);
            }
            try {
                m_vectors = std::make_unique<TextVectors>(m_db.another());
            } catch (const StoreError&) {
                // No second connection to be had (the role's or the server's connection limit):
                // commit() fills the index in one statement.
            }
            const auto widths = integer_widths(m_db, "tickets");
            for (std::size_t i = 0; i < k_bulk_columns.size(); ++i) {
                const auto it = widths.find(k_bulk_columns[i].name);
                m_widths[i] = it == widths.end() ? 0 : it->second;
            }
        } catch (...) {
            m_db.run_quietly("ROLLBACK");
            throw;
        }
    }

    ~ServerImport() override {
        if (!m_done) {
            m_db.run_quietly("ROLLBACK");
        }
    }
    ServerImport(const ServerImport&) = delete;
    ServerImport& operator=(const ServerImport&) = delete;

    bool empty() const override { return m_empty; }
    Hash head() override { return chain_head(m_db); }
    TextFeed* text_feed() override { return nullptr; }

    void write(std::span<const BulkTicket* const> tickets) override {
        refuse_taken(tickets);
        if (m_vectors) {
            // The batch before's rows taken, this batch's vectors are computed while the first
            // connection copies those rows and then this batch.
            const bool before = m_vectors->take(m_text_rows);
            m_vectors->send(tickets);
            if (before) {
                m_db.copy_in(TextVectors::k_copy, m_text_rows.finish());
            }
        }
        m_rows.clear();
        for (const BulkTicket* t : tickets) {
            add_ticket(*t);
        }
        m_db.copy_in(fmt::format("COPY tickets ({}) FROM STDIN (FORMAT binary)", m_names),
                     m_rows.finish());
        m_rows.clear();
        std::size_t links = 0;
        for (const BulkTicket* t : tickets) {
            const long long number = t->fields[0].integer;
            for (std::size_t k = 0; k < t->n_events; ++k) {
                const BulkEvent& e = t->events[k];
                m_rows.row(7);
                m_rows.int8(number);
                m_rows.int8(e.at);
                m_rows.text(e.actor);
                if (e.role.empty()) {
                    m_rows.null();
                } else {
                    m_rows.text(e.role);
                }
                m_rows.text(e.kind);
                m_rows.text(e.detail);
                m_rows.bytes(e.hash.data(), e.hash.size());
            }
            links += t->n_links;
        }
        m_db.copy_in("COPY events (ticket, at, actor, role, kind, detail, hash) FROM STDIN "
                     "(FORMAT binary)",
                     m_rows.finish());
        if (links == 0) {
            return;
        }
        m_rows.clear();
        for (const BulkTicket* t : tickets) {
            for (std::size_t k = 0; k < t->n_links; ++k) {
                const BulkLink& l = t->links[k];
                m_rows.row(3);
                m_rows.int8(t->fields[0].integer);
                m_rows.int8(l.other);
                m_rows.text(l.relation);
                m_max_link = std::max(m_max_link, l.other);
            }
        }
        m_db.copy_in("COPY links (ticket, other, relation) FROM STDIN (FORMAT binary)",
                     m_rows.finish());
    }

    void commit() override {
        if (!m_vectors) {
            m_db.run("SELECT itsm_text_fill($1)", {number_param(m_last_event)});
        } else if (m_vectors->take(m_text_rows)) {
            m_db.copy_in(TextVectors::k_copy, m_text_rows.finish());
        }
        if (!m_again.empty()) {
            // The indexes are sorted and the search index's built in memory, where they fit.
            m_db.run("SET LOCAL maintenance_work_mem = '256MB'");
        }
        for (const auto& sql : m_again) {
            m_db.run(sql);
        }
        // Numbers are never given again: the sequence goes on above every number the store holds
        // and every number a link names, unless it is already past them.
        m_db.run("SELECT setval(s.seq, greatest(s.top, coalesce(pg_sequence_last_value(s.seq), "
                 "0))) FROM (SELECT pg_get_serial_sequence('tickets', 'number')::regclass AS seq, "
                 "greatest((SELECT max(number) FROM tickets), $1::bigint) AS top) s WHERE s.top "
                 "> 0",
                 {number_param(m_max_link)});
        m_db.run("COMMIT");
        m_done = true;
        // The statistics autovacuum would gather some time later, gathered now: planned
        // without them, a month's report on the store just imported read every ticket for its
        // backlog (docs/performance.md, "Reading into the same events, and a server's month").
        // A role that does not own the tables is skipped with a warning, which the connection
        // leaves unsaid.
        m_db.run_quietly("ANALYZE tickets, events, links");
    }

private:
    // Throws DuplicateNumber for the first ticket whose number the store has (from before, or
    // from an earlier batch of this import) or an earlier ticket of the batch has: a COPY that
    // met it would fail as a whole without saying which row.
    void refuse_taken(std::span<const BulkTicket* const> tickets) {
        std::string numbers = "{";
        for (const BulkTicket* t : tickets) {
            numbers += fmt::format("{}{}", numbers.size() > 1 ? "," : "", t->fields[0].integer);
        }
        numbers += '}';
        const Result r =
            m_db.run("SELECT number FROM tickets WHERE number = ANY($1::bigint[])", {numbers});
        std::set<long long> taken;
        for (int row = 0; row < r.rows(); ++row) {
            taken.insert(r.integer(row, 0));
        }
        for (std::size_t i = 0; i < tickets.size(); ++i) {
            const long long number = tickets[i]->fields[0].integer;
            if (!taken.insert(number).second) {
                throw DuplicateNumber(number, i);
            }
        }
    }

    void add_ticket(const BulkTicket& t) {
        m_rows.row(static_cast<int>(k_bulk_columns.size()));
        for (std::size_t i = 0; i < k_bulk_columns.size(); ++i) {
            const BulkValue& v = t.fields[i];
            if (v.null) {
                m_rows.null();
            } else if (k_bulk_columns[i].kind == ColumnKind::text) {
                m_rows.text(v.text);
            } else if (m_widths[i] == 4) {
                if (v.integer < std::numeric_limits<std::int32_t>::min() ||
                    v.integer > std::numeric_limits<std::int32_t>::max()) {
                    throw StoreError(fmt::format("ticket {}: {} {} is too large for the store {}",
                                                 t.fields[0].integer, k_bulk_columns[i].name,
                                                 v.integer, m_db.shown()));
                }
                m_rows.int4(v.integer);
            } else {
                m_rows.int8(v.integer);
            }
        }
    }

    static std::string column_names() {
        std::string out;
        for (const auto& c : k_bulk_columns) {
            out += fmt::format("{}{}", out.empty() ? "" : ", ", c.name);
        }
        return out;
    }

    // Up to this many tickets a store's indexes and keys are set aside like an empty one's.
    static constexpr long long k_few = 10000;

    Connection& m_db;
    bool m_empty = false;
    long long m_last_event = 0;       // the id of the store's last event before the import
    std::vector<std::string> m_again; // what set_aside() set aside, made again in commit()
    bool m_done = false;
    std::array<int, k_bulk_columns.size()> m_widths{};
    const std::string m_names = column_names();
    long long m_max_link = 0;
    CopyRows m_rows;
    std::unique_ptr<TextVectors> m_vectors; // none: commit() fills the index
    CopyRows m_text_rows;
};

} // namespace

std::unique_ptr<ImportWriter> Store::begin_import() {
    return std::make_unique<ServerImport>(*m_db);
}

} // namespace itsm::store::postgres
