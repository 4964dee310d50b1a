# Shared harness for the end-to-end suites: a scratch folder, a clean environment, assertions.
# Each suite sources this file, then calls the functions below.
set -uo pipefail

: "${ITSM_BIN:?ITSM_BIN must point at the itsm binary}"
: "${ITSM_SOURCE_DIR:?ITSM_SOURCE_DIR must point at the source tree}"

# reset_environment: nothing of the caller's leaks into a test.
for v in $(env | sed -n 's/^\(ITSM_[A-Z_]*\|XDG_[A-Z_]*\)=.*/\1/p'); do
  [ "$v" = ITSM_BIN ] || [ "$v" = ITSM_SOURCE_DIR ] || [ "$v" = ITSM_BUILD_DIR ] ||
    [ "$v" = ITSM_TEST_SQL ] || [ "$v" = ITSM_TEST_STORE ] || unset "$v"
done
unset TZ NO_COLOR
export LC_ALL=C.UTF-8

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/itsm-test.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
export HOME=$SCRATCH/home
export XDG_CONFIG_HOME=$SCRATCH/config
export XDG_DATA_HOME=$SCRATCH/data
export ITSM_DB=$SCRATCH/itsm.db
export ITSM_CONFIG=$SCRATCH/etc
export ITSM_ACTOR=tester
mkdir -p "$HOME" "$ITSM_CONFIG"

FAILURES=0
CHECKS=0

itsm() { "$ITSM_BIN" "$@"; }

# ITSM_TEST_STORE=postgresql (the cli.pg.* tests, tests/CMakeLists.txt): the suite's store is a
# database on a throwaway PostgreSQL cluster (pg.sh) instead of $SCRATCH/itsm.db, so the same
# suite shows the same commands print the same on both stores (docs/team-store.md).
if [ "${ITSM_TEST_STORE:-}" = postgresql ]; then
  source "$(dirname "${BASH_SOURCE[0]}")/pg.sh"
  pg_start
  pg_sql postgres "CREATE DATABASE desk" >/dev/null
  "$ITSM_BIN" --db "$(pg_uri desk)" store init >/dev/null || {
    echo "FAIL: store init on the test server" >&2
    exit 1
  }
  # The suite's commands connect as a login role of the suite's actor's name, so that the
  # server's record of who wrote each event is the actor, as for an agent (docs/security.md).
  pg_sql postgres "CREATE ROLE tester LOGIN SUPERUSER" >/dev/null
  ITSM_DB=$(pg_uri desk)
  ITSM_DB=${ITSM_DB/itsm@/tester@}
  export ITSM_ACTOR=tester
fi

# sql DB SQL [SECONDS]: the sqlite3 shell with the full-text index's tokenizer (cli/sql_shell.cpp),
# for statements that touch the index: writing a ticket's texts or notes, or reading ticket_text.
sql() { "${ITSM_TEST_SQL:?ITSM_TEST_SQL must point at itsm_test_sql}" "$@"; }

# generate_tickets N OPEN: N tickets with their histories as NDJSON on stdout, OPEN of them still
# open, made by scripts/bench's generator (tests/bench/tickets.sql) for the mkip configuration.
generate_tickets() {
  sqlite3 :memory: -cmd ".parameter set @n $1" -cmd ".parameter set @open $2" \
    <"$ITSM_SOURCE_DIR/tests/bench/tickets.sql"
}

# use_config NAME: copy examples/NAME (or tests/cli/config/NAME) into the config folder.
use_config() {
  rm -rf "$ITSM_CONFIG"
  mkdir -p "$ITSM_CONFIG"
  if [ -d "$ITSM_SOURCE_DIR/examples/$1" ]; then
    cp -r "$ITSM_SOURCE_DIR/examples/$1/." "$ITSM_CONFIG/"
  else
    cp -r "$ITSM_SOURCE_DIR/tests/cli/config/$1/." "$ITSM_CONFIG/"
  fi
}

fail() {
  FAILURES=$((FAILURES + 1))
  echo "FAIL: $*" >&2
}

# run CMD...: runs itsm, capturing OUT, ERR and CODE.
run() {
  OUT=$("$ITSM_BIN" "$@" 2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
}

# expect_code N DESCRIPTION
expect_code() {
  CHECKS=$((CHECKS + 1))
  [ "$CODE" -eq "$1" ] || fail "$2: exit $CODE, expected $1 (stderr: $ERR)"
}

# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
  CHECKS=$((CHECKS + 1))
  [ "$1" == "$2" ] || fail "$3: got [$1], expected [$2]"
}

# expect_match TEXT REGEX DESCRIPTION
expect_match() {
  CHECKS=$((CHECKS + 1))
  [[ "$1" =~ $2 ]] || fail "$3: [$1] does not match /$2/"
}

# expect_error N REGEX DESCRIPTION: exit N, "itsm: error:" first on stderr, matching REGEX.
expect_error() {
  expect_code "$1" "$3"
  expect_match "$ERR" "^itsm: error: " "$3 (error prefix)"
  expect_match "$ERR" "$2" "$3 (message)"
}

