#include <itsm/core/error.hpp>
#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/postgres/libpq.hpp>

#include <fmt/format.h>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// What the server said about a failed statement, as one StoreError (a DeniedError when the role
// may not), kept whole to be thrown once the result is freed.
std::exception_ptr statement_error(const Connection& c, pg_result* result, pg_conn* conn) {
    const Api& pq = libpq();
    const char* state =
        result != nullptr ? pq.PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string code = state != nullptr ? state : "";
    if (pq.PQstatus(conn) != CONNECTION_OK) {
        return std::make_exception_ptr(
            StoreError(fmt::format("lost the connection to the store {} ({}); nothing of this "
                                   "command was written; run it again when the server is back",
                                   c.shown(), one_line(pq.PQerrorMessage(conn)))));
    }
    if (code == "55P03" || code == "57014") { // lock_not_available, query_canceled
        return std::make_exception_ptr(StoreError(fmt::format(
            "the store {} is still locked by another writer after {} ms; try again when it has "
            "finished, or wait longer with ITSM_BUSY_TIMEOUT (milliseconds)",
            c.shown(), c.lock_timeout_ms())));
    }
    const char* primary =
        result != nullptr ? pq.PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    if (code == "42501") { // insufficient_privilege: a grant, a policy or the history's trigger
        return std::make_exception_ptr(DeniedError(fmt::format(
            "the store {} refused this to the role {}: {}; a role that may do it is needed "
            "(docs/security.md, \"The shared store\")",
            c.shown(), pq.PQuser(conn), one_line(primary != nullptr ? primary : ""))));
    }
    // The server's hint says what to do where it knows ("Check free disk space."): kept.
    std::string said = one_line(primary != nullptr ? primary : pq.PQerrorMessage(conn));
    const char* hint =
        result != nullptr ? pq.PQresultErrorField(result, PG_DIAG_MESSAGE_HINT) : nullptr;
    if (hint != nullptr && *hint != '\0') {
        said += fmt::format(" (the server's hint: {})", one_line(hint));
    }
    if (code.starts_with("53")) { // insufficient resources
        const char* what = code == "53100"   ? "the server's disk is full"
                           : code == "53200" ? "the server is out of memory"
                           : code == "53300" ? "the server has no connection to spare"
                           : code == "53400" ? "a limit of the server's configuration was reached"
                                             : "the server is short of resources";
        return std::make_exception_ptr(
            StoreError(fmt::format("store {}: {}; {}: nothing of this command was written; run "
                                   "it again once the server's administrator has made room",
                                   c.shown(), said, what)));
    }
    return std::make_exception_ptr(StoreError(fmt::format("store {}: {}", c.shown(), said)));
}

void ignore_notice(void*, const char*) {}

