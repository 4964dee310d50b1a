#include <itsm/core/error.hpp>
#include <itsm/core/file_safety.hpp>
#include <itsm/model/detail.hpp>
#include <itsm/model/event.hpp>
#include <itsm/model/id.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/store/history.hpp>
#include <itsm/store/read_only.hpp>
#include <itsm/store/rows.hpp>
#include <itsm/store/schema.hpp>
#include <itsm/store/seals.hpp>
#include <itsm/store/sqlite/columns.hpp>
#include <itsm/store/sqlite/integrity.hpp>
#include <itsm/store/sqlite/mail.hpp>
#include <itsm/store/sqlite/outages.hpp>
#include <itsm/store/sqlite/outbox.hpp>
#include <itsm/store/sqlite/reports.hpp>
#include <itsm/store/sqlite/search.hpp>
#include <itsm/store/sqlite/store.hpp>
#include <itsm/store/stemmer.hpp>
#include <itsm/store/where.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <thread>
#include <utility>
#include <vector>

namespace itsm::store::sqlite {

static_assert(k_migrations.size() == k_schema_version,
              "every schema version needs its migration in schema.hpp");

namespace fs = std::filesystem;
using model::Event;
using model::Ticket;

namespace {

// The ticket's free-text columns, each by its index in k_ticket_columns, which is also its
// parameter's in bind_ticket (every column but the number, from 1): the head's, then the rest.
constexpr std::array<std::pair<int, std::string Ticket::*>, 5> k_head_text_columns{{
    {3, &Ticket::title},
    {4, &Ticket::priority},
    {5, &Ticket::service},
    {6, &Ticket::group},
    {7, &Ticket::assignee},
}};
constexpr std::array<std::pair<int, std::string Ticket::*>, 9> k_other_text_columns{{
    {9, &Ticket::description},
    {10, &Ticket::requester},
    {11, &Ticket::email},
    {12, &Ticket::org},
    {13, &Ticket::channel},
    {20, &Ticket::resolution},
    {21, &Ticket::resolution_code},
    {23, &Ticket::comment},
    {24, &Ticket::hold_reason},
}};

// Reads the head of a row of k_head_columns or k_ticket_columns into `t` (Part::head), reusing
// its strings' memory.
void read_head(const Rows& q, Ticket& t) {
    t.number = q.integer(0);
    t.type = model::parse_type(q.text(1)).value_or(model::Type::incident);
    t.status = model::parse_status(q.text(2)).value_or(model::Status::new_);
    for (const auto& [column, field] : k_head_text_columns) {
        q.text_into(column, t.*field);
    }
    t.opened_at = time::from_epoch(q.integer(8));
}

// Reads a row of k_ticket_columns into `t`, reusing its strings' memory.
void read_ticket(const Rows& q, Ticket& t) {
    read_head(q, t);
    for (const auto& [column, field] : k_other_text_columns) {
        q.text_into(column, t.*field);
    }
    t.responded_at = optional_instant(q, 14);
    t.resolved_at = optional_instant(q, 15);
    t.closed_at = optional_instant(q, 16);
    t.updated_at = time::from_epoch(q.integer(17));
    t.tier = static_cast<int>(q.integer(18));
    t.escalation_level = static_cast<int>(q.integer(19));
    t.satisfaction.reset();
    if (const auto satisfaction = q.optional_integer(22)) {
        t.satisfaction = static_cast<int>(*satisfaction);
    }
}

Ticket read_ticket(const Rows& q) {
    Ticket t;
    read_ticket(q, t);
    return t;
}

// Binds every column but `number` at positions 1..24.
void bind_ticket(SQLite::Statement& q, const Ticket& t) {
    q.bind(1, model::to_string(t.type));
    q.bind(2, model::to_string(t.status));
    for (const auto& [parameter, field] : k_head_text_columns) {
        q.bind(parameter, t.*field);
    }
    for (const auto& [parameter, field] : k_other_text_columns) {
        q.bind(parameter, t.*field);
    }
    q.bind(8, static_cast<int64_t>(time::to_epoch(t.opened_at)));
    sqlite::bind_optional(q, 14, t.responded_at);
    sqlite::bind_optional(q, 15, t.resolved_at);
    sqlite::bind_optional(q, 16, t.closed_at);
    q.bind(17, static_cast<int64_t>(time::to_epoch(t.updated_at)));
    q.bind(18, t.tier);
    q.bind(19, t.escalation_level);
    if (t.satisfaction) {
        q.bind(22, *t.satisfaction);
    } else {
        q.bind(22);
    }
}

// The folder SQLite writes its temporary files to: the first of SQLITE_TMPDIR, TMPDIR, /var/tmp,
// /usr/tmp and /tmp that is a folder this process may write, else "." (unixTempFileDir in
// SQLite's os_unix.c).
fs::path temp_folder() {
    const std::array<const char*, 5> folders{std::getenv("SQLITE_TMPDIR"), std::getenv("TMPDIR"),
                                             "/var/tmp", "/usr/tmp", "/tmp"};
    for (const char* folder : folders) {
        std::error_code ec;
        if (folder != nullptr && *folder != '\0' && fs::is_directory(folder, ec) &&
            ::access(folder, W_OK | X_OK) == 0) {
            return folder;
        }
    }
    return ".";
}

[[noreturn]] void rethrow(const fs::path& path, const SQLite::Exception& e,
                          int busy_timeout_ms = k_default_busy_timeout_ms) {
    throw_if_busy_or_full(path, e, busy_timeout_ms);
    const int code = e.getErrorCode();
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
        throw StoreError(fmt::format("{} is not a usable itsm store ({}); restore it from a "
                                     "backup or point --db at another file",
                                     path.string(), e.what()));
    }
    if (code == SQLITE_READONLY || code == SQLITE_CANTOPEN || code == SQLITE_PERM) {
        throw StoreError(fmt::format("cannot write the store {} ({}); check the file's and its "
                                     "folder's permissions",
                                     path.string(), e.what()));
    }
    throw StoreError(fmt::format("store {}: {}", path.string(), e.what()));
}

// SQLite's library-wide settings, before its first use: no count of the memory in use, which
// takes a process-wide lock around every allocation (an import's three threads allocate
// millions of times), and no mutexes inside a connection, each being used by one thread. No
// block of twenty pages set up ahead for a connection's page cache: its setup writes into every
// one of them, some ten page faults more than a command that reads a few pages needs
// (docs/performance.md, "JSON written a word at a time, and what a page fault costs here").
void configure_sqlite() {
    static const bool configured = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
        sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
        return true;
    }();
    (void)configured;
}

