#include <itsm/core/error.hpp>
#include <itsm/model/detail.hpp>
#include <itsm/model/event.hpp>
#include <itsm/store/bulk.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/store/hints.hpp>
#include <itsm/store/history.hpp>
#include <itsm/store/postgres/areas.hpp>
#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/postgres/integrity.hpp>
#include <itsm/store/postgres/mail.hpp>
#include <itsm/store/postgres/outbox.hpp>
#include <itsm/store/postgres/reports.hpp>
#include <itsm/store/postgres/roles.hpp>
#include <itsm/store/postgres/rows.hpp>
#include <itsm/store/postgres/schema.hpp>
#include <itsm/store/postgres/sealed.hpp>
#include <itsm/store/postgres/search.hpp>
#include <itsm/store/postgres/store.hpp>
#include <itsm/store/where.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace itsm::store::postgres {

using model::Event;
using model::Ticket;

namespace {

// A row of k_head_columns or k_ticket_columns: the head of a ticket (Part::head), the rest as
// a new one has it.
Ticket head_of(const Result& r, int row) {
    Ticket t;
    t.number = r.integer(row, 0);
    t.type = model::parse_type(r.text(row, 1)).value_or(model::Type::incident);
    t.status = model::parse_status(r.text(row, 2)).value_or(model::Status::new_);
    t.title = r.text(row, 3);
    t.priority = r.text(row, 4);
    t.service = r.text(row, 5);
    t.group = r.text(row, 6);
    t.assignee = r.text(row, 7);
    t.opened_at = time::from_epoch(r.integer(row, 8));
    return t;
}

// A row of k_ticket_columns: the whole ticket.
Ticket ticket_of(const Result& r, int row) {
    auto text = [&](int column) { return std::string(r.text(row, column)); };
    Ticket t = head_of(r, row);
    t.description = text(9);
    t.requester = text(10);
    t.email = text(11);
    t.org = text(12);
    t.channel = text(13);
    t.responded_at = instant_of(r, row, 14);
    t.resolved_at = instant_of(r, row, 15);
    t.closed_at = instant_of(r, row, 16);
    t.updated_at = time::from_epoch(r.integer(row, 17));
    t.tier = static_cast<int>(r.integer(row, 18));
    t.escalation_level = static_cast<int>(r.integer(row, 19));
    t.resolution = text(20);
    t.resolution_code = text(21);
    if (!r.null(row, 22)) {
        t.satisfaction = static_cast<int>(r.integer(row, 22));
    }
    t.comment = text(23);
    t.hold_reason = text(24);
    return t;
}

// Every column of k_ticket_columns but `number`, as $1..$24.
std::vector<Param> ticket_params(const Ticket& t) {
    return {std::string(model::to_string(t.type)),
            std::string(model::to_string(t.status)),
            t.title,
            t.priority,
            t.service,
            t.group,
            t.assignee,
            number_param(time::to_epoch(t.opened_at)),
            t.description,
            t.requester,
            t.email,
            t.org,
            t.channel,
            instant_param(t.responded_at),
            instant_param(t.resolved_at),
            instant_param(t.closed_at),
            number_param(time::to_epoch(t.updated_at)),
            number_param(t.tier),
            number_param(t.escalation_level),
            t.resolution,
            t.resolution_code,
            t.satisfaction ? number_param(*t.satisfaction) : Param(),
            t.comment,
            t.hold_reason};
}

// The event of the columns id, ticket, at, actor, kind, detail, role into `e`, in the memory
// of the event read into it before.
void read_event(const Result& r, int row, Event& e) {
    e.id = r.integer(row, 0);
    e.ticket = r.integer(row, 1);
    e.at = time::from_epoch(r.integer(row, 2));
    e.actor.assign(r.text(row, 3));
    model::set_kind(e, r.text(row, 4));
    model::parse_detail_into(r.text(row, 5), e.detail);
    if (r.null(row, 6)) {
        e.role.reset();
    } else {
        e.role = std::string(r.text(row, 6));
    }
}

Event event_of(const Result& r, int row) {
    Event e;
    read_event(r, row, e);
    return e;
}

std::vector<Param> params_of(const Where& w) {
    std::vector<Param> out;
    for (const auto& v : w.values) {
        out.emplace_back(std::holds_alternative<std::string>(v)
                             ? std::get<std::string>(v)
                             : std::to_string(std::get<std::int64_t>(v)));
    }
    return out;
}

// The schema version in the database: 0 when it is empty, -1 when it holds tables but no
// itsm store.
int stored_version(Connection& db) {
    const Result r = db.run("SELECT to_regclass('itsm_meta') IS NOT NULL, (SELECT count(*) FROM "
                            "pg_catalog.pg_tables WHERE schemaname = current_schema())");
    if (r.text(0, 0) == "t") {
        const Result v = db.run("SELECT value FROM itsm_meta WHERE key = 'schema_version'");
        return v.rows() > 0 ? static_cast<int>(v.integer(0, 0)) : 0;
    }
    return r.integer(0, 1) > 0 ? -1 : 0;
}

StoreError not_itsm(const Connection& db) {
    return StoreError(fmt::format("the database of {} holds other tables but no itsm store; point "
                                  "ITSM_DB at an itsm store's database, or at an empty one and "
                                  "run 'itsm store init'",
                                  db.shown()));
}

StoreError newer(const Connection& db, int version) {
    return StoreError(fmt::format("the store {} has schema version {}, newer than this itsm "
                                  "understands ({}); upgrade itsm to use it (the store was not "
                                  "touched)",
                                  db.shown(), version, k_schema_version));
}

// Whether `store init --roles` made the shared store's roles (roles.hpp) on this server.
bool has_roles(Connection& db) {
    return db.run("SELECT count(*) FROM pg_roles WHERE rolname IN ('itsm_agent', 'itsm_reader', "
                  "'itsm_org_reader', 'itsm_act_for')")
               .integer(0, 0) == 4;
}

// Makes the schema, or brings an older one up to date, in one transaction under the write
// lock; a failure before its commit leaves the database as it was.
void migrate(Connection& db) {
    db.run("BEGIN");
    try {
        db.run(k_write_lock);
        // Read under the lock: of two at once, the second finds the schema made.
        const int version = stored_version(db);
        if (version < 0) {
            throw not_itsm(db);
        }
        if (version > k_schema_version) {
            throw newer(db, version);
        }
        for (auto step = static_cast<std::size_t>(version); step < k_migrations.size(); ++step) {
            db.run(std::string(k_migrations[step]));
        }
        if (version > 0 && version < k_schema_version && has_roles(db)) {
            // A shared store's roles get their rights on the tables the upgrade made.
            db.run(std::string(k_roles_sql));
        }
        db.run("INSERT INTO itsm_meta (key, value) VALUES ('schema_version', $1) ON CONFLICT "
               "(key) DO UPDATE SET value = excluded.value",
               {std::to_string(k_schema_version)});
        db.run("COMMIT");
    } catch (...) {
        db.run_quietly("ROLLBACK");
        throw;
    }
}

} // namespace

