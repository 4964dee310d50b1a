#!/usr/bin/env bash
# The examples people copy first are run, not just read: the README's (the first on the
# built-in defaults, then the MKIP example's, whatever today's date) and getting-started's
# first ticket. And the docs agree with the program: every `COMMAND --option` they quote is an
# option of that command, and reports.md counts the MKIP catalogue right.
source "$(dirname "$0")/lib.sh"
mkdir -p "$SCRATCH/bin" "$SCRATCH/work" "$SCRATCH/blocks"
ln -s "$ITSM_BIN" "$SCRATCH/bin/itsm"
export PATH=$SCRATCH/bin:$PATH

# sh_blocks FILE: each ```sh block of FILE that runs itsm, to $SCRATCH/blocks/NAME-NN.sh.
sh_blocks() {
  awk -v dir="$SCRATCH/blocks" -v name="$(basename "$1" .md)" '
    /^```sh$/ { n++; file = sprintf("%s/%s-%02d.sh", dir, name, n); inside = 1; next }
    /^```/ { inside = 0; next }
    inside { print > file }' "$1"
  for block in "$SCRATCH/blocks/$(basename "$1" .md)"-*.sh; do
    grep -qE '^(id=\$\()?itsm (log|init)' "$block" || rm -f "$block"
  done
}
# run_block FILE: runs FILE under bash -e -o pipefail in the work folder.
run_block() {
  OUT=$(cd "$SCRATCH/work" && bash -e -o pipefail "$1" 2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
}

# --- README: built-in defaults first, then the MKIP example, on today's date ---------------------
sh_blocks "$ITSM_SOURCE_DIR/README.md"
blocks=("$SCRATCH"/blocks/README-*.sh)
expect_eq "${#blocks[@]}" "2" "the README's two examples"
expect_eq "$(ls -A "$ITSM_CONFIG")" "" "the first runs on the built-in defaults"
for block in "${blocks[@]}"; do
  run_block "$block"
  expect_code 0 "README $(basename "$block"): $(tail -n 1 <<<"$ERR")"
done
expect_match "$OUT" '"service": "payroll"' "the README's availability report"
expect_eq "$(itsm maintenance list --format json | jq length)" "1" "the maintenance was recorded"

# --- getting-started: a first ticket -------------------------------------------------------------
sh_blocks "$ITSM_SOURCE_DIR/docs/getting-started.md"
block=$(grep -l 'itsm log' "$SCRATCH"/blocks/getting-started-*.sh)
sed -i "s|/tmp/desk.db|$SCRATCH/desk.db|" "$block"
OUT=$(cd "$ITSM_SOURCE_DIR" && bash -e -o pipefail "$block" 2>"$SCRATCH/stderr")
CODE=$?
ERR=$(cat "$SCRATCH/stderr")
expect_code 0 "getting-started: a first ticket ($ERR)"
ledger=$(sed -n '/^\[/,$p' <<<"$OUT")
expect_eq "$(jq -c '[.[] | [.kind, .minutes]]' <<<"$ledger")" \
  '[["counting",30],["closed",3720],["counting",20]]' "the ledger: Friday, the weekend, Monday"

# --- the options the docs quote --------------------------------------------------------------------
mapfile -t commands < <(help_commands)
declare -A options
for c in "${commands[@]}"; do
  options[$c]+=$({
    help_options "$c"
    help_options
    for s in $(help_commands "$c"); do help_options "$c" "$s"; done
  } | tr '\n' ' ')
  # `list --all` in a sentence about maintenance is `maintenance list --all`.
  for s in $(help_commands "$c"); do
    options[$s]+=" $(help_options "$c" "$s" | tr '\n' ' ')"
  done
done
unknown=""
for doc in "$ITSM_SOURCE_DIR"/README.md "$ITSM_SOURCE_DIR"/docs/*.md; do
  # `update --group`, `itsm sla-check --config-only --strict`, ...: a command, then its options.
  while read -r span; do
    read -r -a words <<<"${span#itsm }"
    c=${words[0]}
    [[ -n ${options[$c]+x} ]] || continue
    for w in "${words[@]:1}"; do
      w=${w%%=*}
      [[ $w == --?* ]] || continue
      [[ " ${options[$c]} " == *" $w "* ]] || unknown+="$(basename "$doc"): $c $w"$'\n'
    done
  done < <(grep -o '`[^`]*`' "$doc" | tr -d '`' | grep -E '^(itsm )?[a-z-]+( [^ ]+)* --[a-z]')
done
expect_eq "$unknown" "" "every option the docs quote exists"
# The check can fail: the sentence docs/sla.md had.
options[update]+=" "
[[ " ${options[update]} " == *" --group "* ]] && fail "update has no --group"
CHECKS=$((CHECKS + 1))

# --- reports.md counts the MKIP catalogue ----------------------------------------------------------
count=$(itsm --config "$ITSM_SOURCE_DIR/examples/mkip" services --format json | jq length)
expect_match "$(cat "$ITSM_SOURCE_DIR/docs/reports.md")" "the MKIP example $count\)" \
  "reports.md: the MKIP example's $count services"
finish
