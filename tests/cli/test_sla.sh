#!/usr/bin/env bash
# SLA clocks end to end on the office window (Europe/London, mon-fri 08:00-18:00, sat 09:00-16:00,
# holidays 2026-12-25, 2026-12-28, 2027-01-01); P2 = response 1h, resolve 8h. The examples of docs/sla.md.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2027-02-01 12:00"   # every due below is asked after the fact

due() { # due ID METRIC [AT]
  "$ITSM_BIN" show "$1" --format json ${3:+--at "$3"} | jq -r ".sla.$2.due"
}
state() {
  "$ITSM_BIN" show "$1" --format json ${3:+--at "$3"} | jq -r ".sla.$2.state"
}

# Worked example 1: logged Friday 17:30.
a=$(itsm log --title "Friday evening" --priority P2 --service email --at "2026-11-27 17:30")
expect_eq "$(due "$a" response)" "2026-11-28T09:30:00Z" "response due Saturday 09:30"
expect_eq "$(due "$a" resolve)" "2026-11-30T08:30:00Z" "resolve due Monday 08:30"
expect_eq "$(state "$a" resolve "2026-11-28 12:00")" "running" "running on Saturday"

# Worked example 2: logged Christmas Eve 17:00, on hold 17:30 -> Saturday 10:00.
b=$(itsm log --title "Christmas Eve" --priority P2 --service email --at "2026-12-24 17:00")
expect_eq "$(due "$b" response)" "2026-12-24T18:00:00Z" "due exactly at closing time"
expect_eq "$(due "$b" resolve)" "2026-12-26T16:00:00Z" "resolve due Saturday 16:00"
itsm hold "$b" --reason "awaiting requester" --at "2026-12-24 17:30" >/dev/null
expect_eq "$(state "$b" resolve "2026-12-26 09:30")" "paused" "paused while on hold"
itsm resume "$b" --at "2026-12-26 10:00" >/dev/null
expect_eq "$(due "$b" resolve)" "2026-12-29T09:30:00Z" "hold moves the due to Tuesday 09:30"
expect_eq "$(due "$b" response)" "2026-12-24T18:00:00Z" "the response clock is never paused"
run show "$b" --format json --explain --at "2026-12-29 09:30"
expect_eq "$(jq '[.sla.resolve.ledger[] | select(.kind=="counting") | .minutes] | add' <<<"$OUT")" "480" "ledger counting minutes add up to 8h"
expect_eq "$(jq -r '[.sla.resolve.ledger[].kind] | unique | join(",")' <<<"$OUT")" "closed,counting,holiday,paused" "ledger kinds"
expect_eq "$(jq -r '.sla.resolve.ledger[0].from' <<<"$OUT")" "2026-12-24T17:00:00Z" "ledger starts at logging"

# Pause by supplier group: 2h with an outside supplier do not count.
c=$(itsm log --title "Supplier fix" --priority P2 --service email --at "2026-11-30 09:00")
itsm note "$c" "looking" --at "2026-11-30 09:30" >/dev/null
itsm assign "$c" --group supplier --at "2026-11-30 10:00" >/dev/null
itsm assign "$c" --group second-line --at "2026-11-30 12:00" >/dev/null
expect_eq "$(due "$c" resolve)" "2026-12-01T09:00:00Z" "supplier time pauses the resolve clock"
expect_eq "$(state "$c" response)" "met" "a note is the response"

# A group-only assignment is not a response.
d=$(itsm log --title "Group only" --priority P2 --service email --at "2026-11-30 09:00")
itsm assign "$d" --group second-line --at "2026-11-30 09:10" >/dev/null
expect_eq "$(state "$d" response "2026-11-30 10:30")" "breached" "group-only assignment does not respond"

# Priority change recomputes from logging.
e=$(itsm log --title "Was low" --priority P4 --service email --at "2026-11-30 09:00")
itsm update "$e" --priority P2 --at "2026-11-30 09:30" >/dev/null
expect_eq "$(due "$e" response)" "2026-11-30T10:00:00Z" "new priority applies from logging"
expect_eq "$(due "$e" resolve)" "2026-11-30T17:00:00Z" "resolve recomputed"

