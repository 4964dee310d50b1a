#include <itsm/store/sqlite/columns.hpp>
#include <itsm/store/sqlite/mail.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

namespace itsm::store::sqlite {

namespace {

StoredFile stored_file(SQLite::Statement& q) {
    return {q.getColumn(0).getInt64(), q.getColumn(1).getInt64(), q.getColumn(2).getString(),
            q.getColumn(3).getString(), q.getColumn(4).getInt64()};
}

} // namespace

std::optional<SeenMail> Mailbox::seen(const std::string& key) {
    SQLite::Statement q(m_db, "SELECT ticket FROM mail WHERE message_id = ?");
    q.bind(1, key);
    if (!q.executeStep()) {
        return std::nullopt;
    }
    return SeenMail{q.getColumn(0).isNull() ? 0 : q.getColumn(0).getInt64()};
}

long long Mailbox::acknowledgements_since(const std::string& sender, time::Instant since) {
    SQLite::Statement q(m_db, "SELECT count(*) FROM mail WHERE sender = ? AND "
                              "acknowledged = 1 AND received_at > ?");
    q.bind(1, sender);
    q.bind(2, epoch(since));
    q.executeStep();
    return q.getColumn(0).getInt64();
}

std::string Mailbox::last_received(long long ticket) {
    // The outcomes (docs/mail.md) of a message that took part in the conversation.
    SQLite::Statement q(m_db, "SELECT message_id FROM mail WHERE ticket = ? AND "
                              "outcome IN ('logged', 'received', 'reopened', 'followed-up') AND "
                              "message_id NOT LIKE 'sha256:%' ORDER BY id DESC LIMIT 1");
    q.bind(1, static_cast<int64_t>(ticket));
    return q.executeStep() ? q.getColumn(0).getString() : std::string();
}

void Mailbox::record(const ReceivedMail& mail, const std::vector<NewFile>& files) {
    SQLite::Statement q(m_db, "INSERT INTO mail (message_id, ticket, event, outcome, sender, "
                              "acknowledged, received_at, raw) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    q.bind(1, mail.key);
    if (mail.ticket != 0) {
        q.bind(2, static_cast<int64_t>(mail.ticket));
        q.bind(3, static_cast<int64_t>(mail.event));
    }
    q.bind(4, mail.outcome);
    q.bind(5, mail.sender);
    q.bind(6, mail.acknowledged ? 1 : 0);
    q.bind(7, epoch(mail.received_at));
    q.bind(8, mail.raw.data(), static_cast<int>(mail.raw.size()));
    q.exec();
    if (files.empty()) {
        return;
    }
    const auto mail_id = m_db.getLastInsertRowid();
    SQLite::Statement a(m_db, "INSERT INTO attachments (ticket, mail, filename, content_type, "
                              "size, data) VALUES (?, ?, ?, ?, ?, ?)");
    for (const auto& file : files) {
        a.bind(1, static_cast<int64_t>(mail.ticket));
        a.bind(2, static_cast<int64_t>(mail_id));
        a.bind(3, file.filename);
        a.bind(4, file.content_type);
        a.bind(5, static_cast<int64_t>(file.data.size()));
        a.bind(6, file.data.data(), static_cast<int>(file.data.size()));
        a.exec();
        a.reset();
    }
}

std::vector<StoredFile> Mailbox::attachments_of(long long ticket) {
    std::vector<StoredFile> files;
    if (!m_db.tableExists("attachments")) {
        return files; // a store read before its migration
    }
    SQLite::Statement q(m_db, "SELECT id, ticket, filename, content_type, size FROM "
                              "attachments WHERE ticket = ? ORDER BY id");
    q.bind(1, static_cast<int64_t>(ticket));
    while (q.executeStep()) {
        files.push_back(stored_file(q));
    }
    return files;
}

std::optional<std::pair<StoredFile, std::string>> Mailbox::attachment(long long id) {
    if (!m_db.tableExists("attachments")) {
        return std::nullopt;
    }
    SQLite::Statement q(m_db, "SELECT id, ticket, filename, content_type, size, data FROM "
                              "attachments WHERE id = ?");
    q.bind(1, static_cast<int64_t>(id));
    if (!q.executeStep()) {
        return std::nullopt;
    }
    const auto data = q.getColumn(5);
    return std::pair{stored_file(q), std::string(static_cast<const char*>(data.getBlob()),
                                                 static_cast<std::size_t>(data.getBytes()))};
}

} // namespace itsm::store::sqlite
