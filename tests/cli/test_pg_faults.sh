#!/usr/bin/env bash
# Faults on a shared server (docs/team-store.md, "Faults"): the server stopped at once (`pg_ctl
# stop -m immediate`, as a crash) during an import and during a burst of logs from eight
# processes; after the restart the import is all or nothing, every log that said it logged a
# ticket kept it, and `itsm check` is clean. A wrong password: exit 6, the store named without
# it; the right one from a password file. A full disk: an import and a log that need room the
# server has not exit 6 naming the store, write nothing, and succeed once there is room.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config mkip
pg_start --tls
pg_sql postgres "CREATE DATABASE desk" >/dev/null
DESK=$(pg_uri desk)
"$ITSM_BIN" --db "$DESK" store init >/dev/null || fail "setup: store init"

# --- the server stops during an import ------------------------------------------------------------
# 40,000 tickets with their histories (tests/bench/tickets.sql): seconds of COPY, long enough to
# stop the server in the middle.
generate_tickets 40000 500 >"$SCRATCH/desk.ndjson"
indexes() { pg_sql desk "SELECT string_agg(indexname, ' ' ORDER BY indexname) FROM pg_indexes \
WHERE schemaname = 'public'"; }
before_indexes=$(indexes)
"$ITSM_BIN" --db "$DESK" import "$SCRATCH/desk.ndjson" >"$SCRATCH/import.out" \
  2>"$SCRATCH/import.err" &
