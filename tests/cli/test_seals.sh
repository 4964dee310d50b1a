#!/usr/bin/env bash
# itsm check and the facts no event records: maintenance windows, the outbox, the threshold
# notices sent, incoming mail and its attachments are sealed (docs/security.md). An edit,
# insertion or deletion around itsm is named with exit 6; the plain sqlite3 shell cannot even
# change a sealed fact's state without dropping the trigger that keeps the seal.
source "$(dirname "$0")/lib.sh"
use_config mkip
notify_to_spool "helpdesk@example.org" '["logged", "resolved", "breached", "at-risk"]'
mail_desk

# Facts of every kind: two maintenance windows (one cancelled), messages queued and sent, the
# notices of a breach, a message with its attachments.
itsm maintenance add --service payroll --from "2026-05-14 08:00" --to "2026-05-14 10:00" \
  --reason "iTrent upgrade" --at "2026-05-11 09:00" >/dev/null
mnt2=$(itsm maintenance add --service email --from "2026-05-15 08:00" --to "2026-05-15 09:00" \
  --at "2026-05-11 09:05")
itsm maintenance cancel "$mnt2" --at "2026-05-12 09:00" >/dev/null
id=$(itsm log --title "Payroll run fails" --priority P1 --email ann@example.org --at "2026-05-18 09:00")
itsm sla-check --at "2026-05-18 09:50" >/dev/null
itsm sla-check --at "2026-06-30 17:00" >/dev/null
itsm notify flush >/dev/null
itsm mail-in <"$ITSM_SOURCE_DIR/tests/mail/attachment.eml" >/dev/null
itsm resolve "$id" --resolution "Job restarted" --at "2026-05-19 17:30" >/dev/null

count() { sqlite3 "$ITSM_DB" "SELECT count(*) FROM $1"; }
for table in maintenance outbox notified mail attachments; do
  CHECKS=$((CHECKS + 1))
  [ "$(count "$table")" -gt 0 ] || fail "the store has no $table row to seal"
done
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM outbox WHERE id = 1 AND sent_at IS NOT NULL")" = 1 ] || fail "the first message was sent"
CHECKS=$((CHECKS + 1))
[ "$(count notified)" -ge 2 ] || fail "two notices at least, to delete the first"
total=$(sqlite3 "$ITSM_DB" "SELECT (SELECT count(*) FROM maintenance) + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM notified) + (SELECT count(*) FROM mail) + (SELECT count(*) FROM attachments)")
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT sum(n) FROM (SELECT count(*) n FROM maintenance WHERE seal IS NULL OR state_seal IS NULL UNION ALL SELECT count(*) FROM outbox WHERE seal IS NULL OR state_seal IS NULL UNION ALL SELECT count(*) FROM notified WHERE seal IS NULL UNION ALL SELECT count(*) FROM mail WHERE seal IS NULL UNION ALL SELECT count(*) FROM attachments WHERE seal IS NULL)")" "0" "every row itsm wrote is sealed"

run check --format json
expect_code 0 "a sound store"
expect_eq "$(jq -r .sealed_rows <<<"$OUT")" "$total" "json: every sealed row checked"
run check
expect_match "$OUT" "audit chain intact, $total sealed rows intact" "text: the sealed rows"

# Each case works on a copy, with the plain sqlite3 shell: what someone editing the file uses.
copy() {
  cp "$ITSM_DB" "$SCRATCH/t.db"
  rm -f "$SCRATCH"/t.db-wal "$SCRATCH"/t.db-shm
  SQL_ERR=$(sqlite3 "$SCRATCH/t.db" "$1" 2>&1)
  SQL_CODE=$?
  run --db "$SCRATCH/t.db" check --format json
  DOC=$OUT
  run --db "$SCRATCH/t.db" check
}
first_notice=$(sqlite3 "$ITSM_DB" "SELECT min(rowid) FROM notified")
last_mail=$(sqlite3 "$ITSM_DB" "SELECT max(id) FROM mail")

copy "UPDATE maintenance SET recorded_at = recorded_at - 86400 WHERE id = 1"
expect_error 6 "failed its check with 1 problem \\(seal 1\\)" "a back-dated maintenance record"
expect_match "$OUT" "seal: maintenance row 1 does not match its seal" "the row is named"
expect_eq "$(jq -r '.problems[0].check' <<<"$DOC")" "seal" "json: the check is seal"

