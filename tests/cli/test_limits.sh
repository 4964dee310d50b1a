#!/usr/bin/env bash
# The documented limits (docs/security.md, "Limits"): every numeric option through one
# validator, the range of instants a change is recorded at, the length of an import's lines,
# and what a case file that is not a file is called. Each refusal is one "itsm: error:" line,
# exit 2, and the store unchanged.
source "$(dirname "$0")/lib.sh"
use_config office

run log --title "seed" --at "2026-11-23 09:00"
expect_code 0 "seed ticket"
before=$(store_digest)
unchanged() {
  expect_eq "$(store_digest)" "$before" "$1: store unchanged"
}

# --- numeric options --------------------------------------------------------------------------
# Every option whose help names a number (N, FRACTION, 1-5), of every command the binary lists:
# a new numeric option is covered without a change here.
numeric=0
while read -r path; do
  # shellcheck disable=SC2086
  options=$("$ITSM_BIN" $path --help | sed -n '/^Options:/,/^$/p' |
    grep -oE -- '--[a-z][a-z0-9-]* (N|FRACTION|1-5)\b' | cut -d' ' -f1 | sort -u)
  for option in $options; do
    numeric=$((numeric + 1))
    for bad in nan NaN inf -inf infinity -1 0 99999999999999999999 1e400 1e3 0x10 "" " 1" 1.5.2 \
      $'1\x1b[31m'; do
      # `close` and `sla-check` would otherwise be refused for their other arguments.
      # shellcheck disable=SC2086
      run $path $([ "$path" = close ] && echo INC-1) "$option" "$bad"
      expect_error 2 "^itsm: error: ${option}: " "$path $option [$bad]"
      [ "$(wc -l <<<"$ERR")" -eq 1 ] || fail "$path $option [$bad]: one error line, got: $ERR"
    done
  done
done < <(command_paths)
expect_eq "$numeric" "5" "the numeric options found: list --warn --limit, search --limit, sla-check --warn, close --satisfaction"
unchanged "bad numbers"

run sla-check --warn 0.5 --at "2026-11-23 10:00" --format json
expect_code 0 "--warn 0.5 is taken"
run sla-check --warn 1 --at "2026-11-23 10:00" --format json
expect_code 0 "--warn 1 is taken"
run sla-check --warn 1.0001 --at "2026-11-23 10:00"
expect_error 2 "--warn.*above 0 and at most 1" "--warn just above 1"
run list --limit 1 --format json
expect_eq "$(jq length <<<"$OUT")" "1" "--limit 1"
run list --limit 1000000000 --format json
expect_code 0 "--limit 1000000000 is taken"
run list --limit 1000000001
expect_error 2 "--limit.*1 to 1000000000" "--limit above a billion"
run search seed --limit 0
expect_error 2 "--limit" "search --limit 0"

# --- the instants a change is recorded at -----------------------------------------------------
for t in "2200-01-01T00:00:00Z" "9999-12-31 23:59" "2199-12-31T23:59:59-01:00"; do
  run note INC-1 "x" --at "$t"
  expect_error 2 "^itsm: error: --at .*1970-01-01 to 2199-12-31" "--at $t is after 2199"
  ITSM_NOW="$t" run note INC-1 "x"
  expect_error 2 "^itsm: error: ITSM_NOW .*1970-01-01 to 2199-12-31" "ITSM_NOW $t is after 2199"
  ITSM_NOW="$t" run log --title "x"
  expect_error 2 "ITSM_NOW" "log with ITSM_NOW $t"
done
unchanged "far-future instants"
# The last second of 2199 is taken; the ticket then still takes a change dated after it.
run log --title "late" --at "2199-12-31T23:59:59Z"
expect_code 0 "the last second of 2199 is recorded"
run note "$OUT" "later" --at "2199-12-31T23:59:59Z"
expect_code 0 "a change at the same second"
# Readers may look at any time they parse.
ITSM_NOW="9999-01-01T00:00:00Z" run list --format json
expect_code 0 "a reader with ITSM_NOW in 9999"
run show INC-1 --at "9000-01-01 00:00" --format json
expect_code 0 "show --at 9000"
before=$(store_digest)

