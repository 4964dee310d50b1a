#!/usr/bin/env bash
# `cmake --install` puts everything where the system looks under the prefix: the binary, the
# man page, each shell's completion, the guides and the examples; the installed pieces work
# together (the bash completion of the installed tree, man finding the page, the examples
# validating). Both a prefix and a DESTDIR staging install are checked.
source "$(dirname "$0")/lib.sh"

: "${ITSM_BUILD_DIR:?ITSM_BUILD_DIR must point at the build tree}"

PREFIX=$SCRATCH/prefix
cmake --install "$ITSM_BUILD_DIR" --prefix "$PREFIX" >"$SCRATCH/install.log" 2>&1
CODE=$?
ERR=$(tail -3 "$SCRATCH/install.log")
expect_code 0 "cmake --install --prefix"

for f in bin/itsm share/man/man1/itsm.1 share/bash-completion/completions/itsm \
  share/zsh/vendor-completions/_itsm share/fish/vendor_completions.d/itsm.fish \
  share/doc/itsm/README.md share/doc/itsm/exit-codes.md share/doc/itsm/scripting.md \
  share/itsm/examples/mkip/priorities.toml share/itsm/examples/cron/crontab; do
  CHECKS=$((CHECKS + 1))
  [ -f "$PREFIX/$f" ] || fail "installed: $f"
done
CHECKS=$((CHECKS + 1))
[ -x "$PREFIX/bin/itsm" ] || fail "the installed binary is executable"
cmp -s "$ITSM_SOURCE_DIR/completions/itsm.bash" "$PREFIX/share/bash-completion/completions/itsm"
CODE=$?
expect_code 0 "the bash completion is completions/itsm.bash"
for script in $(cd "$ITSM_SOURCE_DIR/examples" && find . -type f -perm -u+x); do
  CHECKS=$((CHECKS + 1))
  [ -x "$PREFIX/share/itsm/examples/$script" ] || fail "example $script stays executable"
done

run_installed() {
  OUT=$("$PREFIX/bin/itsm" "$@" 2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
}
run_installed --version
expect_code 0 "the installed itsm runs"
expect_eq "$OUT" "$("$ITSM_BIN" --version)" "the installed itsm is this build"
page=$(man -M "$PREFIX/share/man" -w itsm 2>&1)
expect_eq "$page" "$PREFIX/share/man/man1/itsm.1" "man finds itsm(1) under the prefix"
for example in mkip taxud ega; do
  run_installed --config "$PREFIX/share/itsm/examples/$example" sla-check --config-only
  expect_code 0 "the installed $example example validates"
done

# the installed bash completion, found by bash-completion's loader through XDG_DATA_DIRS
out=$(PATH=$PREFIX/bin:$PATH XDG_DATA_DIRS=$PREFIX/share bash --norc --noprofile -c '
  source /usr/share/bash-completion/bash_completion
  __load_completion itsm || exit 1
  COMP_WORDS=(itsm sla-); COMP_CWORD=1; COMP_LINE="itsm sla-"; COMP_POINT=${#COMP_LINE}
  _itsm itsm sla- itsm
  printf "%s\n" "${COMPREPLY[@]}"')
expect_eq "$out" "sla-check" "bash-completion loads the installed completion and it works"

# a staged install (what packaging does): nothing outside DESTDIR
STAGE=$SCRATCH/stage
DESTDIR=$STAGE cmake --install "$ITSM_BUILD_DIR" --prefix /usr >"$SCRATCH/stage.log" 2>&1
CODE=$?
ERR=$(tail -3 "$SCRATCH/stage.log")
expect_code 0 "DESTDIR install"
for f in usr/bin/itsm usr/share/man/man1/itsm.1 usr/share/bash-completion/completions/itsm \
  usr/share/zsh/vendor-completions/_itsm usr/share/fish/vendor_completions.d/itsm.fish; do
  CHECKS=$((CHECKS + 1))
  [ -f "$STAGE/$f" ] || fail "staged: $f"
done
outside=$(cd "$STAGE" && find . -type f | grep -v '^\./usr/')
expect_eq "$outside" "" "everything staged is under usr/"

# bad input: an install into a prefix that cannot be written fails loudly
touch "$SCRATCH/not-a-folder"
cmake --install "$ITSM_BUILD_DIR" --prefix "$SCRATCH/not-a-folder/x" >"$SCRATCH/bad.log" 2>&1
CODE=$?
CHECKS=$((CHECKS + 1))
[ "$CODE" -ne 0 ] || fail "an install into an impossible prefix fails"

finish
