#!/usr/bin/env bash
# Terminal control through data (docs/security.md, "Terminal output"): text output and error
# messages show control characters, C1 controls, bidirectional controls, line separators and
# lone carriage returns as visible escapes; JSON escapes the C0 controls and keeps the rest as
# data; the configuration refuses them in names.
source "$(dirname "$0")/lib.sh"
use_config office

ESC=$'\x1b'
C1=$'\xc2\x9b'   # U+009B, the one-byte CSI of C1
RLO=$'\xe2\x80\xae' # U+202E RIGHT-TO-LEFT OVERRIDE
LSEP=$'\xe2\x80\xa8' # U+2028 LINE SEPARATOR
# has TEXT BYTES: TEXT holds BYTES as they are.
has() {
  printf '%s' "$1" | LC_ALL=C grep -q -F -e "$2"
}
# raw_free TEXT DESCRIPTION: none of the characters above reach the terminal.
raw_free() {
  CHECKS=$((CHECKS + 1))
  local what
  for what in ESC C1 RLO LSEP; do
    if has "$1" "${!what}"; then
      fail "$2: a raw $what is printed"
    fi
  done
  if printf '%s' "$1" | LC_ALL=C grep -q $'\r.'; then fail "$2: a lone carriage return is printed"; fi
}

# --- data accepted by the commands: C1, bidi, separators, CR --------------------------------
run log --title "csi ${C1}31m invoice.${RLO}fdp.exe" --description $'one\rtwo\r\nthree'"${LSEP}four" \
  --at "2026-11-23 09:00"
expect_code 0 "a title with C1 and bidi characters is accepted"
run show INC-1
raw_free "$OUT" "show"
expect_match "$OUT" 'INC-1  csi \\u009b31m invoice\.\\u202efdp\.exe' "show: the title escaped"
expect_match "$OUT" 'one\\rtwo'$'\r\n''three\\u2028four' "show: lone CR and U+2028 escaped, CRLF kept"
run list
raw_free "$OUT" "list"
expect_match "$OUT" 'csi \\u009b31m' "list: the title escaped"
run search invoice
raw_free "$OUT" "search"
expect_match "$OUT" '\\u202e' "search: the title escaped"
run --color always search invoice
expect_match "$OUT" $'\x1b\\[1m''invoice'$'\x1b\\[0m' "search on a colour terminal: matches in bold"
if has "$OUT" "$C1" || has "$OUT" "$RLO"; then fail "search in colour prints the data raw"; fi
run sla-check --at "2026-11-23 12:00"
raw_free "$OUT" "sla-check"
run report daily --date 2026-11-23
raw_free "$OUT" "report daily"
run report daily --date 2026-11-23 --format md
raw_free "$OUT" "report daily in Markdown"
run report daily --date 2026-11-23 --group "help${ESC}[2Jdesk"
raw_free "$OUT$ERR" "report daily filtered by a group with an ESC"

# --- escape sequences planted by an import ----------------------------------------------------
itsm export >"$SCRATCH/clean.ndjson"
jq -c '.events += [{"at": "2026-11-23T10:00:00Z", "actor": "x", "kind": "noted",
  "detail": {"note": "\u001b]0;owned\u0007\u001b[2J\u009b1;1H cleared"}}]
  | .updated_at = "2026-11-23T10:00:00Z" | .responded_at //= "2026-11-23T10:00:00Z"' \
  "$SCRATCH/clean.ndjson" >"$SCRATCH/planted.ndjson" # a note is a response, as the history says
run --db "$SCRATCH/planted.db" import "$SCRATCH/planted.ndjson"
expect_code 0 "the import stores an event with escape sequences"
run --db "$SCRATCH/planted.db" show INC-1
raw_free "$OUT" "show of the imported ticket"
expect_match "$OUT" 'x +noted +note=\\x1b\]0;owned\\x07\\x1b\[2J\\u009b1;1H cleared' \
  "show: the event's actor and detail escaped"
run --db "$SCRATCH/planted.db" show INC-1 --format json
expect_eq "$(jq -r '.events[-1].detail.note' <<<"$OUT")" $'\x1b]0;owned\x07\x1b[2J\xc2\x9b1;1H cleared' \
  "JSON keeps the data exact"
if has "$OUT" "$ESC"; then fail "JSON prints a raw ESC"; fi
expect_match "$OUT" '\\u001b\]0;owned\\u0007' "JSON escapes the C0 controls"
run --db "$SCRATCH/planted.db" check
expect_code 0 "the planted history agrees with its ticket"
raw_free "$OUT" "check"

# --- error messages ---------------------------------------------------------------------------
for args in "show INC-1${ESC}[2J" $'show INC-1\nitsm: error: forged' "list --status new${ESC}]0;t${C1}" \
  "list --warn 0.5${ESC}[31m" "--db /nonexistent/${ESC}[31m/x.db check"; do
  # shellcheck disable=SC2086
  IFS=' ' read -r -a words <<<"$args"
  [[ "$args" == *$'\n'* ]] && words=(show $'INC-1\nitsm: error: forged')
  run "${words[@]}"
  CHECKS=$((CHECKS + 1))
  [ "$CODE" -ne 0 ] || fail "[$args] should fail"
  raw_free "$ERR" "error for [${args//$ESC/ESC}]"
  expect_eq "$(wc -l <<<"$ERR")" "1" "error for [${args//$ESC/ESC}] is one line"
  expect_match "$ERR" '^itsm: error: ' "error for [${args//$ESC/ESC}] starts as every error"
done
run show $'INC-1\nitsm: error: forged'
expect_match "$ERR" 'INC-1\\nitsm: error: forged' "a newline in an id is shown as \\n"

# --- names in the configuration ---------------------------------------------------------------
refuse_name() { # FILE SED DESCRIPTION PATTERN
  use_config office
  sed -i "$2" "$ITSM_CONFIG/$1"
  run log --title "x"
  expect_error 5 "$1:[0-9]+:[0-9]+: error: $4 holds a control character" "$3"
  raw_free "$ERR" "$3: the message"
  run sla-check --config-only
  expect_code 1 "$3: sla-check --config-only"
  expect_match "$OUT" "$1:[0-9]+:[0-9]+: .*control character" "$3: sla-check names the place"
  raw_free "$OUT" "$3: sla-check --config-only"
}
refuse_name itsm.toml 's/name = "helpdesk"/name = "help\\u001b[31mdesk"/' "an ESC in a group name" \
  'group name "help\\x1b\[31mdesk"'
refuse_name itsm.toml 's/name = "CEO"/name = "CEO\\u202e"/' "an override in a chain level name" \
  'chain level name "CEO\\u202e"'
refuse_name service-windows.toml 's/^\[windows.extended\]/["windows"."off\\u0085ice"]\nhours = { "mon-sun" = "00:00-24:00" }\n\n&/' \
  "a C1 control in a window name" 'window name "off\\u0085ice"'
refuse_name service-windows.toml 's/^\[services.email\]/["services"."e\\rmail"]/' \
  "a CR in a service id" 'service id "e\\rmail"'
refuse_name priorities.toml '0,/name = "Critical incident"/s//name = "Critical\\u2028incident"/' \
  "a line separator in a priority name" 'priority name "Critical\\u2028incident"'
use_config office
run log --title "names are clean again" --at "2026-11-23 11:00"
expect_code 0 "the office configuration itself is accepted"

finish
