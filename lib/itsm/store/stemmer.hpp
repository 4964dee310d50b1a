#pragma once
// The full-text index's tokenizer (docs/knowledge.md): SQLite's unicode61 words, each followed
// at the same position by its Snowball stem in every language the index was made for, so that
// `printers` finds `printer` and `принтеры` finds `принтера` while the exact word stays
// searchable on its own.

#include <sqlite3.h>

#include <string>
#include <string_view>
#include <vector>

namespace SQLite {
class Database;
}

namespace itsm::store {

/// The tokenizer's name, as the full-text table's CREATE statement gives it.
inline constexpr std::string_view k_stem_tokenizer = "itsm_stem";

/// Registers the tokenizer on `db`: every connection that may read or write the full-text
/// table needs it, or SQLite says "no such tokenizer". Throws StoreError when it cannot.
void register_stem_tokenizer(sqlite3* db);

/// Whether queries on `db` match the words as written (exact) or by their stems, until changed.
void set_exact_queries(sqlite3* db, bool exact);

/// The CREATE statement of the full-text table stemming in `languages` (all known ones).
std::string text_table_sql(const std::vector<std::string>& languages);

/// The languages the store's full-text table stems in, as its CREATE statement records them.
std::vector<std::string> index_languages(SQLite::Database& db);

} // namespace itsm::store
