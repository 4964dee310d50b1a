// Import: each line (NDJSON) or record (CSV) becomes a row, is checked whole, and is written
// with statements prepared once, all in one transaction. The first bad line stops everything
// and the transaction is rolled back.
#include <itsm/availability/records.hpp>
#include <itsm/core/error.hpp>
#include <itsm/core/suggest.hpp>
#include <itsm/model/text.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/render/table.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/store/schema.hpp>
#include <itsm/transfer/fields.hpp>
#include <itsm/transfer/import_links.hpp>
#include <itsm/transfer/import_row.hpp>
#include <itsm/transfer/json_scan.hpp>
#include <itsm/transfer/line_reader.hpp>
#include <itsm/transfer/sql.hpp>
#include <itsm/transfer/text_index.hpp>
#include <itsm/transfer/transfer.hpp>

#include <SQLiteCpp/Database.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <exception>
#include <istream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

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
// starts. A leading quote that guards a formula on export is removed on import. A cell is at
// most a line long, a record at most one cell per column (the memory stays bounded).
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
                        if (cell.size() > k_max_line) {
                            throw Bad{fmt::format("a quoted cell longer than {} MiB, the most "
                                                  "an import reads",
                                                  k_max_line >> 20)};
                        }
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
            if (cells.size() > k_fields.size()) {
                throw Bad{fmt::format("more than {} cells in a record, the most columns an "
                                      "export has",
                                      k_fields.size() + 1)};
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
            slot.text = render::csv_unguard(cell);
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

// Rows go from the reading thread to the writing one in batches: while SQLite writes one
// batch, the next is read and parsed, so an import takes about as long as the larger of the
// two halves instead of their sum. Only the writing thread touches the store.
struct Batch {
    static constexpr std::size_t k_rows = 256;
    std::vector<Row> rows = std::vector<Row>(k_rows);
    std::vector<long long> lines = std::vector<long long>(k_rows);
    std::size_t size = 0;
    std::optional<std::string> error; // the first bad line ends the input
    long long error_line = 0;
    std::exception_ptr failure; // anything else that stopped the reading
    bool last = false;
};

// The writer: statements prepared once, reused for every batch (each event already carries its
// hash in the audit chain, computed by the reader). Tickets are written
// k_tickets at a time and events k_events at a time with multi-row INSERTs: one statement per
// row costs more than the row itself. Values are bound straight from the batch, which stays
// unchanged until it has been written.
class Writer {
public:
    explicit Writer(sqlite3* db)
        : m_ticket(db, insert_sql("tickets", ticket_columns(), 1)),
          m_tickets(db, insert_sql("tickets", ticket_columns(), k_tickets)),
          m_event(db, insert_sql("events", k_event_columns, 1)),
          m_events(db, insert_sql("events", k_event_columns, k_events)),
          m_link(db, "INSERT INTO links (ticket, other, relation) VALUES (?, ?, ?)") {}

    /// Writes every row of the batch; throws Bad naming the row's line when a ticket number
    /// is taken.
    void write(const Batch& batch, ImportResult& result) {
        std::size_t i = 0;
        for (; i + k_tickets <= batch.size; i += k_tickets) {
            for (std::size_t k = 0; k < k_tickets; ++k) {
                bind_ticket(m_tickets, static_cast<int>(k * k_fields.size()), batch.rows[i + k]);
            }
            try {
                m_tickets.run();
            } catch (const SqlError& e) {
                if ((e.code & 0xFF) != SQLITE_CONSTRAINT) {
                    throw;
                }
                // The statement left nothing behind: find the row one by one.
                for (std::size_t k = 0; k < k_tickets; ++k) {
                    write_ticket(batch, i + k);
                }
            }
        }
        for (; i < batch.size; ++i) {
            write_ticket(batch, i);
        }
        m_queued.clear();
        for (std::size_t r = 0; r < batch.size; ++r) {
            const Row& row = batch.rows[r];
            const long long number = row.fields[f_number].integer;
            bool outage = false;
            for (std::size_t k = 0; k < row.n_events; ++k) {
                m_queued.push_back({number, &row.events[k]});
                outage = outage || row.events[k].detail.find("\"outage") != std::string::npos;
            }
            if (outage) {
                m_outages.push_back(number);
            }
            result.events += static_cast<long long>(row.n_events);
            write_links(row, result);
        }
        std::size_t e = 0;
        for (; e + k_events <= m_queued.size(); e += k_events) {
            for (std::size_t k = 0; k < k_events; ++k) {
                bind_event(m_events, static_cast<int>(k * k_event_columns.size()), m_queued[e + k]);
            }
            m_events.run();
        }
        for (; e < m_queued.size(); ++e) {
            bind_event(m_event, 0, m_queued[e]);
            m_event.run();
        }
        result.tickets += static_cast<long long>(batch.size);
    }

    long long max_link() const { return m_max_link; }
    /// Tickets whose history records a service outage (rebuilt once their events are written).
    const std::vector<long long>& outage_tickets() const { return m_outages; }

private:
    static constexpr std::size_t k_tickets = 16;
    static constexpr std::size_t k_events = 128;
    static constexpr std::array<std::string_view, 6> k_event_columns{"ticket", "at",     "actor",
                                                                     "kind",   "detail", "hash"};
    struct Queued {
        long long ticket;
        const RawEvent* event;
    };

    void write_ticket(const Batch& batch, std::size_t i) {
        bind_ticket(m_ticket, 0, batch.rows[i]);
        try {
            m_ticket.run();
        } catch (const SqlError& e) {
            if ((e.code & 0xFF) == SQLITE_CONSTRAINT) {
                throw Bad{fmt::format("ticket number {} already exists (in the store or earlier "
                                      "in the input); numbers are kept on import, so import "
                                      "into a store that does not have them",
                                      batch.rows[i].fields[f_number].integer),
                          batch.lines[i]};
            }
            throw;
        }
    }

    static void bind_ticket(Statement& s, int before, const Row& row) {
        for (std::size_t i = 0; i < k_fields.size(); ++i) {
            const Slot& slot = row.fields[i];
            const int param = before + static_cast<int>(i + 1);
            if (slot.null) {
                s.bind_null(param);
            } else if (k_fields[i].kind == FieldKind::text) {
                s.bind(param, std::string_view(slot.text));
            } else {
                s.bind(param, static_cast<std::int64_t>(slot.integer));
            }
        }
    }

    static void bind_event(Statement& s, int before, const Queued& q) {
        s.bind(before + 1, static_cast<std::int64_t>(q.ticket));
        s.bind(before + 2, static_cast<std::int64_t>(q.event->at));
        s.bind(before + 3, std::string_view(q.event->actor));
        s.bind(before + 4, std::string_view(q.event->kind));
        s.bind(before + 5, std::string_view(q.event->detail));
        s.bind_blob(before + 6, q.event->hash.data(), q.event->hash.size());
    }

    void write_links(const Row& row, ImportResult& result) {
        const long long number = row.fields[f_number].integer;
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

    static std::vector<std::string_view> ticket_columns() {
        std::vector<std::string_view> columns;
        for (const auto& f : k_fields) {
            columns.push_back(f.column);
        }
        return columns;
    }

    template <typename Columns>
    static std::string insert_sql(std::string_view table, const Columns& columns,
                                  std::size_t rows) {
        std::string names, values;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            names += fmt::format("{}{}", i ? ", " : "", columns[i]);
            values += i ? ", ?" : "(?";
        }
        values += ')';
        std::string sql = fmt::format("INSERT INTO {} ({}) VALUES {}", table, names, values);
        for (std::size_t r = 1; r < rows; ++r) {
            sql += ", " + values;
        }
        return sql;
    }

    Statement m_ticket;
    Statement m_tickets;
    Statement m_event;
    Statement m_events;
    Statement m_link;
    long long m_max_link = 0;
    std::vector<long long> m_outages;
    std::vector<Queued> m_queued;
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
        {
            Statement q(db, "SELECT NOT EXISTS (SELECT 1 FROM tickets)");
            m_empty = q.step() && q.integer(0) == 1;
        }
        if (m_empty && journal_mode() == "wal") {
            try {
                Statement q(db, "PRAGMA journal_mode=DELETE");
                if (q.step() && q.text(0) == "delete") {
                    m_rollback = true;
                    exec("PRAGMA synchronous=FULL");
                }
            } catch (const SqlError& e) {
                // Another process is in a transaction on the store: stay in WAL mode, and let
                // BEGIN IMMEDIATE wait for it as any writer does.
                if ((e.code & 0xFF) != SQLITE_BUSY && (e.code & 0xFF) != SQLITE_LOCKED) {
                    throw;
                }
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

    /// The store had no ticket when the import began.
    bool empty() const { return m_empty; }

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
    bool m_empty = false;
    bool m_rollback = false;
};

// A queue of batches between the two threads; pop() gives nullptr once closed.
class Channel {
public:
    void push(Batch* batch) {
        {
            std::lock_guard lock(m_mutex);
            m_queue.push_back(batch);
        }
        m_ready.notify_one();
    }
    Batch* pop() {
        std::unique_lock lock(m_mutex);
        m_ready.wait(lock, [&] { return m_closed || !m_queue.empty(); });
        if (m_closed) {
            return nullptr;
        }
        Batch* batch = m_queue.front();
        m_queue.pop_front();
        return batch;
    }
    void close() {
        {
            std::lock_guard lock(m_mutex);
            m_closed = true;
        }
        m_ready.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::deque<Batch*> m_queue;
    bool m_closed = false;
};

// Reads and checks the input on its own thread, hands each batch to the writer and, when
// there is one, each ticket's texts to the index built beside the store.
class Reader {
public:
    /// `head`: the hash of the store's last event, which the first imported event continues.
    Reader(LineReader& lines, Format format, const std::string& actor, const config::Config& config,
           const store::Hash& head, SideTextIndex* text)
        : m_lines(lines), m_format(format), m_actor(actor), m_config(config), m_previous(head),
          m_text(text) {
        for (auto& batch : m_batches) {
            m_free.push(&batch);
        }
        m_thread = std::thread([this] { run(); });
    }
    ~Reader() {
        m_free.close();
        m_full.close();
        m_thread.join();
    }
    Reader(const Reader&) = delete;
    Reader& operator=(const Reader&) = delete;

    /// The next batch in input order; the one with `last` set ends the input.
    Batch* next() { return m_full.pop(); }
    /// Gives a written batch back for reuse.
    void recycle(Batch* batch) { m_free.push(batch); }
    /// The rows with links, once the last batch has been taken.
    const LinkCheck& links() const { return m_links; }

private:
    void run() {
        std::string scratch;
        std::vector<std::string> cells;
        std::vector<std::size_t> columns;
        long long line_no = 0;
        bool header = m_format == Format::csv;
        while (Batch* batch = m_free.pop()) {
            batch->size = 0;
            try {
                if (header) {
                    header = false;
                    CsvReader csv(m_lines);
                    if (csv.next(cells, line_no)) {
                        columns = csv_columns(cells);
                    }
                }
                while (batch->size < Batch::k_rows && !batch->last) {
                    Row& row = batch->rows[batch->size];
                    row.clear();
                    if (!read_row(row, scratch, cells, columns, line_no)) {
                        batch->last = true;
                        break;
                    }
                    use_default_priority(row, m_config);
                    complete(row, m_actor);
                    check_names(row, m_config);
                    check_history(row, m_history);
                    m_links.note(row, m_history, line_no);
                    chain(row);
                    if (m_text != nullptr) {
                        m_text->add(row);
                    }
                    batch->lines[batch->size++] = line_no;
                }
            } catch (const Bad& bad) {
                batch->error = bad.message;
            } catch (const LineTooLong& e) {
                batch->error = fmt::format("a line longer than {} MiB, the most an import reads",
                                           k_max_line >> 20);
                line_no = e.line;
            } catch (const UsageError& e) {
                batch->error = e.what();
            } catch (...) {
                batch->failure = std::current_exception();
            }
            if (batch->error || batch->failure) {
                batch->error_line = line_no;
                batch->last = true;
            }
            const bool last = batch->last;
            if (last && m_text != nullptr && !batch->error && !batch->failure) {
                m_text->end_of_input();
            }
            m_full.push(batch);
            if (last) {
                return;
            }
        }
    }

    // Each event is hashed into the audit chain here, in the order the writer inserts them.
    void chain(Row& row) {
        const long long number = row.fields[f_number].integer;
        for (std::size_t k = 0; k < row.n_events; ++k) {
            RawEvent& e = row.events[k];
            m_previous = m_chain.next(m_previous, number, e.at, e.actor, e.kind, e.detail);
            e.hash = m_previous;
        }
    }

    // Reads the next ticket into `row`; false at the end of the input.
    bool read_row(Row& row, std::string& scratch, std::vector<std::string>& cells,
                  const std::vector<std::size_t>& columns, long long& line_no) {
        while (true) {
            if (m_format == Format::ndjson) {
                std::string_view line;
                if (!m_lines.next(line)) {
                    return false;
                }
                line_no = m_lines.line_number();
                if (line.find_first_not_of(" \t") == std::string_view::npos) {
                    continue;
                }
                try {
                    parse_json_line(line, row, scratch);
                } catch (const ScanError& e) {
                    throw Bad{e.message};
                }
                return true;
            }
            CsvReader csv(m_lines);
            if (!csv.next(cells, line_no)) {
                return false;
            }
            if (cells.size() == 1 && cells[0].empty()) {
                continue;
            }
            parse_csv_record(cells, columns, row);
            return true;
        }
    }

    LineReader& m_lines;
    Format m_format;
    const std::string& m_actor;
    const config::Config& m_config;
    store::Chain m_chain;
    store::Hash m_previous;
    SideTextIndex* m_text;
    std::vector<model::Event> m_history; // the current row's events, parsed
    LinkCheck m_links;
    std::array<Batch, 3> m_batches;
    Channel m_free;
    Channel m_full;
    std::thread m_thread;
};

// Into an empty store the secondary indexes of tickets are dropped for the import and built
// again after it: sorting a million keys once takes half the time of keeping six b-trees in
// order row by row. The index of events by ticket stays: events arrive in ticket order, so it
// only ever grows at its end. Returns the statements that create them again.
std::vector<std::string> drop_indexes(sqlite3* db) {
    std::vector<std::pair<std::string, std::string>> indexes;
    {
        Statement q(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
                        "tbl_name = 'tickets' AND sql IS NOT NULL ORDER BY name");
        while (q.step()) {
            indexes.emplace_back(q.text(0), q.text(1));
        }
    }
    std::vector<std::string> create;
    for (const auto& [name, sql] : indexes) {
        Statement(db, fmt::format("DROP INDEX \"{}\"", name)).run();
        create.push_back(sql);
    }
    return create;
}

// The store's full-text table as created, for the side index.
std::string text_table_sql(sqlite3* db) {
    Statement q(db, "SELECT sql FROM sqlite_schema WHERE name = 'ticket_text'");
    return q.step() ? std::string(q.text(0)) : std::string();
}

[[noreturn]] void store_error(const store::Store& store, const SqlError& e) {
    if ((e.code & 0xFF) == SQLITE_BUSY || (e.code & 0xFF) == SQLITE_LOCKED) {
        throw store::busy_error(store.path(), store.busy_timeout_ms());
    }
    throw StoreError(
        fmt::format("cannot write the store {}: {}", store.path().string(), e.message));
}

} // namespace

ImportResult import_tickets(store::Store& store, const config::Config& config, std::istream& in,
                            const ImportOptions& options) {
    sqlite3* db = store.db().getHandle();
    LineReader lines(in);
    ImportResult result;
    Format format = options.format.value_or(Format::ndjson);
    if (!options.format) {
        format = lines.first_char() == '{' ? Format::ndjson : Format::csv;
    }
    auto fail = [&](long long line, const std::string& message) -> void {
        throw UsageError(
            fmt::format("{}:{}: {}; nothing was imported", options.source, line, message));
    };
    try {
        // Inside the try: its statements meet a lock as well (another process's transaction).
        BulkSettings settings(db);
        std::unique_ptr<SideTextIndex> side;
        Statement(db, "BEGIN IMMEDIATE").run();
        // The full-text index is filled once at the end instead of by a trigger per row: built
        // beside the store as the rows are written when the store was empty, else by one
        // statement over the new tickets.
        Statement(db, "DROP TRIGGER ticket_text_insert").run();
        Statement(db, "DROP TRIGGER ticket_text_note").run();
        std::vector<std::string> indexes;
        if (store.path() != ":memory:") {
            // Under the lock: what an import killed before left beside the store.
            SideTextIndex::remove_stale(store.path());
        }
        if (settings.empty() && store.path() != ":memory:") {
            indexes = drop_indexes(db);
            try {
                side = std::make_unique<SideTextIndex>(store.path(), text_table_sql(db));
            } catch (const StoreError&) {
                // No room or no right to write beside the store: the one statement at the end
                // indexes the tickets, more slowly.
            } catch (const SqlError&) {
            }
        }
        {
            Writer writer(db);
            Reader reader(lines, format, options.actor, config, store::head(db), side.get());
            while (Batch* batch = reader.next()) {
                const long long before = result.tickets;
                try {
                    writer.write(*batch, result);
                } catch (const Bad& bad) {
                    fail(bad.line, bad.message);
                }
                if (options.progress && before / 10000 != result.tickets / 10000) {
                    options.progress(result.tickets / 10000 * 10000);
                }
                if (batch->failure) {
                    std::rethrow_exception(batch->failure);
                }
                if (batch->error) {
                    fail(batch->error_line, *batch->error);
                }
                if (batch->last) {
                    break;
                }
                reader.recycle(batch);
            }
            try {
                reader.links().verify(store);
            } catch (const Bad& bad) {
                fail(bad.line, bad.message);
            }
            for (const auto& sql : indexes) {
                Statement(db, sql).run();
            }
            if (side) {
                side->finish();
            }
            for (const long long number : writer.outage_tickets()) {
                availability::rebuild_outage(store, number);
            }
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
        if (side) {
            side->copy_into(db);
        } else {
            Statement(db, store::k_text_fill).run();
        }
        for (const auto trigger : store::k_text_row_triggers) {
            Statement(db, trigger).run();
        }
        Statement(db, "COMMIT").run();
        side.reset();
    } catch (const SqlError& e) {
        store_error(store, e);
    }
    if (options.progress) {
        options.progress(result.tickets);
    }
    return result;
}

} // namespace itsm::transfer
