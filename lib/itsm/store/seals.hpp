#pragma once
// Seals: the rows that no event records but that are facts of the desk — maintenance windows,
// the outbox of notifications, the threshold notices sent, incoming mail and its attachments —
// carry a SHA-256 chain of their own, one per table, as the events carry the audit chain
// (chain.hpp, docs/security.md). A row's `seal` hashes the seal of the row before it and the
// columns written once; where a row changes later (a cancelled maintenance window, a sent
// message) its `state_seal` hashes its seal and the columns that change. Triggers write both,
// through the SQL function itsm_seal() that every itsm connection registers, so every writer's
// rows are sealed and the plain sqlite3 shell cannot add or change a sealed fact without
// leaving it unsealed. `itsm check` recomputes them.

#include <itsm/store/chain.hpp>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

struct sqlite3;
namespace SQLite {
class Database;
}

namespace itsm::store {

/// A table whose rows are sealed: the columns hashed into `seal` (written once) and into
/// `state_seal` (those that change, none when empty), comma-separated, in hashing order.
struct SealedTable {
    std::string_view table;
    std::string_view fixed;
    std::string_view changing;
};

inline constexpr std::array<SealedTable, 5> k_sealed_tables{{
    {"maintenance", "id, service, from_at, to_at, emergency, reason, recorded_at, actor, forced",
     "cancelled_at, cancelled_by"},
    // The delivery itself is the fact; a sender's claim and its attempts are bookkeeping that
    // a crashed sender leaves behind (docs/notifications.md).
    {"outbox", "id, ticket, event, kind, recipients, subject, message, created_at", "sent_at"},
    {"notified", "ticket, clock, state, at", ""},
    {"mail", "id, message_id, ticket, event, outcome, sender, acknowledged, received_at, raw", ""},
    {"attachments", "id, ticket, mail, filename, content_type, size, data", ""},
}};

/// Registers itsm_seal(previous, value...) on a connection: SHA-256 of `previous` (32 zero
/// bytes when NULL) and each value in a fixed binary layout (a type byte; integers as 8
/// big-endian bytes; text and blobs as a 4-byte big-endian length and their bytes).
void register_seal_function(sqlite3* db);

/// Bytes of a blob column (a message as received, an attachment), hashed as itsm_seal() hashes
/// a blob; they must outlive the seal's computation.
struct SealBytes {
    std::string_view bytes;
};

/// A value of a sealed column as a client computes the seal itself (the PostgreSQL store,
/// whose server has no itsm_seal()): NULL, an integer, text, or a blob's bytes.
using SealValue = std::variant<std::monostate, std::int64_t, std::string, SealBytes>;

/// The seal itsm_seal() computes over `previous` and `values`, in the same layout.
Hash seal_of(const Hash& previous, std::span<const SealValue> values);
inline Hash seal_of(const Hash& previous, std::initializer_list<SealValue> values) {
    return seal_of(previous, std::span<const SealValue>(values.begin(), values.size()));
}

/// The SQL that adds the seal columns and the triggers that keep them (one migration step).
std::string seal_schema_sql();

/// Seals, in row order, the rows already there; run right after seal_schema_sql() in the same
/// transaction (a store upgraded to seals trusts the rows it had).
void seal_existing_rows(SQLite::Database& db);

/// One sealed row that does not hold.
struct SealBreak {
    std::string table;
    long long row = 0;
    std::string message;
};

struct SealReport {
    long long rows = 0; // rows checked, every table
    std::vector<SealBreak> breaks;
};

/// Recomputes every sealed table's chain from its stored rows.
SealReport verify_seals(SQLite::Database& db);

} // namespace itsm::store
