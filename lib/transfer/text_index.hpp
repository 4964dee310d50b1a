#pragma once
// The full-text index of a bulk import, built beside the store while the rows are written.
//
// Into an empty store, the import's writing thread is the bottleneck; filling the index there
// afterwards (store::k_text_fill) added half again to a million-ticket import. Instead a third
// thread indexes each batch the reader hands out into the same FTS5 table in a scratch database,
// and at the end its shadow tables, FTS5's on-disk form, are copied into the store's empty
// ones inside the import's transaction. Both sides are made by the same SQLite library from
// the same CREATE statement, so the copy is the index the fill would have made
// (tests/cli/test_search.sh compares the two and runs FTS5's integrity check).

#include <itsm/transfer/import_row.hpp>

#include <sqlite3.h>

#include <filesystem>
#include <memory>
#include <string>

namespace itsm::transfer {

class SideTextIndex {
public:
    /// Opens a scratch database next to `store_path` holding an empty copy of the store's
    /// full-text table (`create_sql`, as sqlite_schema has it).
    SideTextIndex(const std::filesystem::path& store_path, const std::string& create_sql);
    ~SideTextIndex();
    SideTextIndex(const SideTextIndex&) = delete;
    SideTextIndex& operator=(const SideTextIndex&) = delete;

    /// Indexes one imported ticket: title, description, the text of its notes, resolution.
    /// Called from one thread at a time.
    void add(const Row& row);
    /// Commits the scratch database; called by the thread that added the rows.
    void finish();
    /// Copies the index into `store`, whose full-text table must be empty, inside the
    /// transaction the caller holds. The scratch database stays attached (SQLite cannot detach
    /// it inside a transaction) until this object is destroyed, after the commit; destroyed
    /// before, it rolls the transaction back first.
    void copy_into(sqlite3* store);

private:
    struct Statements;
    void release();
    std::filesystem::path m_path;
    sqlite3* m_db = nullptr;
    sqlite3* m_attached_to = nullptr;
    std::unique_ptr<Statements> m_statements;
    std::string m_notes;
};

} // namespace itsm::transfer
