#include <itsm/store/sqlite/columns.hpp>
#include <itsm/store/sqlite/outbox.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <fmt/format.h>

namespace itsm::store::sqlite {

void Outbox::queue(const Outgoing& m) {
    SQLite::Statement q(m_db, "INSERT INTO outbox (ticket, event, kind, recipients, subject, "
                              "message, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(m.ticket));
    if (m.event != 0) {
        q.bind(2, static_cast<int64_t>(m.event));
    }
    q.bind(3, m.kind);
    q.bind(4, m.recipients);
    q.bind(5, m.subject);
    q.bind(6, m.message);
    q.bind(7, epoch(m.created_at));
    q.exec();
}

bool Outbox::mark_notified(long long ticket, const std::string& clock, const std::string& state,
                           time::Instant at) {
    SQLite::Statement q(m_db, "INSERT OR IGNORE INTO notified (ticket, clock, state, at) "
                              "VALUES (?, ?, ?, ?)");
    q.bind(1, static_cast<int64_t>(ticket));
    q.bind(2, clock);
    q.bind(3, state);
    q.bind(4, epoch(at));
    return q.exec() == 1;
}

std::vector<Queued> Outbox::list(bool all) {
    if (!m_db.tableExists("outbox")) {
        return {};
    }
    SQLite::Statement q(m_db, fmt::format("SELECT id, ticket, kind, recipients, subject, "
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
        m.sent_at = optional_instant(q.getColumn(8));
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<Unsent> Outbox::unsent(bool retry, std::int64_t expired) {
    if (!m_db.tableExists("outbox")) {
        return {};
    }
    SQLite::Statement q(m_db, fmt::format("SELECT id, ticket, subject, message, created_at, "
                                          "attempts FROM outbox WHERE sent_at IS NULL AND "
                                          "(claimed_at IS NULL OR claimed_at <= ?) {} ORDER BY id",
                                          retry ? "" : "AND attempts = 0"));
    q.bind(1, expired);
    std::vector<Unsent> out;
    while (q.executeStep()) {
        Unsent u;
        u.queued.id = q.getColumn(0).getInt64();
        u.queued.ticket = q.getColumn(1).getInt64();
        u.queued.subject = q.getColumn(2).getString();
        u.message = q.getColumn(3).getString();
        u.queued.created_at = time::from_epoch(q.getColumn(4).getInt64());
        u.queued.attempts = q.getColumn(5).getInt();
        out.push_back(std::move(u));
    }
    return out;
}

bool Outbox::claim(long long id, int attempts, std::int64_t clock, std::int64_t expired) {
    SQLite::Statement claim(m_db, "UPDATE outbox SET attempts = attempts + 1, claimed_at = ? "
                                  "WHERE id = ? AND sent_at IS NULL AND attempts = ? AND "
                                  "(claimed_at IS NULL OR claimed_at <= ?)");
    claim.bind(1, clock);
    claim.bind(2, static_cast<int64_t>(id));
    claim.bind(3, attempts);
    claim.bind(4, expired);
    return claim.exec() == 1;
}

void Outbox::finish(long long id, const std::string& error, std::optional<time::Instant> sent_at) {
    SQLite::Statement u(m_db, "UPDATE outbox SET last_error = ?, sent_at = ?, claimed_at = NULL "
                              "WHERE id = ?");
    u.bind(1, error);
    if (sent_at) {
        u.bind(2, epoch(*sent_at));
    }
    u.bind(3, static_cast<int64_t>(id));
    u.exec();
}

} // namespace itsm::store::sqlite
