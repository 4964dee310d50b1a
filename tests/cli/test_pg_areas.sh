#!/usr/bin/env bash
# The areas of the PostgreSQL store beside tickets and events (docs/team-store.md), on a real
# server started by the suite: each run as the same commands on a file store and on the server,
# with byte-identical output, and its refusals of bad input, which leave the server as it was.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office
pg_desk
export ITSM_NOW="2026-12-02 12:00"

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

# Notifications: a change queues its messages in its own transaction; sla-check records each
# threshold notice once; list and flush, through a spool folder and through a sendmail-like
# command, print the same on both stores and deliver the same messages.
notify_to_spool "desk@example.org" '["logged", "assigned", "resolved", "at-risk", "breached"]'
# delivered: what the spool or the fake sendmail received, into the transcript, then cleared.
delivered() {
  local f
  for f in $(ls "$SPOOL" 2>/dev/null); do
    printf -- '-- %s\n' "$f" >>"$STEP_OUT"
    cat "$SPOOL/$f" >>"$STEP_OUT"
  done
  rm -rf "$SPOOL"
  cat "$SCRATCH/sendmail.log" >>"$STEP_OUT" 2>/dev/null
  rm -f "$SCRATCH/sendmail.log"
}
notices() {
  step log --title "Mail down for sales" --priority P2 --email ann@example.org \
    --at "2026-12-02 09:00"
  step assign INC-8 --group helpdesk --to alice --at "2026-12-02 09:10"
  step sla-check --format json
  step sla-check --format json
  step log --title "VPN down" --priority P1 --group helpdesk --at "2026-12-02 11:00"
  step sla-check --format json
  step notify list --all --format json
  step notify list --all
  step notify flush
  step resolve INC-8 --resolution "Relay restarted" --at "2026-12-02 11:00"
  step notify list --all --format json
  delivered
}
same_on_both "notifications through a spool folder" "$FILE" "$DESK" notices
expect_eq "$(grep -c '^-- ' "$SCRATCH/notices.server")" \
  "$(pg_sql desk "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL")" \
  "every message the server marks sent is in the spool"
expect_eq "$(pg_sql desk "SELECT count(*) > 0 FROM notified")" "t" "threshold notices recorded"

# A sendmail-like command that fails while $SCRATCH/fail exists (the messages stay queued) and
# otherwise logs each message's Message-ID, slowly, so that two flushes overlap.
FAKE=$SCRATCH/fake-sendmail
cat >"$FAKE" <<EOT
#!/bin/bash
if [ -e "$SCRATCH/fail" ]; then echo "mail server unreachable" >&2; exit 75; fi
id=\$(tr -d '\r' | sed -n 's/^Message-ID: //p')
sleep 0.1
echo "\$id" >>"$SCRATCH/sendmail.log"
EOT
chmod +x "$FAKE"
sed -i "s|^spool = .*|command = [\"$FAKE\", \"-t\"]|" "$ITSM_CONFIG/itsm.toml"
flushes() {
  touch "$SCRATCH/fail"
  step log --title "Website down" --priority P1 --email bob@example.org --at "2026-12-02 11:30"
  step assign INC-10 --group web --to carol --at "2026-12-02 11:35"
  step notify list --format json
  step notify flush
  rm -f "$SCRATCH/fail"
  step notify flush
  step notify flush
  step notify list --all
  delivered
}
same_on_both "notifications through a command, with retries" "$FILE" "$DESK" flushes
expect_match "$(cat "$SCRATCH/flushes.server")" "0 sent, [1-9][0-9]* still queued" \
  "a failing command leaves the messages queued"

# The same messages and notices carry the same seals on both stores (store/seals.hpp).
for table in outbox notified; do
  state=$([ $table = outbox ] && echo "state_seal" || echo "seal")
  expect_eq "$(pg_sql desk "SELECT id || '/' || upper(encode(seal, 'hex')) || '/' || \
upper(encode($state, 'hex')) FROM $table ORDER BY id")" \
    "$(sql "$FILE" "SELECT rowid || '/' || hex(seal) || '/' || hex($state) FROM $table \
ORDER BY rowid")" "the $table rows' numbers and seals are the file store's"
done

# Two flushes at once on the server: each queued message is sent once.
touch "$SCRATCH/fail"
for i in 1 2 3 4 5 6; do
  itsm --db "$DESK" log --title "burst $i" --email "user$i@example.org" \
    --at "2026-12-02 11:4$i" >/dev/null 2>&1
