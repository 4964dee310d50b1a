#!/usr/bin/env bash
# How cost grows with the store (docs/performance.md, "Scale"): `scripts/bench --scale` runs
# this with a Release itsm. For each size in ITSM_BENCH_SIZES (default 100,000, 1,000,000 and
# 10,000,000 tickets) it builds a store through `itsm import` and measures each command beside
# its baseline (the sqlite3 shell doing the same work), side by side in one hyperfine run, with
# the peak memory (max RSS) of the commands that read the whole period or store. Then it writes
# the table into docs/performance.md and the chart (time against store size, log-log) into
# docs/scale.svg, unless ITSM_BENCH_PRINT_ONLY=1. The same commands then run on a PostgreSQL
# store (ITSM_BENCH_PG_SIZES, default 100,000 and 1,000,000) beside psql: rows `server:` and
# docs/scale-server.svg.
#
# Tickets arrive at a constant rate (ITSM_BENCH_PER_DAY, default 1,500 a day, about MKIP's
# desk at a million tickets over two years), so a larger store is a longer history: a month
# holds as many tickets at every size, and only the work that grows with the store grows.
# Needs about 1.6 KB of disk per ticket in TMPDIR (16 GB at 10,000,000).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
itsm_bin=${1:?usage: tests/bench/scale.sh ITSM_BIN}
sizes=${ITSM_BENCH_SIZES:-100000 1000000 10000000}
per_day=${ITSM_BENCH_PER_DAY:-1500}
runs=${ITSM_BENCH_RUNS:-10}
open_large=${ITSM_BENCH_OPEN:-1000000}

