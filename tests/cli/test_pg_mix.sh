#!/usr/bin/env bash
# A team on one server (docs/team-store.md, "Many writers"): 16 agents on 4 hosts (two on the
# server's socket, two over TCP with TLS verify-full, each agent its own login role and
# connection) log, assign, escalate, note, resolve and close for ITSM_MIX_SECONDS (30) while two
# cron hosts run `sla-check --escalate` and `notify flush`, and a reader runs reports and
# `sla-check`. Then: every command that exited 0 left its change and no other change was made,
# every ticket number is unique, `itsm check` is clean, every automatic escalation was made once,
# and no message was sent twice. Prints the mix's throughput (changes and commands a second).
# ITSM_MIX_STORE=file runs the same mix, with the same checks, on a file store instead (every
# process on this host, no roles): `scripts/bench --only mix` compares the two.
SECONDS_TO_RUN=${ITSM_MIX_SECONDS:-30}
STORE_KIND=${ITSM_MIX_STORE:-postgresql}
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office

# The fake sendmail fails one call in five (exit 75), so `notify flush` on both cron hosts has
# queued messages to claim while the agents' commands send theirs.
SENT=$SCRATCH/sent
mkdir -p "$SENT"
cat >"$SCRATCH/sendmail" <<EOF
#!/bin/bash
if [ \$((RANDOM % 5)) -eq 0 ]; then echo "mail server busy" >&2; exit 75; fi
cat >"\$(mktemp "$SENT/m.XXXXXX")"
EOF
chmod +x "$SCRATCH/sendmail"
cat >>"$ITSM_CONFIG/itsm.toml" <<EOF

[notify]
command = ["$SCRATCH/sendmail", "-t", "-i"]
sender = "itsm@example.org"
events = ["logged", "escalated", "resolved"]
EOF

case $STORE_KIND in
  postgresql)
    pg_start --tls
    pg_sql postgres "CREATE DATABASE desk" >/dev/null
    OWNER=$(pg_uri desk)
    "$ITSM_BIN" --db "$OWNER" store init --roles >/dev/null || fail "setup: store init"
    roles="CREATE ROLE cron1 LOGIN IN ROLE itsm_agent; CREATE ROLE cron2 LOGIN IN ROLE itsm_agent;"
    roles+=" CREATE ROLE rita LOGIN IN ROLE itsm_reader;"
    for n in $(seq -w 1 16); do roles+=" CREATE ROLE a$n LOGIN IN ROLE itsm_agent;"; done
    pg_sql desk "$roles" >/dev/null
    ;;
  file)
    OWNER=$SCRATCH/desk.db
    "$ITSM_BIN" --db "$OWNER" store init >/dev/null || fail "setup: store init"
    ;;
  *)
    echo "FAIL: ITSM_MIX_STORE is postgresql or file, not \"$STORE_KIND\"" >&2
    exit 1
    ;;
esac

# store_sql SQL: bare values of SQL on the mix's store, either kind.
store_sql() {
  if [ "$STORE_KIND" = file ]; then
    sqlite3 "$OWNER" "$1"
  else
    pg_sql desk "$1"
  fi
}

# uri_for ROLE HOST: hosts 1 and 2 reach the server on its socket, 3 and 4 over TCP with TLS,
# the server's certificate verified against the test CA. A file store is the same file for all.
uri_for() {
  if [ "$STORE_KIND" = file ]; then
    printf '%s' "$OWNER"
  elif [ "$2" -le 2 ]; then
    printf 'postgresql://%s@/desk?host=%s&port=%s' "$1" "$PG_DIR" "$PG_PORT"
  else
    printf 'postgresql://%s@127.0.0.1:%s/desk?sslmode=verify-full&sslrootcert=%s' "$1" \
      "$PG_PORT" "$PG_DIR/tls/ca.pem"
  fi
}

# The desk's Wednesday afternoon: tickets logged at 09:00 have waited in the helpdesk past its
# 20 minutes when the cron hosts look, those logged at 14:55 have not.
export ITSM_NOW="2026-12-02 15:00"
IDS=$SCRATCH/ids
: >"$IDS"
END=$((SECONDS + SECONDS_TO_RUN))

