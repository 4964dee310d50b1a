#pragma once
// Schema migrations: migrations[i] takes a store from version i to i + 1.

#include <array>
#include <string_view>

namespace itsm::store {

inline constexpr std::array<std::string_view, 10> k_migrations{
    // 0 -> 1: tickets (current state), events (append-only history), links.
    R"sql(
CREATE TABLE tickets (
    number          INTEGER PRIMARY KEY AUTOINCREMENT,
    type            TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    priority        TEXT NOT NULL DEFAULT '',
    service         TEXT NOT NULL DEFAULT '',
    grp             TEXT NOT NULL DEFAULT '',
    assignee        TEXT NOT NULL DEFAULT '',
    requester       TEXT NOT NULL DEFAULT '',
    email           TEXT NOT NULL DEFAULT '',
    org             TEXT NOT NULL DEFAULT '',
    channel         TEXT NOT NULL DEFAULT '',
    opened_at       INTEGER NOT NULL,
    responded_at    INTEGER,
    resolved_at     INTEGER,
    closed_at       INTEGER,
    updated_at      INTEGER NOT NULL,
    tier            INTEGER NOT NULL DEFAULT 0,
    escalation_level INTEGER NOT NULL DEFAULT 0,
    resolution      TEXT NOT NULL DEFAULT '',
    resolution_code TEXT NOT NULL DEFAULT '',
    satisfaction    INTEGER,
    comment         TEXT NOT NULL DEFAULT '',
    hold_reason     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tickets_status ON tickets(status);
CREATE INDEX tickets_opened ON tickets(opened_at);
CREATE INDEX tickets_resolved ON tickets(resolved_at);
CREATE INDEX tickets_closed ON tickets(closed_at);
CREATE INDEX tickets_group ON tickets(grp, status);
CREATE TABLE events (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket  INTEGER NOT NULL REFERENCES tickets(number),
    at      INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    detail  TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX events_ticket ON events(ticket, id);
CREATE TABLE links (
    ticket   INTEGER NOT NULL REFERENCES tickets(number),
    other    INTEGER NOT NULL REFERENCES tickets(number),
    relation TEXT NOT NULL,
    PRIMARY KEY (ticket, other)
);
)sql",
    // 1 -> 2: reports select the tickets first responded to in a period (MTTA) by this column.
    R"sql(
CREATE INDEX tickets_responded ON tickets(responded_at);
)sql",
    // 2 -> 3: service availability. An incident's outage of its service (end NULL: until the
    // ticket is resolved), and maintenance windows announced for a service (docs/availability.md).
    R"sql(
CREATE TABLE outages (
    ticket   INTEGER PRIMARY KEY REFERENCES tickets(number),
    service  TEXT NOT NULL,
    start_at INTEGER NOT NULL,
    end_at   INTEGER
);
CREATE INDEX outages_service ON outages(service, start_at);
CREATE TABLE maintenance (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    service      TEXT NOT NULL,
    from_at      INTEGER NOT NULL,
    to_at        INTEGER NOT NULL,
    emergency    INTEGER NOT NULL DEFAULT 0,
    reason       TEXT NOT NULL DEFAULT '',
    recorded_at  INTEGER NOT NULL,
    actor        TEXT NOT NULL DEFAULT '',
    forced       INTEGER NOT NULL DEFAULT 0,
    cancelled_at INTEGER,
    cancelled_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX maintenance_service ON maintenance(service, from_at);
)sql",
    // 3 -> 4: the audit chain (lib/itsm/store/chain.hpp): each event's SHA-256 over the hash before
    // it and its content. The events already there are hashed right after this step (seal).
    R"sql(
ALTER TABLE events ADD COLUMN hash BLOB;
)sql",
    // 4 -> 5: notifications (an outbox filled in the ticket change's transaction, the threshold
    // notices already sent) and the knowledge base: a full-text index of titles, descriptions,
    // notes and resolutions, kept in step by triggers. The two triggers that index a ticket as
    // it is written (k_text_row_triggers) and the first fill (k_text_fill) follow this step.
    R"sql(
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket      INTEGER NOT NULL REFERENCES tickets(number),
    event       INTEGER,
    kind        TEXT NOT NULL,
    recipients  TEXT NOT NULL,
    subject     TEXT NOT NULL,
    message     TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT '',
    sent_at     INTEGER
);
CREATE INDEX outbox_pending ON outbox(sent_at, id);
CREATE TABLE notified (
    ticket  INTEGER NOT NULL REFERENCES tickets(number),
    clock   TEXT NOT NULL,
    state   TEXT NOT NULL,
    at      INTEGER NOT NULL,
    PRIMARY KEY (ticket, clock, state)
);
CREATE VIRTUAL TABLE ticket_text USING fts5(
    title, description, notes, resolution, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER ticket_text_update AFTER UPDATE OF title, description, resolution ON tickets
WHEN old.title IS NOT new.title OR old.description IS NOT new.description
     OR old.resolution IS NOT new.resolution BEGIN
    UPDATE ticket_text SET title = new.title, description = new.description,
                           resolution = new.resolution
    WHERE rowid = new.number;
END;
CREATE TRIGGER ticket_text_delete AFTER DELETE ON tickets BEGIN
    DELETE FROM ticket_text WHERE rowid = old.number;
END;
)sql",
    // 5 -> 6: a message being delivered is claimed by its sender (when, by the system clock),
    // so that two senders at once never both send it (docs/notifications.md).
    R"sql(
