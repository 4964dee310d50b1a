#!/usr/bin/env bash
# The shared store on a PostgreSQL server (docs/security.md, "The shared store on PostgreSQL"):
# itsm over TLS with sslmode=verify-full and a throwaway CA (the server takes TCP with TLS only),
# a wrong CA refused with exit 6 naming the store, no password in any message; and the chain
# head on the server as on a file (test_head.sh): --expect-head fails when psql deletes the
# newest events (which plain check cannot see), changes an older one or rewrites the chain
# with fresh hashes, and passes for a head from before more events were added.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office
pg_start --tls
pg_sql postgres "CREATE DATABASE desk" >/dev/null
export ITSM_NOW="2026-11-24 12:00"
CA=$PG_DIR/tls/ca.pem
TCP="postgresql://itsm@127.0.0.1:$PG_PORT/desk"
DESK="$TCP?sslmode=verify-full&sslrootcert=$CA"

# --- TLS ------------------------------------------------------------------------------------------
expect_eq "$("$PG_BIN/psql" "$DESK" -X -A -t -c \
  "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")" "t" "the URI connects with TLS"
run --db "$TCP?sslmode=disable" store init
expect_error 6 "cannot connect to the store $TCP\?sslmode=disable: .*no encryption" \
  "the server refuses TCP without TLS"
run --db "$DESK" store init
expect_code 0 "store init over TLS with verify-full"
expect_eq "$OUT" "$DESK" "store init names the store"
chain_day1 --db "$DESK" >/dev/null
expect_eq "$?" "0" "tickets logged, assigned and resolved over TLS"
run --db "$TCP?sslmode=verify-full" list --format json
expect_error 6 "cannot connect to the store $TCP\?sslmode=verify-full: " \
  "verify-full without a CA to verify with"
PGSSLROOTCERT=$CA run --db "$TCP?sslmode=verify-full" list --format json
expect_code 0 "PGSSLROOTCERT names the CA"
expect_eq "$(jq -r '[.[].title] | sort | join(",")' <<<"$OUT")" "Printer jams,VPN down" "the tickets read with PGSSLROOTCERT"
PGSSLROOTCERT=$CA run --db "postgresql://itsm@localhost:$PG_PORT/desk?sslmode=verify-full" check
expect_code 0 "verify-full by the name localhost"

# A CA that did not sign the server's certificate.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=another CA" \
  -keyout "$SCRATCH/other.key" -out "$SCRATCH/other.pem" >/dev/null 2>&1 ||
  fail "setup: another CA"
WRONG="$TCP?sslmode=verify-full&sslrootcert=$SCRATCH/other.pem"
run --db "$WRONG" list
expect_error 6 "^itsm: error: cannot connect to the store ${TCP//./\\.}\?sslmode=verify-full&sslrootcert=$SCRATCH/other\.pem: .*certificate verify failed.*; check the server's certificate and the CA given by sslrootcert or PGSSLROOTCERT" \
  "a wrong CA is refused, naming the store"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"
expect_eq "$OUT" "" "nothing printed"

# --- no password in messages -----------------------------------------------------------------------
for uri in "postgresql://itsm:secret@127.0.0.1:$PG_PORT/desk?sslmode=verify-full&sslrootcert=$SCRATCH/other.pem" \
  "postgresql://itsm@127.0.0.1:$PG_PORT/desk?password=secret&sslmode=verify-full&sslrootcert=$SCRATCH/other.pem" \
  "postgresql://itsm:secret@127.0.0.1:1/desk" \
  "postgresql://itsm:se%63ret@127.0.0.1:$PG_PORT/desk?sslmode=verify-full&sslrootcert=$SCRATCH/other.pem" \
  "postgresql://itsm:secret%zz@127.0.0.1:$PG_PORT/desk" \
  "postgresql://itsm:secret@127.0.0.1:$PG_PORT/desk?sslmode=bogus" \
  "postgresql://itsm:secret@127.0.0.1:$PG_PORT/desk?sslmode=verify-full&sslrootcert=$SCRATCH/none.pem"; do
  for command in list check "report daily"; do
    # shellcheck disable=SC2086 # the command's words
    run --db "$uri" $command
    expect_error 6 "^itsm: error: cannot connect to the store " "$command on a refused $uri"
    [[ "$ERR" != *secret* && "$ERR" != *se%63ret* ]] ||
      fail "$command on $uri: the password is in the message: $ERR"
  done
done

