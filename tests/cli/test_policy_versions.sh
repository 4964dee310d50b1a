#!/usr/bin/env bash
# Policy versions by date (docs/configuration.md): TAXUD's contract renewal on 2027-01-01 in a
# dated folder; tickets measured by the terms in force when they were logged; a past month's
# report unchanged by a version dated later; an edit in place reported by check and by
# sla-check --config-only; config diff and config show --at; bad input.
source "$(dirname "$0")/lib.sh"
use_config taxud
export ITSM_NOW="2026-12-15 10:00"
renewal=$ITSM_CONFIG/policies/2027-01-01
rm -rf "$ITSM_CONFIG/policies"

# November under the first contract: a P1 logged, breached, resolved; another still open.
a=$(itsm log --title "TARIC3 down for every administration" --service TARIC3 --priority P1 \
  --at "2026-11-10 09:00")
b=$(itsm log --title "EOS registration slow" --service EOS --priority P2 --at "2026-11-20 10:00")
itsm resolve "$a" --resolution "Restarted" --at "2026-11-10 15:00" >/dev/null
run report monthly --month 2026-11 --format json
expect_code 0 "report before the renewal is written"
before=$OUT
run show "$a" --format json
expect_eq "$(jq -r .policy.version <<<"$OUT")" "null" "logged under the top-level files"
first=$(jq -r .policy.measured_by <<<"$OUT")
expect_eq "$(jq -r .policy.recorded <<<"$OUT")" "$first" "the logged event records the hash"
expect_match "$first" '^[0-9a-f]{16}$' "the hash is 16 hex digits"

# The renewal: P1 resolved within 2h, P2 within 4h, from 2027-01-01 (Brussels).
mkdir -p "$renewal"
sed -e '/^id = "P1"/,/^resolve/ s/^resolve = .*/resolve = "2h"/' \
  -e '/^id = "P2"/,/^resolve/ s/^resolve = .*/resolve = "4h"/' \
  "$ITSM_CONFIG/priorities.toml" >"$renewal/priorities.toml"
run sla-check --config-only --strict
expect_code 0 "the renewal is a valid version, and nothing logged changes"
expect_match "$OUT" "0 errors, 0 warnings" "no drift: the tickets were logged before the date"

run report monthly --month 2026-11 --format json
expect_eq "$OUT" "$before" "November's report is the same after a version dated later"
run show "$a" --format json
expect_eq "$(jq -r .sla.resolve.target_minutes <<<"$OUT")" "240" "November's P1 keeps 4h"

# Logged after the renewal: the new terms, and a reopen keeps them.
export ITSM_NOW="2027-01-12 10:00"
c=$(itsm log --title "TARIC3 down again" --service TARIC3 --priority P1 --at "2027-01-04 09:00")
run show "$c" --format json
expect_eq "$(jq -r .sla.resolve.target_minutes <<<"$OUT")" "120" "January's P1 has 2h"
expect_eq "$(jq -r .policy.version <<<"$OUT")" "policies/2027-01-01" "the version's folder"
second=$(jq -r .policy.measured_by <<<"$OUT")
[ "$second" != "$first" ] || fail "the renewal has its own hash"
itsm update "$c" --priority P2 --at "2027-01-04 09:30" >/dev/null
run show "$c" --format json
expect_eq "$(jq -r .sla.resolve.target_minutes <<<"$OUT")" "240" "a priority change: P2 of the same version"
run show "$b" --format json
expect_eq "$(jq -r .sla.resolve.target_minutes <<<"$OUT")" "480" "the open November P2 keeps 8h"
run show "$b"
expect_match "$OUT" "policy +$first \\(the top-level files\\)" "show names the version in text"

# The boundary is local midnight in Brussels: 23:30 UTC on 31 December is already 2027.
d=$(itsm log --title "just after midnight" --priority P1 --at "2026-12-31T23:30:00Z")
e=$(itsm log --title "just before midnight" --priority P1 --at "2026-12-31T22:30:00Z")
run show "$d" --format json
expect_eq "$(jq -r .policy.version <<<"$OUT")" "policies/2027-01-01" "00:30 Brussels is the renewal's"
run show "$e" --format json
expect_eq "$(jq -r .policy.version <<<"$OUT")" "null" "23:30 Brussels is the old contract's"