Store::Store(const std::string& uri, Mode mode, int busy_timeout_ms)
    : m_db(std::make_unique<Connection>(uri, busy_timeout_ms)), m_busy_timeout_ms(busy_timeout_ms) {
    m_version = stored_version(*m_db);
    if (m_version < 0) {
        throw not_itsm(*m_db);
    }
    if (m_version == 0) {
        throw StoreError(fmt::format("the store {} is not set up yet (its database is empty); run "
                                     "'itsm store init' once, as a user who may create tables "
                                     "in it",
                                     m_db->shown()));
    }
    if (m_version > k_schema_version) {
        throw newer(*m_db, m_version);
    }
    if (m_version < k_schema_version) {
        // A store left at an older schema by an upgrade of itsm is brought up to date by the
        // first command that opens it, reading or not, as a file store is.
        try {
            migrate(*m_db);
        } catch (const StoreError& e) {
            throw StoreError(fmt::format("the store {} has schema version {} and could not be "
                                         "upgraded to {} ({}); run 'itsm store init' as a user "
                                         "who may create tables in its database",
                                         m_db->shown(), m_version, k_schema_version, e.what()));
        }
        m_version = k_schema_version;
    }
    if (mode == Mode::read) {
        m_db->run("SET default_transaction_read_only = on");
    }
}

