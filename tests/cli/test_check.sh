#!/usr/bin/env bash
# itsm check: a sound store passes; an edited, deleted or forged history row, a ticket that no
# longer matches its history, and a broken ticket are each named, with exit 6.
source "$(dirname "$0")/lib.sh"
use_config office

id=$(itsm log --title "Printer jams" --at "2026-11-23 09:00")
itsm assign "$id" --group helpdesk --to alice --at "2026-11-23 09:10" >/dev/null
itsm hold "$id" --reason "awaiting requester" --at "2026-11-23 09:20" >/dev/null
itsm resume "$id" --at "2026-11-23 10:00" >/dev/null
itsm note "$id" "fuser ordered" --at "2026-11-23 10:05" >/dev/null
itsm update "$id" --priority P1 --title "Printer jams badly" --at "2026-11-23 10:06" >/dev/null
itsm resolve "$id" --resolution "Fuser replaced" --code hw --at "2026-11-23 11:00" >/dev/null
itsm reopen "$id" --reason "jams again" --at "2026-11-23 12:00" >/dev/null
itsm close "$id" --resolution "Printer replaced" --satisfaction 4 --at "2026-11-23 13:00" >/dev/null
id2=$(itsm log --title "VPN down" --at "2026-11-23 09:30")
itsm escalate "$id2" --to second-line --at "2026-11-23 09:40" >/dev/null
prb=$(itsm escalate "$id2" --to-type problem --at "2026-11-23 09:50")
expect_match "$prb" "^PRB-" "problem record created"

run check
expect_code 0 "a sound store"
expect_match "$OUT" "ok: 3 tickets, 13 events" "summary counts"
run check --format json
expect_eq "$(jq -r .ok <<<"$OUT")" "true" "json: ok"
expect_eq "$(jq -r .events <<<"$OUT")" "$(sqlite3 "$ITSM_DB" 'SELECT count(*) FROM events')" "json: every event verified"
head=$(jq -r .chain_head <<<"$OUT")
expect_match "$head" "^[0-9a-f]{64}$" "json: the chain head is a SHA-256"
expect_eq "$head" "$(sqlite3 "$ITSM_DB" 'SELECT lower(hex(hash)) FROM events ORDER BY id DESC LIMIT 1')" "the head is the last event's hash"
run check --format yaml
expect_error 2 "format" "unknown format"

# What the check is at goes to a terminal only (script(1) gives it one), each step over the
# last on one line, ended by a new line; a pipe or a file gets no progress.
run check
expect_eq "$ERR" "" "no progress when standard error is not a terminal"
tty_out=$(script -qec "'$ITSM_BIN' check" /dev/null)
expect_match "$tty_out" $'\rchecking: the audit chain *\r' "progress: the chain"
expect_match "$tty_out" $'\rchecking: 3 tickets; links, outages and the search index *\r\n' \
  "progress: the tickets counted, then a new line"
expect_match "$tty_out" "ok: 3 tickets, 13 events" "the result after the progress"

# Each case below works on a copy, so one tampering does not hide another.
copy() {
  cp "$ITSM_DB" "$SCRATCH/t.db"
  sql "$SCRATCH/t.db" "$1"
  run --db "$SCRATCH/t.db" check --format json
  DOC=$OUT
  run --db "$SCRATCH/t.db" check
}
n_notes=$(sqlite3 "$ITSM_DB" "SELECT id FROM events WHERE kind = 'noted'")

copy "UPDATE events SET detail = '{\"text\":\"nothing was ordered\"}' WHERE id = $n_notes"
# The search index still holds the note as it was written: it no longer matches either.
expect_error 6 "failed its check with 2 problems \\(chain 1, index 1\\); first: chain: event $n_notes " "an edited note"
expect_match "$OUT" "chain: event $n_notes does not match its hash" "text output names the event"
expect_eq "$(jq -r '.problems[0].ticket' <<<"$DOC")" "INC-1" "json names the ticket"
expect_eq "$(jq -r '.ok' <<<"$DOC")" "false" "json: not ok"

copy "UPDATE events SET at = at - 3600 WHERE kind = 'resolved'"
expect_error 6 "chain" "a back-dated resolution"

copy "DELETE FROM events WHERE kind = 'reopened'"
expect_error 6 "deleted" "a deleted history row"
expect_match "$OUT" "replay: INC-1: " "deleting the reopen also shows in the replay"

copy "UPDATE tickets SET status = 'closed', closed_at = 1795000000, resolved_at = 1795000000 WHERE number = 2"
expect_error 6 "3 problems \\(replay 3\\); first: replay: INC-2: status is" "a ticket edited around its history"
expect_match "$OUT" "status is \"closed\" but its history gives \"assigned\"" "the replay names the field and both values"

copy "UPDATE tickets SET grp = 'network2' WHERE number = 2"
expect_error 6 "replay: INC-2: group is \"network2\" but its history gives \"second-line\"" "an edited group"

copy "DELETE FROM events WHERE ticket = 3"
expect_error 6 "\\(chain 1, whole 1\\)" "a ticket without history"
expect_match "$OUT" "whole: PRB-3 has no \"logged\" event" "the ticket without history is named"

copy "PRAGMA foreign_keys = OFF; DELETE FROM tickets WHERE number = 3"
expect_error 6 "ticket 3, which does not exist" "events without their ticket"

copy "INSERT INTO events (ticket, at, actor, kind, detail) VALUES (1, 1795000000, 'mallory', 'noted', '{}')"
expect_error 6 "no hash" "an event written around itsm"

# An old store (schema 3, no hashes) is upgraded and sealed by the first command that opens it
# (here one that only reads: a cron job's check right after itsm was upgraded), then checks out.
cp "$ITSM_DB" "$SCRATCH/old.db"
sql "$SCRATCH/old.db" "ALTER TABLE events DROP COLUMN hash; DROP TRIGGER ticket_text_insert;
  DROP TRIGGER ticket_text_update; DROP TRIGGER ticket_text_delete; DROP TRIGGER ticket_text_note;
  DROP TABLE ticket_text; DROP TABLE outbox; DROP TABLE notified; DROP TABLE mail;
  DROP TABLE attachments; DROP TRIGGER maintenance_seal; DROP TRIGGER maintenance_state_seal;
  ALTER TABLE maintenance DROP COLUMN seal; ALTER TABLE maintenance DROP COLUMN state_seal;
  DROP INDEX events_escalated; PRAGMA user_version = 3"
run --db "$SCRATCH/old.db" check --format json
expect_code 0 "a read-only command upgrades the old store"
expect_eq "$(jq -r .ok <<<"$OUT")" "true" "and finds it sound"
run --db "$SCRATCH/old.db" note INC-2 "after the upgrade" --at "2026-11-23 10:30"
expect_code 0 "a write after the upgrade"
run --db "$SCRATCH/old.db" check --format json
expect_eq "$(jq -r .ok <<<"$OUT")" "true" "the upgraded store checks out"
expect_eq "$(sqlite3 "$SCRATCH/old.db" 'SELECT count(*) FROM events WHERE hash IS NULL')" "0" "every old event is hashed"
expect_eq "$(sqlite3 "$SCRATCH/old.db" 'PRAGMA user_version')" "10" "the current schema (10)"

run --db "$SCRATCH/none.db" check
expect_error 6 "no store" "no store to check"
expect_eq "$(ls "$SCRATCH"/none.db* 2>/dev/null)" "" "check creates nothing"

finish
