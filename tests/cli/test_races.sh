#!/usr/bin/env bash
# Processes that meet on one store: an import waiting for another's transaction, concurrent
# deliveries of the outbox, changes that wait for the write lock without --at, and new stores
# created by several commands at once.
source "$(dirname "$0")/lib.sh"
use_config office

# --- import into an empty store while another connection holds a transaction ----------------
: >"$SCRATCH/empty.ndjson"
run import "$SCRATCH/empty.ndjson"
expect_code 0 "an empty import creates an empty store"
for i in 1 2 3; do
  printf '{"number":%d,"type":"incident","title":"imported %d","status":"new","opened_at":"2026-11-2%dT09:00:00Z"}\n' "$i" "$i" "$i"
done >"$SCRATCH/three.ndjson"

# hold SECONDS SQL: a sqlite3 shell that runs SQL in a transaction and keeps it open.
hold() {
  { echo "$2"; sleep "$1"; echo "COMMIT;"; } | sqlite3 "$ITSM_DB" >/dev/null &
  HOLDER=$!
  sleep 0.3
}

lock_store
ITSM_BUSY_TIMEOUT=500 run import "$SCRATCH/three.ndjson"
expect_error 6 "still locked by another process after 500 ms; try again when it has finished, find it with 'fuser .*itsm.db', or wait longer with ITSM_BUSY_TIMEOUT" \
  "import beside a write transaction: the message every command gives"
unlock_store
expect_eq "$(sqlite3 "$ITSM_DB" 'SELECT count(*) FROM tickets')" "0" "nothing imported"

hold 1 "BEGIN IMMEDIATE; UPDATE sqlite_sequence SET seq = seq;"
ITSM_BUSY_TIMEOUT=5000 run import "$SCRATCH/three.ndjson"
expect_code 0 "import waits for a write transaction shorter than the busy timeout"
wait "$HOLDER"
expect_eq "$(sqlite3 "$ITSM_DB" 'SELECT count(*) FROM tickets')" "3" "and imports"

rm -f "$ITSM_DB" "$ITSM_DB"-wal "$ITSM_DB"-shm
run import "$SCRATCH/empty.ndjson"
open_store "$ITSM_DB" "BEGIN; SELECT count(*) FROM tickets;"
run import "$SCRATCH/three.ndjson"
expect_code 0 "import beside a read transaction"
close_store
expect_eq "$(sqlite3 "$ITSM_DB" 'SELECT count(*) FROM tickets')" "3" "every ticket imported"
run check
expect_code 0 "the store checks out"

# --- eight notify flushes at once send each message once --------------------------------------
# The fake sendmail keeps each message in a file of its own and takes its time, so that
# flushes overlap while one sends.
SENT=$SCRATCH/sent
mkdir -p "$SENT"
{
  echo '#!/bin/bash'
  echo "if [ -e '$SCRATCH/fail' ]; then echo 'mail server unreachable' >&2; exit 75; fi"
  echo 'sleep 0.05'
  echo "cat >\"\$(mktemp '$SENT/msg.XXXXXX')\""
} >"$SCRATCH/fake-sendmail"
chmod +x "$SCRATCH/fake-sendmail"
printf '\n[notify]\ncommand = ["%s", "-t", "-i"]\nsender = "helpdesk@example.org"\n' \
  "$SCRATCH/fake-sendmail" >>"$ITSM_CONFIG/itsm.toml"
subjects() { cat "$SENT"/msg.* 2>/dev/null | tr -d '\r' | grep '^Subject:' | sort; }
for round in 1 2 3; do
  rm -f "$SENT"/msg.*
  touch "$SCRATCH/fail"
  for i in $(seq 1 12); do
    "$ITSM_BIN" log --title "round $round call $i" --email "user$i@example.org" \
      --at "2026-11-23 09:00" >/dev/null 2>&1
  done
  rm -f "$SCRATCH/fail"
  queued=$("$ITSM_BIN" notify list --format json | jq length)
  expect_eq "$queued" "12" "round $round: 12 messages queued"
  for f in 1 2 3 4 5 6 7 8; do
    "$ITSM_BIN" notify flush >/dev/null 2>>"$SCRATCH/flush-err" &
  done
  wait
  expect_eq "$(subjects | wc -l)" "12" "round $round: 8 flushes at once deliver 12 messages"
  expect_eq "$(subjects | uniq -d)" "" "round $round: no message delivered twice"
  expect_eq "$("$ITSM_BIN" notify list --format json | jq length)" "0" "round $round: none left queued"
done
expect_eq "$(cat "$SCRATCH/flush-err" 2>/dev/null)" "" "no flush failed"

