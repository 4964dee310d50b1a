#pragma once
// The history's vocabulary (docs/lifecycle.md, "Events"): the kinds of event the desk writes,
// the keys of their detail, which events are a response (docs/sla.md, "Response"), and what
// each event does to a ticket's current row. Every other module reads the history through
// these names; none spells a kind or a detail key of its own.

#include <itsm/time/instant.hpp>

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace itsm::model {

using time::Instant;

/// Every kind of event itsm writes. `other` is a kind it does not write (an imported history
/// may hold any lowercase name): its stored name is kept in Event::other_kind.
enum class EventKind : unsigned char {
    logged,
    assigned,
    escalated, // functional or hierarchical (detail "hierarchical")
    held,
    resumed,
    noted,
    updated,
    resolved,
    closed,
    reopened,
    linked,
    unlinked,
    received, // mail-in: the customer's message
    replied,  // itsm reply: the desk's answer by e-mail
    bounced,  // mail-in: a delivery report about the ticket's mail
    other,
};

/// The stored name: "logged", "assigned", ...; "" for `other`.
const char* to_string(EventKind kind);

/// The kind a stored name stands for; `other` for a name itsm does not write.
EventKind parse_event_kind(std::string_view name);

/// Every kind itsm writes, in enum order (without `other`).
const std::vector<EventKind>& event_kinds();

/// One row of the append-only history.
struct Event {
    long long id = 0;
    long long ticket = 0;
    Instant at;
    std::string actor;
    // The login role that wrote it, as a PostgreSQL store records it (docs/security.md, "Who
    // acted"); none on a file store, and for events a server did not record it for.
    std::optional<std::string> role;
    EventKind kind = EventKind::other;
    std::string other_kind; // the stored name when kind is `other`
    nlohmann::json detail = nlohmann::json::object();
};

/// An event of `kind` with `detail`, by `actor` at `at` (its ticket and id set when stored).
Event make_event(EventKind kind, Instant at, std::string actor, nlohmann::json detail);

/// Sets an event's kind from its stored name.
void set_kind(Event& e, std::string_view name);

/// The event's kind as stored.
std::string_view stored_kind(const Event& e);

/// The keys of an event's detail (docs/lifecycle.md), one name each.
namespace key {
// logged (and the ticket's text fields it records)
inline constexpr const char* type = "type";
inline constexpr const char* title = "title";
inline constexpr const char* description = "description";
inline constexpr const char* priority = "priority";
inline constexpr const char* service = "service";
inline constexpr const char* group = "group";
inline constexpr const char* assignee = "assignee";
inline constexpr const char* requester = "requester";
inline constexpr const char* email = "email";
inline constexpr const char* org = "org";
inline constexpr const char* channel = "channel";
inline constexpr const char* tier = "tier";
inline constexpr const char* impact = "impact";
inline constexpr const char* urgency = "urgency";
inline constexpr const char* uncatalogued = "uncatalogued";
inline constexpr const char* outage = "outage";
inline constexpr const char* imported = "imported";
// the policy version in force at logging (docs/configuration.md, "Policy versions")
inline constexpr const char* policy = "policy";
// escalated: functional (from, group, tier, unassigned), hierarchical (hierarchical, level,
// to), and automatic ones (automatic, breach)
inline constexpr const char* from = "from";
inline constexpr const char* unassigned = "unassigned";
inline constexpr const char* hierarchical = "hierarchical";
inline constexpr const char* level = "level";
inline constexpr const char* to = "to";
inline constexpr const char* automatic = "automatic";
inline constexpr const char* breach = "breach";
// held, reopened, escalated
inline constexpr const char* reason = "reason";
// noted, replied, received, bounced
inline constexpr const char* text = "text";
// replied: to (the requester's address, the key above) and cc; received, replied: public
inline constexpr const char* cc = "cc";
inline constexpr const char* is_public = "public";
// received and bounced: from (the sender's address, the key above) and the message's subject;
// received also the sender's display name, its Message-ID and how many files it attached
inline constexpr const char* subject = "subject";
inline constexpr const char* name = "name";
inline constexpr const char* message_id = "message_id";
inline constexpr const char* attachments = "attachments";
// updated: {"changes": {field: {"from": old, "to": new}}}; the outage's own fields
inline constexpr const char* changes = "changes";
inline constexpr const char* outage_start = "outage_start";
inline constexpr const char* outage_end = "outage_end";
// resolved, closed
inline constexpr const char* resolution = "resolution";
inline constexpr const char* code = "code";
inline constexpr const char* satisfaction = "satisfaction";
inline constexpr const char* comment = "comment";
// linked, unlinked
inline constexpr const char* linked = "linked";
inline constexpr const char* relation = "relation";
} // namespace key

/// A string member of the detail without copying it; "" when absent or not a string.
std::string_view detail_text(const nlohmann::json& detail, std::string_view key);

/// A boolean member of the detail; false when absent or not a boolean.
bool detail_flag(const nlohmann::json& detail, std::string_view key);

/// The new value of `field` in an `updated` event's changes, or nullptr when the event does not
/// change it to a string.
const nlohmann::json* changed_to(const nlohmann::json& detail, std::string_view field);

/// True for an escalation up the management chain (`escalate --hierarchical`).
bool is_hierarchical(const Event& e);

/// The clock ("response", "resolve") whose breach raised this automatic hierarchical
/// escalation (`[escalation] on_breach`); "" for any other event.
std::string_view breach_of(const Event& e);

/// The group an event moves the ticket to (assigned, escalated, or an update of the group), or
/// nullptr when it does not change the group.
const nlohmann::json* new_group(const Event& e);

/// True when `e` is an action of support that stops the response clock (docs/sla.md,
/// "Response"): an assignment to a person (or logging straight to one), a note, a reply, a
/// hold, a resolution or closure, an escalation made by a person (not by `sla-check
/// --escalate`). The one rule for the desk's rows, the SLA clocks and the replay.
bool is_response(const Event& e);

struct Ticket;

/// What `e` does to the ticket's current row (docs/lifecycle.md): its fields, status, times
/// and, for the first response, responded_at. A `logged` event makes the row from nothing but
/// its number.
void apply(Ticket& ticket, const Event& e);

} // namespace itsm::model
