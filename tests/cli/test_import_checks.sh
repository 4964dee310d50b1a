#!/usr/bin/env bash
# Import holds tickets to what the commands accept (docs/export-import.md): names the
# configuration defines, instants from 1970, every field as its history gives it (the replay
# `itsm check` makes), with FILE:LINE and nothing imported otherwise;
# and the CSV formula guard survives a round trip of texts that start with quotes.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-11-15 12:00"

# --- CSV round trip of texts starting with quotes --------------------------------------------
titles=("'=SUM(A1)" "'-x" "''+y" "'@z" "-5" "'-5" "=x" "'plain" "'" "''" "''=a,b")
for t in "${titles[@]}"; do
  run log --title "$t" --description "$t" --at "2026-11-02 09:00"
  expect_code 0 "log a title $t"
done
itsm export --format csv >"$SCRATCH/quotes.csv"
run --db "$SCRATCH/quotes.db" import "$SCRATCH/quotes.csv"
expect_code 0 "import the CSV"
itsm --db "$SCRATCH/quotes.db" export --format csv >"$SCRATCH/again.csv"
if cmp -s "$SCRATCH/quotes.csv" "$SCRATCH/again.csv"; then CHECKS=$((CHECKS + 1)); else fail "csv round trip differs: $(diff "$SCRATCH/quotes.csv" "$SCRATCH/again.csv" | head -5)"; fi
expect_eq "$(itsm --db "$SCRATCH/quotes.db" export | jq -r '[.title, .description] | @json')" \
  "$(itsm export | jq -r '[.title, .description] | @json')" "titles and descriptions come back as they were"
expect_eq "$(itsm --db "$SCRATCH/quotes.db" list --format json | jq -r '.[0].title')" "'=SUM(A1)" "a title's own quote is kept"
expect_match "$(sed -n 2p "$SCRATCH/quotes.csv")" ",''=SUM\(A1\)," "the text's own quote gets a guard quote before it"
expect_match "$(sed -n 6p "$SCRATCH/quotes.csv")" ",-5,-5," "a plain number is not guarded"

# --- import refuses what the commands refuse -------------------------------------------------
rm -f "$ITSM_DB"
itsm log --title "Mail bounces" --priority P2 --service email --at "2026-11-02 09:00" >/dev/null
itsm assign 1 --group helpdesk --to alice --at "2026-11-02 09:30" >/dev/null
good=$(itsm export)
# bad NAME JQ MESSAGE: the exported ticket changed by JQ, as line 2 after a good ticket 2, is
# refused with FILE:2 and MESSAGE; nothing is imported.
bad() {
  { jq -c '.number = 2 | .id = "INC-2"' <<<"$good"; jq -c ".number = 3 | .id = \"INC-3\" | $2" <<<"$good"; } >"$SCRATCH/$1.ndjson"
  run --db "$SCRATCH/$1.db" import "$SCRATCH/$1.ndjson"
  expect_error 2 "^itsm: error: $SCRATCH/$1.ndjson:2: $3; nothing was imported$" "$1"
  expect_eq "$(sqlite3 "$SCRATCH/$1.db" 'SELECT count(*) FROM tickets' 2>/dev/null || echo 0)" "0" "$1: nothing imported"
}
bad priority '.priority = "P9" | .events[0].detail.priority = "P9"' \
  'unknown priority "P9" \(did you mean "P1"\?\); the priorities are P1, P2, P3a, P3b, P4'
bad priority-case '.priority = "p2"' 'unknown priority "p2" \(did you mean "P2"\?\); the priorities are P1, P2, P3a, P3b, P4'
bad service '.service = "payroll"' 'service "payroll" is not in the catalogue; .itsm services. lists the catalogue'
bad group '.group = "night-shift"' 'unknown group "night-shift"; the groups are helpdesk, second-line, web, supplier'
bad year-1 '.opened_at = "0001-01-01T00:00:00Z" | .events[0].at = "0001-01-01T00:00:00Z" | .responded_at = null | .updated_at = null | .events |= .[0:1]' \
  'opened_at 0001-01-01T00:00:00Z is before 1970; times run from 1970 to 9999'
bad event-year '.events[1].at = "1969-12-31T23:59:59Z"' 'event 2: at 1969-12-31T23:59:59Z is before 1970; times run from 1970 to 9999'

