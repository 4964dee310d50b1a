#!/usr/bin/env bash
# The project stands on its own documents: code, tests, scripts and docs cite docs/ pages that
# exist, and no file outside the repository (a design brief, a planning note) is cited as a
# reference a reader of the tree could not follow.
source "$(dirname "$0")/lib.sh"

cd "$ITSM_SOURCE_DIR" || exit 1
sources=(cmd lib tests scripts docs examples completions README.md ARCHITECTURE.md CMakeLists.txt)

# missing_pages PATH...: each docs/PAGE cited under PATH that is not a page of docs/.
missing_pages() {
  grep -rhoIE --exclude=test_own_docs.sh 'docs/[A-Za-z0-9_.-]+\.(md|scd)' "$@" | sort -u | while read -r page; do
    [ -f "$page" ] || echo "$page"
  done
}

CHECKS=$((CHECKS + 1))
grep -rqIE 'docs/[a-z-]+\.md' lib cmd || fail "no docs/ page is cited in lib/ or cmd/ (the pattern no longer matches)"
expect_eq "$(missing_pages "${sources[@]}")" "" "docs/ pages cited but missing"

# The check finds a page that does not exist.
printf '// See docs/exit-codes.md and docs/no-such-page.md.\n' >"$SCRATCH/cites.cpp"
expect_eq "$(missing_pages "$SCRATCH/cites.cpp")" "docs/no-such-page.md" "a missing page is found"

# No citation of a document that is not in the tree (this file names the pattern itself).
outside() { grep -rHnIE 'DESIGN\.md|\.\./shared/' "$@" | grep -v 'tests/cli/test_own_docs\.sh:'; }
expect_eq "$(outside "${sources[@]}")" "" "files cite documents outside the repository"
printf '// As ../shared/DESIGN.md says.\n' >"$SCRATCH/brief.cpp"
expect_match "$(outside "$SCRATCH/brief.cpp")" "brief.cpp:1:" "a citation of an outside file is found"

finish