done
rm -f "$SCRATCH/fail"
queued=$(pg_sql desk "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
expect_eq "$queued" "6" "six messages queued while the command failed"
itsm --db "$DESK" notify flush >"$SCRATCH/flush.1" 2>&1 &
itsm --db "$DESK" notify flush >"$SCRATCH/flush.2" 2>&1 &
wait
expect_eq "$(wc -l <"$SCRATCH/sendmail.log")" "6" "six messages delivered by two flushes"
expect_eq "$(sort -u "$SCRATCH/sendmail.log" | wc -l)" "6" "no message delivered twice"
expect_eq "$(pg_sql desk "SELECT count(*) FROM outbox WHERE sent_at IS NULL")" "0" \
  "every message marked sent"
expect_eq "$(($(sed -n 's/ sent.*//p' "$SCRATCH/flush.1") + $(sed -n 's/ sent.*//p' "$SCRATCH/flush.2")))" \
  "6" "the two flushes' counts add up to six"

# A command that does not exist: one error line, exit 5, nothing claimed on the server.
touch "$SCRATCH/fail"
itsm --db "$DESK" log --title "queued" --email ann@example.org --at "2026-12-02 11:50" \
  >/dev/null 2>&1
sed -i "s|^command = .*|command = [\"$SCRATCH/no-such-sendmail\", \"-t\"]|" \
  "$ITSM_CONFIG/itsm.toml"
before=$(server_digest)
run --db "$DESK" notify flush
expect_error 5 "no-such-sendmail does not exist" "flush with a missing program"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"
expect_eq "$(server_digest)" "$before" "a refused flush changes nothing on the server"

# Outages and maintenance windows, on a fresh pair of stores: recorded by log and update,
# announced, cancelled and imported, and measured by show, services, sla-check and reports.
use_config office
pg_sql postgres "CREATE DATABASE avail" >/dev/null
AVAIL=$(pg_uri avail)
itsm --db "$AVAIL" store init >/dev/null || fail "setup: store init avail"
export ITSM_NOW="2026-12-10 12:00"
cat >"$SCRATCH/windows.json" <<'EOT'
[{"id": "MNT-10", "service": "website", "from": "2026-12-06T08:00:00Z",
  "to": "2026-12-06T09:00:00Z", "kind": "planned", "reason": "CMS upgrade",
  "recorded_at": "2026-11-30T09:00:00Z", "actor": "web"},
 {"id": "MNT-11", "service": "email", "from": "2026-12-07T08:00:00Z",
  "to": "2026-12-07T09:00:00Z", "kind": "emergency", "forced": true,
  "recorded_at": "2026-12-07T07:30:00Z", "cancelled_at": "2026-12-07T07:45:00Z",
  "cancelled_by": "ops"}]
EOT
availability() {
  step log --title "Mail down" --priority P1 --service email --outage --at "2026-12-01 09:00"
  step resolve INC-1 --resolution "Relay restarted" --at "2026-12-01 11:00"
  step log --title "Mail slow" --priority P2 --service email --at "2026-12-02 10:05"
  step update INC-2 --outage-start "2026-12-02 10:00" --outage-end "2026-12-02 10:45" \
    --at "2026-12-02 11:00"
  step update INC-2 --outage-end "2026-12-02 10:30" --at "2026-12-02 11:05"
  step log --title "Website down" --priority P2 --service website --outage --at "2026-12-03 14:00"
  step log --title "Portal down" --priority P2 --service website --outage --at "2026-12-04 09:00"
  step update INC-4 --service email --at "2026-12-04 09:10"
  step resolve INC-4 --resolution "Restarted" --at "2026-12-04 10:00"
  step maintenance add --service email --from "2026-12-12 08:00" --to "2026-12-12 10:00" \
    --reason "Relay upgrade" --at "2026-12-08 09:00"
  step maintenance add --service website --emergency --force --reason "Patch" \
    --from "2026-12-04 14:00" --to "2026-12-04 15:00" --at "2026-12-04 13:30"
  step maintenance add --service email --from "2026-12-05 08:00" --to "2026-12-05 09:00" \
    --at "2026-12-04 12:00"
  step maintenance cancel MNT-1 --at "2026-12-09 09:00"
  step maintenance cancel MNT-1 --at "2026-12-09 09:30"
  step maintenance cancel MNT-9
  step maintenance import "$SCRATCH/windows.json"
  step maintenance import "$SCRATCH/windows.json"
  step maintenance add --service website --from "2026-12-20 08:00" --to "2026-12-20 09:00" \
    --at "2026-12-09 10:00"
  step maintenance list --all --format json
  step maintenance list
  step maintenance list --service website --format csv
  local id
  for id in INC-1 INC-2 INC-3 INC-4; do
    step show "$id" --format json
    step show "$id"
  done
  step services --format json
  step services
  step sla-check --format json
  step sla-check
  step report monthly --month 2026-12 --format json
  step report weekly --week 2026-W49
}
same_on_both "outages and maintenance windows" "$SCRATCH/avail.db" "$AVAIL" availability
expect_eq "$(pg_sql avail "SELECT string_agg(ticket || ':' || service, ' ' ORDER BY ticket) \
FROM outages")" "1:email 2:email 3:website 4:email" "the server keeps each outage, moved with its ticket"
expect_eq "$(pg_sql avail "SELECT string_agg(id::text, ' ' ORDER BY id) FROM maintenance")" \
  "1 2 10 11 12" "maintenance ids as on a file store, imported ones kept"
expect_eq "$(pg_sql avail "SELECT upper(encode(seal, 'hex')) || '/' || \
upper(encode(state_seal, 'hex')) FROM maintenance ORDER BY id")" \
  "$(sql "$SCRATCH/avail.db" "SELECT hex(seal) || '/' || hex(state_seal) FROM maintenance \
ORDER BY id")" "the maintenance windows' seals are the file store's"

# Bad input: one error line, the documented exit code, nothing changed on the server.
before=$(server_digest avail)
run --db "$AVAIL" update INC-2 --outage-end "2026-12-02 09:00"
expect_error 2 "would end .* before it starts" "an outage ending before it starts"
echo '[{"service": "email", "from": "2026-12-20T08:00:00Z", "to": "2026-12-20T09:00:00Z"},
{"service": "payroll", "from": "2026-12-21T08:00:00Z", "to": "2026-12-21T09:00:00Z"}]' \
  >"$SCRATCH/half.json"
