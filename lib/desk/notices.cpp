#include <itsm/desk/notices.hpp>
#include <itsm/notify/outbox.hpp>
#include <itsm/sla/clock.hpp>

namespace itsm::desk {

bool wants_notices(const config::Config& config, const CheckResult& result) {
    for (const auto& f : result.findings) {
        if (config.notify.wants(f.state)) {
            return true;
        }
    }
    return false;
}

int queue_notices(store::Store& store, const config::Config& config, const CheckResult& result,
                  const Stamp& stamp) {
    int queued = 0;
    store.begin_write();
    for (const auto& f : result.findings) {
        if (!config.notify.wants(f.state) ||
            !notify::mark_notified(store, f.number, f.metric, f.state, stamp.at)) {
            continue;
        }
        const auto ticket = store.find_ticket(f.number);
        if (!ticket) {
            continue;
        }
        notify::Notice n;
        n.event = f.state;
        n.ticket = *ticket;
        n.id = f.id;
        n.actor = stamp.actor;
        n.at = stamp.at;
        n.sla = sla::evaluate(config, store.events_of(f.number), stamp.at);
        n.clock = f.metric;
        n.due = f.due;
        queued += notify::enqueue(store, config, n) ? 1 : 0;
    }
    store.commit();
    return queued;
}

} // namespace itsm::desk
