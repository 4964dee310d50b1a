#!/usr/bin/env bash
# Export and import through the real binary: the lossless NDJSON round trip, periods, CSV,
# numbers and the id sequence, and all-or-nothing on every kind of bad input.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-11-15 12:00"

q() { itsm "$@" >/dev/null || fail "setup: itsm $*"; }
q log --title "Mail bounces" --priority P2 --service email --requester "Ann Lee" --email ann@example.org --org Finance --channel phone --at "2026-09-24 10:00"
q assign 1 --group helpdesk --to alice --at "2026-09-24 10:30"
q hold 1 --reason "awaiting requester" --at "2026-09-25 09:00"
q resume 1 --at "2026-09-28 09:00"
q escalate 1 --to-type problem --title "Relay keeps failing" --at "2026-09-28 10:00"
q resolve 1 --resolution $'Relay fixed\nsee PRB-2' --code fixed --at "2026-10-02 11:00"
q close 1 --satisfaction 4 --comment "Thanks, \"great\"" --at "2026-10-03 09:00"
printf 'Line one\n\ttabbed, "quoted"; DROP TABLE tickets; --\n' | "$ITSM_BIN" log --title "Ünïcödé — 日本語 =SUM(A1)" --description - --at "2026-10-05 09:00" >/dev/null
q update 3 --priority P3a --service website --at "2026-10-05 09:10"
q escalate 3 --reason "needs web" --at "2026-10-05 09:20"
q resolve 3 --resolution "done" --at "2026-10-06 09:00"
q reopen 3 --reason "again" --at "2026-10-07 09:00"
q log --type request --title "New laptop" --at "2026-11-03 09:00"
q log --type change --title "Upgrade relay" --at "2026-11-04 09:00"

# The lossless round trip: export, import into an empty store, export again: same bytes.
"$ITSM_BIN" export >"$SCRATCH/all.ndjson"
expect_eq "$?" "0" "export"
expect_eq "$(wc -l <"$SCRATCH/all.ndjson")" "5" "one line per ticket"
expect_eq "$(jq -s -c '[.[] | .id]' "$SCRATCH/all.ndjson")" '["INC-1","PRB-2","INC-3","REQ-4","CHG-5"]' "number order, ids"
expect_eq "$(jq -s -c '.[0] | [(.events | map(.kind)), .links]' "$SCRATCH/all.ndjson")" \
  '[["logged","assigned","held","resumed","linked","resolved","closed"],[{"number":2,"id":"PRB-2","relation":"problem"}]]' "events and links"
expect_eq "$(jq -s -r '.[2].description' "$SCRATCH/all.ndjson")" $'Line one\n\ttabbed, "quoted"; DROP TABLE tickets; --' "text kept"
run --db "$SCRATCH/copy.db" import "$SCRATCH/all.ndjson"
expect_code 0 "import into an empty store"
expect_eq "$OUT" "imported 5 tickets (15 events, 2 links) from $SCRATCH/all.ndjson" "import summary"
expect_eq "$ERR" "" "no progress when stderr is not a terminal"
"$ITSM_BIN" --db "$SCRATCH/copy.db" export >"$SCRATCH/again.ndjson"
if cmp -s "$SCRATCH/all.ndjson" "$SCRATCH/again.ndjson"; then CHECKS=$((CHECKS + 1)); else fail "round trip differs: $(diff "$SCRATCH/all.ndjson" "$SCRATCH/again.ndjson" | head -5)"; fi

# The copy answers like the original: SLA, reports and links.
expect_eq "$(itsm --db "$SCRATCH/copy.db" show INC-3 --format json | jq -c .sla)" "$(itsm show INC-3 --format json | jq -c .sla)" "same SLA evaluation"
expect_eq "$(itsm --db "$SCRATCH/copy.db" report monthly --month 2026-10 --format json)" "$(itsm report monthly --month 2026-10 --format json)" "same monthly report"
expect_eq "$(itsm --db "$SCRATCH/copy.db" show PRB-2 --format json | jq -c .links)" '[{"id":"INC-1","relation":"incident"}]' "links kept"

# Numbers are kept, never reused: the next ticket gets a number above every imported one.
run --db "$SCRATCH/copy.db" log --title "after import" --at "2026-11-05 09:00"
expect_eq "$OUT" "INC-6" "the sequence continues after the largest imported number"

# A period: tickets opened or closed in it.
run export --from 2026-10-01 --to 2026-10-31
expect_code 0 "export a period"
expect_eq "$(jq -s -c '[.[] | .id]' <<<"$OUT")" '["INC-1","INC-3"]' "opened or closed in October"
run export --from 2026-11-01
expect_eq "$(jq -s -c '[.[] | .id]' <<<"$OUT")" '["REQ-4","CHG-5"]' "from a day on"
run export --from "2026-11-03T09:00:00Z" --to "2026-11-04T09:00:00Z"
expect_eq "$(jq -s -c '[.[] | .id]' <<<"$OUT")" '["REQ-4"]' "times: --to excluded"
run export --from 2026-11-01 --to 2026-10-01
expect_error 2 "not after --from" "reversed period"
run export --from 2026-13-01
expect_error 2 "--from" "bad date"

