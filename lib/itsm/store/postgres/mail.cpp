#include <itsm/store/postgres/mail.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/sealed.hpp>

namespace itsm::store::postgres {

namespace {

// A file of the columns id, ticket, filename, content_type, size.
StoredFile file_of(const Result& r, int row) {
    return {r.integer(row, 0), r.integer(row, 1), std::string(r.text(row, 2)),
            std::string(r.text(row, 3)), r.integer(row, 4)};
}

SealValue number_or_null(long long value) {
    return value != 0 ? SealValue(static_cast<std::int64_t>(value)) : SealValue();
}

} // namespace

std::optional<SeenMail> Mailbox::seen(const std::string& key) {
    // Under the writers' lock, whose holder before committed: a message it stored is seen.
    const Result r = m_db.run("SELECT ticket FROM mail WHERE message_id = $1", {key});
    if (r.rows() == 0) {
        return std::nullopt;
    }
    return SeenMail{r.null(0, 0) ? 0 : r.integer(0, 0)};
}

long long Mailbox::acknowledgements_since(const std::string& sender, time::Instant since) {
    return m_db
        .run("SELECT count(*) FROM mail WHERE sender = $1 AND acknowledged = 1 AND "
             "received_at > $2",
             {sender, number_param(time::to_epoch(since))})
        .integer(0, 0);
}

std::string Mailbox::last_received(long long ticket) {
    // The outcomes (docs/mail.md) of a message that took part in the conversation; ILIKE as
    // SQLite's LIKE, which ignores the case of ASCII letters.
    const Result r = m_db.run("SELECT message_id FROM mail WHERE ticket = $1 AND "
                              "outcome IN ('logged', 'received', 'reopened', 'followed-up') AND "
                              "message_id NOT ILIKE 'sha256:%' ORDER BY id DESC LIMIT 1",
                              {number_param(ticket)});
    return r.rows() > 0 ? std::string(r.text(0, 0)) : std::string();
}

void Mailbox::record(const ReceivedMail& mail, const std::vector<NewFile>& files) {
    // As the file store keeps it: without a ticket, no event either.
    const long long id = next_id(m_db, "mail");
    const long long event = mail.ticket != 0 ? mail.event : 0;
    const auto received = static_cast<std::int64_t>(time::to_epoch(mail.received_at));
    const Hash seal =
        seal_row(m_db, "mail",
                 {static_cast<std::int64_t>(id), mail.key, number_or_null(mail.ticket),
                  number_or_null(event), mail.outcome, mail.sender,
                  std::int64_t{mail.acknowledged ? 1 : 0}, received, SealBytes{mail.raw}});
    m_db.run("INSERT INTO mail (id, message_id, ticket, event, outcome, sender, acknowledged, "
             "received_at, seal, raw) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, decode($9, 'hex'), "
             "$10)",
             {number_param(id), mail.key, mail.ticket != 0 ? number_param(mail.ticket) : Param(),
              event != 0 ? number_param(event) : Param(), mail.outcome, mail.sender,
              number_param(mail.acknowledged ? 1 : 0), number_param(received), to_hex(seal)},
             {mail.raw});
    if (files.empty()) {
        return;
    }
    long long file_id = next_id(m_db, "attachments");
    // Each file's seal continues from the one before it, the first from the table's last row.
    std::optional<Hash> previous;
    for (const auto& file : files) {
        const auto size = static_cast<std::int64_t>(file.data.size());
        const std::initializer_list<SealValue> values{static_cast<std::int64_t>(file_id),
                                                      static_cast<std::int64_t>(mail.ticket),
                                                      static_cast<std::int64_t>(id),
                                                      file.filename,
                                                      file.content_type,
                                                      size,
                                                      SealBytes{file.data}};
        const Hash file_seal =
            previous ? seal_of(*previous, values) : seal_row(m_db, "attachments", values);
        m_db.run("INSERT INTO attachments (id, ticket, mail, filename, content_type, size, seal, "
                 "data) VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'hex'), $8)",
                 {number_param(file_id), number_param(mail.ticket), number_param(id), file.filename,
                  file.content_type, number_param(size), to_hex(file_seal)},
                 {file.data});
        previous = file_seal;
        ++file_id;
    }
}

std::vector<StoredFile> Mailbox::attachments_of(long long ticket) {
    const Result r = m_db.run("SELECT id, ticket, filename, content_type, size FROM attachments "
                              "WHERE ticket = $1 ORDER BY id",
                              {number_param(ticket)});
    std::vector<StoredFile> files;
    for (int row = 0; row < r.rows(); ++row) {
        files.push_back(file_of(r, row));
    }
    return files;
}

std::optional<std::pair<StoredFile, std::string>> Mailbox::attachment(long long id) {
    // In binary, so the bytes come as they are: the numbers are cast to text for that.
    const Result r = m_db.run("SELECT id::text, ticket::text, filename, content_type, size::text, "
                              "data FROM attachments WHERE id = $1",
                              {number_param(id)}, {}, true);
    if (r.rows() == 0) {
        return std::nullopt;
    }
    return std::pair{file_of(r, 0), std::string(r.text(0, 5))};
}

} // namespace itsm::store::postgres
