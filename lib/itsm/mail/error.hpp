#pragma once
// Why a message was not taken: for good (the MTA returns it; itsm keeps it in quarantine), or
// for now (the MTA keeps it and delivers it again).

#include <itsm/core/error.hpp>

#include <string>

namespace itsm::mail {

/// A message not taken: `permanent` maps to EX_DATAERR (65), `temporary` to EX_TEMPFAIL (75).
class MailError : public Error {
public:
    enum class Kind { permanent, temporary };
    MailError(Kind kind, const std::string& message)
        : Error(kind == Kind::permanent ? ExitCode::dataerr : ExitCode::tempfail, message),
          m_kind(kind) {}
    Kind kind() const noexcept { return m_kind; }

private:
    Kind m_kind;
};

} // namespace itsm::mail
