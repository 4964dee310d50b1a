#!/usr/bin/env bash
# Read-only media: a backup in WAL mode without its -shm is read by every reader and by
# `itsm check`; a backup into a folder that cannot be written is exit 6 naming the folder; a
# write onto a full medium is exit 6 naming the store's folder and SQLite's temporary folder.
# The media are small tmpfs mounts, remounted read-only: root only (CI runs as root).
source "$(dirname "$0")/lib.sh"
use_config office

if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=8m tmpfs "$(mkdir -p "$SCRATCH/probe" && echo "$SCRATCH/probe")" 2>/dev/null; then
  echo "SKIP: mounting a read-only tmpfs needs root"
  finish
fi
umount "$SCRATCH/probe"
MOUNTS=()
cleanup() {
  for m in "${MOUNTS[@]}"; do umount "$m" 2>/dev/null; done
  rm -rf "$SCRATCH"
}
trap cleanup EXIT
# media NAME: an empty tmpfs at $SCRATCH/NAME.
media() {
  mkdir -p "$SCRATCH/$1"
  mount -t tmpfs -o size=8m tmpfs "$SCRATCH/$1"
  MOUNTS+=("$SCRATCH/$1")
}
read_only() {
  mount -o remount,ro "$SCRATCH/$1"
}

for i in 1 2 3; do
  run log --title "ticket $i" --at "2026-11-23 09:0$i"
  expect_code 0 "ticket $i"
done

# --- backup into a folder that cannot be written ----------------------------------------------
media ro
read_only ro
run backup "$SCRATCH/ro/copy.db"
expect_error 6 "folder $SCRATCH/ro.*Read-only file system" "backup onto a read-only file system"
expect_eq "$(ls -A "$SCRATCH/ro")" "" "nothing written there"
# A folder root may write by its permissions where no file can be created all the same.
run backup /proc/itsm-copy.db
expect_error 6 "cannot write a backup into the folder /proc: " "backup into /proc"
if id nobody >/dev/null 2>&1 && command -v setpriv >/dev/null; then
  # Another user: a folder of root's that nobody may write, the store readable by all.
  mkdir -p "$SCRATCH/shared/closed"
  chmod 0755 "$SCRATCH" "$SCRATCH/shared" "$SCRATCH/shared/closed"
  cp "$ITSM_DB" "$SCRATCH/shared/itsm.db"
  chmod 0644 "$SCRATCH/shared/itsm.db"
  chmod 0777 "$SCRATCH/shared"
  if setpriv --reuid nobody --regid nogroup --clear-groups test -x "$ITSM_BIN"; then
    out=$(cd / && setpriv --reuid nobody --regid nogroup --clear-groups env HOME=/ \
      "$ITSM_BIN" --db "$SCRATCH/shared/itsm.db" backup "$SCRATCH/shared/closed/copy.db" 2>&1)
    CODE=$?
    ERR=$out
    expect_error 6 "folder $SCRATCH/shared/closed.*Permission denied" "backup as nobody into root's folder"
  else
    echo "note: nobody cannot run $ITSM_BIN; the other-user case is left out"
  fi
  chmod 0700 "$SCRATCH"
fi

# --- a WAL backup on read-only media ----------------------------------------------------------
media usb
run backup "$SCRATCH/usb/itsm.db"
expect_code 0 "backup onto the medium"
expect_eq "$(ls "$SCRATCH/usb")" "itsm.db" "the backup alone, no -wal or -shm"
expect_eq "$(sqlite3 "$SCRATCH/usb/itsm.db" 'PRAGMA journal_mode')" "wal" "the backup is in WAL mode"
rm -f "$SCRATCH/usb/itsm.db-wal" "$SCRATCH/usb/itsm.db-shm"
read_only usb
export ITSM_DB="$SCRATCH/usb/itsm.db"
run check
expect_code 0 "check reads the read-only backup"
expect_match "$OUT" "ok: 3 tickets" "check counts its tickets"
run list --format json
expect_eq "$(jq -r '[.[].title] | join(",")' <<<"$OUT")" "ticket 1,ticket 2,ticket 3" "list reads it"
run show INC-2 --format json
expect_eq "$(jq -r .title <<<"$OUT")" "ticket 2" "show reads it"
run search tickets --format json
expect_eq "$(jq -r '[.[].title] | sort | join(",")' <<<"$OUT")" "ticket 1,ticket 2,ticket 3" \
  "search reads its index, by the words' family"