Store::~Store() {
    if (m_writing) {
        m_db->run_quietly("ROLLBACK");
    }
}

void Store::init(const std::string& uri, int busy_timeout_ms, bool roles) {
    Connection db(uri, busy_timeout_ms);
    migrate(db);
    if (roles) {
        db.run("BEGIN");
        try {
            db.run(k_write_lock);
            db.run(std::string(k_roles_sql));
            db.run("COMMIT");
        } catch (...) {
            db.run_quietly("ROLLBACK");
            throw;
        }
    }
}

void Store::begin_write() {
    if (m_writing) {
        ++m_nested; // a change made inside a larger one joins its transaction
        return;
    }
    m_db->run("BEGIN");
    try {
        m_db->run(k_write_lock);
    } catch (...) {
        m_db->run_quietly("ROLLBACK");
        throw;
    }
    m_writing = true;
}

void Store::commit() {
    if (m_nested > 0) {
        --m_nested;
        return;
    }
    if (m_writing) {
        m_writing = false;
        m_db->run("COMMIT");
    }
}

long long Store::insert_ticket(const Ticket& t) {
    // The number comes from the table's sequence: unique among writers on every host; a
    // transaction rolled back leaves its number unused.
    return m_db
        ->run(fmt::format("INSERT INTO tickets ({}) VALUES (DEFAULT, $1, $2, $3, $4, $5, $6, $7, "
                          "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, "
                          "$22, $23, $24) RETURNING number",
                          k_ticket_columns),
              ticket_params(t))
        .integer(0, 0);
}

void Store::save_ticket(const Ticket& t) {
    auto params = ticket_params(t);
    params.push_back(number_param(t.number));
    m_db->run("UPDATE tickets SET type=$1, status=$2, title=$3, priority=$4, service=$5, grp=$6, "
              "assignee=$7, opened_at=$8, description=$9, requester=$10, email=$11, org=$12, "
              "channel=$13, responded_at=$14, resolved_at=$15, closed_at=$16, updated_at=$17, "
              "tier=$18, escalation_level=$19, resolution=$20, resolution_code=$21, "
              "satisfaction=$22, comment=$23, hold_reason=$24 WHERE number=$25",
              params);
}

void Store::append_event(Event& e) {
    const std::string detail = e.detail.dump();
    const auto at = static_cast<std::int64_t>(time::to_epoch(e.at));
    const Hash hash =
        Chain().next(chain_head(*m_db), e.ticket, at, e.actor, model::stored_kind(e), detail);
    // The role is the server's to say (schema.hpp, version 6): never sent, read back.
    const Result r = m_db->run("INSERT INTO events (ticket, at, actor, kind, detail, hash) VALUES "
                               "($1, $2, $3, $4, $5, decode($6, 'hex')) RETURNING id, role",
                               {number_param(e.ticket), number_param(at), e.actor,
                                std::string(model::stored_kind(e)), detail, to_hex(hash)});
    e.id = r.integer(0, 0);
    e.role = std::string(r.text(0, 1));
}

void Store::add_link(long long from, long long to, const std::string& relation_of_to,
                     const std::string& relation_of_from) {
    const std::string sql = "INSERT INTO links (ticket, other, relation) VALUES ($1, $2, $3) ON "
                            "CONFLICT DO NOTHING";
    m_db->run(sql, {number_param(from), number_param(to), relation_of_to});
    m_db->run(sql, {number_param(to), number_param(from), relation_of_from});
}

bool Store::remove_link(long long a, long long b) {
    return m_db->run("DELETE FROM links WHERE (ticket = $1 AND other = $2) OR (ticket = $2 AND "
                     "other = $1)",
                     {number_param(a), number_param(b)})
               .changed() > 0;
}

