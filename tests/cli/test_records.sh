#!/usr/bin/env bash
# Record types: problems and changes are not measured as incidents (targets per type, --type on
# sla-check and report); interactions escalate to incidents or requests; link and unlink attach
# records to an existing problem; the worst pending are the oldest; reports count escalations.
source "$(dirname "$0")/lib.sh"
use_config office

# --- 4. a problem copies the incident's priority, not its targets --------------------------
inc=$(itsm log --title "Mail relay down" --priority P2 --service email --at "2026-12-01 09:00")
prb=$(itsm escalate "$inc" --to-type problem --title "Relay keeps failing" --at "2026-12-01 09:05")
expect_match "$prb" "^PRB-[0-9]+$" "escalate --to-type problem prints the new id"
run show "$prb" --format json
expect_eq "$(jq -r '.priority + " " + .sla.response.state + " " + .sla.resolve.state' <<<"$OUT")" \
  "P2 none none" "the problem keeps P2 but has no targets"
run sla-check --at "2026-12-01 12:00" --format json
expect_code 1 "the incident is breached"
expect_eq "$(jq -r '[.findings[].id] | unique | join(",")' <<<"$OUT")" "$inc" "only the incident is a finding"
run sla-check --type problem --at "2026-12-01 12:00" --format json
expect_code 0 "--type problem: nothing breached"
expect_eq "$(jq -r '.tickets_checked' <<<"$OUT")" "1" "--type problem checks the problem only"
run sla-check --type bug
expect_error 2 "type" "an unknown --type"

# A priority's `types` measures problems too.
sed -i 's/^resolve = "8h"$/resolve = "8h"\ntypes = ["incident", "request", "problem"]/' \
  "$ITSM_CONFIG/priorities.toml"
run sla-check --type problem --at "2026-12-01 12:00" --format json
expect_code 1 "P2 with types = [incident, request, problem]: the problem is measured"
expect_eq "$(jq -r '[.findings[] | select(.state == "breached") | .metric] | join(",")' <<<"$OUT")" \
  "response" "its response is breached"
run config show
expect_match "$OUT" 'types = \["incident", "request", "problem"\]' "config show gives types"
cp "$ITSM_CONFIG/priorities.toml" "$SCRATCH/priorities.ok"
sed -i 's/^types = .*/types = ["incident", "bug"]/' "$ITSM_CONFIG/priorities.toml"
before=$(store_digest)
run sla-check --at "2026-12-01 12:00"
expect_error 5 "unknown record type .bug." "types names record types"
expect_eq "$(store_digest)" "$before" "nothing changed"
cp "$SCRATCH/priorities.ok" "$ITSM_CONFIG/priorities.toml"

# The monthly compliance counts incidents and requests unless asked otherwise.
export ITSM_NOW="2027-01-05 10:00"
run report monthly --month 2026-12 --format json
expect_eq "$(jq -c '[.sla_types, .sla.response.breached]' <<<"$OUT")" '[["incident","request"],1]' \
  "compliance: the incident only, though the problem is breached too"
expect_eq "$(jq -r .opened <<<"$OUT")" "2" "the counts still cover every record"
run report monthly --month 2026-12 --type problem --format json
expect_eq "$(jq -c '[.sla_types, .sla.response.breached, .opened, .filters.type]' <<<"$OUT")" \
  '[["problem"],1,1,"problem"]' "--type problem: the problems' figures"
run report monthly --month 2026-12 --format text
expect_match "$OUT" "SLA figures count: incident, request" "text says what the SLA figures count"
run report monthly --month 2026-12 --type bug
expect_error 2 "type" "report: an unknown --type"
unset ITSM_NOW

# --- 5. interactions, link and unlink --------------------------------------------------------
int=$(itsm log --type interaction --title "Call: cannot log in" --requester "Ann Smith" \
  --email ann@example.org --org MOF --channel phone --priority P2 --at "2026-12-02 09:00")
