#!/usr/bin/env bash
# Examples are tests: every configuration in examples/ passes --strict and all its SLA cases
# pass; a wrong expectation fails with a precise message; a malformed case file gets
# file:line:column diagnostics; the names the demo relies on exist.
source "$(dirname "$0")/lib.sh"
# Holidays "more than a year in the past" are judged as of this day, not the machine's.
export ITSM_NOW=2026-11-23T12:00:00Z
cases_dir=$ITSM_SOURCE_DIR/tests/cli/cases

checked=0
for dir in "$ITSM_SOURCE_DIR"/examples/*/; do
  [ -f "$dir/priorities.toml" ] || continue
  name=$(basename "$dir")
  checked=$((checked + 1))

  run --config "$dir" sla-check --config-only --strict
  expect_code 0 "$name: valid with --strict"
  expect_eq "$OUT" "0 errors, 0 warnings" "$name: no diagnostics at all"
  for file in itsm.toml priorities.toml service-windows.toml cases.toml README.md; do
    CHECKS=$((CHECKS + 1))
    [ -f "$dir/$file" ] || fail "$name has no $file"
  done
  [ -f "$dir/cases.toml" ] || continue

  run --config "$dir" sla-check --config-only --strict --cases "$dir/cases.toml" --format json
  expect_code 0 "$name: every case passes"
  expect_eq "$(jq -r '[.cases[] | select(.passed | not) | .name] | join(", ")' <<<"$OUT")" "" \
    "$name: no failed case"
  expect_eq "$(jq '.cases | length' <<<"$OUT")" "$(grep -c '^\[\[case\]\]' "$dir/cases.toml")" \
    "$name: every case ran"
  expect_eq "$(jq '.valid' <<<"$OUT")" "true" "$name: valid in JSON"

  run --config "$dir" sla-check --config-only --strict --cases "$dir/cases.toml"
  expect_code 0 "$name: text"
  expect_match "$(tail -n 1 <<<"$OUT")" "^[1-9][0-9]* passed, 0 failed$" "$name: text summary"

  # The example is a configuration every command accepts.
  run --config "$dir" config show
  expect_code 0 "$name: config show"
  run --config "$dir" --db "$SCRATCH/$name.db" log --title "Example smoke test" \
    --at "2026-11-23 10:00"
  expect_code 0 "$name: log a ticket"
done
expect_eq "$checked" 3 "three example configurations (mkip, ega, taxud)"

# examples/ci/check-config.sh is what a pipeline runs.
for name in mkip ega taxud; do
  OUT=$(ITSM=$ITSM_BIN "$ITSM_SOURCE_DIR/examples/ci/check-config.sh" \
    "$ITSM_SOURCE_DIR/examples/$name" 2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
  expect_code 0 "check-config.sh $name"
  expect_match "$OUT" "passed, 0 failed" "check-config.sh $name runs the cases"
done

# The names scripts/demo uses exist in examples/mkip.
use_config mkip
for service in payroll printing website; do
  run log --title "demo $service" --service "$service" --priority P1 --at "2026-11-27 16:40"
  expect_code 0 "mkip has service $service"
done
for priority in P1 P2 P3a P3b P4 P5 P6; do
  run log --title "demo $priority" --priority "$priority" --at "2026-11-27 16:40"
  expect_code 0 "mkip has priority $priority"
done
run assign 1 --group second-line --to alice --at "2026-11-27 16:50"
expect_code 0 "mkip has group second-line"
run escalate 1 --at "2026-11-27 17:10"
expect_code 0 "escalate from second-line"
run show 1 --format json
expect_eq "$(jq -r .group <<<"$OUT")" "suppliers" "second-line escalates to the suppliers"
expect_eq "$(jq -r .sla.resolve.state <<<"$OUT")" "none" "MKIP sets no P1 resolve target"
run escalate 1 --hierarchical --at "2026-11-27 17:20"
expect_match "$OUT" "Head of MKIP ICT" "the MKIP chain starts with the Head of MKIP ICT"

# The seeds' catalogues are complete.
run --config "$ITSM_SOURCE_DIR/examples/taxud" config show
expect_eq "$(grep -c '^\[services\.' <<<"$OUT")" 72 "taxud: every Annex A application"
for id in TARIC3 EOS SEED HPSM ITSM-Portal SPEED2 CS-RD TIC-Core; do
  expect_match "$OUT" "\[services\.\"?$id\"?\]" "taxud: service $id"
done
run --config "$ITSM_SOURCE_DIR/examples/mkip" config show
expect_eq "$(grep -c '^\[services\.' <<<"$OUT")" 56 "mkip: the supported-systems catalogue"
bank_holidays="2026-01-01 2026-04-03 2026-04-06 2026-05-04 2026-05-25 2026-08-31 2026-12-25 \
2026-12-28 2027-01-01 2027-03-26 2027-03-29 2027-05-03 2027-05-31 2027-08-30 2027-12-27 2027-12-28 "
expect_eq "$(grep -o 'date = "202[67]-[0-9-]*"' <<<"$OUT" | cut -d'"' -f2 | tr '\n' ' ')" \
  "$bank_holidays$bank_holidays" \
  "mkip: the bank holidays of England and Wales, 2026 and 2027, in office and staffed"

# A wrong expectation fails with what was expected and what the engine says.
mkip=$ITSM_SOURCE_DIR/examples/mkip
run --config "$mkip" sla-check --config-only --cases "$cases_dir/wrong-expectation.toml"
expect_code 1 "a failed case exits 1"
expect_eq "$OUT" "0 errors, 0 warnings
PASS P1 logged Friday 17:30
FAIL P6 initial answer: resolve due expected 2026-11-16 10:00, got 2026-11-16 09:00
1 passed, 1 failed" "PASS / FAIL lines and the summary"
run --config "$mkip" sla-check --config-only --cases "$cases_dir/wrong-expectation.toml" \
  --format json
expect_code 1 "json: a failed case exits 1"
expect_eq "$(jq -c '.cases[1] | [.passed, .expected.resolve_due, .actual.resolve_due]' <<<"$OUT")" \
  '[false,"2026-11-16T10:00:00Z","2026-11-16T09:00:00Z"]' "json: expected and actual in UTC"
expect_eq "$(jq '.valid' <<<"$OUT")" "false" "json: not valid"
run --config "$mkip" sla-check --config-only --cases "$cases_dir/wrong-expectation.toml" \
  --format github
expect_code 1 "github: a failed case exits 1"
expect_eq "$(head -n 1 <<<"$OUT")" \
  "::error file=$cases_dir/wrong-expectation.toml,line=14,col=22::case \"P6 initial answer\": resolve due expected 2026-11-16 10:00, got 2026-11-16 09:00" \
  "github: an annotation at the expectation's line"

# A malformed case file: compiler-style diagnostics, and no case runs.
run --config "$mkip" sla-check --config-only --cases "$cases_dir/malformed.toml"
expect_code 1 "a malformed case file exits 1"
expect_eq "$OUT" "0 errors, 0 warnings
$cases_dir/malformed.toml:4:12: error: unknown priority \`P3\`; expected one of: \`P1\`, \`P2\`, \`P3a\`, \`P3b\`, \`P4\`, \`P5\`, \`P6\`
$cases_dir/malformed.toml:5:11: error: unknown service \`payrol\`; did you mean \`payroll\`? (leave \`service\` out for a ticket on no catalogued service)
$cases_dir/malformed.toml:6:10: error: \`logged\`: \"2026-11-27 25:30\" is not a valid time: hour 25 is out of range (00-23); write RFC 3339 (2026-11-23T08:15:00Z) or a local \"2026-11-23 09:15\"
$cases_dir/malformed.toml:7:46: error: unknown action \`asign\`; did you mean \`assign\`?
$cases_dir/malformed.toml:8:21: error: unknown expectation \`resolve_du\`; did you mean \`resolve_due\`?
cases not run: $cases_dir/malformed.toml has 5 errors" "every problem with file:line:column"
run --config "$mkip" sla-check --config-only --cases "$cases_dir/syntax-error.toml" --format json
expect_code 1 "a case file that is not TOML exits 1"
expect_eq "$(jq -r '.diagnostics[0] | "\(.line) \(.severity)"' <<<"$OUT")" "2 error" \
  "json: the syntax error's line"
expect_match "$(jq -r '.diagnostics[0].message' <<<"$OUT")" "^invalid TOML" "json: says invalid TOML"
expect_eq "$(jq '.cases' <<<"$OUT")" "[]" "json: no case ran"

# Usage errors.
run --config "$mkip" sla-check --config-only --cases "$SCRATCH/none.toml"
expect_error 2 "--cases .*none.toml: no such file" "a missing case file is a usage error"
run --config "$mkip" sla-check --cases "$cases_dir/wrong-expectation.toml"
expect_error 2 "--cases goes with --config-only" "--cases without --config-only"

# A broken configuration: its errors, and the cases do not run.
mkdir -p "$SCRATCH/broken"
cp "$mkip"/*.toml "$SCRATCH/broken/"
sed -i 's/"08:00-18:00"/"18:00-08:00"/' "$SCRATCH/broken/service-windows.toml"
run --config "$SCRATCH/broken" sla-check --config-only --cases "$SCRATCH/broken/cases.toml"
expect_code 1 "a broken configuration exits 1"
expect_match "$OUT" "ends before it starts" "the configuration's error"
expect_eq "$(tail -n 1 <<<"$OUT")" "cases not run: the configuration has errors" \
  "cases do not run on a broken configuration"

# The examples of docs/ci.md.
use_config office
run sla-check --config-only --cases "$cases_dir/office.toml"
expect_code 0 "docs/ci.md examples pass"
expect_eq "$(tail -n 1 <<<"$OUT")" "3 passed, 0 failed" "docs/ci.md: three cases"

finish