# sla-check measures each ticket by its own version: INC-3 (P2 of the renewal, 4h) is breached
# at 13:30, where the old contract's 8h would leave it running.
breached() { jq -r --arg id "$1" '[.findings[] | select(.id == $id and .metric == "resolve" and .state == "breached")] | length' <<<"$OUT"; }
run sla-check --format json --at "2027-01-04 12:30"
expect_eq "$(breached "$c")" "0" "INC-3 is not breached at 12:30"
run sla-check --format json --at "2027-01-04 13:30"
expect_eq "$(breached "$c")" "1" "INC-3 is breached at 13:30"

# config diff and config show --at.
run config diff --at 2026-12-31 --at 2027-01-01
expect_code 1 "config diff: the terms differ"
expect_match "$OUT" "--- priorities.toml \\(policy $first of the top-level files" "diff names the first version"
expect_match "$OUT" "\\+\\+\\+ priorities.toml \\(policy $second of policies/2027-01-01" "diff names the second"
expect_match "$OUT" $'\n-resolve = "4h"\n' "the old P1 target"
expect_match "$OUT" $'\n\\+resolve = "2h"\n' "the new P1 target"
run config diff --at 2027-01-02 --at 2027-06-01
expect_code 0 "config diff: the same version"
expect_match "$OUT" "^no change: the same terms" "no change said"
run config show --at 2026-12-01
expect_match "$OUT" 'resolve = "4h"' "config show --at: the old terms"
run config show
expect_match "$OUT" 'resolve = "2h"' "config show: the terms in force now"

# Editing the first version in place changes the terms under the November tickets.
run check
expect_code 0 "a sound store, no drift"
expect_eq "$(grep -c '^policy:' <<<"$OUT")" "0" "no policy lines yet"
sed -i '/^id = "P2"/,/^resolve/ s/^resolve = .*/resolve = "10h"/' "$ITSM_CONFIG/priorities.toml"
run check
expect_code 0 "drift is reported, not a fault of the store"
expect_match "$OUT" "^policy: 3 tickets \\($a to $e\\), logged 2026-11-10 09:00 to 2026-12-31 23:30, measured by policy $first when logged" "check lists the tickets under the edited terms"
expect_match "$ERR" "^itsm: warning: 3 tickets are measured by terms no longer" "and warns"
run check --format json
expect_eq "$(jq -c '[.policy_changes[] | {recorded, tickets, version}]' <<<"$OUT")" \
  "[{\"recorded\":\"$first\",\"tickets\":3,\"version\":null}]" "json: policy_changes"
run show "$b"
expect_match "$OUT" "logged under $first, changed since" "show says the terms changed"
run sla-check --config-only
expect_code 0 "a warning only"
expect_match "$OUT" "warning: 3 tickets \\($a to $e\\)" "config-only warns before deploying"
run sla-check --config-only --strict
expect_code 1 "with --strict the drift fails the check"
# Without a store to compare with (a CI runner), the files alone are checked.
ITSM_DB=$SCRATCH/none.db run sla-check --config-only --strict
expect_code 0 "no store: no comparison"

# Bad input: a broken version, a folder that is not a date, config diff misused.
digest=$(store_digest)
printf '[[priority]]\nid = "P1"\nresolve = "soon"\n' >"$renewal/priorities.toml"
run sla-check --config-only
expect_code 1 "a broken version fails the check"
expect_match "$OUT" "policies/2027-01-01/priorities.toml:3:11: error: " "named by its file, line and column"
run log --title "x" --priority P1
expect_error 5 "invalid configuration: .*policies/2027-01-01/priorities.toml:3:11" "other commands refuse it"
expect_eq "$(store_digest)" "$digest" "nothing logged"
rm -rf "$renewal"
mkdir -p "$ITSM_CONFIG/policies/next-year"
cp "$ITSM_CONFIG/priorities.toml" "$ITSM_CONFIG/policies/next-year/"
run sla-check --config-only
expect_match "$OUT" "policies/next-year: warning: this folder is not read" "a folder not named by a date"
run config diff --at 2027-01-01
expect_error 2 "config diff takes two times" "config diff with one time"
run config diff --at 2027-01-01 --at yesterday-ish
expect_error 2 "--at" "config diff with a bad time"

finish
