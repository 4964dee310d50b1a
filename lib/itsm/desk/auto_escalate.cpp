#include <itsm/desk/auto_escalate.hpp>
#include <itsm/sla/clock.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

namespace {

using model::EventKind;
namespace key = model::key;

// The event by which the ticket entered its current group: the last one that set it.
std::size_t entered_group(const std::vector<model::Event>& events, const std::string& group) {
    std::size_t entered = 0;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& e = events[i];
        const bool sets_group = e.kind == EventKind::logged || e.kind == EventKind::assigned ||
                                e.kind == EventKind::escalated;
        if (sets_group && model::detail_text(e.detail, key::group) == group) {
            entered = i;
        }
        if (e.kind == EventKind::updated) {
            const auto changes = e.detail.find(key::changes);
            if (changes != e.detail.end() && changes->contains(key::group)) {
                entered = i;
            }
        }
    }
    return entered;
}

// Answered in the group: taken by a person on entering it, or any response since (a note, a
// hold, an escalation by a person, ...; docs/sla.md).
bool answered_since(const std::vector<model::Event>& events, std::size_t entered) {
    const auto& e = events[entered];
    if ((e.kind == EventKind::logged || e.kind == EventKind::assigned) && model::is_response(e)) {
        return true;
    }
    return std::any_of(events.begin() + static_cast<std::ptrdiff_t>(entered) + 1, events.end(),
                       [](const model::Event& later) { return model::is_response(later); });
}

// Why the ticket is due to leave its group, or "" when it is not: unanswered there after the
// group's auto_escalate_after, or not resolved after its auto_escalate_unresolved_after.
std::string due_to_leave(const config::Config& config, const config::Group& group,
                         const model::Ticket& t, const std::vector<model::Event>& events,
                         time::Instant at) {
    const std::size_t entered = entered_group(events, t.group);
    const auto waited = config.window_for(t.priority, t.service).between(events[entered].at, at);
    if (group.auto_escalate_after && waited >= *group.auto_escalate_after &&
        !answered_since(events, entered)) {
        return fmt::format("automatic: unanswered for {} of working time with {} (limit {})",
                           time::format_duration(waited), t.group,
                           time::format_duration(*group.auto_escalate_after));
    }
    if (group.auto_escalate_unresolved_after && waited >= *group.auto_escalate_unresolved_after) {
        return fmt::format("automatic: not resolved in {} of working time with {} (limit {})",
                           time::format_duration(waited), t.group,
                           time::format_duration(*group.auto_escalate_unresolved_after));
    }
    return {};
}

bool already_raised_for(const std::vector<model::Event>& events, const std::string& metric) {
    return std::any_of(events.begin(), events.end(),
                       [&](const model::Event& e) { return model::breach_of(e) == metric; });
}

struct Candidate {
    long long number = 0;
    std::string id;
    std::string next_group; // tier escalation, "" = none
    std::string tier_reason;
    std::string breach; // hierarchical escalation for this clock, "" = none
    model::Ticket as_read;
};

} // namespace

std::vector<Escalation> auto_escalate(store::Store& store, const config::Config& config,
                                      const Stamp& stamp, std::optional<model::Type> type) {
    std::vector<Candidate> candidates;
    store::Filter open;
    open.open_only = true;
    open.type = type;
    store.for_each_with_events(
        open, store::Part::whole,
        [&](const model::Ticket& t, const std::vector<model::Event>& events) {
            // The ticket's own terms: the version in force when it was logged.
            const auto& terms = config.policy_at(t.opened_at);
            const auto* priority = terms.find_priority(t.priority);
            if (t.opened_at > stamp.at ||
                (priority != nullptr && !priority->measures(model::to_string(t.type)))) {
                return;
            }
            Candidate c;
            c.number = t.number;
            c.as_read = t;
            c.id = display_id(config, t);
            const auto* group = terms.find_group(t.group);
            const auto& path = config.escalation_path;
            const auto on_path = std::find(path.begin(), path.end(), t.group);
            if (group && !events.empty() && t.status != model::Status::on_hold &&
                on_path != path.end() && on_path + 1 != path.end()) {
                c.tier_reason = due_to_leave(terms, *group, t, events, stamp.at);
                if (!c.tier_reason.empty()) {
                    c.next_group = *(on_path + 1);
                }
            }
            if (!config.on_breach.empty() &&
                t.escalation_level < static_cast<int>(config.chain.size())) {
                const auto e = sla::evaluate(config, events, stamp.at);
                for (const auto& [clock, metric] :
                     {std::pair{&e.response, "response"}, {&e.resolve, "resolve"}}) {
                    const bool wanted = std::find(config.on_breach.begin(), config.on_breach.end(),
                                                  metric) != config.on_breach.end();
                    if (wanted && clock->breached && !already_raised_for(events, metric)) {
                        c.breach = metric;
                        break;
                    }
                }
            }
            if (!c.next_group.empty() || !c.breach.empty()) {
                candidates.push_back(std::move(c));
            }
        });

    std::vector<Escalation> done;
    for (const auto& c : candidates) {
        // Under the write lock, the ticket as it was read or not at all: another cron host may
        // have escalated it, or an agent taken, moved or closed it, since it was read. Such a
        // ticket is left to the next run, which reads it afresh (docs/sla.md).
        store.begin_write();
        const auto now = store.find_ticket(c.number);
        if (!now || !(*now == c.as_read)) {
            store.commit();
            continue;
        }
        if (!c.next_group.empty()) {
            escalate(store, config, c.id, c.next_group, c.tier_reason, stamp, {true, ""});
            done.push_back({c.id, "tier", now->group, c.next_group, c.tier_reason, now->assignee});
        }
        if (!c.breach.empty()) {
            const std::string reason = fmt::format("automatic: {} SLA breached", c.breach);
            const auto t =
                escalate_hierarchical(store, config, c.id, reason, stamp, {true, c.breach});
            done.push_back({c.id, "hierarchical", std::to_string(t.escalation_level - 1),
                            config.chain[static_cast<std::size_t>(t.escalation_level - 1)].name,
                            reason, ""});
        }
        store.commit();
    }
    return done;
}

nlohmann::json to_json(const std::vector<Escalation>& escalations) {
    auto array = nlohmann::json::array();
    for (const auto& e : escalations) {
        nlohmann::json one = {
            {"id", e.id}, {"kind", e.kind}, {"from", e.from}, {"to", e.to}, {"reason", e.reason}};
        if (!e.unassigned.empty()) {
            one["unassigned"] = e.unassigned;
        }
        array.push_back(std::move(one));
    }
    return array;
}

} // namespace itsm::desk
