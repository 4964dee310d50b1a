#pragma once
// A thin prepared statement over the SQLite C API for the bulk paths of export and import,
// where SQLiteCpp's copies of every bound and read value would dominate the cost.

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace itsm::transfer {

/// Thrown with SQLite's message; the caller maps it to an itsm error.
struct SqlError {
    int code = 0;
    std::string message;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql) : m_db(db) {
        if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr) !=
            SQLITE_OK) {
            throw SqlError{sqlite3_errcode(db), sqlite3_errmsg(db)};
        }
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int i, std::int64_t v) { sqlite3_bind_int64(m_stmt, i, v); }
    void bind_null(int i) { sqlite3_bind_null(m_stmt, i); }
    /// Binds bytes that stay alive and unchanged until the statement has run.
    void bind_blob(int i, const void* data, std::size_t size) {
        sqlite3_bind_blob(m_stmt, i, data, static_cast<int>(size), SQLITE_STATIC);
    }
    /// Binds text that stays alive and unchanged until the statement has run.
    void bind(int i, std::string_view v) {
        sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    }

    /// Steps once: true when a row is available, false when done; throws on error.
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc == SQLITE_DONE) {
            return false;
        }
        throw SqlError{sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db)};
    }
    /// Runs a statement that returns no rows, then readies it for new bindings.
    void run() {
        const int rc = sqlite3_step(m_stmt);
        sqlite3_reset(m_stmt);
        if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
            throw SqlError{sqlite3_extended_errcode(m_db), sqlite3_errmsg(m_db)};
        }
    }
    void reset() { sqlite3_reset(m_stmt); }

    bool is_null(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
    std::int64_t integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
    std::string_view text(int col) const {
        const auto* p = sqlite3_column_text(m_stmt, col);
        const int n = sqlite3_column_bytes(m_stmt, col);
        return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
                 : std::string_view();
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace itsm::transfer
