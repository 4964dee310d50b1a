#!/usr/bin/env bash
# `itsm import` into a store another process holds locked: after the busy timeout it exits 6
# with the message and hint every other writer gives (the wait, fuser, ITSM_BUSY_TIMEOUT), and
# imports nothing.
source "$(dirname "$0")/lib.sh"
use_config office

run log --title "already here" --at "2026-11-23 09:00"
expect_code 0 "a store with a ticket"
# The file to import: ticket 2 of another store (the store here has only ticket 1).
itsm --db "$SCRATCH/src.db" log --title "one" --at "2026-11-23 09:00" >/dev/null
itsm --db "$SCRATCH/src.db" log --title "from elsewhere" --at "2026-11-23 09:30" >/dev/null
itsm --db "$SCRATCH/src.db" export | sed -n 2p >"$SCRATCH/other.ndjson"
itsm --db "$SCRATCH/src.db" export --format csv | sed -n '1p;3p' >"$SCRATCH/other.csv"
before=$(store_digest)

lock_store

ITSM_BUSY_TIMEOUT=300 run log --title "while locked"
expect_error 6 "still locked by another process after 300 ms" "log while locked (the reference)"
reference=$ERR
for file in other.ndjson other.csv; do
  ITSM_BUSY_TIMEOUT=300 run import "$SCRATCH/$file"
  expect_error 6 "^itsm: error: the store $ITSM_DB is still locked by another process after 300 ms; try again when it has finished, find it with 'fuser $ITSM_DB', or wait longer with ITSM_BUSY_TIMEOUT \(milliseconds\)$" \
    "import $file while locked"
  expect_eq "$ERR" "$reference" "import $file says what log says"
done
ITSM_BUSY_TIMEOUT=1s run import - <"$SCRATCH/other.ndjson"
expect_error 6 "after 1000 ms; .*ITSM_BUSY_TIMEOUT" "import from standard input, ITSM_BUSY_TIMEOUT in seconds"

unlock_store
expect_eq "$(store_digest)" "$before" "nothing was imported while locked"
ITSM_BUSY_TIMEOUT=300 run import "$SCRATCH/other.ndjson"
expect_code 0 "the lock released, the import goes through"

finish
