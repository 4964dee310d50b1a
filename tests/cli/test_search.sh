#!/usr/bin/env bash
# The knowledge base: full-text search ranked on a small corpus of the seeds' kinds of calls,
# highlighted snippets, the index in step after update, note, resolve and close, --reindex,
# `show --similar`, the hint after `log` only on a terminal, and bad queries.
source "$(dirname "$0")/lib.sh"
use_config office

# A corpus like the seeds' calls: printers, e-mail, VPN, passwords, a customs application.
log() { itsm log --at "2026-11-30 09:00" "$@"; }
p1=$(log --title "Printer on floor 2 jams" --description "Paper jam in tray 2 every morning")
p2=$(log --title "Cannot print payslips" --description "The printer queue shows an error")
m1=$(log --title "Outlook does not receive e-mail" --description "Mailbox full warning")
v1=$(log --title "VPN drops every ten minutes" --description "Home worker on fibre")
w1=$(log --title "Password reset for TARIC3" --description "User locked out after holidays")
x1=$(log --title "New starter laptop" --description "Request for the finance team; a printer is not needed")
itsm resolve "$p1" --resolution "Fuser unit replaced; tray rollers cleaned" --at "2026-11-30 10:00" >/dev/null
itsm close "$p1" --at "2026-11-30 10:05" >/dev/null
itsm resolve "$m1" --resolution "Archived old mail; mailbox quota raised" --at "2026-11-30 10:10" >/dev/null
itsm note "$v1" "Router firmware is old; the printer next to it is fine" --at "2026-11-30 10:20" >/dev/null

# --- ranking: a word in the title beats the same word in a description or note ---------------
run search printer --format json
expect_code 0 "search"
expect_eq "$(jq -r '.[0].id' <<<"$OUT")" "$p1" "the ticket with printer in its title ranks first"
expect_eq "$(jq -r '[.[].id] | sort | join(",")' <<<"$OUT")" "$(printf '%s\n' "$p1" "$p2" "$v1" "$x1" | sort | paste -sd,)" \
  "title, description and note matches, nothing else"
expect_eq "$(jq -r '[.[].score] | . == (sort | reverse)' <<<"$OUT")" "true" "best first"
expect_match "$(jq -r '.[0].snippet' <<<"$OUT")" "\[Printer\]" "the snippet marks the term"
expect_eq "$(jq -r '.[0].resolution' <<<"$OUT")" "Fuser unit replaced; tray rollers cleaned" "with its resolution"
idx_v1=$(jq -r --arg id "$v1" 'map(.id) | index($id)' <<<"$OUT")
idx_p2=$(jq -r --arg id "$p2" 'map(.id) | index($id)' <<<"$OUT")
CHECKS=$((CHECKS + 1))
[ "$idx_p2" -lt "$idx_v1" ] || fail "a description match ($p2 at $idx_p2) ranks above a note match ($v1 at $idx_v1)"
run search "printing"
expect_match "$OUT" "$p2" "stemming: printing finds print"
run search "fuser" --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$p1" "resolutions are searched"
run search "printer" --status resolved --status closed --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$p1" "--status narrows"
run search --status resolved,closed printer --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$p1" "--status comma-separated, before the query"
run search printer --status open --format json
expect_eq "$(jq -r '[.[].id] | sort | join(",")' <<<"$OUT")" "$(printf '%s\n' "$p2" "$v1" "$x1" | sort | paste -sd,)" "--status open"
run search '"mailbox quota"' --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$m1" "a phrase"
run search 'printer NOT jam' --format json
expect_eq "$(jq -r 'map(.id) | index("'"$p1"'")' <<<"$OUT")" "null" "NOT leaves a ticket out"
run search printer
expect_code 0 "text output"
expect_match "$OUT" "^$p1  closed  Printer on floor 2 jams" "text: id, status, title first"
run search zebra
expect_eq "$OUT" "no ticket matches" "no match"

