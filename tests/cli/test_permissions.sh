#!/usr/bin/env bash
# A file store is its owner's only (docs/security.md, "Files and links"): the store, its -wal
# and -shm and its backups are created rw------- and the folders itsm creates rwx------, under
# umask 000 as under 022 (an sqlite3 shell keeps the store open meanwhile, open_store, so that
# the -wal and -shm stay to be seen); a store keeps its mode through later writes; `itsm check` warns about
# a store every user may read, and says nothing of one shared with a group by hand.
source "$(dirname "$0")/lib.sh"
use_config office

# run_under MASK ARGS...: runs itsm ARGS under umask MASK, as run does.
run_under() {
  local mask=$1
  shift
  OUT=$(umask "$mask" && "$ITSM_BIN" "$@" 2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
}

for mask in 000 022; do
  dir=$SCRATCH/u$mask/a/b
  db=$dir/itsm.db
  run_under "$mask" --db "$db" log --title "first"
  expect_code 0 "umask $mask: a new store"
  expect_eq "$(stat -c %a "$db")" "600" "umask $mask: the store is rw-------"
  expect_eq "$(stat -c %a "$dir" "$dir/.." "$dir/../.." | paste -sd' ')" "700 700 700" \
    "umask $mask: the folders made on the way are rwx------"
  (
    umask "$mask"
    open_store "$db" "SELECT count(*) FROM tickets;"
    "$ITSM_BIN" --db "$db" note INC-1 "second" >/dev/null
    stat -c %a "$db-wal" "$db-shm" | paste -sd' ' >"$SCRATCH/modes"
    close_store
  )
  expect_eq "$(cat "$SCRATCH/modes")" "600 600" "umask $mask: the -wal and -shm are rw-------"
  (umask "$mask" && "$ITSM_BIN" --db "$db" backup "$SCRATCH/u$mask/backup.db" >/dev/null)
  expect_eq "$(stat -c %a "$SCRATCH/u$mask/backup.db")" "600" "umask $mask: the backup is rw-------"
  (
    umask "$mask"
    open_store "$SCRATCH/u$mask/backup.db" "SELECT count(*) FROM tickets;"
    "$ITSM_BIN" --db "$SCRATCH/u$mask/backup.db" check >/dev/null
    stat -c %a "$SCRATCH/u$mask/backup.db-shm" >"$SCRATCH/modes"
    close_store
  )
  expect_eq "$(cat "$SCRATCH/modes")" "600" "umask $mask: the backup's -shm is rw-------"
  run --db "$db" check
  expect_code 0 "umask $mask: check"
  expect_eq "$ERR" "" "umask $mask: check has nothing to warn of"
done

# --- an existing store keeps its mode ------------------------------------------------------------
db=$SCRATCH/u000/a/b/itsm.db
for i in 1 2 3; do
  (umask 000 && "$ITSM_BIN" --db "$db" log --title "more $i" >/dev/null)
done
(umask 000 && "$ITSM_BIN" --db "$db" resolve INC-1 --resolution "done" >/dev/null)
expect_eq "$(stat -c %a "$db")" "600" "the store is still rw------- after writes"
# A folder that was there is left as it is.
mkdir -m 755 "$SCRATCH/open"
(umask 000 && "$ITSM_BIN" --db "$SCRATCH/open/itsm.db" log --title "x" >/dev/null)
expect_eq "$(stat -c %a "$SCRATCH/open" "$SCRATCH/open/itsm.db" | paste -sd' ')" "755 600" \
  "an existing folder keeps its mode; the store in it is rw-------"

# --- a store others may read ---------------------------------------------------------------------
# SQLite makes a missing -wal or -shm with the store's mode; the ones there keep theirs (the
# sharing recipe of docs/security.md opens all three). None is open now, and the log is empty.
expect_eq "$(stat -c %s "$db-wal")" "0" "the write-ahead log is empty between commands"
rm "$db-wal" "$db-shm"
chmod 660 "$db"
run --db "$db" check
expect_code 0 "a store shared with a group"
expect_eq "$ERR" "" "a group's store is the owner's choice: no warning"
(
  umask 022
  open_store "$db" "SELECT count(*) FROM tickets;"
  "$ITSM_BIN" --db "$db" note INC-2 "shared" >/dev/null
  stat -c %a "$db-wal" "$db-shm" | paste -sd' ' >"$SCRATCH/modes"
  close_store
)
expect_eq "$(cat "$SCRATCH/modes")" "660 660" "the -wal and -shm take the store's mode, not the umask's"
chmod 644 "$db"
run --db "$db" check
expect_code 0 "a store every user may read still checks out"
# (the -wal and -shm made again after it take its mode, and are named too)
expect_eq "$(head -n 1 <<<"$ERR")" "itsm: warning: the store $db: every user may read it (mode 0644), so anyone on this machine can read every ticket; 'chmod 600 $db' (or 660 for an admin group, docs/security.md)" \
  "check warns of a world-readable store"
chmod 666 "$db"
run --db "$db" check --format json
expect_code 0 "check in JSON"
expect_match "$ERR" "every user may read and write it \(mode 0666\)" "a world-writable store"
chmod 600 "$db" "$db"-*
(
  open_store "$db" "SELECT count(*) FROM tickets;"
  chmod 604 "$db-shm"
  run --db "$db" check
  printf '%s' "$ERR" >"$SCRATCH/err"
  close_store
)
expect_eq "$(cat "$SCRATCH/err")" "itsm: warning: the store's file $db-shm: every user may read it (mode 0604), so anyone on this machine can read every ticket; 'chmod 600 $db-shm' (or 660 for an admin group, docs/security.md)" \
  "check warns of a world-readable shared-memory file"
expect_eq "$(jq -r .ok <<<"$OUT")" "true" "JSON is unchanged"

finish