# header NAME FILE: the value of a mail header of FILE, folded lines joined.
header() { tr -d '\r' <"$2" | sed -n '/^$/q;p' | awk -v h="$1:" '
  index($0, h) == 1 { on = 1; v = substr($0, length(h) + 2); next }
  on && /^[ \t]/ { sub(/^[ \t]+/, " "); v = v $0; next }
  { on = 0 } END { print v }'; }

# notify_to_spool SENDER EVENTS: appends [notify] to itsm.toml, keeping every message sent as
# a file in $SPOOL (set here) from SENDER, for EVENTS (a TOML array, e.g. '["logged"]').
notify_to_spool() {
  SPOOL=$SCRATCH/spool
  printf '\n[notify]\nspool = "%s"\nsender = "%s"\nevents = %s\n' "$SPOOL" "$1" "$2" \
    >>"$ITSM_CONFIG/itsm.toml"
}

# mail_desk: appends to itsm.toml the desk the messages of tests/mail/ write to: the MOF
# organisation (mof.example.org), the desk's addresses (requests@ logs requests) and a
# quarantine folder in $SCRATCH.
mail_desk() {
  cat >>"$ITSM_CONFIG/itsm.toml" <<EOT

[notify.orgs.MOF]
to = ["ict@mof.example.org"]

[mail]
addresses = ["helpdesk@example.org", "requests@example.org"]
quarantine = "$SCRATCH/quarantine"

[mail.types]
"requests@example.org" = "request"
EOT
}

# copy_tree DEST: lib/ and cmd/ of the source tree copied to DEST, for suites that scan the
# sources and plant what their scan must find.
copy_tree() {
  mkdir -p "$1"
  cp -r "$ITSM_SOURCE_DIR/lib" "$ITSM_SOURCE_DIR/cmd" "$1/"
}

# store_digest: a fingerprint of the store's content, to show a failed command changed nothing.
store_digest() {
  if [ -f "$ITSM_DB" ]; then
    sqlite3 "$ITSM_DB" "SELECT * FROM tickets; SELECT * FROM events;" | sha256sum
  else
    echo none
  fi
}

# open_store DB SQL: an sqlite3 shell opens DB, runs SQL and keeps its connection (and what SQL
# began) until close_store; meanwhile DB's -wal and -shm stay there.
open_store() {
  mkfifo "$SCRATCH/hold"
  sqlite3 "$1" <"$SCRATCH/hold" >"$SCRATCH/locked" &
  LOCK_HOLDER=$!
  exec 7>"$SCRATCH/hold"
  printf '%s\n.print locked\n' "$2" >&7
  until grep -q locked "$SCRATCH/locked"; do sleep 0.05; done
}
close_store() {
  exec 7>&-
  wait "$LOCK_HOLDER"
  rm -f "$SCRATCH/hold" "$SCRATCH/locked"
}

# lock_store: an sqlite3 shell holds the store's write lock (BEGIN IMMEDIATE) until
# unlock_store rolls it back; commands meanwhile wait for their busy timeout.
lock_store() { open_store "$ITSM_DB" "BEGIN IMMEDIATE;"; }
unlock_store() {
  printf 'ROLLBACK;\n' >&7
  close_store
}

# chain_day1 [GLOBAL OPTIONS...] / chain_day2: the events of the head suites (test_head.sh,
# test_pg_head.sh): four on two tickets on the 23rd, then a note and a third ticket.
chain_day1() {
  "$ITSM_BIN" "$@" log --title "Printer jams" --group helpdesk --at "2026-11-23 09:00" &&
    "$ITSM_BIN" "$@" assign INC-1 --group helpdesk --to bob --at "2026-11-23 09:10" &&
    "$ITSM_BIN" "$@" log --title "VPN down" --at "2026-11-23 09:30" &&
    "$ITSM_BIN" "$@" resolve INC-2 --resolution "restarted" --at "2026-11-23 10:00"
}
chain_day2() {
  "$ITSM_BIN" "$@" note INC-1 "toner replaced" --at "2026-11-24 09:00" &&
    "$ITSM_BIN" "$@" log --title "Mail slow" --at "2026-11-24 10:00"
}

# help_commands ARGS...: the subcommands `itsm ARGS... --help` lists.
help_commands() {
  "$ITSM_BIN" "$@" --help | sed -n '/^Subcommands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p'
}

# help_options ARGS...: the long options `itsm ARGS... --help` lists, --help left out.
help_options() {
  "$ITSM_BIN" "$@" --help | sed -n '/^Options:/,/^$/p' | grep -o -- '--[a-z][a-z0-9-]*' |
    grep -vx -- --help | sort -u
}

# command_paths: every command and subcommand ("report daily") of `itsm --help`, one a line;
# tests that must cover every command read them from the binary, never from a list of their own.
command_paths() {
  local c s
  for c in $(help_commands); do
    echo "$c"
    for s in $(help_commands "$c"); do
      echo "$c $s"
    done
  done
}

# on_tty COLUMNS CMD...: runs CMD on a pseudo-terminal (script, bsdutils) COLUMNS wide; stdout without the \r.
on_tty() {
  local cols=$1
  shift
  local cmd
  printf -v cmd '%q ' "$@"
  script -qefc "stty cols $cols rows 40; $cmd" /dev/null </dev/null | tr -d '\r'
}

finish() {
  echo "$CHECKS checks, $FAILURES failed"
  [ "$FAILURES" -eq 0 ]
  exit $?
}
