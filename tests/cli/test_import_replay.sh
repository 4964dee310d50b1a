#!/usr/bin/env bash
# Import holds the links to the events that made them, as `itsm check` does
# (docs/export-import.md), or FILE:LINE and nothing imported (the fields of a ticket against its
# history: test_import_checks.sh). Whatever the commands write, exported and imported into a
# fresh store, checks out.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-11-15 12:00"

# --- links against the events that made them -------------------------------------------------
export ITSM_DB=$SCRATCH/links.db
itsm log --title "Relay down" --at "2026-11-03 09:00" >/dev/null
itsm escalate 1 --to-type problem --title "Relay keeps failing" --at "2026-11-03 09:05" >/dev/null
itsm log --title "Relay down again" --at "2026-11-03 10:00" >/dev/null
itsm link 3 2 --at "2026-11-03 10:05" >/dev/null
run check
expect_code 0 "the linked store checks out"
itsm export >"$SCRATCH/links.ndjson"
# badlink NAME N JQ MESSAGE [LINE]: ticket N (line N) of the export changed by JQ is refused at
# LINE (N unless given: the line of the ticket whose link row is named).
badlink() {
  jq -c "if .number == $2 then $3 else . end" "$SCRATCH/links.ndjson" >"$SCRATCH/$1.ndjson"
  run --db "$SCRATCH/$1.db" import "$SCRATCH/$1.ndjson"
  expect_error 2 "^itsm: error: $SCRATCH/$1.ndjson:${5:-$2}: $4; nothing was imported$" "$1"
  expect_eq "$(sqlite3 "$SCRATCH/$1.db" 'SELECT count(*) FROM tickets' 2>/dev/null || echo 0)" "0" "$1: nothing imported"
}
badlink forged 3 '.links += [{"number": 1, "relation": "problem"}]' \
  "a link of ticket 3 to 1 \\(problem\\) is not in either ticket's history"
badlink missing 2 '.links = []' \
  'the history links ticket 2 to 1 \(incident\), but the link is missing'
badlink relation 1 '.links[0].relation = "change"' \
  "a link of ticket 1 to 2 \\(change\\) is not in either ticket's history"
badlink unlinked 3 '.events += [{"at": "2026-11-03T10:10:00Z", "actor": "x", "kind": "unlinked", "detail": {"linked": "PRB-2"}}] | .updated_at = "2026-11-03T10:10:00Z"' \
  "a link of ticket 2 to 3 \\(incident\\) is not in either ticket's history" 2
# Rows out of order (3, 1, 2): the line named is still the row's own.
jq -c 'if .number == 1 then .links[0].relation = "change" else . end' "$SCRATCH/links.ndjson" \
  >"$SCRATCH/changed.ndjson"
{ sed -n 3p "$SCRATCH/changed.ndjson"; sed -n 1,2p "$SCRATCH/changed.ndjson"; } >"$SCRATCH/shuffled.ndjson"
expect_eq "$(jq -r .number "$SCRATCH/shuffled.ndjson" | tr '\n' ' ')" "3 1 2 " "the rows are out of order"
run --db "$SCRATCH/shuffled.db" import "$SCRATCH/shuffled.ndjson"
expect_error 2 "shuffled.ndjson:2: a link of ticket 1 to 2 \\(change\\) is not in either ticket's history" \
  "a refusal names the line of a row out of order"
# Into a store that has the other ticket: the same, against its history there.
sed -n 1,2p "$SCRATCH/links.ndjson" | itsm --db "$SCRATCH/part.db" import - >/dev/null
sed -n 3p "$SCRATCH/links.ndjson" | jq -c '.links = []' >"$SCRATCH/part3.ndjson"
run --db "$SCRATCH/part.db" import "$SCRATCH/part3.ndjson"
expect_error 2 "part3.ndjson:1: the history links ticket 3 to 2 \\(problem\\), but the link is missing" \
  "a link whose other side is already in the store"
