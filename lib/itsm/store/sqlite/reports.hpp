#pragma once
// The SQLite store's figures for reports (store/reports.hpp).

#include <itsm/store/reports.hpp>

namespace SQLite {
class Database;
}

namespace itsm::store::sqlite {

class Reports final : public store::Reports {
public:
    explicit Reports(SQLite::Database& db) : m_db(db) {}
    std::unique_ptr<Snapshot> snapshot() override;
    ChainHead chain_head() override;
    bool ticket_uses(ReportKey key, const std::string& value) override;
    void period_tickets(
        time::Instant from, time::Instant until, const ReportFilter& filter,
        const std::function<bool(model::EventKind kind)>& needs_detail,
        const std::function<void(const PeriodTicket&, std::span<const model::Event>)>& fn) override;
    void open_tickets(time::Instant at, const ReportFilter& filter,
                      const std::function<void(const OpenTicket&)>& fn) override;
    void escalations(time::Instant from, time::Instant until, const ReportFilter& filter,
                     const std::function<void(const nlohmann::json& detail)>& fn) override;
    std::vector<long long> instants(Milestone milestone, time::Instant from, time::Instant until,
                                    const ReportFilter& filter) override;

private:
    SQLite::Database& m_db;
};

} // namespace itsm::store::sqlite
