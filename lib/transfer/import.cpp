// Import: each line (NDJSON) or record (CSV) becomes a row, is checked whole, and is written
// with statements prepared once, all in one transaction. The first bad line stops everything
// and the transaction is rolled back.
#include <itsm/core/error.hpp>
#include <itsm/core/suggest.hpp>
#include <itsm/model/text.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/transfer/fields.hpp>
#include <itsm/transfer/import_row.hpp>
#include <itsm/transfer/json_scan.hpp>
#include <itsm/transfer/line_reader.hpp>
#include <itsm/transfer/sql.hpp>
#include <itsm/transfer/transfer.hpp>

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>

#include <algorithm>
#include <istream>

namespace itsm::transfer {

namespace {

std::vector<std::string> field_keys() {
    std::vector<std::string> keys{"id", "links", "events"};
    for (const auto& f : k_fields) {
        keys.emplace_back(f.key);
    }
    return keys;
}

// The index of `key` in k_fields; tries the expected next one first (exports write them in
// order). k_fields.size() when unknown.
std::size_t field_index(std::string_view key, std::size_t expected) {
    if (expected < k_fields.size() && key == k_fields[expected].key) {
        return expected;
    }
    for (std::size_t i = 0; i < k_fields.size(); ++i) {
        if (key == k_fields[i].key) {
            return i;
        }
    }
    return k_fields.size();
}

void read_instant(JsonScanner& s, std::string& scratch, Slot& slot, const char* key) {
    if (s.consume_null()) {
        slot.null = true;
        return;
    }
    s.string(scratch);
    const auto t = parse_utc(scratch);
    if (!t) {
        throw Bad{fmt::format("{} \"{}\" is not an RFC 3339 time such as 2026-11-23T08:15:00Z", key,
                              scratch)};
    }
    slot.integer = *t;
    slot.null = false;
}

void read_events(JsonScanner& s, Row& row, std::string& scratch) {
    row.has_events = true;
    s.expect('[', "'[' (events is an array)");
    if (s.consume(']')) {
        return;
    }
    do {
        RawEvent& e = row.next_event();
        bool at = false;
        bool kind = false;
        s.expect('{', "'{' (each event is an object)");
        if (!s.consume('}')) {
            do {
                s.string(scratch);
                s.expect(':', "':'");
                if (scratch == "at") {
                    s.string(scratch);
                    const auto t = parse_utc(scratch);
                    if (!t) {
                        throw Bad{fmt::format("event {}: at \"{}\" is not an RFC 3339 time",
                                              row.n_events, scratch)};
                    }
                    e.at = *t;
                    at = true;
                } else if (scratch == "actor") {
                    s.string(e.actor);
                } else if (scratch == "kind") {
                    s.string(e.kind);
                    kind = true;
                } else if (scratch == "detail") {
                    if (!s.peek('{')) {
                        throw Bad{
                            fmt::format("event {}: detail must be a JSON object", row.n_events)};
                    }
                    e.detail = s.raw_value();
                } else {
                    throw Bad{fmt::format("event {}: unknown key \"{}\"; an event has at, actor, "
                                          "kind and detail",
                                          row.n_events, scratch)};
                }
            } while (s.consume(','));
            s.expect('}', "',' or '}'");
        }
        if (!at || !kind) {
            throw Bad{fmt::format("event {} needs \"at\" and \"kind\"", row.n_events)};
        }
    } while (s.consume(','));
    s.expect(']', "',' or ']'");
}

void read_links(JsonScanner& s, Row& row, std::string& scratch) {
    s.expect('[', "'[' (links is an array)");
    if (s.consume(']')) {
        return;
    }
    do {
        LinkIn& l = row.next_link();
        bool number = false;
        s.expect('{', "'{' (each link is an object)");
        if (!s.consume('}')) {
            do {
                s.string(scratch);
                s.expect(':', "':'");
                if (scratch == "number") {
                    l.other = s.integer();
                    number = true;
                } else if (scratch == "relation") {
                    s.string(l.relation);
                } else if (scratch == "id") {
                    s.raw_value();
                } else {
                    throw Bad{fmt::format("link {}: unknown key \"{}\"; a link has number, id "
                                          "and relation",
                                          row.n_links, scratch)};
                }
            } while (s.consume(','));
            s.expect('}', "',' or '}'");
        }
        if (!number) {
            throw Bad{fmt::format("link {} needs \"number\"", row.n_links)};
        }
    } while (s.consume(','));
    s.expect(']', "',' or ']'");
}

// One NDJSON line into `row`.
void parse_json_line(std::string_view line, Row& row, std::string& key) {
    JsonScanner s(line);
    s.expect('{', "'{': each line is one ticket as a JSON object");
    std::size_t expected = 0;
    bool seen_id = false, seen_links = false, seen_events = false;
    auto once = [&](bool& seen, const std::string& name) {
        if (seen) {
            throw Bad{fmt::format("\"{}\" appears twice", name)};
        }
        seen = true;
    };
    if (!s.consume('}')) {
        do {
            s.string(key);
            s.expect(':', "':'");
            if (key == "events") {
                once(seen_events, key);
                read_events(s, row, key);
                continue;
            }
            if (key == "links") {
                once(seen_links, key);
                read_links(s, row, key);
                continue;
            }
            if (key == "id") {
                once(seen_id, key);
                s.raw_value();
                continue;
            }
            const std::size_t i = field_index(key, expected);
            if (i == k_fields.size()) {
                throw Bad{
                    fmt::format("unknown field \"{}\"{}", key, did_you_mean(key, field_keys()))};
            }
            expected = i + 1;
            Slot& slot = row.fields[i];
            if (slot.present) {
                throw Bad{fmt::format("\"{}\" appears twice", key)};
            }
            slot.present = true;
            switch (k_fields[i].kind) {
            case FieldKind::text:
                if (s.consume_null()) {
                    slot.text.clear();
                } else {
                    s.string(slot.text);
                }
                slot.null = false;
                break;
            case FieldKind::integer:
            case FieldKind::optional_integer:
                slot.null = s.consume_null();
                if (!slot.null) {
                    slot.integer = s.integer();
                }
                break;
            case FieldKind::instant:
            case FieldKind::optional_instant:
                read_instant(s, key, slot, k_fields[i].key);
                break;
            }
        } while (s.consume(','));
        s.expect('}', "',' or '}'");
    }
    s.expect_end();
}

// RFC 4180 records over lines: a quoted cell may span lines. `first_line` is where the record
// starts. A leading quote that guards a formula on export is removed on import.
class CsvReader {
public:
    explicit CsvReader(LineReader& lines) : m_lines(lines) {}

