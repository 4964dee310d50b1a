#!/usr/bin/env bash
# itsm backup: a consistent copy while other processes write; refusals for bad targets.
source "$(dirname "$0")/lib.sh"
use_config office

run log --title "first" --at "2026-11-23 09:00"
expect_code 0 "create the store"

# Four writers log while backups are taken: each copy is a whole store at one moment.
for p in 1 2 3 4; do
  (
    for i in $(seq 1 25); do
      "$ITSM_BIN" log --title "writer $p-$i" --at "2026-11-23 10:00" >/dev/null 2>>"$SCRATCH/werr" ||
        echo "exit $?" >>"$SCRATCH/werr"
    done
  ) &
done
for b in 1 2 3 4 5; do
  run backup "$SCRATCH/copy$b.db"
  expect_code 0 "backup $b while writing"
  expect_eq "$OUT" "$SCRATCH/copy$b.db" "backup $b prints its path"
done
wait
expect_eq "$(cat "$SCRATCH/werr" 2>/dev/null | wc -l)" "0" "no writer failed during the backups"

previous=0
for b in 1 2 3 4 5; do
  run --db "$SCRATCH/copy$b.db" check --format json
  expect_code 0 "copy $b passes itsm check"
  n=$(jq -r .tickets <<<"$OUT")
  expect_eq "$(sqlite3 "$SCRATCH/copy$b.db" 'PRAGMA integrity_check')" "ok" "copy $b: integrity"
  expect_eq "$(sqlite3 "$SCRATCH/copy$b.db" "SELECT count(*) FROM events WHERE kind = 'logged'")" "$n" "copy $b: one logged event per ticket"
  [ "$n" -ge "$previous" ] || fail "copy $b has fewer tickets ($n) than the copy before it ($previous)"
  previous=$n
  perms=$(stat -c %a "$SCRATCH/copy$b.db")
  expect_eq "$perms" "600" "copy $b is its owner's only"
  [ ! -e "$SCRATCH/copy$b.db-wal" ] || [ ! -s "$SCRATCH/copy$b.db-wal" ] || fail "copy $b left a write-ahead log"
done
expect_eq "$(ls "$SCRATCH" | grep -c partial)" "0" "no partial file left behind"

run backup "$SCRATCH/final.db"
expect_code 0 "a backup after the writers"
expect_eq "$(sqlite3 "$SCRATCH/final.db" 'SELECT count(*) FROM tickets')" "101" "the last copy has every ticket"
run --db "$SCRATCH/final.db" list --format json
expect_eq "$(jq length <<<"$OUT")" "101" "the copy is a usable store"
run --db "$SCRATCH/final.db" log --title "into the copy"
expect_code 0 "the copy takes writes"
run --db "$SCRATCH/final.db" check
expect_code 0 "the copy still checks out after a write"

# Refusals: nothing is written.
sum=$(sha256sum <"$SCRATCH/copy1.db")
run backup "$SCRATCH/copy1.db"
expect_error 2 "exists.*--force" "an existing file without --force"
expect_eq "$(sha256sum <"$SCRATCH/copy1.db")" "$sum" "the existing file is untouched"
run backup "$SCRATCH/copy1.db" --force
expect_code 0 "--force replaces it"
expect_eq "$(sqlite3 "$SCRATCH/copy1.db" 'SELECT count(*) FROM tickets')" "101" "the replaced copy is current"
run backup "$SCRATCH"
expect_error 2 "is a folder" "a folder as the target"
run backup "$SCRATCH/missing/copy.db"
expect_error 2 "does not exist" "a target in a missing folder"
run backup "$ITSM_DB" --force
expect_error 2 "the store itself" "the store as its own backup"
run backup
expect_code 2 "no path"
run --db "$SCRATCH/none.db" backup "$SCRATCH/x.db"
expect_error 6 "no store" "no store to back up"
[ ! -e "$SCRATCH/x.db" ] || fail "a backup of nothing wrote a file"

finish
