#!/usr/bin/env bash
# docs/scripting.md is run, not just read: every ```sh block runs (in order, each under
# bash -e -o pipefail) and every command of its ```crontab block runs under sh, against the MKIP
# example with a few tickets; then the effects the recipes promise are checked in the store.
source "$(dirname "$0")/lib.sh"
use_config mkip

DOC=$ITSM_SOURCE_DIR/docs/scripting.md
mkdir -p "$SCRATCH/bin" "$SCRATCH/work" "$SCRATCH/blocks"
ln -s "$ITSM_BIN" "$SCRATCH/bin/itsm"
export PATH=$SCRATCH/bin:$PATH
export ITSM_NOW="2026-11-27 12:00"

# tickets for the recipes to work on
itsm log --title "Printer jams" --priority P3a --group service-desk --at "2026-11-20 09:00" >/dev/null
itsm log --title "VPN down" --priority P1 --group second-line --to alice --at "2026-11-26 09:00" >/dev/null
itsm log --title "Old fix" --priority P4 --at "2026-11-14 09:00" >/dev/null
itsm resolve INC-3 --resolution "fixed" --at "2026-11-15 10:00" >/dev/null
itsm log --title "Recent fix" --priority P4 --at "2026-11-25 09:00" >/dev/null
itsm resolve INC-4 --resolution "fixed" --at "2026-11-26 10:00" >/dev/null

# Split the page into its blocks: sh blocks to files, crontab lines to commands.
awk -v dir="$SCRATCH/blocks" '
  /^```sh$/ { n++; file = sprintf("%s/%02d.sh", dir, n); inside = "sh"; next }
  /^```crontab$/ { inside = "cron"; next }
  /^```/ { inside = ""; next }
  inside == "sh" { print > file }
  inside == "cron" && !/^#/ && NF > 5 {
    line = $0
    for (i = 1; i <= 5; i++) { sub(/^[^ ]+ +/, "", line) }
    print line > (dir "/crontab.commands")
  }' "$DOC"

blocks=("$SCRATCH"/blocks/*.sh)
expect_match "${#blocks[@]}" "^([89]|[1-9][0-9])$" "the page has its sh blocks (${#blocks[@]})"
for block in "${blocks[@]}"; do
  name=$(basename "$block")
  OUT=$(cd "$SCRATCH/work" && bash -e -o pipefail "$block" 2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
  expect_code 0 "block $name of docs/scripting.md ($(head -1 "$block"))"
  echo "$OUT" >"$SCRATCH/blocks/$name.out"
done

commands=$(wc -l <"$SCRATCH/blocks/crontab.commands")
expect_match "$commands" "^[3-9]$" "the crontab lines ($commands)"
while IFS= read -r line; do
  command=${line//\\%/%} # cron turns \% into %
  (cd "$SCRATCH/work" && sh -c "$command") </dev/null >"$SCRATCH/cron.out" 2>"$SCRATCH/stderr"
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
  expect_code 0 "cron: $line"
done <"$SCRATCH/blocks/crontab.commands"

# --- what the recipes promised ------------------------------------------------------------------
status_of() { itsm show "$1" --format json | jq -r .status; }
expect_eq "$(status_of INC-3)" "closed" "bulk close: resolved 12 days ago is closed"
expect_eq "$(status_of INC-4)" "resolved" "bulk close: resolved yesterday is left alone"
expect_eq "$(itsm show INC-2 --format json | jq -r '.assignee // ""')" "" \
  "alice's open ticket went back to its group"
expect_eq "$(itsm show INC-2 --format json | jq -r .group)" "second-line" "... the same group"
expect_eq "$(status_of INC-1)" "closed" "the exit-code recipe closed INC-1"
breached=$(grep -h "^INC-1"$'\t' "$SCRATCH"/blocks/*.out | grep "due")
expect_match "$breached" $'^INC-1\t(response|resolve) due 2026-11-[0-9]{2}T[0-9:]{8}Z' \
  "the breached-clock recipe names the late clock and its due"
expect_eq "$(cat "$SCRATCH"/blocks/*.out | grep -c "^INC-1 closed$")" "1" \
  "the exit-code recipe reports a closed ticket once"
grep -q "INC-999 does not exist" "$SCRATCH"/blocks/*.out
CODE=$?
expect_code 0 "the exit-code recipe told exit 3 apart"
grep -qx "same answer" "$SCRATCH"/blocks/*.out
CODE=$?
expect_code 0 "two runs at the same ITSM_NOW give the same answer"
backfilled=$(itsm list --format json | jq -r '.[] | select(.title == "Monitor flickers") | .opened_at')
expect_eq "$backfilled" "2026-11-24T09:10:00Z" "backfill: logged when it happened (London = UTC)"
for report in daily-*.html weekly.md monthly-*.csv sla.json export-*.ndjson; do
  CHECKS=$((CHECKS + 1))
  compgen -G "$HOME/reports/$report" >/dev/null || fail "cron made $report"
done
jq -e .findings "$HOME/reports/sla.json" >/dev/null
CODE=$?
expect_code 0 "the cron sla-check wrote JSON findings"

# --- bad input: the harness notices a recipe that fails -------------------------------------
printf 'itsm show INC-424242\necho unreachable\n' >"$SCRATCH/bad.sh"
(cd "$SCRATCH/work" && bash -e -o pipefail "$SCRATCH/bad.sh") >/dev/null 2>&1
CODE=$?
expect_code 3 "a failing command stops a block with its exit code"

finish
