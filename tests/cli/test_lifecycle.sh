#!/usr/bin/env bash
# The whole ticket lifecycle through the real binary: every command, exit code and JSON shape.
source "$(dirname "$0")/lib.sh"
use_config office

# log prints the id alone
run log --title "Printer on floor 2 jams" --priority P3a --service email --requester "Ann Lee" \
  --channel phone --at "2026-11-27 17:30"
expect_code 0 "log"
expect_eq "$OUT" "INC-1" "log prints the id alone"

# bare number and prefixed id are the same ticket
run show 1 --format json
expect_code 0 "show by number"
expect_eq "$(jq -r .id <<<"$OUT")" "INC-1" "show 1 is INC-1"
expect_eq "$(jq -r .status <<<"$OUT")" "assigned" "logged with the service's group is assigned"
expect_eq "$(jq -r .group <<<"$OUT")" "helpdesk" "service's default group"
expect_eq "$(jq -r .opened_at <<<"$OUT")" "2026-11-27T17:30:00Z" "opened_at in UTC"
expect_eq "$(jq -r '.events[0].kind' <<<"$OUT")" "logged" "first event is logged"
expect_eq "$(jq -r '.events[0].actor' <<<"$OUT")" "tester" "actor from ITSM_ACTOR"
expect_eq "$(jq -r '.responded_at' <<<"$OUT")" "null" "no response yet"
expect_eq "$(jq -r 'has("sla") and (.sla|has("response")) and (.sla|has("resolve"))' <<<"$OUT")" "true" "sla block"

# types and prefixes share one sequence
run log --type request --title "New starter laptop" --at "2026-11-30 09:00"
expect_eq "$OUT" "REQ-2" "requests are REQ- and share the sequence"

# assign to a person is the response
run assign INC-1 --group second-line --to alice --at "2026-11-30 08:10"
expect_code 0 "assign"
run show INC-1 --format json
expect_eq "$(jq -r .assignee <<<"$OUT")" "alice" "assignee"
expect_eq "$(jq -r .responded_at <<<"$OUT")" "2026-11-30T08:10:00Z" "assignment to a person responds"

# hold and resume
run hold INC-1 --reason "awaiting requester" --at "2026-11-30 09:00"
expect_code 0 "hold"
run show INC-1 --format json
expect_eq "$(jq -r .status <<<"$OUT")" "on-hold" "on hold"
run hold INC-1 --reason "again" --at "2026-11-30 09:05"
expect_error 4 "on-hold" "hold twice is refused"
run resume INC-1 --at "2026-11-30 10:00"
expect_code 0 "resume"

# note, update, escalate
run note INC-1 "Called Ann; it's the fuser unit" --at "2026-11-30 10:05"
expect_code 0 "note"
run update INC-1 --priority P2 --at "2026-11-30 10:06"
expect_code 0 "update"
run show INC-1 --format json
expect_eq "$(jq -r .priority <<<"$OUT")" "P2" "priority updated"
expect_eq "$(jq -r '[.events[] | select(.kind=="updated")][0].detail.changes.priority.from' <<<"$OUT")" "P3a" "update keeps the old value in history"
run escalate INC-1 --reason "needs the supplier" --at "2026-11-30 10:10"
expect_code 0 "escalate to next tier"
run show INC-1 --format json
expect_eq "$(jq -r .group <<<"$OUT")" "supplier" "next tier after second-line"
run escalate INC-1 --at "2026-11-30 10:11"
expect_error 4 "last tier" "no tier after the last"
run escalate INC-1 --hierarchical --reason "VIP" --at "2026-11-30 10:12"
expect_code 0 "hierarchical escalation"
expect_match "$OUT" "Help Desk Manager" "names the first level"
run escalate INC-1 --to-type problem --at "2026-11-30 10:13"
expect_code 0 "escalate to problem"
expect_eq "$OUT" "PRB-3" "problem record id alone on stdout"
run show INC-1 --format json
expect_eq "$(jq -c .links <<<"$OUT")" '[{"id":"PRB-3","relation":"problem"}]' "link recorded"
run show PRB-3 --format json
expect_eq "$(jq -r '.links[0].id' <<<"$OUT")" "INC-1" "link both ways"
# A list shows the same links, also where the other ticket is not in the list.
run list --format json
expect_eq "$(jq -c '[.[] | {id, links}]' <<<"$OUT")" \
  '[{"id":"INC-1","links":[{"id":"PRB-3","relation":"problem"}]},{"id":"REQ-2","links":[]},{"id":"PRB-3","links":[{"id":"INC-1","relation":"incident"}]}]' \
  "list: each ticket's links"
