#pragma once
// The desk's answer to a ticket's requester by e-mail (docs/mail.md): a public `replied` event,
// which is a response for the SLA, and its message queued in the outbox in the same
// transaction.

#include <itsm/config/config.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/store/store.hpp>

#include <string>
#include <vector>

namespace itsm::mail {

/// Records the reply `text` on ticket `id` and queues it to the requester (and `cc`) from the
/// desk's address, threaded to the conversation. Throws UsageError when the ticket has no
/// requester address or `text` is empty, RefusedError when closed, ConfigError when [notify]
/// has no way to send or no sender.
model::Ticket reply(store::Store& store, const config::Config& config, std::string_view id,
                    const std::string& text, const std::vector<std::string>& cc,
                    const desk::Stamp& stamp);

} // namespace itsm::mail
