#!/usr/bin/env bash
# The parsed configuration kept between commands (docs/configuration.md, "The parsed
# configuration"): kept in the user's cache folder, private; every change of a file is seen by
# the next command; a folder it cannot use never fails a command.
source "$(dirname "$0")/lib.sh"
use_config mkip
export ITSM_NOW="2026-11-23 12:00"
kept=$HOME/.cache/itsm

run log --title "Printer jams on floor 2" --priority P4
expect_code 0 "log with the MKIP configuration"
id=$OUT
expect_eq "$(ls "$kept" | grep -c '^config-')" "1" "the configuration is kept, one file for its folder"
expect_eq "$(stat -c %a "$kept" "$kept"/config-*)" $'700\n600' "in a folder and a file only the user may read"
due=$(itsm show "$id" --format json | jq -r .sla.response.target_minutes)
run config show
expect_code 0 "config show from the kept configuration"
shown=$OUT
expect_eq "$(HOME="" XDG_CACHE_HOME="" itsm config show)" "$shown" "shows what parsing the files shows"

# priorities.toml: P4 is answered within 4 working hours; within 1 after the edit.
sed -i '/^id = "P4"/,/^\[\[/ s/^response = .*/response = "1h"/' "$ITSM_CONFIG/priorities.toml"
run log --title "Scanner offline" --priority P4
expect_code 0 "log after priorities.toml changed"
expect_eq "$(itsm config show | grep -A6 'id = "P4"' | grep '^response')" 'response = "1h"' \
  "the next command reads the changed file"
expect_eq "$(ls "$kept" | grep -c '^config-')" "1" "and keeps it in the same file"
expect_eq "$due" "240" "P4 was answered within 4 hours"
expect_eq "$(itsm show "$OUT" --format json | jq -r .sla.response.target_minutes)" "60" \
  "a ticket logged after the change within 1 hour"

before=$(store_digest)
printf '[[priority]\n' >>"$ITSM_CONFIG/priorities.toml"
run log --title "Never logged" --priority P4
expect_error 5 "priorities.toml:[0-9]+:[0-9]+" "a file broken after it was kept is an error"
expect_eq "$(store_digest)" "$before" "and nothing is logged"
sed -i '$d' "$ITSM_CONFIG/priorities.toml"

# A configuration in another folder, with the same files, is kept apart.
cp -r "$ITSM_CONFIG" "$SCRATCH/copy"
run --config "$SCRATCH/copy" list --format json
expect_code 0 "the same files in another folder"
expect_eq "$(ls "$kept" | grep -c '^config-')" "2" "are kept in a file of their own"

# Nowhere to keep it: the command works as without it.
printf 'not a folder\n' >"$SCRATCH/file"
XDG_CACHE_HOME=$SCRATCH/file run list --format json
expect_code 0 "XDG_CACHE_HOME that is a file"
expect_eq "$ERR" "" "says nothing"
chmod 0777 "$kept"
run list --format json
expect_code 0 "a cache folder others may write to"
chmod 0700 "$kept"
mkdir -p "$SCRATCH/cwd" && cd "$SCRATCH/cwd"
HOME="" XDG_CACHE_HOME="" run list --format json
expect_code 0 "no HOME and no XDG_CACHE_HOME"
expect_eq "$(ls -A "$SCRATCH/cwd")" "" "nothing is written in the working folder"
cd "$SCRATCH"

# A damaged file is parsed afresh and replaced.
shown=$(HOME="" XDG_CACHE_HOME="" itsm config show)
for f in "$kept"/config-*; do head -c 100 "$f" >"$f.cut" && mv "$f.cut" "$f"; done
run config show
expect_eq "$OUT" "$shown" "a cut file: the files are read again"
expect_eq "$(find "$kept" -name 'config-*' -size -1k | wc -l)" "0" "and it is written whole again"

finish
