#!/usr/bin/env bash
# The PostgreSQL store (docs/team-store.md) on a real server started by the suite: `itsm store
# init`, the same commands on a file store and on the server with byte-identical output and the
# same audit-chain hashes, and the refusals: a database not set up, a database that is not
# there, a newer schema, a database of other tables; and the upgrade of an older schema.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office
pg_start
pg_sql postgres "CREATE DATABASE desk" >/dev/null
pg_sql postgres "CREATE DATABASE empty" >/dev/null
pg_sql postgres "CREATE DATABASE other" >/dev/null
pg_sql other "CREATE TABLE inventory (id int)" >/dev/null
DESK=$(pg_uri desk)

# store init sets the database up, once; a second init leaves it as it is.
run --db "$DESK" store init
expect_code 0 "store init on an empty database"
expect_eq "$OUT" "$DESK" "store init prints the store's URI"
VERSION=$(pg_sql desk "SELECT value FROM itsm_meta WHERE key = 'schema_version'")
expect_eq "$VERSION" "$(pg_version)" "the schema version is kept in the database"
run --db "$DESK" store init
expect_code 0 "store init again"
# On a file store it creates the store, as a first write does.
run --db "$SCRATCH/new/desk.db" store init
expect_code 0 "store init on a file store"
expect_eq "$OUT" "$SCRATCH/new/desk.db" "prints the file"
expect_eq "$(sql "$SCRATCH/new/desk.db" "PRAGMA user_version")" \
  "$("$ITSM_BIN" --version | sed 's/.*schema \([0-9]*\))/\1/')" "the file store is created"

# session: the same desk's day, each command's exit code and output in the transcript.
session() {
  step log --title "Printer on floor 2 jams" --priority P3a --service email --requester "Ann Lee" \
    --channel phone --at "2026-11-27 17:30"
  step log --type request --title "New starter laptop" --priority P4 --at "2026-11-30 09:00"
  step log --title "Mail down for finance" --priority P1 --group second-line --at "2026-11-30 09:10"
  step log --title "Ünïcödé 'quoted'; DROP TABLE tickets; --" --priority P2 --at "2026-11-30 09:20"
  step log --title "Website slow" --priority P3a --service website --at "2026-11-30 09:25"
  step assign INC-1 --group second-line --to alice --at "2026-11-30 08:10"
  step assign INC-3 --to bob --at "2026-11-30 09:30"
  step hold INC-1 --reason "awaiting requester" --at "2026-11-30 09:00"
  step hold INC-1 --reason "again" --at "2026-11-30 09:05"
  step resume INC-1 --at "2026-11-30 10:00"
  step note INC-1 "Called Ann; it's the fuser unit" --at "2026-11-30 10:05"
  step update INC-1 --priority P2 --at "2026-11-30 10:06"
  step escalate INC-1 --reason "needs the supplier" --at "2026-11-30 10:10"
  step escalate INC-1 --hierarchical --reason "VIP" --at "2026-11-30 10:12"
  step escalate INC-1 --to-type problem --at "2026-11-30 10:13"
  step resolve INC-1 --resolution "Fuser replaced" --code fixed --at "2026-11-30 11:00"
  step close INC-1 --satisfaction 5 --comment "Quick" --at "2026-11-30 12:00"
  step note INC-1 "late note" --at "2026-11-30 12:30"
  step reopen INC-1 --reason "jams again" --at "2026-12-01 09:00"
  step close REQ-2 --resolution "Laptop delivered" --at "2026-12-01 10:00"
  step resolve INC-3 --resolution "Restarted the relay" --at "2026-12-01 10:30"
  step link INC-5 PRB-6
  step link INC-4 PRB-6
  step unlink INC-5 PRB-6
  for id in INC-1 REQ-2 INC-3 INC-4 INC-5 PRB-6 INC-99; do
    step show "$id" --format json
    step show "$id"
  done
  step list --format json
  step list --format csv
  step list
  step list --status closed --format json
  step list --status open --format csv
  step list --priority P3a --format json
  step list --group second-line --format csv
  step list --assignee alice --format json
  step list --service website --format json
  step list --type problem --format csv
  step list --since 2026-11-30 --format json
  step list --until 2026-11-30 --format csv
  step list --breached --format json
  step list --at-risk --format csv
  step sla-check --format json
  step sla-check
  step sla-check --tickets-only --format json
  step sla-check --escalate --format json
  step list --format json
}
export ITSM_NOW="2026-12-02 12:00"
same_on_both "a desk's day" "$SCRATCH/file.db" "$DESK" session
expect_eq "$(grep -E '^(INC|REQ|PRB)-[0-9]+$' "$SCRATCH/session.server" | head -6 | tr '\n' ' ')" \
  "INC-1 REQ-2 INC-3 INC-4 INC-5 PRB-6 " "the server numbers the tickets as the file does"
