#include <itsm/notify/outbox.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
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
    SQLite::Statement q(store.db(),
                        "INSERT INTO outbox (ticket, event, kind, recipients, subject, message, "
                        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(ticket));
    if (event_id != 0) {
        q.bind(2, static_cast<int64_t>(event_id));
    }
    q.bind(3, kind);
    q.bind(4, joined(mail));
    q.bind(5, mail.subject);
    q.bind(6, render(mail));
    q.bind(7, static_cast<int64_t>(time::to_epoch(at)));
    q.exec();
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
    SQLite::Statement q(store.db(), "INSERT OR IGNORE INTO notified (ticket, clock, state, at) "
                                    "VALUES (?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(ticket));
    q.bind(2, clock);
    q.bind(3, state);
    q.bind(4, static_cast<int64_t>(time::to_epoch(at)));
    return q.exec() == 1;
}

std::vector<Queued> list(store::Store& store, bool all) {
    if (!store.db().tableExists("outbox")) {
        return {};
    }
    SQLite::Statement q(store.db(), fmt::format("SELECT id, ticket, kind, recipients, subject, "
                                                "created_at, attempts, last_error, sent_at FROM "
                                                "outbox {} ORDER BY id",
                                                all ? "" : "WHERE sent_at IS NULL"));
    std::vector<Queued> out;
    while (q.executeStep()) {
        Queued m;
        m.id = q.getColumn(0).getInt64();
        m.ticket = q.getColumn(1).getInt64();
        m.kind = q.getColumn(2).getString();
        m.recipients = q.getColumn(3).getString();
        m.subject = q.getColumn(4).getString();
        m.created_at = time::from_epoch(q.getColumn(5).getInt64());
        m.attempts = q.getColumn(6).getInt();
        m.last_error = q.getColumn(7).getString();
        if (!q.getColumn(8).isNull()) {
            m.sent_at = time::from_epoch(q.getColumn(8).getInt64());
        }
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<Delivery> deliver(store::Store& store, const config::Config& config, bool retry,
                              time::Instant now) {
    std::vector<Delivery> out;
    if (!config.notify.enabled() || !store.db().tableExists("outbox")) {
        return out;
    }
    // Claims are timed by the system clock, not ITSM_NOW: they are about processes, which
    // ITSM_NOW does not stop.
    const auto clock = static_cast<int64_t>(
        time::to_epoch(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())));
    const auto expired = clock - static_cast<int64_t>(k_claim_expiry.count());
    std::vector<std::pair<Queued, std::string>> pending;
    {
        SQLite::Statement q(store.db(),
                            fmt::format("SELECT id, ticket, subject, message, created_at, "
                                        "attempts FROM outbox WHERE sent_at IS NULL AND "
                                        "(claimed_at IS NULL OR claimed_at <= ?) {} ORDER BY id",
                                        retry ? "" : "AND attempts = 0"));
        q.bind(1, expired);
        while (q.executeStep()) {
            Queued m;
            m.id = q.getColumn(0).getInt64();
            m.ticket = q.getColumn(1).getInt64();
            m.subject = q.getColumn(2).getString();
            m.created_at = time::from_epoch(q.getColumn(4).getInt64());
            m.attempts = q.getColumn(5).getInt();
            pending.emplace_back(std::move(m), q.getColumn(3).getString());
        }
    }
    for (const auto& [m, message] : pending) {
        // Claim the message first, in a transaction of its own: of the processes delivering at
        // once (changes, `notify flush`es), only the one that claims it sends it, and no other
        // takes it while it is being sent, unless its claim is older than k_claim_expiry.
        store.begin_write();
        SQLite::Statement claim(store.db(),
                                "UPDATE outbox SET attempts = attempts + 1, claimed_at = ? WHERE "
                                "id = ? AND sent_at IS NULL AND attempts = ? AND (claimed_at IS "
                                "NULL OR claimed_at <= ?)");
        claim.bind(1, clock);
        claim.bind(2, static_cast<int64_t>(m.id));
        claim.bind(3, m.attempts);
        claim.bind(4, expired);
        const bool claimed = claim.exec() == 1;
        store.commit();
        if (!claimed) {
            continue;
        }
        const std::string error = config.notify.spool.empty()
                                      ? run_command(config.notify.command, message)
                                      : write_spool(config.notify.spool, spool_name(m), message);
        store.begin_write();
        SQLite::Statement u(store.db(),
                            "UPDATE outbox SET last_error = ?, sent_at = ?, claimed_at = NULL "
                            "WHERE id = ?");
        u.bind(1, error);
        if (error.empty()) {
            u.bind(2, static_cast<int64_t>(time::to_epoch(now)));
        }
        u.bind(3, static_cast<int64_t>(m.id));
        u.exec();
        store.commit();
        out.push_back({m.id, m.subject, error.empty(), error});
    }
    return out;
}

} // namespace itsm::notify
