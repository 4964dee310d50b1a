#!/usr/bin/env bash
# Incoming mail end to end: every message of the corpus in tests/mail/ through `itsm mail-in`
# with the ticket or refusal tests/mail/expected gives it; replies that reopen or follow up,
# attachments, quarantine and the sysexits codes, the acknowledgement through the outbox and its
# rate limit, a large message, many attachments, parallel delivery, and bad [mail] settings.
source "$(dirname "$0")/lib.sh"
use_config office
CORPUS=$ITSM_SOURCE_DIR/tests/mail

notify_to_spool "helpdesk@example.org" '["logged", "resolved", "closed"]'
mail_desk
export ITSM_NOW="2026-11-30 09:00"

deliver() { run mail-in --format json <"$1"; }
# acks_to ADDRESS: acknowledgements (logged notices) queued for ADDRESS.
acks_to() { sqlite3 "$ITSM_DB" "SELECT count(*) FROM outbox WHERE kind = 'logged' AND recipients LIKE '%$1%'"; }

# --- the corpus --------------------------------------------------------------------------------
while IFS=$'\t' read -r file code result ticket ack test; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  deliver "$CORPUS/$file"
  if [ "$code" -ne 0 ]; then
    expect_error "$code" "kept in $SCRATCH/quarantine/" "$file is refused"
    continue
  fi
  expect_code 0 "$file"
  expect_eq "$(jq -r .result <<<"$OUT")" "$result" "$file: result"
  expect_eq "$(jq -r '.ticket // "-"' <<<"$OUT")" "$ticket" "$file: ticket"
  expect_eq "$(jq -r .acknowledged <<<"$OUT")" "$ack" "$file: acknowledged"
  if [ "$test" != "-" ]; then
    show=$(itsm show "$ticket" --format json)
    expect_eq "$(jq -r "$test" <<<"$show")" "true" "$file: $test"
  fi
done <"$CORPUS/expected"

expect_eq "$(ls "$SCRATCH/quarantine"/*.eml | wc -l)" "3" "the three refused messages are in quarantine"
expect_eq "$(cat "$SCRATCH"/quarantine/*.reason | sort | paste -sd'|')" \
  "the input is not an RFC 5322 message: it does not start with a header field|the message has no sender (From) address|the message is empty" \
  "each with its reason"
cmp -s "$CORPUS/no-sender.eml" "$(grep -l 'no sender' "$SCRATCH"/quarantine/*.reason | sed 's/reason$/eml/')"
CODE=$?
expect_code 0 "the quarantined copy is the message byte for byte"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM mail")" "38" "every message taken is stored once"
hex() { python3 -c 'import sys; print(open(sys.argv[1], "rb").read().hex().upper())' "$1"; }
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT hex(raw) FROM mail WHERE message_id = 'plain.1@mof.example.org'")" \
  "$(hex "$CORPUS/plain.eml")" "the raw message is stored as received"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT group_concat(filename || ' ' || size, ', ') FROM attachments WHERE ticket = 4")" \
  "error.png 70, журнал.log 256" "attachments are kept with their names and decoded sizes"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT hex(data) FROM attachments WHERE filename = 'журнал.log'")" \
  "$(python3 -c 'print(bytes(range(256)).hex().upper())')" \
  "an attachment's bytes are kept exactly"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT filename FROM attachments WHERE ticket = 16")" \
  "Verify your account.eml" "a forwarded message is kept as an attachment"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT filename FROM attachments WHERE ticket = 17")" \
  "icon.png" "an inline image is kept"

# --- show lists the files; attachment get gives them back byte for byte ------------------------
show=$(itsm show INC-4 --format json)
expect_eq "$(jq -c '[.attachments[] | [.filename, .content_type, .size]]' <<<"$show")" \
  '[["error.png","image/png",70],["журнал.log","application/octet-stream",256]]' "show lists the attachments"
python3 - "$CORPUS/attachment.eml" "$SCRATCH/parts" <<'PY'
import email, os, sys
os.makedirs(sys.argv[2])
for i, part in enumerate(p for p in email.message_from_binary_file(open(sys.argv[1], "rb")).walk() if p.get_filename()):
    open(os.path.join(sys.argv[2], str(i)), "wb").write(part.get_payload(decode=True))