# A period export whose links point outside it imports, and the link completes when the other
# ticket arrives. (Periods overlap: a ticket opened in one and closed in another is in both.)
itsm export --from 2026-09-28 --to 2026-09-30 >"$SCRATCH/sept.ndjson"
grep -v '^{"number":2,' "$SCRATCH/all.ndjson" >"$SCRATCH/rest.ndjson"
expect_eq "$(jq -s -c '[.[] | .id]' "$SCRATCH/sept.ndjson")" '["PRB-2"]' "the problem only"
run --db "$SCRATCH/split.db" import "$SCRATCH/sept.ndjson"
expect_code 0 "a link to a ticket not yet imported"
run --db "$SCRATCH/split.db" import "$SCRATCH/rest.ndjson"
expect_code 0 "the rest"
"$ITSM_BIN" --db "$SCRATCH/split.db" export >"$SCRATCH/split.ndjson"
if cmp -s "$SCRATCH/all.ndjson" "$SCRATCH/split.ndjson"; then CHECKS=$((CHECKS + 1)); else fail "two period imports differ from the whole"; fi

# Progress goes to a terminal only (script(1) gives the command one).
if command -v script >/dev/null; then
  tty_out=$(script -qec "'$ITSM_BIN' --db '$SCRATCH/tty.db' import '$SCRATCH/all.ndjson'" /dev/null)
  expect_match "$tty_out" $'importing: 5 tickets\r' "progress on a terminal"
fi

# Standard input, and CSV.
run --db "$SCRATCH/stdin.db" import - <"$SCRATCH/all.ndjson"
expect_code 0 "import from stdin"
expect_match "$OUT" "from <stdin>" "stdin named"
itsm export --format csv >"$SCRATCH/all.csv"
expect_eq "$(head -1 "$SCRATCH/all.csv")" "number,id,type,title,description,status,priority,service,group,assignee,requester,email,org,channel,opened_at,responded_at,resolved_at,closed_at,updated_at,tier,escalation_level,resolution,resolution_code,satisfaction,comment,hold_reason" "csv header"
expect_match "$(cat "$SCRATCH/all.csv")" $'\n3,INC-3,incident,Ünïcödé — 日本語 =SUM\\(A1\\),"Line one\n' "csv: a formula sign not at the start is not guarded"
run --db "$SCRATCH/csv.db" import "$SCRATCH/all.csv"
expect_code 0 "import csv"
expect_eq "$OUT" "imported 5 tickets (9 events, 0 links) from $SCRATCH/all.csv" "csv builds a minimal history"
"$ITSM_BIN" --db "$SCRATCH/csv.db" export --format csv >"$SCRATCH/again.csv"
if cmp -s "$SCRATCH/all.csv" "$SCRATCH/again.csv"; then CHECKS=$((CHECKS + 1)); else fail "csv round trip differs: $(diff "$SCRATCH/all.csv" "$SCRATCH/again.csv" | head -5)"; fi
expect_eq "$(itsm --db "$SCRATCH/csv.db" show INC-1 --format json | jq -c '[.sla.resolve.state, [.events[].kind]]')" '["breached",["logged","assigned","resolved","closed"]]' "csv history drives the SLA"

# A spreadsheet's byte order mark is not part of the first column's name.
{ printf '\xef\xbb\xbf'; cat "$SCRATCH/all.csv"; } >"$SCRATCH/bom.csv"
run --db "$SCRATCH/bom.db" import "$SCRATCH/bom.csv"
expect_code 0 "csv with a byte order mark"