run --db "$AVAIL" maintenance import "$SCRATCH/half.json"
expect_error 2 'item 2: .*payroll.*nothing was imported' "an import with a bad second window"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"
run --db "$AVAIL" maintenance cancel MNT-1
expect_error 4 "MNT-1 was cancelled already" "cancelling twice"
expect_eq "$(server_digest avail)" "$before" "refused changes leave the server as it was"

# itsm check on the server's rows: the same report as on the file store (but for the store's
# name), intact and after the same rows are edited around itsm on both (psql, sqlite3).
checks_alike "an intact store" "$SCRATCH/avail.db" "$AVAIL"
expect_match "$(itsm --db "$AVAIL" check)" ": ok: 4 tickets, [0-9]+ events; .*, 5 sealed rows intact" \
  "check on the server: every ticket, event and sealed row"
edit_both() { # SQL [maintenance]: run on both stores, with psql and the plain sqlite3 shell
  # (an event is edited on the server only in a repair's transaction: docs/security.md)
  pg_sql avail "${2:+SET itsm.maintenance = on; }$1" >/dev/null
  sqlite3 "$SCRATCH/avail.db" "$1" || fail "sqlite3: $1"
}
edit_both "UPDATE events SET actor = 'mallory' WHERE id = 3" maintenance
checks_alike "an event edited around itsm" "$SCRATCH/avail.db" "$AVAIL"
run --db "$AVAIL" check
expect_error 6 "failed its check with 1 problem \(chain 1\); first: chain: event 3 does not match \
its hash" "an event edited with psql is reported"
expect_eq "$(wc -l <<<"$ERR")" "1" "one error line"
edit_both "UPDATE maintenance SET reason = 'nothing to see' WHERE id = 2"
edit_both "DELETE FROM outages WHERE ticket = 3"
checks_alike "maintenance windows and an outage edited around itsm" "$SCRATCH/avail.db" \
  "$AVAIL"
# A cancellation undone and a row added with psql (a file store's triggers refuse both without
# itsm_seal(), which the plain sqlite3 shell has not).
pg_sql avail "UPDATE maintenance SET cancelled_at = NULL, cancelled_by = '' WHERE id = 1" \
  >/dev/null
pg_sql avail "INSERT INTO maintenance (id, service, from_at, to_at, recorded_at) VALUES (13, \
'email', 1797000000, 1797003600, 1796000000)" >/dev/null
before=$(server_digest avail)
run --db "$AVAIL" check --format json
expect_code 6 "check of an edited server store"
expect_eq "$(jq -r '[.problems[].check] | join(",")' <<<"$OUT")" "chain,seal,seal,seal,replay" \
  "the chain, three seals and the missing outage"
expect_eq "$(jq -r '.problems[1].message' <<<"$OUT")" \
  "maintenance row 1: its cancelled_at, cancelled_by changed around itsm" "an undone cancellation"
expect_eq "$(jq -r '.problems[3].message' <<<"$OUT")" \
  "maintenance row 13 has no seal: it was written around itsm" "a window added with psql"
expect_eq "$(jq -r '.problems[4].message' <<<"$OUT")" \
  "INC-3: its history records an outage (website from 2026-12-03T14:00:00Z until its \
resolution), but it is missing" "an outage deleted with psql"
expect_eq "$(server_digest avail)" "$before" "check changes nothing"

# Writers at once on the server: maintenance windows announced from six processes get six ids,
# and every seal chain still holds, as check says.
for i in 1 2 3 4 5 6; do
  itsm --db "$DESK" maintenance add --service email --force --from "2026-12-2$i 08:00" \
    --to "2026-12-2$i 09:00" --at "2026-12-10 09:00" >"$SCRATCH/mnt.$i" 2>&1 &
done
wait
expect_eq "$(cat "$SCRATCH"/mnt.* | grep -o 'MNT-[0-9]*' | sort -u | wc -l)" "6" \
  "six windows, six ids"
run --db "$DESK" check
expect_code 0 "check after writers at once"
expect_match "$OUT" "audit chain intact, [0-9]+ sealed rows intact" "every seal chain holds"

finish
