#!/usr/bin/env bash
# Groups' OLAs (docs/sla.md, "OLAs") end to end on tests/cli/config/office (the office window:
# Europe/London, mon-fri 08:00-18:00, sat 09:00-16:00) with an OLA on second-line: the worked
# example of docs/sla.md through show, sla-check and the monthly report, `config show`'s round
# trip, and bad OLAs with file:line:column.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-12-15 12:00"

# A desk without OLAs first: its report says nothing of them, in any format.
first=$(itsm log --title "No OLA yet" --priority P2 --group helpdesk --at "2026-11-02 09:00")
itsm resolve "$first" --resolution "done" --at "2026-11-02 10:00" >/dev/null
for format in text csv json md html; do
  run report monthly --month 2026-11 --format "$format"
  expect_eq "$(grep -ci 'ola' <<<"$OUT")" "0" "no OLA in the $format report of a desk without OLAs"
done
run sla-check --format json
expect_eq "$(jq '[.findings[] | select(.metric | startswith("ola-"))] | length' <<<"$OUT")" "0" "no OLA finding without OLAs"

sed -i '/^name = "second-line"/a ola = { response = "30m", resolve = "2h" }' "$ITSM_CONFIG/itsm.toml"
# The files alone, as a CI runner checks them (with the store, the OLA added in place would be
# reported as changing the terms of the tickets logged above: docs/configuration.md).
ITSM_DB=$SCRATCH/none.db run sla-check --config-only --strict
expect_code 0 "the configuration with an OLA is valid"
run sla-check --config-only
expect_match "$OUT" "warning: .* measured by policy .* when logged" "the store's tickets: terms changed in place"

ola() { # ola ID GROUP METRIC FIELD [AT]
  "$ITSM_BIN" show "$1" --format json ${5:+--at "$5"} |
    jq -r --arg g "$2" --arg m "$3" '.olas[] | select(.group == $g and .metric == $m) | .'"$4"
}

# The worked example of docs/sla.md.
id=$(itsm log --title "VPN drops" --priority P2 --group helpdesk --at "2026-11-30 08:00")
expect_eq "$("$ITSM_BIN" show "$id" --format json --at "2026-11-30 08:30" | jq -c .olas)" "[]" "no OLA clock before the ticket reaches second-line"
itsm escalate "$id" --at "2026-11-30 09:00" >/dev/null
expect_eq "$(ola "$id" second-line response due "2026-11-30 09:20")" "2026-11-30T09:30:00Z" "OLA response due 30 minutes after entering"
run sla-check --at "2026-11-30 09:35" --format json
expect_code 0 "an OLA breach alone does not make sla-check exit 1"
expect_eq "$(jq -r --arg id "$id" '.findings[] | select(.id == $id and .metric == "ola-response") | "\(.group) \(.state) \(.due) \(.overdue_minutes)"' <<<"$OUT")" \
  "second-line breached 2026-11-30T09:30:00Z 5" "sla-check reports the OLA breach with its group"
