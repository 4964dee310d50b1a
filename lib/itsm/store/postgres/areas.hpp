#pragma once
// The areas of the PostgreSQL store beside tickets and events (store/store.hpp): outages and
// maintenance windows (the full-text index is in search.hpp); and those it does not hold yet, which
// say so with one message (docs/team-store.md).

#include <itsm/core/error.hpp>
#include <itsm/store/mail.hpp>
#include <itsm/store/outages.hpp>

#include <string_view>

namespace itsm::store::postgres {

class Connection;

/// The error of an area the PostgreSQL store does not hold yet (exit 6); `what` names it
/// ("outages and maintenance windows").
StoreError unsupported(std::string_view what);

/// Outages and maintenance windows (outages.cpp), as in the file store; maintenance windows are
/// sealed (sealed.hpp).
class Outages final : public store::Outages {
public:
    explicit Outages(Connection& db) : m_db(db) {}
    std::optional<Outage> find(long long ticket) override;
    void save(const Outage& outage) override;
    void move(long long ticket, const std::string& service) override;
    std::vector<Outage> overlapping(const std::string& service, time::Instant from,
                                    time::Instant to) override;
    long long insert_maintenance(const Maintenance& m) override;
    std::optional<Maintenance> find_maintenance(long long id) override;
    bool cancel_maintenance(long long id, time::Instant at, const std::string& actor) override;
    std::vector<Maintenance> maintenance(const MaintenanceFilter& filter) override;

private:
    Connection& m_db;
};

/// Incoming mail and attachments: none can be kept yet (mail-in, reply and `attachment get`
/// are refused), so a ticket's list of files, which `show` reads, is truthfully empty.
class Mailbox final : public store::Mailbox {
public:
    std::optional<SeenMail> seen(const std::string& key) override;
    long long acknowledgements_since(const std::string& sender, time::Instant since) override;
    std::string last_received(long long ticket) override;
    void record(const ReceivedMail& mail, const std::vector<NewFile>& files) override;
    std::vector<StoredFile> attachments_of(long long ticket) override;
    std::optional<std::pair<StoredFile, std::string>> attachment(long long id) override;
};

} // namespace itsm::store::postgres