# agent ROLE HOST: works tickets until END, one journal line per write: KIND EXIT TICKET.
agent() {
  local me=$1 db n=0 id rc target out
  db=$(uri_for "$1" "$2")
  export ITSM_ACTOR=$me
  while [ "$SECONDS" -lt "$END" ]; do
    n=$((n + 1))
    at="2026-12-02 14:55"
    [ $((n % 2)) -eq 0 ] && at="2026-12-02 09:00"
    out=$("$ITSM_BIN" --db "$db" log --title "$me ticket $n" --group helpdesk --at "$at" \
      2>>"$SCRATCH/$me.err")
    rc=$?
    echo "logged $rc $out" >>"$SCRATCH/$me.journal"
    [ "$rc" -eq 0 ] && echo "$out" >>"$IDS"
    # Then one change to a ticket some agent logged: often another agent's, so that two agents
    # meet on the same ticket.
    target=$(shuf -n 1 "$IDS")
    case $((RANDOM % 6)) in
      0) "$ITSM_BIN" --db "$db" assign "$target" --group second-line --to "$me" ;;
      1) "$ITSM_BIN" --db "$db" note "$target" "$me note $n" ;;
      2) "$ITSM_BIN" --db "$db" escalate "$target" ;;
      3) "$ITSM_BIN" --db "$db" resolve "$target" --code fixed --resolution "$me fixed $n" ;;
      4) "$ITSM_BIN" --db "$db" close "$target" --resolution "$me closed $n" ;;
      5) "$ITSM_BIN" --db "$db" assign "$target" --group web ;;
    esac >/dev/null 2>>"$SCRATCH/$me.err"
    rc=$?
    echo "change $rc $target" >>"$SCRATCH/$me.journal"
  done
}

# cron ROLE HOST: escalates what is due and flushes the outbox until END.
cron() {
  local db
  db=$(uri_for "$1" "$2")
  export ITSM_ACTOR=$1
  while [ "$SECONDS" -lt "$END" ]; do
    "$ITSM_BIN" --db "$db" sla-check --escalate --format json >/dev/null 2>>"$SCRATCH/$1.err"
    echo "sla-check $?" >>"$SCRATCH/$1.journal"
    "$ITSM_BIN" --db "$db" notify flush >/dev/null 2>>"$SCRATCH/$1.err"
    echo "flush $?" >>"$SCRATCH/$1.journal"
  done
}

# reader: the monthly report and an SLA check as the reader role, until END.
reader() {
  local db
  db=$(uri_for rita 3)
  while [ "$SECONDS" -lt "$END" ]; do
    "$ITSM_BIN" --db "$db" report monthly --month 2026-12 --format json >/dev/null \
      2>>"$SCRATCH/rita.err"
    echo "report $?" >>"$SCRATCH/rita.journal"
    "$ITSM_BIN" --db "$db" list --status assigned --format csv >/dev/null 2>>"$SCRATCH/rita.err"
    echo "list $?" >>"$SCRATCH/rita.journal"
  done
}

# A first ticket, so that every agent's first change has one to work on.
ITSM_ACTOR=itsm "$ITSM_BIN" --db "$OWNER" log --title "first" --group helpdesk \
  --at "2026-12-02 09:00" >>"$IDS" || fail "setup: the first ticket"
started=$EPOCHREALTIME
for n in $(seq 1 16); do
  agent "a$(printf %02d "$n")" $(((n - 1) / 4 + 1)) &
done
cron cron1 1 &
cron cron2 3 &
reader &
wait
elapsed=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')

journals() { cat "$SCRATCH"/a??.journal; }

# Every write ended in success, or in a refusal because another agent had moved the ticket on
# first (exit 4: a note or an escalation of a closed ticket, a second resolve); nothing else.
expect_eq "$(journals | awk '$2 != 0 && $2 != 4' | sort | uniq -c | head -5)" "" \
  "agents' writes exit 0 or 4 only"
