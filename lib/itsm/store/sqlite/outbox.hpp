#pragma once
// The SQLite store's outbox (store/outbox.hpp).

#include <itsm/store/outbox.hpp>

namespace SQLite {
class Database;
}

namespace itsm::store::sqlite {

class Outbox final : public store::Outbox {
public:
    explicit Outbox(SQLite::Database& db) : m_db(db) {}
    void queue(const Outgoing& message) override;
    bool mark_notified(long long ticket, const std::string& clock, const std::string& state,
                       time::Instant at) override;
    std::vector<Queued> list(bool all) override;
    std::vector<Unsent> unsent(bool retry, std::int64_t expired) override;
    bool claim(long long id, int attempts, std::int64_t clock, std::int64_t expired) override;
    void finish(long long id, const std::string& error,
                std::optional<time::Instant> sent_at) override;

private:
    SQLite::Database& m_db;
};

} // namespace itsm::store::sqlite
