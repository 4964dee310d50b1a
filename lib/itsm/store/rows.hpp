#pragma once
// A thin prepared statement over SQLite's C API for the store's reads of tickets, events and
// links (sqlite/store.cpp: one reader of each row for every query of them), the export
// (sqlite/bulk_export.cpp) and the audit chain's walks over every event (chain.cpp). The rest
// of the store reads through SQLiteCpp, which builds a Column object for every value read (a
// shared pointer copied, the row and the index checked): on the export's million values that
// made it 13 to 18 per cent more CPU time (docs/performance.md, the bulk paths on SQLiteCpp).
// Errors surface as SQLite::Exception, as from SQLiteCpp.

#include <itsm/core/text.hpp>

#include <SQLiteCpp/Exception.h>
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace itsm::store {

class Rows {
public:
    Rows(sqlite3* db, const std::string& sql) : m_db(db) {
        if (const int rc = sqlite3_prepare_v2(m_db, sql.c_str(), -1, &m_stmt, nullptr);
            rc != SQLITE_OK) {
            throw SQLite::Exception(m_db, rc);
        }
    }
    ~Rows() { sqlite3_finalize(m_stmt); }
    Rows(const Rows&) = delete;
    Rows& operator=(const Rows&) = delete;

    void bind(int i, std::int64_t value) { sqlite3_bind_int64(m_stmt, i, value); }
    /// Binds a copy of the text.
    void bind(int i, std::string_view text) {
        sqlite3_bind_text(m_stmt, i, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    /// Binds a copy of the bytes.
    void bind_blob(int i, std::span<const unsigned char> bytes) {
        sqlite3_bind_blob(m_stmt, i, bytes.data(), static_cast<int>(bytes.size()),
                          SQLITE_TRANSIENT);
    }
    /// Readies the statement to run again.
    void reset() { sqlite3_reset(m_stmt); }

    /// Steps once: true when a row is available, false when done.
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            throw SQLite::Exception(m_db, rc);
        }
        return false;
    }

    bool is_null(int col) const { return sqlite3_value_type(value(col)) == SQLITE_NULL; }
    std::int64_t integer(int col) const { return sqlite3_value_int64(value(col)); }
    /// The column's number, or nothing for NULL.
    std::optional<std::int64_t> optional_integer(int col) const {
        sqlite3_value* v = value(col);
        if (sqlite3_value_type(v) == SQLITE_NULL) {
            return std::nullopt;
        }
        return sqlite3_value_int64(v);
    }
    /// The column's text, valid until the next step.
    std::string_view text(int col) const {
        sqlite3_value* v = value(col);
        const auto* p = sqlite3_value_text(v);
        const int n = sqlite3_value_bytes(v);
        if (!p) {
            return text_of_null(v);
        }
        return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)};
    }
    /// The column's text copied into `out`, whose memory is reused where it is large enough.
    void text_into(int col, std::string& out) const { core::overwrite(out, text(col)); }

    /// The column's bytes when it is a blob, else nothing; valid until the next step.
    std::span<const unsigned char> blob(int col) const {
        sqlite3_value* v = value(col);
        if (sqlite3_value_type(v) != SQLITE_BLOB) {
            return {};
        }
        const auto* p = static_cast<const unsigned char*>(sqlite3_value_blob(v));
        return {p, static_cast<std::size_t>(sqlite3_value_bytes(v))};
    }

private:
    // A value of the row. sqlite3_column_text and sqlite3_column_bytes each look the column up,
    // take the connection's mutex and check for a failed allocation; read through the value, a
    // column is looked up once (docs/performance.md, "A column read once"). The value is
    // SQLite's "unprotected" kind, which is safe where one thread uses the connection, as every
    // connection of the store is used.
    sqlite3_value* value(int col) const { return sqlite3_column_value(m_stmt, col); }

    // NULL has no text; any other value without one is an allocation that failed.
    static std::string_view text_of_null(sqlite3_value* v) {
        if (sqlite3_value_type(v) != SQLITE_NULL) {
            throw SQLite::Exception("out of memory reading a column", SQLITE_NOMEM);
        }
        return {};
    }

    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace itsm::store