# A link to a ticket the store does not have yet waits for it (links between files).
sed -n 3p "$SCRATCH/links.ndjson" >"$SCRATCH/later.ndjson"
run --db "$SCRATCH/split.db" import "$SCRATCH/later.ndjson"
expect_code 0 "a link to a ticket of another file"
sed -n 1,2p "$SCRATCH/links.ndjson" | itsm --db "$SCRATCH/split.db" import - >/dev/null
run --db "$SCRATCH/split.db" check
expect_code 0 "and the store checks out once the other file is in"

# --- whatever the commands write imports and checks out ----------------------------------------
# A seeded random walk of the commands over a few tickets; refusals (a transition the state
# does not allow) are part of the walk.
export ITSM_DB=$SCRATCH/walk.db
RANDOM=20
groups=(helpdesk second-line web supplier)
people=(alice bob carol "")
at=$(date -u -d "2026-11-02 08:00" +%s)
tickets=0
for step in $(seq 1 260); do
  at=$((at + 60 * (1 + RANDOM % 90)))
  when=$(date -u -d "@$at" "+%Y-%m-%d %H:%M")
  n=$((tickets > 0 ? 1 + RANDOM % tickets : 0))
  g=${groups[RANDOM % 4]}
  p=${people[RANDOM % 4]}
  to=(); [ -n "$p" ] && to=(--to "$p")
  case $((tickets < 3 ? 0 : RANDOM % 17)) in
    0) itsm log --title "walk $step" --description "step $step" --priority "P$((1 + RANDOM % 2))" \
         --service email --requester "r$step" --group "$g" "${to[@]}" --at "$when" >/dev/null &&
         tickets=$((tickets + 1)) ;;
    1) itsm assign "$n" --group "$g" "${to[@]}" --at "$when" ;;
    2) itsm escalate "$n" --at "$when" ;;
    3) itsm escalate "$n" --to "$g" --reason "step $step" --at "$when" ;;
    4) itsm escalate "$n" --hierarchical --at "$when" ;;
    5) itsm hold "$n" --reason "waiting $step" --at "$when" ;;
    6) itsm resume "$n" --at "$when" ;;
    7) itsm note "$n" "note $step" --at "$when" ;;
    8) itsm update "$n" --description "changed at $step" --title "walk $step" --at "$when" ;;
    9) itsm update "$n" --priority "P$((1 + RANDOM % 2))" --requester "q$step" --at "$when" ;;
    10) itsm resolve "$n" --resolution "fixed $step" --code "c$step" --at "$when" ;;
    11) itsm close "$n" --resolution "closed $step" --satisfaction $((1 + RANDOM % 5)) --comment "ok" --at "$when" ;;
    12) itsm reopen "$n" --reason "again $step" --at "$when" ;;
    13) itsm escalate "$n" --to-type problem --title "problem $step" --at "$when" >/dev/null &&
          tickets=$((tickets + 1)) ;;
    14) itsm link "$n" "$((1 + RANDOM % tickets))" --at "$when" ;;
    15) itsm unlink "$n" "$((1 + RANDOM % tickets))" --at "$when" ;;
    16) itsm update "$n" --service website --channel web --org "o$step" --at "$when" ;;
  esac
done >/dev/null 2>&1
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) >= 150 FROM events")" "1" "the walk made 150 events or more"
expect_match "$(sqlite3 "$ITSM_DB" "SELECT count(DISTINCT kind) FROM events")" "^1[0-9]$" "of ten kinds or more"
run check
expect_code 0 "the walked store checks out"
itsm export >"$SCRATCH/walk.ndjson"
run --db "$SCRATCH/walk2.db" import "$SCRATCH/walk.ndjson"
expect_code 0 "its export imports into a fresh store"
run --db "$SCRATCH/walk2.db" check
expect_code 0 "which checks out"
expect_eq "$(itsm --db "$SCRATCH/walk2.db" export | cmp - "$SCRATCH/walk.ndjson" && echo same)" "same" \
  "and exports the same bytes"

finish
