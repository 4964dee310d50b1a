#include <itsm/notify/outbox.hpp>

#include <fmt/format.h>

#include <chrono>

namespace itsm::notify {

namespace {

std::string joined(const Mail& mail) {
    std::string out;
    for (const auto* list : {&mail.to, &mail.cc}) {
        for (const auto& a : *list) {
            out += (out.empty() ? "" : ", ") + a;
        }
    }
    return out;
}

std::string spool_name(const Queued& q) {
    return fmt::format("{}-{:06}-{}", time::format_utc(q.created_at), q.id, q.ticket);
}

} // namespace

bool enqueue(store::Store& store, const config::Config& config, const Notice& notice) {
    if (!config.notify.wants(notice.event)) {
        return false;
    }
    const Mail mail = compose(config, notice);
    if (mail.to.empty() && mail.cc.empty()) {
        return false;
    }
    queue(store, notice.ticket.number, notice.event_id, notice.event, mail, notice.at);
    return true;
}

void queue(store::Store& store, long long ticket, long long event_id, const std::string& kind,
           const Mail& mail, time::Instant at) {
    store.outbox().queue({ticket, event_id, kind, joined(mail), mail.subject, render(mail), at});
}

void announce(store::Store& store, const config::Config& config, const model::Ticket& ticket,
              const std::string& id, const model::Event& event) {
    const std::string name = event_name(event);
    if (!config.notify.wants(name)) {
        return;
    }
    Notice n;
    n.event = name;
    n.ticket = ticket;
    n.id = id;
    n.event_id = event.id;
    n.actor = event.actor;
    n.at = event.at;
    n.detail = event.detail;
    const auto events = store.events_of(ticket.number);
    n.sla = sla::evaluate(config, events, event.at);
    n.escalations = escalation_history(events);
    enqueue(store, config, n);
}

bool mark_notified(store::Store& store, long long ticket, const std::string& clock,
                   const std::string& state, time::Instant at) {
    return store.outbox().mark_notified(ticket, clock, state, at);
}

std::vector<Queued> list(store::Store& store, bool all) {
    return store.outbox().list(all);
}

std::vector<Delivery> deliver(store::Store& store, const config::Config& config, bool retry,
                              time::Instant now) {
    std::vector<Delivery> out;
    if (!config.notify.enabled()) {
        return out;
    }
    // Claims are timed by the system clock, not ITSM_NOW: they are about processes, which
    // ITSM_NOW does not stop.
    const auto clock = static_cast<int64_t>(
        time::to_epoch(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())));
    const auto expired = clock - static_cast<int64_t>(k_claim_expiry.count());
    const auto pending = store.outbox().unsent(retry, expired);
    for (const auto& [m, message] : pending) {
        // Claim the message first, in a transaction of its own: of the processes delivering at
        // once (changes, `notify flush`es), only the one that claims it sends it, and no other
        // takes it while it is being sent, unless its claim is older than k_claim_expiry.
        store.begin_write();
        const bool claimed = store.outbox().claim(m.id, m.attempts, clock, expired);
        store.commit();
        if (!claimed) {
            continue;
        }
        const std::string error = config.notify.spool.empty()
                                      ? run_command(config.notify.command, message)
                                      : write_spool(config.notify.spool, spool_name(m), message);
        store.begin_write();
        store.outbox().finish(m.id, error, error.empty() ? std::optional(now) : std::nullopt);
        store.commit();
        out.push_back({m.id, m.subject, error.empty(), error});
    }
    return out;
}

} // namespace itsm::notify
