#!/usr/bin/env bash
# Export from the PostgreSQL store (docs/export-import.md, docs/team-store.md), on a real server
# started by the suite: the same tickets written on a file store and on the server export byte
# for byte the same, in NDJSON and CSV, whole and by period, links and history included; a bad
# period is refused the same way on both; a store larger than the server's fetches exports the
# same bytes, whole and by period, without being held whole.
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

# --- a store larger than a fetch ----------------------------------------------------------------
# 20,000 tickets of tests/bench/tickets.sql (80,000 events): the server's cursors give a thousand
# tickets and two thousand events at a time, so tickets and histories cross their fetches. The
# same bytes as the file store's, whole and up to a day; and the whole export's peak memory
# stays within half of what it writes of the file store's, which holds one ticket at a time
# (held whole, as the server's export once was, it took more than all it wrote).
use_config mkip
generate_tickets 20000 100 >"$SCRATCH/big.ndjson"
pg_sql postgres "CREATE DATABASE big" >/dev/null
BIG=$(pg_uri big)
"$ITSM_BIN" --db "$BIG" store init >/dev/null || fail "setup: store init of big"
"$ITSM_BIN" --db "$BIG" import "$SCRATCH/big.ndjson" >/dev/null || fail "setup: import into big"
"$ITSM_BIN" --db "$SCRATCH/big.db" import "$SCRATCH/big.ndjson" >/dev/null ||
  fail "setup: import into a file store"
# (In the sanitizer build, AddressSanitizer keeps freed memory aside to catch its use, up to
# 256 MB: it would count every fetch freed. Not here.)
peak() {
  ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=0 \
    /usr/bin/time -f %M -o "$SCRATCH/$1.peak" "$ITSM_BIN" --db "$2" export >"$SCRATCH/big.$1"
}
peak file "$SCRATCH/big.db"
peak server "$BIG"
file_kib=$(cat "$SCRATCH/file.peak")
server_kib=$(cat "$SCRATCH/server.peak")
expect_eq "$(wc -l <"$SCRATCH/big.server")" "20000" "the whole store's export holds every ticket"
expect_eq "$(cmp "$SCRATCH/big.file" "$SCRATCH/big.server" && echo same)" "same" \
  "the whole export of the server is the file store's, byte for byte"
written_kib=$(($(stat -c %s "$SCRATCH/big.server") / 1024))
expect_match "$((server_kib - file_kib < written_kib / 2))" "^1$" \
  "the server's export is not held: peak $server_kib KiB against the file store's $file_kib KiB, \
$written_kib KiB written"
"$ITSM_BIN" --db "$SCRATCH/big.db" export --to 2025-02-28 >"$SCRATCH/early.file"
"$ITSM_BIN" --db "$BIG" export --to 2025-02-28 >"$SCRATCH/early.server"
expect_match "$(wc -l <"$SCRATCH/early.server")" "^1[0-9][0-9][0-9]$" \
  "a period of more than a thousand tickets"
expect_eq "$(cmp "$SCRATCH/early.file" "$SCRATCH/early.server" && echo same)" "same" \
  "the period's export of the server is the file store's, byte for byte"

finish
