// The SQLite store's import writer: statements prepared once and reused for every batch, in one
// transaction that an error anywhere rolls back.
#include <itsm/store/bulk.hpp>
#include <itsm/store/import_text_index.hpp>
#include <itsm/store/schema.hpp>
#include <itsm/store/sqlite/store.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <algorithm>
#include <utility>

namespace itsm::store {

DuplicateNumber::DuplicateNumber(long long number, std::size_t index)
    : UsageError(fmt::format("ticket number {} already exists (in the store or earlier in the "
                             "input); numbers are kept on import, so import into a store that "
                             "does not have them",
                             number)),
      m_index(index) {}

namespace {

bool is_busy(const SQLite::Exception& e) {
    const int code = e.getErrorCode() & 0xFF;
    return code == SQLITE_BUSY || code == SQLITE_LOCKED;
}

// The page cache of the bulk write, and of the index builds at its end (build_indexes), in KiB.
constexpr int k_cache_kib = 64 * 1024;
constexpr int k_index_cache_kib = 8 * 1024;

[[noreturn]] void import_failed(const sqlite::Store& store, const SQLite::Exception& e) {
    sqlite::throw_if_busy_or_full(store.path(), e, store.busy_timeout_ms());
    throw StoreError(fmt::format("cannot write the store {}: {}", store.path().string(), e.what()));
}

// Settings for the bulk write, restored whatever happens: foreign keys off (a link may name a
// ticket that a later import brings; events are written right after their ticket) and a
// larger page cache. Into an empty store (the common case: restoring or moving a desk), the
// write goes through a rollback journal with full syncs instead of the write-ahead log, which
// halves what is written to disk; nothing can be lost but the import itself, and the store is
// back in WAL mode afterwards. When another process has the store open, it stays in WAL mode.
// Into an empty store, too, each INSERT's statement journal (the pages it changed, to undo it
// alone) stays in memory: at ten million tickets, where the b-trees are deeper, it outgrew the
// 64 KiB SQLite keeps in memory and went to a temporary file: 12.7 GB of writes in all.
// SQLite fixes that choice when the transaction begins; build_indexes sets temporary storage
// back to files before its sorts, whose keys do not fit in memory.
class BulkSettings {
public:
    explicit BulkSettings(SQLite::Database& db) : m_db(db) {
        m_cache = db.execAndGet("PRAGMA cache_size").getInt64();
        db.tryExec("PRAGMA foreign_keys=OFF");
        db.tryExec(fmt::format("PRAGMA cache_size=-{}", k_cache_kib));
        m_empty = db.execAndGet("SELECT NOT EXISTS (SELECT 1 FROM tickets)").getInt() == 1;
        if (m_empty) {
            db.tryExec("PRAGMA temp_store=MEMORY");
        }
        if (m_empty && db.execAndGet("PRAGMA journal_mode").getString() == "wal") {
            try {
                if (db.execAndGet("PRAGMA journal_mode=DELETE").getString() == "delete") {
                    m_rollback = true;
                    db.tryExec("PRAGMA synchronous=FULL");
                }
            } catch (const SQLite::Exception& e) {
                // Another process is in a transaction on the store: stay in WAL mode, and let
                // BEGIN IMMEDIATE wait for it as any writer does.
                if (!is_busy(e)) {
                    throw;
                }
            }
        }
    }
    ~BulkSettings() {
        if (sqlite3_get_autocommit(m_db.getHandle()) == 0) {
            m_db.tryExec("ROLLBACK");
        }
        if (m_rollback) {
            m_db.tryExec("PRAGMA journal_mode=WAL");
            m_db.tryExec("PRAGMA synchronous=NORMAL");
        }
        m_db.tryExec(fmt::format("PRAGMA cache_size={}", m_cache));
        m_db.tryExec("PRAGMA foreign_keys=ON");
        m_db.tryExec("PRAGMA temp_store=DEFAULT");
    }
    BulkSettings(const BulkSettings&) = delete;
    BulkSettings& operator=(const BulkSettings&) = delete;

