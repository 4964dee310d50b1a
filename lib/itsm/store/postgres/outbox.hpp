#pragma once
// The PostgreSQL store's outbox (store/outbox.hpp): messages queued in the change's transaction,
// each claimed by one sender, and the threshold notices sent; rows sealed as in the file store
// (sealed.hpp).

#include <itsm/store/outbox.hpp>

namespace itsm::store::postgres {

class Connection;

class Outbox final : public store::Outbox {
public:
    explicit Outbox(Connection& db) : m_db(db) {}
    void queue(const Outgoing& message) override;
    bool mark_notified(long long ticket, const std::string& clock, const std::string& state,
                       time::Instant at) override;
    std::vector<Queued> list(bool all) override;
    std::vector<Unsent> unsent(bool retry, std::int64_t expired) override;
    bool claim(long long id, int attempts, std::int64_t clock, std::int64_t expired) override;
    void finish(long long id, const std::string& error,
                std::optional<time::Instant> sent_at) override;

private:
    Connection& m_db;
};

} // namespace itsm::store::postgres