run list --type problem --format json
expect_eq "$(jq -c '[.[] | {id, links}]' <<<"$OUT")" \
  '[{"id":"PRB-3","links":[{"id":"INC-1","relation":"incident"}]}]' "list: a link out of the list"

# resolve, close, reopen
run resolve INC-1 --resolution "Fuser replaced" --code fixed --at "2026-11-30 11:00"
expect_code 0 "resolve"
run close INC-1 --satisfaction 5 --comment "Quick" --at "2026-11-30 12:00"
expect_code 0 "close"
run show INC-1 --format json
expect_eq "$(jq -r .status <<<"$OUT")" "closed" "closed"
expect_eq "$(jq -r .satisfaction <<<"$OUT")" "5" "satisfaction kept"
expect_eq "$(jq -r .closed_at <<<"$OUT")" "2026-11-30T12:00:00Z" "closed_at"
run note INC-1 "late note" --at "2026-11-30 12:30"
expect_error 4 "closed" "no note on a closed ticket"
run reopen INC-1 --reason "jams again" --at "2026-12-01 09:00"
expect_code 0 "reopen"
run show INC-1 --format json
expect_eq "$(jq -r .status <<<"$OUT")" "assigned" "reopened is back to work"
expect_eq "$(jq -r .closed_at <<<"$OUT")" "null" "reopen clears closed_at"

# close directly needs a resolution
run close REQ-2 --at "2026-12-01 10:00"
expect_error 2 "resolution" "close of an unresolved ticket needs --resolution"
run close REQ-2 --resolution "Laptop delivered" --at "2026-12-01 10:00"
expect_code 0 "close with a resolution"

# list and filters
run list --format json
expect_eq "$(jq length <<<"$OUT")" "3" "list all"
expect_eq "$(jq 'has(0) and (.[0] | has("events") | not)' <<<"$OUT")" "true" "list has no events"
run list --status closed --format json
expect_eq "$(jq -r '.[].id' <<<"$OUT")" "REQ-2" "filter by status"
run list --type problem --format csv
expect_match "$OUT" "^id,type,status" "csv header"
expect_match "$OUT" "PRB-3,problem" "csv row"
run list --status open
expect_code 0 "text list"
expect_match "$OUT" "INC-1" "text list shows the open incident"
# The table reads only each ticket's head from the store: its columns are those JSON gives.
table_line=$(grep "^INC-1 " <<<"$OUT")
run list --status open --format json
want=$(jq -r '.[] | select(.id == "INC-1") |
  "^INC-1 +\(.status) +\(.priority) +\(.group) +\(.assignee) +.* \(.title)$"' <<<"$OUT")
expect_match "$want" "assigned .*P2 .*supplier .*Printer on floor 2 jams" "INC-1 as JSON"
expect_match "$table_line" "$want" "the table's columns are the ticket's"

# stdin, unicode, quotes and SQL-looking text
run log --title "Ünïcödé — 日本語 'quoted' \"double\"; DROP TABLE tickets; --" --at "2026-12-01 11:00"
expect_code 0 "unicode and SQL-looking title"
id=$OUT
run show "$id" --format json
expect_eq "$(jq -r .title <<<"$OUT")" "Ünïcödé — 日本語 'quoted' \"double\"; DROP TABLE tickets; --" "title kept byte for byte"
OUT=$(printf 'line one\nline two\n' | "$ITSM_BIN" log --title "from stdin" --description - --at "2026-12-01 11:05")
run show "$OUT" --format json
expect_eq "$(jq -r .description <<<"$OUT")" $'line one\nline two' "description from stdin"

# --at before the last change is refused
run note INC-1 "backdated" --at "2026-01-01 09:00"
expect_error 2 "before the last change" "history is in order"

# config show prints TOML that names the windows
run config show
expect_code 0 "config show"
expect_match "$OUT" "office" "config show has the window"

run check
expect_code 0 "the store checks out: integrity, every ticket equal to its history, audit chain"

finish
