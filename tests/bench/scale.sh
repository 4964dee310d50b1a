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
sizes=${ITSM_BENCH_SIZES-100000 1000000 10000000}
per_day=${ITSM_BENCH_PER_DAY:-1500}
runs=${ITSM_BENCH_RUNS:-10}
open_large=${ITSM_BENCH_OPEN:-1000000}

work=$(mktemp -d "${TMPDIR:-/tmp}/itsm-scale.XXXXXX")
trap 'rm -rf "$work"' EXIT
export ITSM_CONFIG=$root/examples/mkip ITSM_ACTOR=bench ITSM_NOW="2026-11-23 12:00"
# The parsed configuration is kept with the stores, not in the user's cache; the first command
# parses the files and keeps it, as a desk's first command of the day does (docs/configuration.md).
export XDG_CACHE_HOME=$work/cache
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

# pair NAME RUNS [HYPERFINE OPTIONS] ITSM_CMD BASELINE_CMD [FLOOR_CMD]: medians into $mine,
# $theirs and $floor (FLOOR_CMD's, empty without it).
pair() {
  local name=$1 n=$2
  shift 2
  hyperfine -N --style none --runs "$n" --export-json "$work/$name.json" "$@" >/dev/null 2>&1 ||
    hyperfine -N --runs "$n" "$@"
  floor=
  read -r mine theirs floor < <(jq -r '[.results[].median] | @tsv' "$work/$name.json")
}

# The results, one line each: size|what|itsm seconds|baseline|baseline seconds|max RSS KB.
results=()
add() { results+=("$1|$2|$3|$4|$5|$6"); }
# add_pair N WHAT BASELINE: the last pair's row, and its floor's (`beside: WHAT`) when it had one.
add_pair() {
  add "$1" "$2" "$mine" "$3" "$theirs" -
  if [ -n "$floor" ]; then
    add "$1" "beside: $2" "$floor" - - -
  fi
}

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

# The stores: KIND is `file` (DB a file) or `server` (DB a database of the cluster pg_start
# makes). Each command's baseline reads DB and writes its copy, copy_of DB, made by the caller.
from=$(date -u -d 2026-10-01 +%s)
to=$(date -u -d 2026-11-01 +%s)
copy_of() { if [ "$1" = file ]; then printf '%s' "${2%.db}-sql.db"; else printf '%s' "${2}_sql"; fi; }
uri_of() { if [ "$1" = file ]; then printf '%s' "$2"; else pg_uri "$2"; fi; }
# A row's name: the server's rows are `server: ...`.
label_of() { if [ "$1" = server ]; then printf 'server: '; fi; }

# baseline KIND WHAT DB [NUMBER]: the command doing WHAT's work without itsm, and its name.
declare -A base_name=(
  [file:log]="sqlite3 INSERT" [server:log]="psql INSERT"
  [file:show]="sqlite3 -json, its rows" [server:show]="psql, its rows as JSON"
  [file:assign]="sqlite3 UPDATE + INSERT" [server:assign]="psql UPDATE + INSERT"
  [file:list]="sqlite3 -json, same rows" [server:list]="psql, same rows as JSON"
  [file:report]="the figures in plain SQL" [server:report]="the figures in plain SQL"
  [file:sla]="sqlite3 reading their history" [server:sla]="psql reading their history")
