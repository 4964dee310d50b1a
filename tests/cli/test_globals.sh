#!/usr/bin/env bash
# The global options (--db, --config, --actor, --color) are taken before or after the command,
# as kubectl and gh users expect; an option the command does not know is still an error, and
# after "--" nothing is an option.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-11-27 12:00"
mkdir -p "$SCRATCH/other"
cp -r "$ITSM_SOURCE_DIR/examples/mkip/." "$SCRATCH/other/"

# --config after the command: the case from the field, and the same answer as before it.
run sla-check --config-only --config "$SCRATCH/other"
expect_code 0 "--config after the command"
after=$OUT
run --config "$SCRATCH/other" sla-check --config-only
expect_code 0 "--config before the command"
expect_eq "$after" "$OUT" "--config reads the same folder before or after the command"
expect_match "$after" "ok|0 errors" "the MKIP folder was checked"
run services --format json --config "$SCRATCH/other"
expect_match "$(jq length <<<"$OUT")" "^[0-9]{2}$" "--config after services reads MKIP's catalogue"

# --db and --actor after the command, in both spellings, reach the store and the event.
run log --title "Printer jams" --at "2026-11-20 09:00" --db "$SCRATCH/side.db" --actor alice \
  --format json
expect_code 0 "log with --db and --actor after it"
expect_eq "$(sqlite3 "$SCRATCH/side.db" "SELECT actor FROM events;")" "alice" \
  "--actor after the command is recorded"
expect_eq "$([ -f "$ITSM_DB" ] && echo yes || echo no)" "no" "the default store was not touched"
run list --format json --db="$SCRATCH/side.db"
expect_eq "$(jq -r '.[0].title' <<<"$OUT")" "Printer jams" "--db=PATH after the command"
run list --db "$SCRATCH/side.db" --color always
expect_code 0 "--color after the command"
expect_match "$OUT" $'\e\\[' "--color always after the command colours the text"

# A nested command hands them on too.
run report monthly --month 2026-11 --format json --db "$SCRATCH/side.db"
expect_eq "$(jq .opened <<<"$OUT")" "1" "--db after a nested command"

# After "--" a word is text, never an option.
run note INC-1 --db "$SCRATCH/side.db" -- --actor
expect_code 0 "a note whose text looks like an option"
expect_eq "$(sqlite3 "$SCRATCH/side.db" "SELECT actor FROM events WHERE kind='noted';")" \
  "tester" "the text after -- did not set the actor"

# Bad input is refused, as before the command, and changes nothing.
before=$(sqlite3 "$SCRATCH/side.db" "SELECT count(*) FROM events;")
run note INC-1 "x" --db "$SCRATCH/side.db" --color sometimes
expect_error 2 "--color" "a bad --color after the command"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line on stderr"
run note INC-1 "x" --db "$SCRATCH/side.db" --frobnicate
expect_error 2 "frobnicate" "an unknown option after the command"
run note INC-1 "x" --db
expect_error 2 "--db" "--db with no value after the command"
expect_eq "$(sqlite3 "$SCRATCH/side.db" "SELECT count(*) FROM events;")" "$before" \
  "nothing was written"

run --help
expect_match "$OUT" "before or after the command" "--help says where global options may go"
finish
