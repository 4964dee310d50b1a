#!/usr/bin/env bash
# Who is who on a shared server store (docs/security.md, "The shared store"), on a real server
# started by the suite: `store init --roles` makes the roles; each role's allowed and refused
# commands (refusals exit 77 and change nothing); an organisation reader sees exactly its
# organisation's tickets, through itsm and through plain psql; the history is append-only, for
# an agent by its rights and for the owner by a trigger, unless a repair says so; --actor other
# than oneself is for itsm_act_for only; each event records the login role that wrote it, which
# no client can forge, shown beside the actor and exported, kept by a move between servers and
# dropped by a file store.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config mkip
pg_desk
export ITSM_NOW="2026-11-30 12:00"

# as ROLE CMD...: runs itsm CMD connected as ROLE, acting as ROLE unless --actor says otherwise.
as() {
  local role=$1
  shift
  OUT=$(ITSM_DB="postgresql://$role@/desk?host=$PG_DIR" ITSM_ACTOR=$role "$ITSM_BIN" "$@" \
    2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
}

# psql_as ROLE SQL: plain psql as ROLE; prints the values, or the server's error on stderr.
psql_as() {
  "$PG_BIN/psql" -h "$PG_DIR" -U "$1" -d desk -X -q -A -t -v ON_ERROR_STOP=1 -c "$2"
}

# The desk, logged by its owner: tickets of two councils and one without an organisation.
export ITSM_DB=$DESK
itsm log --title "Swale payroll export fails" --org Swale --priority P2 --at "2026-11-10 09:00" \
  >/dev/null
itsm log --title "Maidstone planning portal down" --org Maidstone --priority P1 \
  --at "2026-11-11 09:00" >/dev/null
itsm log --title "Swale printer jams" --org Swale --at "2026-11-12 09:00" >/dev/null
itsm log --title "Desk laptop slow" --at "2026-11-13 09:00" >/dev/null
itsm note INC-1 "payroll vendor called back" >/dev/null
itsm assign INC-2 --group second-line >/dev/null
unset ITSM_DB

run --db "$DESK" store init --roles
expect_code 0 "store init --roles by the owner"
expect_eq "$(pg_sql desk "SELECT string_agg(rolname, ' ' ORDER BY rolname) FROM pg_roles WHERE \
rolname LIKE 'itsm\_%'")" "itsm_act_for itsm_agent itsm_org_reader itsm_reader" "the four roles"
run --db "$DESK" store init --roles
expect_code 0 "store init --roles again: nothing to add"
run --db "$SCRATCH/file.db" store init --roles
expect_error 2 "--roles: the store .* is a file" "roles on a file store"

pg_sql desk "CREATE ROLE ann LOGIN IN ROLE itsm_agent; CREATE ROLE rita LOGIN IN ROLE \
itsm_reader; CREATE ROLE swale LOGIN IN ROLE itsm_org_reader; CREATE ROLE gateway LOGIN IN ROLE \
itsm_agent, itsm_act_for; CREATE ROLE nobody_much LOGIN" >/dev/null
pg_sql desk "INSERT INTO itsm_org_members (member, org) VALUES ('swale', 'Swale')" >/dev/null

# An agent works tickets as itself.
as ann log --title "VPN drops every hour" --org Maidstone
expect_code 0 "agent: log"
expect_eq "$OUT" "INC-5" "agent: the new ticket's id"
as ann assign INC-5 --group service-desk --to ann
expect_code 0 "agent: assign"
as ann note INC-1 "called the vendor again"
expect_code 0 "agent: note"
as ann resolve INC-5 --resolution "Tunnel keepalive set"
expect_code 0 "agent: resolve"
as ann list --format json
expect_eq "$(jq length <<<"$OUT")" "5" "agent: list sees every ticket"
as ann report monthly --month 2026-11 --format json
expect_code 0 "agent: report monthly"
as ann export
expect_code 0 "agent: export"
expect_eq "$(pg_sql desk "SELECT actor FROM events ORDER BY id DESC LIMIT 1")" "ann" \
  "the agent's events name it"

# Each refusal: exit 77, one line naming the role, nothing changed.
refused() { # DESCRIPTION: after `as`, the server refused and the store is as it was
  expect_error 77 "refused this to the role " "$1"
  expect_eq "$(wc -l <<<"$ERR")" "1" "$1: one line"
  expect_eq "$(server_digest)" "$before" "$1: nothing changed"
}
before=$(server_digest)
as ann log --title "Logged in another's name" --actor bob
refused "agent: --actor other than itself"
expect_match "$ERR" "role ann may not act as bob" "agent: the trigger says why"
as ann store init --roles
refused "agent: store init --roles"
as rita log --title "A reader's ticket"
refused "reader: log"
as rita assign INC-3 --group service-desk
refused "reader: assign"
as rita note INC-1 "a reader's note"
refused "reader: note"
as swale log --title "The council's own ticket" --org Swale
refused "organisation reader: log"
as nobody_much list
expect_error 77 "refused this to the role nobody_much: permission denied" \
  "a role with no itsm role: list"

# A reader reads everything and writes nothing.
as rita list --format json
expect_eq "$(jq length <<<"$OUT")" "5" "reader: list sees every ticket"
as rita show INC-2
expect_code 0 "reader: show"
as rita report monthly --month 2026-11
expect_code 0 "reader: report monthly"
as rita export
expect_code 0 "reader: export"
as rita sla-check --tickets-only --format json
expect_match "$CODE" "^[01]$" "reader: sla-check reads (exit $CODE)"

# An organisation reader sees its organisation's tickets only, through every listing command and
# through psql; the others are not there for it (exit 3, as for no ticket at all).
as swale list --format json
expect_eq "$(jq -r '[.[].id] | join(" ")' <<<"$OUT")" "INC-1 INC-3" "organisation reader: list"
as swale show INC-1 --format json
expect_eq "$(jq -r '.events | length' <<<"$OUT")" "3" \
  "organisation reader: its ticket's whole history"
as swale show INC-2
expect_error 3 "no ticket INC-2" "organisation reader: another council's ticket"
as swale search payroll --format json
expect_match "$OUT" '"INC-1"' "organisation reader: search finds its ticket"
as swale search portal --format json
expect_eq "$(jq -r '[.. | objects | select(has("id")) | .id] | length' <<<"$OUT")" "0" \
  "organisation reader: search does not find another council's"
as swale report monthly --month 2026-11 --format json
expect_code 0 "organisation reader: report monthly"
expect_eq "$(jq -r '.opened' <<<"$OUT")" "2" "organisation reader: the report counts its two"
as swale export
expect_eq "$(grep -c '^{"number"' <<<"$OUT")" "2" "organisation reader: export holds its two"
expect_eq "$(psql_as swale "SELECT string_agg(number::text, ' ' ORDER BY number) FROM tickets")" \
  "1 3" "organisation reader: psql shows its tickets only"
expect_eq "$(psql_as swale "SELECT count(DISTINCT ticket) FROM events")" "2" \
  "organisation reader: psql shows its tickets' events only"
expect_eq "$(psql_as swale "SELECT count(*) FROM events WHERE ticket = 2")" "0" \
  "organisation reader: no event of another council's ticket"

# The history is append-only: an agent may not edit or delete an event with psql; the owner is
# stopped by the trigger unless the transaction says it is a repair.
before=$(server_digest)
psql_as ann "UPDATE events SET actor = 'mallory' WHERE id = 1" 2>"$SCRATCH/psql.err"
expect_eq "$?" "1" "agent: psql UPDATE of an event fails"
expect_match "$(cat "$SCRATCH/psql.err")" "permission denied for table events" \
  "agent: the server says why"
psql_as ann "DELETE FROM events WHERE id = 1" 2>"$SCRATCH/psql.err"
expect_eq "$?" "1" "agent: psql DELETE of an event fails"
psql_as ann "INSERT INTO events (ticket, at, actor, kind, hash) VALUES (1, 0, 'bob', 'noted', \
'\\x00')" 2>"$SCRATCH/psql.err"
expect_eq "$?" "1" "agent: psql INSERT of an event in another's name fails"
expect_match "$(cat "$SCRATCH/psql.err")" "role ann may not act as bob" "the actor trigger"
pg_sql desk "DELETE FROM events WHERE id = (SELECT max(id) FROM events)" 2>"$SCRATCH/psql.err"
expect_eq "$?" "1" "owner: psql DELETE of an event fails"
expect_match "$(cat "$SCRATCH/psql.err")" "the history is append-only: DELETE of events" \
  "owner: the trigger says why"
pg_sql desk "TRUNCATE events CASCADE" 2>"$SCRATCH/psql.err"
expect_eq "$?" "1" "owner: TRUNCATE of the history fails"
expect_eq "$(server_digest)" "$before" "the refused edits changed nothing"
run --db "$DESK" check
expect_code 0 "check after the refused edits"
pg_sql desk "SET itsm.maintenance = on; UPDATE events SET actor = 'mallory' WHERE id = 1" \
  >/dev/null
expect_eq "$?" "0" "owner: a repair's transaction may edit an event"
run --db "$DESK" check
expect_error 6 "chain: event 1 does not match its hash" "check reports the repaired event"

# The mail gateway and the cron host act for others.
as gateway log --title "Reply from a customer" --actor "customer@swale.gov.uk" --org Swale
expect_code 0 "act-for role: --actor another"
relayed=$OUT # refused commands left their numbers unused: the next is not INC-6
expect_eq "$(pg_sql desk "SELECT actor FROM events ORDER BY id DESC LIMIT 1")" \
  "customer@swale.gov.uk" "the event names the customer"

# The server says who acted: each event records the login role that wrote it beside the actor
# (docs/security.md, "Who acted"), in show, its JSON and the export.
as rita show INC-5 --format json
expect_eq "$(jq -c '[.events[] | [.actor, .role]] | unique' <<<"$OUT")" '[["ann","ann"]]' \
  "an agent's events: actor and role are the agent"
as rita show INC-5
expect_match "$OUT" $'\n  [-0-9: ]+  ann +logged ' "text: an agent's own event names the actor only"
as rita show "$relayed" --format json
expect_eq "$(jq -c '.events[0] | [.actor, .role]' <<<"$OUT")" '["customer@swale.gov.uk","gateway"]' \
  "act-for: the actor is the customer, the role the gateway's login"
as rita show "$relayed"
expect_match "$OUT" "customer@swale.gov.uk via gateway logged " "text: the actor via the role"
as swale show INC-1 --format json
expect_eq "$(jq -c '[.events[] | .role] | unique' <<<"$OUT")" '["ann","itsm"]' \
  "the owner's and the agent's events name them"
as rita export
expect_match "$(grep -F "\"id\":\"$relayed\"" <<<"$OUT")" \
  '"events":\[\{"at":"[^"]*","actor":"customer@swale.gov.uk","role":"gateway","kind":"logged"' \
  "the export carries the actor and the role"
printf '%s\n' "$OUT" >"$SCRATCH/roles.ndjson"

# A client cannot say which role it is: the server puts the session's login role over any role
# sent, for an agent, for a role that may act for others, for one that says it is importing, and
# for the owner outside an import. (Each in a transaction rolled back: RETURNING shows the row.)
forged() { # ROLE [SQL]: the role the server records when ROLE, after SQL, inserts role 'mallory'
  local before=()
  [ -n "${2:-}" ] && before=(-c "$2")
  "$PG_BIN/psql" -h "$PG_DIR" -U "$1" -d desk -X -q -A -t -v ON_ERROR_STOP=1 -c "BEGIN" \
    "${before[@]}" -c "INSERT INTO events (ticket, at, actor, role, kind, hash) VALUES (5, 0, \
'$1', 'mallory', 'noted', '\\x00') RETURNING role" -c "ROLLBACK"
}
expect_eq "$(forged ann)" "ann" "an agent's forged role is replaced by its own"
expect_eq "$(forged ann "SET LOCAL itsm.import = on")" "ann" \
  "an agent that says it imports gets its own role too"
expect_eq "$(forged gateway "SET LOCAL itsm.import = on")" "gateway" \
  "a role acting for others cannot name another role"
expect_eq "$(forged itsm)" "itsm" "the owner outside an import gets its own role"
expect_eq "$(forged itsm "SET LOCAL itsm.import = on")" "mallory" \
  "the owner's import keeps the role it is given (a desk moved between servers)"
psql_as ann "UPDATE events SET role = 'mallory' WHERE id = 1" 2>"$SCRATCH/psql.err"
expect_eq "$?" "1" "agent: psql UPDATE of an event's role fails"
expect_eq "$(pg_sql desk "SELECT count(*) FROM events WHERE role IS NULL OR role = 'mallory'")" \
  "0" "no event without a role or with a forged one"

# A desk moved to another server by its owner keeps the roles: the same bytes exported again,
# and check finds the moved store sound. Into a file store the roles are dropped: its export is
# the server's without them.
pg_sql postgres "CREATE DATABASE moved" >/dev/null
MOVED=$(pg_uri moved)
itsm --db "$MOVED" store init >/dev/null || fail "setup: store init moved"
run --db "$MOVED" import "$SCRATCH/roles.ndjson"
expect_code 0 "the export imported into another server"
expect_eq "$(pg_sql moved "SELECT string_agg(DISTINCT role, ' ' ORDER BY role) FROM events")" \
  "ann gateway itsm" "the roles are kept"
expect_eq "$(itsm --db "$MOVED" export)" "$(cat "$SCRATCH/roles.ndjson")" \
  "the moved desk exports the same bytes, roles included"
run --db "$MOVED" check
expect_code 0 "check of the moved desk"
run --db "$SCRATCH/roles.db" import "$SCRATCH/roles.ndjson"
expect_code 0 "the export imported into a file store"
expect_eq "$(itsm --db "$SCRATCH/roles.db" export)" \
  "$(sed 's/,"role":"[^"]*"//g' "$SCRATCH/roles.ndjson")" "the file store drops the roles"
run --db "$SCRATCH/roles.db" show "$relayed" --format json
expect_eq "$(jq -c '.events[0] | [.actor, .role]' <<<"$OUT")" '["customer@swale.gov.uk",null]' \
  "a file store's events have no role"

# A role that is not a string, or holds a control character, is refused like any bad line.
for bad in '5' '"ann\\u001b[2J"'; do # (sed's replacement: \\u is \u)
  sed "s/\"role\":\"gateway\"/\"role\":$bad/" "$SCRATCH/roles.ndjson" >"$SCRATCH/bad-role.ndjson"
  pg_sql postgres "DROP DATABASE IF EXISTS fresh" >/dev/null
  pg_sql postgres "CREATE DATABASE fresh" >/dev/null
  itsm --db "$(pg_uri fresh)" store init >/dev/null || fail "setup: store init fresh"
  fresh_before=$(server_digest fresh)
  run --db "$(pg_uri fresh)" import "$SCRATCH/bad-role.ndjson"
  expect_error 2 "bad-role.ndjson:6: .*; nothing was imported$" "a role of $bad is refused"
  expect_eq "$(wc -l <<<"$ERR")" "1" "a role of $bad: one line"
  expect_eq "$(server_digest fresh)" "$fresh_before" "a role of $bad: nothing imported"
done

finish