run export
expect_eq "$(wc -l <<<"$OUT")" "3" "export reads it"
run report daily --date 2026-11-23 --format json
expect_code 0 "a report reads it"
run backup "$SCRATCH/copy-of-usb.db"
expect_code 0 "a backup of the read-only backup"
run log --title "x"
expect_error 6 "usb/itsm.db" "a write to read-only media is refused"
expect_eq "$(ls "$SCRATCH/usb")" "itsm.db" "nothing was created on the medium"

# A backup whose write-ahead log still holds changes cannot be read without its -shm: the
# message says so, not "permissions".
media wal
cp "$SCRATCH/itsm.db" "$SCRATCH/wal/itsm.db"
python3 - "$SCRATCH/wal/itsm.db" <<'EOF'
# A writer that dies without checkpointing: its committed change stays in the -wal file.
import os, sqlite3, sys
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA wal_autocheckpoint=0")
db.execute("CREATE TABLE extra (x)")
os._exit(0)
EOF
rm -f "$SCRATCH/wal/itsm.db-shm"
[ -s "$SCRATCH/wal/itsm.db-wal" ] || fail "the setup left no write-ahead log"
read_only wal
ITSM_DB="$SCRATCH/wal/itsm.db" run check
expect_error 6 "write-ahead log .*itsm.db-wal.*copy the store and its -wal" "a read-only store with changes in its log"
if [[ "$ERR" == *permissions* ]]; then fail "the message blames permissions: $ERR"; fi

# --- a full disk ------------------------------------------------------------------------------
# A write that finds no room is exit 6 naming the two places SQLite writes to, the store's
# folder and SQLite's temporary folder, and changes nothing: a command, then an import.
media full
export ITSM_DB="$SCRATCH/full/itsm.db"
cp "$SCRATCH/itsm.db" "$ITSM_DB"
mkdir -p "$SCRATCH/sort"
# leave KIB: fills the medium but for KIB KiB.
leave() {
  rm -f "$SCRATCH/full/pad"
  head -c $((($(df -k --output=avail "$SCRATCH/full" | tail -1) - $1) * 1024)) /dev/zero \
    >"$SCRATCH/full/pad"
}
run list
expect_code 0 "the store in use on the medium" # its -shm there, as beside a store in use
before=$(store_digest)
leave 4
SQLITE_TMPDIR=$SCRATCH/sort run log --title "no room" \
  --description "$(head -c 15000 /dev/urandom | base64 -w0)"
expect_error 6 "cannot write the store $ITSM_DB: no room left \(.*\); make room in its folder \
$SCRATCH/full or in SQLite's temporary folder $SCRATCH/sort \(set SQLITE_TMPDIR" \
  "a command on a full disk"
rm -f "$SCRATCH/full/pad"
expect_eq "$(store_digest)" "$before" "the command on a full disk changed nothing"
sqlite3 :memory: -cmd ".parameter set @n 3000" -cmd ".parameter set @open 60" \
  <"$ITSM_SOURCE_DIR/tests/bench/tickets.sql" >"$SCRATCH/many.ndjson"
export ITSM_DB="$SCRATCH/full/new.db"
leave 1024
SQLITE_TMPDIR=$SCRATCH/sort run --config "$ITSM_SOURCE_DIR/examples/mkip" \
  import "$SCRATCH/many.ndjson"
expect_error 6 "no room left \(database or disk is full\); make room in its folder \
$SCRATCH/full or in SQLite's temporary folder $SCRATCH/sort" "an import onto a full disk"
rm -f "$SCRATCH/full/pad"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM tickets")" "0" \
  "the import onto a full disk wrote no ticket"
run --config "$ITSM_SOURCE_DIR/examples/mkip" import "$SCRATCH/many.ndjson"
expect_code 0 "with room again, the import is taken"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM tickets")" "3000" "all of it"

finish
