#include <itsm/desk/auto_escalate.hpp>
#include <itsm/sla/clock.hpp>
#include <itsm/time/duration.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

namespace {

// When the ticket entered its current group: the last event that set it.
time::Instant entered_group(const std::vector<model::Event>& events, const std::string& group) {
    time::Instant entered = events.empty() ? time::Instant{} : events.front().at;
    for (const auto& e : events) {
        const auto g = e.detail.find("group");
        if (g != e.detail.end() && g->is_string() && g->get<std::string>() == group &&
            (e.kind == "logged" || e.kind == "assigned" || e.kind == "escalated")) {
            entered = e.at;
        }
        if (e.kind == "updated") {
            const auto changes = e.detail.find("changes");
            if (changes != e.detail.end() && changes->contains("group")) {
                entered = e.at;
            }
        }
    }
    return entered;
}

bool already_raised_for(const std::vector<model::Event>& events, const std::string& metric) {
    return std::any_of(events.begin(), events.end(), [&](const model::Event& e) {
        return e.kind == "escalated" && e.detail.value("breach", std::string()) == metric;
    });
}

struct Candidate {
    long long number = 0;
    std::string id;
    std::string next_group; // tier escalation, "" = none
    std::string tier_reason;
    std::string breach; // hierarchical escalation for this clock, "" = none
};

} // namespace

std::vector<Escalation> auto_escalate(store::Store& store, const config::Config& config,
                                      const Stamp& stamp) {
    std::vector<Candidate> candidates;
    store::Filter open;
    open.open_only = true;
    store.for_each_with_events(open, [&](const model::Ticket& t,
                                         const std::vector<model::Event>& events) {
        if (t.opened_at > stamp.at) {
            return;
        }
        Candidate c;
        c.number = t.number;
        c.id = display_id(config, t);
        const auto* group = config.find_group(t.group);
        const auto& path = config.escalation_path;
        const auto on_path = std::find(path.begin(), path.end(), t.group);
        if (group && group->auto_escalate_after && t.status != model::Status::on_hold &&
            on_path != path.end() && on_path + 1 != path.end()) {
            const auto& window = config.window_for(t.priority, t.service);
            const auto waited = window.between(entered_group(events, t.group), stamp.at);
            if (waited >= *group->auto_escalate_after) {
                c.next_group = *(on_path + 1);
                c.tier_reason = fmt::format("automatic: {} of working time with {} (limit {})",
                                            time::format_duration(waited), t.group,
                                            time::format_duration(*group->auto_escalate_after));
            }
        }
        if (!config.chain.empty() && t.escalation_level < static_cast<int>(config.chain.size())) {
            const auto e = sla::evaluate(config, events, stamp.at);
            for (const auto& [clock, metric] :
                 {std::pair{&e.response, "response"}, {&e.resolve, "resolve"}}) {
                if (clock->breached && !already_raised_for(events, metric)) {
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
        if (!c.next_group.empty()) {
            const auto before = store.find_ticket(c.number);
            escalate(store, config, c.id, c.next_group, c.tier_reason, stamp, {true, ""});
            done.push_back(
                {c.id, "tier", before ? before->group : "", c.next_group, c.tier_reason});
        }
        if (!c.breach.empty()) {
            const std::string reason = fmt::format("automatic: {} SLA breached", c.breach);
            const auto t =
                escalate_hierarchical(store, config, c.id, reason, stamp, {true, c.breach});
            done.push_back({c.id, "hierarchical", std::to_string(t.escalation_level - 1),
                            config.chain[static_cast<std::size_t>(t.escalation_level - 1)].name,
                            reason});
        }
    }
    return done;
}

nlohmann::json to_json(const std::vector<Escalation>& escalations) {
    auto array = nlohmann::json::array();
    for (const auto& e : escalations) {
        array.push_back(
            {{"id", e.id}, {"kind", e.kind}, {"from", e.from}, {"to", e.to}, {"reason", e.reason}});
    }
    return array;
}

} // namespace itsm::desk
