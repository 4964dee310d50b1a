#!/usr/bin/env bash
# Bad input gets a clear "itsm: error:" with the documented exit code, and changes nothing.
source "$(dirname "$0")/lib.sh"
use_config office

run log --title "first" --at "2026-11-27 10:00"
expect_code 0 "seed ticket"
before=$(store_digest)

run log --title "x" --frobnicate
expect_error 2 "frobnicate" "unknown option"
run log --title "x" --at "2026-13-01 09:00"
expect_error 2 "month" "malformed time"
run log --title "x" --at "2026-03-29 01:30"
expect_error 2 "does not exist" "time in the DST gap"
run log --title "x" --at "2026-10-25 01:30"
expect_error 2 "ambiguous" "time in the DST overlap"
run log --title "x" --priority P9
expect_error 2 "unknown priority" "unknown priority"
run log --title "x" --group nosuchgroup
expect_error 2 "unknown group" "unknown group"
run log --title "$(head -c 2000 /dev/zero | tr '\0' a)"
expect_error 2 "too long" "title too long"
run log --title $'bad\x01control'
expect_error 2 "control character" "control character in a title"
run log --title $'bad \xff utf8'
expect_error 2 "UTF-8" "invalid UTF-8"
run log --title "   "
expect_error 2 "empty" "blank title"
run log --title "x" --format yaml
expect_error 2 "format" "unknown format"
run show INC-99
expect_error 3 "no ticket" "unknown id"
run show REQ-1
expect_error 3 "INC-1" "right number, wrong prefix"
run show "1; DROP TABLE tickets"
expect_error 2 "not a ticket id" "malformed id"
run assign 99 --group helpdesk
expect_error 3 "no ticket" "assign unknown id"
run resume INC-1
expect_error 4 "resume" "resume when not on hold"
run reopen INC-1 --reason "x"
expect_error 4 "reopen" "reopen an open ticket"
run close INC-1 --resolution done --satisfaction 9
expect_error 2 "satisfaction" "satisfaction out of range"
run
expect_code 2 "no command"
expect_eq "$(store_digest)" "$before" "nothing changed"

# invalid configuration: exit 5 for ordinary commands
sed -i '0,/Europe\/London/s//Europe\/Lndon/' "$ITSM_CONFIG/service-windows.toml"
run log --title "x"
expect_error 5 "service-windows.toml:4:12: .*Europe/London" "invalid configuration names file:line"
expect_eq "$(store_digest)" "$before" "nothing changed by a config error"
use_config office

# a store from the future is refused, untouched
sqlite3 "$ITSM_DB" "PRAGMA user_version = 99"
sum=$(sha256sum <"$ITSM_DB")
run list
expect_error 6 "newer" "newer schema refused"
run log --title "x"
expect_error 6 "newer" "newer schema refused for writes"
expect_eq "$(sha256sum <"$ITSM_DB")" "$sum" "future store untouched"

# a file that is not a store
echo "not a database at all, just text, long enough to not be empty......................" >"$SCRATCH/bad.db"
run --db "$SCRATCH/bad.db" list
expect_error 6 "not" "not an SQLite file"

finish
