#!/usr/bin/env bash
# 8 processes logging at once: nothing lost, no id twice. Then 8 processes logging, assigning,
# noting and closing shared tickets while reports and sla-checks read: every command succeeds
# or is refused cleanly, and the counts add up.
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

# --- 8 writers on 10 shared tickets, 2 readers ------------------------------------------------
rm -f "$ITSM_DB" "$ITSM_DB"-wal "$ITSM_DB"-shm "$SCRATCH"/ids* "$SCRATCH"/err.*
for s in $(seq 1 10); do
  "$ITSM_BIN" log --title "shared $s" --priority P1 --at "2026-11-23 09:00" >/dev/null
done
for p in 1 2 3 4 5 6 7 8; do
  (
    for i in $(seq 1 10); do
      shared=$(((p * 7 + i * 3) % 10 + 1))
      if "$ITSM_BIN" log --title "writer $p-$i" --at "2026-11-23 10:00" >>"$SCRATCH/ids.$p"; then
        echo log >>"$SCRATCH/ok.$p"
      else echo "log exit $?" >>"$SCRATCH/err.$p"; fi
      "$ITSM_BIN" assign "$shared" --group helpdesk --to "agent$p" --at "2026-11-23 10:00" >/dev/null 2>&1
      case $? in 0) echo assign >>"$SCRATCH/ok.$p" ;; 4) echo assign >>"$SCRATCH/refused.$p" ;; *) echo "assign exit $?" >>"$SCRATCH/err.$p" ;; esac
      "$ITSM_BIN" note "$shared" "writer $p was here" --at "2026-11-23 10:00" >/dev/null 2>&1
      case $? in 0) echo note >>"$SCRATCH/ok.$p" ;; 4) echo note >>"$SCRATCH/refused.$p" ;; *) echo "note exit $?" >>"$SCRATCH/err.$p" ;; esac
      if [ $((i % 3)) -eq 0 ]; then
        "$ITSM_BIN" close "$shared" --resolution "closed by $p" --at "2026-11-23 10:00" >/dev/null 2>&1
        case $? in 0) echo "close $shared" >>"$SCRATCH/ok.$p" ;; 4) echo close >>"$SCRATCH/refused.$p" ;; *) echo "close exit $?" >>"$SCRATCH/err.$p" ;; esac
      fi
    done
  ) &
done
touch "$SCRATCH/reading"
for r in report sla; do
  (
    while [ -e "$SCRATCH/reading" ]; do
      if [ $r = report ]; then
        "$ITSM_BIN" report daily --date 2026-11-23 --format json >"$SCRATCH/read.$r" 2>>"$SCRATCH/rerr"
        code=$?
      else
        "$ITSM_BIN" sla-check --at "2026-11-23 12:00" --format json >"$SCRATCH/read.$r" 2>>"$SCRATCH/rerr"
        code=$?
        [ $code -eq 1 ] && code=0 # 1: breaches found, a finding, not a failure
      fi
      [ $code -eq 0 ] || echo "$r exit $code" >>"$SCRATCH/rerr"
      jq -e . "$SCRATCH/read.$r" >/dev/null || echo "$r: not JSON" >>"$SCRATCH/rerr"
      echo x >>"$SCRATCH/reads.$r"
    done
  ) &
  readers+=($!)
done
for job in $(jobs -p); do
  case " ${readers[*]} " in *" $job "*) ;; *) wait "$job" ;; esac
done
rm "$SCRATCH/reading"
wait

expect_eq "$(cat "$SCRATCH"/err.* 2>/dev/null | wc -l)" "0" "every write succeeded or was refused (exit 4)"
expect_eq "$(cat "$SCRATCH/rerr" 2>/dev/null | wc -l)" "0" "every report and sla-check succeeded with JSON"
[ "$(cat "$SCRATCH"/reads.report | wc -l)" -ge 1 ] || fail "the report never ran"
[ "$(cat "$SCRATCH"/reads.sla | wc -l)" -ge 1 ] || fail "sla-check never ran"
cat "$SCRATCH"/ok.* >"$SCRATCH/ok"
ok() { grep -c "^$1" "$SCRATCH/ok"; }
cat "$SCRATCH"/ids.* >"$SCRATCH/ids"
expect_eq "$(wc -l <"$SCRATCH/ids")" "80" "80 tickets logged"
expect_eq "$(sort -u "$SCRATCH/ids" | wc -l)" "80" "their ids are unique"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM tickets")" "90" "90 tickets stored"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM events WHERE kind = 'assigned'")" "$(ok assign)" "one assigned event per successful assign"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM events WHERE kind = 'noted'")" "$(ok note)" "one noted event per successful note"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM events WHERE kind = 'closed'")" "$(ok close)" "one closed event per successful close"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM tickets WHERE status = 'closed'")" "$(ok close)" "every successful close is a closed ticket"
expect_eq "$(grep '^close' "$SCRATCH/ok" | sort | uniq -d | wc -l)" "0" "no ticket was closed twice"
refused() { cat "$SCRATCH"/refused.* 2>/dev/null | grep -c "^$1"; }
expect_eq "$(($(ok assign) + $(refused assign)))" "80" "every assign succeeded or was refused"
expect_eq "$(($(ok note) + $(refused note)))" "80" "every note succeeded or was refused"
expect_eq "$(($(ok close) + $(refused close)))" "24" "every close succeeded or was refused"
[ "$(ok close)" -ge 1 ] || fail "no close succeeded"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM tickets t WHERE t.assignee <> (SELECT json_extract(detail, '\$.assignee') FROM events e WHERE e.ticket = t.number AND e.kind = 'assigned' ORDER BY e.id DESC LIMIT 1)")" "0" "each shared ticket's assignee is its last assignment: no lost update"
run report daily --date 2026-11-23 --format json
expect_eq "$(jq .opened <<<"$OUT")" "90" "the report counts every ticket opened"
expect_eq "$(jq .closed <<<"$OUT")" "$(ok close)" "the report counts every close"
run check
expect_code 0 "the store checks out after the storm"

# --- a store held locked past the busy timeout ------------------------------------------------
before=$(store_digest)
lock_store
ITSM_BUSY_TIMEOUT=200 run log --title "while locked"
expect_error 6 "still locked by another process after 200 ms; .*ITSM_BUSY_TIMEOUT" "a write past the busy timeout"
ITSM_BUSY_TIMEOUT=1s run close 1 --resolution "x"
expect_error 6 "after 1000 ms" "ITSM_BUSY_TIMEOUT in seconds"
ITSM_BUSY_TIMEOUT=soon run log --title "x"
expect_error 2 "ITSM_BUSY_TIMEOUT \"soon\"" "a malformed busy timeout"
ITSM_BUSY_TIMEOUT=200 run list --format json
expect_code 0 "readers are not blocked by a writer's lock (WAL)"
unlock_store
expect_eq "$(store_digest)" "$before" "nothing was written while locked"
ITSM_BUSY_TIMEOUT=200 run log --title "after the lock"
expect_code 0 "the lock released, writes go through"

finish
