# A throwaway PostgreSQL cluster for the suites that run itsm on a server (docs/team-store.md).
# Source after lib.sh. pg_start makes a cluster with Debian's server binaries in a scratch folder
# of its own, listening only on a unix socket in that folder, started as an unprivileged user
# when the suite runs as root (the server refuses root; CI runs as root), and stopped by the
# EXIT trap, also when the suite fails. Missing binaries fail the suite: it never skips.
# `pg_start --tls` also listens on 127.0.0.1, on a free port (PG_PORT), with TLS only: a
# throwaway CA ($PG_DIR/tls/ca.pem) signs the server's certificate for 127.0.0.1 and localhost,
# and connections over TCP without TLS are rejected.

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=
PG_PORT=
PG_OPTIONS=
# The suites connect as the cluster's superuser, itsm, and act under that name, as an agent acts
# under its login role's (docs/security.md, "Who acted"): the history's text then reads the same
# on both stores, the server having no other role to name beside the actor.
export ITSM_ACTOR=itsm

# as_server CMD...: runs CMD as the cluster's owner.
as_server() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u nobody -- "$@")
  else
    "$@"
  fi
}

pg_stop() {
  if [ -n "$PG_DIR" ] && [ -f "$PG_DIR/data/postmaster.pid" ]; then
    as_server "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
  fi
  if [ -n "$PG_DIR" ]; then
    rm -rf "$PG_DIR"
  fi
}

# pg_tls_files: the throwaway CA and the server's certificate and key, in $PG_DIR/tls.
pg_tls_files() {
  local tls=$PG_DIR/tls
  mkdir -p "$tls"
  if ! {
    openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=itsm test CA" \
      -keyout "$tls/ca.key" -out "$tls/ca.pem" &&
      openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" \
        -keyout "$tls/server.key" -out "$tls/server.csr" &&
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$tls/san.ext" &&
      openssl x509 -req -days 2 -in "$tls/server.csr" -CA "$tls/ca.pem" -CAkey "$tls/ca.key" \
        -CAcreateserial -extfile "$tls/san.ext" -out "$tls/server.pem"
  } >"$PG_DIR/openssl.log" 2>&1; then
    cat "$PG_DIR/openssl.log" >&2
    echo "FAIL: openssl could not make the test certificates" >&2
    exit 1
  fi
  chmod 600 "$tls/server.key"
  chmod 755 "$tls"
  [ "$(id -u)" -eq 0 ] && chown nobody "$tls/server.key" "$tls/server.pem"
}

# pg_free_port: a TCP port of 127.0.0.1 nothing listens on now.
pg_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

pg_start() {
  local tool tls=
  [ "${1:-}" = --tls ] && tls=1
  for tool in initdb pg_ctl psql; do
    if [ ! -x "$PG_BIN/$tool" ]; then
      echo "FAIL: $PG_BIN/$tool is missing; scripts/setup installs the package postgresql" >&2
      exit 1
    fi
  done
  # Outside $SCRATCH (only its owner may enter it): the server's user must reach its folder.
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/itsm-pg.XXXXXX")
  trap 'pg_stop; rm -rf "$SCRATCH"' EXIT
  [ "$(id -u)" -eq 0 ] && chown nobody "$PG_DIR"
  if ! as_server "$PG_BIN/initdb" -D "$PG_DIR/data" -U itsm --auth=trust --no-sync \
    -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1; then
    cat "$PG_DIR/initdb.log" >&2
    echo "FAIL: initdb" >&2
    exit 1
  fi
  local options="-c listen_addresses='' -c unix_socket_directories='$PG_DIR' -c fsync=off"
  if [ -n "$tls" ]; then
    pg_tls_files
    PG_PORT=$(pg_free_port)
    options="-c listen_addresses='127.0.0.1' -c port=$PG_PORT -c unix_socket_directories='$PG_DIR'"
    options+=" -c fsync=off -c ssl=on -c ssl_cert_file='$PG_DIR/tls/server.pem'"
    options+=" -c ssl_key_file='$PG_DIR/tls/server.key'"
    # TCP without TLS is turned away before trust lets it in.
    sed -i '1i hostnossl all all all reject' "$PG_DIR/data/pg_hba.conf"
  fi
  PG_OPTIONS=$options
  pg_up
}

# pg_up: starts the cluster made by pg_start (again, after pg_kill).
pg_up() {
  if ! as_server "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
    -o "$PG_OPTIONS" start >/dev/null 2>&1; then
    cat "$PG_DIR/server.log" >&2
    echo "FAIL: pg_ctl start" >&2
    exit 1
  fi
}

# pg_kill: stops the server at once, as a crash or a power cut would (`pg_ctl stop -m
# immediate`: no checkpoint; open transactions are lost and recovered from on the next start).
pg_kill() {
  as_server "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1
}