    bool next(std::vector<std::string>& cells, long long& first_line) {
        std::string_view line;
        if (!m_lines.next(line)) {
            return false;
        }
        first_line = m_lines.line_number();
        cells.clear();
        std::string cell;
        std::size_t i = 0;
        while (true) {
            cell.clear();
            if (i < line.size() && line[i] == '"') {
                ++i;
                while (true) {
                    if (i >= line.size()) {
                        std::string_view more;
                        if (!m_lines.next(more)) {
                            throw Bad{"a quoted cell is not closed before the end of the input"};
                        }
                        cell += '\n';
                        line = more;
                        i = 0;
                        continue;
                    }
                    if (line[i] == '"') {
                        if (i + 1 < line.size() && line[i + 1] == '"') {
                            cell += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        break;
                    }
                    cell += line[i++];
                }
                if (i < line.size() && line[i] != ',') {
                    throw Bad{"text after a quoted cell's closing quote"};
                }
            } else {
                const auto comma = line.find(',', i);
                const auto end = comma == std::string_view::npos ? line.size() : comma;
                cell.assign(line.substr(i, end - i));
                if (cell.find('"') != std::string::npos) {
                    throw Bad{"a quote inside an unquoted cell; quote the cell and double the "
                              "quote"};
                }
                i = end;
            }
            cells.push_back(cell);
            if (i >= line.size()) {
                return true;
            }
            ++i; // the comma
        }
    }

private:
    LineReader& m_lines;
};

std::string unguard(const std::string& cell) {
    if (cell.size() >= 2 && cell[0] == '\'' &&
        (cell[1] == '=' || cell[1] == '+' || cell[1] == '-' || cell[1] == '@' || cell[1] == '\t' ||
         cell[1] == '\r')) {
        return cell.substr(1);
    }
    return cell;
}

// Maps the CSV header to field indexes (k_fields.size() for "id", which is ignored).
std::vector<std::size_t> csv_columns(const std::vector<std::string>& header) {
    std::vector<std::size_t> columns;
    std::vector<bool> seen(k_fields.size(), false);
    for (const auto& name : header) {
        if (name == "id") {
            columns.push_back(k_fields.size());
            continue;
        }
        const std::size_t i = field_index(name, 0);
        if (i == k_fields.size()) {
            throw Bad{fmt::format("unknown column \"{}\" in the header{}", name,
                                  did_you_mean(name, field_keys()))};
        }
        if (seen[i]) {
            throw Bad{fmt::format("column \"{}\" appears twice in the header", name)};
        }
        seen[i] = true;
        columns.push_back(i);
    }
    for (const auto i : {f_number, f_type, f_title, f_status, f_opened_at}) {
        if (!seen[i]) {
            throw Bad{fmt::format("the header has no \"{}\" column; it needs at least number, "
                                  "type, title, status and opened_at",
                                  k_fields[i].key)};
        }
    }
    return columns;
}

void parse_csv_record(const std::vector<std::string>& cells,
                      const std::vector<std::size_t>& columns, Row& row) {
    if (cells.size() != columns.size()) {
        throw Bad{fmt::format("{} cells where the header has {}", cells.size(), columns.size())};
    }
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const std::size_t i = columns[c];
        if (i == k_fields.size()) {
            continue;
        }
        Slot& slot = row.fields[i];
        slot.present = true;
        const std::string& cell = cells[c];
        switch (k_fields[i].kind) {
        case FieldKind::text:
            slot.text = unguard(cell);
            slot.null = false;
            break;
        case FieldKind::integer:
        case FieldKind::optional_integer: {
            slot.null = cell.empty();
            if (!slot.null) {
                JsonScanner s(cell);
                try {
                    slot.integer = s.integer();
                    s.expect_end();
                } catch (const ScanError&) {
                    throw Bad{
                        fmt::format("{} \"{}\" is not a whole number", k_fields[i].key, cell)};
                }
            }
            break;
        }
        case FieldKind::instant:
        case FieldKind::optional_instant: {
            slot.null = cell.empty();
            if (!slot.null) {
                const auto t = parse_utc(cell);
                if (!t) {
                    throw Bad{fmt::format("{} \"{}\" is not an RFC 3339 time such as "
                                          "2026-11-23T08:15:00Z",
                                          k_fields[i].key, cell)};
                }
                slot.integer = *t;
            }
            break;
        }
        }
    }
}

// The writer: statements prepared once, reused for every row. Each event is hashed into the
// audit chain as it is queued, continuing from the store's last event.
class Writer {
public:
    explicit Writer(sqlite3* db)
        : m_ticket(db, insert_ticket_sql()),
          m_event(db, "INSERT INTO events (ticket, at, actor, kind, detail, hash) VALUES (?, ?, "
                      "?, ?, ?, ?)"),
          m_events(db, insert_events_sql(k_batch)),
          m_link(db, "INSERT INTO links (ticket, other, relation) VALUES (?, ?, ?)"),
          m_previous(store::head(db)) {}

