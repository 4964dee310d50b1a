#pragma once
// The service desk's operations on tickets: each validates its input, checks the transition
// table, writes the new state and one event in a single transaction, and returns the ticket.

#include <itsm/config/config.hpp>
#include <itsm/model/id.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/store/store.hpp>

#include <functional>
#include <optional>
#include <string>

namespace itsm::desk {

using model::Ticket;
using time::Instant;

/// Who did it and when; recorded on every event.
struct Stamp {
    std::string actor;
    Instant at;
    /// Without --at: the clock, read again once the write lock is held, so that a change that
    /// waited for another is not stamped before it.
    std::function<Instant()> clock = nullptr;
};

struct LogRequest {
    model::Type type = model::Type::incident;
    std::string title;
    std::string priority; // "" = from impact/urgency, else the default
    std::string impact;
    std::string urgency;
    std::string service;
    std::string requester;
    std::string email;
    std::string org;
    std::string channel;
    std::string description;
    std::string group; // "" = the service's default group
    std::string assignee;
    bool outage = false;  // the service is down: an outage from logging until resolution
    bool announce = true; // queue the `logged` notice (mail-in queues its own, docs/mail.md)
    /// A follow-up (mail-in's reply to a closed ticket, docs/mail.md): the new ticket is linked
    /// to this one, by a `linked` event after its `logged` one.
    std::optional<Ticket> follows;
};

/// The ticket's id with the configured prefix of its type.
model::TicketId ticket_id(const config::Config& config, const Ticket& ticket);

/// The display id: "INC-42".
std::string display_id(const config::Config& config, const Ticket& ticket);

/// Loads a ticket by id ("INC-42" or "42"); throws UsageError for a malformed id and
/// NotFoundError when there is no such ticket (or the prefix names another type).
Ticket load(store::Store& store, const config::Config& config, std::string_view id);

/// The priority a log request gets: explicit, else the matrix, else the default.
std::string resolve_priority(const config::Config& config, const LogRequest& request);

/// Logs a new ticket; returns it with its number.
Ticket log(store::Store& store, const config::Config& config, const LogRequest& request,
           const Stamp& stamp);

/// Assigns to a group and optionally a person.
Ticket assign(store::Store& store, const config::Config& config, std::string_view id,
              const std::string& group, const std::string& assignee, const Stamp& stamp);

/// Marks an escalation made by `sla-check --escalate` rather than by a person: it is recorded
/// with "automatic": true (and the breached clock, for hierarchical ones) and is not a response.
struct Automatic {
    bool automatic = false;
    std::string breach; // "response" or "resolve" for a breach-driven hierarchical escalation
};

/// Functional escalation: to `to_group`, or the next tier of the configured path.
Ticket escalate(store::Store& store, const config::Config& config, std::string_view id,
                const std::string& to_group, const std::string& reason, const Stamp& stamp,
                const Automatic& automatic = {});

/// Hierarchical escalation: raises the management level by one.
Ticket escalate_hierarchical(store::Store& store, const config::Config& config, std::string_view id,
                             const std::string& reason, const Stamp& stamp,
                             const Automatic& automatic = {});

/// Creates a record of `type` linked to the ticket; returns the new record. From an interaction
/// to an incident or a request (keeping its requester), from an incident or request to a
/// problem or change; refused (exit 4) otherwise.
Ticket escalate_to_type(store::Store& store, const config::Config& config, std::string_view id,
                        model::Type type, const std::string& title, const Stamp& stamp);

/// Links a record to an existing problem or change (`itsm link INC-12 PRB-7`): one `linked`
/// event on each; returns the first record. Refused (exit 4) when `other` is not a problem or
/// change, or they are linked already.
Ticket link(store::Store& store, const config::Config& config, std::string_view id,
            std::string_view other, const Stamp& stamp);
/// Removes such a link: one `unlinked` event on each. Refused (exit 4) when there is none.
Ticket unlink(store::Store& store, const config::Config& config, std::string_view id,
              std::string_view other, const Stamp& stamp);

Ticket hold(store::Store& store, const config::Config& config, std::string_view id,
            const std::string& reason, const Stamp& stamp);
Ticket resume(store::Store& store, const config::Config& config, std::string_view id,
              const Stamp& stamp);
Ticket note(store::Store& store, const config::Config& config, std::string_view id,
            const std::string& text, const Stamp& stamp);

/// Field changes for `update`; unset fields are left alone.
struct UpdateRequest {
    std::optional<std::string> title, description, priority, service, requester, email, org,
        channel;
    // The incident's outage of its service (docs/availability.md); setting either records one.
    std::optional<Instant> outage_start, outage_end;
};
Ticket update(store::Store& store, const config::Config& config, std::string_view id,
              const UpdateRequest& request, const Stamp& stamp);

Ticket resolve(store::Store& store, const config::Config& config, std::string_view id,
               const std::string& resolution, const std::string& code, const Stamp& stamp);

struct CloseRequest {
    std::string resolution; // required unless the ticket is resolved
    std::string code;
    std::optional<int> satisfaction; // 1..5
    std::string comment;
};
Ticket close(store::Store& store, const config::Config& config, std::string_view id,
             const CloseRequest& request, const Stamp& stamp);

Ticket reopen(store::Store& store, const config::Config& config, std::string_view id,
              const std::string& reason, const Stamp& stamp);

} // namespace itsm::desk