importer=$!
# Stop the server once the import's COPY is under way.
copying=0
for _ in $(seq 1 200); do
  if [ "$(pg_sql postgres "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY%'")" != 0 ]; then
    copying=1
    break
  fi
  sleep 0.05
done
expect_eq "$copying" "1" "the import was copying when the server stopped"
pg_kill
wait "$importer"
CODE=$?
ERR=$(cat "$SCRATCH/import.err")
expect_error 6 "store postgresql://" "import cut off by the server's stop: exit 6"
expect_eq "$([[ $ERR == *"$DESK"* ]] && echo named)" "named" "the message names the store: $ERR"
pg_up
expect_eq "$(pg_sql desk "SELECT count(*) || '/' || (SELECT count(*) FROM events) FROM tickets")" \
  "0/0" "after the restart: nothing of the import is there"
expect_eq "$(indexes)" "$before_indexes" "the indexes set aside for the import are all there"
run --db "$DESK" check
expect_code 0 "check is clean after the crash"

# The import's second connection, which computes the search index's vectors, cut off by the
# server (pg_terminate_backend, as an administrator would) once it has begun: the import fails
# as a whole and says so.
"$ITSM_BIN" --db "$DESK" import "$SCRATCH/desk.ndjson" >"$SCRATCH/import.out" \
  2>"$SCRATCH/import.err" &
importer=$!
cut=0
for _ in $(seq 1 200); do
  if [ "$(pg_sql postgres "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE \
query LIKE 'SELECT t.n, v.notes%'")" != 0 ]; then
    cut=1
    break
  fi
  sleep 0.05
done
expect_eq "$cut" "1" "the vectors' connection was cut off"
wait "$importer"
CODE=$?
ERR=$(cat "$SCRATCH/import.err")
expect_error 6 "lost the connection to the store postgresql://" \
  "import without its second connection: exit 6"
expect_eq "$([[ $ERR == *"$DESK"* ]] && echo named)" "named" "the message names the store: $ERR"
expect_eq "$(pg_sql desk "SELECT count(*) || '/' || (SELECT count(*) FROM events) FROM tickets")" \
  "0/0" "nothing of that import is there"
expect_eq "$(indexes)" "$before_indexes" "the indexes set aside are all there again"

run --db "$DESK" import "$SCRATCH/desk.ndjson"
expect_code 0 "the import again, whole"
expect_eq "$(pg_sql desk "SELECT count(*) FROM tickets")" "40000" "every ticket imported"
run --db "$DESK" check
expect_code 0 "check is clean after the import"

# --- the server stops during a burst of logs --------------------------------------------------
for p in 1 2 3 4 5 6 7 8; do
  (
    for i in $(seq 1 400); do
      if id=$("$ITSM_BIN" --db "$DESK" log --title "burst $p-$i" 2>>"$SCRATCH/burst-err.$p"); then
        echo "$id burst $p-$i" >>"$SCRATCH/burst-ok.$p"
      else
        echo "exit $?" >>"$SCRATCH/burst-failed.$p"
        break
      fi
    done
  ) &
done
sleep 2
pg_kill
wait
pg_up
ok=$(cat "$SCRATCH"/burst-ok.* 2>/dev/null | wc -l)
expect_match "$ok" "^[1-9]" "logs succeeded before the stop"
expect_eq "$(cat "$SCRATCH"/burst-failed.* | sort -u)" "exit 6" \
  "every log cut off by the stop exits 6"
expect_eq "$(cat "$SCRATCH"/burst-err.* | grep -v "^itsm: error: .*$(basename "$PG_DIR")" | head -3)" \
  "" "and says which store it could not reach"
# Every ticket a log reported is there with its title; what else is there is whole (a log whose
# commit reached the server just before the stop, and whose answer did not come back).
missing=0
while read -r id title; do
  n=${id#*-}
  [ "$(pg_sql desk "SELECT title FROM tickets WHERE number = $n")" = "$title" ] ||
    missing=$((missing + 1))
done < <(cat "$SCRATCH"/burst-ok.*)
expect_eq "$missing" "0" "every ticket a log printed is there"
extra=$(($(pg_sql desk "SELECT count(*) FROM tickets WHERE title LIKE 'burst %'") - ok))
[ "$extra" -ge 0 ] && [ "$extra" -le 8 ] ||
  fail "at most one unanswered log per process is there ($extra)"
run --db "$DESK" check
expect_code 0 "check is clean after the stop: every ticket whole, the chain unbroken"
run --db "$DESK" log --title "after the restart"
expect_code 0 "the desk works on"

# --- a wrong password; the right one from a password file -------------------------------------
pg_sql desk "CREATE ROLE vera LOGIN PASSWORD 'right-one'; GRANT ALL ON ALL TABLES IN SCHEMA public \
TO vera; GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO vera" >/dev/null
sed -i "1i hostssl all vera all scram-sha-256" "$PG_DIR/data/pg_hba.conf"
pg_sql postgres "SELECT pg_reload_conf()" >/dev/null
TCP="postgresql://vera@127.0.0.1:$PG_PORT/desk?sslmode=verify-full&sslrootcert=$PG_DIR/tls/ca.pem"
before=$(server_digest)
PGPASSWORD=wrong-one run --db "$TCP" log --title "never"
expect_error 6 "cannot connect to the store postgresql://vera@127\.0\.0\.1:$PG_PORT/desk.*password \
authentication failed" "a wrong password: exit 6, the store named"
[[ $ERR == *wrong-one* ]] && fail "the password is not shown: $ERR"
run --db "${TCP/vera@/vera:wrong-one@}" list
expect_code 6 "a wrong password in the URI"
[[ $ERR == *wrong-one* ]] && fail "the URI's password is not shown: $ERR"
expect_eq "$(server_digest)" "$before" "nothing written"
printf '127.0.0.1:%s:desk:vera:right-one\n' "$PG_PORT" >"$SCRATCH/pgpass"
chmod 600 "$SCRATCH/pgpass"
PGPASSFILE=$SCRATCH/pgpass run --db "$TCP" list --status new --format csv
expect_code 0 "the password from PGPASSFILE"

# --- a full disk ----------------------------------------------------------------------------
# The server restarted with no file of its allowed past 20 MiB (pg_restart --file-limit): above
# the 16 MB of its WAL's segments, below what the 40,000 tickets' events take. A new database of
# the first 1,000 tickets, then the rest of the file: its events run out of room part way.
pg_sql postgres "CREATE DATABASE roomless" >/dev/null
ROOMLESS=$(pg_uri roomless)
"$ITSM_BIN" --db "$ROOMLESS" store init >/dev/null || fail "setup: store init of roomless"
head -1000 "$SCRATCH/desk.ndjson" >"$SCRATCH/first.ndjson"
tail -n +1001 "$SCRATCH/desk.ndjson" >"$SCRATCH/rest.ndjson"
run --db "$ROOMLESS" import "$SCRATCH/first.ndjson"
expect_code 0 "1,000 tickets while there is room"
limit_kib=20480
pg_restart --file-limit "$limit_kib"
events_file=$(pg_sql roomless "SELECT pg_relation_filepath('events')")
before=$(server_digest roomless)
run --db "$ROOMLESS" import "$SCRATCH/rest.ndjson"
expect_error 6 "could not extend file \"$events_file\"" \
  "an import the disk has no room for: exit 6, the file the server could not extend named"
expect_eq "$([[ $ERR == "itsm: error: store $ROOMLESS: "* ]] && echo named)" "named" \
  "the message names the store: $ERR"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"
expect_match "$ERR" "\(the server's hint: Check free disk space\.\)" \
  "the server's hint says what to do"
expect_eq "$(pg_sql roomless "SELECT count(*) || '/' || (SELECT count(*) FROM events) FROM \
tickets")" "1000/4000" "nothing of the import is there"
expect_eq "$(server_digest roomless)" "$before" "every row as it was"
run --db "$ROOMLESS" check
expect_code 0 "check is clean on the full disk"
# A description of a kilobyte: the log's event fits in no page's leftover room, so it needs a
# new page of events, which the disk has not.
run --db "$ROOMLESS" log --title "Printer jams" --description "$(seq 1 300 | tr '\n' ' ')"
expect_error 6 "could not extend file \"$events_file\"" "a log the disk has no room for: exit 6"
expect_eq "$([[ $ERR == "itsm: error: store $ROOMLESS: "* ]] && echo named)" "named" \
  "the log's message names the store: $ERR"
expect_eq "$(server_digest roomless)" "$before" "nothing of the log written"
# Room again: the same import, whole.
pg_restart
run --db "$ROOMLESS" import "$SCRATCH/rest.ndjson"
expect_code 0 "the import once there is room"
expect_eq "$(pg_sql roomless "SELECT count(*) FROM tickets")" "40000" "every ticket imported"
expect_match "$(pg_sql roomless "SELECT pg_relation_size('events') > $limit_kib * 1024")" "^t$" \
  "the events take more than the limit allowed"
run --db "$ROOMLESS" check
expect_code 0 "check is clean after the import"

# --- a limit of the server's resources ---------------------------------------------------------
# The server's refusals for want of room, memory, connections or a configured limit (SQLSTATE
# class 53) say so and what to do. A report whose sorts must spill to temporary files, on a
# database that allows none: exit 6, nothing else changed.
pg_sql postgres "ALTER DATABASE roomless SET work_mem = '64kB'" >/dev/null
pg_sql postgres "ALTER DATABASE roomless SET temp_file_limit = 0" >/dev/null
# The digests' own sorts are the superuser's, with the limit lifted for its session.
unlimited="-c temp_file_limit=-1 -c work_mem=64MB"
before=$(PGOPTIONS=$unlimited server_digest roomless)
expect_match "$before" "events:[0-9a-f]{32}" "the digest read the events"
run --db "$ROOMLESS" report monthly --month 2026-11 --format json
expect_error 6 "temp_file_limit.*a limit of the server's configuration was reached: nothing of \
this command was written; run it again once the server's administrator has made room" \
  "a configured limit: exit 6, said as such"
expect_eq "$([[ $ERR == "itsm: error: store $ROOMLESS: "* ]] && echo named)" "named" \
  "the limit's message names the store: $ERR"
expect_eq "$(PGOPTIONS=$unlimited server_digest roomless)" "$before" \
  "nothing changed by the refused report"
finish