run sla-check --at "2026-11-30 09:35"
expect_match "$OUT" "$id +P2 +second-line +ola-response +breached" "the text table names the OLA metric"
itsm note "$id" "looking at the tunnel" --at "2026-11-30 09:40" >/dev/null
itsm hold "$id" --reason "awaiting logs" --at "2026-11-30 10:30" >/dev/null
expect_eq "$(ola "$id" second-line resolve state "2026-11-30 10:45")" "paused" "the hold pauses the OLA resolve clock"
itsm resume "$id" --at "2026-11-30 11:00" >/dev/null
itsm assign "$id" --group helpdesk --at "2026-11-30 11:20" >/dev/null
expect_eq "$(ola "$id" second-line resolve handed_on "2026-11-30 12:00")" "true" "handed back to helpdesk"
expect_eq "$(ola "$id" second-line resolve counted_minutes "2026-11-30 12:00")" "110" "1h50m counted in second-line"
expect_eq "$(ola "$id" second-line resolve state "2026-11-30 12:00")" "met" "met when handed on"
itsm escalate "$id" --at "2026-11-30 13:00" >/dev/null
expect_eq "$(ola "$id" second-line resolve due "2026-11-30 13:05")" "2026-11-30T13:10:00Z" "back in second-line: it resumes from 1h50m"
itsm resolve "$id" --resolution "tunnel reset" --at "2026-11-30 13:10" >/dev/null
expect_eq "$(ola "$id" second-line response state)" "breached" "OLA response: answered 10 minutes late"
expect_eq "$(ola "$id" second-line resolve state)" "met" "OLA resolve: resolved exactly at its due"
expect_eq "$(ola "$id" second-line resolve handed_on)" "false" "stopped by the resolution"
run show "$id"
expect_match "$OUT" "ola +second-line response: breached \(target 30m, due 2026-11-30 09:30" "show prints the OLA response"
expect_match "$OUT" "ola +second-line resolve: met \(target 2h, due 2026-11-30 13:10, counted 2h\)" "show prints the OLA resolve"
run show "$id" --explain
expect_match "$OUT" "second-line OLA resolve ledger:" "--explain adds the OLA ledgers"

# A second ticket left with second-line past its OLA resolve target, never resolved.
late=$(itsm log --title "Printer" --priority P2 --group second-line --at "2026-11-30 14:00")
itsm note "$late" "seen" --at "2026-11-30 14:10" >/dev/null
run sla-check --at "2026-11-30 17:00" --format json
expect_eq "$(jq -r --arg id "$late" '[.findings[] | select(.id == $id) | .metric] | join(",")' <<<"$OUT")" \
  "ola-resolve" "only the OLA resolve is due: the SLA's 8h are not"
notify_to_spool "itsm@example.org" '["at-risk", "breached"]'
itsm sla-check --at "2026-11-30 17:00" >/dev/null
expect_eq "$(find "$SCRATCH/spool" -name '*.eml' 2>/dev/null | wc -l)" "0" "an OLA finding sends no notice"
itsm sla-check --at "2026-12-01 13:00" >/dev/null
expect_eq "$(grep -l "^Subject: \\[$late\\] Breached: resolve was due" "$SCRATCH"/spool/*.eml | wc -l)" "1" "... while the SLA's own breach does"
expect_eq "$(find "$SCRATCH/spool" -name '*.eml' | wc -l)" "1" "... and only that one"

# The monthly report: OLA compliance per group in every format.
run report monthly --month 2026-11 --format json
expect_eq "$(jq -r '.olas[] | [.group, (.response, .resolve | .met, .breached, .pending, .compliance_percent == 50)] | map(tostring) | join(" ")' <<<"$OUT")" \
  "second-line 1 1 0 true 1 1 0 true" "JSON: met, breached, pending and compliance per metric"
run report monthly --month 2026-11 --format csv
expect_match "$OUT" "olas,second-line,ola-response,1,1,0,50.0" "CSV: the OLA response row"
expect_match "$OUT" "olas,second-line,ola-resolve,1,1,0,50.0" "CSV: the OLA resolve row"
run report monthly --month 2026-11
expect_match "$OUT" "OLA compliance per group" "text: the OLA table"
expect_match "$OUT" "second-line +1 +1 +0 +50.0% +1 +1 +0 +50.0%" "text: the group's figures"
run report monthly --month 2026-11 --format md
expect_match "$OUT" "## OLA compliance per group" "Markdown: the OLA section"
run report monthly --month 2026-11 --format html
expect_match "$OUT" "<h2>OLA compliance per group</h2>" "HTML: the OLA section"

