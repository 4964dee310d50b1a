#pragma once
// The roles of a shared server store (docs/security.md, "The shared store"), made or brought up
// to date by `itsm store init --roles` as one who may create roles: each is a group role without
// login, to which the server's administrator grants the login roles of people and hosts.
//   itsm_agent       logs and works tickets: reads everything, appends events, changes tickets,
//                    takes incoming mail (its messages and attachments are written once)
//   itsm_reader      reads everything (reports, sla-check, exports); writes nothing
//   itsm_org_reader  reads the tickets of its organisation only (itsm_org_members), by row-level
//                    security, so plain psql shows it no more; of incoming mail, the
//                    attachments of those tickets (which `show` lists), not the raw messages
//   itsm_act_for     may write events in another's name (--actor): the mail gateway, a cron host
// Tickets, their events, links, texts, mail and attachments have row-level security: the
// staff's policies see every row, an organisation reader's only its organisation's tickets and
// what hangs on them.

#include <string_view>

namespace itsm::store::postgres {

inline constexpr std::string_view k_roles_sql = R"sql(
DO $$
DECLARE
    r TEXT;
BEGIN
    FOREACH r IN ARRAY ARRAY['itsm_agent', 'itsm_reader', 'itsm_org_reader', 'itsm_act_for'] LOOP
        IF to_regrole(r) IS NULL THEN
            EXECUTE format('CREATE ROLE %I NOLOGIN', r);
        END IF;
    END LOOP;
END
$$;
DO $$
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO itsm_agent, itsm_reader, itsm_org_reader',
                   current_schema());
END
$$;
GRANT SELECT ON itsm_meta, tickets, events, links, ticket_text, outbox, notified, outages,
    maintenance, mail, attachments TO itsm_agent, itsm_reader;
GRANT INSERT, UPDATE ON tickets, outbox, notified, outages, maintenance, ticket_text
    TO itsm_agent;
GRANT INSERT ON events, mail, attachments TO itsm_agent;
GRANT INSERT, DELETE ON links TO itsm_agent;
GRANT DELETE ON notified TO itsm_agent;
GRANT SELECT ON itsm_meta, tickets, events, links, ticket_text, outages, maintenance,
    attachments TO itsm_org_reader;
DO $$
DECLARE
    t TEXT;
BEGIN
    FOREACH t IN ARRAY ARRAY['tickets', 'events', 'links', 'ticket_text', 'mail',
                             'attachments'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS itsm_staff ON %I', t);
        EXECUTE format('CREATE POLICY itsm_staff ON %I TO itsm_agent, itsm_reader '
                       'USING (true) WITH CHECK (true)', t);
        EXECUTE format('DROP POLICY IF EXISTS itsm_own_org ON %I', t);
    END LOOP;
END
$$;
CREATE POLICY itsm_own_org ON tickets FOR SELECT TO itsm_org_reader
    USING (org <> '' AND org = itsm_member_org());
CREATE POLICY itsm_own_org ON events FOR SELECT TO itsm_org_reader
    USING (EXISTS (SELECT 1 FROM tickets t WHERE t.number = events.ticket));
CREATE POLICY itsm_own_org ON links FOR SELECT TO itsm_org_reader
    USING (EXISTS (SELECT 1 FROM tickets t WHERE t.number = links.ticket));
CREATE POLICY itsm_own_org ON ticket_text FOR SELECT TO itsm_org_reader
    USING (EXISTS (SELECT 1 FROM tickets t WHERE t.number = ticket_text.ticket));
CREATE POLICY itsm_own_org ON mail FOR SELECT TO itsm_org_reader
    USING (EXISTS (SELECT 1 FROM tickets t WHERE t.number = mail.ticket));
CREATE POLICY itsm_own_org ON attachments FOR SELECT TO itsm_org_reader
    USING (EXISTS (SELECT 1 FROM tickets t WHERE t.number = attachments.ticket));
)sql";

} // namespace itsm::store::postgres
