#!/usr/bin/env bash
# Incoming mail on a PostgreSQL store (docs/mail.md, docs/team-store.md), on a real server
# started by the suite: the corpus of tests/mail/ and the replies of test_mail.sh and
# test_reply.sh delivered to a file store and to the server print the same byte for byte (each
# result, show and its attachments, list, export, the outbox and what it sent, attachment get's
# bytes, check), the stored messages, attachments and seals are the file store's; two deliveries
# of one message at once log it once; the roles (a reader's and an agent's mail-in refused with
# exit 75 and nothing written, an organisation reader seeing its own attachments only, also in
# psql); a message over max_size, an edited attachment, an upgrade that grants the new tables.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office
CORPUS=$ITSM_SOURCE_DIR/tests/mail
notify_to_spool "helpdesk@example.org" '["logged", "resolved", "closed"]'
mail_desk
printf '\n[mail.domains]\n"swale.gov.uk" = "Swale"\n' >>"$ITSM_CONFIG/itsm.toml"
pg_desk
MAIL=$SCRATCH/mail
mkdir -p "$MAIL"

# with_files FILE FROM MESSAGE-ID SUBJECT SIZE...: a message with one attachment per SIZE, of
# SIZE bytes running through every byte value (f1.bin, f2.bin, ...).
with_files() {
  python3 - "$@" <<'PY'
import base64, sys
out, sender, mid, subject, *sizes = sys.argv[1:]
parts = ""
for i, size in enumerate(sizes, 1):
    data = bytes(range(256)) * (int(size) // 256 + 1)
    blob = base64.encodebytes(data[: int(size)]).decode().replace("\n", "\r\n")
    parts += (f"--x\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; "
              f"filename=f{i}.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n{blob}")
open(out, "w").write(f"From: {sender}\r\nTo: helpdesk@example.org\r\nSubject: {subject}\r\n"
    f"Message-ID: <{mid}>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
    "--x\r\nContent-Type: text/plain\r\n\r\nFiles attached.\r\n" + parts + "--x--\r\n")
PY
}
with_files "$MAIL/large.eml" "Big <big@example.com>" large.1@example.com "Large log" 3000000
with_files "$MAIL/swale.eml" "Sam <sam@swale.gov.uk>" swale.1@swale.gov.uk "Swale scan" 300 5
with_files "$MAIL/mof.eml" "Ann Smith <ann@mof.example.org>" mof.9@mof.example.org "MOF scan" 700
python3 - "$MAIL/many.eml" <<'PY'
import sys
parts = "".join(f"--x\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=f{i}.txt\r\n\r\nfile {i}\r\n" for i in range(200))
open(sys.argv[1], "w").write("From: many@example.com\r\nTo: helpdesk@example.org\r\nSubject: 200 files\r\n"
  "Message-ID: <many.1@example.com>\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
  "--x\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n" + parts + "--x--\r\n")
PY
sed 's/^Subject: .*/Subject: Re: [INC-3] Resolved/; s/^Message-ID: .*/Message-ID: <late.1@example.com>/' \
  "$CORPUS/alternative.eml" >"$MAIL/late.eml"
for i in 1 2 3 4 5 6 7; do
  sed "s/^Message-ID: .*/Message-ID: <flood.$i@example.com>/" "$CORPUS/alternative.eml" \
    >"$MAIL/flood$i.eml"
done
cp -r "$ITSM_CONFIG" "$SCRATCH/small"
sed -i 's/^\[mail\]$/[mail]\nmax_size = 1048576/' "$SCRATCH/small/itsm.toml"
sed 's/^Message-ID: .*/Message-ID: <large.2@example.com>/' "$MAIL/large.eml" >"$MAIL/large2.eml"

# which: "file" or "server", for the store ITSM_DB names.
which() { if [ "$ITSM_DB" = "$FILE" ]; then echo file; else echo server; fi; }
deliver() { step mail-in --format json <"$1"; }
# fetch ID: attachment get's bytes into $SCRATCH/got.STORE/ID, their digest and exit code into the
# transcript.
fetch() {
  local to=$SCRATCH/got.$(which)
  mkdir -p "$to"
  printf '== attachment get %s\n' "$1" >>"$STEP_OUT"
  "$ITSM_BIN" attachment get "$1" --output "$to/$1" >>"$STEP_OUT" 2>&1
  printf '== exit %s %s\n' "$?" "$(cat "$to/$1" 2>/dev/null | sha256sum | cut -c1-16)" >>"$STEP_OUT"
}
# sent: the messages the spool received (acknowledgements, notices, replies), then cleared.
sent() {
  local f
  for f in "$SPOOL"/*; do
    [ -e "$f" ] || continue
    printf -- '-- %s\n' "$(basename "$f")" >>"$STEP_OUT"
    tr -d '\r' <"$f" >>"$STEP_OUT"
  done
  rm -rf "$SPOOL"
}

# The whole of test_mail.sh's and test_reply.sh's conversations, on one store.
conversation() {
  local file id
  export ITSM_NOW="2026-11-30 09:00"
  while IFS=$'\t' read -r file _; do
    [[ -z "$file" || "$file" == \#* ]] && continue
    deliver "$CORPUS/$file"
  done <"$CORPUS/expected"
  for file in large many swale mof; do
    deliver "$MAIL/$file.eml"
  done
  step --config "$SCRATCH/small" mail-in <"$MAIL/large2.eml"
  # Replies that reopen a resolved ticket, follow a closed one up, or come too late.
  ITSM_NOW="2026-11-30 10:00" step resolve INC-1 --resolution "Fuser replaced"
  ITSM_NOW="2026-12-05 10:00" deliver "$CORPUS/reply-gmail.eml"
  ITSM_NOW="2026-12-06 10:00" step close INC-1 --resolution "Printer replaced"
  ITSM_NOW="2026-12-07 10:00" deliver "$CORPUS/reply-closed.eml"
  ITSM_NOW="2026-11-30 10:00" step resolve INC-3 --resolution "Rights fixed"
  ITSM_NOW="2026-12-11 10:01" deliver "$MAIL/late.eml"
  # The acknowledgements' rate limit: the 6th and 7th message within the hour are not answered.
  for i in 1 2 3 4 5 6 7; do
    ITSM_NOW="2026-12-20 09:0$i" deliver "$MAIL/flood$i.eml"
  done
  # The desk's reply, threaded to the customer's last message, and the answer to it.
  ITSM_NOW="2026-12-20 10:00" step reply INC-2 "The VPN is fixed." --cc boss@mof.example.org
  ITSM_NOW="2026-12-20 10:00" step reply INC-21 "Which mouse?"
  id=$(header Message-ID "$(ls "$SPOOL"/*-2.eml | tail -1)")
  printf 'From: Bob <bob@example.com>\nTo: helpdesk@example.org\nSubject: Re: VPN\nMessage-ID: <bob.2@example.com>\nIn-Reply-To: %s\n\nThanks.\n' \
    "$id" >"$SCRATCH/answer.eml"
  ITSM_NOW="2026-12-20 10:10" deliver "$SCRATCH/answer.eml"
  sent
  step list --format json
  step list --status closed,resolved,new,assigned
  step export
  step notify list --all --format json
  for id in INC-1 INC-2 INC-4 INC-16 INC-17 INC-24 INC-25 INC-28 INC-29 INC-30 INC-31 INC-32; do
    step show "$id" --format json
  done
  step show INC-4
  step show INC-30
  for id in 1 2 3 4 5 6 7 8 9 208 209 210 211 999; do
    fetch "$id"
  done
  step attachment get abc
  step attachment get INC-4
}
same_on_both "mail-in, show, list, export, the outbox, reply and attachment get" "$FILE" "$DESK" \
  conversation
expect_match "$(cat "$SCRATCH/conversation.server")" '"result":"duplicate","ticket":"INC-1"' \
  "the transcript holds a duplicate"
expect_match "$(cat "$SCRATCH/conversation.server")" '"not_answered":"5 acknowledgements to carol' \
  "and the rate limit"
expect_match "$(cat "$SCRATCH/conversation.server")" 'over the 1048576 of \[mail\] max_size; kept in' \
  "and the message over max_size"
expect_match "$(cat "$SCRATCH/conversation.server")" '"result":"received","ticket":"INC-2"' \
  "and the answer to the desk's reply"
expect_match "$(cat "$SCRATCH/conversation.server")" '== attachment get 999
itsm: error: no attachment 999' "and an unknown attachment"
checks_alike "after the conversation" "$FILE" "$DESK"
# Every check, the seals of mail and attachments and the follow-ups' links among them, finds
# nothing.
problems() { # CHECK: the problems of that check on the server, one a line
  itsm --db "$DESK" check --format json 2>/dev/null |
    jq -r --arg c "$1" '.problems[] | select(.check == $c) | .message'
}
sound() {
  itsm --db "$DESK" check --format json 2>/dev/null | jq -r '.problems | length'
}
expect_eq "$(sound)" "0" "the server's store passes every check"

# The server keeps what the file store keeps: every message, its raw bytes, the attachments
# and the same seals, row for row.
rows() { # WHAT: the rows of the file store (sqlite) and of the server (psql), in one form
  case $1 in
  mail) q="SELECT id, message_id, coalesce(ticket, 0), coalesce(event, 0), outcome, sender, \
acknowledged, received_at, length(raw), md5(raw), SEAL FROM mail ORDER BY id" ;;
  attachments) q="SELECT id, ticket, mail, filename, content_type, size, md5(data), SEAL FROM \
attachments ORDER BY id" ;;
  esac
  local hex="encode(seal, 'hex')"
  if [ "$2" = file ]; then
    python3 - "$FILE" "${q//SEAL/lower(hex(seal))}" <<'PY'
import hashlib, sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.create_function("md5", 1, lambda b: hashlib.md5(b).hexdigest())
for r in c.execute(sys.argv[2]):
    print("|".join(str(v) for v in r))
PY
  else
    pg_sql desk "${q//SEAL/$hex}"
  fi
}
for table in mail attachments; do
  rows "$table" file >"$SCRATCH/$table.file"
  rows "$table" server >"$SCRATCH/$table.server"
  CHECKS=$((CHECKS + 1))
  diff -q "$SCRATCH/$table.file" "$SCRATCH/$table.server" >/dev/null ||
    fail "$table: the server's rows and seals are the file store's: $(diff "$SCRATCH/$table.file" \
      "$SCRATCH/$table.server" | head -5)"
done
expect_eq "$(wc -l <"$SCRATCH/mail.server")" "53" "every message taken is stored once"
expect_eq "$(wc -l <"$SCRATCH/attachments.server")" "211" "with its attachments"
expect_eq "$(pg_sql desk "SELECT encode(raw, 'hex') FROM mail WHERE message_id = 'plain.1@mof.example.org'")" \
  "$(xxd -p "$CORPUS/plain.eml" | tr -d '\n')" "the raw message is kept as received"
for id in 1 2 3 4 5 6 7 8 9 208 209 210 211; do
  CHECKS=$((CHECKS + 1))
  cmp -s "$SCRATCH/got.file/$id" "$SCRATCH/got.server/$id" ||
    fail "attachment $id: the server gives the file store's bytes"
done
python3 - "$SCRATCH/parts" "$CORPUS/attachment.eml" "$MAIL/large.eml" <<'PY'
import email, os, sys
os.makedirs(sys.argv[1])
for name in sys.argv[2:]:
    for i, part in enumerate(p for p in email.message_from_binary_file(open(name, "rb")).walk() if p.get_filename()):
        open(os.path.join(sys.argv[1], f"{os.path.basename(name)}.{i}"), "wb").write(part.get_payload(decode=True))
PY
large=$(pg_sql desk "SELECT id FROM attachments WHERE size = 3000000")
for pair in "1 attachment.eml.0" "2 attachment.eml.1" "$large large.eml.0"; do
  set -- $pair
  cmp -s "$SCRATCH/got.server/$1" "$SCRATCH/parts/$2"
  CODE=$?
  expect_code 0 "attachment $1 from the server is $2 as it was sent"
done

# Without [mail] quarantine, a message refused on a server is kept in itsm's data folder: there is
# no folder beside a server's store.
cp -r "$ITSM_CONFIG" "$SCRATCH/noq"
sed -i '/^quarantine = /d' "$SCRATCH/noq/itsm.toml"
before=$(server_digest)
run --db "$DESK" --config "$SCRATCH/noq" mail-in <"$CORPUS/no-sender.eml"
expect_error 65 "no sender \(From\) address; kept in $XDG_DATA_HOME/itsm/quarantine/[0-9]+-[0-9a-f]+\.eml$" \
  "the default quarantine of a server's mail"
cmp -s "$CORPUS/no-sender.eml" "${ERR##*kept in }"
CODE=$?
expect_code 0 "the message is kept there as it came"
expect_eq "$(server_digest)" "$before" "the refused message wrote nothing"

# Two deliveries of one message at once log it once: the second waits for the first's lock and
# finds it stored (result duplicate, exit 0); the unique Message-ID refuses a second row even to
# a writer around itsm.
export ITSM_DB=$DESK ITSM_NOW="2026-12-21 09:00" ITSM_BUSY_TIMEOUT=30s
tickets_before=$(pg_sql desk "SELECT count(*) FROM tickets")
for i in $(seq 1 8); do
  sed "s/^Message-ID: .*/Message-ID: <race.$i@example.com>/; s/^Subject: .*/Subject: Race $i/" \
    "$CORPUS/alternative.eml" >"$MAIL/race$i.eml"
  sed "s/^Message-ID: .*/Message-ID: <racere.$i@example.com>/; s/INC-1/INC-5/" \
    "$CORPUS/reply-outlook-re.eml" >"$MAIL/racere$i.eml"
done
for f in "$MAIL"/race*.eml; do
  for twice in a b; do
    ("$ITSM_BIN" mail-in --format json <"$f" >"$f.$twice.out" 2>&1
     echo $? >"$f.$twice.code") &
  done
done
wait
expect_eq "$(cat "$MAIL"/race*.code | sort -u | paste -sd,)" "0" "32 deliveries of 16 messages all exit 0"
expect_eq "$(cat "$MAIL"/race*.out | jq -r .result | sort | uniq -c | awk '{print $2 " " $1}' | paste -sd,)" \
  "duplicate 16,logged 8,received 8" "each message taken once, its twin a duplicate"
expect_eq "$(pg_sql desk "SELECT count(*) FROM mail WHERE message_id LIKE 'race%'")" "16" \
  "each message stored once"
expect_eq "$(($(pg_sql desk "SELECT count(*) FROM tickets") - tickets_before))" "8" \
  "eight new tickets, no more"
expect_eq "$(pg_sql desk "SELECT count(*) FROM events WHERE ticket = 5 AND kind = 'received' AND detail LIKE '%racere.%'")" \
  "8" "the replies on INC-5 once each"
pg_sql desk "INSERT INTO mail (message_id, outcome, received_at, raw) VALUES ('race.1@example.com', \
'ignored', 0, '')" >/dev/null 2>"$SCRATCH/psql.err"
expect_eq "$?" "1" "psql: a second row of one Message-ID is refused"
expect_match "$(cat "$SCRATCH/psql.err")" "duplicate key value violates unique constraint" \
  "by the unique key"
expect_eq "$(sound)" "0" "the store passes its checks after the race"

# A store error is exit 75: the store locked past the busy timeout.
before=$(server_digest)
mkfifo "$SCRATCH/hold"
"$PG_BIN/psql" -h "$PG_DIR" -U itsm -d desk -X -q -A -t <"$SCRATCH/hold" >"$SCRATCH/held" &
holder=$!
exec 8>"$SCRATCH/hold"
printf 'BEGIN;\nSELECT pg_advisory_xact_lock(1769239405);\n\\echo locked\n' >&8
until grep -q locked "$SCRATCH/held"; do sleep 0.05; done
sed "s/^Message-ID: .*/Message-ID: <locked.1@example.com>/" "$CORPUS/plain.eml" >"$MAIL/locked.eml"
ITSM_BUSY_TIMEOUT=200 run mail-in <"$MAIL/locked.eml"
printf 'COMMIT;\n' >&8
exec 8>&-
wait "$holder"
expect_error 75 "still locked by another writer.*deliver it again later" \
  "a locked server asks the MTA to retry"
expect_eq "$(server_digest)" "$before" "nothing was taken"

# An attachment edited around itsm is reported by check, as on a file store.
pg_sql desk "UPDATE attachments SET data = 'forged' WHERE id = 2" >/dev/null
expect_eq "$(problems seal)" "attachments row 2 does not match its seal: it was changed around itsm, \
or the row before it was deleted" "check finds the edited attachment"
pg_sql desk "UPDATE attachments SET data = decode('$(xxd -p "$SCRATCH/got.file/2" | tr -d '\n')', 'hex') \
WHERE id = 2" >/dev/null
expect_eq "$(sound)" "0" "the bytes put back, the seal holds again"
unset ITSM_NOW ITSM_BUSY_TIMEOUT

# Roles (docs/security.md, "The shared store"): the gateway takes mail; a reader's and an
# agent's mail-in are refused by the server, exit 75 for the MTA to retry, nothing written; an
# organisation reader sees its organisation's attachments only.
"$ITSM_BIN" --db "$DESK" store init --roles >/dev/null || fail "store init --roles"
pg_sql desk "CREATE ROLE gateway LOGIN IN ROLE itsm_agent, itsm_act_for; \
CREATE ROLE rita LOGIN IN ROLE itsm_reader; CREATE ROLE ann LOGIN IN ROLE itsm_agent; \
CREATE ROLE mof LOGIN IN ROLE itsm_org_reader; \
INSERT INTO itsm_org_members (member, org) VALUES ('mof', 'MOF')" >/dev/null
as() { # ROLE CMD...: itsm as ROLE, standard input passed on
  local role=$1
  shift
  OUT=$(ITSM_DB="postgresql://$role@/desk?host=$PG_DIR" ITSM_ACTOR=$role ITSM_NOW="2026-12-22 09:00" \
    "$ITSM_BIN" "$@" 2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
}
psql_as() { "$PG_BIN/psql" -h "$PG_DIR" -U "$1" -d desk -X -q -A -t -v ON_ERROR_STOP=1 -c "$2"; }
with_files "$MAIL/gate.eml" "Ann Smith <ann@mof.example.org>" gate.1@mof.example.org "Gateway scan" 90
before=$(server_digest)
as rita mail-in <"$MAIL/gate.eml"
expect_error 75 "refused this to the role rita: permission denied for table .*deliver it again later" \
  "a reader's mail-in is refused for now (EX_TEMPFAIL)"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"
expect_eq "$(server_digest)" "$before" "the reader's mail-in wrote nothing"
as ann mail-in <"$MAIL/gate.eml"
expect_error 75 "role ann may not act as ann@mof.example.org.*deliver it again later" \
  "an agent without itsm_act_for may not write the customer's events"
expect_eq "$(server_digest)" "$before" "the agent's mail-in wrote nothing"
as gateway mail-in <"$MAIL/gate.eml"
expect_code 0 "the gateway (itsm_agent, itsm_act_for) takes the message"
gate=$OUT
expect_match "$gate" "^INC-[0-9]+ logged$" "and logs it"
as gateway mail-in <"$MAIL/gate.eml"
expect_match "$OUT" "duplicate$" "the gateway sees a message stored already"

mine=$(pg_sql desk "SELECT a.id || ':' || a.ticket FROM attachments a JOIN tickets t ON t.number = \
a.ticket WHERE t.org = 'MOF' ORDER BY a.id" | paste -sd,)
expect_match "$mine" "," "the MOF tickets have attachments"
expect_eq "$(psql_as mof "SELECT id || ':' || ticket FROM attachments ORDER BY id" | paste -sd,)" \
  "$mine" "psql: the organisation reader sees its organisation's attachments only"
expect_match "$(pg_sql desk "SELECT string_agg(DISTINCT t.org, ',' ORDER BY t.org) FROM attachments a \
JOIN tickets t ON t.number = a.ticket")" "^,MOF,Swale$" "of attachments of three kinds of ticket"
psql_as mof "SELECT count(*) FROM mail" >/dev/null 2>"$SCRATCH/psql.err"
expect_eq "$?" "1" "psql: the organisation reader may not read the raw messages"
number=${gate%% *}
as mof show "$number" --format json
expect_eq "$(jq -c '[.attachments[].filename]' <<<"$OUT")" '["f1.bin"]' \
  "itsm show lists its own ticket's attachments"
swale=$(pg_sql desk "SELECT min(a.id) FROM attachments a JOIN tickets t ON t.number = a.ticket \
WHERE t.org = 'Swale'")
as mof attachment get "$swale" -o "$SCRATCH/x"
expect_error 3 "no attachment $swale" "another organisation's attachment is none to it"
as mof attachment get "${mine%%:*}" -o "$SCRATCH/x"
expect_code 0 "its own is given"
as rita attachment get "$swale" -o "$SCRATCH/x"
expect_code 0 "a reader reads every attachment"

# An upgrade from the version before the mail tables makes them and, the roles being there,
# grants them: the gateway takes mail right after.
before_mail=$(sed -n 's|^ *// \([0-9]*\) -> [0-9]*: incoming mail.*|\1|p' \
  "$ITSM_SOURCE_DIR/lib/itsm/store/postgres/schema.hpp")
pg_sql postgres "CREATE DATABASE old" >/dev/null
"$ITSM_BIN" --db "$(pg_uri old)" store init --roles >/dev/null
pg_sql old "SET client_min_messages = warning; DROP TABLE attachments, mail; DROP INDEX events_escalated; \
UPDATE itsm_meta SET value = '$before_mail' WHERE key = 'schema_version'" >/dev/null
run --db "postgresql://gateway@/old?host=$PG_DIR" mail-in <"$MAIL/gate.eml"
expect_error 75 "could not be upgraded" "the gateway may not upgrade the store"
run --db "$(pg_uri old)" store init
expect_code 0 "the owner's store init upgrades it"
run --db "postgresql://gateway@/old?host=$PG_DIR" mail-in <"$MAIL/gate.eml"
expect_code 0 "the gateway takes mail on the upgraded store"
expect_eq "$(pg_sql old "SELECT count(*) FROM attachments")" "1" "with its attachment"

finish
