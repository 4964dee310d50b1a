#pragma once
// One connection to a PostgreSQL server and the results of its statements, over libpq
// (libpq.hpp). Every failure is a StoreError (exit 6) naming the store by its URI without the
// password (docs/team-store.md).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct pg_conn;
struct pg_result;

namespace itsm::store::postgres {

/// Whether `location` is a PostgreSQL connection URI (postgresql:// or postgres://).
bool is_uri(std::string_view location);

/// The URI as messages show it: the password of its user part and a password= parameter
/// removed.
std::string without_password(std::string_view uri);

/// A statement's parameter, in PostgreSQL's text form; nullopt is NULL.
using Param = std::optional<std::string>;

/// The rows of a statement, freed with it.
class Result {
public:
    explicit Result(pg_result* result) : m_result(result) {}
    ~Result();
    Result(Result&& other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    Result& operator=(Result&&) = delete;

    int rows() const;
    bool null(int row, int column) const;
    std::string_view text(int row, int column) const;
    std::int64_t integer(int row, int column) const;
    /// How many rows an INSERT, UPDATE or DELETE touched.
    long long changed() const;

private:
    pg_result* m_result = nullptr;
};

/// A connection, opened by the constructor and closed by the destructor.
class Connection {
public:
    /// Connects as libpq does (the URI, then PGHOST, PGUSER, ~/.pgpass, service files);
    /// `lock_timeout_ms` bounds each wait for a lock.
    Connection(const std::string& uri, int lock_timeout_ms);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    /// Runs one statement with its parameters ($1, $2, ...); throws StoreError.
    Result run(const std::string& sql, const std::vector<Param>& params = {});
    /// As run(), with `bytes` sent in binary after the text parameters ($N+1, ...: a bytea's
    /// bytes as they are, unescaped); with `binary_rows`, the rows come back in binary too, so a
    /// bytea column's text() is its bytes (only for statements whose columns are text or bytea).
    Result run(const std::string& sql, const std::vector<Param>& params,
               const std::vector<std::string_view>& bytes, bool binary_rows = false);
    /// Sends a statement as run() does without waiting for it: the server works on it while
    /// this thread goes on. receive() waits for its rows; nothing else may be sent before.
    void send(const std::string& sql, const std::vector<std::string_view>& bytes, bool binary_rows);
    /// The rows of the statement send() sent; throws StoreError, as run() does.
    Result receive();
    /// Runs `sql`, a COPY ... FROM STDIN, sending it `data` in the COPY format the statement
    /// names; returns how many rows it wrote. Throws StoreError, as run() does.
    long long copy_in(const std::string& sql, std::string_view data);
    /// Runs a statement whose failure does not matter (a rollback on the way out).
    void run_quietly(const char* sql) noexcept;

    /// Whether a transaction is open on the connection (a write, or a read of one snapshot).
    bool in_transaction() const;

    /// A second connection to the same store, opened as this one was.
    std::unique_ptr<Connection> another() const;

    /// The URI without its password.
    const std::string& shown() const { return m_shown; }
    int lock_timeout_ms() const { return m_lock_timeout_ms; }

private:
    // `raw` as a Result, or the server's error thrown (and `raw` freed).
    Result checked(pg_result* raw);

    pg_conn* m_conn = nullptr;
    std::string m_uri;
    std::string m_shown;
    int m_lock_timeout_ms = 0;
};

} // namespace itsm::store::postgres
