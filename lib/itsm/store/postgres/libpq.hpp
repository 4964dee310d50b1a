#pragma once
// libpq, PostgreSQL's client library, loaded when the first PostgreSQL store is opened (dlopen of
// libpq.so.5) rather than linked: a command on a file store does not pay for mapping it and the
// libraries it needs (docs/team-store.md).

#include <libpq-fe.h>

namespace itsm::store::postgres {

// The libpq functions the store calls, by name.
#define ITSM_LIBPQ_FUNCTIONS(X)                                                                    \
    X(PQconnectStart)                                                                              \
    X(PQconnectPoll)                                                                               \
    X(PQsocket)                                                                                    \
    X(PQstatus)                                                                                    \
    X(PQerrorMessage)                                                                              \
    X(PQfinish)                                                                                    \
    X(PQsetNoticeProcessor)                                                                        \
    X(PQexec)                                                                                      \
    X(PQexecParams)                                                                                \
    X(PQsendQueryParams)                                                                           \
    X(PQresultStatus)                                                                              \
    X(PQresultErrorField)                                                                          \
    X(PQresultErrorMessage)                                                                        \
    X(PQclear)                                                                                     \
    X(PQntuples)                                                                                   \
    X(PQgetvalue)                                                                                  \
    X(PQgetisnull)                                                                                 \
    X(PQgetlength)                                                                                 \
    X(PQcmdTuples)                                                                                 \
    X(PQtransactionStatus)                                                                         \
    X(PQputCopyData)                                                                               \
    X(PQputCopyEnd)                                                                                \
    X(PQgetResult)                                                                                 \
    X(PQuser)

struct Api {
#define ITSM_LIBPQ_MEMBER(name) decltype(&::name) name = nullptr;
    ITSM_LIBPQ_FUNCTIONS(ITSM_LIBPQ_MEMBER)
#undef ITSM_LIBPQ_MEMBER
};

/// libpq's functions, loaded on first use; throws StoreError (exit 6) when the library is not
/// installed.
const Api& libpq();

} // namespace itsm::store::postgres
