#pragma once
// Seals on the server (store/seals.hpp): the rows no event records (maintenance windows, the
// outbox, the threshold notices) carry the same seals as in the file store, computed by the
// writer, since the server has no itsm_seal(); rows written by other clients (psql) carry none
// or a wrong one, which `itsm check` reports.

#include <itsm/store/chain.hpp>
#include <itsm/store/seals.hpp>

#include <initializer_list>
#include <string_view>

namespace itsm::store::postgres {

class Connection;

/// The hash whose hex digits are `hex` (k_genesis when it is not one).
Hash hash_of_hex(std::string_view hex);

/// The hash of the last event in the audit chain (k_genesis when there is none), which the next
/// event continues. Inside the write transaction.
Hash chain_head(Connection& db);

/// The id the next row of `table` gets: one past the largest, as the file store's AUTOINCREMENT
/// gives it (rows are never deleted), and known before the row is written, for its seal covers
/// it. Inside the write transaction, whose lock keeps one writer at a time.
long long next_id(Connection& db, std::string_view table);

/// The seal of a new row of `table` (one of store::k_sealed_tables) with the values of its
/// sealed columns, continuing from the table's last row. Inside the write transaction, whose
/// lock keeps one writer at a time.
Hash seal_row(Connection& db, std::string_view table, std::initializer_list<SealValue> values);

/// Recomputes every sealed table's chain from the server's rows (seals.hpp's verify_seals).
SealReport verify_seals(Connection& db);

} // namespace itsm::store::postgres
