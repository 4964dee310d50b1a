#pragma once
// Reading a store SQLite cannot open in place: one in WAL mode whose shared-memory index (-shm)
// does not exist and cannot be created beside it, as on read-only media or a read-only mount
// holding a backup (docs/security.md).

#include <SQLiteCpp/SQLiteCpp.h>

#include <filesystem>
#include <memory>

namespace itsm::store {

/// True when `db`, opened for reading, cannot be read because SQLite cannot open its -shm
/// file; other errors are thrown as they are.
bool shm_unavailable(SQLite::Database& db);

/// `path` opened as immutable (no locks, no -shm): only on a read-only file system and when it
/// has no write-ahead log to apply, else a StoreError that says why it cannot be read and what
/// to do.
std::unique_ptr<SQLite::Database> open_immutable(const std::filesystem::path& path);

} // namespace itsm::store
