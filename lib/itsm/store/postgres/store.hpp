#pragma once
// The PostgreSQL store (store/store.hpp): a team's tickets, events and links in a server's
// database, named by a connection URI (docs/team-store.md). Its schema (schema.hpp) is made by
// `itsm store init`; its areas are in areas.hpp, mail.hpp, outbox.hpp, reports.hpp and search.hpp.

#include <itsm/store/store.hpp>

#include <memory>
#include <string>

namespace itsm::store::postgres {

class Connection;

class Store final : public store::Store {
public:
    /// Connects to the database of `uri`. Throws StoreError (exit 6) when it cannot connect,
    /// when the database holds no itsm store yet (run `itsm store init`), is not an itsm store
    /// or has a newer schema. In read mode the connection cannot write.
    Store(const std::string& uri, Mode mode, int busy_timeout_ms = k_default_busy_timeout_ms);
    ~Store() override;

    /// Creates the schema in the database of `uri`, or brings an older one up to date, in one
    /// transaction; does nothing to a current one and refuses a newer one (StoreError). With
    /// `roles`, also makes the shared store's roles and grants them their rights (roles.hpp).
    static void init(const std::string& uri, int busy_timeout_ms, bool roles = false);

    void begin_write() override;
    void commit() override;

    long long insert_ticket(const model::Ticket& ticket) override;
    void save_ticket(const model::Ticket& ticket) override;
    void append_event(model::Event& event) override;
    void add_link(long long from, long long to, const std::string& relation_of_to,
                  const std::string& relation_of_from) override;
    bool remove_link(long long a, long long b) override;

    std::optional<model::Ticket> find_ticket(long long number) override;
    std::vector<model::Event> events_of(long long number) override;
    std::vector<Link> links_of(long long number) override;
    std::vector<MatchedLink> links_of_matching(const Filter& filter) override;
    std::vector<model::Ticket> list(const Filter& filter) override;
    void for_each_with_events(
        const Filter& filter, Part part,
        const std::function<void(const model::Ticket&, const std::vector<model::Event>&)>& fn)
        override;

    store::Outages& outages() override;
    store::Outbox& outbox() override;
    store::TextIndex& text_index() override;
    store::Mailbox& mailbox() override;
    store::Reports& reports() override;
    store::Integrity& integrity() override;

    std::unique_ptr<ImportWriter> begin_import() override;
    std::unique_ptr<TicketReader> read_tickets(const ExportPeriod& period, bool history) override;
    std::vector<TicketHint> ticket_hints(std::size_t limit) override;
    std::vector<std::string> field_hints(Field field, std::size_t limit) override;
    long long backup(const std::filesystem::path& to, bool force) override;

    int schema_version() const override;
    int busy_timeout_ms() const override { return m_busy_timeout_ms; }
    std::string location() const override;

private:
    std::unique_ptr<Connection> m_db;
    bool m_writing = false; // inside the transaction begun by begin_write
    int m_nested = 0;       // begin_write calls joined to it
    int m_busy_timeout_ms = k_default_busy_timeout_ms;
    int m_version = 0;
    std::unique_ptr<store::Outages> m_outages;
    std::unique_ptr<store::TextIndex> m_text_index;
    std::unique_ptr<store::Mailbox> m_mailbox;
    std::unique_ptr<store::Reports> m_reports;
    std::unique_ptr<store::Outbox> m_outbox;
    std::unique_ptr<store::Integrity> m_integrity;
};

} // namespace itsm::store::postgres
