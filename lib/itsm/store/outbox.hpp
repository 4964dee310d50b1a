#pragma once
// The outbox (tables `outbox` and `notified`): messages queued in the transaction of the change
// that caused them, claimed and marked by the senders; each store implements it (sqlite/).

#include <itsm/time/instant.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace itsm::store {

/// A message in the outbox.
struct Queued {
    long long id = 0;
    long long ticket = 0;
    std::string kind;       // the [notify] event
    std::string recipients; // "a@example.org, b@example.org"
    std::string subject;
    time::Instant created_at;
    int attempts = 0;
    std::string last_error;
    std::optional<time::Instant> sent_at;
};

/// A message to queue.
struct Outgoing {
    long long ticket = 0;
    long long event = 0; // the event that caused it; 0 = none
    std::string kind;
    std::string recipients;
    std::string subject;
    std::string message; // the whole RFC 5322 message
    time::Instant created_at;
};

/// A message waiting to be sent, with its text.
struct Unsent {
    Queued queued; // id, ticket, subject, created_at, attempts
    std::string message;
};

/// The store's outbox.
class Outbox {
public:
    virtual ~Outbox() = default;
    /// Queues a message; call inside the change's write transaction.
    virtual void queue(const Outgoing& message) = 0;
    /// Records a threshold notice of a ticket; false when it was recorded already.
    virtual bool mark_notified(long long ticket, const std::string& clock, const std::string& state,
                               time::Instant at) = 0;
    /// The queue, oldest first: unsent messages, or every message with `all`.
    virtual std::vector<Queued> list(bool all) = 0;
    /// Unsent messages not claimed since `expired` (seconds since the epoch), oldest first;
    /// only those never tried unless `retry`.
    virtual std::vector<Unsent> unsent(bool retry, std::int64_t expired) = 0;
    /// Claims message `id` at `clock` if it is still unsent, tried `attempts` times and not
    /// claimed since `expired`; false when another sender has it. Inside a write transaction.
    virtual bool claim(long long id, int attempts, std::int64_t clock, std::int64_t expired) = 0;
    /// Records the outcome of sending message `id`: sent at `sent_at`, or its error.
    virtual void finish(long long id, const std::string& error,
                        std::optional<time::Instant> sent_at) = 0;
};

} // namespace itsm::store
