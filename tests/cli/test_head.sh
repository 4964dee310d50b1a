#!/usr/bin/env bash
# The chain head on a file store (docs/security.md, "The audit chain"): `itsm check` and the
# daily report print it, and `itsm check --expect-head COUNT:HASH` fails when the store no longer
# holds that head: its newest events deleted (which plain `check` cannot see), an older event
# changed, or the whole history rewritten with fresh hashes. A head from before later events
# still passes.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-11-24 12:00"

chain_day1 >/dev/null || fail "setup: the first day's events"

# --- check and the daily report print the head --------------------------------------------------
run check --format json
expect_code 0 "a sound store"
head1="$(jq -r '"\(.head.count):\(.head.hash)"' <<<"$OUT")"
expect_eq "$(jq -r .head.count <<<"$OUT")" "4" "the head counts the four events"
expect_eq "$(jq -r .head.hash <<<"$OUT")" "$(jq -r .chain_head <<<"$OUT")" \
  "the head's hash is the chain head"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT lower(hex(hash)) FROM events ORDER BY id DESC LIMIT 1")" \
  "${head1#4:}" "the head is the newest event's stored hash"
run check
expect_code 0 "check in text"
expect_eq "$(tail -n 1 <<<"$OUT")" "head: $head1" "the text's last line gives COUNT:HASH"
run check --expect-head "$head1"
expect_code 0 "the head just printed"

run report daily --date 2026-11-23 --format json
expect_code 0 "daily report"
expect_eq "$(jq -r '"\(.head.count):\(.head.hash)"' <<<"$OUT")" "$head1" "JSON daily report's head"
run report daily --date 2026-11-23 --format csv
expect_eq "$(grep -E '^summary,head_(count|hash),' <<<"$OUT" | cut -d, -f3 | paste -sd:)" "$head1" \
  "CSV daily report's head_count and head_hash"
for format in text md html; do
  run report daily --date 2026-11-23 --format "$format"
  expect_code 0 "daily report in $format"
  expect_match "$OUT" "Audit chain head: $head1; keep it, and (&#39;|')itsm check --expect-head $head1(&#39;|') shows later" \
    "the $format daily report gives the head"
done
run report weekly --week 2026-W48 --format json
expect_eq "$(jq 'has("head")' <<<"$OUT")" "false" "a weekly report has no head"
run report monthly --month 2026-11 --format csv
expect_eq "$(grep -c '^summary,head_' <<<"$OUT")" "0" "a monthly report has no head"

# --- more events: the earlier head is still in the chain ---------------------------------------
chain_day2 >/dev/null || fail "setup: the second day's events"
run check --format json
head2="$(jq -r '"\(.head.count):\(.head.hash)"' <<<"$OUT")"
expect_match "$head2" "^6:[0-9a-f]{64}$" "the head after two more events"
run check --expect-head "$head1"
expect_code 0 "a head from before more events were added"
run check --expect-head "$(tr a-f A-F <<<"$head1")"
expect_code 0 "the hash in capitals"
run check --expect-head "0:$(printf '0%.0s' {1..64})"
expect_code 0 "the head of the empty chain"

# copy SQL: a copy of the store with SQL applied around itsm, checked with ARGS.
copy() {
  cp "$ITSM_DB" "$SCRATCH/t.db"
  sql "$SCRATCH/t.db" "$1"
  shift
  run --db "$SCRATCH/t.db" check "$@"
}

# --- the newest events deleted: plain check passes, the recorded head does not ----------------
cut_newest="DELETE FROM events WHERE ticket = 3; DELETE FROM tickets WHERE number = 3"
copy "$cut_newest"
expect_code 0 "plain check cannot see the newest events cut off"
expect_match "$OUT" "head: 5:" "the copy's head is one event shorter"
copy "$cut_newest" --expect-head "$head2"
expect_error 6 "failed its check with 1 problem \(head 1\); first: head: the chain has 5 events, fewer than the 6 of the head $head2 recorded earlier: events were deleted from its end" \
  "the head recorded before the deletion"
expect_match "$OUT" "^head: the chain has 5 events" "the problem is listed on standard output"
copy "$cut_newest" --expect-head "$head2" --format json
expect_eq "$(jq -c '[.ok, .head.count, .problems[0].check]' <<<"$OUT")" '[false,5,"head"]' \
  "JSON names the head problem"
copy "$cut_newest" --expect-head "$head1"
expect_code 0 "a head from before the deleted events still holds"
copy "DELETE FROM events WHERE id > 4; DELETE FROM tickets WHERE number = 3" --expect-head "$head2"
expect_code 6 "two newest events deleted"

# --- an older event changed -------------------------------------------------------------------
copy "UPDATE events SET actor = 'mallory' WHERE id = 2" --expect-head "$head1"
expect_error 6 "chain" "an older event edited"
# ... and the whole chain rehashed after it, so that it holds again: only the head shows it.
cp "$ITSM_DB" "$SCRATCH/t.db"
sqlite3 "$SCRATCH/t.db" "UPDATE events SET actor = 'mallory' WHERE id = 2"
python3 - "$SCRATCH/t.db" <<'EOF'
import hashlib, sqlite3, struct, sys
db = sqlite3.connect(sys.argv[1])
previous = bytes(32)
rows = db.execute("SELECT id, ticket, at, actor, kind, detail FROM events ORDER BY id").fetchall()
for id, ticket, at, actor, kind, detail in rows:
    m = previous + struct.pack(">qq", ticket, at)
    for text in (actor, kind, detail):
        b = text.encode()
        m += struct.pack(">I", len(b)) + b
    previous = hashlib.sha256(m).digest()
    db.execute("UPDATE events SET hash = ? WHERE id = ?", (previous, id))
db.commit()
EOF
run --db "$SCRATCH/t.db" check
expect_code 0 "a rewritten history with its chain recomputed passes plain check"
run --db "$SCRATCH/t.db" check --expect-head "$head2"
expect_error 6 "head: event number 6 of the chain has the hash [0-9a-f]{64}, not the ${head2#6:} of the head $head2 recorded earlier: the history up to it was rewritten" \
  "the recorded head shows the rewrite"
run --db "$SCRATCH/t.db" check --expect-head "$head1"
expect_code 6 "the older head shows it too"

# --- bad heads: exit 2, nothing read ----------------------------------------------------------
for bad in "" "4" ":${head1#4:}" "x:${head1#4:}" "-1:${head1#4:}" "4:${head1:2:60}" \
  "4:${head1#4:}0" "4:$(printf 'g%.0s' {1..64})" "4 :${head1#4:}" "99999999999999999999:${head1#4:}"; do
  run check --expect-head "$bad"
  expect_error 2 "^itsm: error: --expect-head: \".*\" is not a chain head; give COUNT:HASH" \
    "--expect-head '$bad'"
  expect_eq "$OUT" "" "nothing checked for '$bad'"
done
run --db "$SCRATCH/none.db" check --expect-head "$head1"
expect_error 6 "there is no store" "a store that is not there"

finish