baseline() {
  local kind=$1 what=$2 db=$3 number=${4:-} copy
  copy=$(copy_of "$kind" "$db")
  if [ "$kind" = file ]; then
    case $what in
      log) printf '%s' "sqlite3 $copy \"$insert\"" ;;
      show) printf '%s' "sqlite3 -json $db 'SELECT * FROM tickets WHERE number = $number; SELECT * FROM events WHERE ticket = $number ORDER BY id'" ;;
      assign) printf '%s' "sqlite3 $copy \"BEGIN; UPDATE tickets SET assignee = 'bob', updated_at = unixepoch() WHERE number = $number; INSERT INTO events(ticket,at,actor,kind,detail) VALUES($number,unixepoch(),'bench','assigned',json_object('assignee','bob')); COMMIT;\"" ;;
      list) printf '%s' "sqlite3 -json $db \"SELECT * FROM tickets WHERE status = 'assigned' ORDER BY number\"" ;;
      report) printf '%s' "sqlite3 $db -cmd '.parameter set @from $from' -cmd '.parameter set @to $to' -cmd '.read tests/bench/report.sql' .quit" ;;
      sla) printf '%s' "sqlite3 $db \"$open_history\"" ;;
    esac
    return
  fi
  local sql="$PG_BIN/psql -X -q -A -t -h $PG_DIR -U itsm -d"
  case $what in
    log) printf '%s' "$sql $copy -f $work/insert.sql" ;;
    show) printf '%s' "$sql $db -c 'SELECT row_to_json(t) FROM tickets t WHERE number = $number' -c 'SELECT row_to_json(e) FROM events e WHERE ticket = $number ORDER BY id'" ;;
    assign) printf '%s' "$sql $copy -c \"BEGIN; UPDATE tickets SET assignee = 'bob', updated_at = extract(epoch FROM now())::bigint WHERE number = $number; INSERT INTO events(ticket,at,actor,kind,detail,hash) VALUES($number,extract(epoch FROM now())::bigint,'bench','assigned',json_build_object('assignee','bob')::text,sha256('bench'::bytea)); COMMIT;\"" ;;
    list) printf '%s' "$sql $db -c \"SELECT row_to_json(t) FROM tickets t WHERE status = 'assigned' ORDER BY number\"" ;;
    report) printf '%s' "$sql $db -v from=$from -v to=$to -f tests/bench/report_pg.sql" ;;
    sla) printf '%s' "$sql $db -c \"$open_history\"" ;;
  esac
}

# one_ticket KIND N DB NUMBER OPEN [FLOOR]: log, show NUMBER and assign OPEN on the store DB of
# N tickets, each beside its baseline, and beside the same command on FLOOR, a fresh copy of the
# one-ticket store, in the same hyperfine run: whether the cost grows with the store is judged
# side by side, not against the floor measured minutes before in another state of the machine
# (rows `beside:`, read by scale_report.py). A store's copy has just been written and is in the
# page cache; the store may not be, after the copy of ten million tickets: the warm-up runs
# bring the pages a command touches back in for both sides.
one_ticket() {
  local kind=$1 n=$2 db=$3 number=$4 open=$5 label uri fl=
  label=$(label_of "$kind")
  uri=$(uri_of "$kind" "$db")
  [ -n "${6:-}" ] && fl=$(uri_of "$kind" "$6")
  pair "$kind-log-$n" "$runs" --warmup 5 "$itsm_bin --db $uri ${log_args[*]@Q}" \
    "$(baseline "$kind" log "$db")" ${fl:+"$itsm_bin --db $fl ${log_args[*]@Q}"}
  add_pair "$n" "${label}log" "${base_name[$kind:log]}"
  pair "$kind-show-$n" "$runs" --warmup 2 "$itsm_bin --db $uri show $number --format json" \
    "$(baseline "$kind" show "$db" "$number")" ${fl:+"$itsm_bin --db $fl show 1 --format json"}
  add_pair "$n" "${label}show" "${base_name[$kind:show]}"
  pair "$kind-assign-$n" "$runs" --warmup 3 \
    "$itsm_bin --db $uri assign $open --group second-line --to bob" \
    "$(baseline "$kind" assign "$db" "$open")" \
    ${fl:+"$itsm_bin --db $fl assign 1 --group second-line --to bob"}
  add_pair "$n" "${label}assign" "${base_name[$kind:assign]}"
}

# whole_store KIND N DB: the commands that read many tickets, with the peak memory of those
# that read a period or the whole store.
whole_store() {
  local kind=$1 n=$2 db=$3 label uri rss secs first
  label=$(label_of "$kind")
  uri=$(uri_of "$kind" "$db")
  pair "$kind-list-$n" "$runs" "$itsm_bin --db $uri list --status assigned --format json" \
    "$(baseline "$kind" list "$db")"
  add_pair "$n" "${label}list --status assigned" "${base_name[$kind:list]}"
  pair "$kind-report-$n" "$runs" "$itsm_bin --db $uri report monthly --month 2026-10 --format json" \
    "$(baseline "$kind" report "$db")"
  read -r _ rss < <(peak "$itsm_bin" --db "$uri" report monthly --month 2026-10 --format json)
  add "$n" "${label}report monthly" "$mine" "${base_name[$kind:report]}" "$theirs" "$rss"
  pair "$kind-sla-$n" 3 --ignore-failure "$itsm_bin --db $uri sla-check --format json" \
    "$(baseline "$kind" sla "$db")"
  read -r _ rss < <(peak sh -c "'$itsm_bin' --db '$uri' sla-check --format json || [ \$? -eq 1 ]")
  add "$n" "${label}sla-check ($((n / 50)) open)" "$mine" "${base_name[$kind:sla]}" "$theirs" "$rss"
  read -r secs rss < <(peak "$itsm_bin" --db "$uri" export --from 2026-10-01 --to 2026-10-31)
  first=$(first_byte "$itsm_bin" --db "$uri" export --from 2026-10-01 --to 2026-10-31)
  add "$n" "${label}export of a month (first line $first s)" "$secs" - - "$rss"
  read -r secs rss < <(peak "$itsm_bin" --db "$uri" check)
  add "$n" "${label}check" "$secs" - - "$rss"
}

