#!/usr/bin/env bash
# Processes killed with SIGKILL in the middle of writing leave a consistent store: SQLite's
# integrity check passes, every ticket is whole (its "logged" event first, no event without its
# ticket), itsm check passes, and the next command works.
source "$(dirname "$0")/lib.sh"
use_config office

sq() { sqlite3 -cmd ".timeout 5000" "$ITSM_DB" "$@"; }

consistent() { # DESCRIPTION
  echo "consistent: $1"
  expect_eq "$(sq 'PRAGMA integrity_check')" "ok" "$1: integrity_check"
  expect_eq "$(sq "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.ticket = t.number AND e.kind = 'logged' AND e.id = (SELECT min(id) FROM events WHERE ticket = t.number))")" "0" "$1: every ticket has its logged event first"
  expect_eq "$(sq 'SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM tickets t WHERE t.number = e.ticket)')" "0" "$1: no event without its ticket"
  run check
  expect_code 0 "$1: itsm check"
  run log --title "after the crash" --at "2026-11-24 09:00"
  expect_code 0 "$1: the next command works"
  expect_match "$OUT" "^INC-[0-9]+$" "$1: the next command prints an id"
  expect_eq "$(sq 'PRAGMA journal_mode')" "wal" "$1: the store is in WAL mode again"
}

# A random delay in milliseconds from a range, without timing anything.
pause_ms() { sleep "$(awk -v a="$1" -v b="$2" -v r="$RANDOM" 'BEGIN { printf "%.3f", (a + (b - a) * r / 32767) / 1000 }')"; }

# --- itsm import killed at random moments ---------------------------------------------------
generate_tickets 20000 500 >"$SCRATCH/tickets.ndjson"
expect_eq "$(wc -l <"$SCRATCH/tickets.ndjson")" "20000" "generated the export"
use_config mkip # the configuration the generated tickets are made for
for round in 1 2 3 4; do
  rm -f "$ITSM_DB" "$ITSM_DB"-wal "$ITSM_DB"-shm
  if [ "$round" -gt 2 ]; then
    run log --title "before the import" --at "2025-01-01 00:00" # a non-empty store: WAL import
    expect_code 0 "round $round: a ticket before the import"
  fi
  tickets_before=$(sq 'SELECT count(*) FROM tickets' 2>/dev/null || echo 0)
  "$ITSM_BIN" --db "$ITSM_DB" import "$SCRATCH/tickets.ndjson" >/dev/null 2>&1 &
  pid=$!
  pause_ms 20 400
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  n=$(sq 'SELECT count(*) FROM tickets' 2>/dev/null || echo missing)
  # All or nothing: the import committed whole, or not at all.
  [ "$n" = "$tickets_before" ] || [ "$n" = "$((tickets_before + 20000))" ] || [ "$n" = missing ] ||
    fail "round $round: $n tickets after a killed import (all or nothing: $tickets_before or $((tickets_before + 20000)))"
  CHECKS=$((CHECKS + 1))
  if [ "$n" = missing ]; then
    run log --title "first" --at "2026-11-24 09:00"
    expect_code 0 "round $round: the store is created afresh"
  else
    consistent "import round $round ($n tickets)"
  fi
done

# --- a loop of itsm log, note and close killed at random moments -----------------------------
use_config office
rm -f "$ITSM_DB" "$ITSM_DB"-wal "$ITSM_DB"-shm
run log --title "seed" --at "2026-11-23 09:00"
for round in 1 2 3 4 5 6; do
  (
    while true; do
      "$ITSM_BIN" log --title "loop $round" --at "2026-11-23 10:00" >"$SCRATCH/id" || continue
      read -r id <"$SCRATCH/id"
      "$ITSM_BIN" note "$id" "working" --at "2026-11-23 10:05" >/dev/null
      "$ITSM_BIN" close "$id" --resolution "done" --at "2026-11-23 10:10" >/dev/null
    done
  ) &
  loop=$!
  pause_ms 100 700
  # Stop the loop so it starts nothing new, kill the itsm it is running (found by its parent's
  # id), then the loop itself.
  kill -STOP "$loop" 2>/dev/null
  children=$(pgrep -P "$loop")
  # shellcheck disable=SC2086
  [ -z "$children" ] || kill -KILL $children 2>/dev/null
  kill -KILL "$loop" 2>/dev/null
  wait "$loop" 2>/dev/null
  for c in $children; do # gone, and its locks with it, before the store is looked at
    while kill -0 "$c" 2>/dev/null; do sleep 0.05; done
  done
  consistent "log loop round $round"
done

finish
