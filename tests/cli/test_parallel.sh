#!/usr/bin/env bash
# 8 processes logging at once: nothing lost, no id twice.
source "$(dirname "$0")/lib.sh"
use_config office

run log --title "create the store" --at "2026-11-23 09:00"
expect_code 0 "first log"

for p in 1 2 3 4 5 6 7 8; do
  (
    for i in $(seq 1 15); do
      "$ITSM_BIN" log --title "parallel $p-$i" --at "2026-11-23 10:00" >>"$SCRATCH/ids.$p" 2>>"$SCRATCH/err.$p" ||
        echo "exit $?" >>"$SCRATCH/err.$p"
    done
  ) &
done
wait

cat "$SCRATCH"/ids.* >"$SCRATCH/ids"
expect_eq "$(cat "$SCRATCH"/err.* | wc -l)" "0" "no process failed"
expect_eq "$(wc -l <"$SCRATCH/ids")" "120" "120 ids printed"
expect_eq "$(sort -u "$SCRATCH/ids" | wc -l)" "120" "ids are unique"
run list --format json
expect_eq "$(jq length <<<"$OUT")" "121" "121 tickets stored"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM events WHERE kind='logged'")" "121" "one logged event each"
expect_eq "$(sqlite3 "$ITSM_DB" "PRAGMA journal_mode")" "wal" "store in WAL mode"

finish
