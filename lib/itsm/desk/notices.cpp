#include <itsm/desk/notices.hpp>
#include <itsm/notify/outbox.hpp>
#include <itsm/sla/clock.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::desk {

bool wants_notices(const config::Config& config, const CheckResult& result) {
    for (const auto& f : result.findings) {
        if (!f.ola() && config.notify.wants(sla::to_string(f.state))) {
            return true;
        }
    }
    return false;
}

namespace {

// Who the hierarchical escalation this breach caused (`[escalation] on_breach`) told already:
// one breach, one message per recipient.
std::vector<std::string> told_by_escalation(const config::Config& config,
                                            const notify::Notice& breach,
                                            const std::vector<model::Event>& events) {
    const bool escalated = std::any_of(events.begin(), events.end(), [&](const model::Event& e) {
        return !breach.clock.empty() && model::breach_of(e) == breach.clock;
    });
    if (!escalated || !config.notify.wants("hierarchical")) {
        return {};
    }
    notify::Notice raised = breach;
    raised.event = "hierarchical";
    const auto who = notify::recipients(config, raised);
    std::vector<std::string> told = who.to;
    told.insert(told.end(), who.cc.begin(), who.cc.end());
    return told;
}

} // namespace

int queue_notices(store::Store& store, const config::Config& config, const CheckResult& result,
                  const Stamp& stamp) {
    int queued = 0;
    store.begin_write();
    for (const auto& f : result.findings) {
        // Response and resolve breach once; the update promise once per interval (its due).
        const std::string clock = f.metric == "update"
                                      ? fmt::format("{}@{}", f.metric, time::format_utc(f.due))
                                      : std::string(f.metric);
        const std::string state = sla::to_string(f.state);
        if (f.ola() || !config.notify.wants(state) ||
            !notify::mark_notified(store, f.number, clock, state, stamp.at)) {
            continue;
        }
        const auto ticket = store.find_ticket(f.number);
        if (!ticket) {
            continue;
        }
        notify::Notice n;
        n.event = state;
        n.ticket = *ticket;
        n.id = f.id;
        n.actor = stamp.actor;
        n.at = stamp.at;
        const auto events = store.events_of(f.number);
        n.sla = sla::evaluate(config, events, stamp.at);
        n.clock = f.metric;
        n.due = f.due;
        n.escalations = notify::escalation_history(events);
        n.skip = told_by_escalation(config, n, events);
        queued += notify::enqueue(store, config, n) ? 1 : 0;
    }
    store.commit();
    return queued;
}

} // namespace itsm::desk