expect_eq "$(grep -c '^== exit 0$' "$SCRATCH/session.server")" "$(grep -c '^== exit 0$' "$SCRATCH/session.file")" \
  "as many steps succeed on both"
checks_alike "a desk's day" "$SCRATCH/file.db" "$DESK"
# Completion offers the same ticket ids and values used on tickets from both stores.
completions() {
  step __complete show ""
  step __complete assign INC-1 --group ""
  step __complete list --assignee ""
  step __complete list --service ""
}
same_on_both "completion from the store" "$SCRATCH/file.db" "$DESK" completions
expect_match "$(cat "$SCRATCH/completions.server")" $'INC-1\t' "completion offers ticket ids"
# The audit chain: the same hashes, event for event.
expect_eq "$(pg_sql desk "SELECT upper(encode(hash, 'hex')) FROM events ORDER BY id")" \
  "$(sql "$SCRATCH/file.db" "SELECT hex(hash) FROM events ORDER BY id")" \
  "both stores chain the events to the same hashes"
unset ITSM_NOW

# Many writers at once: every ticket gets its own number, every event its place in the chain.
for i in $(seq 1 8); do
  "$ITSM_BIN" --db "$DESK" log --title "parallel $i" --at "2026-12-02 13:00" >"$SCRATCH/par.$i" 2>&1 &
done
wait
expect_eq "$(cat "$SCRATCH"/par.* | sort -u | grep -c '^INC-')" "8" "eight writers, eight ids"
expect_eq "$(pg_sql desk "SELECT count(*) FROM tickets")" "14" "every ticket written"

# A database not set up: says to run `itsm store init`, and writes nothing.
EMPTY=$(pg_uri empty)
run --db "$EMPTY" list
expect_error 6 "itsm store init" "list on a database not set up"
run --db "$EMPTY" log --title "nothing yet"
expect_error 6 "itsm store init" "log on a database not set up"
expect_eq "$(pg_sql empty "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" "0" \
  "nothing was created"

# A database that is not there, or a socket nobody listens on: the URI named, the password not.
run --db "postgresql://itsm:s3cret@/nosuch?host=$PG_DIR" list
expect_error 6 "postgresql://itsm@/nosuch" "a database that is not there"
expect_match "$ERR" "nosuch" "the message names the database"
CHECKS=$((CHECKS + 1))
[[ $ERR == *s3cret* ]] && fail "the password is not shown: $ERR"
run --db "postgres:///desk?host=$SCRATCH/nowhere&password=hunter2" store init
expect_error 6 "^itsm: error: cannot connect to the store postgres:///desk\?host=$SCRATCH/nowhere" \
  "a socket nobody listens on"
CHECKS=$((CHECKS + 1))
[[ $ERR == *hunter2* ]] && fail "the password parameter is not shown: $ERR"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"

# A database of other tables is not taken for a store, nor set up over.
run --db "$(pg_uri other)" list
expect_error 6 "other tables but no itsm store" "a database that is not an itsm store"
run --db "$(pg_uri other)" store init
expect_error 6 "other tables but no itsm store" "store init on a database of other tables"

# A newer schema is refused, the store untouched.
pg_sql desk "UPDATE itsm_meta SET value = '99' WHERE key = 'schema_version'" >/dev/null
run --db "$DESK" list
expect_error 6 "newer than this itsm understands" "a newer schema is refused"
run --db "$DESK" store init
expect_error 6 "newer than this itsm understands" "store init refuses a newer schema"
expect_eq "$(pg_sql desk "SELECT value FROM itsm_meta WHERE key = 'schema_version'")" "99" \
  "the store was not touched"
