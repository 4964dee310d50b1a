#!/usr/bin/env bash
# Targets worded by dates (docs/sla.md, "Target options") end to end on tests/cli/config/dates:
# the office window (Europe/London, mon-fri 08:00-18:00, sat 09:00-16:00, holidays 2026-12-25,
# 2026-12-28, 2027-01-01, a 10-hour day) with by-date, end-of-day and next-opening targets.
source "$(dirname "$0")/lib.sh"
use_config dates
export ITSM_NOW="2027-02-01 12:00"

sla() { # sla ID METRIC FIELD [AT]
  "$ITSM_BIN" show "$1" --format json ${4:+--at "$4"} | jq -r ".sla.$2.$3"
}

run sla-check --config-only --strict --cases "$ITSM_SOURCE_DIR/tests/cli/cases/dates.toml"
expect_code 0 "the cases of each option pass"
expect_match "$OUT" "7 passed, 0 failed" "every case ran"

# The same ticket on "1d by-date" and on "1d": Saturday 15:00 against Saturday 16:00.
a=$(itsm log --title "Friday afternoon" --priority D1 --at "2026-12-04 15:00")
b=$(itsm log --title "Friday afternoon" --priority D4 --at "2026-12-04 15:00")
expect_eq "$(sla "$a" resolve due)" "2026-12-05T15:00:00Z" "by date: the same time next working date"
expect_eq "$(sla "$a" resolve target_minutes)" "540" "its target is this ticket's working time"
expect_eq "$(sla "$b" resolve due)" "2026-12-05T16:00:00Z" "working time: 10 working hours"

# next-opening: logged at night, answered after the opening: breached.
c=$(itsm log --title "Mail at night" --priority D1 --at "2026-12-04 19:00")
expect_eq "$(sla "$c" response due)" "2026-12-05T09:00:00Z" "due when the desk opens"
itsm note "$c" "on it" --at "2026-12-05 09:20" >/dev/null
expect_eq "$(sla "$c" response state)" "breached" "answered 20 minutes after opening"

# end-of-day, over a hold: the due moves, then is rounded to the close.
d=$(itsm log --title "Close of business" --priority D2 --at "2026-12-07 10:00")
expect_eq "$(sla "$d" resolve due)" "2026-12-10T18:00:00Z" "day 3 at close of business"
itsm hold "$d" --reason "awaiting requester" --at "2026-12-08 10:00" >/dev/null
itsm resume "$d" --at "2026-12-10 10:00" >/dev/null
expect_eq "$(sla "$d" resolve due)" "2026-12-12T16:00:00Z" "held two days: Saturday's close"
expect_eq "$(sla "$d" response due)" "2026-12-07T18:00:00Z" "answer by close of business today"

# sla-check sees the same dues: ten minutes after opening, before the note.
run sla-check --at "2026-12-05 09:10" --format json
expect_code 1 "a breach is found"
expect_eq "$(jq -r --arg id "$c" '.findings[] | select(.id == $id and .metric == "response") | "\(.state) \(.due) \(.overdue_minutes)"' <<<"$OUT")" \
  "breached 2026-12-05T09:00:00Z 10" "the unanswered night mail is a finding"

# The update promise (docs/sla.md): D2 promises an update by close of business each working day.
notify_to_spool "itsm@example.org" '["at-risk", "breached"]'
printf '\n[mail]\naddresses = ["helpdesk@example.org"]\n' >>"$ITSM_CONFIG/itsm.toml"
u=$(itsm log --title "Waiting for news" --priority D2 --group helpdesk --email ann@example.org \
  --at "2026-12-07 10:00")
expect_eq "$(sla "$u" update due)" "2026-12-07T18:00:00Z" "an update is due at Monday's close"
run show "$u" --at "2026-12-07 12:00"
expect_match "$OUT" "update +running \(target next opening, due 2026-12-07 18:00" "show prints the update clock, its zero target as the next opening"
ITSM_NOW="2026-12-07 18:30" run sla-check --format json
expect_eq "$(jq -r --arg id "$u" '.findings[] | select(.id == $id and .metric == "update") | .state' <<<"$OUT")" \
  "breached" "sla-check: the customer heard nothing on Monday"
expect_eq "$(grep -l "^Subject: \\[$u\\] Breached: update was due" "$SPOOL"/*.eml | wc -l)" "1" "one breached notice for the update"
ITSM_NOW="2026-12-07 18:40" itsm sla-check >/dev/null
expect_eq "$(grep -l "^Subject: \\[$u\\] Breached: update was due" "$SPOOL"/*.eml | wc -l)" "1" "sent once for that due"
ITSM_NOW="2026-12-08 09:00" itsm reply "$u" "Still on it; expected fixed by Thursday." >/dev/null
expect_eq "$(sla "$u" update due)" "2026-12-09T18:00:00Z" "Tuesday's reply covers Tuesday"
expect_eq "$(sla "$u" update state "2026-12-09 12:00")" "running" "the promise runs again"
itsm note "$u" "internal" --at "2026-12-09 10:00" >/dev/null
expect_eq "$(sla "$u" update due)" "2026-12-09T18:00:00Z" "a note is no update"
ITSM_NOW="2026-12-10 09:00" run sla-check --format json
expect_eq "$(grep -l "^Subject: \\[$u\\] Breached: update was due" "$SPOOL"/*.eml | wc -l)" "2" "a new interval, a new notice"
itsm resolve "$u" --resolution "fixed" --at "2026-12-10 10:00" >/dev/null
expect_eq "$(sla "$u" update state)" "breached" "resolved after a missed update"

# Bad options: file:line:column, nothing else runs.
mkdir -p "$SCRATCH/bad"
cp "$ITSM_CONFIG"/*.toml "$SCRATCH/bad/"
sed -i 's/resolve = "1d by-date"/resolve = "1d by-dat"/' "$SCRATCH/bad/priorities.toml"
run --config "$SCRATCH/bad" sla-check --config-only
expect_code 1 "a misspelt option fails the configuration check"
expect_match "$OUT$ERR" 'priorities\.toml:9:11: error: resolve of priority `D1`: `by-dat` is not a target option; did you mean `by-date`\?' "the diagnostic names file, line and column"
before=$("$ITSM_BIN" list --format json | jq length)
run --config "$SCRATCH/bad" log --title "x" --priority D1
expect_code 5 "no command runs on the broken configuration"
expect_eq "$("$ITSM_BIN" list --format json | jq length)" "$before" "nothing was logged"

finish