# config show prints the OLA and reads back to the same configuration.
sed -i '/^ola = /a ola.P1 = { response = "15m", resolve = "1h" }' "$ITSM_CONFIG/itsm.toml"
sed -i 's/^ola = { response = "30m", resolve = "2h" }/ola.response = "30m"\nola.resolve = "2h"/' "$ITSM_CONFIG/itsm.toml"
run config show
expect_match "$OUT" 'ola\.P1 = \{ response = "15m", resolve = "1h" \}' "config show prints a priority's OLA"
expect_match "$OUT" 'ola\.response = "30m"' "... and the OLA of every priority"
mkdir -p "$SCRATCH/shown"
awk -v dir="$SCRATCH/shown" '/^# ======== / { file = dir "/" $3; sub(/:$/, "", file); next }
  file { print > file }' <<<"$OUT"
run --config "$SCRATCH/shown" config show
expect_eq "$(tail -n +2 <<<"$OUT")" "$("$ITSM_BIN" config show | tail -n +2)" "config show round-trips"

# OLA expectations in a case file (docs/ci.md): the worked example, and a group without an OLA.
cat >"$SCRATCH/cases.toml" <<'TOML'
[[case]]
name = "the worked example of docs/sla.md"
priority = "P2"
group = "helpdesk"
logged = "2026-11-30 08:00"
steps = [
  { at = "2026-11-30 09:00", action = "escalate" },
  { at = "2026-11-30 09:40", action = "note" },
  { at = "2026-11-30 10:30", action = "hold" },
  { at = "2026-11-30 11:00", action = "resume" },
  { at = "2026-11-30 11:20", action = "assign", group = "helpdesk" },
]
at = "2026-11-30 12:00"
expect.ola.second-line = { response_state = "breached", resolve_state = "met", resolve_counted_minutes = 110 }
TOML
run sla-check --config-only --cases "$SCRATCH/cases.toml"
expect_code 0 "the OLA expectations hold"
expect_match "$OUT" "1 passed, 0 failed" "the case ran"
run sla-check --config-only --cases "$SCRATCH/cases.toml" --format json
expect_eq "$(jq -r '.cases[0].actual["ola.second-line.resolve_counted_minutes"]' <<<"$OUT")" "110" "JSON keys an OLA expectation by its group"
sed -i 's/resolve_counted_minutes = 110/resolve_counted_minutes = 100/' "$SCRATCH/cases.toml"
run sla-check --config-only --cases "$SCRATCH/cases.toml"
expect_code 1 "a wrong OLA expectation fails"
expect_match "$OUT" "FAIL the worked example of docs/sla.md: OLA second-line resolve counted expected 100 minutes, got 110 minutes" "the failure names the group"
run sla-check --config-only --cases "$SCRATCH/cases.toml" --format github
expect_match "$OUT" "::error file=[^,]*cases\.toml,line=14," "... at the expectation's line"
sed -i 's/expect.ola.second-line/expect.ola.supplier/' "$SCRATCH/cases.toml"
run sla-check --config-only --cases "$SCRATCH/cases.toml"
expect_code 1 "a group without an OLA is an error"
expect_match "$OUT" "cases\.toml:14:12: error: \`supplier\` in expect\\.ola is not a group with an OLA" "file, line and column"

# Bad OLAs: file:line:column, exit 5 for other commands, nothing changed.
mkdir -p "$SCRATCH/bad"
cp "$ITSM_CONFIG"/*.toml "$SCRATCH/bad/"
sed -i 's/^ola.P1 = .*/ola.P9 = { response = "15m" }/' "$SCRATCH/bad/itsm.toml"
run --config "$SCRATCH/bad" sla-check --config-only
expect_code 1 "an OLA for an unknown priority fails the check"
line=$(grep -n '^ola.P9' "$SCRATCH/bad/itsm.toml" | cut -d: -f1)
expect_match "$OUT" "itsm\\.toml:$line:5: error: unknown priority \`P9\` in the OLA of group \`second-line\`; expected one of: \`P1\`" "the diagnostic names file, line and column"
before=$(store_digest)
run --config "$SCRATCH/bad" log --title "x" --priority P2
expect_code 5 "no command runs on the broken configuration"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line on stderr"
expect_match "$ERR" "^itsm: error: " "an error line"
expect_eq "$(store_digest)" "$before" "nothing was logged"

finish