    void write(const Row& row, ImportResult& result) {
        for (std::size_t i = 0; i < k_fields.size(); ++i) {
            const Slot& slot = row.fields[i];
            const int param = static_cast<int>(i + 1);
            if (slot.null) {
                m_ticket.bind_null(param);
            } else if (k_fields[i].kind == FieldKind::text) {
                m_ticket.bind(param, std::string_view(slot.text));
            } else {
                m_ticket.bind(param, static_cast<std::int64_t>(slot.integer));
            }
        }
        const long long number = row.fields[f_number].integer;
        try {
            m_ticket.run();
        } catch (const SqlError& e) {
            if ((e.code & 0xFF) == SQLITE_CONSTRAINT) {
                throw Bad{fmt::format("ticket number {} already exists (in the store or earlier "
                                      "in the input); numbers are kept on import, so import "
                                      "into a store that does not have them",
                                      number)};
            }
            throw;
        }
        ++result.tickets;
        for (std::size_t k = 0; k < row.n_events; ++k) {
            queue(number, row.events[k]);
        }
        result.events += static_cast<long long>(row.n_events);
        for (std::size_t k = 0; k < row.n_links; ++k) {
            const LinkIn& l = row.links[k];
            m_link.bind(1, static_cast<std::int64_t>(number));
            m_link.bind(2, static_cast<std::int64_t>(l.other));
            m_link.bind(3, std::string_view(l.relation));
            m_link.run();
            m_max_link = std::max(m_max_link, l.other);
        }
        result.links += static_cast<long long>(row.n_links);
    }

    long long max_link() const { return m_max_link; }