# --- the head on the server -----------------------------------------------------------------------
export ITSM_DB=$DESK
run check --format json
expect_code 0 "a sound server store"
head1="$(jq -r '"\(.head.count):\(.head.hash)"' <<<"$OUT")"
expect_eq "${head1%%:*}" "4" "four events"
expect_eq "$(pg_sql desk "SELECT encode(hash, 'hex') FROM events ORDER BY id DESC LIMIT 1")" \
  "${head1#4:}" "the head is the newest event's stored hash"
run check
expect_eq "$(tail -n 1 <<<"$OUT")" "head: $head1" "check's last line"
run report daily --date 2026-11-23 --format json
expect_eq "$(jq -r '"\(.head.count):\(.head.hash)"' <<<"$OUT")" "$head1" "the daily report's head"
run report daily --date 2026-11-23 --format csv
expect_eq "$(grep -E '^summary,head_(count|hash),' <<<"$OUT" | cut -d, -f3 | paste -sd:)" "$head1" \
  "the CSV daily report's head"
run report daily --date 2026-11-23
expect_match "$OUT" "Audit chain head: $head1;" "the text daily report's head"

# The same events on a file store give the same head.
chain_day1 --db "$SCRATCH/file.db" >/dev/null || fail "setup: the file store's events"
run --db "$SCRATCH/file.db" check --expect-head "$head1"
expect_code 0 "the file store of the same events holds the server's head"

chain_day2 >/dev/null || fail "setup: the second day's events"
run check --format json
head2="$(jq -r '"\(.head.count):\(.head.hash)"' <<<"$OUT")"
run check --expect-head "$head1"
expect_code 0 "a head from before more events were added"

# on_copy SQL: the store copied to the database `t` (a template copy), SQL run there with psql.
on_copy() {
  pg_sql postgres "DROP DATABASE IF EXISTS t" >/dev/null
  pg_sql postgres "CREATE DATABASE t TEMPLATE desk" >/dev/null
  pg_sql t "SET itsm.maintenance = on; $1" >/dev/null # a repair's edit (docs/security.md)
  COPY="postgresql://itsm@127.0.0.1:$PG_PORT/t?sslmode=verify-full&sslrootcert=$CA"
}
on_copy "DELETE FROM ticket_text WHERE ticket = 3; DELETE FROM events WHERE ticket = 3;
DELETE FROM tickets WHERE number = 3"
run --db "$COPY" check
expect_code 0 "plain check cannot see the newest event cut off with psql"
expect_match "$OUT" "head: 5:" "a chain one event shorter"
run --db "$COPY" check --expect-head "$head2"
expect_error 6 "first: head: the chain has 5 events, fewer than the 6 of the head $head2 recorded earlier: events were deleted from its end" \
  "the head recorded before the deletion"
run --db "$COPY" check --expect-head "$head1"
expect_code 0 "a head from before the deleted event still holds"

on_copy "UPDATE events SET actor = 'mallory' WHERE id = 2"
run --db "$COPY" check --expect-head "$head1"
expect_error 6 "chain" "an older event changed with psql"

# The whole chain recomputed after the change, with the server's sha256(): it holds again.
on_copy "UPDATE events SET actor = 'mallory' WHERE id = 2;
DO \$\$
DECLARE r record; prev bytea := decode(repeat('00', 32), 'hex'); a bytea; k bytea; d bytea;
BEGIN
  FOR r IN SELECT id, ticket, at, actor, kind, detail FROM events ORDER BY id LOOP
    a := convert_to(r.actor, 'UTF8'); k := convert_to(r.kind, 'UTF8');
    d := convert_to(r.detail, 'UTF8');
    prev := sha256(prev || int8send(r.ticket) || int8send(r.at) || int4send(length(a)) || a
      || int4send(length(k)) || k || int4send(length(d)) || d);
    UPDATE events SET hash = prev WHERE id = r.id;
  END LOOP;
END \$\$"
run --db "$COPY" check
expect_code 0 "a history rewritten with its chain recomputed passes plain check"
run --db "$COPY" check --expect-head "$head2"
expect_error 6 "head: event number 6 of the chain has the hash [0-9a-f]{64}, not the ${head2#6:} of the head $head2 recorded earlier: the history up to it was rewritten" \
  "the recorded head shows the rewrite"

run check --expect-head "6:nothex"
expect_error 2 "^itsm: error: --expect-head: \"6:nothex\" is not a chain head" "a malformed head"

finish
