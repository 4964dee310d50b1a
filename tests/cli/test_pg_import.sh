#!/usr/bin/env bash
# Import into the PostgreSQL store (docs/export-import.md, docs/team-store.md), on a real server
# started by the suite: a desk moved from a file store to the server and back loses nothing (the
# exports are the same bytes, `check` is clean, numbering goes on after the imported tickets);
# CSV rows and imports into a store that has tickets behave as on a file store; a refused import
# gives the file store's message and exit code and leaves the server as it was; backups are
# refused with the way to make one (pg_dump).
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office
pg_desk
export ITSM_NOW="2026-12-10 12:00"

on_file() { itsm --db "$FILE" "$@" >/dev/null || fail "setup: itsm $*"; }

# same_file A B DESCRIPTION: the two files are the same bytes.
same_file() {
  CHECKS=$((CHECKS + 1))
  cmp -s "$1" "$2" || fail "$3: $(diff "$1" "$2" | head -6)"
}

# A desk on the file store: every kind of event, texts with quotes, newlines and other scripts,
# links made and taken away, an outage recorded and moved, a maintenance window.
on_file log --title "Mail bounces" --priority P2 --service email --channel phone \
  --requester "Ann Lee" --email ann@example.org --org Finance \
  --description $'relay "quoted",\twith a tab\nand a second line' --at "2026-10-28 10:00"
on_file assign INC-1 --group helpdesk --to alice --at "2026-10-28 10:30"
on_file note INC-1 "relay logs show ünïcode — 日本語" --at "2026-10-28 11:00"
on_file hold INC-1 --reason "awaiting requester" --at "2026-10-29 09:00"
on_file resume INC-1 --at "2026-10-30 09:00"
on_file escalate INC-1 --to-type problem --title "Relay keeps failing" --at "2026-10-30 10:00"
on_file resolve INC-1 --resolution $'Relay fixed\nsee PRB-2' --code fixed --at "2026-11-02 11:00"
on_file close INC-1 --satisfaction 4 --comment 'Thanks, "great" \ back' --at "2026-11-03 09:00"
on_file log --title "Mail down" --priority P1 --service email --outage --at "2026-12-01 09:00"
on_file update INC-3 --outage-end "2026-12-01 10:30" --at "2026-12-01 11:00"
on_file resolve INC-3 --resolution "Relay restarted" --at "2026-12-01 11:30"
on_file log --type change --title "Upgrade relay" --at "2026-12-02 09:00"
on_file link INC-3 CHG-4 --at "2026-12-02 09:05"
on_file log --type request --title "New laptop" --priority P4 --channel portal \
  --at "2026-12-03 08:00"
on_file link REQ-5 CHG-4 --at "2026-12-03 08:05"
on_file unlink REQ-5 CHG-4 --at "2026-12-03 08:10"
on_file escalate REQ-5 --reason "stock" --at "2026-12-03 09:00"
on_file maintenance add --service email --from "2026-12-12 08:00" --to "2026-12-12 10:00" \
  --reason "Relay upgrade" --at "2026-12-08 09:00"
itsm --db "$FILE" export >"$SCRATCH/desk.ndjson" || fail "setup: export"
itsm --db "$FILE" maintenance list --all --format json >"$SCRATCH/windows.json" ||
  fail "setup: maintenance list"

# Moving the desk to the server: the same summary as an import into a new file store, then the
# maintenance windows, which are not tickets.
run --db "$SCRATCH/copy.db" import "$SCRATCH/desk.ndjson"
file_summary=$OUT
run --db "$DESK" import "$SCRATCH/desk.ndjson"
expect_code 0 "import into the server"
expect_eq "$OUT" "$file_summary" "the file store's summary"
expect_eq "$OUT" "imported 5 tickets (21 events, 4 links) from $SCRATCH/desk.ndjson" "the summary"
run --db "$DESK" maintenance import "$SCRATCH/windows.json"
expect_code 0 "the maintenance windows"
itsm --db "$SCRATCH/copy.db" maintenance import "$SCRATCH/windows.json" >/dev/null ||
  fail "setup: maintenance import into the file store"