expect_match "$int" "^INT-[0-9]+$" "an interaction has its own prefix"
run show "$int" --format json
expect_eq "$(jq -r '.type + " " + .sla.response.state' <<<"$OUT")" "interaction none" \
  "an interaction has no SLA"
run escalate "$int" --to-type problem --at "2026-12-02 09:01"
expect_error 4 "an interaction escalates to an incident or a request" "interaction -> problem"
inc2=$(itsm escalate "$int" --to-type incident --at "2026-12-02 09:02")
expect_match "$inc2" "^INC-[0-9]+$" "interaction -> incident"
run show "$inc2" --format json
expect_eq "$(jq -r '[.requester, .email, .org, .channel] | join("|")' <<<"$OUT")" \
  "Ann Smith|ann@example.org|MOF|phone" "the incident keeps the requester"
expect_eq "$(jq -c '.links' <<<"$OUT")" "[{\"id\":\"$int\",\"relation\":\"interaction\"}]" \
  "and the link to its interaction"
expect_eq "$(itsm show "$int" --format json | jq -c '[.links[].id]')" "[\"$inc2\"]" "both ways"
run escalate "$inc2" --to-type request --at "2026-12-02 09:03"
expect_error 4 "problem or change" "an incident does not escalate to a request"

# Many incidents to one problem.
run link "$inc2" "$prb" --at "2026-12-02 09:10"
expect_code 0 "link"
expect_eq "$OUT" "$inc2 linked to $prb" "link says what it did"
run show "$prb" --format json
expect_eq "$(jq -c '.incidents' <<<"$OUT")" "[\"$inc\",\"$inc2\"]" "the problem lists its incidents"
expect_eq "$(jq -r '[.events[] | select(.kind == "linked")][0].detail.linked' <<<"$OUT")" "$inc2" \
  "a linked event on the problem"
run show "$prb"
expect_match "$OUT" "incidents +$inc, $inc2 \\(2\\)" "show text lists the incidents"
expect_match "$(itsm show "$inc2")" "linked +$prb \\(problem\\)" "and the incident its problem"
run export --format ndjson
expect_eq "$(jq -r --arg i "$inc2" 'select(.id == $i) | [.links[].id] | join(",")' <<<"$OUT")" \
  "$prb,$int" "the export carries the links, by number"
before=$(store_digest)
run link "$inc2" "$prb" --at "2026-12-02 09:11"
expect_error 4 "linked to $prb already" "linked twice"
run link "$inc2" "$int" --at "2026-12-02 09:11"
expect_error 4 "problem or a change" "link to an interaction"
run link "$inc2" PRB-999 --at "2026-12-02 09:11"
expect_error 3 "no ticket PRB-999" "link to nothing"
expect_eq "$(store_digest)" "$before" "refused links change nothing"
run unlink "$inc2" "$prb" --at "2026-12-02 09:20"
expect_code 0 "unlink"
expect_eq "$(itsm show "$prb" --format json | jq -c '.incidents')" "[\"$inc\"]" "unlinked"
expect_eq "$(itsm show "$inc2" --format json | jq -r '.events[-1].kind')" "unlinked" \
  "an unlinked event on the incident"
run unlink "$inc2" "$prb" --at "2026-12-02 09:21"
expect_error 4 "not linked" "unlink what is not linked"

