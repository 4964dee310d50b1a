#pragma once
// The outbox: messages queued in the transaction of the ticket change that caused them, and
// delivered after it committed, by a sendmail-compatible command or into a spool folder.

#include <itsm/config/config.hpp>
#include <itsm/notify/compose.hpp>
#include <itsm/store/outbox.hpp>
#include <itsm/store/store.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace itsm::notify {

/// A message in the outbox (store/outbox.hpp).
using Queued = store::Queued;

/// Queues the message for `notice` when [notify] wants its event and it has recipients;
/// call inside the change's write transaction. Returns whether a message was queued.
bool enqueue(store::Store& store, const config::Config& config, const Notice& notice);

/// Queues `mail`, about ticket `ticket` (its event `event_id`, of kind `kind`), created `at`;
/// call inside the change's write transaction.
void queue(store::Store& store, long long ticket, long long event_id, const std::string& kind,
           const Mail& mail, time::Instant at);

/// Queues the message for a ticket event just recorded (the desk's hook): evaluates the
/// ticket's SLA for the due times. Does nothing when [notify] does not want the event.
void announce(store::Store& store, const config::Config& config, const model::Ticket& ticket,
              const std::string& id, const model::Event& event);

/// Records that the threshold notice (`clock`, `state`) of a ticket was sent; false when it
/// had been already (it is sent once per ticket, clock and state).
bool mark_notified(store::Store& store, long long ticket, const std::string& clock,
                   const std::string& state, time::Instant at);

/// The queue, oldest first: unsent messages, or every message with `all`.
std::vector<Queued> list(store::Store& store, bool all);

/// How long a sender's claim on a message holds: a sender that died while delivering (killed,
/// power lost) leaves its claim, and after this long another sender may try the message again.
constexpr std::chrono::seconds k_claim_expiry{600};

/// The outcome of one delivery attempt.
struct Delivery {
    long long id = 0;
    std::string subject;
    bool sent = false;
    std::string error; // why not, when not sent
};

/// Delivers unsent messages: only those never tried yet (after a change), or with `retry`
/// every unsent one (`notify flush`). Each is marked sent, or keeps its error and stays
/// queued; a failure never throws. Nothing happens when [notify] is not configured.
std::vector<Delivery> deliver(store::Store& store, const config::Config& config, bool retry,
                              time::Instant now);

/// Runs `argv` (no shell, no PATH search) with `input` on its standard input; "" on success,
/// else why it failed (could not start, or its exit status and first line of error output).
std::string run_command(const std::vector<std::string>& argv, std::string_view input);

/// Writes `message` into `folder` (made 0700 when missing) as NAME.eml atomically: a new file
/// under a random hidden name (never following a link), synced, renamed; "" on success, else
/// why not.
std::string write_spool(const std::string& folder, const std::string& name,
                        std::string_view message);

} // namespace itsm::notify