itsm --db "$DESK" export >"$SCRATCH/server.ndjson"
same_file "$SCRATCH/desk.ndjson" "$SCRATCH/server.ndjson" "the server exports the file store's bytes"
run --db "$DESK" check
expect_code 0 "check is clean after the import"
# An import chains the events ticket by ticket (an export carries no hashes): the server's audit
# chain is the one the same import gives a file store, hash for hash.
checks_alike "after the move" "$SCRATCH/copy.db" "$DESK"
expect_eq "$(pg_sql desk "SELECT encode(hash, 'hex') FROM events ORDER BY id")" \
  "$(sql "$SCRATCH/copy.db" "SELECT lower(hex(hash)) FROM events ORDER BY id")" \
  "every event's hash is the file store's"
reads() {
  local id
  for id in INC-1 PRB-2 INC-3 CHG-4 REQ-5; do
    step show "$id" --format json
  done
  step list --format json
  step services --format json
  step sla-check --format json
  step report monthly --month 2026-12 --format json
  step maintenance list --all --format json
}
same_on_both "the moved desk reads as the original" "$FILE" "$DESK" reads
expect_eq "$(pg_sql desk "SELECT string_agg(ticket || ':' || service, ' ') FROM outages")" \
  "3:email" "the outage is rebuilt from its history"
expect_eq "$(pg_sql desk "SELECT count(*) FROM ticket_text")" "5" "every ticket is indexed"
# The import leaves the planner's statistics of what it wrote (the month's report on a store
# just imported is planned by them, docs/performance.md).
expect_eq "$(pg_sql desk "SELECT string_agg(relname, ' ' ORDER BY relname) FROM \
pg_stat_user_tables WHERE last_analyze IS NOT NULL")" "events links tickets" \
  "the import analysed the tables it wrote"
run --db "$DESK" search "ünïcode" --format json
expect_eq "$(jq -r '[.[].id] | join(" ")' <<<"$OUT")" "INC-1" "a note's words are found"

# The search index an import makes batch by batch, its vectors computed on a second connection,
# is the one `search --reindex` makes from the tables: 600 tickets (three batches), most with a
# description and one or two notes, with quotes, a backslash, a line break and other scripts.
# A role that may open one connection only imports through the fill at the end: the same index.
generate_tickets 600 60 | jq -c '
  .description = (if .number % 4 == 0 then "" else
    "Printer on floor \(.number % 7) jams, \"paper\" tray \\ ünïcode 日本語" end)
  | if (.events | length) > 1 and .events[1].kind == "assigned" and .number % 3 != 0 then
      .events = .events[:2]
        + [{at: .events[1].at, actor: .events[1].actor, kind: "noted",
            detail: {text: "Called \(.requester) about the printer, \"toner\" low"}}]
        + (if .number % 5 == 0 then [{at: .events[1].at, actor: .events[1].actor,
            kind: "noted", detail: {text: "Second note\nwith a line break and a backslash \\ here"}}]
           else [] end)
        + .events[2:]
    else . end' >"$SCRATCH/notes.ndjson"
mkip=$ITSM_SOURCE_DIR/examples/mkip
text_digest() { pg_sql "$1" "SELECT count(*) || ' ' || md5(string_agg(t::text, '|' ORDER BY \
t.ticket)) FROM ticket_text t"; }
pg_sql postgres "CREATE DATABASE notes" >/dev/null
itsm --db "$(pg_uri notes)" store init >/dev/null || fail "setup: store init notes"
ITSM_CONFIG=$mkip run --db "$(pg_uri notes)" import "$SCRATCH/notes.ndjson"
expect_match "$OUT" "imported 600 tickets \(2784 events" "the tickets with notes are imported"
imported_text=$(text_digest notes)
expect_match "$imported_text" "^600 " "each ticket has its row in the index"
ITSM_CONFIG=$mkip itsm --db "$(pg_uri notes)" search --reindex >/dev/null || fail "reindex notes"
expect_eq "$(text_digest notes)" "$imported_text" "the import's index is the rebuilt one"
pg_sql postgres "CREATE ROLE solo LOGIN CONNECTION LIMIT 1" >/dev/null
pg_sql postgres "CREATE DATABASE solo OWNER solo" >/dev/null
SOLO="postgresql://solo@/solo?host=$PG_DIR${PG_PORT:+&port=$PG_PORT}"
itsm --db "$SOLO" store init >/dev/null || fail "setup: store init solo"
ITSM_CONFIG=$mkip run --db "$SOLO" import "$SCRATCH/notes.ndjson"
expect_code 0 "one connection only: the import fills the index at the end"
expect_eq "$(text_digest solo)" "$imported_text" "the same index through the fill"

