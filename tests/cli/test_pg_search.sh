#!/usr/bin/env bash
# Full-text search on the PostgreSQL store (docs/knowledge.md, docs/team-store.md), on a real
# server started by the suite: the same queries on a file store and on the server find the same
# tickets (ids compared as sets, since the ranking differs), in the same JSON shape; the index
# follows every change; a bad query is refused with one line and exit 2; an older database is
# upgraded and its tickets found.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/pg.sh"
use_config office
pg_desk

corpus() {
  step log --title "Printer jams on floor 2" --description "paper jam in tray 1" \
    --at "2026-11-02 09:00"
  step resolve INC-1 --resolution "Fuser unit replaced" --at "2026-11-02 11:00"
  step log --title "Printers offline" --description "all printers in the hall are gone" \
    --at "2026-11-03 09:00"
  step note INC-2 "toner cartridge empty on the second one" --at "2026-11-03 09:30"
  step resolve INC-2 --resolution "Toner replaced" --at "2026-11-03 10:00"
  step close INC-2 --satisfaction 5 --at "2026-11-04 09:00"
  step log --title "Printing is slow" --description "the queue prints one page a minute" \
    --at "2026-11-05 09:00"
  step log --title "VPN drops every hour" --description "tunnel resets, mailbox sync fails" \
    --at "2026-11-06 09:00"
  step log --title "Mailbox quota reached" --description "cannot receive mail" \
    --at "2026-11-07 09:00"
  step resolve INC-5 --resolution "Archive enabled; quota raised" --at "2026-11-07 12:00"
  step update INC-3 --title "Printing is slow on floor 3" --at "2026-11-08 09:00"
}
same_on_both "the corpus" "$FILE" "$DESK" corpus

# found DB QUERY [ARGS...]: the sorted ids `search` finds on DB.
found() {
  local db=$1
  shift
  "$ITSM_BIN" --db "$db" search "$@" --format json | jq -r '[.[].id] | sort | join(",")'
}
# alike QUERY EXPECTED [ARGS...]: both stores find EXPECTED (sorted ids) for QUERY.
alike() {
  local query=$1 expected=$2
  shift 2
  expect_eq "$(found "$FILE" "$query" "$@")" "$expected" "file store: search '$query' $*"
  expect_eq "$(found "$DESK" "$query" "$@")" "$expected" "server: search '$query' $*"
}
alike "printer" "INC-1,INC-2"                       # printers: the same stem
alike "printers" "INC-1,INC-2"
alike "printing" "INC-3"                            # print: prints, printing
alike '"paper jam"' "INC-1"                         # a phrase
alike '"jam paper"' ""                              # its words in another order
alike "print*" "INC-1,INC-2,INC-3"                  # a prefix of the words as written
alike "printer NOT toner" "INC-1"                   # negation; toner is in a note and a resolution
alike "cartridge" "INC-2"                           # a work note is indexed
alike "vpn OR quota" "INC-4,INC-5"
alike "mailbox" "INC-4,INC-5"
alike "mailbox" "INC-5" --status resolved
alike "floor" "INC-1,INC-3"                         # a title changed by update is indexed again
alike "archive" "INC-5"                             # the resolution

# The same JSON shape and order of exact matches before family ones.
keys() { "$ITSM_BIN" --db "$1" search printer --format json | jq -c '[.[] | keys]'; }
expect_eq "$(keys "$DESK")" "$(keys "$FILE")" "the same fields in JSON"
run --db "$DESK" search printer --format json
expect_eq "$(jq -r '.[0].id' <<<"$OUT")" "INC-1" "the word as written comes before its family"
expect_match "$(jq -r '.[0].snippet' <<<"$OUT")" "\\[Printer\\]" "the snippet marks the word"
run --db "$DESK" search printer
expect_code 0 "text output"
expect_match "$OUT" "INC-1  resolved  Printer jams on floor 2" "a block per ticket"

