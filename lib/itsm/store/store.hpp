#pragma once
// The store's interface: transactions, tickets, their events and links, and the areas beside
// them (docs/security.md). lib/itsm/store is the only place that speaks SQL.

#include <itsm/core/error.hpp>
#include <itsm/model/ticket.hpp>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::store {

class Integrity;
class Mailbox;
class Outages;
class Outbox;
class Reports;
class TextIndex;

/// The schema version this build writes (PRAGMA user_version).
constexpr int k_schema_version = 10;

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

/// How much of each ticket for_each_with_events reads.
enum class Part {
    whole,
    /// Its number, type, status, title, priority, service, group, assignee and opened_at, the
    /// other fields left as a new Ticket has them: what the clocks' findings show, read from a
    /// third of the columns (docs/performance.md, "sla-check reads the tickets' heads").
    head,
};

/// A link between two records (incident -> problem -> change).
struct Link {
    long long other = 0;
    std::string relation; // "problem", "change", "incident" (the record it came from)
};

/// A link of a ticket that a filter chose, with the other ticket's type (its id's prefix).
struct MatchedLink {
    long long ticket = 0;
    Link link;
    model::Type other_type = model::Type::incident;
};

class ImportWriter;
class TicketReader;
struct ExportPeriod;
struct TicketHint;
enum class Field;

/// An open store: tickets, their events and links, and the areas beside them, each an
/// interface of its own header in lib/itsm/store. The SQLite store (sqlite/store.hpp)
/// implements it; callers hold a Store& and never see which store it is. One write
/// transaction per command (`begin_write`, `commit`).
class Store {
public:
    virtual ~Store() = default;
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    /// Takes the write lock; throws StoreError when it is not had within the busy timeout.
    /// Inside a write transaction it joins it: the matching commit() then does nothing, and
    /// the outermost commit() commits the whole.
    virtual void begin_write() = 0;
    /// Commits the transaction begun by begin_write.
    virtual void commit() = 0;

    /// Inserts a new ticket (its number is assigned) and returns the number.
    virtual long long insert_ticket(const model::Ticket& ticket) = 0;
    /// Writes the current state of an existing ticket.
    virtual void save_ticket(const model::Ticket& ticket) = 0;
    /// Appends an event with its link in the audit chain (chain.hpp); sets its id. Call inside
    /// the write transaction.
    virtual void append_event(model::Event& event) = 0;
    /// Records a link in both directions.
    virtual void add_link(long long from, long long to, const std::string& relation_of_to,
                          const std::string& relation_of_from) = 0;
    /// Removes the link between two records, both directions; false when there was none.
    virtual bool remove_link(long long a, long long b) = 0;

    virtual std::optional<model::Ticket> find_ticket(long long number) = 0;
    virtual std::vector<model::Event> events_of(long long number) = 0;
    virtual std::vector<Link> links_of(long long number) = 0;
    virtual std::vector<model::Ticket> list(const Filter& filter) = 0;
    /// The links of every ticket matching the filter whose other ticket is in the store,
    /// ordered by ticket and other: what a list shows beside its tickets, read in one query
    /// rather than one a ticket (a round trip each on a server).
    virtual std::vector<MatchedLink> links_of_matching(const Filter& filter) = 0;

    /// Events of every ticket matching the filter, grouped by ticket (ticket number order), as
    /// the SLA clocks read them: a note's text is left out (its detail is empty), since a note
    /// counts only by being there; events_of gives the whole history. `part` says how much of
    /// each ticket is read.
    virtual void for_each_with_events(
        const Filter& filter, Part part,
        const std::function<void(const model::Ticket&, const std::vector<model::Event>&)>& fn) = 0;

    // The store's areas beside tickets and events. They read and write in this store's
    // transaction.

    /// Outages and maintenance windows (outages.hpp).
    virtual Outages& outages() = 0;
    /// The notification outbox (outbox.hpp).
    virtual Outbox& outbox() = 0;
    /// The full-text index (search.hpp).
    virtual TextIndex& text_index() = 0;
    /// Incoming mail and its attachments (mail.hpp).
    virtual Mailbox& mailbox() = 0;
    /// The figures of period reports (reports.hpp).
    virtual Reports& reports() = 0;
    /// What `itsm check` reads beside the histories (integrity.hpp).
    virtual Integrity& integrity() = 0;

    // The bulk paths (bulk.hpp), completion's hints (hints.hpp) and backups.

    /// Begins an import: takes the write lock (waiting up to the busy timeout).
    virtual std::unique_ptr<ImportWriter> begin_import() = 0;
    /// Reads the tickets of `period`; with `history`, their links and events too (else
    /// next_link and next_event give nothing).
    virtual std::unique_ptr<TicketReader> read_tickets(const ExportPeriod& period,
                                                       bool history) = 0;
    /// Up to `limit` tickets: the open ones first, then the resolved and closed ones, newest
    /// first within each part.
    virtual std::vector<TicketHint> ticket_hints(std::size_t limit) = 0;
    /// The distinct non-empty values of `field` among the latest 20,000 tickets, most used
    /// first, at most `limit`.
    virtual std::vector<std::string> field_hints(Field field, std::size_t limit) = 0;
    /// Copies the store to `to` from one snapshot while other processes keep writing. The
    /// copy is written beside `to` and renamed over it only when complete; an existing `to` is
    /// an error (UsageError) unless `force`. Returns the number of pages copied.
    virtual long long backup(const std::filesystem::path& to, bool force) = 0;

    /// The schema version of the store as opened.
    virtual int schema_version() const = 0;
    /// How long this connection waits for another process's lock (ITSM_BUSY_TIMEOUT).
    virtual int busy_timeout_ms() const = 0;
    /// Where the store is, as messages name it (a file's path).
    virtual std::string location() const = 0;

protected:
    Store() = default;
};

/// Opens the store at `path`: a PostgreSQL connection URI (postgresql://, postgres://) opens
/// that server's database (postgres/store.hpp), which `init` must have set up; anything else is
/// an SQLite file (sqlite/store.hpp). In write mode a missing file store (and its folder) is
/// created with owner-only permissions; in read mode a missing one opens as an empty in-memory
/// store. Throws StoreError (exit 6) when unusable or of a newer schema.
std::unique_ptr<Store> open(const std::filesystem::path& path, Mode mode,
                            int busy_timeout_ms = k_default_busy_timeout_ms);

/// Sets up the store at `location` where it is not yet (`itsm store init`): a server's database
/// gets the schema, made or upgraded in one transaction; a file store is left to its first open
/// in write mode, which creates it. Throws StoreError on a newer schema or a foreign database.
/// With `roles`, a server's database also gets the roles of a shared store and their rights
/// (docs/security.md, "The shared store"); a file store has none (UsageError).
void init(const std::string& location, int busy_timeout_ms = k_default_busy_timeout_ms,
          bool roles = false);

/// Whether `location` names a database server (a connection URI) rather than a file.
bool is_server(std::string_view location);

/// The error of a store still locked by another process after `busy_timeout_ms`: the one
/// message and hint every command gives (exit 6).
StoreError busy_error(const std::filesystem::path& path, int busy_timeout_ms);

/// Parses a ticket id ("INC-42", "inc-42", "42") into its number; nullopt when malformed.
std::optional<long long> parse_number(std::string_view id);

} // namespace itsm::store
