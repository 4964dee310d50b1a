#!/usr/bin/env bash
# The areas of the PostgreSQL store beside tickets and events (docs/team-store.md), on a real
# server started by the suite: each run as the same commands on a file store and on the server,
# with byte-identical output, and its refusals of bad input, which leave the server as it was.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office
pg_start
pg_sql postgres "CREATE DATABASE desk" >/dev/null
DESK=$(pg_uri desk)
itsm --db "$DESK" store init >/dev/null || fail "setup: store init"
FILE=$SCRATCH/file.db
export ITSM_NOW="2026-12-02 12:00"

# server_digest: every row of the server's tables, to show a refused command changed nothing.
server_digest() {
  local table out=
  for table in $(pg_sql desk "SELECT tablename FROM pg_tables WHERE schemaname = 'public' \
ORDER BY 1"); do
    out+="$table:$(pg_sql desk "SELECT md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), \
'')) FROM $table r")"$'\n'
  done
  printf '%s' "$out"
}

# desk: a month of tickets across priorities, groups, services, channels and types.
desk() {
  step log --title "Mail bounces" --priority P2 --service email --channel phone \
    --at "2026-10-28 10:00"
  step assign INC-1 --group helpdesk --to alice --at "2026-10-28 10:30"
  step resolve INC-1 --resolution "Relay fixed" --at "2026-11-02 11:00"
  step log --title "Outlook crashes" --priority P2 --service email --channel email \
    --at "2026-11-05 09:00"
  step assign INC-2 --group helpdesk --to bob --at "2026-11-05 09:20"
  step resolve INC-2 --resolution "Profile rebuilt" --at "2026-11-05 15:00"
  step close INC-2 --satisfaction 4 --at "2026-11-06 09:00"
  step log --title "Shared mailbox gone" --priority P1 --service email --channel email \
    --group second-line --at "2026-11-20 16:00"
  step escalate INC-3 --reason "supplier" --at "2026-11-20 17:00"
  step escalate INC-3 --hierarchical --reason "director" --at "2026-11-23 09:00"
  step note INC-3 "Looking" --at "2026-11-23 09:30"
  step resolve INC-3 --resolution "Restored" --at "2026-11-24 17:00"
  step reopen INC-3 --reason "gone again" --at "2026-11-25 09:00"
  step log --type request --title "New laptop" --priority P4 --channel portal \
    --at "2026-11-24 08:00"
  step assign REQ-4 --group helpdesk --at "2026-11-24 08:05"
  step hold REQ-4 --reason "awaiting stock" --at "2026-11-24 10:00"
  step log --title "Website slow" --priority P3a --service website --group web \
    --at "2026-11-26 11:00"
  step log --title "Printer jams" --priority P4 --at "2026-11-30 09:00"
  step resolve INC-6 --resolution "Cleared" --at "2026-11-30 09:45"
  step log --type problem --title "Relay keeps failing" --priority P2 --service email \
    --at "2026-11-30 10:00"
}
same_on_both "the desk" "$FILE" "$DESK" desk

# Reports: every period and format, with filters, on both stores.
reports() {
  local format
  for format in text json csv md html; do
    step report monthly --month 2026-11 --format "$format"
    step report weekly --week 2026-W48 --format "$format"
    step report daily --date 2026-11-30 --format "$format"
  done
  step report monthly --month 2026-11 --group helpdesk --format json
  step report monthly --month 2026-11 --service email --priority P2 --format csv
  step report monthly --month 2026-11 --type request --format json
  step report monthly --month 2026-11 --worst-by overrun --format json
  step report monthly --month 2026-11 --group second-line --worst-by overrun
  step report weekly --week 2026-W47 --service website --format md
  step report monthly --month 2026-10 --format json
  step report monthly --month 2026-12 --format json
  step report monthly --format json
  step report daily --group nosuch
  step report monthly --service emial --format json
}
same_on_both "reports" "$FILE" "$DESK" reports
expect_eq "$(grep -c '^== exit 0$' "$SCRATCH/reports.server")" "24" "every report but the two refused ran"
expect_eq "$(jq -c '[.opened, .resolved, .closed, .backlog_start, .backlog_end]' \
  <<<"$("$ITSM_BIN" --db "$DESK" report monthly --month 2026-11 --format json)")" \
  "[6,3,1,1,4]" "November on the server: 6 opened, 3 resolved (INC-3 reopened), 1 closed"

# A filter no ticket uses and none configured: one error line, exit 2, the server unchanged.
before=$(server_digest)
run --db "$DESK" report monthly --month 2026-11 --group nosuch
expect_error 2 '--group "nosuch" is neither configured nor used by any ticket' \
  "a report for a group that is not there"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"
expect_eq "$OUT" "" "nothing printed"
expect_eq "$(server_digest)" "$before" "a refused report changes nothing"

finish