# The same names as the commands: a catalogue that allows others lets any service in.
sed -i '1i allow_uncatalogued = true' "$ITSM_CONFIG/service-windows.toml"
jq -c '.service = "payroll" | .events[0].detail.service = "payroll"' <<<"$good" >"$SCRATCH/uncat.ndjson"
run --db "$SCRATCH/uncat.db" import "$SCRATCH/uncat.ndjson"
expect_code 0 "an uncatalogued service where the configuration allows it"
run log --title "uncatalogued" --service payroll
expect_code 0 "as log allows it"
res='{"at":"2026-11-02T10:00:00Z","actor":"x","kind":"resolved","detail":{"resolution":"done"}}'
bad history ".events += [$res]" 'status is "assigned" but its history gives "resolved"'
bad history-time ".status = \"resolved\" | .resolved_at = \"2026-11-02T11:00:00Z\" | .events += [$res]" \
  'resolved_at is "2026-11-02T11:00:00Z" but its history gives "2026-11-02T10:00:00Z"'
bad history-open '.events += [{"at":"2026-11-02T10:00:00Z","actor":"x","kind":"held","detail":{"reason":"r"}}]' \
  'status is "assigned" but its history gives "on-hold"'
bad no-priority '.priority = "" | .events[0].detail.priority = ""' 'no priority; the priorities are P1, P2, P3a, P3b, P4'
# Every other field the history determines, with the message `itsm check` gives.
bad title '.title = "Mail works"' 'title is "Mail works" but its history gives "Mail bounces"'
bad description '.description = "on floor 3"' 'description is "on floor 3" but its history gives ""'
bad priority-history '.priority = "P1"' 'priority is "P1" but its history gives "P2"'
bad service-history '.service = "website"' 'service is "website" but its history gives "email"'
bad group-history '.group = "second-line"' 'group is "second-line" but its history gives "helpdesk"'
bad assignee '.assignee = "bob"' 'assignee is "bob" but its history gives "alice"'
bad requester '.requester = "bea"' 'requester is "bea" but its history gives ""'
bad tier '.tier = 3' 'tier is "3" but its history gives "1"'
bad escalation '.escalation_level = 2' 'escalation_level is "2" but its history gives "0"'
bad satisfaction '.satisfaction = 4' 'satisfaction is "4" but its history gives "null"'
bad responded '.responded_at = "2026-11-02T09:10:00Z"' \
  'responded_at is "2026-11-02T09:10:00Z" but its history gives "2026-11-02T09:30:00Z"'
bad updated '.updated_at = "2026-11-02T10:00:00Z"' \
  'updated_at is "2026-11-02T10:00:00Z" but its history gives "2026-11-02T09:30:00Z"'
bad event-edited '.events[1].detail.assignee = "carol"' 'assignee is "alice" but its history gives "carol"'
bad event-dropped '.events |= .[0:1]' 'assignee is "alice" but its history gives ""'
bad event-detail '.events[1].detail = {"group": "web", "assignee": "alice", "tier": 2}' \
  'group is "helpdesk" but its history gives "web"'
# What a check of the store would have said after such an import, for comparison.
run --db "$SCRATCH/edited.db" import - <<<"$good"
expect_code 0 "the ticket as exported imports"
sqlite3 "$SCRATCH/edited.db" "UPDATE tickets SET grp = 'second-line'"
run --db "$SCRATCH/edited.db" check
expect_error 6 'replay: INC-1: group is "second-line" but its history gives "helpdesk"' "check says the same"

# CSV needs no priority column: a row without one takes the default priority, as log does.
printf 'number,type,title,status,opened_at\n1,incident,x,new,2026-10-01T09:00:00Z\n' >"$SCRATCH/nopri.csv"
run --db "$SCRATCH/nopri.db" import "$SCRATCH/nopri.csv"
expect_code 0 "a CSV row without a priority"
expect_eq "$(itsm --db "$SCRATCH/nopri.db" show INC-1 --format json | jq -r .priority)" "P4" "it has the default priority"
run --db "$SCRATCH/nopri.db" check
expect_code 0 "and checks out"
# A good file still imports whole.
run --db "$SCRATCH/good.db" import - <<<"$good"
expect_code 0 "the exported ticket imports"
run --db "$SCRATCH/good.db" check
expect_code 0 "and checks out"

finish