    bool empty() const { return m_empty; }

private:
    SQLite::Database& m_db;
    long long m_cache = -2000;
    bool m_empty = false;
    bool m_rollback = false;
};

// Into an empty store the secondary indexes of tickets are dropped for the import and built
// again after it: sorting a million keys once takes half the time of keeping six b-trees in
// order row by row. The index of events by ticket stays: events arrive in ticket order, so it
// only ever grows at its end. Returns the statements that create them again.
std::vector<std::string> drop_ticket_indexes(SQLite::Database& db) {
    std::vector<std::pair<std::string, std::string>> indexes;
    {
        SQLite::Statement q(db, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
                                "tbl_name = 'tickets' AND sql IS NOT NULL ORDER BY name");
        while (q.executeStep()) {
            indexes.emplace_back(q.getColumn(0).getString(), q.getColumn(1).getString());
        }
    }
    std::vector<std::string> create;
    for (const auto& [name, sql] : indexes) {
        db.exec(fmt::format("DROP INDEX \"{}\"", name));
        create.push_back(sql);
    }
    return create;
}

template <typename Columns>
std::string multi_row_insert(std::string_view table, const Columns& columns, std::size_t rows) {
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

std::vector<std::string_view> bulk_column_names() {
    std::vector<std::string_view> names;
    for (const auto& c : k_bulk_columns) {
        names.emplace_back(c.name);
    }
    return names;
}

// Runs a statement that returns no rows and readies it for new bindings.
void run(SQLite::Statement& s) {
    s.exec();
    s.reset();
}

// Tickets are written k_tickets at a time and events k_events at a time with multi-row
// INSERTs: one statement per row costs more than the row itself. Values are bound straight
// from the tickets (bindNoCopy), which stay unchanged until they have been written. Each event
// already carries its hash in the audit chain.
class SqliteImport final : public ImportWriter {
public:
    explicit SqliteImport(sqlite::Store& store)
        : m_store(store), m_db(store.db()), m_settings(m_db) {
        m_db.exec("BEGIN IMMEDIATE");
        // The full-text index is filled once at the end instead of by a trigger per row: built
        // beside the store as the rows are written when the store was empty, else by one
        // statement over the new tickets.
        m_db.exec("DROP TRIGGER ticket_text_insert");
        m_db.exec("DROP TRIGGER ticket_text_note");
        const bool file = store.path() != ":memory:";
        if (file) {
            // Under the lock: what an import killed before left beside the store.
            SideTextIndex::remove_stale(store.path());
        }
        if (m_settings.empty() && file) {
            m_indexes = drop_ticket_indexes(m_db);
            try {
                m_side = std::make_unique<SideTextIndex>(
                    store.path(),
                    m_db.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'ticket_text'")
                        .getString());
            } catch (const StoreError&) {
                // No room or no right to write beside the store: the one statement at the end
                // indexes the tickets, more slowly.
            } catch (const SQLite::Exception&) {
            }
        }
        m_statements = std::make_unique<Statements>(m_db);
    }

    bool empty() const override { return m_settings.empty(); }

    Hash head() override {
        try {
            return store::head(m_db.getHandle());
        } catch (const SQLite::Exception& e) {
            import_failed(m_store, e);
        }
    }

    TextFeed* text_feed() override { return m_side.get(); }

    void write(std::span<const BulkTicket* const> tickets) override {
        try {
            write_tickets(tickets);
            write_events_and_links(tickets);
        } catch (const SQLite::Exception& e) {
            import_failed(m_store, e);
        }
    }

    void commit() override {
        try {
            // The kernel keeps what a process writes until it is 30 s old or a tenth of the
            // memory, so the commit's sync found nearly all of an import still to write: a
            // million tickets are about 1 GB, which took 1.2 to 1.5 s with both cores idle.
            // Asked for now, the disk takes the rows while the indexes are built, and the
            // indexes while the full-text index is copied (docs/performance.md, "The store
            // handed to the disk before its commit").
            m_store.start_writeback();
            build_indexes();
            if (m_side) {
                m_side->finish();
            }
            m_store.start_writeback();
            // Numbers are never reused: the sequence ends above every imported number (SQLite
            // keeps it above the rows written) and every number a link names.
            SQLite::Statement seq(m_db, "UPDATE sqlite_sequence SET seq = ?1 WHERE name = "
                                        "'tickets' AND seq < ?1");
            seq.bind(1, static_cast<std::int64_t>(m_max_link));
            if (seq.exec() == 0 && m_max_link > 0 &&
                m_db.execAndGet("SELECT count(*) FROM sqlite_sequence WHERE name = 'tickets'")
                        .getInt() == 0) {
                SQLite::Statement add(
                    m_db, "INSERT INTO sqlite_sequence (name, seq) VALUES ('tickets', ?)");
                add.bind(1, static_cast<std::int64_t>(m_max_link));
                add.exec();
            }
            if (m_side) {
                m_side->copy_into(m_db);
            } else {
                m_db.exec(std::string(k_text_fill));
            }
            for (const auto trigger : k_text_row_triggers) {
                m_db.exec(std::string(trigger));
            }
            m_db.exec("COMMIT");
        } catch (const SQLite::Exception& e) {
            import_failed(m_store, e);
        }
        m_side.reset();
    }

private:
    // The tickets' indexes, built again at the end when they were dropped. By then the reading
    // thread has finished and a core is idle. SQLite's sorter can sort on helper threads, but
    // only the runs of keys that outgrow its memory, which is the page cache's size: with the
    // import's cache, a million tickets' keys are sorted in memory on the writer's core alone.
    // So the builds get two helpers and a cache of 8 MiB, which holds less memory too: the
    // six indexes of ten million tickets took 20.8 s instead of 27.3 s (docs/performance.md).
    void build_indexes() {
        if (m_indexes.empty()) {
            return;
        }
        m_db.exec("PRAGMA temp_store=DEFAULT");
        m_db.exec("PRAGMA threads=2");
        m_db.exec(fmt::format("PRAGMA cache_size=-{}", k_index_cache_kib));
        for (const auto& sql : m_indexes) {
            m_db.exec(sql);
        }
        m_db.exec(fmt::format("PRAGMA cache_size=-{}", k_cache_kib));
        m_db.exec("PRAGMA threads=0");
    }

    static constexpr std::size_t k_tickets = 16;
    static constexpr std::size_t k_events = 128;
    static constexpr std::array<std::string_view, 6> k_event_columns{"ticket", "at",     "actor",
                                                                     "kind",   "detail", "hash"};
    struct Queued {
        long long ticket;
        const BulkEvent* event;
    };
    struct Statements {
        explicit Statements(SQLite::Database& db)
            : ticket(db, multi_row_insert("tickets", bulk_column_names(), 1)),
              tickets(db, multi_row_insert("tickets", bulk_column_names(), k_tickets)),
              event(db, multi_row_insert("events", k_event_columns, 1)),
              events(db, multi_row_insert("events", k_event_columns, k_events)),
              link(db, "INSERT INTO links (ticket, other, relation) VALUES (?, ?, ?)") {}
        SQLite::Statement ticket;
        SQLite::Statement tickets;
        SQLite::Statement event;
        SQLite::Statement events;
        SQLite::Statement link;
    };

    void write_tickets(std::span<const BulkTicket* const> tickets) {
        std::size_t i = 0;
        for (; i + k_tickets <= tickets.size(); i += k_tickets) {
            for (std::size_t k = 0; k < k_tickets; ++k) {
                bind_ticket(m_statements->tickets, static_cast<int>(k * k_bulk_columns.size()),
                            *tickets[i + k]);
            }
            try {
                run(m_statements->tickets);
            } catch (const SQLite::Exception& e) {
                if ((e.getErrorCode() & 0xFF) != SQLITE_CONSTRAINT) {
                    throw;
                }
                // The statement left nothing behind: find the row one by one.
                m_statements->tickets.tryReset();
                for (std::size_t k = 0; k < k_tickets; ++k) {
                    write_ticket(tickets, i + k);
                }
            }
        }
        for (; i < tickets.size(); ++i) {
            write_ticket(tickets, i);
        }
    }

    void write_ticket(std::span<const BulkTicket* const> tickets, std::size_t i) {
        bind_ticket(m_statements->ticket, 0, *tickets[i]);
        try {
            run(m_statements->ticket);
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() & 0xFF) == SQLITE_CONSTRAINT) {
                m_statements->ticket.tryReset();
                throw DuplicateNumber(tickets[i]->fields[0].integer, i);
            }
            throw;
        }
    }