# A copy of the file store DB that the sqlite3 shell can write.
file_copy() {
  cp "$1" "$(copy_of file "$1")"
  sqlite_writable "$(copy_of file "$1")"
  sync
}

# The floor: the same commands on a store of one ticket.
say "empty store"
"$itsm_bin" --db "$work/empty.db" "${log_args[@]}" >/dev/null
"$itsm_bin" --db "$work/empty.db" assign 1 --group second-line --to alice >/dev/null
cp "$work/empty.db" "$work/pristine.db"
file_copy "$work/empty.db"
one_ticket file 1 "$work/empty.db" 1 1

for n in $sizes; do
  say "$n tickets: generating"
  gen "$n" "$((n / 50))" >"$work/tickets.ndjson"
  say "$n tickets: import"
  read -r secs rss < <(peak "$itsm_bin" --db "$work/store.db" import "$work/tickets.ndjson")
  add "$n" import "$secs" - - "$rss"
  rm -f "$work/tickets.ndjson"
  say "$n tickets: commands"
  rm -f "$work"/floor.db*
  cp "$work/pristine.db" "$work/floor.db"
  file_copy "$work/store.db"
  one_ticket file "$n" "$work/store.db" "$((n / 2))" "$((n - 1))" "$work/floor.db"
  whole_store file "$n" "$work/store.db"
  rm -f "$work"/store*.db*
done

# The same on a server store (docs/team-store.md): a throwaway PostgreSQL cluster
# (tests/cli/pg.sh), each command beside psql doing the same work, the writes on a copy of the
# database. Sizes in ITSM_BENCH_PG_SIZES (default 100,000 and 1,000,000; empty: none).
pg_sizes=${ITSM_BENCH_PG_SIZES-100000 1000000}
# server_store DB: a new database DB set up as a store.
server_store() {
  pg_sql postgres "CREATE DATABASE $1" >/dev/null
  "$itsm_bin" --db "$(pg_uri "$1")" store init >/dev/null
}
server_copy() { pg_sql postgres "CREATE DATABASE $(copy_of server "$1") TEMPLATE $1" >/dev/null; }
if [ -n "$pg_sizes" ]; then
  say "server: a throwaway PostgreSQL cluster"
  SCRATCH=$work
  source tests/cli/pg.sh
  pg_start
  printf '%s\n' "$bench_pg_insert" >"$work/insert.sql"
  server_store empty
  "$itsm_bin" --db "$(pg_uri empty)" "${log_args[@]}" >/dev/null
  "$itsm_bin" --db "$(pg_uri empty)" assign 1 --group second-line --to alice >/dev/null
  pg_sql postgres "CREATE DATABASE pristine TEMPLATE empty" >/dev/null
  server_copy empty
  one_ticket server 1 empty 1 1
  for n in $pg_sizes; do
    say "server, $n tickets: generating"
    gen "$n" "$((n / 50))" >"$work/tickets.ndjson"
    say "server, $n tickets: import"
    server_store "s$n"
    read -r secs rss < <(peak "$itsm_bin" --db "$(pg_uri "s$n")" import "$work/tickets.ndjson")
    add "$n" "server: import" "$secs" - - "$rss"
    rm -f "$work/tickets.ndjson"
    pg_sql "s$n" "VACUUM ANALYZE" >/dev/null
    say "server, $n tickets: commands"
    server_copy "s$n"
    pg_sql postgres "CREATE DATABASE floor TEMPLATE pristine" >/dev/null
    one_ticket server "$n" "s$n" "$((n / 2))" "$((n - 1))" floor
    whole_store server "$n" "s$n"
    pg_sql postgres "DROP DATABASE floor" >/dev/null
    pg_sql postgres "DROP DATABASE s${n}_sql" >/dev/null
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
if [ -f "$work/scale.svg" ]; then
  cp "$work/scale.svg" docs/scale.svg
fi
if [ -f "$work/scale-server.svg" ]; then
  cp "$work/scale-server.svg" docs/scale-server.svg
fi
say "figures written to $doc and docs/scale*.svg"