StoreError not_a_store(const fs::path& path) {
    return StoreError(
        fmt::format("{} is an SQLite database but not an itsm store; point --db at an itsm store",
                    path.string()));
}

// The rollback journal a write killed half-way leaves beside the store (an import into an empty
// store writes through one, bulk_import.cpp): a reader cannot roll it back, only a writer can.
fs::path journal_of(const fs::path& path) {
    return fs::path(path.string() + "-journal");
}

bool may_write(const fs::path& path) {
    const auto folder = path.has_parent_path() ? path.parent_path() : fs::path(".");
    return ::access(path.c_str(), W_OK) == 0 && ::access(folder.c_str(), W_OK) == 0;
}

// Puts a store whose last write was killed back as it was before that write: SQLite rolls a
// hot journal back when a connection that may write first reads the store.
void roll_back_journal(const fs::path& path, int busy_timeout_ms) {
    SQLite::Database db(path.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX,
                        busy_timeout_ms);
    db.execAndGet("SELECT count(*) FROM sqlite_master");
}

} // namespace

namespace {

// Puts a store into write-ahead logging. Several first writers open a store that does not exist
// yet at once: while one of them has the file, another's switch fails without waiting for the
// busy timeout (SQLite answers with the mode it kept, or with SQLITE_BUSY), and a writer left in
// rollback mode can deadlock with the others' transactions. So each tries again, until its busy
// timeout has passed; then the next statement reports the lock.
void to_wal(SQLite::Database& db, int busy_timeout_ms) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms);
    for (int attempt = 1;; ++attempt) {
        try {
            if (db.execAndGet("PRAGMA journal_mode=WAL").getString() == "wal") {
                return;
            }
        } catch (const SQLite::Exception& e) {
            if ((e.getErrorCode() & 0xff) != SQLITE_BUSY) {
                throw;
            }
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(attempt, 20)));
    }
}

} // namespace

