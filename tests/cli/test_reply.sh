#!/usr/bin/env bash
# itsm reply: the desk's answer by e-mail to a ticket's requester, from the desk's address,
# threaded to the customer's message; a public `replied` event that is the ticket's response;
# the customer's answer to it comes back to the ticket; and what it refuses.
source "$(dirname "$0")/lib.sh"
use_config office
CORPUS=$ITSM_SOURCE_DIR/tests/mail
notify_to_spool "itsm@example.org" '[]'
cat >>"$ITSM_CONFIG/itsm.toml" <<EOT

[mail]
addresses = ["helpdesk@example.org"]
EOT
export ITSM_NOW="2026-11-30 09:00"

itsm mail-in <"$CORPUS/plain.eml" >/dev/null
expect_eq "$(itsm show INC-1 --format json | jq -r .responded_at)" "null" "a logged mail is not responded to"

export ITSM_NOW="2026-11-30 09:30"
run reply INC-1 "We are on it: a technician comes at 11:00." --cc boss@mof.example.org
expect_code 0 "reply"
expect_eq "$OUT" "INC-1 replied to ann@mof.example.org" "reply says to whom"
show=$(itsm show INC-1 --format json)
expect_eq "$(jq -r .responded_at <<<"$show")" "2026-11-30T09:30:00Z" "the reply is the response"
expect_eq "$(jq -c '.events[-1] | [.kind, .actor, .detail.public, .detail.to, .detail.cc[0]]' <<<"$show")" \
  '["replied","tester",true,"ann@mof.example.org","boss@mof.example.org"]' "a public replied event"
expect_eq "$(jq -r .sla.response.state <<<"$show")" "met" "the response clock stops"

sent=$(ls "$SPOOL"/*.eml)
expect_eq "$(ls "$SPOOL" | wc -l)" "1" "one message, the reply (no notice events configured)"
expect_eq "$(header From "$sent")" "helpdesk@example.org" "from the desk's address"
expect_eq "$(header To "$sent")" "ann@mof.example.org" "to the requester"
expect_eq "$(header Cc "$sent")" "boss@mof.example.org" "with the copy asked for"
expect_eq "$(header Subject "$sent")" "[INC-1] Printer on floor 2 jams" "the ticket id in the subject"
expect_eq "$(header In-Reply-To "$sent")" "<plain.1@mof.example.org>" "answering the customer's message"
expect_eq "$(header References "$sent")" "<itsm.1@example.org> <plain.1@mof.example.org>" "in the ticket's thread"
expect_eq "$(header Auto-Submitted "$sent")" "" "a person's answer is not marked automatic"
expect_match "$(tr -d '\r' <"$sent")" "We are on it: a technician comes at 11:00." "the text is the body"

# The customer answers the reply without the id in the subject: matched by its Message-ID.
reply_id=$(header Message-ID "$sent")
printf 'From: Ann Smith <ann@mof.example.org>\nTo: helpdesk@example.org\nSubject: Re: Printer\nMessage-ID: <ann.2@mof.example.org>\nIn-Reply-To: %s\n\nThanks, I will be there.\n' \
  "$reply_id" | ITSM_NOW="2026-11-30 09:40" itsm mail-in >"$SCRATCH/out"
expect_eq "$(cat "$SCRATCH/out")" "INC-1 received" "an answer to the reply returns to the ticket"
run check
expect_code 0 "the store's check replays the reply as the response"

# --- refusals: one line, the documented code, nothing changed ---------------------------------
export ITSM_NOW="2026-11-30 10:00"
itsm log --title "Walk-in: monitor dead" >/dev/null
before=$(store_digest)
run reply INC-2 "Hello"
expect_error 2 "INC-2 has no requester address to reply to; set one with 'itsm update INC-2 --email ADDRESS'" \
  "a ticket without a requester address"
run reply INC-1 "   "
expect_error 2 "the reply is empty" "an empty reply"
run reply INC-1 "Hi" --cc "a@b.org, c@d.org"
expect_error 2 'is not one e-mail address' "a --cc that is not one address"
run reply INC-9 "Hi"
expect_error 3 "no ticket INC-9" "an unknown ticket"
expect_eq "$(store_digest)" "$before" "nothing changed by the refusals"
itsm close INC-1 --resolution "Fixed" >/dev/null
before=$(store_digest)
run reply INC-1 "More"
expect_error 4 "cannot note INC-1: it is closed" "a closed ticket"
expect_eq "$(store_digest)" "$before" "nothing changed by the refusal"
sed -i '/^\[notify\]/,/^events/d' "$ITSM_CONFIG/itsm.toml"
run reply INC-2 "Hi"
expect_error 5 "itsm reply sends through \[notify\]" "no way to send"

finish
