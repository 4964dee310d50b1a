#pragma once
// The SQLite store (store/store.hpp): one file, its schema and migrations (schema.hpp), the
// audit chain and seals kept by the connection, and the areas implemented beside it in this
// folder.

#include <itsm/store/store.hpp>

#include <filesystem>
#include <memory>

namespace SQLite {
class Database;
class Exception;
class Statement;
class Transaction;
} // namespace SQLite

namespace itsm::store {
class Rows;
} // namespace itsm::store

namespace itsm::store::sqlite {

class Store final : public store::Store {
public:
    /// Opens the store at `path` as store::open says.
    Store(const std::filesystem::path& path, Mode mode,
          int busy_timeout_ms = k_default_busy_timeout_ms);
    ~Store() override;

    void begin_write() override;
    void commit() override;

    long long insert_ticket(const model::Ticket& ticket) override;
    void save_ticket(const model::Ticket& ticket) override;
    void append_event(model::Event& event) override;
    void add_link(long long from, long long to, const std::string& relation_of_to,
                  const std::string& relation_of_from) override;
    bool remove_link(long long a, long long b) override;

    std::optional<model::Ticket> find_ticket(long long number) override;
    std::vector<model::Event> events_of(long long number) override;
    std::vector<Link> links_of(long long number) override;
    std::vector<MatchedLink> links_of_matching(const Filter& filter) override;
    std::vector<model::Ticket> list(const Filter& filter) override;
    void for_each_with_events(
        const Filter& filter, Part part,
        const std::function<void(const model::Ticket&, const std::vector<model::Event>&)>& fn)
        override;

    store::Outages& outages() override;
    store::Outbox& outbox() override;
    store::TextIndex& text_index() override;
    store::Mailbox& mailbox() override;
    store::Reports& reports() override;
    store::Integrity& integrity() override;

    std::unique_ptr<ImportWriter> begin_import() override; // bulk_import.cpp
    std::unique_ptr<TicketReader> read_tickets(const ExportPeriod& period,
                                               bool history) override; // bulk_export.cpp
    std::vector<TicketHint> ticket_hints(std::size_t limit) override;  // hints.cpp
    std::vector<std::string> field_hints(Field field, std::size_t limit) override;
    long long backup(const std::filesystem::path& to, bool force) override; // backup.cpp

    int schema_version() const override;
    int busy_timeout_ms() const override { return m_busy_timeout_ms; }
    std::string location() const override { return m_path.string(); }

    /// The file, or ":memory:".
    const std::filesystem::path& path() const { return m_path; }
    /// The connection, for this store's own bulk paths and its tests.
    SQLite::Database& db();
    /// Asks the kernel to start writing the file's changed pages to disk, without waiting for
    /// it: for a bulk write, so that its commit's sync finds less to do. Nothing in memory.
    void start_writeback();

private:
    // A descriptor of the file for start_writeback, closed after the connection (it is
    // declared before it): closing any descriptor of a file drops the process's POSIX locks on
    // it, SQLite's among them.
    struct WritebackFd {
        int fd = -1;
        WritebackFd() = default;
        WritebackFd(const WritebackFd&) = delete;
        WritebackFd& operator=(const WritebackFd&) = delete;
        ~WritebackFd();
    };

    std::filesystem::path m_path;
    WritebackFd m_writeback;
    std::unique_ptr<SQLite::Database> m_db;
    std::unique_ptr<SQLite::Transaction> m_tx;
    int m_nested = 0; // begin_write calls joined to m_tx
    int m_busy_timeout_ms = k_default_busy_timeout_ms;
    // Statements asked for once per ticket of a list, prepared on first use.
    std::unique_ptr<Rows> m_find_ticket;
    std::unique_ptr<Rows> m_links_of;
    // The areas, each made on first use.
    std::unique_ptr<store::Outages> m_outages;
    std::unique_ptr<store::Outbox> m_outbox;
    std::unique_ptr<store::TextIndex> m_text_index;
    std::unique_ptr<store::Mailbox> m_mailbox;
    std::unique_ptr<store::Reports> m_reports;
    std::unique_ptr<store::Integrity> m_integrity;
};

/// Throws the store's error for what every write of the file store reports alike: the store
/// locked past `busy_timeout_ms` (busy_error), and no room left (SQLITE_FULL, or a -shm that
/// could not grow, as a store opened on a full disk finds), which names the two places SQLite
/// writes to, the store's folder and SQLite's temporary folder (SQLITE_TMPDIR, else TMPDIR,
/// else /var/tmp), where an import sorts its indexes' keys. Returns for any other error.
void throw_if_busy_or_full(const std::filesystem::path& store, const SQLite::Exception& e,
                           int busy_timeout_ms);

} // namespace itsm::store::sqlite