ALTER TABLE outbox ADD COLUMN claimed_at INTEGER;
)sql",
    // 6 -> 7: incoming mail (docs/mail.md): each message `mail-in` took, raw, once per
    // Message-ID, with the ticket and event it became; the files it carried.
    R"sql(
CREATE TABLE mail (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id   TEXT NOT NULL UNIQUE,
    ticket       INTEGER REFERENCES tickets(number),
    event        INTEGER,
    outcome      TEXT NOT NULL,
    sender       TEXT NOT NULL DEFAULT '',
    acknowledged INTEGER NOT NULL DEFAULT 0,
    received_at  INTEGER NOT NULL,
    raw          BLOB NOT NULL
);
CREATE INDEX mail_sender ON mail(sender, received_at);
CREATE INDEX mail_ticket ON mail(ticket);
CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket       INTEGER NOT NULL REFERENCES tickets(number),
    mail         INTEGER REFERENCES mail(id),
    filename     TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         BLOB NOT NULL
);
CREATE INDEX attachments_ticket ON attachments(ticket);
)sql",
    // 7 -> 8: the full-text index stems by Snowball in the languages of [knowledge] (English
    // until a reindex applies others) and keeps the exact words beside the stems
    // (store/stemmer.hpp, docs/knowledge.md). The store refills it (k_text_fill).
    R"sql(
DROP TABLE ticket_text;
CREATE VIRTUAL TABLE ticket_text USING fts5(
    title, description, notes, resolution, tokenize = 'itsm_stem english');
)sql",
    // 8 -> 9: seals on the facts no event records (maintenance, outbox, notified, mail,
    // attachments): their columns and triggers are made from store/seals.hpp's table of what
    // each table seals (seal_schema_sql), and the rows already there are sealed, right after
    // this step (k_seal_version).
    "",
    // 9 -> 10: a report counts the escalations of its period (report/passes.cpp) by this index
    // of the escalation events alone; without it, it read every event of the history.
    R"sql(
CREATE INDEX events_escalated ON events(at) WHERE kind = 'escalated';
)sql",
};

/// The version whose migration adds events.hash: the store seals the existing events (hashes
/// them in id order) in the same transaction, right after that migration's SQL.
inline constexpr std::size_t k_chain_version = 4;

/// The version whose migration adds the full-text index: the store then creates the row
/// triggers below and fills the index (k_text_fill), in the same transaction.
inline constexpr std::size_t k_text_version = 5;

/// The version whose migration makes the index stem (store/stemmer.hpp): refilled likewise.
inline constexpr std::size_t k_stem_version = 8;

/// The version whose migration seals maintenance, outbox, notified, mail and attachments rows
/// (store/seals.hpp): the store adds the columns and triggers and seals the rows already there.
inline constexpr std::size_t k_seal_version = 9;

/// The two triggers that index a ticket as it is written. A bulk import drops them in its
/// transaction, fills the index in one statement (k_text_fill) and creates them again (faster
/// than a trigger per row).
inline constexpr std::array<std::string_view, 2> k_text_row_triggers{
    R"sql(CREATE TRIGGER ticket_text_insert AFTER INSERT ON tickets BEGIN
    INSERT INTO ticket_text (rowid, title, description, notes, resolution)
    VALUES (new.number, new.title, new.description,
            coalesce((SELECT group_concat(json_extract(detail, '$.text'), char(10)) FROM events
                      WHERE ticket = new.number AND kind = 'noted'), ''),
            new.resolution);
END)sql",
    R"sql(CREATE TRIGGER ticket_text_note AFTER INSERT ON events WHEN new.kind = 'noted' BEGIN
    UPDATE ticket_text
    SET notes = CASE WHEN notes = '' THEN '' ELSE notes || char(10) END
                || coalesce(json_extract(new.detail, '$.text'), '')
    WHERE rowid = new.ticket;
END)sql",
};

/// Indexes every ticket the index does not hold yet (with its notes).
inline constexpr std::string_view k_text_fill = R"sql(
INSERT INTO ticket_text (rowid, title, description, notes, resolution)
SELECT number, title, description,
       coalesce((SELECT group_concat(json_extract(detail, '$.text'), char(10)) FROM events
                 WHERE ticket = number AND kind = 'noted'), ''),
       resolution
FROM tickets WHERE number NOT IN (SELECT rowid FROM ticket_text)
)sql";

} // namespace itsm::store
