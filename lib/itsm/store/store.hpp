#pragma once
// The SQLite store: schema and migrations, transactions, tickets and their events
// (docs/security.md).

#include <itsm/core/error.hpp>
#include <itsm/model/ticket.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace SQLite {
class Database;
class Transaction;
} // namespace SQLite

namespace itsm::store {

class Integrity;
class Mailbox;
class Outages;
class Outbox;
class Reports;
class TextIndex;

/// The schema version this build writes (PRAGMA user_version).
constexpr int k_schema_version = 9;

enum class Mode { read, write };

/// How long a command waits for another process's lock before giving up (exit 6).
constexpr int k_default_busy_timeout_ms = 5000;

/// Which tickets `list` and reports want. Empty fields do not filter.
struct Filter {
    std::vector<model::Status> statuses;
    bool open_only = false; // not resolved or closed
    std::string priority;
    std::string group;
    std::string assignee;
    std::string service;
    std::optional<model::Type> type;
    std::optional<time::Instant> opened_since; // inclusive
    std::optional<time::Instant> opened_until; // exclusive
    long long limit = 0;                       // 0 = no limit
};

/// A link between two records (incident -> problem -> change).
struct Link {
    long long other = 0;
    std::string relation; // "problem", "change", "incident" (the record it came from)
};

/// An open SQLite store. One write transaction per command (`begin_write`, `commit`).
class Store {
public:
    /// Opens the store at `path`. In write mode a missing store (and its folder) is created
    /// with owner-only permissions; in read mode a missing store opens as an empty in-memory
    /// store. Throws StoreError (exit 6) when unusable or of a newer schema.
    Store(const std::filesystem::path& path, Mode mode,
          int busy_timeout_ms = k_default_busy_timeout_ms);
    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// BEGIN IMMEDIATE; throws StoreError when the lock is not had within the busy timeout.
    /// Inside a write transaction it joins it: the matching commit() then does nothing, and
    /// the outermost commit() commits the whole.
    void begin_write();
    /// COMMIT of the transaction begun by begin_write.
    void commit();

    /// Inserts a new ticket (its number is assigned) and returns the number.
    long long insert_ticket(const model::Ticket& ticket);
    /// Writes the current state of an existing ticket.
    void save_ticket(const model::Ticket& ticket);
    /// Appends an event with its link in the audit chain (chain.hpp); sets its id. Call inside
    /// the write transaction.
    void append_event(model::Event& event);
    /// Records a link in both directions.
    void add_link(long long from, long long to, const std::string& relation_of_to,
                  const std::string& relation_of_from);
    /// Removes the link between two records, both directions; false when there was none.
    bool remove_link(long long a, long long b);

    std::optional<model::Ticket> find_ticket(long long number);
    std::vector<model::Event> events_of(long long number);
    std::vector<Link> links_of(long long number);
    std::vector<model::Ticket> list(const Filter& filter);

    /// Events of every ticket matching the filter, grouped by ticket (ticket number order), as
    /// the SLA clocks read them: a note's text is left out (its detail is empty), since a note
    /// counts only by being there; events_of gives the whole history.
    void for_each_with_events(
        const Filter& filter,
        const std::function<void(const model::Ticket&, const std::vector<model::Event>&)>& fn);

    // The store's areas beside tickets and events: each an interface of its own, in its header
    // of lib/itsm/store, that this store implements with SQLite (lib/itsm/store/sqlite/). They
    // read and write in this store's transaction.

    /// Outages and maintenance windows (outages.hpp).
    Outages& outages();
    /// The notification outbox (outbox.hpp).
    Outbox& outbox();
    /// The full-text index (search.hpp).
    TextIndex& text_index();
    /// Incoming mail and its attachments (mail.hpp).
    Mailbox& mailbox();
    /// The figures of period reports (reports.hpp).
    Reports& reports();
    /// What `itsm check` reads beside the histories (integrity.hpp).
    Integrity& integrity();

    /// The underlying database, for the store's own bulk paths (transfer) and its tests.
    SQLite::Database& db();
    int schema_version() const;
    /// How long this connection waits for another process's lock (ITSM_BUSY_TIMEOUT).
    int busy_timeout_ms() const { return m_busy_timeout_ms; }
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
    std::unique_ptr<SQLite::Database> m_db;
    std::unique_ptr<SQLite::Transaction> m_tx;
    int m_nested = 0; // begin_write calls joined to m_tx
    int m_busy_timeout_ms = k_default_busy_timeout_ms;
    // The areas, each made on first use.
    std::unique_ptr<Outages> m_outages;
    std::unique_ptr<Outbox> m_outbox;
    std::unique_ptr<TextIndex> m_text_index;
    std::unique_ptr<Mailbox> m_mailbox;
    std::unique_ptr<Reports> m_reports;
    std::unique_ptr<Integrity> m_integrity;
};

/// The error of a store still locked by another process after `busy_timeout_ms`: the one
/// message and hint every command gives (exit 6).
StoreError busy_error(const std::filesystem::path& path, int busy_timeout_ms);

/// Parses a ticket id ("INC-42", "inc-42", "42") into its number; nullopt when malformed.
std::optional<long long> parse_number(std::string_view id);

} // namespace itsm::store
