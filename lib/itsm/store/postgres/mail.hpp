#pragma once
// The PostgreSQL store's incoming mail (store/mail.hpp): the messages `mail-in` took, once per
// Message-ID (the table's unique key), and their attachments, with the file store's ids and
// seals (sealed.hpp); the bytes go as bytea, sent and read in binary.

#include <itsm/store/mail.hpp>

namespace itsm::store::postgres {

class Connection;

class Mailbox final : public store::Mailbox {
public:
    explicit Mailbox(Connection& db) : m_db(db) {}
    std::optional<SeenMail> seen(const std::string& key) override;
    long long acknowledgements_since(const std::string& sender, time::Instant since) override;
    std::string last_received(long long ticket) override;
    void record(const ReceivedMail& mail, const std::vector<NewFile>& files) override;
    std::vector<StoredFile> attachments_of(long long ticket) override;
    std::optional<std::pair<StoredFile, std::string>> attachment(long long id) override;

private:
    Connection& m_db;
};

} // namespace itsm::store::postgres
