#pragma once
// The bulk paths of export and import (docs/export-import.md) as a store offers them: an import
// writer that takes parsed tickets with their events and links and writes them in one
// transaction, and an export reader that streams tickets with their links and events in the
// order export writes them. `transfer` parses and formats through these and speaks no SQL; a
// second store implements the two classes and gives them from Store::begin_import and
// Store::read_tickets. SQLite's: sqlite/bulk_import.cpp (with import_text_index.*, the scratch
// full-text index of an import) and sqlite/bulk_export.cpp.

#include <itsm/core/error.hpp>
#include <itsm/model/event.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/time/instant.hpp>

#include <array>
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::store {

class Store;

/// How a ticket column's value is carried: text, or a whole number (instants as seconds since
/// the epoch); the optional ones may be null.
enum class ColumnKind { integer, text, instant, optional_instant, optional_integer };

struct BulkColumn {
    const char* name; // in the store
    ColumnKind kind;
};

/// Every column of a ticket's row, in the order the bulk paths carry them: export's order.
inline constexpr std::array<BulkColumn, 25> k_bulk_columns{{
    {"number", ColumnKind::integer},
    {"type", ColumnKind::text},
    {"title", ColumnKind::text},
    {"description", ColumnKind::text},
    {"status", ColumnKind::text},
    {"priority", ColumnKind::text},
    {"service", ColumnKind::text},
    {"grp", ColumnKind::text},
    {"assignee", ColumnKind::text},
    {"requester", ColumnKind::text},
    {"email", ColumnKind::text},
    {"org", ColumnKind::text},
    {"channel", ColumnKind::text},
    {"opened_at", ColumnKind::instant},
    {"responded_at", ColumnKind::optional_instant},
    {"resolved_at", ColumnKind::optional_instant},
    {"closed_at", ColumnKind::optional_instant},
    {"updated_at", ColumnKind::instant},
    {"tier", ColumnKind::integer},
    {"escalation_level", ColumnKind::integer},
    {"resolution", ColumnKind::text},
    {"resolution_code", ColumnKind::text},
    {"satisfaction", ColumnKind::optional_integer},
    {"comment", ColumnKind::text},
    {"hold_reason", ColumnKind::text},
}};

/// The index of the column `name` in k_bulk_columns, at compile time.
consteval std::size_t bulk_column(std::string_view name) {
    for (std::size_t i = 0; i < k_bulk_columns.size(); ++i) {
        if (name == k_bulk_columns[i].name) {
            return i;
        }
    }
    throw "no such column";
}

/// One column's value as the import writes it.
struct BulkValue {
    std::string text;
    long long integer = 0;
    bool null = true;
};

/// One event as the import writes it, its hash in the audit chain already computed.
struct BulkEvent {
    long long at = 0;
    std::string actor;
    std::string role; // the login role a server recorded (docs/security.md); empty for none
    std::string kind;
    std::string detail; // a JSON object, stored as written
    Hash hash{};
};

/// Whether the full-text index takes the event's text as one of its ticket's notes.
inline bool is_note(const BulkEvent& e) {
    return e.kind == model::to_string(model::EventKind::noted);
}

/// The fields of a ticket the full-text index takes besides its notes (is_note), in this order.
inline constexpr std::array<std::size_t, 3> k_indexed_fields{
    bulk_column("title"), bulk_column("description"), bulk_column("resolution")};

struct BulkLink {
    long long other = 0;
    std::string relation;
};

/// A ticket as the import hands it to the store. Only the first n_events events and n_links
/// links are the ticket's: the vectors keep their buffers from one ticket to the next.
struct BulkTicket {
    std::array<BulkValue, k_bulk_columns.size()> fields;
    std::vector<BulkEvent> events;
    std::size_t n_events = 0;
    std::vector<BulkLink> links;
    std::size_t n_links = 0;
};

/// Refuses a ticket whose number the store already has, or an earlier ticket of the import.
class DuplicateNumber : public UsageError {
public:
    DuplicateNumber(long long number, std::size_t index);
    /// Where the ticket is in the span given to ImportWriter::write.
    std::size_t index() const { return m_index; }

private:
    std::size_t m_index;
};

/// Takes tickets' texts as they are read, for a full-text index built beside the writing. Used
/// by one thread, which need not be the writer's.
class TextFeed {
public:
    virtual ~TextFeed() = default;
    /// One ticket's title, description, resolution and notes.
    virtual void add(const BulkTicket& ticket) = 0;
    /// After the last add().
    virtual void end_of_input() = 0;
};

/// An import in progress: one write transaction, all or nothing. Destroyed before commit(), it
/// rolls everything back. Throws StoreError (exit 6) on a store failure.
class ImportWriter {
public:
    virtual ~ImportWriter() = default;
    /// The store had no ticket when the import began.
    virtual bool empty() const = 0;
    /// The hash of the store's last event, which the first imported event continues.
    virtual Hash head() = 0;
    /// Where to send each ticket's texts before it is written; nullptr when the store indexes
    /// them itself (in commit()).
    virtual TextFeed* text_feed() = 0;
    /// Writes the tickets in order with their events and links; each stays unchanged until
    /// the call returns. Throws DuplicateNumber for a number taken; nothing of the call is
    /// written then.
    virtual void write(std::span<const BulkTicket* const> tickets) = 0;
    /// After the last write: completes the indexes, keeps ticket numbers from being given again
    /// below any imported number or any number a link names, and commits.
    virtual void commit() = 0;
};

/// The tickets an export takes: every one, or those opened or closed in [from, until).
struct ExportPeriod {
    std::optional<time::Instant> from;  // inclusive; none = from the beginning
    std::optional<time::Instant> until; // exclusive; none = to the end
};

/// A column's value as read, valid until the reader moves on.
struct ValueView {
    std::string_view text;
    long long integer = 0;
    bool null = true;
};

struct EventView {
    long long at = 0;
    std::string_view actor;
    std::string_view role; // the login role a server recorded; empty for none (a file store)
    std::string_view kind;
    std::string_view detail; // a JSON object; empty when stored empty
};

struct LinkView {
    long long other = 0;
    std::string_view relation;
    std::string_view other_type; // empty when the store has no ticket `other`
};

/// Tickets in number order from one snapshot of the store, each with its links (by the other
/// ticket's number) and then its events (in the order they were written). Throws StoreError.
class TicketReader {
public:
    virtual ~TicketReader() = default;
    /// Moves to the next ticket; false after the last.
    virtual bool next() = 0;
    /// The current ticket's columns, in k_bulk_columns order.
    virtual const std::array<ValueView, k_bulk_columns.size()>& ticket() const = 0;
    /// The current ticket's next link; false after its last. Call before its events.
    virtual bool next_link(LinkView& link) = 0;
    /// The current ticket's next event; false after its last.
    virtual bool next_event(EventView& event) = 0;
};

} // namespace itsm::store
