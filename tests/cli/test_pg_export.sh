#!/usr/bin/env bash
# Export from the PostgreSQL store (docs/export-import.md, docs/team-store.md), on a real server
# started by the suite: the same tickets written on a file store and on the server export byte
# for byte the same, in NDJSON and CSV, whole and by period, links and history included; a bad
# period is refused the same way on both.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office
pg_desk

desk() {
  step log --title "Mail bounces" --priority P2 --service email --channel phone \
    --description "relay \"quoted\", with a comma" --at "2026-10-28 10:00"
  step assign INC-1 --group helpdesk --to alice --at "2026-10-28 10:30"
  step note INC-1 "line one
line two, ünïcode" --at "2026-10-28 11:00"
  step resolve INC-1 --resolution "Relay fixed" --at "2026-11-02 11:00"
  step close INC-1 --satisfaction 4 --at "2026-11-03 09:00"
  step log --title "Outlook crashes" --priority P3a --service email --at "2026-11-05 09:00"
  step log --type problem --title "Mail relay unstable" --at "2026-11-05 10:00"
  step link INC-2 PRB-3 --at "2026-11-05 10:05"
  step hold INC-2 --reason "waiting for the user" --at "2026-11-06 09:00"
  step log --title "Printer jams" --at "2026-11-20 16:00"
}
same_on_both "the desk" "$FILE" "$DESK" desk

exports() {
  step export
  step export --format csv
  step export --from 2026-11-01 --to 2026-11-10
  step export --from 2026-11-03 --format csv
  step export --to 2026-10-31
  step export --from 2026-11-05T09:30:00Z --to 2026-11-20T16:00:00Z
  step export --from 2026-12-01 --to 2026-11-01
  step export --from yesterday-ish
}
same_on_both "export, every format and period, and bad periods" "$FILE" "$DESK" exports
expect_eq "$(grep -c '^{"number"' "$SCRATCH/exports.server")" "9" \
  "the exports hold the tickets (4 + 3 + 1 + 1)"
expect_match "$(cat "$SCRATCH/exports.server")" '"links":\[\{' "with links"
expect_match "$(cat "$SCRATCH/exports.server")" 'line two, ünïcode' "and notes"
expect_match "$(cat "$SCRATCH/exports.server")" "== exit 2" "a bad period is refused"

finish