// Drives a connection begun by PQconnectStart to its end, as PQconnectdb does: waits for the
// socket each step asks for (it may change from one host of the URI to the next).
void finish_connecting(const Api& pq, PGconn* conn) {
    PostgresPollingStatusType state = PGRES_POLLING_WRITING;
    while (pq.PQstatus(conn) != CONNECTION_BAD && state != PGRES_POLLING_OK &&
           state != PGRES_POLLING_FAILED) {
        pollfd waiting{pq.PQsocket(conn),
                       static_cast<short>(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
        if (::poll(&waiting, 1, -1) < 0 && errno != EINTR) {
            return; // PQstatus is not CONNECTION_OK: the caller reports PQerrorMessage
        }
        state = pq.PQconnectPoll(conn);
    }
}

// `text` with its %XX escapes decoded (a malformed one is kept as it is).
std::string percent_decoded(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        unsigned value = 0;
        if (text[i] == '%' && i + 2 < text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr ==
                text.data() + i + 3) {
            out += static_cast<char>(value);
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Where the password of the URI's user is: [first, second) covers ":PASSWORD" of
// user:PASSWORD@host.
std::optional<std::pair<std::size_t, std::size_t>> user_password_span(std::string_view uri) {
    const auto scheme = uri.find("://");
    if (scheme == std::string_view::npos) {
        return std::nullopt;
    }
    const auto start = scheme + 3;
    const auto end = std::min(uri.find_first_of("/?", start), uri.size());
    const auto at = uri.rfind('@', end);
    if (at == std::string_view::npos || at < start) {
        return std::nullopt;
    }
    const auto colon = uri.find(':', start);
    if (colon >= at) {
        return std::nullopt;
    }
    return std::pair(colon, at);
}

// The parts of the URI's query (after its '?'), split at '&'.
std::vector<std::string_view> query_parts(std::string_view uri) {
    std::vector<std::string_view> parts;
    const auto query = uri.find('?');
    if (query == std::string_view::npos) {
        return parts;
    }
    std::string_view rest = uri.substr(query + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        parts.push_back(rest.substr(0, amp));
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    }
    return parts;
}

// The passwords a URI holds (user:PASSWORD@, password=PASSWORD), as written and decoded.
std::vector<std::string> passwords_in(std::string_view uri) {
    std::vector<std::string> found;
    auto add = [&](std::string_view password) {
        for (auto form : {std::string(password), percent_decoded(password)}) {
            if (!form.empty()) {
                found.push_back(std::move(form));
            }
        }
    };
    if (const auto span = user_password_span(uri)) {
        add(uri.substr(span->first + 1, span->second - span->first - 1));
    }
    for (const auto part : query_parts(uri)) {
        if (part.starts_with("password=")) {
            add(part.substr(9));
        }
    }
    return found;
}

// libpq's message with every password of `uri` taken out: some messages quote the URI, or the
// part of it they could not read (a malformed %-escape), password and all.
std::string without_passwords(std::string message, std::string_view uri) {
    for (const auto& password : passwords_in(uri)) {
        for (auto at = message.find(password); at != std::string::npos;
             at = message.find(password, at + 3)) {
            message.replace(at, password.size(), "***");
        }
    }
    return message;
}

// What to look at when a connection failed: the certificates for TLS, else the address.
const char* connect_hint(const std::string& why) {
    return why.find("SSL") != std::string::npos || why.find("certificate") != std::string::npos
               ? "check the server's certificate and the CA given by sslrootcert or "
                 "PGSSLROOTCERT (docs/team-store.md, \"TLS\")"
               : "check that the server runs and the URI's host, port, user and database (or "
                 "PGHOST, PGPORT, PGUSER, PGDATABASE, ~/.pgpass)";
}

} // namespace

bool is_uri(std::string_view location) {
    return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string without_password(std::string_view uri) {
    std::string out(uri);
    if (const auto span = user_password_span(out)) {
        out.erase(span->first, span->second - span->first);
    }
    const auto query = out.find('?');
    if (query == std::string::npos) {
        return out;
    }
    std::string kept;
    for (const auto part : query_parts(out)) {
        if (!part.starts_with("password=")) {
            kept += (kept.empty() ? "" : "&") + std::string(part);
        }
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
    : m_uri(uri), m_shown(without_password(uri)), m_lock_timeout_ms(lock_timeout_ms) {
    const Api& pq = libpq();
    m_conn = pq.PQconnectStart(uri.c_str());
    if (m_conn != nullptr) {
        // The server's notices are not the user's: from the first byte, since a server shutting
        // down sends one ("terminating connection due to immediate shutdown") to a connection
        // still being made, which PQconnectdb would print on stderr.
        pq.PQsetNoticeProcessor(m_conn, ignore_notice, nullptr);
        finish_connecting(pq, m_conn);
    }
    if (m_conn == nullptr || pq.PQstatus(m_conn) != CONNECTION_OK) {
        const std::string why = without_passwords(
            one_line(m_conn != nullptr ? pq.PQerrorMessage(m_conn) : "out of memory"), uri);
        if (m_conn != nullptr) {
            pq.PQfinish(m_conn);
        }
        throw StoreError(
            fmt::format("cannot connect to the store {}: {}; {}", m_shown, why, connect_hint(why)));
    }
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
    return run(sql, params, {});
}

std::unique_ptr<Connection> Connection::another() const {
    return std::make_unique<Connection>(m_uri, m_lock_timeout_ms);
}

namespace {

// A statement's parameters as libpq takes them: the text ones, then the binary ones.
struct Values {
    Values(const std::vector<Param>& params, const std::vector<std::string_view>& bytes) {
        values.reserve(params.size() + bytes.size());
        for (const auto& p : params) {
            values.push_back(p ? p->c_str() : nullptr);
            lengths.push_back(0);
            formats.push_back(0);
        }
        for (const auto b : bytes) {
            values.push_back(b.data());
            lengths.push_back(static_cast<int>(b.size()));
            formats.push_back(1);
        }
    }
    int size() const { return static_cast<int>(values.size()); }
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
};

} // namespace

Result Connection::run(const std::string& sql, const std::vector<Param>& params,
                       const std::vector<std::string_view>& bytes, bool binary_rows) {
    const Api& pq = libpq();
    const Values v(params, bytes);
    // Without parameters, the text may hold several statements (a migration).
    PGresult* raw = v.size() == 0 && !binary_rows
                        ? pq.PQexec(m_conn, sql.c_str())
                        : pq.PQexecParams(m_conn, sql.c_str(), v.size(), nullptr, v.values.data(),
                                          v.lengths.data(), v.formats.data(), binary_rows ? 1 : 0);
    return checked(raw);
}

void Connection::send(const std::string& sql, const std::vector<std::string_view>& bytes,
                      bool binary_rows) {
    const Api& pq = libpq();
    const Values v({}, bytes);
    if (pq.PQsendQueryParams(m_conn, sql.c_str(), v.size(), nullptr, v.values.data(),
                             v.lengths.data(), v.formats.data(), binary_rows ? 1 : 0) != 1) {
        std::rethrow_exception(statement_error(*this, nullptr, m_conn));
    }
}

Result Connection::receive() {
    const Api& pq = libpq();
    PGresult* raw = pq.PQgetResult(m_conn);
    // Then the end of the statement's results, which leaves the connection ready again.
    while (PGresult* more = pq.PQgetResult(m_conn)) {
        pq.PQclear(more);
    }
    return checked(raw);
}

Result Connection::checked(pg_result* raw) {
    const Api& pq = libpq();
    const auto status = raw != nullptr ? pq.PQresultStatus(raw) : PGRES_FATAL_ERROR;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const std::exception_ptr error = statement_error(*this, raw, m_conn);
        if (raw != nullptr) {
            pq.PQclear(raw);
        }
        std::rethrow_exception(error);
    }
    return Result(raw);
}

long long Connection::copy_in(const std::string& sql, std::string_view data) {
    const Api& pq = libpq();
    PGresult* start = pq.PQexec(m_conn, sql.c_str());
    if (start == nullptr || pq.PQresultStatus(start) != PGRES_COPY_IN) {
        const std::exception_ptr error = statement_error(*this, start, m_conn);
        if (start != nullptr) {
            pq.PQclear(start);
        }
        std::rethrow_exception(error);
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
    std::exception_ptr failure;
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
        std::rethrow_exception(failure);
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