copy "UPDATE maintenance SET cancelled_at = NULL, cancelled_by = '' WHERE id = 2"
expect_eq "$SQL_CODE" "1" "the shell cannot undo a cancellation without the seal function"
expect_match "$SQL_ERR" "no such function: itsm_seal" "and says why"
expect_code 0 "the store is unchanged"

copy "DROP TRIGGER maintenance_state_seal; UPDATE maintenance SET cancelled_at = NULL, cancelled_by = '' WHERE id = 2"
expect_error 6 "seal" "an undone cancellation, trigger dropped"
expect_match "$OUT" "maintenance row 2: its cancelled_at, cancelled_by changed around itsm" "the changed state is named"

copy "UPDATE outbox SET subject = 'Nothing happened' WHERE id = 1"
expect_error 6 "outbox row 1 does not match its seal" "an edited message"

copy "DROP TRIGGER outbox_state_seal; UPDATE outbox SET sent_at = NULL WHERE id = 1"
expect_error 6 "outbox row 1: its sent_at changed around itsm" "a sent message marked unsent"

copy "DELETE FROM notified WHERE rowid = $first_notice"
expect_error 6 "notified row $(sqlite3 "$ITSM_DB" "SELECT min(rowid) FROM notified WHERE rowid > $first_notice") does not match its seal" "a deleted notice breaks the next one's seal"

copy "INSERT INTO notified (ticket, clock, state, at) VALUES (1, 'resolve', 'forged', 0)"
expect_match "$SQL_ERR" "no such function: itsm_seal" "the shell cannot add a notice"
copy "DROP TRIGGER notified_seal; INSERT INTO notified (ticket, clock, state, at) VALUES (1, 'resolve', 'forged', 0)"
expect_error 6 "notified row [0-9]+ has no seal: it was written around itsm" "a notice written around itsm"

copy "UPDATE mail SET raw = CAST('From: nobody' AS BLOB) WHERE id = $last_mail"
expect_error 6 "mail row $last_mail does not match its seal" "an edited raw message"

copy "UPDATE attachments SET data = zeroblob(10) WHERE id = 1"
expect_error 6 "attachments row 1 does not match its seal" "an edited attachment"

# A store from before the seals (schema 8) is sealed by its upgrade, then checks out; the rows
# it had are trusted from then on.
cp "$ITSM_DB" "$SCRATCH/old.db"
rm -f "$SCRATCH"/old.db-wal "$SCRATCH"/old.db-shm
sql "$SCRATCH/old.db" "DROP TRIGGER maintenance_seal; DROP TRIGGER maintenance_state_seal;
  DROP TRIGGER outbox_seal; DROP TRIGGER outbox_state_seal; DROP TRIGGER notified_seal;
  DROP TRIGGER mail_seal; DROP TRIGGER attachments_seal;
  ALTER TABLE maintenance DROP COLUMN seal; ALTER TABLE maintenance DROP COLUMN state_seal;
  ALTER TABLE outbox DROP COLUMN seal; ALTER TABLE outbox DROP COLUMN state_seal;
  ALTER TABLE notified DROP COLUMN seal; ALTER TABLE mail DROP COLUMN seal;
  ALTER TABLE attachments DROP COLUMN seal; DROP INDEX events_escalated; PRAGMA user_version = 8"
run --db "$SCRATCH/old.db" check --format json
expect_code 0 "the first command upgrades and seals the old store"
expect_eq "$(jq -r .sealed_rows <<<"$OUT")" "$total" "every old row sealed"
expect_eq "$(sqlite3 "$SCRATCH/old.db" 'PRAGMA user_version')" "10" "the current schema (10)"
expect_eq "$(sqlite3 "$SCRATCH/old.db" "SELECT hex(seal) FROM outbox ORDER BY id DESC LIMIT 1")" \
  "$(sqlite3 "$ITSM_DB" "SELECT hex(seal) FROM outbox ORDER BY id DESC LIMIT 1")" "the upgrade seals as the triggers do"
run --db "$SCRATCH/old.db" maintenance cancel MNT-1 --at "2026-05-13 09:00"
expect_code 0 "a write after the upgrade"
run --db "$SCRATCH/old.db" check
expect_code 0 "the upgraded store checks out after a write"

finish