# --- the index stays in step with changes -------------------------------------------------------
itsm update "$w1" --title "Account locked in the customs portal" --at "2026-11-30 11:00" >/dev/null
run search password --format json
expect_eq "$(jq -r 'map(.id) | index("'"$w1"'")' <<<"$OUT")" "null" "the old title is gone after update"
run search customs --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$w1" "the new title is found"
itsm note "$w1" "Unlocked in Active Directory" --at "2026-11-30 11:05" >/dev/null
run search directory --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$w1" "a new note is found"
itsm close "$w1" --resolution "Kerberos ticket cache cleared" --at "2026-11-30 11:10" >/dev/null
run search kerberos --status closed --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$w1" "a closing resolution is found"

# --- reindex: the same results from an index rebuilt from scratch -------------------------------
run search printer --format json
before=$(jq -c 'map(.id)' <<<"$OUT")
sql "$ITSM_DB" "DELETE FROM ticket_text"
run search printer --format json
expect_eq "$(jq length <<<"$OUT")" "0" "an emptied index finds nothing"
run search --reindex
expect_code 0 "reindex"
expect_eq "$OUT" "6 tickets indexed" "reindex counts the tickets"
run search printer --format json
expect_eq "$(jq -c 'map(.id)' <<<"$OUT")" "$before" "the rebuilt index gives the same ranking"
run search directory --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$w1" "notes are reindexed"

# --- upgrade: a store from before the index (schema 4) is searchable once migrated --------------
cp "$ITSM_DB" "$SCRATCH/old.db"
sql "$SCRATCH/old.db" "DROP TRIGGER ticket_text_insert; DROP TRIGGER ticket_text_update;
  DROP TRIGGER ticket_text_delete; DROP TRIGGER ticket_text_note; DROP TABLE ticket_text;
  DROP TABLE outbox; DROP TABLE notified; DROP TABLE mail; DROP TABLE attachments;
  DROP TRIGGER maintenance_seal; DROP TRIGGER maintenance_state_seal;
  ALTER TABLE maintenance DROP COLUMN seal; ALTER TABLE maintenance DROP COLUMN state_seal;
  DROP INDEX events_escalated; PRAGMA user_version = 4;"
run --db "$SCRATCH/old.db" search printer --format json
expect_code 0 "the first command, even one that only reads, upgrades the store"
expect_eq "$(sqlite3 "$SCRATCH/old.db" 'PRAGMA user_version')" "10" "the current schema (10)"
expect_eq "$(jq -c 'map(.id)' <<<"$OUT")" "$before" "the migration indexed the tickets already there"
run --db "$SCRATCH/old.db" note "$x1" "checked the laptop model" --at "2026-11-30 11:20"
expect_code 0 "a write after the upgrade"
run --db "$SCRATCH/old.db" search directory --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$w1" "and their notes"

# --- import: an imported store is searchable, notes included ----------------------------------
itsm export >"$SCRATCH/all.ndjson"
run --db "$SCRATCH/imported.db" import "$SCRATCH/all.ndjson"
expect_code 0 "import"
run --db "$SCRATCH/imported.db" search printer --format json
expect_eq "$(jq -c 'map(.id)' <<<"$OUT")" "$before" "the imported store ranks the same"
run --db "$SCRATCH/imported.db" search directory --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$w1" "imported notes are indexed"
# Into an empty store the index is built beside it and its FTS5 tables copied in; into one that
# has tickets, by one statement after the rows. Both must be the index a rebuild makes.
fts_rows() { sql "$1" "SELECT rowid, title, description, notes, resolution FROM ticket_text ORDER BY rowid"; }
fts_check() { sql "$1" "INSERT INTO ticket_text (ticket_text) VALUES ('integrity-check')" 2>&1; }
expect_eq "$(fts_check "$SCRATCH/imported.db")" "" "the copied index passes FTS5's integrity check"
cp "$SCRATCH/imported.db" "$SCRATCH/rebuilt.db"
itsm --db "$SCRATCH/rebuilt.db" search --reindex >/dev/null
expect_eq "$(fts_rows "$SCRATCH/imported.db")" "$(fts_rows "$SCRATCH/rebuilt.db")" "the copied index holds what a rebuild holds"
expect_eq "$(sql "$SCRATCH/imported.db" "SELECT count(*) FROM ticket_text WHERE ticket_text MATCH 'printer OR directory OR fuser'")" \
  "$(sql "$SCRATCH/rebuilt.db" "SELECT count(*) FROM ticket_text WHERE ticket_text MATCH 'printer OR directory OR fuser'")" "and matches the same"
