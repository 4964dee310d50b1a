#include <itsm/store/postgres/outbox.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/sealed.hpp>

#include <fmt/format.h>

namespace itsm::store::postgres {

void Outbox::queue(const Outgoing& m) {
    const long long id = next_id(m_db, "outbox");
    const auto created = static_cast<std::int64_t>(time::to_epoch(m.created_at));
    const SealValue event =
        m.event != 0 ? SealValue(static_cast<std::int64_t>(m.event)) : SealValue();
    const Hash seal = seal_row(m_db, "outbox",
                               {static_cast<std::int64_t>(id), static_cast<std::int64_t>(m.ticket),
                                event, m.kind, m.recipients, m.subject, m.message, created});
    m_db.run("INSERT INTO outbox (id, ticket, event, kind, recipients, subject, message, "
             "created_at, seal, state_seal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, decode($9, "
             "'hex'), decode($10, 'hex'))",
             {number_param(id), number_param(m.ticket),
              m.event != 0 ? number_param(m.event) : Param(), m.kind, m.recipients, m.subject,
              m.message, number_param(created), to_hex(seal),
              to_hex(seal_of(seal, {SealValue()}))});
}

bool Outbox::mark_notified(long long ticket, const std::string& clock, const std::string& state,
                           time::Instant at) {
    const auto when = static_cast<std::int64_t>(time::to_epoch(at));
    const Hash seal =
        seal_row(m_db, "notified", {static_cast<std::int64_t>(ticket), clock, state, when});
    // Numbered as the file store's rowid: a notice recorded already takes no number.
    return m_db.run("INSERT INTO notified (id, ticket, clock, state, at, seal) VALUES ($1, $2, $3, "
                    "$4, $5, decode($6, 'hex')) ON CONFLICT DO NOTHING",
                    {number_param(next_id(m_db, "notified")), number_param(ticket), clock, state,
                     number_param(when), to_hex(seal)})
               .changed() == 1;
}

std::vector<Queued> Outbox::list(bool all) {
    const Result r = m_db.run(fmt::format("SELECT id, ticket, kind, recipients, subject, "
                                          "created_at, attempts, last_error, sent_at FROM outbox "
                                          "{} ORDER BY id",
                                          all ? "" : "WHERE sent_at IS NULL"));
    std::vector<Queued> out;
    for (int row = 0; row < r.rows(); ++row) {
        Queued m;
        m.id = r.integer(row, 0);
        m.ticket = r.integer(row, 1);
        m.kind = std::string(r.text(row, 2));
        m.recipients = std::string(r.text(row, 3));
        m.subject = std::string(r.text(row, 4));
        m.created_at = time::from_epoch(r.integer(row, 5));
        m.attempts = static_cast<int>(r.integer(row, 6));
        m.last_error = std::string(r.text(row, 7));
        m.sent_at = instant_of(r, row, 8);
        out.push_back(std::move(m));
    }
    return out;
}

std::vector<Unsent> Outbox::unsent(bool retry, std::int64_t expired) {
    const Result r = m_db.run(fmt::format("SELECT id, ticket, subject, message, created_at, "
                                          "attempts FROM outbox WHERE sent_at IS NULL AND "
                                          "(claimed_at IS NULL OR claimed_at <= $1) {} ORDER BY "
                                          "id",
                                          retry ? "" : "AND attempts = 0"),
                              {number_param(expired)});
    std::vector<Unsent> out;
    for (int row = 0; row < r.rows(); ++row) {
        Unsent u;
        u.queued.id = r.integer(row, 0);
        u.queued.ticket = r.integer(row, 1);
        u.queued.subject = std::string(r.text(row, 2));
        u.message = std::string(r.text(row, 3));
        u.queued.created_at = time::from_epoch(r.integer(row, 4));
        u.queued.attempts = static_cast<int>(r.integer(row, 5));
        out.push_back(std::move(u));
    }
    return out;
}

bool Outbox::claim(long long id, int attempts, std::int64_t clock, std::int64_t expired) {
    // The conditions are read again on the row under its lock: of two senders claiming one
    // message at once, the second waits for the first to commit, then finds it claimed.
    return m_db.run("UPDATE outbox SET attempts = attempts + 1, claimed_at = $1 WHERE id = $2 AND "
                    "sent_at IS NULL AND attempts = $3 AND (claimed_at IS NULL OR claimed_at <= "
                    "$4)",
                    {number_param(clock), number_param(id), number_param(attempts),
                     number_param(expired)})
               .changed() == 1;
}

void Outbox::finish(long long id, const std::string& error, std::optional<time::Instant> sent_at) {
    // The row's state seal covers when it was sent (sealed.hpp).
    const Result r =
        m_db.run("SELECT encode(seal, 'hex') FROM outbox WHERE id = $1", {number_param(id)});
    const SealValue sent =
        sent_at ? SealValue(static_cast<std::int64_t>(time::to_epoch(*sent_at))) : SealValue();
    const Hash state = seal_of(r.rows() > 0 ? hash_of_hex(r.text(0, 0)) : k_genesis, {sent});
    m_db.run("UPDATE outbox SET last_error = $1, sent_at = $2, claimed_at = NULL, state_seal = "
             "decode($3, 'hex') WHERE id = $4",
             {error, instant_param(sent_at), to_hex(state), number_param(id)});
}

} // namespace itsm::store::postgres