work=$(mktemp -d "${TMPDIR:-/tmp}/itsm-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ITSM_CONFIG=$root/examples/mkip ITSM_ACTOR=bench ITSM_NOW="2026-11-23 12:00"
unset ITSM_DB
say() { printf 'bench: %s\n' "$*" >&2; }

# gen N OPEN: N tickets at the constant rate, the newest OPEN of them open, as NDJSON.
gen() {
  sqlite3 :memory: -cmd ".parameter set @n $1" -cmd ".parameter set @open $2" \
    -cmd ".parameter set @per_day $per_day" <tests/bench/tickets.sql
}

# peak CMD...: runs CMD once, prints "SECONDS MAX_RSS_KB".
peak() {
  /usr/bin/time -f '%e %M' -o "$work/time" "$@" >/dev/null 2>"$work/peak.err" || {
    cat "$work/peak.err" >&2
    return 1
  }
  cat "$work/time"
}

# pair NAME RUNS [HYPERFINE OPTIONS] ITSM_CMD BASELINE_CMD: medians into $mine and $theirs.
pair() {
  local name=$1 n=$2
  shift 2
  hyperfine -N --style none --runs "$n" --export-json "$work/$name.json" "$@" >/dev/null 2>&1 ||
    hyperfine -N --runs "$n" "$@"
  read -r mine theirs < <(jq -r '[.results[].median] | @tsv' "$work/$name.json")
}

# The results, one line each: size|what|itsm seconds|baseline|baseline seconds|max RSS KB.
results=()
add() { results+=("$1|$2|$3|$4|$5|$6"); }

# first_byte CMD...: seconds until CMD's first byte of output.
first_byte() {
  python3 - "$@" <<'EOF'
import subprocess, sys, time
start = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
p.stdout.read(1)
print(f"{time.monotonic() - start:.4f}")
p.kill()
p.wait()
EOF
}

source tests/bench/baselines.sh
insert=$bench_insert
# What sla-check reads: the histories of the open tickets, found by their statuses (the index
# itsm uses when they are few).
open_history="SELECT count(*), sum(length(e.detail)) FROM tickets t JOIN events e ON e.ticket = t.number WHERE t.status IN ('new', 'assigned', 'on-hold')"
log_args=(log --title 'Printer jams on floor 2' --priority P4 --service printing)

# sql_copy STORE COPY: a copy of STORE that the sqlite3 shell can write.
sql_copy() {
  cp "$1" "$2"
  sqlite_writable "$2"
}

# measure_size N DB: every command on the store DB of N tickets. The copy for the sqlite3 shell
# has just been written and is in the page cache; the store may not be, after the copy of ten
# million tickets: the warm-up runs bring the pages a command touches back in for both sides.
measure_size() {
  local n=$1 db=$2 mid=$(($1 / 2)) open_id
  sql_copy "$db" "$work/sql.db"
  sync
  pair "log-$n" "$runs" --warmup 5 "$itsm_bin --db $db ${log_args[*]@Q}" \
    "sqlite3 $work/sql.db \"$insert\""
  add "$n" log "$mine" "sqlite3 INSERT" "$theirs" -
  pair "show-$n" "$runs" --warmup 2 "$itsm_bin --db $db show $mid --format json" \
    "sqlite3 -json $db 'SELECT * FROM tickets WHERE number = $mid; SELECT * FROM events WHERE ticket = $mid ORDER BY id'"
  add "$n" show "$mine" "sqlite3 -json, its rows" "$theirs" -
  open_id=$((n - 1))
  pair "assign-$n" "$runs" --warmup 3 "$itsm_bin --db $db assign $open_id --group second-line --to bob" \
    "sqlite3 $work/sql.db \"BEGIN; UPDATE tickets SET assignee = 'bob', updated_at = unixepoch() WHERE number = $open_id; INSERT INTO events(ticket,at,actor,kind,detail) VALUES($open_id,unixepoch(),'bench','assigned',json_object('assignee','bob')); COMMIT;\""
  add "$n" assign "$mine" "sqlite3 UPDATE + INSERT" "$theirs" -
  pair "list-$n" "$runs" "$itsm_bin --db $db list --status assigned --format json" \
    "sqlite3 -json $db \"SELECT * FROM tickets WHERE status = 'assigned' ORDER BY number\""
  add "$n" "list --status assigned" "$mine" "sqlite3 -json, same rows" "$theirs" -

  local from to rss
  from=$(date -u -d 2026-10-01 +%s)
  to=$(date -u -d 2026-11-01 +%s)
  pair "report-$n" "$runs" "$itsm_bin --db $db report monthly --month 2026-10 --format json" \
    "sqlite3 $db -cmd '.parameter set @from $from' -cmd '.parameter set @to $to' -cmd '.read tests/bench/report.sql' .quit"
  read -r _ rss < <(peak "$itsm_bin" --db "$db" report monthly --month 2026-10 --format json)
  add "$n" "report monthly" "$mine" "the figures in plain SQL" "$theirs" "$rss"
  pair "sla-$n" 3 --ignore-failure "$itsm_bin --db $db sla-check --format json" \
    "sqlite3 $db \"$open_history\""
  read -r _ rss < <(peak sh -c "'$itsm_bin' --db '$db' sla-check --format json || [ \$? -eq 1 ]")
  add "$n" "sla-check ($((n / 50)) open)" "$mine" "sqlite3 reading their history" "$theirs" "$rss"

  local secs first
  read -r secs rss < <(peak "$itsm_bin" --db "$db" export --from 2026-10-01 --to 2026-10-31)
  first=$(first_byte "$itsm_bin" --db "$db" export --from 2026-10-01 --to 2026-10-31)
  add "$n" "export of a month (first line $first s)" "$secs" - - "$rss"
  read -r secs rss < <(peak "$itsm_bin" --db "$db" check)
  add "$n" check "$secs" - - "$rss"
}

# The floor: the same commands on a store of one ticket.
say "empty store"
"$itsm_bin" --db "$work/empty.db" "${log_args[@]}" >/dev/null
"$itsm_bin" --db "$work/empty.db" assign 1 --group second-line --to alice >/dev/null
sql_copy "$work/empty.db" "$work/empty-sql.db"
pair log-0 "$runs" --warmup 5 "$itsm_bin --db $work/empty.db ${log_args[*]@Q}" \
  "sqlite3 $work/empty-sql.db \"$insert\""
add 1 log "$mine" "sqlite3 INSERT" "$theirs" -
pair show-0 "$runs" --warmup 2 "$itsm_bin --db $work/empty.db show 1 --format json" \
  "sqlite3 -json $work/empty.db 'SELECT * FROM tickets WHERE number = 1; SELECT * FROM events WHERE ticket = 1 ORDER BY id'"
add 1 show "$mine" "sqlite3 -json, its rows" "$theirs" -
pair assign-0 "$runs" --warmup 3 "$itsm_bin --db $work/empty.db assign 1 --group second-line --to bob" \
  "sqlite3 $work/empty-sql.db \"BEGIN; UPDATE tickets SET assignee = 'bob', updated_at = unixepoch() WHERE number = 1; INSERT INTO events(ticket,at,actor,kind,detail) VALUES(1,unixepoch(),'bench','assigned',json_object('assignee','bob')); COMMIT;\""
add 1 assign "$mine" "sqlite3 UPDATE + INSERT" "$theirs" -

for n in $sizes; do
  say "$n tickets: generating"
  gen "$n" "$((n / 50))" >"$work/tickets.ndjson"
  say "$n tickets: import"
  read -r secs rss < <(peak "$itsm_bin" --db "$work/store.db" import "$work/tickets.ndjson")
  add "$n" import "$secs" - - "$rss"
  rm -f "$work/tickets.ndjson"
  say "$n tickets: commands"
  measure_size "$n" "$work/store.db"
  rm -f "$work"/store.db* "$work"/sql.db*
done

# The same on a server store (docs/team-store.md): a throwaway PostgreSQL cluster
# (tests/cli/pg.sh), each command beside psql doing the same work, the writes on a copy of the
# database. Sizes in ITSM_BENCH_PG_SIZES (default 100,000 and 1,000,000; empty: none).
pg_sizes=${ITSM_BENCH_PG_SIZES-100000 1000000}
measure_server() {
  local n=$1 db=$2 mid=$(($1 / 2)) open_id=$(($1 - 1)) uri sql
  uri=$(pg_uri "$db")
  sql="$PG_BIN/psql -X -q -A -t -h $PG_DIR -U itsm -d"
  pg_sql postgres "CREATE DATABASE ${db}_sql TEMPLATE $db" >/dev/null
  pair "pg-log-$n" "$runs" --warmup 5 "$itsm_bin --db $uri ${log_args[*]@Q}" \
    "$sql ${db}_sql -f $work/insert.sql"
  add "$n" "server: log" "$mine" "psql INSERT" "$theirs" -
  pair "pg-show-$n" "$runs" --warmup 2 "$itsm_bin --db $uri show $mid --format json" \
    "$sql $db -c 'SELECT row_to_json(t) FROM tickets t WHERE number = $mid' -c 'SELECT row_to_json(e) FROM events e WHERE ticket = $mid ORDER BY id'"
  add "$n" "server: show" "$mine" "psql, its rows as JSON" "$theirs" -
  pair "pg-assign-$n" "$runs" --warmup 3 "$itsm_bin --db $uri assign $open_id --group second-line --to bob" \
    "$sql ${db}_sql -c \"BEGIN; UPDATE tickets SET assignee = 'bob', updated_at = extract(epoch FROM now())::bigint WHERE number = $open_id; INSERT INTO events(ticket,at,actor,kind,detail,hash) VALUES($open_id,extract(epoch FROM now())::bigint,'bench','assigned',json_build_object('assignee','bob')::text,sha256('bench'::bytea)); COMMIT;\""
  add "$n" "server: assign" "$mine" "psql UPDATE + INSERT" "$theirs" -
  pair "pg-list-$n" "$runs" "$itsm_bin --db $uri list --status assigned --format json" \
    "$sql $db -c \"SELECT row_to_json(t) FROM tickets t WHERE status = 'assigned' ORDER BY number\""
  add "$n" "server: list --status assigned" "$mine" "psql, same rows as JSON" "$theirs" -
  local from to rss secs first
  from=$(date -u -d 2026-10-01 +%s)
  to=$(date -u -d 2026-11-01 +%s)
  pair "pg-report-$n" "$runs" "$itsm_bin --db $uri report monthly --month 2026-10 --format json" \
    "$sql $db -v from=$from -v to=$to -f tests/bench/report_pg.sql"
  read -r _ rss < <(peak "$itsm_bin" --db "$uri" report monthly --month 2026-10 --format json)
  add "$n" "server: report monthly" "$mine" "the figures in plain SQL" "$theirs" "$rss"
  pair "pg-sla-$n" 3 --ignore-failure "$itsm_bin --db $uri sla-check --format json" \
    "$sql $db -c \"$open_history\""
  read -r _ rss < <(peak sh -c "'$itsm_bin' --db '$uri' sla-check --format json || [ \$? -eq 1 ]")
  add "$n" "server: sla-check ($((n / 50)) open)" "$mine" "psql reading their history" "$theirs" "$rss"
  read -r secs rss < <(peak "$itsm_bin" --db "$uri" export --from 2026-10-01 --to 2026-10-31)
  first=$(first_byte "$itsm_bin" --db "$uri" export --from 2026-10-01 --to 2026-10-31)
  add "$n" "server: export of a month (first line $first s)" "$secs" - - "$rss"
  read -r secs rss < <(peak "$itsm_bin" --db "$uri" check)
  add "$n" "server: check" "$secs" - - "$rss"
  pg_sql postgres "DROP DATABASE ${db}_sql" >/dev/null
}

if [ -n "$pg_sizes" ]; then
  say "server: a throwaway PostgreSQL cluster"
  SCRATCH=$work
  source tests/cli/pg.sh
  pg_start
  printf '%s\n' "$bench_pg_insert" >"$work/insert.sql"
  pg_sql postgres "CREATE DATABASE empty" >/dev/null
  "$itsm_bin" --db "$(pg_uri empty)" store init >/dev/null
  "$itsm_bin" --db "$(pg_uri empty)" "${log_args[@]}" >/dev/null
  "$itsm_bin" --db "$(pg_uri empty)" assign 1 --group second-line --to alice >/dev/null
  pg_sql postgres "CREATE DATABASE empty_sql TEMPLATE empty" >/dev/null
  sql="$PG_BIN/psql -X -q -A -t -h $PG_DIR -U itsm -d"
  pair pg-log-0 "$runs" --warmup 5 "$itsm_bin --db $(pg_uri empty) ${log_args[*]@Q}" \
    "$sql empty_sql -f $work/insert.sql"
  add 1 "server: log" "$mine" "psql INSERT" "$theirs" -
  pair pg-show-0 "$runs" --warmup 2 "$itsm_bin --db $(pg_uri empty) show 1 --format json" \
    "$sql empty -c 'SELECT row_to_json(t) FROM tickets t WHERE number = 1' -c 'SELECT row_to_json(e) FROM events e WHERE ticket = 1 ORDER BY id'"
  add 1 "server: show" "$mine" "psql, its rows as JSON" "$theirs" -
  pair pg-assign-0 "$runs" --warmup 3 "$itsm_bin --db $(pg_uri empty) assign 1 --group second-line --to bob" \
    "$sql empty_sql -c \"BEGIN; UPDATE tickets SET assignee = 'bob', updated_at = extract(epoch FROM now())::bigint WHERE number = 1; INSERT INTO events(ticket,at,actor,kind,detail,hash) VALUES(1,extract(epoch FROM now())::bigint,'bench','assigned',json_build_object('assignee','bob')::text,sha256('bench'::bytea)); COMMIT;\""
  add 1 "server: assign" "$mine" "psql UPDATE + INSERT" "$theirs" -
  for n in $pg_sizes; do
    say "server, $n tickets: generating"
    gen "$n" "$((n / 50))" >"$work/tickets.ndjson"
    say "server, $n tickets: import"
    pg_sql postgres "CREATE DATABASE s$n" >/dev/null
    "$itsm_bin" --db "$(pg_uri "s$n")" store init >/dev/null
    read -r secs rss < <(peak "$itsm_bin" --db "$(pg_uri "s$n")" import "$work/tickets.ndjson")
    add "$n" "server: import" "$secs" - - "$rss"
    rm -f "$work/tickets.ndjson"
    pg_sql "s$n" "VACUUM ANALYZE" >/dev/null
    say "server, $n tickets: commands"
    measure_server "$n" "s$n"
    pg_sql postgres "DROP DATABASE s$n" >/dev/null
  done
  pg_stop
fi

say "sla-check over $open_large open tickets"
gen "$open_large" "$open_large" >"$work/open.ndjson"
"$itsm_bin" --db "$work/open.db" import "$work/open.ndjson" >/dev/null
rm -f "$work/open.ndjson"
read -r secs rss < <(peak sh -c "'$itsm_bin' --db '$work/open.db' sla-check --format json || [ \$? -eq 1 ]")
add "$open_large" "sla-check, all open" "$secs" - - "$rss"

# The table and the chart.
printf '%s\n' "${results[@]}" >"$work/results"
python3 tests/bench/scale_report.py "$work/results" "$work/table.md" "$work/scale.svg"
cat "$work/table.md"
if [ "${ITSM_BENCH_PRINT_ONLY:-0}" = 1 ]; then
  exit 0
fi
machine="$(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
{
  printf '<!-- scale:begin -->\n'
  printf 'Measured by `scripts/bench --scale` on %s (%s), Release build, medians of %s runs\n' \
    "$(date -u +%Y-%m-%d)" "$machine" "$runs"
  printf '(sla-check: 3); import, export and check run once. ![time against store size](scale.svg)\n'
  if [ -f "$work/scale-server.svg" ]; then
    printf '\nThe rows `server:` are the same commands on a PostgreSQL store, beside psql:\n'
    printf '![time against store size, server](scale-server.svg)\n'
  fi
  printf '\n'
  cat "$work/table.md"
  printf '<!-- scale:end -->\n'
} >"$work/figures.md"
doc=docs/performance.md
if grep -q '<!-- scale:begin -->' "$doc"; then
  awk -v figures="$work/figures.md" '
    /<!-- scale:begin -->/ { while ((getline line < figures) > 0) print line; skip = 1; next }
    /<!-- scale:end -->/ { skip = 0; next }
    !skip { print }' "$doc" >"$work/doc.md"
  cp "$work/doc.md" "$doc"
else
  printf "\n## Scale\n\n" >>"$doc"
  cat "$work/figures.md" >>"$doc"
fi
cp "$work/scale.svg" docs/scale.svg
if [ -f "$work/scale-server.svg" ]; then
  cp "$work/scale-server.svg" docs/scale-server.svg
fi
say "figures written to $doc and docs/scale*.svg"