expect_eq "$(find "$SCRATCH" -name 'imported.db.text-*' | wc -l)" "0" "the scratch index is removed"
expect_eq "$(sqlite3 "$SCRATCH/imported.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND name NOT LIKE 'sqlite_%'")" \
  "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND name NOT LIKE 'sqlite_%'")" \
  "the tickets' indexes, dropped for the import, are all back"
head -n 3 "$SCRATCH/all.ndjson" >"$SCRATCH/first.ndjson"
tail -n +4 "$SCRATCH/all.ndjson" >"$SCRATCH/rest.ndjson"
itsm --db "$SCRATCH/twice.db" import "$SCRATCH/first.ndjson" >/dev/null
run --db "$SCRATCH/twice.db" import "$SCRATCH/rest.ndjson"
expect_code 0 "import into a store that has tickets"
expect_eq "$(fts_rows "$SCRATCH/twice.db")" "$(fts_rows "$SCRATCH/rebuilt.db")" "indexed by the statement over the new tickets"
expect_eq "$(fts_check "$SCRATCH/twice.db")" "" "which passes the integrity check too"
# A bad line stops the import into an empty store: nothing indexed, no scratch file left.
{ cat "$SCRATCH/first.ndjson"; echo '{"number": 99, "title": "broken"'; } >"$SCRATCH/bad.ndjson"
run --db "$SCRATCH/bad.db" import "$SCRATCH/bad.ndjson"
expect_error 2 "bad.ndjson:4: .*nothing was imported" "a bad line"
expect_eq "$(sql "$SCRATCH/bad.db" 'SELECT (SELECT count(*) FROM tickets) || ",", count(*) FROM ticket_text')" "0,|0" "nothing imported, nothing indexed"
expect_eq "$(find "$SCRATCH" -name 'bad.db.text-*' | wc -l)" "0" "no scratch file after a failed import"
expect_eq "$(sqlite3 "$SCRATCH/bad.db" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND name NOT LIKE 'sqlite_%'")" \
  "$(sqlite3 "$ITSM_DB" "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'tickets' AND name NOT LIKE 'sqlite_%'")" \
  "the indexes are back after a failed import"
run --db "$SCRATCH/imported.db" log --title "Printer after import" --at "2026-12-01 09:00"
new_id=$OUT
run --db "$SCRATCH/imported.db" search "after import" --format json
expect_eq "$(jq -r '[.[].id] | join(",")' <<<"$OUT")" "$new_id" "the triggers are back after an import"

# --- similar tickets and the hint after log ------------------------------------------------------
n1=$(log --title "Printer jams on floor 3" --description "paper jam again")
expect_eq "$n1" "INC-7" "in a script, log prints the id alone even with similar tickets"
run show "$n1" --similar --format json
expect_code 0 "show --similar"
expect_eq "$(jq -r '.similar[0].id' <<<"$OUT")" "$p1" "the resolved printer ticket is the most similar"
expect_eq "$(jq -r '[.similar[].status] - ["resolved", "closed"] | length' <<<"$OUT")" "0" "only resolved and closed tickets"
expect_eq "$(jq -r '[.similar[].id] | index("'"$n1"'")' <<<"$OUT")" "null" "not the ticket itself"
run show "$n1" --similar
expect_match "$OUT" "Similar resolved tickets:" "text has a section"
expect_match "$OUT" "resolution: Fuser unit replaced" "with the resolution"
if command -v script >/dev/null; then
  tty_out=$(script -qec "$ITSM_BIN log --title 'Printer jams in the hall' --at '2026-11-30 12:00'" /dev/null | tr -d '\r')
  expect_match "$tty_out" "^INC-8" "on a terminal the id comes first"
  expect_match "$tty_out" "hint: resolved tickets like this one .*$p1" "then the hint"