# A claim holds while its sender may still be at work, and expires after 10 minutes.
rm -f "$SENT"/msg.*
touch "$SCRATCH/fail"
"$ITSM_BIN" log --title "claimed" --email "claim@example.org" --at "2026-11-23 09:00" >/dev/null 2>&1
rm -f "$SCRATCH/fail"
id=$("$ITSM_BIN" notify list --format json | jq -r '.[0].id')
sqlite3 "$ITSM_DB" "UPDATE outbox SET claimed_at = CAST(strftime('%s', 'now') AS INTEGER) - 60 WHERE id = $id"
run notify flush
expect_code 0 "flush beside a live claim"
expect_eq "$(subjects | wc -l)" "0" "a message claimed a minute ago is left to its sender"
sqlite3 "$ITSM_DB" "UPDATE outbox SET claimed_at = CAST(strftime('%s', 'now') AS INTEGER) - 601 WHERE id = $id"
run notify flush
expect_code 0 "flush after the claim expired"
expect_eq "$(subjects | wc -l)" "1" "a claim older than 10 minutes is taken over"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT claimed_at IS NULL AND sent_at IS NOT NULL FROM outbox WHERE id = $id")" "1" \
  "sent, and no longer claimed"
use_config office

# --- changes without --at that wait for the lock are stamped after it --------------------------
rm -f "$ITSM_DB" "$ITSM_DB"-wal "$ITSM_DB"-shm
run log --title "busy ticket" --at "2026-11-23 09:00"
expect_code 0 "a ticket to share"
for p in 1 2 3 4 5 6 7 8; do
  (
    for i in $(seq 1 15); do
      "$ITSM_BIN" note INC-1 "note $p-$i" >/dev/null 2>>"$SCRATCH/note-err.$p" ||
        echo "exit $?" >>"$SCRATCH/note-err.$p"
    done
  ) &
done
wait
expect_eq "$(cat "$SCRATCH"/note-err.* | sort | uniq -c | head -3)" "" \
  "no note refused (a change without --at is never before the last one)"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM events WHERE kind = 'noted'")" "120" "120 notes"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM events a JOIN events b ON b.id = a.id + 1 WHERE b.at < a.at")" \
  "0" "the history is in time order"

# --- two cron hosts' sla-check --escalate at once escalate each ticket once --------------------
# Both read the tickets due while a writer holds the lock, then take it in turn: the second finds
# every ticket moved on since it read it, and leaves them.
rm -f "$ITSM_DB" "$ITSM_DB"-wal "$ITSM_DB"-shm
for i in 1 2 3 4 5 6; do
  itsm log --title "waiting $i" --group helpdesk --at "2026-12-02 09:00" >/dev/null
done
itsm log --title "answered" --group helpdesk --to bob --at "2026-12-02 09:00" >/dev/null
hold 2 "BEGIN IMMEDIATE; UPDATE sqlite_sequence SET seq = seq;"
for host in 1 2; do
  ITSM_NOW="2026-12-02 11:00" ITSM_ACTOR=cron$host "$ITSM_BIN" sla-check --escalate \
    --format json >"$SCRATCH/cron.$host" 2>&1 &
done
wait
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM events WHERE kind = 'escalated'")" "6" \
  "six tickets due, six escalations"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(DISTINCT ticket) || ' ' || group_concat(DISTINCT \
json_extract(detail, '$.from') || '>' || json_extract(detail, '$.group')) FROM events WHERE kind \
= 'escalated'")" "6 helpdesk>second-line" "each once, from the helpdesk to second-line"
expect_eq "$(cat "$SCRATCH"/cron.? | jq -s '[.[].escalations | length] | add')" "6" \
  "the two runs report six escalations between them"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT grp FROM tickets WHERE title = 'answered'")" "helpdesk" \
  "the answered ticket stays"
run check
expect_code 0 "the store checks out after both"

# --- many first writers on a store that does not exist yet ------------------------------------
for round in $(seq 1 10); do
  db=$SCRATCH/fresh-$round/itsm.db
  for p in 1 2 3 4 5 6 7 8; do
    {
      "$ITSM_BIN" --db "$db" log --title "first $p" --at "2026-11-23 09:00" >/dev/null 2>>"$SCRATCH/first-err" ||
        echo "exit $?" >>"$SCRATCH/first-err"
    } &
  done
  wait
  expect_eq "$(sqlite3 "$db" 'SELECT count(*) FROM tickets')" "8" "round $round: eight tickets in the new store"
done
expect_eq "$(sort "$SCRATCH/first-err" 2>/dev/null | uniq -c | head -3)" "" "no first writer refused"

finish
