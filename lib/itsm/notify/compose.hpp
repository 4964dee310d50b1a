#pragma once
// What a notification says and to whom: recipients from the ticket, its group, its
// organisation and the hierarchical chain; subject and body from a template (built in, or a
// file <config>/notify/<event>.txt).

#include <itsm/config/config.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/notify/mail.hpp>
#include <itsm/sla/clock.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

namespace itsm::notify {

/// One thing to tell people about a ticket.
struct Notice {
    std::string event; // a [notify] event name: "assigned", "hierarchical", "breached", ...
    model::Ticket ticket;
    std::string id;         // "INC-42"
    long long event_id = 0; // the ticket event; 0 for threshold notices
    std::string actor;
    time::Instant at;
    nlohmann::json detail = nlohmann::json::object(); // the event's detail
    sla::Evaluation sla;
    std::string clock;                // at-risk and breached: "response" or "resolve"
    std::optional<time::Instant> due; // at-risk and breached: the clock's due
    std::string escalations;          // the escalation path so far (escalation_history)
    std::vector<std::string> skip;    // addresses told already (in another message of the run)
};

/// The escalations a ticket went through, oldest first: "tiers: helpdesk -> second-line;
/// management: Help Desk Manager"; "" when it was never escalated.
std::string escalation_history(const std::vector<model::Event>& events);

/// The [notify] event name of a ticket event: its kind, except "hierarchical" for a
/// hierarchical escalation.
std::string event_name(const model::Event& event);

/// Addresses for `notice`: To and Cc, each once, in the order the roles name them.
struct Recipients {
    std::vector<std::string> to;
    std::vector<std::string> cc;
    bool empty() const { return to.empty() && cc.empty(); }
};
Recipients recipients(const config::Config& config, const Notice& notice);

/// The placeholders a template may use, with their values for `notice`.
std::map<std::string, std::string> placeholders(const config::Config& config, const Notice& notice);

/// The built-in template of an event: "Subject: ...", a blank line, the body.
std::string builtin_template(std::string_view event);

/// Fills `text` (a template named `file` in diagnostics): {name} is replaced, {{ and }} are
/// braces. Throws ConfigError naming file:line:column for an unknown placeholder or a
/// template without its "Subject:" line.
std::pair<std::string, std::string> fill(std::string_view text, std::string_view file,
                                         const std::map<std::string, std::string>& values);

/// The message for `notice`, with recipients resolved; throws ConfigError for a bad template.
Mail compose(const config::Config& config, const Notice& notice);

} // namespace itsm::notify