fi

# --- word families: Snowball stems in the languages of [knowledge], exact words first ----------
# ids [sort]: the ids of the search results in OUT, in their order or sorted.
ids() { jq -r "[.[].id] | ${1:-.} | join(\",\")" <<<"$OUT"; }
r1=$(log --title "Принтер не печатает" --description "Замятие бумаги в лотке принтера")
e1=$(log --title "Salary run" --description "Every payslip prints blank")
run search "принтеры" --format json
expect_code 0 "a Russian word"
expect_eq "$(jq length <<<"$OUT")" "0" "English alone (the default) knows no Russian word family"
run search printer --format json
printer_ids=$(ids sort)
expect_match "$printer_ids" "$p1,$p2,.*$v1,$x1" "the tickets about a printer"
run search "printers" --format json
expect_eq "$(ids sort)" "$printer_ids" "printers finds the tickets about a printer"
expect_match "$(jq -r '.[0].snippet' <<<"$OUT")" "\[Printer\]" "the snippet marks the word of the family"
# An exact word outranks a word of its family, whatever the columns' weights: payslips is in
# p2's title (weight 10), payslip in e1's description (4).
run search "payslip" --format json
expect_eq "$(ids)" "$e1,$p2" "payslip: the exact word first"
expect_eq "$(jq -r '[.[].score] | . == (sort | reverse)' <<<"$OUT")" "true" "scores fall from first to last"
run search "payslips" --format json
expect_eq "$(ids)" "$p2,$e1" "payslips: the exact word first"
run search '"payslips printed"' --format json
expect_eq "$(ids)" "$e1" "a phrase by its words' families"
run search "payslip*" --format json
expect_eq "$(ids sort)" "$(printf '%s\n' "$e1" "$p2" | sort | paste -sd,)" "a prefix of words"

# Russian added to itsm.toml: the index says it stems in English until a reindex.
printf '\n[knowledge]\nlanguages = ["english", "russian"]\n' >>"$ITSM_CONFIG/itsm.toml"
run search "принтеры" --format json
expect_code 0 "a search with other languages configured"
expect_match "$ERR" "^itsm: warning: the index finds word families in english but itsm.toml asks for english, russian; run 'itsm search --reindex'" \
  "the search says the index has other languages"
expect_eq "$(jq length <<<"$OUT")" "0" "and finds what the index can"
run search --reindex
expect_eq "$OUT" "$(sqlite3 "$ITSM_DB" 'SELECT count(*) FROM tickets') tickets indexed" "reindex"
expect_match "$(sqlite3 "$ITSM_DB" "SELECT sql FROM sqlite_schema WHERE name = 'ticket_text'")" "tokenize = 'itsm_stem english russian'" \
  "the index records its languages"
run search "принтеры" --format json
expect_eq "$ERR" "" "no warning after the reindex"
expect_eq "$(ids)" "$r1" "принтеры finds принтер and принтера"
expect_match "$(jq -r '.[0].snippet' <<<"$OUT")" "\[Принтер\]" "marked in the snippet"
run search "печатать замятия" --format json
expect_eq "$(ids)" "$r1" "every Russian word by its family"
run search "printers" --format json
expect_eq "$(ids sort)" "$printer_ids" "English still stems"
r2=$(log --title "Сканеры не работают")
run search "сканер" --format json
expect_eq "$(ids)" "$r2" "a new ticket is indexed in both languages"

# A new store takes the configured languages; so does the index an import builds beside it.
itsm export >"$SCRATCH/families.ndjson"
run --db "$SCRATCH/families.db" import "$SCRATCH/families.ndjson"
expect_code 0 "import with Russian configured"
run --db "$SCRATCH/families.db" search "принтеры" --format json
expect_eq "$ERR" "" "the imported store's index has the configured languages"
expect_eq "$(ids)" "$r1" "its index finds the family"
expect_eq "$(fts_check "$SCRATCH/families.db")" "" "and passes FTS5's integrity check"

