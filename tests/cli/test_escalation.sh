#!/usr/bin/env bash
# Automatic escalation (`sla-check --escalate`): the management chain is climbed on a breach
# only when [escalation] on_breach says so, and then one message per recipient; a group's
# auto_escalate_after moves tickets still unanswered there, auto_escalate_unresolved_after
# those not resolved; an assignee taken off a ticket is named in the event and the notice.
source "$(dirname "$0")/lib.sh"
use_config office
# The office configuration climbs the chain on both clocks; these tests start without it.
sed -i '/^on_breach = /d' "$ITSM_CONFIG/itsm.toml"
notify_to_spool "itsm@example.org" '["escalated", "hierarchical", "breached"]'
cat >>"$ITSM_CONFIG/itsm.toml" <<EOF

[notify.agents]
alice = "alice@example.org"
EOF
# set_on_breach VALUE: [escalation] on_breach = VALUE ("" removes the key).
set_on_breach() {
  sed -i '/^on_breach = /d' "$ITSM_CONFIG/itsm.toml"
  [ -z "$1" ] || sed -i "s/^\\(path = .*\\)$/\\1\\non_breach = $1/" "$ITSM_CONFIG/itsm.toml"
}
# messages_to ADDRESS TICKET: how many queued messages of TICKET name ADDRESS.
messages_to() {
  itsm notify list --all --format json |
    jq --arg a "$1" --arg t "$2" '[.[] | select(.ticket == $t and (.recipients | index($a)))] | length'
}

# --- 1. on_breach: off by default ----------------------------------------------------------
a=$(itsm log --title "Mail is down" --priority P2 --group second-line --at "2027-01-05 09:00")
run sla-check --escalate --at "2027-01-05 10:30" --format json
expect_code 1 "the response is breached"
expect_eq "$(jq '[.escalations[] | select(.kind == "hierarchical")] | length' <<<"$OUT")" "0" \
  "without on_breach a breach does not climb the chain"
expect_eq "$(itsm show "$a" --format json | jq .escalation_level)" "0" "level unchanged"

# Only the clocks named climb it.
set_on_breach '["resolve"]'
run sla-check --escalate --at "2027-01-05 10:35" --format json
expect_eq "$(jq '.escalations | length' <<<"$OUT")" "0" "a response breach with on_breach = [resolve]"
set_on_breach '["response", "resolve"]'
run sla-check --escalate --at "2027-01-05 10:40" --format json
expect_eq "$(jq -r '.escalations[0].kind + " " + .escalations[0].to' <<<"$OUT")" \
  "hierarchical Help Desk Manager" "on_breach = [response, resolve]: the breach climbs one level"
expect_eq "$(itsm show "$a" --format json | jq .escalation_level)" "1" "level 1"
run sla-check --escalate --at "2027-01-05 10:45" --format json
expect_eq "$(jq '.escalations | length' <<<"$OUT")" "0" "once per breach"

# One breach, one message per recipient: the breach notice does not repeat the escalation's.
b=$(itsm log --title "Payroll is down" --priority P2 --group second-line --at "2027-01-06 09:00")
run sla-check --escalate --at "2027-01-06 10:30"
expect_code 1 "breached and escalated"
expect_eq "$(messages_to hdm@example.org "$b")" "1" "the Help Desk Manager gets one message"
expect_eq "$(messages_to second-line@example.org "$b")" "1" "the group gets one message"
expect_eq "$(itsm notify list --all --format json | jq -r --arg t "$b" '[.[] | select(.ticket == $t) | .event] | sort | join(",")')" \
  "hierarchical" "the escalation's message tells everyone the breach notice would have"
