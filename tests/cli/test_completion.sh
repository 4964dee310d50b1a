#!/usr/bin/env bash
# Completions ask the binary, so they cover every command: the commands and options are read
# from `itsm --help` (not from a list kept here) and each must be offered. The bash script is
# exercised in a real bash with bash-completion; the zsh and fish scripts parse, and fish
# completes through the binary too. Live values come from the configuration and the store.
source "$(dirname "$0")/lib.sh"
use_config mkip

COMPLETIONS=$ITSM_SOURCE_DIR/completions
mkdir -p "$SCRATCH/bin"
ln -s "$ITSM_BIN" "$SCRATCH/bin/itsm"
export PATH=$SCRATCH/bin:$PATH
export ITSM_NOW=2026-11-27T10:00:00Z

# bash_complete LINE: what <TAB> offers at the end of LINE, one per line.
bash_complete() {
  bash --norc --noprofile "$ITSM_SOURCE_DIR/tests/cli/completion_line.sh" \
    "$COMPLETIONS/itsm.bash" "$1" 2>"$SCRATCH/complete.err"
}
# lines TEXT: TEXT as one space-separated line, for comparisons.
lines() { tr '\n' ' ' <<<"$1" | sed 's/ *$//'; }

# --- every command and option of --help is completed --------------------------------------
commands=$(help_commands)
expect_match "$(lines "$commands")" "log .*list .*report" "--help lists the commands"
mapfile -t all_paths < <(command_paths)
for path in "${all_paths[@]}"; do
  read -r -a words <<<"$path"
  parents=("${words[@]:0:${#words[@]}-1}")
  offered=$("$ITSM_BIN" __complete "${parents[@]}" "" | cut -f1)
  CHECKS=$((CHECKS + 1))
  grep -qx -- "${words[-1]}" <<<"$offered" || fail "command '$path' has no completion"
  options=$("$ITSM_BIN" __complete "${words[@]}" - | cut -f1)
  for o in $(help_options "${words[@]}"); do
    CHECKS=$((CHECKS + 1))
    grep -qx -- "$o" <<<"$options" || fail "option $o of '$path' has no completion"
  done
done
expect_match "${#all_paths[@]}" "^[0-9]{2,}$" "commands found: ${#all_paths[@]}"
hidden=$("$ITSM_BIN" __complete "" | cut -f1)
expect_eq "$(grep -c '^__' <<<"$hidden")" "0" "the completion command itself is not offered"

# --- the bash script in a real bash ---------------------------------------------------------
itsm log --title "closed one" --at "2026-11-20 09:00" >/dev/null
itsm close INC-1 --resolution "done" --at "2026-11-20 10:00" >/dev/null
itsm log --title "open older" --at "2026-11-21 09:00" >/dev/null
itsm log --title "open newer" --at "2026-11-22 09:00" --group second-line >/dev/null

got=$(lines "$(bash_complete "itsm re")")
expect_eq "$got" "$(lines "$(grep '^re' <<<"$commands")")" \
  "itsm re<TAB> offers the commands starting re"
expect_match "$got" "resolve" "itsm re<TAB> offers resolve"
expect_eq "$(cat "$SCRATCH/complete.err")" "" "the completion writes nothing on stderr"
expect_eq "$(lines "$(bash_complete "itsm show ")")" "INC-3 INC-2 INC-1" \
  "ticket ids: open ones first (newest first), then closed"
expect_eq "$(lines "$(bash_complete "itsm show INC-")")" "INC-3 INC-2 INC-1" \
  "a partial id keeps the order"
expect_eq "$(lines "$(bash_complete "itsm list --format=c")")" "csv" "--format=c<TAB>"
expect_eq "$(lines "$(bash_complete "itsm list --format ")")" "text json csv" \
  "--format <TAB> offers the declared formats"
expect_eq "$(lines "$(bash_complete "itsm --color=")")" "auto always never" "--color="
expect_eq "$(lines "$(bash_complete "itsm list --status open,as")")" "open,assigned" \
  "a comma-separated list completes its last item"
expect_eq "$(lines "$(bash_complete "itsm list --status=new,o")")" "new,open new,on-hold" \
  "... also written with ="
expect_eq "$(lines "$(bash_complete "itsm list --nosuch=")")" "" "an unknown option= offers nothing"
priorities=$(sed -n 's/^id = "\(.*\)"/\1/p' "$ITSM_CONFIG/priorities.toml")
expect_eq "$(lines "$(bash_complete "itsm log --title x --priority ")")" "$(lines "$priorities")" \
  "priorities come from the configuration, in rank order"
groups=$(sed -n 's/^name = "\([^"]*\)".*/\1/p' "$ITSM_CONFIG/itsm.toml")
expect_eq "$(lines "$(bash_complete "itsm assign INC-2 --group ")")" "$(lines "$groups")" \
  "groups come from the configuration"
expect_match "$(lines "$(bash_complete "itsm list --group sec")")" "^second-line$" \
  "a partial group"
last_week=$(date -u -d "2026-11-27 - 7 days" +%G-W%V)
expect_eq "$(bash_complete "itsm report weekly --week " | head -1)" "$last_week" \
  "weeks start with the last complete one"