# Back to English alone: the same warning until the reindex drops Russian.
sed -i 's/languages = \["english", "russian"\]/languages = ["english"]/' "$ITSM_CONFIG/itsm.toml"
run search "принтеры" --format json
expect_match "$ERR" "finds word families in english, russian but itsm.toml asks for english;" "warned again"
itsm search --reindex >/dev/null
run search "принтеры" --format json
expect_eq "$(jq length <<<"$OUT")" "0" "after the reindex Russian families are gone"
run search "принтера" --format json
expect_eq "$(ids)" "$r1" "exact Russian words are still found"

# An unknown language is a configuration error at its place; nothing is searched or changed.
before=$(store_digest)
sed -i 's/languages = \["english"\]/languages = ["english", "klingon"]/' "$ITSM_CONFIG/itsm.toml"
line=$(grep -n klingon "$ITSM_CONFIG/itsm.toml" | cut -d: -f1)
run search printer
expect_error 5 "itsm.toml:$line:25: error: unknown language \"klingon\" in \[knowledge\]" "an unknown language"
run search --reindex
expect_error 5 "klingon" "reindex refuses it too"
run sla-check --config-only
expect_code 1 "sla-check --config-only finds it"
expect_match "$OUT" "itsm.toml:$line:25: error: unknown language \"klingon\" in \[knowledge\]; the languages are .*\`russian\`" \
  "and lists the languages"
expect_eq "$(store_digest)" "$before" "nothing changed"
sed -i '/^\[knowledge\]$/,$d' "$ITSM_CONFIG/itsm.toml"

# --- bad input ---------------------------------------------------------------------------------
before=$(store_digest)
run search 'printer AND ('
expect_error 2 "search query 'printer AND \(': .*syntax error" "an FTS syntax error"
run search 'nosuchcolumn:printer'
expect_error 2 "search query" "an unknown column"
run search
expect_error 2 "search needs a QUERY" "no query"
run search printer --status done
expect_error 2 "--status done" "a bad status"
run search printer --reindex
expect_error 2 "--reindex takes no query" "reindex with a query"
run search printer --limit 0
expect_error 2 "--limit" "a bad limit"
expect_eq "$(store_digest)" "$before" "bad searches change nothing"

# --- a larger import: the index beside the store merges its segments ----------------------------
# 30,000 generated tickets fill FTS5's memory several times over, so the scratch index writes
# segments and merges them (by 8, where the store's own table merges by 4) before it is copied.
use_config mkip # the configuration the generated tickets are made for
generate_tickets 30000 500 >"$SCRATCH/many.ndjson"
run --db "$SCRATCH/many.db" import "$SCRATCH/many.ndjson"
expect_code 0 "import of 30,000 tickets"
expect_eq "$(fts_check "$SCRATCH/many.db")" "" "their merged index passes FTS5's integrity check"
expect_eq "$(sql "$SCRATCH/many.db" "SELECT count(DISTINCT segid) > 1 FROM ticket_text_idx")" "1" \
  "in more than one segment"
cp "$SCRATCH/many.db" "$SCRATCH/many-rebuilt.db"
itsm --db "$SCRATCH/many-rebuilt.db" search --reindex >/dev/null
expect_eq "$(fts_rows "$SCRATCH/many.db" | md5sum)" "$(fts_rows "$SCRATCH/many-rebuilt.db" | md5sum)" \
  "and holds what a rebuild holds"
many_match="SELECT count(*) FROM ticket_text WHERE ticket_text MATCH 'payroll OR network NOT backups'"
expect_eq "$(sql "$SCRATCH/many.db" "$many_match")" "$(sql "$SCRATCH/many-rebuilt.db" "$many_match")" \
  "and matches the same"
expect_eq "$(sql "$SCRATCH/many.db" "SELECT count(*) FROM ticket_text_config WHERE k = 'automerge'")" "0" \
  "the store's table keeps FTS5's own merging"

finish
