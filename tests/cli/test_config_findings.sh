#!/usr/bin/env bash
# One mistake, one finding: what only follows from an earlier error is not reported again (a
# weekday range written 18:00-08:00 leaves the weekdays closed; their bank holidays are not
# also "closed anyway"). With --strict, the summary tells the warnings made errors from the
# errors, and each such line says [--strict].
source "$(dirname "$0")/lib.sh"
export ITSM_NOW="2026-11-01 12:00"
cat >"$ITSM_CONFIG/service-windows.toml" <<'EOF'
default = "night"

[windows.night]
timezone = "Europe/London"
hours = { "mon-fri" = "18:00-08:00", sat = "09:00-16:00" }
holidays = [
  "2026-12-25",   # Friday
  "2026-12-28",   # Monday
  "2027-01-01",   # Friday
  "2026-12-27",   # Sunday: closed anyway, a real finding
]
EOF

run sla-check --config-only
expect_code 1 "an error exits 1"
expect_eq "$(grep -c ': error: ' <<<"$OUT")" "1" "one error: the range"
expect_match "$OUT" "service-windows.toml:5:23: error: range 18:00-08:00 ends before it starts" \
  "the error is the range"
expect_eq "$(grep -c 'closed anyway' <<<"$OUT")" "1" "weekday holidays are not reported on top"
expect_match "$OUT" "holiday 2026-12-27 is a Sunday, when window \`night\` is closed anyway" \
  "the Sunday holiday is still a finding"
expect_eq "$(tail -n 1 <<<"$OUT")" "1 error, 1 warning" "the summary"

run sla-check --config-only --strict
expect_code 1 "--strict: exit 1"
expect_eq "$(tail -n 1 <<<"$OUT")" "1 error, 1 warning made errors by --strict" \
  "--strict: promoted warnings counted apart"
expect_match "$OUT" "closed anyway; remove it, or check the date \[--strict\]" \
  "--strict: a promoted warning says so"
[[ $OUT == *"before it starts"*"[--strict]"*"before it starts"* ]] && fail "the error is not marked"
CHECKS=$((CHECKS + 1))
run sla-check --config-only --strict --format json
expect_eq "$(jq -c '[.diagnostics[] | [.severity, (.promoted // false)]]' <<<"$OUT")" \
  '[["error",false],["error",true]]' "--strict json: promoted marked"
run sla-check --config-only --strict --format github
expect_match "$OUT" "closed anyway; remove it, or check the date \[--strict\]" "--strict github"

# Fixed, the weekday holidays are fine and nothing is left but the Sunday.
sed -i 's/"mon-fri" = "18:00-08:00"/"mon-fri" = "08:00-18:00"/' "$ITSM_CONFIG/service-windows.toml"
run sla-check --config-only
expect_code 0 "fixed: a warning only"
expect_eq "$(tail -n 1 <<<"$OUT")" "0 errors, 1 warning" "fixed: the Sunday remains"
finish