    /// Writes the events still queued; call before committing.
    void finish() { flush_events(); }

private:
    // Events are written k_batch at a time with one multi-row INSERT: most rows of an import
    // are events, and one statement per row costs more than the row itself. Their text is
    // copied into an arena that stays unchanged until the batch is written.
    static constexpr int k_batch = 128;
    struct Queued {
        long long ticket = 0;
        long long at = 0;
        store::Hash hash{};
        std::size_t actor = 0, kind = 0, detail = 0; // offsets into m_arena
        std::size_t actor_size = 0, kind_size = 0, detail_size = 0;
    };

    static std::size_t store(std::string& arena, std::string_view text, std::size_t& size) {
        const std::size_t at = arena.size();
        arena.append(text);
        size = text.size();
        return at;
    }

    void queue(long long number, const RawEvent& e) {
        Queued q;
        q.ticket = number;
        q.at = e.at;
        q.actor = store(m_arena, e.actor, q.actor_size);
        q.kind = store(m_arena, e.kind, q.kind_size);
        q.detail = store(m_arena, e.detail, q.detail_size);
        m_previous = m_chain.next(m_previous, number, e.at, e.actor, e.kind, e.detail);
        q.hash = m_previous;
        m_queued.push_back(q);
        if (m_queued.size() == static_cast<std::size_t>(k_batch)) {
            flush_events();
        }
    }

    void bind_event(Statement& s, int first, const Queued& q) {
        s.bind(first, static_cast<std::int64_t>(q.ticket));
        s.bind(first + 1, static_cast<std::int64_t>(q.at));
        s.bind(first + 2, std::string_view(m_arena).substr(q.actor, q.actor_size));
        s.bind(first + 3, std::string_view(m_arena).substr(q.kind, q.kind_size));
        s.bind(first + 4, std::string_view(m_arena).substr(q.detail, q.detail_size));
        s.bind_blob(first + 5, q.hash.data(), q.hash.size());
    }

    void flush_events() {
        if (m_queued.size() == static_cast<std::size_t>(k_batch)) {
            for (int i = 0; i < k_batch; ++i) {
                bind_event(m_events, 1 + 6 * i, m_queued[static_cast<std::size_t>(i)]);
            }
            m_events.run();
        } else {
            for (const auto& q : m_queued) {
                bind_event(m_event, 1, q);
                m_event.run();
            }
        }
        m_queued.clear();
        m_arena.clear();
    }

    static std::string insert_ticket_sql() {
        std::string columns, params;
        for (std::size_t i = 0; i < k_fields.size(); ++i) {
            columns += (i ? ", " : "") + std::string(k_fields[i].column);
            params += (i ? ", ?" : "?");
        }
        return "INSERT INTO tickets (" + columns + ") VALUES (" + params + ")";
    }

    static std::string insert_events_sql(int rows) {
        std::string sql = "INSERT INTO events (ticket, at, actor, kind, detail, hash) VALUES ";
        for (int i = 0; i < rows; ++i) {
            sql += i ? ", (?, ?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?, ?)";
        }
        return sql;
    }

