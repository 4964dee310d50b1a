#!/usr/bin/env bash
# What people read: `report --at`; the invalid-configuration hint keeps the --config the user
# gave; ages and overruns as "1d 2h" in text (minutes in JSON); `itsm services` at 100
# columns; plurals; the wording of a period that has not started; no tier for a group without
# one; the actor when $USER is unset.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-11-27 12:00"

command -v script >/dev/null || { fail "script (bsdutils) is not installed"; finish; }

itsm log --title "VPN down" --priority P1 --group second-line --at "2026-11-23 09:00" >/dev/null
itsm log --title "Mail quota" --priority P4 --at "2026-11-02 09:00" >/dev/null
itsm resolve INC-2 --resolution "quota raised" --at "2026-11-03 09:00" >/dev/null

# --- report --at ----------------------------------------------------------------------------
run report daily --at "2026-11-24 06:00" --format json
expect_code 0 "report daily --at"
expect_eq "$(jq -r .period.label <<<"$OUT")" "2026-11-23" "--at: the last complete day before it"
expect_eq "$(jq .opened <<<"$OUT")" "1" "--at: the day's ticket"
run report monthly --at "2026-12-01 06:00" --format json
expect_eq "$(jq -r .period.label <<<"$OUT")" "2026-11" "--at: last month as of then"
expect_eq "$(jq .partial <<<"$OUT")" "false" "--at after the period: complete"
run report weekly --week 2026-W48 --at "2026-11-25 12:00" --format json
expect_eq "$(jq .partial <<<"$OUT")" "true" "--at inside the period: partial"
run report daily --at "the day after"
expect_error 2 "--at" "report --at with a bad time"
run report monthly --month 2027-01
expect_error 2 "^itsm: error: --month 2027-01 has not started: it starts 2027-01-01" \
  "a month that has not started: the option and its value, once"

# --- the invalid-configuration hint ------------------------------------------------------------
mkdir -p "$SCRATCH/broken dir"
printf 'default = "P9"\n[[priority]]\nid = "P1"\nresponse = "1x"\n' >"$SCRATCH/broken dir/priorities.toml"
run list --config "$SCRATCH/broken dir"
expect_code 5 "a broken configuration"
expect_match "$ERR" "run 'itsm sla-check --config-only --config '$SCRATCH/broken dir'' to see all" \
  "the hint keeps the --config the user gave"
run list --config "$SCRATCH/broken dir"
hint=$(sed -n "s/.*(run '\(.*\)' to see all.*/\1/p" <<<"$ERR")
eval "set -- ${hint#itsm }"
run "$@"
expect_code 1 "the hint runs as given"
expect_match "$OUT" "2 errors" "the hint's command shows every problem"
ITSM_CONFIG="$SCRATCH/broken dir" run list
expect_match "$ERR" "run 'itsm sla-check --config-only' to see all" "no --config: none in the hint"

# --- ages and overruns -------------------------------------------------------------------------
run sla-check --tickets-only
expect_match "$OUT" "INC-1 +P1 +second-line +response +breached .* 4d 2h +VPN down" \
  "OVERDUE in days and hours"
[[ $OUT == *"m "*"VPN"* && $OUT =~ [0-9]{3,}m ]] && fail "no overrun as a count of minutes"
CHECKS=$((CHECKS + 1))
expect_match "$OUT" $'\n''1 open ticket checked at 2026-11-27 12:00: 2 breached' "one open ticket: singular"
run sla-check --tickets-only --format json
expect_match "$(jq '.findings[0].overdue_minutes' <<<"$OUT")" "^[0-9]{4,}$" "JSON keeps minutes"
run report monthly --month 2026-11 --format text
expect_match "$OUT" "INC-1 .* [0-9]+d [0-9]+h +[0-9]+d [0-9]+h .*VPN down" \
  "the worst pending ticket's ages in days and hours"
[[ $OUT =~ [0-9]+h[0-9]+m ]] && fail "no age as hours and minutes run together"
CHECKS=$((CHECKS + 1))
run report monthly --month 2026-11 --format json
expect_match "$(jq '.worst_pending[0].age_wall_minutes' <<<"$OUT")" "^[0-9]{4,}$" "JSON ages in minutes"

# --- itsm services at 100 columns ---------------------------------------------------------------
use_config mkip
out=$(on_tty 100 "$ITSM_BIN" services)
expect_eq "$(($(wc -L <<<"$out") <= 100))" "1" "services fits 100 columns"
expect_eq "$(grep -c '…' <<<"$out")" "0" "services at 100 columns: nothing cut"
expect_match "$out" $'\npayroll  Business systems, target 98%, window office' "a service's facts on its line"
name=$(itsm services --format json | jq -r '.[] | select(.service == "anti-spam") | .name')
expect_match "$(tr -s ' \n' ' ' <<<"$out")" "${name//[()]/.}" "a long name whole, wrapped"
expect_match "$out" "office: mon-fri 08:00-18:00, sat 09:00-16:00" "each window's hours once"
expect_eq "$(grep -c 'mon-fri' <<<"$out")" "2" "hours not repeated per service"
out=$(on_tty 300 "$ITSM_BIN" --config "$ITSM_SOURCE_DIR/tests/cli/config/office" services)
expect_match "$(head -n 1 <<<"$out")" "^Service +Name +Window" "a catalogue that fits: the table"
use_config office

# --- no tier for a group without one -------------------------------------------------------------
printf '\n[[group]]\nname = "facilities"\n' >>"$ITSM_CONFIG/itsm.toml"
run escalate INC-1 --to facilities --reason "a building matter"
expect_code 0 "escalate to a group without a tier"
run show INC-1
[[ $OUT == *"tier=0"* ]] && fail "no tier=0 in the history"
CHECKS=$((CHECKS + 1))
run show INC-1 --format json
expect_eq "$(jq '[.events[] | select(.kind == "escalated")] | length' <<<"$OUT")" "1" \
  "the escalation is in the history"
expect_eq "$(jq '[.events[] | select(.kind == "escalated") | .detail | has("tier")] | any' <<<"$OUT")" \
  "false" "the event records no tier"

# --- the actor when USER is unset ----------------------------------------------------------------
run log --title "no user" --priority P4
unset ITSM_ACTOR
USER="" run note INC-3 "who am I"
expect_code 0 "a note with USER unset"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT actor FROM events WHERE kind='noted';")" "$(id -un)" \
  "the login name is the actor"
expect_eq "$ERR" "" "no warning when the login name is known"
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
  chmod 777 "$SCRATCH" && chmod 666 "$ITSM_DB"*
  OUT=$(USER="" setpriv --reuid=54321 --regid=54321 --clear-groups "$ITSM_BIN" note INC-3 "a" \
    2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
  expect_code 0 "a note by a user with no login name"
  expect_match "$ERR" "^itsm: warning: no actor" "says so"
  expect_eq "$(grep -c warning <<<"$ERR")" "1" "once"
  expect_eq "$(sqlite3 "$ITSM_DB" "SELECT actor FROM events ORDER BY id DESC LIMIT 1;")" "unknown" \
    "recorded as unknown"
fi
finish