PY
png=$(jq -r '.attachments[0].id' <<<"$show")
itsm attachment get "$png" >"$SCRATCH/got.png"
cmp -s "$SCRATCH/got.png" "$SCRATCH/parts/0"
CODE=$?
expect_code 0 "attachment get writes the image as it was sent"
itsm attachment get "$(jq -r '.attachments[1].id' <<<"$show")" --output "$SCRATCH/got.log"
cmp -s "$SCRATCH/got.log" "$SCRATCH/parts/1"
CODE=$?
expect_code 0 "attachment get --output writes all 256 byte values as sent"
expect_match "$(itsm show INC-4)" "Attachments \('itsm attachment get ID'\):.*error.png  image/png  70 bytes" \
  "show's text lists them"
expect_eq "$(itsm show INC-1 --format json | jq -c .attachments)" "[]" "a ticket without files lists none"
run attachment get 999
expect_error 3 "no attachment 999" "an unknown attachment"
run attachment get abc
expect_error 2 '"abc" is not an attachment id' "a malformed id"
run attachment get "INC-$png"
expect_error 2 "\"INC-$png\" is not an attachment id" "a ticket id is not taken for an attachment's"
expect_eq "$OUT" "" "and nothing is written"

expect_eq "$(acks_to ann@mof.example.org)" "1" "one acknowledgement to Ann, none for her replies"
expect_eq "$(acks_to nagios@monitor.example.org)" "0" "no acknowledgement of an automatic message"
expect_eq "$(acks_to hank@example.com)" "1" "the acknowledgement goes to Reply-To"
ack=$(ls "$SPOOL"/*.eml | head -1)
expect_match "$(tr -d '\r' <"$ack" | grep '^Subject:')" '^Subject: \[INC-1\] Logged: Printer on floor 2 jams$' \
  "the acknowledgement has the ticket id in the subject"
expect_eq "$(itsm list --format json | jq -r '[.[] | select(.title | test("Bcc"))] | length')" "1" \
  "an encoded CR LF in a subject stays text"

# --- replies to resolved and closed tickets ----------------------------------------------------
ITSM_NOW="2026-11-30 10:00" itsm resolve INC-1 --resolution "Fuser replaced" >/dev/null
ITSM_NOW="2026-12-05 10:00" deliver "$CORPUS/reply-gmail.eml"
expect_eq "$(jq -r '.result + " " + .ticket' <<<"$OUT")" "reopened INC-1" "a reply within 10 days reopens"
show=$(itsm show INC-1 --format json)
expect_eq "$(jq -r .status <<<"$show")" "new" "INC-1 is open again (new: it has no group)"
expect_eq "$(jq -r '.events[-2].kind + " " + .events[-1].kind' <<<"$show")" "reopened received" \
  "the reopening, then the customer's words"
expect_eq "$(jq -r '.events[-1].detail.text' <<<"$show")" "Still jamming, sorry!" \
  "the Gmail quotation is trimmed"

ITSM_NOW="2026-12-06 10:00" itsm close INC-1 --resolution "Printer replaced" >/dev/null
ITSM_NOW="2026-12-07 10:00" deliver "$CORPUS/reply-closed.eml"
expect_eq "$(jq -r '.result + " " + .ticket + " " + .follows' <<<"$OUT")" "followed-up INC-28 INC-1" \
  "a reply to a closed ticket logs a new one"
show=$(itsm show INC-28 --format json)
expect_eq "$(jq -r '.links[0].id' <<<"$show")" "INC-1" "linked to the closed one"
expect_eq "$(jq -r '.description' <<<"$show")" "The printer jams once more." "its text without the quotation"

ITSM_NOW="2026-11-30 10:00" itsm resolve INC-3 --resolution "Rights fixed" >/dev/null
sed 's/^Subject: .*/Subject: Re: [INC-3] Resolved/; s/^Message-ID: .*/Message-ID: <late.1@example.com>/' \
  "$CORPUS/alternative.eml" >"$SCRATCH/late.eml"
ITSM_NOW="2026-12-11 10:01" deliver "$SCRATCH/late.eml"
expect_eq "$(jq -r '.result + " " + .follows' <<<"$OUT")" "followed-up INC-3" \
  "a reply after the reopening window logs a follow-up"
expect_eq "$(itsm show INC-3 --format json | jq -r .status)" "resolved" "and leaves the old one resolved"
show=$(itsm show "$(jq -r .ticket <<<"$OUT")" --format json)
expect_eq "$(jq -r '.events | map(.kind) | join(" ")' <<<"$show")" "logged linked" \
  "the follow-up's history names the link"
expect_eq "$(jq -r '.events[1].detail.linked + " " + .events[1].detail.relation' <<<"$show")" \
  "INC-3 incident" "to the ticket it follows"
run check
expect_code 0 "the store passes its check with the follow-ups' links (their histories hold them)"

# --- rate limit on acknowledgements ------------------------------------------------------------
acks_before=$(acks_to carol@example.com)
for i in 1 2 3 4 5 6 7; do
  sed "s/^Message-ID: .*/Message-ID: <flood.$i@example.com>/" "$CORPUS/alternative.eml" >"$SCRATCH/flood.eml"
  ITSM_NOW="2026-12-20 09:0$i" deliver "$SCRATCH/flood.eml"
  [ "$i" -eq 5 ] && expect_eq "$(jq -r .acknowledged <<<"$OUT")" "true" "the 5th message within the hour is answered"
done
expect_eq "$(jq -r '.acknowledged, .not_answered' <<<"$OUT" | paste -sd' ')" \
  "false 5 acknowledgements to carol@example.com in the last hour" "the 7th is not"
expect_eq "$(($(acks_to carol@example.com) - acks_before))" "5" "5 acknowledgements an hour to one sender"

# --- size limit, a large message, many attachments ---------------------------------------------
python3 - "$SCRATCH/large.eml" <<'PY'
import sys, base64
blob = base64.encodebytes(bytes(range(256)) * 60000).decode()  # 15 MB of data, 20 MB encoded
open(sys.argv[1], "w").write("From: big@example.com\r\nTo: helpdesk@example.org\r\nSubject: Large log\r\n"
  "Message-ID: <large.1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
  "--x\r\nContent-Type: text/plain\r\n\r\nThe log is attached.\r\n--x\r\nContent-Type: application/octet-stream\r\n"
  "Content-Disposition: attachment; filename=big.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n"
  + blob.replace("\n", "\r\n") + "--x--\r\n")
PY
deliver "$SCRATCH/large.eml"
expect_code 0 "a 20 MB message is taken"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT size FROM attachments WHERE filename = 'big.bin'")" "15360000" \
  "its attachment decoded whole"
python3 - "$SCRATCH/many.eml" <<'PY'
import sys
parts = "".join(f"--x\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=f{i}.txt\r\n\r\nfile {i}\r\n" for i in range(200))
open(sys.argv[1], "w").write("From: many@example.com\r\nTo: helpdesk@example.org\r\nSubject: 200 files\r\n"
  "Message-ID: <many.1@example.com>\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
  "--x\r\nContent-Type: text/plain\r\n\r\nSee the files.\r\n" + parts + "--x--\r\n")
PY
deliver "$SCRATCH/many.eml"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM attachments WHERE ticket = (SELECT ticket FROM mail WHERE message_id = 'many.1@example.com')")" \
  "200" "a message with 200 attachments keeps them all"

# A header's encoded words may hold line breaks and tabs (=0A, =09, =0D); the requester, title
# and a file's name are one line, so each is taken with spaces in their place, not refused.
printf '%s\r\n' "From: =?utf-8?q?Anna=0ALind=09=0DPers?= <anna@example.com>" "To: helpdesk@example.org" \
  "Subject: =?utf-8?q?Scanner=0Doffline?=" "Message-ID: <folded.1@example.com>" \
  "Content-Type: multipart/mixed; boundary=x" "" "--x" "Content-Type: text/plain" "" "Scan fails." \
  "--x" "Content-Type: application/pdf" \
  "Content-Disposition: attachment; filename=\"=?utf-8?q?scan=0A1.pdf?=\"" "" "PDF" "--x--" \
  >"$SCRATCH/folded.eml"
deliver "$SCRATCH/folded.eml"
expect_code 0 "a sender's name with a line break and a tab is taken"
folded=$(jq -r .ticket <<<"$OUT")
expect_eq "$(itsm show "$folded" --format json | jq -c '[.requester, .title, [.attachments[].filename]]')" \
  '["Anna Lind  Pers","Scanner offline",["scan 1.pdf"]]' "with spaces for its line breaks and tab"

before=$(store_digest)
cp -r "$ITSM_CONFIG" "$SCRATCH/small"
sed -i 's/^\[mail\]$/[mail]\nmax_size = 1048576/' "$SCRATCH/small/itsm.toml"
sed 's/^Message-ID: .*/Message-ID: <large.2@example.com>/' "$SCRATCH/large.eml" >"$SCRATCH/large2.eml"
run --config "$SCRATCH/small" mail-in <"$SCRATCH/large2.eml"
expect_error 65 "over the 1048576 of \[mail\] max_size; kept in" "a message over max_size is refused for good"
expect_eq "$(store_digest)" "$before" "and changes nothing"

# --- temporary failures: the MTA must retry ----------------------------------------------------
before=$(store_digest)
sed 's/^Message-ID: .*/Message-ID: <locked.1@example.com>/' "$CORPUS/plain.eml" >"$SCRATCH/locked.eml"
lock_store
ITSM_BUSY_TIMEOUT=200 run mail-in <"$SCRATCH/locked.eml"
unlock_store
expect_error 75 "deliver it again later" "a locked store asks the MTA to retry (EX_TEMPFAIL)"
expect_eq "$(store_digest)" "$before" "nothing was taken"
mkdir -p "$SCRATCH/empty-config"
run --config "$SCRATCH/empty-config" mail-in <"$SCRATCH/locked.eml"
expect_code 0 "without configuration files the defaults apply"
printf '[mail]\nreopen_days = "ten"\n' >"$SCRATCH/bad.toml"
mkdir -p "$SCRATCH/badconf" && cp "$SCRATCH/bad.toml" "$SCRATCH/badconf/itsm.toml"
sed 's/^Message-ID: .*/Message-ID: <badconf.1@example.com>/' "$CORPUS/plain.eml" >"$SCRATCH/badconf.eml"
run --config "$SCRATCH/badconf" mail-in <"$SCRATCH/badconf.eml"
expect_error 75 "reopen_days" "a broken configuration asks the MTA to retry"

# --- parallel delivery: 50 messages, several conversations, each lands once --------------------
export ITSM_DB=$SCRATCH/parallel.db
deliver "$CORPUS/plain.eml" >/dev/null
mkdir -p "$SCRATCH/par"
for i in $(seq 1 25); do
  sed "s/^Message-ID: .*/Message-ID: <par.$i@example.com>/; s/^Subject: .*/Subject: Conversation $((i % 5))/" \
    "$CORPUS/alternative.eml" >"$SCRATCH/par/new$i.eml"
  sed "s/^Message-ID: .*/Message-ID: <parre.$i@example.com>/" "$CORPUS/reply-outlook-re.eml" >"$SCRATCH/par/re$i.eml"
done
# Each twice at once (an MTA's retry racing the first try); exit 75 is retried, as an MTA does.
export ITSM_BUSY_TIMEOUT=30s
deliver_until_taken() {
  local code
  while :; do
    "$ITSM_BIN" mail-in <"$1" >/dev/null 2>>"$SCRATCH/par.err"
    code=$?
    [ "$code" -eq 75 ] || break
    echo retried >>"$SCRATCH/par.retries"
  done
  echo "$code" >>"$SCRATCH/par.codes"
}
for f in "$SCRATCH"/par/*.eml; do
  deliver_until_taken "$f" &
  deliver_until_taken "$f" &
done
wait
expect_eq "$(sort -u "$SCRATCH/par.codes" | paste -sd,)" "0" "100 deliveries of 50 messages all succeed ($(cat "$SCRATCH/par.retries" 2>/dev/null | wc -l) retried)"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM mail")" "51" "each message is stored once"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM tickets")" "26" "25 new tickets and the first one"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM events WHERE ticket = 1 AND kind = 'received'")" "25" \
  "the 25 replies are on INC-1, once each"
run check
expect_code 0 "the store passes its check after parallel delivery"

finish