    Statement m_ticket;
    Statement m_event;
    Statement m_events;
    Statement m_link;
    long long m_max_link = 0;
    std::vector<Queued> m_queued;
    std::string m_arena;
    store::Chain m_chain;
    store::Hash m_previous;
};

// Settings for the bulk write, restored whatever happens: foreign keys off (a link may name a
// ticket that a later import brings; events are written right after their ticket) and a
// larger page cache. Into an empty store (the common case: restoring or moving a desk), the
// write goes through a rollback journal with full syncs instead of the write-ahead log, which
// halves what is written to disk; nothing can be lost but the import itself, and the store is
// back in WAL mode afterwards. When another process has the store open, it stays in WAL mode.
class BulkSettings {
public:
    explicit BulkSettings(sqlite3* db) : m_db(db) {
        {
            Statement q(db, "PRAGMA cache_size");
            m_cache = q.step() ? q.integer(0) : -2000;
        }
        exec("PRAGMA foreign_keys=OFF");
        exec("PRAGMA cache_size=-65536");
        bool empty = false;
        {
            Statement q(db, "SELECT NOT EXISTS (SELECT 1 FROM tickets)");
            empty = q.step() && q.integer(0) == 1;
        }
        if (empty && journal_mode() == "wal") {
            Statement q(db, "PRAGMA journal_mode=DELETE");
            if (q.step() && q.text(0) == "delete") {
                m_rollback = true;
                exec("PRAGMA synchronous=FULL");
            }
        }
    }
    ~BulkSettings() {
        if (sqlite3_get_autocommit(m_db) == 0) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
        if (m_rollback) {
            exec("PRAGMA journal_mode=WAL");
            exec("PRAGMA synchronous=NORMAL");
        }
        exec(fmt::format("PRAGMA cache_size={}", m_cache));
        exec("PRAGMA foreign_keys=ON");
    }
    BulkSettings(const BulkSettings&) = delete;
    BulkSettings& operator=(const BulkSettings&) = delete;

private:
    std::string journal_mode() {
        Statement q(m_db, "PRAGMA journal_mode");
        return q.step() ? std::string(q.text(0)) : std::string();
    }
    void exec(const std::string& sql) {
        sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr);
    }
    sqlite3* m_db;
    long long m_cache;
    bool m_rollback = false;
};

[[noreturn]] void store_error(const store::Store& store, const SqlError& e) {
    if ((e.code & 0xFF) == SQLITE_BUSY || (e.code & 0xFF) == SQLITE_LOCKED) {
        throw StoreError(fmt::format("the store {} is locked by another process; try again",
                                     store.path().string()));
    }
    throw StoreError(
        fmt::format("cannot write the store {}: {}", store.path().string(), e.message));
}

} // namespace

ImportResult import_tickets(store::Store& store, [[maybe_unused]] const config::Config& config,
                            std::istream& in, const ImportOptions& options) {
    sqlite3* db = store.db().getHandle();
    LineReader lines(in);
    ImportResult result;
    Format format = options.format.value_or(Format::ndjson);
    if (!options.format) {
        format = lines.first_char() == '{' ? Format::ndjson : Format::csv;
    }
    BulkSettings settings(db);
    try {
        Statement(db, "BEGIN IMMEDIATE").run();
        {
            Writer writer(db);
            Row row;
            std::string scratch;
            std::vector<std::string> cells;
            std::vector<std::size_t> columns;
            long long line_no = 0;
            auto fail = [&](const std::string& message) -> void {
                throw UsageError(fmt::format("{}:{}: {}; nothing was imported", options.source,
                                             line_no, message));
            };
            try {
                if (format == Format::csv) {
                    CsvReader csv(lines);
                    if (csv.next(cells, line_no)) {
                        columns = csv_columns(cells);
                    }
                }
                while (true) {
                    row.clear();
                    if (format == Format::ndjson) {
                        std::string_view line;
                        if (!lines.next(line)) {
                            break;
                        }
                        line_no = lines.line_number();
                        if (line.find_first_not_of(" \t") == std::string_view::npos) {
                            continue;
                        }
                        try {
                            parse_json_line(line, row, scratch);
                        } catch (const ScanError& e) {
                            throw Bad{e.message};
                        }
                    } else {
                        CsvReader csv(lines);
                        if (!csv.next(cells, line_no)) {
                            break;
                        }
                        if (cells.size() == 1 && cells[0].empty()) {
                            continue;
                        }
                        parse_csv_record(cells, columns, row);
                    }
                    complete(row, options.actor);
                    writer.write(row, result);
                    if (options.progress && result.tickets % 10000 == 0) {
                        options.progress(result.tickets);
                    }
                }
            } catch (const Bad& bad) {
                fail(bad.message);
            } catch (const UsageError& e) {
                fail(e.what());
            }
            writer.finish();
            // Numbers are never reused: the sequence ends above every imported number and
            // every number a link names.
            Statement seq(db, "UPDATE sqlite_sequence SET seq = ?1 WHERE name = 'tickets' AND "
                              "seq < ?1");
            seq.bind(1, static_cast<std::int64_t>(writer.max_link()));
            seq.run();
            if (sqlite3_changes(db) == 0 && writer.max_link() > 0) {
                Statement has(db, "SELECT count(*) FROM sqlite_sequence WHERE name = 'tickets'");
                if (has.step() && has.integer(0) == 0) {
                    Statement add(db,
                                  "INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', ?)");
                    add.bind(1, static_cast<std::int64_t>(writer.max_link()));
                    add.run();
                }
            }
        }
        Statement(db, "COMMIT").run();
    } catch (const SqlError& e) {
        store_error(store, e);
    }
    if (options.progress) {
        options.progress(result.tickets);
    }
    return result;
}

} // namespace itsm::transfer
