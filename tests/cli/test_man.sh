#!/usr/bin/env bash
# The man page itsm(1) documents every command and option the binary has: the list is read
# from `itsm --help`, so a command added without a section in docs/itsm.1.scd fails here.
# The page built by CMake renders without groff warnings and has the standard sections.
source "$(dirname "$0")/lib.sh"

SOURCE=$ITSM_SOURCE_DIR/docs/itsm.1.scd
PAGE=${ITSM_BUILD_DIR:-}/docs/itsm.1

# section FILE HEADING: the text under "## HEADING" (or "# HEADING"), up to the next heading.
section() {
  awk -v h="$2" '
    /^#+ / { inside = ($0 == "## " h || $0 == "# " h); next }
    inside' "$1"
}

# missing_from SCD: one line per command, option or section the page lacks.
missing_from() {
  local scd=$1 path parent words text
  for s in "EXIT STATUS" "ENVIRONMENT" "FILES" "EXAMPLES" "SYNOPSIS" "DESCRIPTION"; do
    grep -qx "# $s" "$scd" || echo "section $s"
  done
  text=$(section "$scd" "GLOBAL OPTIONS")
  for o in $(help_options); do
    [[ $text == *"*$o*"* ]] || echo "global option $o"
  done
  for path in "${PATHS[@]}"; do
    if ! grep -qx "## $path" "$scd"; then
      echo "command $path"
      continue
    fi
    read -r -a words <<<"$path"
    parent=${words[0]}
    # an option of a nested command may be described once, in its parent's section
    text="$(section "$scd" "$path") $(section "$scd" "$parent")"
    for o in $(help_options "${words[@]}"); do
      [[ $text == *"*$o*"* ]] || echo "option $o of $path"
    done
  done
  text=$(section "$scd" "EXIT STATUS")
  for code in $(sed -n 's/^| \([0-9]\) |.*/\1/p' "$ITSM_SOURCE_DIR/docs/exit-codes.md"); do
    [[ $text == *"*$code*"* ]] || echo "exit status $code"
  done
  text=$(section "$scd" "ENVIRONMENT")
  for name in $(grep -oh 'env("[A-Z_]*")\|xdg("[A-Z_]*"' "$ITSM_SOURCE_DIR"/cmd/*.cpp |
    sed 's/.*("\([A-Z_]*\)".*/\1/' | sort -u); do
    [[ $text == *"*$name*"* ]] || echo "environment variable $name"
  done
}

mapfile -t PATHS < <(command_paths)
expect_match "${#PATHS[@]}" "^[0-9]{2,}$" "commands read from --help: ${#PATHS[@]}"

missing=$(missing_from "$SOURCE")
expect_eq "$missing" "" "docs/itsm.1.scd documents every command, option, exit code and variable"

# The check itself can fail: a page without the list section, or without an option, is caught.
sed '/^## list$/,/^## search$/{/^## search$/!d}' "$SOURCE" >"$SCRATCH/no-list.scd"
expect_match "$(missing_from "$SCRATCH/no-list.scd")" "^command list$" "a missing command is found"
sed 's/\*--explain\*/explain/' "$SOURCE" >"$SCRATCH/no-explain.scd"
expect_eq "$(missing_from "$SCRATCH/no-explain.scd")" "option --explain of show" \
  "a missing option is found"
sed 's/^\*ITSM_NOW\*$/ITSM_NOW/' "$SOURCE" >"$SCRATCH/no-now.scd"
expect_eq "$(missing_from "$SCRATCH/no-now.scd")" "environment variable ITSM_NOW" \
  "a missing environment variable is found"

# The built page: current, one .SS per command, renders cleanly.
CHECKS=$((CHECKS + 1))
if [ -z "${ITSM_BUILD_DIR:-}" ] || [ ! -f "$PAGE" ]; then
  fail "the build made no man page at $PAGE (is scdoc installed?)"
else
  expect_eq "$(scdoc <"$SOURCE" | sha256sum)" "$(sha256sum <"$PAGE")" \
    "the built page is docs/itsm.1.scd as scdoc makes it"
  for path in "${PATHS[@]}"; do
    CHECKS=$((CHECKS + 1))
    grep -qx "\.SS $path" "$PAGE" || fail "the built page has no section for $path"
  done
  warnings=$(MANWIDTH=80 man --warnings -l "$PAGE" 2>&1 >/dev/null)
  expect_eq "$warnings" "" "man renders the page without warnings"
  rendered=$(MANWIDTH=80 man -l "$PAGE" 2>/dev/null)
  expect_match "$rendered" "EXIT STATUS" "the rendered page has EXIT STATUS"
  expect_match "$rendered" "itsm sla-check --config-only" "the rendered page has examples"
fi

finish