# All or nothing: a bad line anywhere and nothing is imported.
before=$(store_digest)
run import "$SCRATCH/all.ndjson"
expect_error 2 "all.ndjson:1: ticket number 1 already exists" "numbers that exist"
expect_eq "$(store_digest)" "$before" "nothing imported"
bad() { # bad NAME LINE3 REGEX DESCRIPTION: a three-line file whose third line is broken
  head -2 "$SCRATCH/all.ndjson" >"$SCRATCH/$1"
  printf '%s\n' "$2" >>"$SCRATCH/$1"
  rm -f "$SCRATCH/empty.db"
  run --db "$SCRATCH/empty.db" import "$SCRATCH/$1"
  expect_error 2 "^itsm: error: $SCRATCH/$1:3: $3" "$4"
  [ "$(sqlite3 "$SCRATCH/empty.db" 'SELECT count(*) FROM tickets' 2>/dev/null || echo 0)" = 0 ] || fail "$4: something was imported"
}
line=$(sed -n 3p "$SCRATCH/all.ndjson")
bad trunc.ndjson "${line:0:40}" "the line ends|not closed" "a truncated line"
bad junk.ndjson "not json" "expected '\\{'" "not JSON"
bad key.ndjson "${line/\"title\"/\"titel\"}" 'unknown field "titel" \(did you mean "title"\?\)' "a misspelt field"
bad status.ndjson "${line/\"status\":\"assigned\"/\"status\":\"closed\"}" "status is closed but closed_at is empty" "a status without its time"
bad time.ndjson "${line/\"opened_at\":\"2026-10-05T08:00:00Z\"/\"opened_at\":\"5 Oct\"}" 'opened_at "5 Oct" is not an RFC 3339 time' "a bad time"
bad dup.ndjson "$(sed -n 1p "$SCRATCH/all.ndjson")" "ticket number 1 already exists" "a number twice in the file"
bad order.ndjson "${line/\"kind\":\"logged\"/\"kind\":\"noted\"}" "the first event must be the logging" "history without its logging"
bad utf8.ndjson "$(printf '%s' "${line/Ünïcödé/$'\xff'}")" "a string is not valid UTF-8" "invalid UTF-8"
bad long.ndjson "${line/\"title\":\"/\"title\":\"$(printf 'x%.0s' {1..600})}" "title is too long|longer" "a title over the limit"
# Tickets are written several to a statement and read on a second thread: a number taken
# inside a full group of rows, and a bad line far into a long file, still name their line.
# The copies' linked events name a problem the file does not have (its link waits for it).
{
  for n in $(seq 1 40); do sed -n 1p "$SCRATCH/all.ndjson" | sed "s/\"number\":1,/\"number\":$n,/; s/\"links\":\[[^]]*\]/\"links\":[]/; s/\"linked\":\"PRB-2\"/\"linked\":\"PRB-9999\"/"; done
} >"$SCRATCH/many.ndjson"
rm -f "$SCRATCH/many.db"
run --db "$SCRATCH/many.db" import "$SCRATCH/many.ndjson"
expect_code 0 "40 numbered copies of one ticket"
expect_eq "$(sqlite3 "$SCRATCH/many.db" 'SELECT count(*), max(number) FROM tickets')" "40|40" "all 40 imported"
sed '10s/"number":10,/"number":5,/' "$SCRATCH/many.ndjson" >"$SCRATCH/many-dup.ndjson"
rm -f "$SCRATCH/many.db"
run --db "$SCRATCH/many.db" import "$SCRATCH/many-dup.ndjson"
expect_error 2 "many-dup.ndjson:10: ticket number 5 already exists" "a number taken inside a group of rows"
expect_eq "$(sqlite3 "$SCRATCH/many.db" 'SELECT count(*) FROM tickets' 2>/dev/null || echo 0)" "0" "nothing of it imported"
for n in $(seq 41 700); do sed -n 40p "$SCRATCH/many.ndjson" | sed "s/\"number\":40,/\"number\":$n,/"; done >>"$SCRATCH/many.ndjson"
echo '{"number":' >>"$SCRATCH/many.ndjson"
rm -f "$SCRATCH/many.db"
run --db "$SCRATCH/many.db" import "$SCRATCH/many.ndjson"
expect_error 2 "many.ndjson:701: expected a whole number" "a bad last line after several batches"
expect_eq "$(sqlite3 "$SCRATCH/many.db" 'SELECT count(*) FROM tickets' 2>/dev/null || echo 0)" "0" "nothing of the long file imported"
run --db "$SCRATCH/none.db" import "$SCRATCH/missing.ndjson"
expect_error 2 "cannot read .*missing.ndjson" "a missing file"
run --db "$SCRATCH/none.db" import "$SCRATCH"
expect_error 2 "is a folder" "a folder"
printf 'number,type,title\n1,incident,x\n' >"$SCRATCH/short.csv"
run --db "$SCRATCH/short.db" import "$SCRATCH/short.csv"
expect_error 2 'short.csv:1: the header has no "status" column' "csv without required columns"
printf 'number,type,title,status,opened_at\n1,incident,x,new,2026-10-01T09:00:00Z\n2,incident,"open quote,new,2026-10-01T09:00:00Z\n' >"$SCRATCH/quote.csv"
run --db "$SCRATCH/quote.db" import "$SCRATCH/quote.csv"
expect_error 2 "quote.csv:3: a quoted cell is not closed" "unclosed quote"
run --db "$SCRATCH/empty2.db" import - </dev/null
expect_code 0 "an empty input"
expect_eq "$OUT" "imported 0 tickets (0 events, 0 links) from <stdin>" "nothing to import"

for db in "$ITSM_DB" "$SCRATCH/copy.db" "$SCRATCH/csv.db"; do
  run --db "$db" check
  expect_code 0 "$(basename "$db") (imported) checks out: its history replays to its tickets"
done

finish