std::optional<Ticket> Store::find_ticket(long long number) {
    const Result r =
        m_db->run(fmt::format("SELECT {} FROM tickets WHERE number = $1", k_ticket_columns),
                  {number_param(number)});
    if (r.rows() == 0) {
        return std::nullopt;
    }
    return ticket_of(r, 0);
}

std::vector<Event> Store::events_of(long long number) {
    const Result r = m_db->run("SELECT id, ticket, at, actor, kind, detail, role FROM events "
                               "WHERE ticket = $1 ORDER BY id",
                               {number_param(number)});
    std::vector<Event> events;
    for (int row = 0; row < r.rows(); ++row) {
        events.push_back(event_of(r, row));
    }
    return events;
}

std::vector<Link> Store::links_of(long long number) {
    const Result r = m_db->run("SELECT other, relation FROM links WHERE ticket = $1 ORDER BY other",
                               {number_param(number)});
    std::vector<Link> links;
    for (int row = 0; row < r.rows(); ++row) {
        links.push_back({r.integer(row, 0), std::string(r.text(row, 1))});
    }
    return links;
}

std::vector<MatchedLink> Store::links_of_matching(const Filter& filter) {
    const Where w = where_of(filter, "t.", Placeholders::numbered);
    const Result r = m_db->run(
        fmt::format("SELECT l.ticket, l.other, l.relation, o.type FROM links l JOIN tickets t ON "
                    "t.number = l.ticket JOIN tickets o ON o.number = l.other{} ORDER BY "
                    "l.ticket, l.other",
                    w.sql),
        params_of(w));
    std::vector<MatchedLink> out;
    for (int row = 0; row < r.rows(); ++row) {
        out.push_back({r.integer(row, 0),
                       {r.integer(row, 1), std::string(r.text(row, 2))},
                       model::parse_type(r.text(row, 3)).value_or(model::Type::incident)});
    }
    return out;
}

std::vector<Ticket> Store::list(const Filter& filter) {
    const Where w = where_of(filter, "", Placeholders::numbered);
    std::string sql =
        fmt::format("SELECT {} FROM tickets{} ORDER BY number", k_ticket_columns, w.sql);
    if (filter.limit > 0) {
        sql += fmt::format(" LIMIT {}", filter.limit);
    }
    const Result r = m_db->run(sql, params_of(w));
    std::vector<Ticket> out;
    for (int row = 0; row < r.rows(); ++row) {
        out.push_back(ticket_of(r, row));
    }
    return out;
}