pg_sql desk "UPDATE itsm_meta SET value = '$VERSION' WHERE key = 'schema_version'" >/dev/null

# A store of schema version 1 (tickets, events, links; what the later versions add not there) is
# upgraded by the first command that opens it, in one transaction, and keeps its tickets; a user
# who may not create tables gets one error line, exit 6, and the store stays at version 1.
make_v1() { # DATABASE: a version 1 store of two tickets
  pg_sql postgres "CREATE DATABASE $1" >/dev/null
  itsm --db "$(pg_uri "$1")" store init >/dev/null
  itsm --db "$(pg_uri "$1")" log --title "kept 1" --at "2026-12-01 09:00" >/dev/null
  itsm --db "$(pg_uri "$1")" log --title "kept 2" --at "2026-12-01 09:05" >/dev/null
  pg_sql "$1" "SET client_min_messages = warning; DROP TABLE attachments, mail, outbox, notified, outages, maintenance, ticket_text; DROP FUNCTION \
itsm_text_changed, itsm_text_index, itsm_text_vector, itsm_text_configs, itsm_text_stems, \
itsm_text_fill, itsm_events_append_only, itsm_events_actor, itsm_may_act_for_others, \
itsm_member_org, itsm_owns_store, itsm_events_role CASCADE; DROP TABLE itsm_org_members; \
ALTER TABLE events DROP COLUMN role; DROP INDEX events_escalated; ALTER TABLE links ADD FOREIGN KEY (other) REFERENCES tickets(number); \
UPDATE itsm_meta SET value = '1' WHERE key = 'schema_version'" >/dev/null
}
make_v1 old
pg_sql postgres "CREATE ROLE reader LOGIN" >/dev/null
pg_sql old "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader" >/dev/null
run --db "postgresql://reader@/old?host=$PG_DIR" list --format json
expect_error 6 "has schema version 1 and could not be upgraded to $VERSION .*run 'itsm store init'" \
  "a user who may not create tables cannot upgrade"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"
expect_eq "$(pg_sql old "SELECT value FROM itsm_meta WHERE key = 'schema_version'")" "1" \
  "the failed upgrade left version 1"
expect_eq "$(pg_sql old "SELECT count(*) FROM pg_tables WHERE tablename = 'outbox'")" "0" \
  "and created nothing"
run --db "$(pg_uri old)" list --format json
expect_code 0 "the owner's first command upgrades the store"
expect_eq "$(jq -r '[.[].title] | join(",")' <<<"$OUT")" "kept 1,kept 2" "the tickets are kept"
expect_eq "$(pg_sql old "SELECT value FROM itsm_meta WHERE key = 'schema_version'")" "$VERSION" \
  "upgraded to the current version"
run --db "$(pg_uri old)" log --title "after" --at "2026-12-01 10:00"
expect_eq "$OUT" "INC-3" "numbering goes on after the upgrade"
# The events from before version 6 have no role (the server did not record it; the upgrade does
# not make one up), the new one the role that wrote it (docs/security.md, "Who acted").
run --db "$(pg_uri old)" show INC-1 --format json
expect_eq "$(jq -c '[.events[].role]' <<<"$OUT")" "[null]" "an old event has no role"
run --db "$(pg_uri old)" show INC-3 --format json
expect_eq "$(jq -c '[.events[].role]' <<<"$OUT")" '["itsm"]' "a new event has its writer's"
run --db "$(pg_uri old)" export
expect_eq "$(grep -c '"role"' <<<"$OUT")" "1" "the export names the one role recorded"
run --db "$(pg_uri old)" check
expect_code 0 "check after the upgrade"
make_v1 old2
run --db "$(pg_uri old2)" store init
expect_code 0 "store init upgrades a version 1 store"
expect_eq "$(pg_sql old2 "SELECT value FROM itsm_meta WHERE key = 'schema_version'")" \
  "$VERSION" "store init: upgraded"
expect_eq "$(pg_sql old2 "SELECT count(*) FROM tickets")" "2" "store init: the tickets kept"

finish