Store::Store(const fs::path& path, Mode mode, int busy_timeout_ms)
    : m_path(path), m_busy_timeout_ms(busy_timeout_ms) {
    configure_sqlite();
    bool interrupted = false; // a killed write's rollback journal is beside the store
    try {
        const bool exists = fs::exists(path);
        std::error_code ec;
        interrupted = mode == Mode::read && exists && fs::exists(journal_of(path), ec);
        if (interrupted && may_write(path)) {
            roll_back_journal(path, busy_timeout_ms);
        }
        if (!exists && mode == Mode::read) {
            m_db = std::make_unique<SQLite::Database>(":memory:", SQLite::OPEN_READWRITE);
        } else {
            if (!exists && path != ":memory:") { // SQLite's name for a store in memory
                // The store is its owner's only (0600), whatever the umask, and so are its
                // -wal, -shm and -journal, which SQLite creates with the store's mode; the
                // folders on the way are 0700. Sharing with a group is a decision taken by hand
                // (docs/security.md). Should the file not be made here, SQLite says why below.
                ::umask(::umask(0) | 022);
                if (const auto folder = path.parent_path(); !folder.empty()) {
                    core::make_private_folders(folder);
                }
                core::create_private_file(path);
            }
            // A connection is only ever used by the thread that opened it: without its mutex,
            // each bind and step of a bulk import is a function call cheaper.
            const int flags = (mode == Mode::write ? SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE
                                                   : SQLite::OPEN_READONLY) |
                              SQLite::OPEN_NOMUTEX;
            m_db = std::make_unique<SQLite::Database>(path.string(), flags, busy_timeout_ms);
            if (mode == Mode::read && shm_unavailable(*m_db)) {
                m_db = open_immutable(path); // read-only media (read_only.hpp)
            }
        }
        register_stem_tokenizer(m_db->getHandle());
        register_seal_function(m_db->getHandle());
        // The version and whether there are tables, read in one statement (one snapshot): read
        // apart, a store created by another process in between looked like a foreign database.
        int version = 0;
        int objects = 0;
        {
            SQLite::Statement q(*m_db, "SELECT (SELECT user_version FROM pragma_user_version), "
                                       "(SELECT count(*) FROM sqlite_master)");
            q.executeStep();
            version = q.getColumn(0).getInt();
            objects = q.getColumn(1).getInt();
        }
        if (mode == Mode::read && exists && version > 0 && version < k_schema_version &&
            ::access(path.c_str(), W_OK) == 0) {
            // A store left at an older schema by an upgrade of itsm is migrated by the first
            // command that opens it, reading or not, where it may write the file: the cron job
            // that reports right after the upgrade does not fail. Then it is read as usual.
            m_db.reset();
            Store upgrade(path, Mode::write, busy_timeout_ms);
            m_db = std::make_unique<SQLite::Database>(
                path.string(), SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, busy_timeout_ms);
            register_stem_tokenizer(m_db->getHandle());
            register_seal_function(m_db->getHandle());
            version = m_db->execAndGet("PRAGMA user_version").getInt();
        }
        if (version > k_schema_version) {
            throw StoreError(fmt::format(
                "the store {} has schema version {}, newer than this itsm understands ({}); "
                "upgrade itsm to use it (the store was not touched)",
                path.string(), version, k_schema_version));
        }
        if (version < k_schema_version) {
            if (mode == Mode::read && exists) {
                // Read-only: migrate in memory is impossible; an old store is read after the
                // first write command upgrades it.
                if (version == 0 && objects > 0 && !m_db->tableExists("tickets")) {
                    throw not_a_store(path);
                }
                throw StoreError(fmt::format("the store {} has schema version {}; run any "
                                             "command that writes to upgrade it to {}",
                                             path.string(), version, k_schema_version));
            }
            if (version == 0 && objects > 0) {
                throw not_a_store(path);
            }
            if (path != ":memory:" && (exists || mode == Mode::write)) {
                to_wal(*m_db, busy_timeout_ms);
            }
            SQLite::Transaction tx(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
            // Read under the lock: several commands started at once on a store that does not
            // exist yet all come here, and the first to get the lock creates the schema; the
            // others must see its version, not its tables without their version.
            int current = m_db->execAndGet("PRAGMA user_version").getInt();
            if (current == 0 &&
                m_db->execAndGet("SELECT count(*) FROM sqlite_master").getInt() > 0) {
                throw not_a_store(path);
            }
            for (; current < k_schema_version; ++current) {
                m_db->exec(std::string(k_migrations[static_cast<std::size_t>(current)]));
                if (static_cast<std::size_t>(current) + 1 == k_chain_version) {
                    seal(m_db->getHandle());
                }
                const auto reached = static_cast<std::size_t>(current) + 1;
                if (reached == k_text_version) {
                    for (const auto trigger : k_text_row_triggers) {
                        m_db->exec(std::string(trigger));
                    }
                }
                // Filled once, from the tickets already there, by the migration that makes
                // the table as it is now.
                if (reached == k_stem_version) {
                    m_db->exec(std::string(k_text_fill));
                }
                if (reached == k_seal_version) {
                    m_db->exec(seal_schema_sql());
                    seal_existing_rows(*m_db);
                }
            }
            m_db->exec(fmt::format("PRAGMA user_version = {}", k_schema_version));
            tx.commit();
        }
        if (mode == Mode::write && version == k_schema_version) {
            // An import killed while it wrote through a rollback journal (bulk_import.cpp) leaves
            // the store in that mode; the next writer puts it back in WAL.
            if (m_db->execAndGet("PRAGMA journal_mode").getString() != "wal") {
                to_wal(*m_db, busy_timeout_ms);
            }
        }
        m_db->exec("PRAGMA synchronous=NORMAL");
        m_db->exec("PRAGMA foreign_keys=ON");
        // The write-ahead log is checkpointed into the store when the last connection closes,
        // as always, but its file is kept for the next command instead of being deleted and
        // created again: that saves a sync of the folder per command (`itsm log` in a loop).
        // It is cut to nothing at that checkpoint, or the next command would read every stale
        // frame of it to rebuild the log's index.
        m_db->exec("PRAGMA journal_size_limit=0");
        int persist = 1;
        sqlite3_file_control(m_db->getHandle(), "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    } catch (const SQLite::Exception& e) {
        const int code = e.getErrorCode();
        if (interrupted && (code == SQLITE_READONLY || code == SQLITE_CANTOPEN)) {
            throw StoreError(fmt::format(
                "the store {} was left in the middle of a write (a command or an import was "
                "killed; its journal {} is still there); run 'itsm check' as a user who may "
                "write the store and its folder, which puts the store back as it was before "
                "that write",
                path.string(), journal_of(path).string()));
        }
        rethrow(path, e, busy_timeout_ms);
    } catch (const fs::filesystem_error& e) {
        throw StoreError(fmt::format("cannot create the store {}: {}; check the folder's "
                                     "permissions or use --db",
                                     path.string(), e.code().message()));
    }
}

Store::~Store() = default;

Store::WritebackFd::~WritebackFd() {
    if (fd >= 0) {
        ::close(fd);
    }
}

void Store::start_writeback() {
    if (m_path == ":memory:") {
        return;
    }
    if (m_writeback.fd < 0) {
        m_writeback.fd = ::open(m_path.c_str(), O_RDONLY | O_CLOEXEC);
    }
    if (m_writeback.fd >= 0) {
        // Only a hint: an error leaves the work to the commit's sync.
        ::sync_file_range(m_writeback.fd, 0, 0, SYNC_FILE_RANGE_WRITE);
    }
}

namespace {

// An area of the store, made on first use.
template <class Implementation, class Area>
Area& made(std::unique_ptr<Area>& area, SQLite::Database& db) {
    if (!area) {
        area = std::make_unique<Implementation>(db);
    }
    return *area;
}

} // namespace

store::Outages& Store::outages() {
    return made<sqlite::Outages>(m_outages, *m_db);
}

store::Outbox& Store::outbox() {
    return made<sqlite::Outbox>(m_outbox, *m_db);
}

store::TextIndex& Store::text_index() {
    return made<sqlite::TextIndex>(m_text_index, *m_db);
}

store::Mailbox& Store::mailbox() {
    return made<sqlite::Mailbox>(m_mailbox, *m_db);
}

store::Reports& Store::reports() {
    return made<sqlite::Reports>(m_reports, *m_db);
}

store::Integrity& Store::integrity() {
    return made<sqlite::Integrity>(m_integrity, *m_db);
}

SQLite::Database& Store::db() {
    return *m_db;
}

int Store::schema_version() const {
    return m_db->execAndGet("PRAGMA user_version").getInt();
}

void Store::begin_write() {
    if (m_tx) {
        ++m_nested; // a change made inside a larger one (mail-in) joins its transaction
        return;
    }
    try {
        m_tx = std::make_unique<SQLite::Transaction>(*m_db, SQLite::TransactionBehavior::IMMEDIATE);
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

void Store::commit() {
    if (m_nested > 0) {
        --m_nested;
        return;
    }
    try {
        if (m_tx) {
            m_tx->commit();
            m_tx.reset();
        }
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

long long Store::insert_ticket(const Ticket& t) {
    try {
        SQLite::Statement q(*m_db, fmt::format("INSERT INTO tickets ({}) VALUES (NULL, ?, ?, ?, "
                                               "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                               "?, ?, ?, ?, ?)",
                                               k_ticket_columns));
        bind_ticket(q, t);
        q.exec();
        return m_db->getLastInsertRowid();
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

void Store::save_ticket(const Ticket& t) {
    try {
        SQLite::Statement q(
            *m_db, "UPDATE tickets SET type=?1, status=?2, title=?3, priority=?4, service=?5, "
                   "grp=?6, assignee=?7, opened_at=?8, description=?9, requester=?10, "
                   "email=?11, org=?12, channel=?13, responded_at=?14, resolved_at=?15, "
                   "closed_at=?16, updated_at=?17, tier=?18, escalation_level=?19, "
                   "resolution=?20, resolution_code=?21, satisfaction=?22, comment=?23, "
                   "hold_reason=?24 WHERE number=?25");
        bind_ticket(q, t);
        q.bind(25, static_cast<int64_t>(t.number));
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

void Store::append_event(Event& e) {
    try {
        const std::string detail = e.detail.dump();
        const auto at = static_cast<int64_t>(time::to_epoch(e.at));
        const Hash hash = Chain().next(head(m_db->getHandle()), e.ticket, at, e.actor,
                                       model::stored_kind(e), detail);
        SQLite::Statement q(*m_db, "INSERT INTO events (ticket, at, actor, kind, detail, hash) "
                                   "VALUES (?, ?, ?, ?, ?, ?)");
        q.bind(1, static_cast<int64_t>(e.ticket));
        q.bind(2, at);
        q.bind(3, e.actor);
        q.bind(4, std::string(model::stored_kind(e)));
        q.bind(5, detail);
        q.bind(6, hash.data(), static_cast<int>(hash.size()));
        q.exec();
        e.id = m_db->getLastInsertRowid();
    } catch (const SQLite::Exception& ex) {
        rethrow(m_path, ex, m_busy_timeout_ms);
    }
}

void Store::add_link(long long from, long long to, const std::string& relation_of_to,
                     const std::string& relation_of_from) {
    try {
        SQLite::Statement q(
            *m_db, "INSERT OR IGNORE INTO links (ticket, other, relation) VALUES (?, ?, ?)");
        q.bind(1, static_cast<int64_t>(from));
        q.bind(2, static_cast<int64_t>(to));
        q.bind(3, relation_of_to);
        q.exec();
        q.reset();
        q.bind(1, static_cast<int64_t>(to));
        q.bind(2, static_cast<int64_t>(from));
        q.bind(3, relation_of_from);
        q.exec();
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

bool Store::remove_link(long long a, long long b) {
    try {
        SQLite::Statement q(*m_db, "DELETE FROM links WHERE (ticket = ? AND other = ?) OR (ticket "
                                   "= ? AND other = ?)");
        q.bind(1, static_cast<int64_t>(a));
        q.bind(2, static_cast<int64_t>(b));
        q.bind(3, static_cast<int64_t>(b));
        q.bind(4, static_cast<int64_t>(a));
        return q.exec() > 0;
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e);
    }
}

namespace {

// A statement prepared once on the connection and reset after each use, so that it holds no
// read transaction between uses: a list of 16,000 tickets asking each for its links spent most
// of its time preparing the same statement again (docs/performance.md).
class Reused {
public:
    Reused(std::unique_ptr<Rows>& slot, SQLite::Database& db, const std::string& sql)
        : m_q(slot ? *slot : *(slot = std::make_unique<Rows>(db.getHandle(), sql))) {}
    ~Reused() { m_q.reset(); }
    Reused(const Reused&) = delete;
    Reused& operator=(const Reused&) = delete;
    Rows& operator*() { return m_q; }

private:
    Rows& m_q;
};

} // namespace

std::optional<Ticket> Store::find_ticket(long long number) {
    try {
        Reused reused(m_find_ticket, *m_db,
                      fmt::format("SELECT {} FROM tickets WHERE number = ?", k_ticket_columns));
        Rows& q = *reused;
        q.bind(1, static_cast<int64_t>(number));
        if (q.step()) {
            return read_ticket(q);
        }
        return std::nullopt;
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

namespace {

// Reads a row of (id, ticket, at, actor, kind, detail) into `e`, reusing its strings' memory.
void read_event(const Rows& q, Event& e) {
    e.id = q.integer(0);
    e.ticket = q.integer(1);
    e.at = time::from_epoch(q.integer(2));
    q.text_into(3, e.actor);
    e.role.reset();
    model::set_kind(e, q.text(4));
    model::parse_detail_into(q.text(5), e.detail);
}

Event read_event(const Rows& q) {
    Event e;
    read_event(q, e);
    return e;
}

} // namespace

std::vector<Event> Store::events_of(long long number) {
    try {
        Rows q(m_db->getHandle(), "SELECT id, ticket, at, actor, kind, detail FROM events WHERE "
                                  "ticket = ? ORDER BY id");
        q.bind(1, static_cast<std::int64_t>(number));
        std::vector<Event> events;
        while (q.step()) {
            events.push_back(read_event(q));
        }
        return events;
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

std::vector<Link> Store::links_of(long long number) {
    try {
        Reused reused(m_links_of, *m_db,
                      "SELECT other, relation FROM links WHERE ticket = ? ORDER BY other");
        Rows& q = *reused;
        q.bind(1, static_cast<std::int64_t>(number));
        std::vector<Link> links;
        while (q.step()) {
            links.push_back({q.integer(0), std::string(q.text(1))});
        }
        return links;
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

namespace {

void bind_all(Rows& q, const Where& w) {
    int i = 1;
    for (const auto& v : w.values) {
        if (std::holds_alternative<std::string>(v)) {
            q.bind(i++, std::get<std::string>(v));
        } else {
            q.bind(i++, std::get<int64_t>(v));
        }
    }
}

} // namespace

std::vector<Ticket> Store::list(const Filter& filter) {
    try {
        const Where w = where_of(filter, "", Placeholders::question);
        std::string sql =
            fmt::format("SELECT {} FROM tickets{} ORDER BY number", k_ticket_columns, w.sql);
        if (filter.limit > 0) {
            sql += fmt::format(" LIMIT {}", filter.limit);
        }
        Rows q(m_db->getHandle(), sql);
        bind_all(q, w);
        std::vector<Ticket> out;
        while (q.step()) {
            out.push_back(read_ticket(q));
        }
        return out;
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

namespace {

// The open tickets of `filter` by their statuses, where they are few among many: the open filter
// excludes the two closing statuses, which no index serves, so each of a million closed tickets
// was read to find the few thousand open ones; naming the three open statuses reads them from
// tickets_status, then sorts them by number (docs/performance.md). Where most tickets are open,
// reading all in order is cheaper than the lookups and the sort, and the filter stays as it is.
Filter by_open_statuses(SQLite::Database& db, const Filter& filter) {
    if (!filter.open_only || !filter.statuses.empty()) {
        return filter;
    }
    const std::vector<model::Status> open{model::Status::new_, model::Status::assigned,
                                          model::Status::on_hold};
    const long long tickets =
        db.execAndGet("SELECT coalesce(max(number), 0) FROM tickets").getInt64();
    SQLite::Statement few(db,
                          "SELECT count(*) FROM (SELECT 1 FROM tickets WHERE status IN (?, ?, ?) "
                          "LIMIT ?)");
    for (int i = 0; i < 3; ++i) {
        few.bind(i + 1, model::to_string(open[static_cast<std::size_t>(i)]));
    }
    const long long enough = tickets / 4 + 1;
    few.bind(4, static_cast<int64_t>(enough));
    few.executeStep();
    if (few.getColumn(0).getInt64() >= enough) {
        return filter;
    }
    Filter narrowed = filter;
    narrowed.open_only = false;
    narrowed.statuses = open;
    return narrowed;
}

} // namespace

std::vector<MatchedLink> Store::links_of_matching(const Filter& filter) {
    try {
        const Where w = where_of(by_open_statuses(*m_db, filter), "t.", Placeholders::question);
        Rows q(m_db->getHandle(), fmt::format("SELECT l.ticket, l.other, l.relation, o.type FROM "
                                              "links l JOIN tickets t ON t.number = l.ticket "
                                              "JOIN tickets o ON o.number = l.other{} ORDER BY "
                                              "l.ticket, l.other",
                                              w.sql));
        bind_all(q, w);
        std::vector<MatchedLink> out;
        while (q.step()) {
            out.push_back({q.integer(0),
                           {q.integer(1), std::string(q.text(2))},
                           model::parse_type(q.text(3)).value_or(model::Type::incident)});
        }
        return out;
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

void Store::for_each_with_events(
    const Filter& filter, Part part,
    const std::function<void(const Ticket&, const std::vector<Event>&)>& fn) {
    try {
        const Where w = where_of(by_open_statuses(*m_db, filter), "t.", Placeholders::question);
        const bool head = part == Part::head;
        Rows tickets(m_db->getHandle(),
                     fmt::format("SELECT {} FROM tickets t{} ORDER BY number",
                                 head ? k_head_columns : k_ticket_columns, w.sql));
        bind_all(tickets, w);
        // The events by their index, in the tickets' order, without the tickets again: read on
        // while the chosen tickets follow each other (most of the store open), sought anew past
        // the events of tickets not chosen (a few among many), rather than joined to the filter,
        // which read the tickets twice or, for tickets found by their statuses, sorted all
        // their events (docs/performance.md, "Reading into the same events").
        Rows events(m_db->getHandle(),
                    fmt::format("SELECT id, ticket, at, actor, kind, CASE kind WHEN '{}' THEN "
                                "'{{}}' ELSE detail END FROM events WHERE ticket >= ? ORDER BY "
                                "ticket, id",
                                model::to_string(model::EventKind::noted)));
        bool sought = false;
        bool have_event = false;
        long long event_ticket = 0; // of the event row at hand, read once a row
        const auto next_event = [&] {
            have_event = events.step();
            if (have_event) {
                event_ticket = events.integer(1);
            }
        };
        // The ticket and its events are read into the same objects each time round.
        Ticket t;
        History history;
        while (tickets.step()) {
            if (head) {
                read_head(tickets, t);
            } else {
                read_ticket(tickets, t);
            }
            if (!sought || (have_event && event_ticket < t.number)) {
                events.reset();
                events.bind(1, static_cast<std::int64_t>(t.number));
                next_event();
                sought = true;
            }
            const auto& its_events = history.read([&](Event& e) {
                if (!have_event || event_ticket != t.number) {
                    return false;
                }
                read_event(events, e);
                next_event();
                return true;
            });
            fn(t, its_events);
        }
    } catch (const SQLite::Exception& e) {
        rethrow(m_path, e, m_busy_timeout_ms);
    }
}

void throw_if_busy_or_full(const fs::path& store, const SQLite::Exception& e, int busy_timeout_ms) {
    const int code = e.getErrorCode() & 0xFF;
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
        throw busy_error(store, busy_timeout_ms);
    }
    if (code == SQLITE_FULL || e.getExtendedErrorCode() == SQLITE_IOERR_SHMSIZE) {
        throw StoreError(fmt::format("cannot write the store {}: no room left ({}); make room in "
                                     "its folder {} or in SQLite's temporary folder {} (set "
                                     "SQLITE_TMPDIR to use another), then run the command again",
                                     store.string(), e.what(),
                                     fs::absolute(store).parent_path().string(),
                                     temp_folder().string()));
    }
}

} // namespace itsm::store::sqlite
