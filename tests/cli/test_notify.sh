#!/usr/bin/env bash
# Notifications end to end: the outbox, delivery through a fake sendmail that records its argv
# and standard input, the spool folder, retry after a failure, header encoding and injection,
# threshold notices from sla-check sent once per ticket and clock, and bad settings.
source "$(dirname "$0")/lib.sh"
use_config office

# The fake sendmail: each call gets a folder with its argv (one per line) and its stdin; it
# fails (exit 75, a line on stderr) while $SCRATCH/fail exists.
SENT=$SCRATCH/sent
FAKE=$SCRATCH/fake-sendmail
cat >"$FAKE" <<EOF
#!/bin/bash
if [ -e "$SCRATCH/fail" ]; then echo "mail server unreachable" >&2; exit 75; fi
n=\$(ls "$SENT" 2>/dev/null | wc -l)
mkdir -p "$SENT/\$n"
printf '%s\n' "\$@" >"$SENT/\$n/argv"
cat >"$SENT/\$n/stdin"
EOF
chmod +x "$FAKE"
sent_count() { ls "$SENT" 2>/dev/null | wc -l; }
# body FILE: the body, quoted-printable decoded.
body() { python3 -c '
import sys, email
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
print(m.get_payload(decode=True).decode("utf-8").replace("\r", ""))' "$1"; }
# decoded_subject FILE: RFC 2047 words decoded (UTF-8, base64).
decoded_subject() { header Subject "$1" | python3 -c '
import sys, email.header
print(str(email.header.make_header(email.header.decode_header(sys.stdin.read().strip()))))'; }

cat >>"$ITSM_CONFIG/itsm.toml" <<EOF

[notify]
command = ["$FAKE", "-t", "-i"]
sender = "itsm@example.org"
events = ["logged", "assigned", "hierarchical", "resolved", "closed", "at-risk", "breached"]

[notify.agents]
bob = "bob@example.org"

[notify.orgs.MOF]
to = ["ict@mof.example.org"]
cc = ["accounting.officer@mof.example.org"]
EOF

# --- delivery: the message goes to the command's stdin, argv is the configured one ----------
run log --title "Printer on floor 2 jams" --email ann@example.org --org MOF \
  --at "2026-11-30 09:00"
expect_code 0 "log with notifications"
expect_eq "$OUT" "INC-1" "log still prints the id alone"
expect_eq "$(sent_count)" "1" "one message for logged"
expect_eq "$(cat "$SENT/0/argv" | paste -sd' ')" "-t -i" "argv is the configured one, nothing from the ticket"
expect_eq "$(header To "$SENT/0/stdin")" "ann@example.org" "logged goes to the requester"
expect_eq "$(header Subject "$SENT/0/stdin")" "[INC-1] Logged: Printer on floor 2 jams" "subject has the id"
expect_eq "$(header From "$SENT/0/stdin")" "itsm@example.org" "From is the sender"
expect_match "$(header Date "$SENT/0/stdin")" "^Mon, 30 Nov 2026 09:00:00 \+0000$" "Date is the event's time"
expect_match "$(body "$SENT/0/stdin")" "Resolve due: +2026-" "body has the SLA due time"
expect_eq "$(grep -c $'\r$' "$SENT/0/stdin")" "$(wc -l <"$SENT/0/stdin")" "every line ends in CRLF"

run assign INC-1 --group second-line --to bob --at "2026-11-30 09:05"
expect_code 0 "assign"
expect_eq "$(sent_count)" "2" "one message for assigned"
expect_eq "$(header To "$SENT/1/stdin")" "ann@example.org, bob@example.org, second-line@example.org, ict@mof.example.org" \
  "assigned: requester, the assignee, the group, the organisation's ICT unit"
expect_eq "$(header Cc "$SENT/1/stdin")" "accounting.officer@mof.example.org" "the Accounting Officer in copy"
expect_eq "$(header Subject "$SENT/1/stdin")" "[INC-1] Assigned to second-line: Printer on floor 2 jams" "assigned subject"

run note INC-1 "called the user" --at "2026-11-30 09:06"
expect_eq "$(sent_count)" "2" "noted is not among the events: nothing sent"

run escalate INC-1 --hierarchical --reason "VIP user" --at "2026-11-30 09:10"
expect_code 0 "hierarchical escalation"
expect_eq "$(header To "$SENT/2/stdin")" "second-line@example.org, hdm@example.org" "hierarchical: group and the level reached"
expect_eq "$(header Subject "$SENT/2/stdin")" "[INC-1] Escalated to Help Desk Manager: Printer on floor 2 jams" "names the level"

run notify list --all --format json
expect_code 0 "notify list --all"
expect_eq "$(jq length <<<"$OUT")" "3" "three messages in the outbox"
expect_eq "$(jq -r '[.[].sent_at != null] | all' <<<"$OUT")" "true" "all sent"
expect_eq "$(jq -r '.[0].ticket + " " + .[0].event' <<<"$OUT")" "INC-1 logged" "ticket and event"
expect_eq "$(jq -c '.[1].recipients' <<<"$OUT")" '["ann@example.org","bob@example.org","second-line@example.org","ict@mof.example.org","accounting.officer@mof.example.org"]' "recipients, To then Cc"
run notify list --format json
expect_eq "$(jq length <<<"$OUT")" "0" "nothing waiting"

# --- a failing sendmail never fails the command; flush retries ------------------------------
touch "$SCRATCH/fail"
run resolve INC-1 --resolution "Fuser replaced" --at "2026-11-30 10:00"
expect_code 0 "resolve succeeds although the mail failed"
expect_match "$ERR" "^itsm: warning: message 4 .*not sent: .*exited with status 75: mail server unreachable" "a warning names the failure"
run show INC-1 --format json
expect_eq "$(jq -r .status <<<"$OUT")" "resolved" "the change is kept"
run notify list --format json
expect_eq "$(jq length <<<"$OUT")" "1" "the message stays queued"
expect_eq "$(jq -r '.[0].attempts' <<<"$OUT")" "1" "one attempt"
expect_match "$(jq -r '.[0].last_error' <<<"$OUT")" "mail server unreachable" "the error is kept"
run notify list
expect_match "$OUT" "4 +INC-1 +resolved .* 1 +failed: .*mail server unreachable" "the text list shows the failure"
run close INC-1 --at "2026-11-30 10:30"
expect_code 0 "close while mail fails"
run notify flush
expect_code 1 "flush exits 1 while messages stay queued"
expect_eq "$OUT" "0 sent, 2 still queued" "flush counts"
rm "$SCRATCH/fail"
run notify flush
expect_code 0 "flush after the server is back"
expect_eq "$OUT" "2 sent, 0 still queued" "both sent"
expect_eq "$(sent_count)" "5" "resolved and closed delivered by flush"
expect_match "$(body "$SENT/4/stdin" | tr '\n' ' ')" "Resolution: Fuser replaced.*reply quoting \[INC-1\]" \
  "the closure confirmation invites a comment"
run notify flush
expect_eq "$OUT" "0 sent, 0 still queued" "nothing left to flush"

# --- encoding: a non-ASCII title is RFC 2047-encoded and decodes back -----------------------
run log --title "Imprimante bloquée — 3ᵉ étage" --email ann@example.org --at "2026-11-30 11:00"
last=$SENT/$(($(sent_count) - 1))/stdin
expect_match "$(header Subject "$last")" "^=\?UTF-8\?B\?" "encoded-word subject"
expect_eq "$(LC_ALL=C grep -c $'[\x80-\xff]' <(sed -n '/^\r$/q;p' "$last"))" "0" "headers are pure ASCII"
expect_eq "$(decoded_subject "$last")" "[INC-2] Logged: Imprimante bloquée — 3ᵉ étage" "decodes to the title"

# --- injection: a Bcc: line in a title, a newline through a template, a bad address ----------
run log --title 'Outage Bcc: evil@example.org' --email ann@example.org --at "2026-11-30 11:05"
last=$SENT/$(($(sent_count) - 1))/stdin
expect_eq "$(grep -ci '^bcc:' "$last")" "0" "no Bcc header from a title"
expect_eq "$(header Subject "$last")" "[INC-3] Logged: Outage Bcc: evil@example.org" "it stays in the subject"
count=$(sent_count)
run log --title "Two addresses" --email 'ann@example.org, evil@example.org' --at "2026-11-30 11:06"
expect_code 0 "log with a list in --email"
expect_eq "$(sent_count)" "$count" "an e-mail field that is not one address gets no message"
mkdir -p "$ITSM_CONFIG/notify"
printf 'Subject: [{id}] {description}\n\nDescription: {description}\n' >"$ITSM_CONFIG/notify/logged.txt"
run log --title "Template test" --email ann@example.org --description $'first line\nBcc: evil@example.org\r\nX-Evil: 1' \
  --at "2026-11-30 11:10"
expect_code 0 "log with a multi-line description in the subject template"
last=$SENT/$(($(sent_count) - 1))/stdin
expect_eq "$(sed -n "/^\r$/q;p" "$last" | grep -ci "^bcc:\|^x-evil:")" "0" "a newline in a header value never starts a header"
expect_eq "$(header Subject "$last")" "[INC-5] first line Bcc: evil@example.org  X-Evil: 1" "the subject stays one header"
expect_match "$(body "$last")" "^Description: first line" "the template's body is used"
printf 'Subject: [{id}] {titel}\n\nx\n' >"$ITSM_CONFIG/notify/logged.txt"
before=$(store_digest)
run log --title "Bad template" --email ann@example.org --at "2026-11-30 11:15"
expect_error 5 "notify/logged.txt:1:17: unknown placeholder \{titel\}" "an unknown placeholder is a configuration error"
expect_eq "$(store_digest)" "$before" "nothing was logged"
rm -r "$ITSM_CONFIG/notify"

# --- threshold notices: once per ticket and clock ---------------------------------------------
run log --title "Mail server down" --priority P1 --group helpdesk --email ann@example.org \
  --at "2026-11-30 12:00"
id=$OUT
count=$(sent_count)
run sla-check --at "2026-11-30 12:50" --format json
expect_eq "$(jq -r '[.findings[] | select(.id=="'"$id"'") | .state] | sort | join(",")' <<<"$OUT")" "at-risk" "response at risk"
expect_eq "$(($(sent_count) - count))" "1" "one at-risk notice"
last=$SENT/$(($(sent_count) - 1))/stdin
expect_match "$(header Subject "$last")" "^\[$id\] At risk: response due " "at-risk subject"
expect_eq "$(header To "$last")" "helpdesk@example.org" "at risk goes to the group"
run sla-check --at "2026-11-30 12:55" --format json
expect_eq "$(($(sent_count) - count))" "1" "the same at-risk notice is not sent twice"
run sla-check --at "2026-11-30 13:30" --format json
expect_code 1 "breached"
expect_eq "$(($(sent_count) - count))" "2" "one breach notice"
last=$SENT/$(($(sent_count) - 1))/stdin
expect_match "$(header Subject "$last")" "^\[$id\] Breached: response was due " "breach subject"
expect_eq "$(header To "$last")" "helpdesk@example.org, hdm@example.org" "breach: group and the first level of the chain"
run sla-check --at "2026-11-30 13:40" --format json
expect_eq "$(($(sent_count) - count))" "2" "the breach notice is sent once"

# --- the spool folder: one .eml per message, written whole -----------------------------------
sed -i "s|^command = .*|spool = \"$SCRATCH/spool\"|" "$ITSM_CONFIG/itsm.toml"
run assign "$id" --group second-line --at "2026-11-30 14:00"
expect_code 0 "assign with a spool"
expect_eq "$(ls "$SCRATCH/spool" | grep -c '\.eml$')" "1" "one .eml in the spool"
expect_eq "$(ls -A "$SCRATCH/spool" | grep -vc '\.eml$')" "0" "no temporary file left"
expect_match "$(header Subject "$SCRATCH/spool/"*.eml)" "^\[$id\] Assigned to second-line: Mail server down" "spooled message"

# --- bad settings and bad input ---------------------------------------------------------------
cp "$ITSM_CONFIG/itsm.toml" "$SCRATCH/good.toml"
sed -i "s|^spool = .*|command = [\"$SCRATCH/no-such-sendmail\", \"-t\"]|" "$ITSM_CONFIG/itsm.toml"
run log --title "Sendmail missing" --email ann@example.org --at "2026-11-30 15:00"
expect_code 0 "a missing sendmail does not fail log"
expect_match "$ERR" "itsm: warning: .*cannot run $SCRATCH/no-such-sendmail: No such file or directory" "it warns"
run notify flush
expect_error 5 "no-such-sendmail does not exist" "flush names the missing program"
cp "$SCRATCH/good.toml" "$ITSM_CONFIG/itsm.toml"
sed -i 's|^sender = .*|sender = "itsm@example.org"\nreply_to = "x@example.org"|' "$ITSM_CONFIG/itsm.toml"
run list
expect_error 5 "itsm.toml:[0-9]+:1: .*unknown key .reply_to. in \[notify\]" "an unknown notify setting"
cp "$SCRATCH/good.toml" "$ITSM_CONFIG/itsm.toml"
sed -i 's|^spool = .*|command = ["sendmail", "-t"]|' "$ITSM_CONFIG/itsm.toml"
run list
expect_error 5 "not an absolute path" "a command without its path"
cp "$SCRATCH/good.toml" "$ITSM_CONFIG/itsm.toml"
printf '\n[notify.recipients]\nclosed = ["requestor"]\n' >>"$ITSM_CONFIG/itsm.toml"
run list
expect_error 5 "recipient .requestor. for closed is neither a role nor an e-mail address; did you mean .requester." "an unknown recipient role"
run notify
expect_code 2 "notify needs list or flush"
mkdir -p "$SCRATCH/no-notify"
run --config "$SCRATCH/no-notify" notify flush
expect_error 5 "\[notify\] has neither .command. nor .spool." "flush without [notify]"

finish