void Store::for_each_with_events(
    const Filter& filter, Part part,
    const std::function<void(const Ticket&, const std::vector<Event>&)>& fn) {
    const Where w = where_of(filter, "t.", Placeholders::numbered);
    // One snapshot for the tickets and their histories, open while the caller reads (it may
    // read more, never write). The whole result is wanted: planned for its first rows, as a
    // cursor is by default, the tickets of a status would be read in number order through the
    // whole table. These queries are short: compiling them (JIT) costs more than it saves.
    const ReadTransaction snapshot(*m_db);
    m_db->run("SET LOCAL cursor_tuple_fraction = 1.0");
    m_db->run("SET LOCAL jit = off");
    Cursor tickets(*m_db, "itsm_tickets",
                   fmt::format("SELECT {} FROM tickets t{} ORDER BY number",
                               part == Part::head ? k_head_columns : k_ticket_columns, w.sql),
                   params_of(w));
    // The histories of each 10,000 tickets by the events' ticket index, in one query: joined
    // to the filter instead, the server read every event of the store to find the few of a
    // status (a million tickets: 350 ms for 16,000 of them). Tickets numbered close together
    // (most of the store open) are read as one range of the index, the others by their
    // numbers; the merge below passes over the events of tickets not chosen. The events are
    // put in order here: sorted by the server, 24,000 events spilled to disk at the default
    // work_mem and took twice the time of their scan. A note's text is left out, as the file
    // store leaves it (store.hpp).
    const std::string columns = fmt::format(
        "SELECT e.id, e.ticket, e.at, e.actor, e.kind, CASE e.kind WHEN '{}' THEN '{{}}' ELSE "
        "e.detail END, e.role FROM events e WHERE ",
        model::to_string(model::EventKind::noted));
    const std::string by_range = columns + "e.ticket BETWEEN $1 AND $2";
    const std::string by_number = columns + "e.ticket = ANY($1::bigint[])";
    struct Key {
        long long ticket = 0;
        long long id = 0;
        int row = 0;
        auto operator<=>(const Key&) const = default;
    };
    std::vector<Key> order;
    constexpr std::size_t k_chunk = 10000;
    std::vector<Ticket> chunk;
    History history;
    // The numbers of a chunk as a PostgreSQL array: "{3,17,42}".
    const auto array_of = [](const std::vector<Ticket>& tickets) {
        std::string out = "{";
        for (const Ticket& t : tickets) {
            out += fmt::format("{}{}", out.size() == 1 ? "" : ",", t.number);
        }
        return out + '}';
    };
    while (tickets.valid()) {
        chunk.clear();
        for (; tickets.valid() && chunk.size() < k_chunk; tickets.next()) {
            chunk.push_back(part == Part::head ? head_of(tickets.rows(), tickets.row())
                                               : ticket_of(tickets.rows(), tickets.row()));
        }
        const long long first = chunk.front().number;
        const long long last = chunk.back().number;
        const bool dense = last - first < 2 * static_cast<long long>(chunk.size());
        const Result events = dense ? m_db->run(by_range, {number_param(first), number_param(last)})
                                    : m_db->run(by_number, {array_of(chunk)});
        order.clear();
        for (int row = 0; row < events.rows(); ++row) {
            order.push_back({events.integer(row, 1), events.integer(row, 0), row});
        }
        std::sort(order.begin(), order.end());
        auto next = order.begin();
        // Each history is read into the same events (store/history.hpp).
        for (const Ticket& t : chunk) {
            while (next != order.end() && next->ticket < t.number) {
                ++next;
            }
            const auto& its_events = history.read([&](Event& e) {
                if (next == order.end() || next->ticket != t.number) {
                    return false;
                }
                read_event(events, next->row, e);
                ++next;
                return true;
            });
            fn(t, its_events);
        }
    }
}

store::Outages& Store::outages() {
    if (!m_outages) {
        m_outages = std::make_unique<Outages>(*m_db);
    }
    return *m_outages;
}

store::TextIndex& Store::text_index() {
    if (!m_text_index) {
        m_text_index = std::make_unique<TextIndex>(*m_db);
    }
    return *m_text_index;
}

store::Outbox& Store::outbox() {
    if (!m_outbox) {
        m_outbox = std::make_unique<Outbox>(*m_db);
    }
    return *m_outbox;
}

store::Mailbox& Store::mailbox() {
    if (!m_mailbox) {
        m_mailbox = std::make_unique<Mailbox>(*m_db);
    }
    return *m_mailbox;
}

store::Reports& Store::reports() {
    if (!m_reports) {
        m_reports = std::make_unique<Reports>(*m_db);
    }
    return *m_reports;
}

store::Integrity& Store::integrity() {
    if (!m_integrity) {
        m_integrity = std::make_unique<Integrity>(*m_db);
    }
    return *m_integrity;
}

long long Store::backup(const std::filesystem::path&, bool) {
    // A server's database is backed up with the server's own tools, which copy it from one
    // snapshot while itsm keeps writing (docs/team-store.md, "Backups").
    throw StoreError(fmt::format("itsm backup copies a file store; back the PostgreSQL store {} up "
                                 "with pg_dump instead (pg_dump --format=custom --file=FILE "
                                 "'{}'), and restore it with pg_restore (docs/team-store.md)",
                                 m_db->shown(), m_db->shown()));
}

int Store::schema_version() const {
    return m_version;
}

std::string Store::location() const {
    return m_db->shown();
}

} // namespace itsm::store::postgres
