#!/usr/bin/env bash
# Standard output that cannot be written (docs/exit-codes.md): a full device, /dev/full or a
# closed descriptor makes every command that prints exit 6 with one line naming the failure,
# never exit 0 over output cut short. A command that prints nothing is not affected.
source "$(dirname "$0")/lib.sh"
use_config office

run log --title "Printer jams" --priority P3a --at "2026-11-23 09:00"
expect_code 0 "a ticket to print"

# Every command and subcommand with --help, and the commands that print a ticket, a list, a
# report or the configuration: into /dev/full each is an error.
while read -r path; do
  # shellcheck disable=SC2086
  "$ITSM_BIN" $path --help >/dev/full 2>"$SCRATCH/stderr"
  CODE=$? ERR=$(cat "$SCRATCH/stderr")
  expect_error 6 "cannot write standard output: No space left on device" "itsm $path --help into /dev/full"
done < <(command_paths)
for args in "--version" "list" "show INC-1" "export" "report daily --date 2026-11-23" \
  "sla-check --at 2026-11-23T12:00" "sla-check --config-only" "config show" "check" \
  "search printer" "services"; do
  # shellcheck disable=SC2086
  "$ITSM_BIN" $args >/dev/full 2>"$SCRATCH/stderr"
  CODE=$? ERR=$(cat "$SCRATCH/stderr")
  expect_error 6 "cannot write standard output" "itsm $args into /dev/full"
  expect_eq "$(wc -l <"$SCRATCH/stderr")" "1" "itsm $args into /dev/full: one line"
done

# A change is made, but its printed id is lost: exit 6 says so; the ticket is kept.
"$ITSM_BIN" log --title "Second" --at "2026-11-23 10:00" >/dev/full 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 6 "what was printed is incomplete" "log into /dev/full"
expect_eq "$(sqlite3 "$ITSM_DB" 'SELECT count(*) FROM tickets')" "2" "the change itself is kept"

# A closed standard output is an error as soon as something is printed to it.
"$ITSM_BIN" list >&- 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 6 "cannot write standard output: Bad file descriptor" "list into a closed stdout"

# Nothing printed, nothing lost: a command whose output is empty still succeeds.
"$ITSM_BIN" list --status closed >/dev/full 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_code 0 "an empty listing into /dev/full (nothing to write)"

# An error keeps its own code when standard output fails as well.
"$ITSM_BIN" show INC-99 >/dev/full 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 3 "no ticket INC-99" "a missing ticket stays exit 3"

# A full disk: an export larger than the space left is cut short; that is exit 6, not 0.
if [ "$(id -u)" -eq 0 ]; then
  mkdir -p "$SCRATCH/small"
  if mount -t tmpfs -o size=64k tmpfs "$SCRATCH/small"; then
    generate_tickets 2000 100 >"$SCRATCH/tickets.ndjson"
    use_config mkip
    run --db "$SCRATCH/big.db" import "$SCRATCH/tickets.ndjson"
    expect_code 0 "a store with 2000 tickets"
    "$ITSM_BIN" --db "$SCRATCH/big.db" export >"$SCRATCH/small/export.ndjson" 2>"$SCRATCH/stderr"
    CODE=$? ERR=$(cat "$SCRATCH/stderr")
    expect_error 6 "cannot write standard output: No space left on device" "an export onto a full disk"
    size=$(stat -c %s "$SCRATCH/small/export.ndjson")
    [ "$size" -lt "$(stat -c %s "$SCRATCH/tickets.ndjson")" ] || fail "the export was not cut short ($size bytes)"
    CHECKS=$((CHECKS + 1))
    "$ITSM_BIN" --db "$SCRATCH/big.db" export >"$SCRATCH/whole.ndjson"
    CODE=$?
    expect_code 0 "an export to a disk with room"
    umount "$SCRATCH/small"
  else
    echo "skipped: cannot mount a tmpfs here"
  fi
else
  echo "skipped: the full-disk export needs root to mount a small tmpfs"
fi

finish