# show --similar: the same tickets on both.
similar() {
  "$ITSM_BIN" --db "$1" show INC-3 --similar --format json | jq -r '[.similar[].id] | sort | join(",")'
}
expect_eq "$(similar "$DESK")" "$(similar "$FILE")" "show --similar finds the same tickets"
expect_eq "$(similar "$DESK")" "INC-1,INC-2" \
  "the resolved tickets sharing a word: floor (INC-1), one (a note of INC-2)"
# The hint log prints on a terminal.
tty_out=$(on_tty 100 "$ITSM_BIN" --db "$DESK" log --title "Printer jams in the hall" \
  --at "2026-11-09 09:00")
expect_match "$tty_out" "^INC-6" "on a terminal the id comes first"
expect_match "$tty_out" "hint: resolved tickets like this one .*INC-1" "then the hint"

# --reindex rebuilds and counts on the server too.
run --db "$DESK" search --reindex
expect_code 0 "reindex on the server"
expect_match "$OUT" "6" "counts the six tickets"
expect_eq "$(found "$DESK" printer)" "INC-1,INC-2,INC-6" "found after the rebuild"

# Bad queries: one line, exit 2, nothing written.
before=$(pg_sql desk "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM ticket_text t")
run --db "$DESK" search ""
expect_error 2 "search needs a QUERY" "no query"
run --db "$DESK" search "   "
expect_error 2 "the search query is empty" "a blank query"
run --db "$DESK" search "printer AND ("
expect_error 2 "search query 'printer AND \\(': parentheses and NEAR are not supported on a PostgreSQL store" \
  "parentheses"
expect_eq "$(wc -l <<<"$ERR")" "1" "one line"
run --db "$DESK" search "title:printer"
expect_error 2 "column filters \\(title:printer\\) are not supported" "a column filter"
run --db "$DESK" search "print* OR vpn"
expect_error 2 "a prefix \\(word\\*\\) beside OR is not supported" "a prefix beside OR"
run --db "$DESK" search '"printer'
expect_error 2 "unterminated string" "an unclosed quote"
run --db "$DESK" search "- ,"
expect_error 2 "the query has no words to look for" "no words"
expect_eq "$(pg_sql desk "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM ticket_text t")" \
  "$before" "the refused queries changed nothing"

# A store of schema version 2 (no index) is upgraded by its first command and its tickets found.
pg_sql postgres "CREATE DATABASE old" >/dev/null
OLD=$(pg_uri old)
itsm --db "$OLD" store init >/dev/null
itsm --db "$OLD" log --title "Scanner broken" --at "2026-12-01 09:00" >/dev/null
itsm --db "$OLD" log --title "Scanner fixed" --at "2026-12-01 09:05" >/dev/null
pg_sql old "SET client_min_messages = warning; DROP TABLE attachments, mail, ticket_text; DROP FUNCTION itsm_text_changed, \
itsm_text_index, itsm_text_vector, itsm_text_configs, itsm_text_stems, itsm_text_fill, \
itsm_events_append_only, itsm_events_actor, itsm_may_act_for_others, itsm_member_org, \
itsm_owns_store, itsm_events_role CASCADE; DROP TABLE itsm_org_members; ALTER TABLE events DROP COLUMN role; DROP INDEX events_escalated; ALTER TABLE links ADD FOREIGN KEY (other) REFERENCES tickets(number); \
UPDATE itsm_meta SET value = '2' WHERE key = 'schema_version'" >/dev/null
expect_eq "$(found "$OLD" scanner)" "INC-1,INC-2" "an upgraded store finds its tickets"
expect_eq "$(pg_sql old "SELECT value FROM itsm_meta WHERE key = 'schema_version'")" \
  "$(pg_version)" "upgraded to the current version"
run --db "$OLD" list --format json
expect_eq "$(jq -r '[.[].title] | join(",")' <<<"$OUT")" "Scanner broken,Scanner fixed" \
  "the tickets are kept"

finish