expect_eq "$(grep -hiE '^itsm: error: .*(store|server|connect|lock|deadlock|serializ)' \
  "$SCRATCH"/a??.err | head -3)" "" "no refusal is the store's (a lock, a lost connection)"
# sla-check exits 1 when it finds a breach, notify flush when it left messages queued (the
# fake sendmail's failures); no run fails.
expect_eq "$(awk '$2 != 0 && !($1 != "report" && $2 == 1)' "$SCRATCH"/cron?.journal \
  "$SCRATCH"/rita.journal | head -3)" "" "cron hosts and the reader never fail: \
$(grep -h '^itsm: error' "$SCRATCH"/cron?.err "$SCRATCH"/rita.err | head -3)"

# Ticket numbers: one for each successful log, each once, and no ticket without its log.
logged=$(journals | awk '$1 == "logged" && $2 == 0' | wc -l)
expect_eq "$(journals | awk '$1 == "logged" && $2 == 0 {print $3}' | sort | uniq -d | head -3)" \
  "" "no ticket number given twice"
expect_eq "$(store_sql "SELECT count(*) FROM tickets")" "$((logged + 1))" \
  "every ticket an agent was told it logged is there, and no other"

# Every change that exited 0 is an event of that agent, and there are no others: each agent's
# events are its successful logs and changes (a failed change wrote nothing). A resolve with a
# note records one event; a close of a resolved ticket one.
for n in $(seq -w 1 16); do
  ok=$(awk '$2 == 0' "$SCRATCH/a$n.journal" | wc -l)
  expect_eq "$(store_sql "SELECT count(*) FROM events WHERE actor = 'a$n'")" "$ok" \
    "a$n: one event for each command that exited 0"
done
# The server recorded who acted as the role that connected (no agent wrote in another's name).
if [ "$STORE_KIND" = postgresql ]; then
  expect_eq "$(pg_sql desk "SELECT count(*) FROM events WHERE actor NOT IN (SELECT rolname FROM \
pg_roles)")" "0" "every event's actor is a login role"
fi

# Automatic escalations: each one due made once, by whichever cron host came first.
expect_eq "$(store_sql "SELECT ticket FROM events WHERE kind = 'escalated' AND actor LIKE \
'cron%' GROUP BY ticket, detail HAVING count(*) > 1 LIMIT 3")" "" \
  "no escalation made twice by the two cron hosts"
expect_match "$(store_sql "SELECT count(*) FROM events WHERE kind = 'escalated' AND actor \
LIKE 'cron%'")" "^[1-9]" "the cron hosts escalated tickets"

# The audit chain and every ticket against its history.
run --db "$OWNER" check
expect_code 0 "check is clean after the mix"

# Messages: a flush of either host and the agents' own commands never sent one twice; what is
# still queued is what the last failures left.
"$ITSM_BIN" --db "$OWNER" notify flush >/dev/null 2>&1
"$ITSM_BIN" --db "$OWNER" notify flush >/dev/null 2>&1
ids=$(grep -h '^Message-ID:' "$SENT"/m.* | sort)
expect_eq "$(uniq -d <<<"$ids" | head -3)" "" "no message sent twice"
expect_match "$(wc -l <<<"$ids")" "^[1-9][0-9]" "messages were sent"

changes=$(journals | awk '$2 == 0' | wc -l)
refused=$(journals | awk '$2 == 4' | wc -l)
commands=$(cat "$SCRATCH"/*.journal | wc -l)
rate() { awk -v n="$1" -v s="$elapsed" 'BEGIN { printf "%.1f", n / s }'; }
# One line for scripts/bench, which reads the figures in their parentheses.
echo "mix: $STORE_KIND store, $SECONDS_TO_RUN s ($elapsed s to the last command's end), 16 \
agents: $changes changes ($(rate "$changes")/s), $commands commands ($(rate "$commands")/s), \
$refused refused, $logged tickets, $(cat "$SCRATCH"/cron?.journal | grep -c '^sla-check') \
sla-check runs, $(wc -l <<<"$ids") messages"
finish