# --- an import's lines ------------------------------------------------------------------------
itsm export >"$SCRATCH/good.ndjson"
{
  head -n 1 "$SCRATCH/good.ndjson"
  printf '{"title": "'
  head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' a
  printf '"}\n'
} >"$SCRATCH/long.ndjson"
run --db "$SCRATCH/new.db" import "$SCRATCH/long.ndjson"
expect_error 2 "long.ndjson:2: a line longer than 16 MiB" "an NDJSON line over 16 MiB"
[ ! -e "$SCRATCH/new.db" ] || expect_eq "$(sqlite3 "$SCRATCH/new.db" 'SELECT count(*) FROM tickets')" "0" "nothing imported"

# An endless line: stopped at the cap (memory bounded), not by running out of memory.
run import - < <(head -c $((64 * 1024 * 1024)) /dev/zero)
expect_error 2 "^itsm: error: <stdin>:1: a line longer than 16 MiB" "64 MiB of NUL bytes on one line"
# (AddressSanitizer reserves terabytes of address space: no memory limit in that build. The
# libraries are read whole first: `grep -q` leaving early would kill ldd with SIGPIPE, and
# under pipefail the build would look like one without the sanitizer.)
limit=400000
case "$(ldd "$ITSM_BIN" 2>/dev/null)" in *libasan*) limit=unlimited ;; esac
(ulimit -v "$limit" && "$ITSM_BIN" --db "$SCRATCH/endless.db" import - < <(yes '{"x":' | tr -d '\n') \
  2>"$SCRATCH/endless.err" >/dev/null)
CODE=$?
ERR=$(cat "$SCRATCH/endless.err")
expect_error 2 "<stdin>:1: a line longer than 16 MiB" "an endless line under a 400 MB memory limit"

# A CSV line and a quoted CSV cell that runs over many lines.
itsm export --format csv >"$SCRATCH/good.csv"
{
  head -n 1 "$SCRATCH/good.csv"
  head -c $((17 * 1024 * 1024)) /dev/zero | tr '\0' ','
  echo
} >"$SCRATCH/wide.csv"
run --db "$SCRATCH/new.db" import "$SCRATCH/wide.csv"
expect_error 2 "wide.csv:2: a line longer than 16 MiB" "a CSV line over 16 MiB"
{
  head -n 1 "$SCRATCH/good.csv"
  printf '1,INC-1,incident,"'
  yes "$(head -c 1023 /dev/zero | tr '\0' b)" | head -n 17000
} >"$SCRATCH/tall.csv"
run --db "$SCRATCH/new.db" import "$SCRATCH/tall.csv"
expect_error 2 "tall.csv:2: a quoted cell longer than 16 MiB" "a quoted CSV cell over 16 MiB"
printf '%s\n%s\n' "$(head -n 1 "$SCRATCH/good.csv")" "$(printf ',%.0s' $(seq 1 40))" >"$SCRATCH/cells.csv"
run --db "$SCRATCH/new.db" import "$SCRATCH/cells.csv"
expect_error 2 "cells.csv:2: more than 26 cells" "a CSV record with more cells than columns"
[ ! -e "$SCRATCH/new.db" ] || expect_eq "$(sqlite3 "$SCRATCH/new.db" 'SELECT count(*) FROM tickets')" "0" "nothing imported"

# A line just under the cap is read (and refused for what it says, not for its length).
{
  printf '{"number": 7, "type": "incident", "status": "new", "opened_at": "2026-11-23T09:00:00Z", "title": "'
  head -c $((16 * 1024 * 1024 - 200)) /dev/zero | tr '\0' a
  printf '"}\n'
} >"$SCRATCH/under.ndjson"
run --db "$SCRATCH/new.db" import "$SCRATCH/under.ndjson"
expect_error 2 "under.ndjson:1: .*title" "a line under the cap is parsed: its 16 MiB title is too long"
unchanged "long lines"

# --- --cases that is not a file ---------------------------------------------------------------
mkfifo "$SCRATCH/fifo"
run sla-check --config-only --cases "$SCRATCH/fifo"
expect_error 2 "--cases .*fifo: it is a FIFO" "--cases names a FIFO"
run sla-check --config-only --cases /dev/null
expect_error 2 "--cases /dev/null: it is a character device" "--cases names a device"
run sla-check --config-only --cases "$SCRATCH"
expect_error 2 "--cases .*: it is a folder" "--cases names a folder"
run sla-check --config-only --cases "$SCRATCH/none.toml"
expect_error 2 "--cases .*none.toml: no such file" "--cases names nothing"
python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])' "$SCRATCH/sock"
run sla-check --config-only --cases "$SCRATCH/sock"
expect_error 2 "--cases .*sock: it is a socket" "--cases names a socket"

finish