    void write_events_and_links(std::span<const BulkTicket* const> tickets) {
        m_queued.clear();
        for (const BulkTicket* t : tickets) {
            const long long number = t->fields[0].integer;
            for (std::size_t k = 0; k < t->n_events; ++k) {
                m_queued.push_back({number, &t->events[k]});
            }
            for (std::size_t k = 0; k < t->n_links; ++k) {
                const BulkLink& l = t->links[k];
                m_statements->link.bind(1, static_cast<std::int64_t>(number));
                m_statements->link.bind(2, static_cast<std::int64_t>(l.other));
                m_statements->link.bindNoCopy(3, l.relation);
                run(m_statements->link);
                m_max_link = std::max(m_max_link, l.other);
            }
        }
        std::size_t e = 0;
        for (; e + k_events <= m_queued.size(); e += k_events) {
            for (std::size_t k = 0; k < k_events; ++k) {
                bind_event(m_statements->events, static_cast<int>(k * k_event_columns.size()),
                           m_queued[e + k]);
            }
            run(m_statements->events);
        }
        for (; e < m_queued.size(); ++e) {
            bind_event(m_statements->event, 0, m_queued[e]);
            run(m_statements->event);
        }
    }

    static void bind_ticket(SQLite::Statement& s, int before, const BulkTicket& t) {
        for (std::size_t i = 0; i < k_bulk_columns.size(); ++i) {
            const BulkValue& v = t.fields[i];
            const int param = before + static_cast<int>(i + 1);
            if (v.null) {
                s.bind(param);
            } else if (k_bulk_columns[i].kind == ColumnKind::text) {
                s.bindNoCopy(param, v.text);
            } else {
                s.bind(param, static_cast<std::int64_t>(v.integer));
            }
        }
    }

    static void bind_event(SQLite::Statement& s, int before, const Queued& q) {
        s.bind(before + 1, static_cast<std::int64_t>(q.ticket));
        s.bind(before + 2, static_cast<std::int64_t>(q.event->at));
        s.bindNoCopy(before + 3, q.event->actor);
        s.bindNoCopy(before + 4, q.event->kind);
        s.bindNoCopy(before + 5, q.event->detail);
        s.bindNoCopy(before + 6, q.event->hash.data(), static_cast<int>(q.event->hash.size()));
    }

    sqlite::Store& m_store;
    SQLite::Database& m_db;
    BulkSettings m_settings; // restores the settings last, after the side index detached
    std::vector<std::string> m_indexes;
    std::unique_ptr<SideTextIndex> m_side;
    std::unique_ptr<Statements> m_statements; // prepared once the triggers and indexes are gone
    long long m_max_link = 0;
    std::vector<Queued> m_queued;
};

} // namespace

std::unique_ptr<ImportWriter> sqlite::Store::begin_import() {
    try {
        return std::make_unique<SqliteImport>(*this);
    } catch (const SQLite::Exception& e) {
        import_failed(*this, e);
    }
}

} // namespace itsm::store