mail=$(grep -l "Payroll" "$SPOOL"/*.eml | head -1)
expect_match "$(cat "$mail")" "SLA: response breached" "the management mail says the SLA state"
expect_match "$(cat "$mail")" "Escalations so far: management: Help Desk Manager" \
  "and the escalation path so far"

# A wrong clock name: a configuration error, nothing changes.
set_on_breach '["late"]'
before=$(store_digest)
run sla-check --escalate --at "2027-01-06 11:00"
expect_error 5 "unknown clock .late. in \\[escalation\\] on_breach" "on_breach names a clock"
expect_eq "$(store_digest)" "$before" "a refused configuration changes nothing"
run sla-check --config-only
expect_code 1 "config-only reports the bad clock"
expect_match "$OUT" "itsm.toml:[0-9]+:[0-9]+: error: unknown clock" "with file:line:column"
set_on_breach ""
for id in "$a" "$b"; do itsm close "$id" --resolution done --at "2027-01-06 12:00" >/dev/null; done

# --- 2. auto_escalate_after: unanswered in the group ----------------------------------------
# Taken by alice at 09:05: answered, so it stays with the helpdesk past the 20 minutes.
c=$(itsm log --title "VPN token" --priority P3a --group helpdesk --to alice --at "2027-01-07 09:05")
d=$(itsm log --title "Nobody took it" --priority P3a --group helpdesk --at "2027-01-07 09:05")
run sla-check --escalate --at "2027-01-07 09:30" --format json
expect_eq "$(jq -r '[.escalations[] | .id] | join(",")' <<<"$OUT")" "$d" \
  "only the unanswered ticket leaves the helpdesk"
expect_eq "$(itsm show "$c" --format json | jq -r '.group + " " + .assignee')" "helpdesk alice" \
  "the answered ticket keeps its group and assignee"
expect_match "$(jq -r '.escalations[0].reason' <<<"$OUT")" "unanswered for 25m" "the reason says why"
# A group-only reassignment back to the helpdesk is unanswered there again.
itsm assign "$d" --group helpdesk --at "2027-01-07 09:40" >/dev/null
itsm note "$d" "looking into it" --at "2027-01-07 09:45" >/dev/null
run sla-check --escalate --at "2027-01-07 10:30" --format json
expect_eq "$(jq '.escalations | length' <<<"$OUT")" "0" "a note answers it in the group"

# --- 2. auto_escalate_unresolved_after: not resolved in the tier, assignee said -------------
sed -i 's/^auto_escalate_after = "20m"$/auto_escalate_after = "20m"\nauto_escalate_unresolved_after = "2h"/' \
  "$ITSM_CONFIG/itsm.toml"
run config show
expect_match "$OUT" 'auto_escalate_unresolved_after = "2h"' "config show gives the new key"
run sla-check --escalate --at "2027-01-07 11:00" --format json
expect_eq "$(jq '.escalations | length' <<<"$OUT")" "0" "1h55m with the helpdesk is within 2h"
run sla-check --escalate --at "2027-01-07 11:06" --format json
expect_eq "$(jq -r --arg c "$c" '.escalations[] | select(.id == $c) | .unassigned' <<<"$OUT")" "alice" \
  "the escalation names the assignee it took the ticket from"
expect_match "$(jq -r --arg c "$c" '.escalations[] | select(.id == $c) | .reason' <<<"$OUT")" \
  "not resolved in 2h1m of working time with helpdesk \\(limit 2h\\)" "not resolved within 2h in the tier"
run show "$c" --format json
expect_eq "$(jq -r '.group + "/" + .assignee' <<<"$OUT")" "second-line/" "moved, assignee cleared"
expect_eq "$(jq -r '[.events[] | select(.kind == "escalated")][0].detail.unassigned' <<<"$OUT")" \
  "alice" "the event says who lost the ticket"
mail=$(grep -l "VPN token" "$SPOOL"/*.eml | head -1)
expect_match "$(cat "$mail")" "Unassigned: alice no longer has the ticket" "the notice says so"
expect_match "$(grep -i '^To:' "$mail")" "alice@example.org" "and goes to her too"

# A bad duration for the new key: a configuration error with its position.
sed -i 's/^auto_escalate_unresolved_after = "2h"$/auto_escalate_unresolved_after = "soon"/' \
  "$ITSM_CONFIG/itsm.toml"
run sla-check --config-only
expect_code 1 "a bad auto_escalate_unresolved_after"
expect_match "$OUT" "itsm.toml:[0-9]+:[0-9]+: error: .*auto_escalate_unresolved_after" "names the key"
sed -i '/^auto_escalate_unresolved_after = /d' "$ITSM_CONFIG/itsm.toml"

# A person's escalation says whom it took the ticket from too.
f=$(itsm log --title "Badge reader" --priority P3a --group helpdesk --to bob --at "2027-01-08 09:00")
run escalate "$f" --reason "needs an engineer" --at "2027-01-08 09:10"
expect_eq "$OUT" "$f escalated to second-line (tier 2); taken from bob" "escalate names the assignee"

run check
expect_code 0 "the store checks out"

# --- the examples: MKIP's chain is for disputes, eGA tells the client when it is climbed ------
export ITSM_DB=$SCRATCH/mkip.db
use_config mkip
m=$(itsm log --title "Network down" --priority P1 --at "2026-11-30 09:00")
run sla-check --escalate --at "2026-11-30 12:00" --format json
expect_code 1 "mkip: the P1 response is breached"
expect_eq "$(jq '[.escalations[] | select(.kind == "hierarchical")] | length' <<<"$OUT")" "0" \
  "mkip: a breach does not climb the disputes chain"
export ITSM_DB=$SCRATCH/ega.db
use_config ega
# The example's commented [notify], turned on with a spool folder.
sed -i "s/^# \\[notify/[notify/; s/^# events = /events = /; s/^# to = /to = /; s/^# cc = /cc = /
  s/^# hierarchical = /hierarchical = /; /^\\[notify\\]\$/a spool = \"$SCRATCH/ega-spool\"" \
  "$ITSM_CONFIG/itsm.toml"
e=$(itsm log --title "GMS mailbox full" --org "Ministry of Finance" --at "2026-12-01 09:00")
run escalate "$e" --hierarchical --reason "client not satisfied" --at "2026-12-01 10:00"
expect_code 0 "ega: escalate up the chain"
mail=$(grep -l "Escalated to Help Desk Manager" "$SCRATCH/ega-spool"/*.eml | head -1)
expect_match "$(grep -i '^To:' "$mail")" "ict@mof.go.tz" "ega: the client's ICT unit is told"
expect_match "$(grep -i '^Cc:' "$mail")" "accounting.officer@mof.go.tz" "ega: its Accounting Officer in copy"
finish
