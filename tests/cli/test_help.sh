#!/usr/bin/env bash
# --help helps: every command (read from `itsm --help`, so new ones are covered) shows an
# example line; --version names the version and the store schema; a mistyped command gets a
# did-you-mean and changes nothing.
source "$(dirname "$0")/lib.sh"
use_config office

mapfile -t paths < <(command_paths)
expect_match "${#paths[@]}" "^[0-9]{2,}$" "commands read from --help: ${#paths[@]}"
run --help
expect_match "$OUT" $'\n''Example: id=\$\(itsm log ' "itsm --help has an example line"
for path in "${paths[@]}"; do
  read -r -a words <<<"$path"
  run "${words[@]}" --help
  expect_code 0 "itsm $path --help"
  expect_match "$OUT" $'\n''Examples?( \(.*\))?: +(id=\$\(|[a-z]+=\$\()?(ITSM_[A-Z]+=[^ ]+ )?itsm ' \
    "itsm $path --help has an example line"
done

# --version: the version of the build and the schema of the stores it writes
run --version
expect_code 0 "--version"
expect_match "$OUT" "^itsm [0-9]+\.[0-9]+\.[0-9]+ \(store schema [0-9]+\)$" "--version format"
project_version=$(sed -n 's/^project(itsm VERSION \([0-9.]*\).*/\1/p' "$ITSM_SOURCE_DIR/CMakeLists.txt")
expect_match "$OUT" "^itsm $project_version " "--version is the project's version"
itsm log --title "makes a store" >/dev/null
schema=$(sqlite3 "$ITSM_DB" "PRAGMA user_version")
expect_match "$OUT" "\(store schema $schema\)$" "--version names the schema a new store gets"

# a mistyped command: did-you-mean, exit 2, nothing changed
before=$(store_digest)
run lisst --status open
expect_error 2 'unknown command "lisst" \(did you mean "list"\?\)' "a mistyped command"
run report dialy
expect_error 2 'unknown command "report dialy" \(did you mean "daily"\?\)' "a mistyped report"
run --db "$ITSM_DB" clsoe INC-1
expect_error 2 'did you mean "close"' "after a global option with a value"
run list --stauts open
expect_error 2 'unknown option "--stauts" for list \(did you mean "--status"\?\)' \
  "a mistyped option"
run --dbb "$ITSM_DB" list
expect_error 2 'unknown option "--dbb" \(did you mean "--db"\?\)' \
  "a mistyped global option is not taken for a command"
run list --format=yaml
expect_error 2 "--format: yaml not in" "a known option with a bad value keeps its own message"
run frobnicate
expect_error 2 'unknown command "frobnicate"; see' "nothing close: no suggestion"
run list --status open extra
expect_code 2 "an extra argument is not taken for a command"
[[ $ERR == *"unknown command"* ]] && fail "an extra argument to list is not an unknown command"
expect_eq "$(store_digest)" "$before" "nothing changed"

finish
