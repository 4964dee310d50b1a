#!/usr/bin/env bash
# Colour and terminal width: colour only on a terminal (a pseudo-terminal made by `script`),
# --color auto|always|never, NO_COLOR honoured; text tables fit the terminal's width and keep
# the ids whole; JSON and CSV are never cut, wrapped or coloured.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-11-27 12:00"

command -v script >/dev/null || { fail "script (bsdutils) is not installed"; finish; }

long_title="The colour laser printer on the second floor jams on every duplex job since Monday"
itsm log --title "$long_title" --priority P1 --group second-line --to alice \
  --at "2026-11-23 09:00" >/dev/null
itsm log --title "Mail quota" --priority P4 --at "2026-11-27 11:00" >/dev/null
ESC=$'\x1b'

# widest TEXT: the widest line in display characters, colour sequences left out.
widest() { sed "s/$ESC\[[0-9;]*m//g" <<<"$1" | wc -L; }

# --- colour -----------------------------------------------------------------------------------
out=$(on_tty 120 "$ITSM_BIN" list)
expect_match "$out" "${ESC}\[31mbreached${ESC}\[0m" "on a terminal, a breach is red"
out=$(on_tty 120 env NO_COLOR=1 "$ITSM_BIN" list)
expect_match "$out" "breached" "NO_COLOR: the table is there"
[[ $out == *"$ESC"* ]] && fail "NO_COLOR: no colour sequence"
CHECKS=$((CHECKS + 1))
out=$(on_tty 120 "$ITSM_BIN" --color never list)
[[ $out == *"$ESC"* ]] && fail "--color never: no colour on a terminal"
CHECKS=$((CHECKS + 1))
out=$(on_tty 120 env NO_COLOR=1 "$ITSM_BIN" --color always list)
expect_match "$out" "${ESC}\[31mbreached" "--color always wins over NO_COLOR"
out=$(itsm list)
expect_match "$out" "breached" "piped: the table is there"
[[ $out == *"$ESC"* ]] && fail "piped: no colour"
CHECKS=$((CHECKS + 1))
out=$(itsm --color always list)
expect_match "$out" "${ESC}\[31mbreached" "--color always colours a pipe"
out=$(on_tty 120 "$ITSM_BIN" sla-check)
expect_match "$out" "${ESC}\[31mbreached${ESC}\[0m" "sla-check: a breach is red on a terminal"
out=$(itsm sla-check)
expect_match "$out" "breached" "sla-check piped: the findings are there"
[[ $out == *"$ESC"* ]] && fail "sla-check piped: no colour"
CHECKS=$((CHECKS + 1))
out=$(on_tty 70 "$ITSM_BIN" sla-check)
CHECKS=$((CHECKS + 1))
[ "$(widest "$out" | head -1)" -le 70 ] || fail "sla-check fits 70 columns: $(widest "$out")"
out=$(on_tty 120 "$ITSM_BIN" report daily --date 2026-11-23)
expect_match "$out" "${ESC}\[1m" "a report's headings are bold on a terminal"
out=$(itsm report daily --date 2026-11-23)
[[ $out == *"$ESC"* ]] && fail "a piped report has no colour"
CHECKS=$((CHECKS + 1))

# --- width ------------------------------------------------------------------------------------
for cols in 70 80 100; do
  out=$(on_tty "$cols" "$ITSM_BIN" list)
  expect_match "$(widest "$out")" "^[0-9]+$" "measured"
  CHECKS=$((CHECKS + 1))
  [ "$(widest "$out")" -le "$cols" ] || fail "list fits $cols columns: $(widest "$out") wide"
  expect_match "$out" $'\n''INC-1 ' "$cols columns: the id is whole"
  expect_match "$out" "…" "$cols columns: the long title is cut"
done
out=$(on_tty 300 "$ITSM_BIN" list)
expect_match "$out" "$long_title" "a wide terminal shows the whole title"
out=$(itsm list)
expect_match "$out" "$long_title" "piped text is not cut"
out=$(on_tty 40 "$ITSM_BIN" list --format json)
expect_eq "$(jq -r '.[0].title' <<<"$out")" "$long_title" "JSON on a narrow terminal is whole"
[[ $out == *"$ESC"* || $out == *"…"* ]] && fail "JSON is neither coloured nor cut"
CHECKS=$((CHECKS + 1))
out=$(on_tty 40 "$ITSM_BIN" list --format csv)
expect_match "$out" ",$long_title"$'\n' "CSV on a narrow terminal is whole"
[[ $out == *"$ESC"* || $out == *"…"* ]] && fail "CSV is neither coloured nor cut"
CHECKS=$((CHECKS + 1))
out=$(on_tty 40 "$ITSM_BIN" show INC-1 --format json)
expect_eq "$(jq -r .title <<<"$out")" "$long_title" "show --format json on a terminal"

# --- bad input ----------------------------------------------------------------------------------
run --color sometimes list
expect_error 2 "--color: sometimes not in \{auto,always,never\}" "an unknown --color"
run --color "" list
expect_code 2 "an empty --color"

finish
