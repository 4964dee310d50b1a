#!/usr/bin/env bash
# A real mail system in the loop: Exim (exim4-daemon-light, which scripts/setup installs) runs as
# a daemon on a localhost port with a configuration of the test's own, routing the desk's
# addresses through the router and pipe transport of examples/mail/ into `itsm mail-in`, and
# every other address into one maildir the test reads. A message sent by SMTP becomes a ticket;
# its acknowledgement leaves through itsm's outbox and `exim -t` and arrives in the customer's
# maildir; the customer's answer by SMTP lands on the same ticket, and so does the desk's reply
# the other way; a message itsm refuses for good (65) is bounced by Exim with itsm's reason; one
# it cannot take now (75: the store locked) is deferred by Exim and delivered on the retry.
source "$(dirname "$0")/lib.sh"
use_config office

EXIM=/usr/sbin/exim4
if [ ! -x "$EXIM" ]; then
  echo "FAIL: $EXIM is missing; scripts/setup installs exim4-daemon-light" >&2
  exit 1
fi

# Exim never delivers as root (its fixed never_users) and, on a configuration of its own (-C),
# gives up root. Run as root, the mail system and every command that touches the store run as
# nobody, as a site's MTA runs as a user of its own; itsm and the two files of examples/mail/ the
# configuration includes are copied where that user can read them.
if [ "$(id -u)" -eq 0 ]; then
  MTA_USER=nobody
  AS_MTA=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups --)
else
  MTA_USER=$(id -un)
  AS_MTA=()
fi
MTA=$SCRATCH/mta
mkdir -p "$SCRATCH/bin" "$MTA/spool"
cp "$ITSM_BIN" "$SCRATCH/bin/itsm"
cp "$ITSM_SOURCE_DIR"/examples/mail/exim-{router,transport}.conf "$MTA/"
[ "$(id -u)" -eq 0 ] && chown -R nobody: "$SCRATCH"
printf '#!/bin/sh\nexec %s "%s" "$@"\n' "${AS_MTA[*]}" "$SCRATCH/bin/itsm" >"$SCRATCH/bin/itsm-as-mta"
chmod 755 "$SCRATCH" "$SCRATCH/bin/itsm-as-mta"
ITSM_BIN=$SCRATCH/bin/itsm-as-mta
sqlite3() { "${AS_MTA[@]}" /usr/bin/sqlite3 "$@"; } # lock_store's holder, as the MTA's user
mta() { "${AS_MTA[@]}" "$EXIM" -C "$MTA/exim.conf" "$@"; }

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$MTA/exim.conf" <<EOT
ITSM_COMMAND = $SCRATCH/bin/itsm --db $ITSM_DB --config $ITSM_CONFIG mail-in
ITSM_USER = $MTA_USER
ITSM_ENVIRONMENT = ITSM_BUSY_TIMEOUT=300
primary_hostname = itsm.test
qualify_domain = example.org
spool_directory = $MTA/spool
log_file_path = $MTA/%slog
exim_user = $MTA_USER
exim_group = $(id -gn "$MTA_USER")
local_interfaces = 127.0.0.1
daemon_smtp_ports = $PORT
tls_advertise_hosts =
keep_environment =
acl_smtp_rcpt = accept

begin routers
.include $MTA/exim-router.conf
customers:
  driver = accept
  domains = ! example.org
  transport = maildir

begin transports
.include $MTA/exim-transport.conf
maildir:
  driver = appendfile
  directory = $MTA/mailbox
  maildir_format
  create_directory
  user = $MTA_USER

begin retry
*  *  F,1h,1m
EOT
chmod 644 "$MTA/exim.conf"

notify_to_spool "helpdesk@example.org" '["logged"]'
# The outbox's sendmail is Exim's, on a configuration that does not exist yet: a mail system
# refusing submissions, until the test copies exim.conf there.
sed -i "s|^spool = .*|command = [\"$EXIM\", \"-C\", \"$MTA/submit.conf\", \"-odf\", \"-i\", \"-t\"]|" \
  "$ITSM_CONFIG/itsm.toml"
mail_desk

"${AS_MTA[@]}" "$EXIM" -C "$MTA/exim.conf" -bdf -oX "$PORT" 2>"$MTA/daemon.log" &
DAEMON=$!
trap 'kill "$DAEMON" 2>/dev/null; wait "$DAEMON" 2>/dev/null; rm -rf "$SCRATCH"' EXIT
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

