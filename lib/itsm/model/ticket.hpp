#pragma once
// Tickets, their events, statuses and the transition table (docs/lifecycle.md).

#include <itsm/model/event.hpp>
#include <itsm/time/instant.hpp>

#include <nlohmann/json.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace itsm::model {

using time::Instant;

enum class Status { new_, assigned, on_hold, resolved, closed };
enum class Type { incident, request, problem, change, interaction };

/// "new", "assigned", "on-hold", "resolved", "closed".
const char* to_string(Status s);
/// "incident", "request", "problem", "change", "interaction".
const char* to_string(Type t);
/// Every type's name, in enum order.
const std::vector<std::string>& type_names();
std::optional<Status> parse_status(std::string_view text);
std::optional<Type> parse_type(std::string_view text);

/// The current state of a ticket (kept alongside the events for fast queries).
struct Ticket {
    long long number = 0;
    Type type = Type::incident;
    std::string title;
    std::string description;
    Status status = Status::new_;
    std::string priority;
    std::string service;
    std::string group;
    std::string assignee;
    std::string requester;
    std::string email;
    std::string org;
    std::string channel;
    Instant opened_at;
    std::optional<Instant> responded_at;
    std::optional<Instant> resolved_at;
    std::optional<Instant> closed_at;
    Instant updated_at;
    int tier = 0;             // functional escalation tier reached
    int escalation_level = 0; // hierarchical level reached (0 = none)
    std::string resolution;
    std::string resolution_code;
    std::optional<int> satisfaction;
    std::string comment;
    std::string hold_reason;

    bool operator==(const Ticket&) const = default;
};

/// The names show, templates and the store check give a ticket's text fields, in the order
/// text_fields() yields them.
inline constexpr std::array<std::string_view, 12> k_text_field_names{
    "type",  "title",    "description", "status", "priority", "service",
    "group", "assignee", "requester",   "email",  "org",      "channel"};

/// A ticket's text fields, named as k_text_field_names. The views point into the ticket.
std::array<std::pair<std::string_view, std::string_view>, 12> text_fields(const Ticket& t);

/// What a command does to a ticket, for the transition table.
enum class Action { assign, escalate, hold, resume, note, update, resolve, close, reopen, link };

/// "assign", "escalate", ...
const char* to_string(Action a);

/// True when `action` is allowed from `from` (docs/lifecycle.md).
bool allowed(Action action, Status from);

/// Throws RefusedError (exit 4) with a message naming what is allowed, when not allowed.
void require_allowed(Action action, const Ticket& ticket, std::string_view display_id);

/// True while the ticket is not resolved or closed.
inline bool is_open(Status s) {
    return s != Status::resolved && s != Status::closed;
}

} // namespace itsm::model