# pg_restart [--file-limit KIB]: stops the cluster cleanly (a checkpoint: the next start has
# nothing to replay) and starts it again. With --file-limit, no process of the server may write
# a file past KIB KiB (`ulimit -f`, which the postmaster and every backend inherit; the server
# ignores SIGXFSZ, so the write fails with EFBIG): a disk that is full for every file that must
# grow past that, made without mount rights. Autovacuum is off meanwhile, so that the space a
# failed write left taken inside the files stays taken, as on a disk that stays full. Without
# the option the limit and autovacuum's pause end.
pg_restart() {
  local options=$PG_OPTIONS
  if ! as_server "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1; then
    cat "$PG_DIR/server.log" >&2
    echo "FAIL: pg_ctl stop" >&2
    exit 1
  fi
  if [ "${1:-}" = --file-limit ]; then
    PG_OPTIONS+=" -c autovacuum=off"
    (ulimit -f "$2" && pg_up) || exit 1
    PG_OPTIONS=$options
  else
    pg_up
  fi
}

# pg_desk: starts the cluster with a database `desk` set up as a store, DESK its URI, and names
# a file store beside it, FILE, for the suites that run the same commands on both.
pg_desk() {
  pg_start
  pg_sql postgres "CREATE DATABASE desk" >/dev/null
  DESK=$(pg_uri desk)
  "$ITSM_BIN" --db "$DESK" store init >/dev/null || fail "setup: store init"
  FILE=$SCRATCH/file.db
}

# pg_sql DATABASE SQL: runs SQL as the cluster's superuser, printing bare values.
pg_sql() {
  "$PG_BIN/psql" -h "$PG_DIR" ${PG_PORT:+-p "$PG_PORT"} -U itsm -d "$1" -X -q -A -t \
    -v ON_ERROR_STOP=1 -c "$2"
}

# server_digest [DATABASE]: every row of the server's tables (desk's by default), to show a
# refused command changed nothing: a line `table:md5` per table, all in one query (query_to_xml
# runs each table's), as each start of psql and its connection cost more than a digest does.
server_digest() {
  pg_sql "${1:-desk}" "SELECT tablename || ':' || (xpath('/row/d/text()', query_to_xml(format(\
'SELECT md5(coalesce(string_agg(r::text, ''|'' ORDER BY r::text), '''')) AS d FROM %I r', \
tablename), false, true, '')))[1]::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
}

# pg_version: the schema version this itsm writes on a server, k_schema_version: the number of
# its migrations (k_migrations in lib/itsm/store/postgres/schema.hpp).
pg_version() {
  sed -n 's/.*std::array<std::string_view, \([0-9]*\)> k_migrations.*/\1/p' \
    "$ITSM_SOURCE_DIR/lib/itsm/store/postgres/schema.hpp"
}

# pg_uri DATABASE: the connection URI of DATABASE on the cluster's socket.
pg_uri() {
  printf 'postgresql://itsm@/%s?host=%s' "$1" "$PG_DIR"
  [ -z "$PG_PORT" ] || printf '&port=%s' "$PG_PORT"
}

# step CMD...: runs itsm CMD, appending the command, its output (both streams) and its exit code
# to the transcript $STEP_OUT.
step() {
  printf '== %s\n' "$*" >>"$STEP_OUT"
  "$ITSM_BIN" "$@" >>"$STEP_OUT" 2>&1
  printf '== exit %s\n' "$?" >>"$STEP_OUT"
}

# without_roles [FILE]: FILE (or standard input) with the role the server recorded as writing
# each event taken out: the one output that differs between the stores, and says why
# (docs/team-store.md): a server records the login role of each event's writer, itsm here, a
# file store none. `show --format json` says "role": null then, an export leaves the key out,
# and the text history names no role beside an actor of another name (`ann via itsm`).
without_roles() {
  sed -e 's/"role": "itsm"/"role": null/g' -e 's/,"role":"itsm"//g' -e 's/ via itsm / /' "$@"
}

# same_on_both DESCRIPTION FILE_STORE SERVER_URI FUNCTION: runs FUNCTION (commands through step)
# once on the file store and once on the server, transcripts in $SCRATCH/FUNCTION.file and
# .server; fails unless the two are the same byte for byte, but for the roles the server
# records (without_roles).
same_on_both() {
  local what=$1 file=$2 server=$3 fn=$4
  : >"$SCRATCH/$fn.file"
  : >"$SCRATCH/$fn.server"
  ITSM_DB=$file STEP_OUT=$SCRATCH/$fn.file "$fn"
  ITSM_DB=$server STEP_OUT=$SCRATCH/$fn.server "$fn"
  CHECKS=$((CHECKS + 1))
  if ! without_roles "$SCRATCH/$fn.server" | diff -u "$SCRATCH/$fn.file" - >"$SCRATCH/$fn.diff"
  then
    fail "$what: the same commands print the same on both stores: $(head -40 "$SCRATCH/$fn.diff")"
  fi
}

# checks_alike DESCRIPTION FILE_STORE SERVER_URI: `itsm check` (text and JSON) says the same of
# both stores, but for the store's name.
checks_alike() {
  local what=$1 file=$2 server=$3 format a b
  for format in text json; do
    a=$("$ITSM_BIN" --db "$file" check --format "$format" 2>&1)
    a+=" exit $?"
    b=$("$ITSM_BIN" --db "$server" check --format "$format" 2>&1)
    b+=" exit $?"
    expect_eq "${b//"$server"/STORE}" "${a//"$file"/STORE}" \
      "$what: check --format $format says the same on both stores"
  done
}