# send FROM FILE: one SMTP transaction to the desk; sets ID to Exim's id of the message.
send() {
  local out
  out=$(swaks --server "127.0.0.1:$PORT" --from "$1" --to helpdesk@example.org --data "@$2" 2>&1)
  ID=$(sed -n 's/.*250 OK id=\([^ ]*\).*/\1/p' <<<"$out")
  CHECKS=$((CHECKS + 1))
  [ -n "$ID" ] || fail "Exim did not accept $2 by SMTP: $out"
}
# wait_for CMD...: until CMD succeeds (deliveries are the daemon's, in the background), 30 s at most.
wait_for() {
  for _ in $(seq 300); do
    "$@" && return 0
    sleep 0.1
  done
  fail "waited 30 s for: $*; Exim said: $(tail -5 "$MTA/daemon.log")"
  return 1
}
wait_for listening || finish
delivered() { [ ! -e "$MTA/spool/input/$ID-H" ]; }
bounced_to() { grep -qs "^To: $1" "$MTA"/mailbox/new/*; }
deferred() { grep -q 'defer' "$MTA/spool/msglog/$ID" 2>/dev/null; }
# mailbox REGEX: the message of the customers' maildir whose Subject matches REGEX.
mailbox() {
  local f
  for f in "$MTA"/mailbox/new/*; do
    [ -f "$f" ] && [[ "$(header Subject "$f")" =~ $1 ]] && echo "$f" && return 0
  done
  return 1
}

# --- a new conversation by SMTP; the acknowledgement through the outbox ------------------------
send ann@mof.example.org "$ITSM_SOURCE_DIR/tests/mail/plain.eml"
wait_for delivered
show=$(itsm show INC-1 --format json)
expect_eq "$(jq -r '[.title, .requester, .email, .org, .channel] | join("|")' <<<"$show")" \
  "Printer on floor 2 jams|Ann Smith|ann@mof.example.org|MOF|email" \
  "the message sent by SMTP is logged with its requester, subject and channel"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM mail WHERE message_id = 'plain.1@mof.example.org'")" \
  "1" "the raw message is stored"
expect_eq "$(itsm notify list --format json | jq -r '.[0].subject + " | " + (.[0].last_error | test("exited with status") | tostring)')" \
  "[INC-1] Logged: Printer on floor 2 jams | true" "the acknowledgement waits in the outbox while the MTA refuses it"
mailbox 'INC-1' >/dev/null
CODE=$?
expect_code 1 "nothing has reached the customer yet"

cp "$MTA/exim.conf" "$MTA/submit.conf"
run notify flush
expect_code 0 "notify flush through the MTA"
expect_eq "$OUT" "1 sent, 0 still queued" "the queued acknowledgement is sent"
ack=$(mailbox '^\[INC-1\] Logged: Printer on floor 2 jams$')
CODE=$?
expect_code 0 "the acknowledgement is in the customer's maildir, the ticket id in its subject"
expect_eq "$(header To "$ack")" "ann@mof.example.org" "addressed to the requester"
expect_match "$(header Received "$ack")" "by itsm.test with local" "delivered by Exim"
ack_id=$(header Message-ID "$ack" | tr -d '<>')
expect_match "$ack_id" '^itsm\.1\..*@example\.org$' "its Message-ID names the ticket"
expect_match "$(header References "$ack")" '<itsm\.1@example\.org>' "its References name the ticket's thread"

# --- the customer answers the acknowledgement (threading headers only, no id in the subject) -----
printf 'From: Ann Smith <ann@mof.example.org>\r\nTo: helpdesk@example.org\r\nSubject: Re: the printer\r\nMessage-ID: <answer.1@mof.example.org>\r\nIn-Reply-To: <%s>\r\nReferences: <%s>\r\n\r\nIt jams on the second tray only.\r\n' \
  "$ack_id" "$ack_id" >"$SCRATCH/answer.eml"
send ann@mof.example.org "$SCRATCH/answer.eml"
wait_for delivered
show=$(itsm show INC-1 --format json)
expect_eq "$(jq -r '.events[-1] | .kind + " " + .detail.message_id + " " + .detail.text' <<<"$show")" \
  "received answer.1@mof.example.org It jams on the second tray only." "the answer by SMTP lands on INC-1"
expect_eq "$(itsm list --format json | jq length)" "1" "and logs no new ticket"

# --- the desk's reply, sent at once through the outbox and the MTA ------------------------------
run reply INC-1 "Please use the first tray until Monday."
expect_code 0 "reply"
reply=$(mailbox '^\[INC-1\] Printer on floor 2 jams$')
CODE=$?
expect_code 0 "the desk's reply reaches the customer's maildir"
expect_eq "$(header In-Reply-To "$reply")" "<answer.1@mof.example.org>" "in reply to the customer's answer"

# --- refused for good (65): Exim bounces it with itsm's reason ----------------------------------
send bob@example.com "$ITSM_SOURCE_DIR/tests/mail/no-sender.eml"
wait_for bounced_to bob@example.com
bounce=$(grep -l '^To: bob@example.com' "$MTA"/mailbox/new/* | head -1)
expect_match "$(header Subject "$bounce")" "Mail delivery failed" "Exim bounces the refused message"
expect_match "$(tr -d '\r' <"$bounce")" "itsm: error: the message has no sender \(From\) address" \
  "the bounce carries itsm's reason"
expect_eq "$(ls "$SCRATCH"/quarantine/*.eml | wc -l)" "1" "and itsm kept it in quarantine"
expect_eq "$(itsm list --format json | jq length)" "1" "no ticket for it"

# --- not taken now (75): Exim defers it and delivers it on the retry ----------------------------
lock_store
send carol@example.com "$ITSM_SOURCE_DIR/tests/mail/alternative.eml"
wait_for deferred
expect_match "$(cat "$MTA/daemon.log")" "still locked by another process" "Exim logs itsm's reason"
expect_match "$(cat "$MTA/daemon.log")" "== helpdesk@example.org R=itsm_desk T=itsm_pipe defer [^"$'\n'"]*returned 75" \
  "and defers the message"
expect_eq "$(grep -l '^To: carol@example.com' "$MTA"/mailbox/new/* | wc -l)" "0" "nothing is bounced to the sender"
unlock_store
expect_eq "$(itsm list --format json | jq length)" "1" "nothing was logged while the store was locked"
mta -qff >>"$MTA/daemon.log" 2>&1
CODE=$?
expect_code 0 "a queue run"
delivered
CODE=$?
expect_code 0 "the retry delivers the deferred message"
expect_eq "$(itsm list --format json | jq -r '[.[] | .id + " " + .title] | join(", ")')" \
  "INC-1 Printer on floor 2 jams, INC-2 Cannot open shared drive" "it is logged once, on the retry"
mailbox '^\[INC-2\] Logged: Cannot open shared drive$' >/dev/null
CODE=$?
expect_code 0 "and its sender gets the acknowledgement"
finish
