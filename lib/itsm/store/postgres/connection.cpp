#include <itsm/core/error.hpp>
#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/postgres/libpq.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace itsm::store::postgres {

namespace {

// libpq's messages end in a newline and may run over several lines: one line for `itsm: error:`.
std::string one_line(const char* message) {
    std::string out;
    for (const char* c = message != nullptr ? message : ""; *c != '\0'; ++c) {
        if (*c == '\n') {
            out += "; ";
        } else {
            out += *c;
        }
    }
    while (out.ends_with("; ") || out.ends_with(' ')) {
        out.pop_back();
    }
    while (out.ends_with(';')) {
        out.pop_back();
    }
    return out;
}

// What the server said about a failed statement, as one StoreError.
StoreError statement_error(const Connection& c, pg_result* result, pg_conn* conn) {
    const Api& pq = libpq();
    const char* state =
        result != nullptr ? pq.PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state != nullptr ? state : "";
    if (pq.PQstatus(conn) != CONNECTION_OK) {
        return StoreError(fmt::format("lost the connection to the store {} ({}); nothing of this "
                                      "command was written; run it again when the server is back",
                                      c.shown(), one_line(pq.PQerrorMessage(conn))));
    }
    if (code == "55P03" || code == "57014") { // lock_not_available, query_canceled
        return StoreError(fmt::format(
            "the store {} is still locked by another writer after {} ms; try again when it has "
            "finished, or wait longer with ITSM_BUSY_TIMEOUT (milliseconds)",
            c.shown(), c.lock_timeout_ms()));
    }
    const char* primary =
        result != nullptr ? pq.PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    return StoreError(
        fmt::format("store {}: {}", c.shown(),
                    one_line(primary != nullptr ? primary : pq.PQerrorMessage(conn))));
}

void ignore_notice(void*, const char*) {}

} // namespace

bool is_uri(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string without_password(std::string_view uri) {
    std::string out(uri);
    const auto scheme = out.find("://");
    if (scheme == std::string::npos) {
        return out;
    }
    const auto start = scheme + 3;
    const auto end = std::min(out.find_first_of("/?", start), out.size());
    const auto at = out.rfind('@', end);
    if (at != std::string::npos && at >= start) {
        const auto colon = out.find(':', start);
        if (colon < at) {
            out.erase(colon, at - colon);
        }
    }
    const auto query = out.find('?');
    if (query == std::string::npos) {
        return out;
    }
    std::string kept;
    std::string_view rest = std::string_view(out).substr(query + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view part = rest.substr(0, amp);
        if (!part.starts_with("password=")) {
            kept += (kept.empty() ? "" : "&") + std::string(part);
        }
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    }
    return out.substr(0, query) + (kept.empty() ? "" : "?" + kept);
}

Result::~Result() {
    if (m_result != nullptr) {
        libpq().PQclear(m_result);
    }
}

int Result::rows() const {
    return libpq().PQntuples(m_result);
}

bool Result::null(int row, int column) const {
    return libpq().PQgetisnull(m_result, row, column) != 0;
}

std::string_view Result::text(int row, int column) const {
    const Api& pq = libpq();
    return {pq.PQgetvalue(m_result, row, column),
            static_cast<std::size_t>(pq.PQgetlength(m_result, row, column))};
}

std::int64_t Result::integer(int row, int column) const {
    const std::string_view digits = text(row, column);
    std::int64_t value = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), value);
    return value;
}

long long Result::changed() const {
    const char* count = libpq().PQcmdTuples(m_result);
    return count != nullptr && *count != '\0' ? std::stoll(count) : 0;
}

Connection::Connection(const std::string& uri, int lock_timeout_ms)
    : m_shown(without_password(uri)), m_lock_timeout_ms(lock_timeout_ms) {
    const Api& pq = libpq();
    m_conn = pq.PQconnectdb(uri.c_str());
    if (m_conn == nullptr || pq.PQstatus(m_conn) != CONNECTION_OK) {
        const std::string why =
            one_line(m_conn != nullptr ? pq.PQerrorMessage(m_conn) : "out of memory");
        if (m_conn != nullptr) {
            pq.PQfinish(m_conn);
        }
        throw StoreError(fmt::format(
            "cannot connect to the store {}: {}; check that the server runs and the URI's host, "
            "port, user and database (or PGHOST, PGPORT, PGUSER, PGDATABASE, ~/.pgpass)",
            m_shown, why));
    }
    // The server's notices ("relation ... already exists, skipping") are not the user's.
    pq.PQsetNoticeProcessor(m_conn, ignore_notice, nullptr);
    try {
        run(fmt::format("SET lock_timeout = {}", lock_timeout_ms));
    } catch (...) {
        pq.PQfinish(m_conn);
        throw;
    }
}

Connection::~Connection() {
    libpq().PQfinish(m_conn);
}

Result Connection::run(const std::string& sql, const std::vector<Param>& params) {
    const Api& pq = libpq();
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& p : params) {
        values.push_back(p ? p->c_str() : nullptr);
    }
    // Without parameters, the text may hold several statements (a migration).
    PGresult* raw = values.empty()
                        ? pq.PQexec(m_conn, sql.c_str())
                        : pq.PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()),
                                          nullptr, values.data(), nullptr, nullptr, 0);
    const auto status = raw != nullptr ? pq.PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const StoreError error = statement_error(*this, raw, m_conn);
        if (raw != nullptr) {
            pq.PQclear(raw);
        }
        throw error;
    }
    return Result(raw);
}

long long Connection::copy_in(const std::string& sql, std::string_view data) {
    const Api& pq = libpq();
    PGresult* start = pq.PQexec(m_conn, sql.c_str());
    if (start == nullptr || pq.PQresultStatus(start) != PGRES_COPY_IN) {
        const StoreError error = statement_error(*this, start, m_conn);
        if (start != nullptr) {
            pq.PQclear(start);
        }
        throw error;
    }
    pq.PQclear(start);
    // In pieces, as the length is an int; libpq buffers them and sends as the socket takes them.
    constexpr std::size_t piece = std::size_t{1} << 20;
    const char* abort = nullptr;
    for (std::size_t at = 0; at < data.size() && abort == nullptr; at += piece) {
        const auto n = static_cast<int>(std::min(piece, data.size() - at));
        if (pq.PQputCopyData(m_conn, data.data() + at, n) != 1) {
            abort = "itsm stopped sending";
        }
    }
    pq.PQputCopyEnd(m_conn, abort);
    // The COPY's own result, then none: every result is read, so the connection is ready for
    // the next statement whatever happened.
    long long rows = 0;
    std::optional<StoreError> failure;
    while (PGresult* raw = pq.PQgetResult(m_conn)) {
        if (pq.PQresultStatus(raw) == PGRES_COMMAND_OK) {
            rows = Result(raw).changed();
            continue;
        }
        if (!failure) {
            failure = statement_error(*this, raw, m_conn);
        }
        pq.PQclear(raw);
    }
    if (failure) {
        throw *failure;
    }
    return rows;
}

bool Connection::in_transaction() const {
    return libpq().PQtransactionStatus(m_conn) != PQTRANS_IDLE;
}

void Connection::run_quietly(const char* sql) noexcept {
    const Api& pq = libpq();
    if (PGresult* r = pq.PQexec(m_conn, sql)) {
        pq.PQclear(r);
    }
}

} // namespace itsm::store::postgres