# --- 6. the worst pending are the oldest; 3. reports count escalations ----------------------
# A (office window) opened before B (24x7): B has more working time, A is older. D is a P1
# with a 4-hour resolve on 24x7, the furthest past its due.
a=$(itsm log --title "A office" --priority P4 --service email --group helpdesk --at "2026-12-03 09:00")
d=$(itsm log --title "D extended" --priority P1 --service website --at "2026-12-04 09:00")
b=$(itsm log --title "B extended" --priority P4 --service website --at "2026-12-12 09:00")
itsm escalate "$a" --at "2026-12-03 10:00" >/dev/null
itsm escalate "$d" --hierarchical --at "2026-12-04 14:00" >/dev/null
export ITSM_NOW="2027-01-05 10:00"
run report monthly --month 2026-12 --format json
expect_eq "$(jq -r .worst_by <<<"$OUT")" "age" "ranked by age by default"
expect_eq "$(jq -r '[.worst_pending[].id] | map(select(. == "'"$a"'" or . == "'"$b"'" or . == "'"$d"'")) | join(",")' <<<"$OUT")" \
  "$a,$d,$b" "oldest first: the office ticket of 3 December before the 24x7 one of 12 December"
expect_eq "$(jq -r --arg a "$a" '.worst_pending[] | select(.id == $a) | .age_wall_minutes' <<<"$OUT")" \
  "41220" "wall-clock age of A: 28 days 15 hours"
expect_eq "$(jq -r --arg d "$d" '.worst_pending[] | select(.id == $d) | .overrun_minutes' <<<"$OUT")" \
  "39540" "D is 27 days 11 hours past its resolve due"
expect_eq "$(jq -c '.escalations' <<<"$OUT")" \
  '{"functional":[{"count":1,"groups":"second-line","tier":2}],"hierarchical":[{"count":1,"level":1,"name":"Help Desk Manager"}]}' \
  "escalations: functional by tier, hierarchical by level"
run report monthly --month 2026-12 --worst-by overrun --format json
expect_eq "$(jq -r '[.worst_pending[].id] | map(select(. == "'"$a"'" or . == "'"$b"'" or . == "'"$d"'")) | join(",")' <<<"$OUT")" \
  "$d,$a,$b" "--worst-by overrun: furthest past the resolve due first"
run report monthly --month 2026-12 --worst-by size
expect_error 2 "worst-by" "an unknown --worst-by"
run report monthly --month 2026-12 --format csv
expect_match "$OUT" "escalations,functional,2,second-line,1" "csv: functional escalations"
expect_match "$OUT" "escalations,hierarchical,1,Help Desk Manager,1" "csv: hierarchical"
expect_match "$OUT" "summary,worst_by,age" "csv: the ranking"
run report monthly --month 2026-12 --format text
expect_match "$OUT" "hierarchical +level 1 +Help Desk Manager +1" "text: escalations"
expect_match "$OUT" "worst pending tickets \\(open at [^)]*, oldest first\\)" "text: the ranking"
run report monthly --month 2026-12 --format md
expect_match "$OUT" "\\| functional \\| tier 2 \\| second-line \\| 1 \\|" "markdown: escalations"
run report monthly --month 2026-12 --format html
expect_match "$OUT" "<h2>Escalations</h2>" "html: escalations"
# A store from before the index of escalation events (schema 9) gets it from the first command
# that opens it, and its report counts the same escalations (through the index: the unit test
# of report plans in tests/unit/test_report_build.cpp).
run report monthly --month 2026-12 --format json
current=$OUT
# The same desk on a file store (an export read back: the suite's store may be a server).
itsm export >"$SCRATCH/desk.ndjson"
itsm --db "$SCRATCH/old.db" import "$SCRATCH/desk.ndjson" >/dev/null
sql "$SCRATCH/old.db" "DROP INDEX events_escalated; PRAGMA user_version = 9"
run --db "$SCRATCH/old.db" report monthly --month 2026-12 --format json
expect_code 0 "a report on a store of schema 9"
expect_eq "$OUT" "$current" "the same report from the upgraded store"
expect_eq "$(sql "$SCRATCH/old.db" "PRAGMA user_version; SELECT sql FROM sqlite_master WHERE name = 'events_escalated'")" \
  "10
CREATE INDEX events_escalated ON events(at) WHERE kind = 'escalated'" "upgraded to schema 10, with the index"
unset ITSM_NOW

run check
expect_code 0 "the store checks out after links and unlinks"
finish