last_month=$(date -u -d "2026-11-01 - 1 month" +%Y-%m)
expect_eq "$(bash_complete "itsm report monthly --month " | head -1)" "$last_month" \
  "months start with the last complete one"
expect_eq "$(bash_complete "itsm report daily --date " | head -1)" "yesterday" "days"
expect_eq "$(lines "$(bash_complete "itsm report ")")" "daily weekly monthly" "report kinds"
expect_eq "$(lines "$(bash_complete "itsm escalate INC-2 --to-type ")")" "incident request problem change" \
  "record types"
touch "$SCRATCH/other-store.db"
expect_match "$(lines "$(bash_complete "itsm --db $SCRATCH/other-")")" "other-store.db" \
  "--db completes file names"
examples=$(itsm init --list 2>&1 | awk '{print $1}' | grep -x '[a-z]*' | sort)
expect_eq "$(lines "$(bash_complete "itsm init --example " | sort)")" "$(lines "$examples")" \
  "init --example offers the bundled examples"

# --db on the line being completed is the store asked
ITSM_DB=$SCRATCH/second.db itsm log --title "elsewhere" >/dev/null
expect_eq "$(lines "$(bash_complete "itsm --db $SCRATCH/second.db show ")")" "INC-1" \
  "ids come from the store named by --db"

# --- bad input: completion never fails or writes to stderr ------------------------------------
run __complete nosuchcommand ""
expect_code 0 "completion after an unknown command"
expect_eq "$OUT$ERR" "" "an unknown command offers nothing"
echo "not sqlite" >"$SCRATCH/garbage.db"
run __complete --db "$SCRATCH/garbage.db" show ""
expect_code 0 "completion with an unusable store"
expect_eq "$OUT$ERR" "" "an unusable store offers no ids and says nothing"
mkdir -p "$SCRATCH/broken"
echo "this is = not toml [" >"$SCRATCH/broken/priorities.toml"
run __complete --config "$SCRATCH/broken" log --priority ""
expect_code 0 "completion with a broken configuration"
expect_eq "$ERR" "" "a broken configuration: nothing on stderr"
expect_eq "$OUT" "" "a broken configuration offers no priorities"
run __complete --config "$SCRATCH/broken" ""
expect_match "$(lines "$(cut -f1 <<<"$OUT")")" "^log assign" "commands are still offered"

# --- zsh and fish -----------------------------------------------------------------------------
if command -v zsh >/dev/null; then
  zsh -n "$COMPLETIONS/_itsm"
  CODE=$?
  expect_code 0 "zsh -n _itsm"
  head -1 "$COMPLETIONS/_itsm" | grep -q '^#compdef itsm$'
  CODE=$?
  expect_code 0 "_itsm starts with #compdef itsm"
  # The function itself, with zsh's completion builtins stubbed to print what they are given.
  zsh_complete() {
    zsh -f -c '
      compadd() {
        local -a stub_names stub_shown
        while (( $# )); do
          case $1 in
            -a) stub_names=("${(@P)2}"); shift ;;
            -d) stub_shown=("${(@P)2}"); shift ;;
            -V|-J) shift ;;
          esac
          shift
        done
        print -rl -- $stub_names
        [[ -n $ZSH_SHOWN ]] && print -rl -- $stub_shown
      }
      _files() { print -r -- "<files $*>" }
      compdef() { }
      source "$1"
      shift
      words=("$@")
      CURRENT=$#
      _itsm' zsh "$COMPLETIONS/_itsm" "$@"
  }
  expect_eq "$(lines "$(zsh_complete itsm show "")")" "INC-3 INC-2 INC-1" \
    "zsh: ticket ids, open first"
  expect_eq "$(zsh_complete itsm list --format=c)" "--format=csv" "zsh: --format=c"
  expect_eq "$(zsh_complete itsm --config "$SCRATCH/")" "<files -/>" "zsh: --config wants folders"
  expect_match "$(ZSH_SHOWN=1 zsh_complete itsm show INC-2)" "INC-2  -- new: open older" \
    "zsh: ids are described"
else
  fail "zsh is not installed (scripts/setup installs it)"
fi
if command -v fish >/dev/null; then
  fish -n "$COMPLETIONS/itsm.fish"
  CODE=$?
  expect_code 0 "fish -n itsm.fish"
  got=$(fish --no-config -c "source $COMPLETIONS/itsm.fish; complete -C 'itsm sla-'" | cut -f1)
  expect_eq "$got" "sla-check" "fish completes commands through the binary"
  got=$(fish --no-config -c "source $COMPLETIONS/itsm.fish; complete -C 'itsm show '" | cut -f1)
  expect_eq "$(lines "$got")" "INC-3 INC-2 INC-1" "fish keeps the open-first order"
  got=$(fish --no-config -c "source $COMPLETIONS/itsm.fish; complete -C 'itsm show I'")
  expect_match "$got" $'INC-2\tnew: open older' "fish shows descriptions"
else
  fail "fish is not installed (scripts/setup installs it)"
fi

finish
