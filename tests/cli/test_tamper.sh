#!/usr/bin/env bash
# itsm check on facts that used to be outside the audit chain: a ticket's description and tier
# (now recorded in its chained events and compared), its links (compared with the "linked"
# events that made them), its outage (rebuilt from its history) and the search index (a cache
# of the tickets' texts). Each edit around itsm is named, with exit 6.
source "$(dirname "$0")/lib.sh"
use_config office

id=$(itsm log --title "Printer jams" --description "on floor 2" --group helpdesk --at "2026-11-23 09:00")
itsm assign "$id" --group second-line --to bob --at "2026-11-23 09:10" >/dev/null
itsm update "$id" --description "on floor 3" --at "2026-11-23 09:15" >/dev/null
id2=$(itsm log --title "VPN down" --at "2026-11-23 09:30")
prb=$(itsm escalate "$id2" --to-type problem --at "2026-11-23 09:50")
expect_eq "$prb" "PRB-3" "problem record created"
printf 'number,type,title,description,status,opened_at,tier\n7,incident,Imported,from the old tool,new,2026-11-20T09:00:00Z,2\n' >"$SCRATCH/old.csv"
run import "$SCRATCH/old.csv"
expect_code 0 "an imported ticket"

run check
expect_code 0 "a sound store"

copy() { # copy SQL: check a copy of the store with SQL applied around itsm
  cp "$ITSM_DB" "$SCRATCH/t.db"
  sql "$SCRATCH/t.db" "$1"
  run --db "$SCRATCH/t.db" check
}
copy "UPDATE tickets SET description = 'nothing to see' WHERE number = 1"
expect_error 6 "replay: INC-1: description is \"nothing to see\" but its history gives \"on floor 3\"" "an edited description"
copy "UPDATE tickets SET description = 'x' WHERE number = 2"
expect_error 6 "replay: INC-2: description is \"x\" but its history gives \"\"" "a description added around itsm"
copy "UPDATE tickets SET description = 'x' WHERE number = 7"
expect_error 6 "replay: INC-7: description is \"x\" but its history gives \"from the old tool\"" "an imported ticket's description"
copy "UPDATE tickets SET tier = 3 WHERE number = 1"
expect_error 6 "replay: INC-1: tier is \"3\" but its history gives \"2\"" "an edited tier"
copy "UPDATE tickets SET tier = 1 WHERE number = 7"
expect_error 6 "replay: INC-7: tier is \"1\" but its history gives \"2\"" "an imported ticket's tier"
copy "DELETE FROM links WHERE ticket = 3"
expect_error 6 "the history links ticket 3 to 2 \(incident\), but the link is missing" "a deleted link"
copy "INSERT INTO links (ticket, other, relation) VALUES (1, 2, 'problem')"
expect_error 6 "a link of ticket 1 to 2 \(problem\) is not in either ticket's history" "a forged link"
copy "UPDATE links SET relation = 'change' WHERE ticket = 2"
expect_error 6 "a link of ticket 2 to 3 \(change\) is not in either ticket's history" "an edited relation"

# --- outages (rebuilt from the histories) and the search index (a cache of the texts) ---------
out=$(itsm log --title "Mail down" --service email --outage --at "2026-11-23 10:00")
itsm update "$out" --outage-end "2026-11-23 11:00" --at "2026-11-23 11:05" >/dev/null
itsm note "$out" "relay restarted" --at "2026-11-23 11:06" >/dev/null
n=${out#INC-}
run check
expect_code 0 "a sound store with an outage and a note"
copy "UPDATE outages SET end_at = end_at + 3600 WHERE ticket = $n"
expect_error 6 "replay: $out: outage is \"email from 2026-11-23T10:00:00Z until 2026-11-23T12:00:00Z\" but its history gives \"email from 2026-11-23T10:00:00Z until 2026-11-23T11:00:00Z\"" "an edited outage"
copy "DELETE FROM outages WHERE ticket = $n"
expect_error 6 "replay: $out: its history records an outage \\(email from 2026-11-23T10:00:00Z until 2026-11-23T11:00:00Z\\), but it is missing" "a deleted outage"
copy "INSERT INTO outages (ticket, service, start_at) VALUES (1, 'email', 1795000000)"
expect_error 6 "replay: INC-1: an outage \\(email from .* until its resolution\\) that its history does not record" "a forged outage"
copy "UPDATE ticket_text SET notes = 'nothing happened' WHERE rowid = $n"
expect_error 6 "index: the search index's text of ticket $n is not the ticket's; rebuild the index with 'itsm search --reindex'" "an edited search index"
run --db "$SCRATCH/t.db" search --reindex
expect_code 0 "reindex"
run --db "$SCRATCH/t.db" check
expect_code 0 "the rebuilt index checks out"
copy "DELETE FROM ticket_text WHERE rowid = 1"
expect_error 6 "index: the search index's text of ticket 1 is not the ticket's" "a ticket missing from the index"

finish