# Reopen: the resolved..reopened gap does not count.
f=$(itsm log --title "Came back" --priority P2 --service email --at "2026-11-30 09:00")
itsm resolve "$f" --resolution "restarted" --at "2026-11-30 10:00" >/dev/null
itsm reopen "$f" --reason "again" --at "2026-11-30 14:00" >/dev/null
expect_eq "$(due "$f" resolve)" "2026-12-01T11:00:00Z" "reopen gap not counted"

# sla-check: breached and at risk, exit codes.
run sla-check --at "2026-11-30 08:00" --format json
expect_code 1 "sla-check finds the Friday ticket breached on Monday morning"
run sla-check --at "2026-12-01 12:00" --format json
expect_code 1 "breach -> exit 1"
expect_eq "$(jq -r --arg id "$f" '.findings[] | select(.id==$id and .metric=="resolve") | .overdue_minutes' <<<"$OUT")" "60" "overdue in working minutes"
expect_eq "$(jq -r '.at' <<<"$OUT")" "2026-12-01T12:00:00Z" "evaluation time"
for id in "$a" "$b" "$c" "$d" "$e" "$f"; do
  itsm close "$id" --resolution "done" --at "2027-01-04 09:00" >/dev/null
done
run sla-check --at "2027-01-04 10:00" --format json
expect_code 0 "nothing open, nothing breached"
expect_eq "$(jq -r '.tickets_checked' <<<"$OUT")" "0" "no open tickets"
g=$(itsm log --title "At risk" --priority P2 --service email --at "2027-01-04 10:00")
run sla-check --at "2027-01-04 10:50" --format json
expect_code 0 "at risk is not a breach"
expect_eq "$(jq -r '.findings[0].state' <<<"$OUT")" "at-risk" "50 of 60 minutes is at risk"
run sla-check --at "2027-01-04 10:50" --warn 0.9 --format json
expect_eq "$(jq '.findings | length' <<<"$OUT")" "0" "--warn raises the threshold"
run sla-check --warn 7
expect_error 2 "warn" "bad --warn"
ITSM_NOW="2027-01-04 10:30" run sla-check --format json
expect_eq "$(jq -r '.at' <<<"$OUT")" "2027-01-04T10:30:00Z" "ITSM_NOW is now"

# Automatic escalation: 20 working minutes at tier 1 (helpdesk) -> second-line; breach -> chain.
itsm close "$g" --resolution done --at "2027-01-04 10:55" >/dev/null
h=$(itsm log --title "Nobody picked it up" --priority P2 --group helpdesk --at "2027-01-05 09:00")
run sla-check --escalate --at "2027-01-05 09:15" --format json
expect_eq "$(jq '.escalations | length' <<<"$OUT")" "0" "not yet: 15 of 20 minutes"
run sla-check --escalate --at "2027-01-05 09:25" --format json
expect_eq "$(jq -r '.escalations[0].to' <<<"$OUT")" "second-line" "moved to the next tier"
run show "$h" --format json
expect_eq "$(jq -r .group <<<"$OUT")" "second-line" "group changed"
expect_eq "$(jq -r .responded_at <<<"$OUT")" "null" "an automatic escalation is not a response"
run sla-check --escalate --at "2027-01-05 10:30" --format json
expect_code 1 "response breached"
expect_eq "$(jq -r '[.escalations[] | select(.kind=="hierarchical")][0].to' <<<"$OUT")" "Help Desk Manager" "breach raises the chain"
run sla-check --escalate --at "2027-01-05 10:40" --format json
expect_eq "$(jq '.escalations | length' <<<"$OUT")" "0" "idempotent when run again"

run check
expect_code 0 "the store checks out: integrity, every ticket equal to its history, audit chain"

finish
