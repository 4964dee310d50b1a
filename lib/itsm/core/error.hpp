#pragma once
// The error hierarchy: one subclass per documented exit code (docs/exit-codes.md).

#include <stdexcept>
#include <string>

namespace itsm {

/// Exit codes are a contract with scripts; never renumber them.
enum class ExitCode : int {
    ok = 0,
    finding = 1,   // sla-check found a breach, or the configuration has errors
    usage = 2,     // bad option, bad value, malformed time, text too long
    not_found = 3, // no such ticket
    refused = 4,   // transition not allowed from the ticket's status
    config = 5,    // configuration invalid (any command but sla-check)
    store = 6,     // store unusable: unreadable, locked, corrupt, newer schema
    denied = 77,   // a shared store's server refused this to the role (sysexits EX_NOPERM)
    dataerr = 65,  // mail-in: a message it will never accept (sysexits EX_DATAERR)
    tempfail = 75, // mail-in: deliver the message again later (sysexits EX_TEMPFAIL)
};

/// Base of every error itsm throws; carries the exit code it maps to.
class Error : public std::runtime_error {
public:
    Error(ExitCode code, const std::string& message) : std::runtime_error(message), m_code(code) {}
    ExitCode code() const noexcept { return m_code; }

private:
    ExitCode m_code;
};

/// A bad option, value, time or text: exit 2.
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(ExitCode::usage, message) {}
};

/// No ticket with that id: exit 3.
class NotFoundError : public Error {
public:
    explicit NotFoundError(const std::string& message) : Error(ExitCode::not_found, message) {}
};

/// The transition is not allowed from the ticket's current status: exit 4.
class RefusedError : public Error {
public:
    explicit RefusedError(const std::string& message) : Error(ExitCode::refused, message) {}
};

/// The configuration is invalid: exit 5.
class ConfigError : public Error {
public:
    explicit ConfigError(const std::string& message) : Error(ExitCode::config, message) {}
};

/// The store cannot be used: exit 6.
class StoreError : public Error {
public:
    explicit StoreError(const std::string& message) : Error(ExitCode::store, message) {}

protected:
    StoreError(ExitCode code, const std::string& message) : Error(code, message) {}
};

/// A shared store's server refused the change or the read to the role connected: exit 77. A
/// StoreError, so what treats the store as unavailable (mail-in: deliver again) treats it so.
class DeniedError : public StoreError {
public:
    explicit DeniedError(const std::string& message) : StoreError(ExitCode::denied, message) {}
};

} // namespace itsm