# Numbering goes on after the imported tickets, on both stores.
run --db "$DESK" log --title "After the move" --at "2026-12-09 09:00"
expect_eq "$OUT" "INC-6" "the next number after an import"
on_file log --title "After the move" --at "2026-12-09 09:00"

# And back: the server's export into a new file store gives the same bytes again, but for the
# role the server recorded as writing the new ticket's event (the imported events have none: the
# file store recorded none), which a file store does not keep (docs/team-store.md).
itsm --db "$DESK" export >"$SCRATCH/server.ndjson"
itsm --db "$FILE" export >"$SCRATCH/desk.ndjson"
expect_eq "$(grep -o '"role":"[^"]*"' "$SCRATCH/server.ndjson" | sort | uniq -c | tr -s ' ')" \
  ' 1 "role":"itsm"' "the server recorded the role of the one event written on it"
without_roles "$SCRATCH/server.ndjson" >"$SCRATCH/server-no-roles.ndjson"
same_file "$SCRATCH/desk.ndjson" "$SCRATCH/server-no-roles.ndjson" "both stores after a new ticket"
run --db "$SCRATCH/back.db" import - <"$SCRATCH/server.ndjson"
expect_code 0 "the server's export into a new file store"
itsm --db "$SCRATCH/back.db" export >"$SCRATCH/back.ndjson"
same_file "$SCRATCH/server-no-roles.ndjson" "$SCRATCH/back.ndjson" \
  "back again, the same bytes but for the role"
run --db "$SCRATCH/back.db" check
expect_code 0 "check is clean after the way back"

# A period whose link names a ticket not there yet imports; the rest completes it, as on a file
# store (the other ticket of a link need not exist).
pg_sql postgres "CREATE DATABASE split" >/dev/null
SPLIT=$(pg_uri split)
itsm --db "$SPLIT" store init >/dev/null || fail "setup: store init split"
grep '^{"number":2,' "$SCRATCH/desk.ndjson" >"$SCRATCH/first.ndjson"
grep -v '^{"number":2,' "$SCRATCH/desk.ndjson" >"$SCRATCH/rest.ndjson"
run --db "$SPLIT" import "$SCRATCH/first.ndjson"
expect_code 0 "a link to a ticket not yet imported"
run --db "$SPLIT" import "$SCRATCH/rest.ndjson"
expect_code 0 "the rest, into a store that has tickets"
itsm --db "$SPLIT" export >"$SCRATCH/split.ndjson"
same_file "$SCRATCH/desk.ndjson" "$SCRATCH/split.ndjson" "two imports give the whole"
run --db "$SPLIT" log --title "Next" --at "2026-12-09 10:00"
expect_eq "$OUT" "INC-7" "numbering goes on after both"

# CSV rows, more than one batch of them, into a store that has tickets (the moved desk) on both:
# the same summary, the same histories built, the same exports.
{
  echo "number,type,title,status,priority,service,group,assignee,opened_at,responded_at,resolved_at,closed_at"
  for n in $(seq 100 699); do
    title="Row $n"
    [ "$n" -eq 100 ] && title='"Row 100, ""quoted"""'
    printf '%s,incident,%s,closed,P3a,email,helpdesk,bob,2026-11-01T09:00:00Z,' "$n" "$title"
    printf '2026-11-01T09:10:00Z,2026-11-01T10:00:00Z,2026-11-02T10:00:00Z\n'
  done
} >"$SCRATCH/rows.csv"
csv_import() {
  step import "$SCRATCH/rows.csv"
  step export
  step log --title "After the rows" --at "2026-12-09 11:00"
}
same_on_both "CSV rows into a store with tickets" "$FILE" "$DESK" csv_import
expect_match "$(cat "$SCRATCH/csv_import.server")" "imported 600 tickets \(" "the rows are imported"
expect_match "$(cat "$SCRATCH/csv_import.server")" $'\nINC-700\n' "numbering goes on after them"
run --db "$DESK" check
expect_code 0 "check is clean after the CSV rows"

# Refused imports: the file store's message and exit code, and nothing changed on the server,
# its numbering included. A bad line in the middle, after whole batches were sent; a number the
# store has; into the store with tickets and into an empty one.
server_state() { # DATABASE: its rows, its numbering, its indexes and constraints
  printf '%s\n%s\n%s\n%s' "$(server_digest "$1")" "$(pg_sql "$1" "SELECT last_value || '/' || \
is_called FROM tickets_number_seq")" "$(pg_sql "$1" "SELECT string_agg(indexdef, ' ' ORDER BY \
indexdef) FROM pg_indexes WHERE schemaname = 'public'")" "$(pg_sql "$1" "SELECT \
string_agg(conname || pg_get_constraintdef(oid), ' ' ORDER BY conname) FROM pg_constraint")"
}
awk -F, -v OFS=, 'NR > 1 { $1 += 1000 } NR == 401 { $5 = "P9" } { print }' "$SCRATCH/rows.csv" \
  >"$SCRATCH/bad.csv"
awk 'NR == 3 { sub(/"priority":"[^"]*"/, "\"priority\":\"P9\"") } { print }' \
  "$SCRATCH/back.ndjson" >"$SCRATCH/bad.ndjson"
pg_sql postgres "CREATE DATABASE empty" >/dev/null
EMPTY=$(pg_uri empty)
itsm --db "$EMPTY" store init >/dev/null || fail "setup: store init empty"
refused() { # DESCRIPTION FILE_STORE DATABASE INPUT
  local what=$1 file=$2 db=$3 input=$4 before file_err
  run --db "$file" import "$input"
  file_err=$ERR
  expect_code 2 "$what: refused on the file store"
  before=$(server_state "$db")
  run --db "$(pg_uri "$db")" import "$input"
  expect_error 2 "nothing was imported$" "$what"
  expect_eq "$ERR" "$file_err" "$what: the file store's message"
  expect_eq "$(wc -l <<<"$ERR")" "1" "$what: one line"
  expect_eq "$(server_state "$db")" "$before" "$what: the server is as it was"
}
refused "a bad CSV row in the middle" "$FILE" desk "$SCRATCH/bad.csv"
expect_match "$ERR" "^itsm: error: $SCRATCH/bad.csv:401: unknown priority \"P9\"" "the bad row's line"
refused "a bad CSV row, into an empty store" "$SCRATCH/empty.db" empty "$SCRATCH/bad.csv"
refused "a bad NDJSON line, into an empty store" "$SCRATCH/empty.db" empty "$SCRATCH/bad.ndjson"
expect_match "$ERR" "bad.ndjson:3: " "the bad line's number"
refused "numbers the store has" "$FILE" desk "$SCRATCH/server.ndjson"
expect_match "$ERR" "server.ndjson:1: ticket number 1 already exists" "the duplicate named"
awk 'NR == 2 { print } { print }' "$SCRATCH/server.ndjson" >"$SCRATCH/twice.ndjson"
refused "a number twice in the input" "$SCRATCH/empty.db" empty "$SCRATCH/twice.ndjson"
expect_match "$ERR" "twice.ndjson:3: ticket number 2 already exists" "the second one named"
# Into an empty store the import sets the tickets' indexes and the foreign keys aside and makes
# them again before its commit: the same ones, whatever was imported.
expect_eq "$(server_state split | tail -2)" "$(server_state empty | tail -2)" \
  "indexes and constraints are made again"
run --db "$EMPTY" log --title "First" --at "2026-12-09 12:00"
expect_eq "$OUT" "INC-1" "refused imports used no number"

# Backups: refused, saying how to back a server's database up.
run --db "$DESK" backup "$SCRATCH/copy-of-server.db"
expect_error 6 "pg_dump" "backup of a server store"
expect_eq "$(wc -l <<<"$ERR")" "1" "backup: one line"
CHECKS=$((CHECKS + 1))
[ -e "$SCRATCH/copy-of-server.db" ] && fail "backup wrote no file"

finish
