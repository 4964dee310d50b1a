#pragma once
// The SQLite store's incoming mail (store/mail.hpp).

#include <itsm/store/mail.hpp>

namespace SQLite {
class Database;
}

namespace itsm::store::sqlite {

class Mailbox final : public store::Mailbox {
public:
    explicit Mailbox(SQLite::Database& db) : m_db(db) {}
    std::optional<SeenMail> seen(const std::string& key) override;
    long long acknowledgements_since(const std::string& sender, time::Instant since) override;
    std::string last_received(long long ticket) override;
    void record(const ReceivedMail& mail, const std::vector<NewFile>& files) override;
    std::vector<StoredFile> attachments_of(long long ticket) override;
    std::optional<std::pair<StoredFile, std::string>> attachment(long long id) override;

private:
    SQLite::Database& m_db;
};

} // namespace itsm::store::sqlite
