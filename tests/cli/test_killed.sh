#!/usr/bin/env bash
# What a killed import and a failed backup leave behind: an import into an empty store killed
# while it writes through its rollback journal leaves a store that readers and `itsm check`
# still read (or one that says what happened and what to run), its scratch index beside the
# store is gone by the next import, and a backup onto a full disk leaves no partial files.
source "$(dirname "$0")/lib.sh"
use_config mkip # the configuration the generated tickets are made for

generate_tickets 4000 100 >"$SCRATCH/tickets.ndjson"
expect_eq "$(wc -l <"$SCRATCH/tickets.ndjson")" "4000" "generated the export"
: >"$SCRATCH/empty.ndjson"

# kill_import: an import into a new, empty store, killed once its scratch index is beside the
# store (up to 20 tries).
kill_import() {
  for try in $(seq 1 20); do
    rm -f "$ITSM_DB" "$ITSM_DB"-* "$ITSM_DB".text-*
    "$ITSM_BIN" import "$SCRATCH/empty.ndjson" >/dev/null
    "$ITSM_BIN" import "$SCRATCH/tickets.ndjson" >/dev/null 2>&1 &
    local pid=$! waited=0
    while ! ls "$ITSM_DB".text-* >/dev/null 2>&1 && [ "$waited" -lt 500 ] && kill -0 "$pid" 2>/dev/null; do
      sleep 0.01
      waited=$((waited + 1))
    done
    sleep "0.$((try % 3))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    ls "$ITSM_DB".text-* >/dev/null 2>&1 && return 0
  done
  return 1
}

for round in 1 2; do
  kill_import
  CODE=$?
  expect_code 0 "round $round: an import killed with its scratch index beside the store"
  run list --format json
  expect_code 0 "round $round: a reader reads the store the killed import left"
  expect_eq "$(jq length <<<"$OUT")" "0" "round $round: as it was before the import"
  run check
  expect_code 0 "round $round: itsm check"
  run import "$SCRATCH/tickets.ndjson"
  expect_code 0 "round $round: the import again"
  expect_eq "$(ls "$ITSM_DB".text-* 2>/dev/null)" "" "round $round: no scratch file left beside the store"
done

# kill_write: a write through a rollback journal killed half-way, once its changes have reached
# the store file: the journal beside the store is hot, as a big import's is when it is killed
# (store/sqlite/bulk_import.cpp writes into an empty store that way).
kill_write() {
  rm -f "$ITSM_DB" "$ITSM_DB"-*
  "$ITSM_BIN" import "$SCRATCH/empty.ndjson" >/dev/null
  sqlite3 "$ITSM_DB" "PRAGMA journal_mode=DELETE" >/dev/null
  sql "$ITSM_DB" "PRAGMA cache_size=200; BEGIN; WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 20000) INSERT INTO tickets (type, title, status, opened_at, updated_at) SELECT 'incident', 'x' || k, 'new', 0, 0 FROM n;" \
    60 >/dev/null 2>&1 &
  local pid=$! waited=0
  while [ "$(stat -c %s "$ITSM_DB")" -lt 300000 ] && [ "$waited" -lt 1000 ]; do
    sleep 0.02
    waited=$((waited + 1))
  done
  local sleeper
  sleeper=$(pgrep -P "$pid")
  kill -KILL "$pid" 2>/dev/null
  [ -z "$sleeper" ] || kill -KILL $sleeper 2>/dev/null
  wait "$pid" 2>/dev/null
}

kill_write
expect_eq "$([ -s "$ITSM_DB-journal" ] && echo hot)" "hot" "a write killed with its journal beside the store"
run list --format json
expect_code 0 "a reader reads a store left with a hot journal"
expect_eq "$(jq length <<<"$OUT")" "0" "as it was before the killed write"
[ ! -e "$ITSM_DB-journal" ] || fail "the journal was rolled back and removed"
CHECKS=$((CHECKS + 1))
kill_write
run check --format json
expect_code 0 "itsm check on a store left with a hot journal"
expect_eq "$(jq -r .ok <<<"$OUT")" "true" "the store checks out"

# A reader that may not write the store cannot put it back: it says what happened and what to
# run, instead of blaming permissions.
if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null; then
  kill_write
  chmod 755 "$SCRATCH" && chmod 644 "$ITSM_DB" "$ITSM_DB-journal"
  chmod -R a+rX "$ITSM_CONFIG"
  runuser -u nobody -- env ITSM_DB="$ITSM_DB" ITSM_CONFIG="$ITSM_CONFIG" HOME=/ "$ITSM_BIN" check \
    >/dev/null 2>"$SCRATCH/stderr"
  CODE=$? ERR=$(cat "$SCRATCH/stderr")
  expect_error 6 "was left in the middle of a write \(a command or an import was killed; its journal .*itsm.db-journal is still there\); run 'itsm check' as a user who may write the store" \
    "a reader without write access to a store with a hot journal"
  run check
  expect_code 0 "itsm check by its owner puts it back"
else
  echo "skipped: the reader without write access needs root and runuser"
fi

# A backup onto a full disk fails and leaves nothing in the target folder.
if [ "$(id -u)" -eq 0 ]; then
  mkdir -p "$SCRATCH/small"
  if mount -t tmpfs -o size=256k tmpfs "$SCRATCH/small"; then
    run import "$SCRATCH/tickets.ndjson"
    expect_code 0 "a store larger than the disk"
    run backup "$SCRATCH/small/copy.db"
    expect_error 6 "the backup to .*copy.db failed" "a backup onto a full disk"
    expect_eq "$(ls -A "$SCRATCH/small")" "" "no partial file or journal left behind"
    umount "$SCRATCH/small"
  else
    echo "skipped: cannot mount a tmpfs here"
  fi
else
  echo "skipped: the full-disk backup needs root to mount a small tmpfs"
fi

finish
