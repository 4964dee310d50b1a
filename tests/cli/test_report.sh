#!/usr/bin/env bash
# Period reports through the real binary: exact figures from a small scenario across the
# October 2026 month boundary and the London clock change (Sunday 25 October), with a met and
# a breached SLA, a reopened ticket, every format, the cron defaults and bad periods.
source "$(dirname "$0")/lib.sh"
use_config office
export ITSM_NOW="2026-11-15 12:00"

# An empty store: zeros, and compliance of nothing is null, not 0% or 100%.
itsm import - </dev/null >/dev/null || fail "setup: an empty store"
run report monthly --month 2026-10 --format json
expect_code 0 "report on an empty store"
expect_eq "$(jq -c '[.opened, .resolved, .closed, .backlog_start, .backlog_end]' <<<"$OUT")" "[0,0,0,0,0]" "empty store counts"
expect_eq "$(jq -c '[.sla.response.compliance_percent, .sla.resolve.compliance_percent, .mttr.working.median_minutes]' <<<"$OUT")" "[null,null,null]" "nothing decided is null"
expect_eq "$(jq -c '.worst_pending' <<<"$OUT")" "[]" "no pending tickets"

q() { itsm "$@" >/dev/null || fail "setup: itsm $*"; }
# INC-1: September, open when October starts, resolved 2 October.
q log --title "Mail bounces" --priority P2 --service email --channel phone --at "2026-09-24 10:00"
q assign 1 --group helpdesk --to alice --at "2026-09-24 10:30"
q resolve 1 --resolution "Relay fixed" --at "2026-10-02 11:00"
# INC-2: response and resolve met; closed the next day.
q log --title "Outlook crashes" --priority P2 --service email --channel email --at "2026-10-05 09:00"
q assign 2 --group helpdesk --to bob --at "2026-10-05 09:20"
q resolve 2 --resolution "Profile rebuilt" --at "2026-10-05 15:00"
q close 2 --at "2026-10-06 09:00"
# INC-3: Friday afternoon before the clock change; both clocks breached.
q log --title "Shared mailbox gone" --priority P2 --service email --channel email --at "2026-10-23 16:00"
q note 3 "Looking" --at "2026-10-26 09:30"
q resolve 3 --resolution "Restored" --at "2026-10-26 17:00"
# INC-4: resolved, then reopened: open at the end of October, both clocks breached.
q log --title "Printer offline" --priority P3a --service email --channel phone --at "2026-10-28 10:00"
q resolve 4 --resolution "Power cycled" --at "2026-10-29 09:00"
q reopen 4 --reason "Offline again" --at "2026-10-30 10:00"
# REQ-5: the last afternoon of October, nothing done yet.
q log --type request --title "New laptop" --at "2026-10-31 15:00"
# INC-6: 24x7 website, during the repeated hour of 25 October.
q log --title "Website down" --priority P1 --service website --channel monitoring --at "2026-10-25T01:30:00+01:00"
q assign 6 --group web --to carol --at "2026-10-25T01:10:00+00:00"
q resolve 6 --resolution "Restarted" --at "2026-10-25 04:00"
# INC-7: November, outside the October report.
q log --title "VPN slow" --priority P2 --service email --channel email --at "2026-11-02 09:00"
# INC-8: opened 30 September, closed directly 1 October.
q log --title "Calendar sync" --priority P3b --service email --channel phone --at "2026-09-30 17:00"
q close 8 --resolution "Resynced" --at "2026-10-01 10:00"

run report monthly --month 2026-10 --format json
expect_code 0 "monthly json"
R=$OUT
expect_eq "$(jq -c .period <<<"$R")" '{"end":"2026-10-31","from":"2026-09-30T23:00:00Z","kind":"monthly","label":"2026-10","start":"2026-10-01","timezone":"Europe/London","until":"2026-11-01T00:00:00Z"}' "period, local days in London"
expect_eq "$(jq -c '[.opened, .resolved, .closed, .backlog_start, .backlog_end]' <<<"$R")" "[5,5,2,2,2]" "opened, resolved, closed, backlogs"
expect_eq "$(jq -r .partial <<<"$R")" "false" "a past month is complete"
expect_eq "$(jq -c '.sla.response' <<<"$R")" '{"breached":2,"compliance_percent":50,"met":2,"no_target":0,"pending":1}' "response SLA totals"
expect_eq "$(jq -c '.sla.resolve' <<<"$R")" '{"breached":2,"compliance_percent":50,"met":2,"no_target":0,"pending":1}' "resolve SLA totals"
expect_eq "$(jq -c '[.by_priority[] | [.priority, .opened, .resolved, .closed, .backlog_end, .response_met, .response_breached, .resolve_met, .resolve_breached]]' <<<"$R")" \
  '[["P1",1,1,0,0,1,0,1,0],["P2",2,3,1,0,1,1,1,1],["P3a",1,0,0,1,0,1,0,1],["P3b",0,1,1,0,0,0,0,0],["P4",1,0,0,1,0,0,0,0]]' "by priority"
expect_eq "$(jq -c '[.by_priority[] | .resolve_compliance_percent]' <<<"$R")" '[100,50,0,null,null]' "compliance per priority, n/a as null"
expect_eq "$(jq -c '[.by_group[] | [.group, .opened, .resolved, .closed, .backlog_end]]' <<<"$R")" \
  '[["helpdesk",3,4,2,1],["second-line",0,0,0,0],["web",1,1,0,0],["supplier",0,0,0,0],["",1,0,0,1]]' "by group"
expect_eq "$(jq -c '[.by_service[] | [.service, .opened, .resolved, .closed, .backlog_end]]' <<<"$R")" \
  '[["email",3,4,2,1],["website",1,1,0,0],["",1,0,0,1]]' "by service"
expect_eq "$(jq -c '[.by_channel[] | [.channel, .opened, .resolved, .closed, .backlog_end]]' <<<"$R")" \
  '[["email",2,2,1,0],["monitoring",1,1,0,0],["phone",1,2,1,1],["",1,0,0,1]]' "by channel"
expect_eq "$(jq -c '[.worst_pending[] | [.id, .priority, .age_minutes, .age_wall_minutes, .resolve_state]]' <<<"$R")" \
  '[["INC-4","P3a",2100,5160,"breached"],["REQ-5","P4",60,540,"running"]]' "worst pending by working time"
expect_eq "$(jq -c '.mtta' <<<"$R")" '{"count":5,"wall":{"median_minutes":1020,"p90_minutes":2946},"working":{"median_minutes":180,"p90_minutes":594}}' "MTTA"
expect_eq "$(jq -c '.mttr' <<<"$R")" '{"count":5,"wall":{"median_minutes":1020,"p90_minutes":8724},"working":{"median_minutes":360,"p90_minutes":2880}}' "MTTR"
expect_eq "$(jq '.series.points | length' <<<"$R")" "31" "one point per day"
expect_eq "$(jq -c '.series.points[24] | [.label, .opened, .resolved, .backlog_end]' <<<"$R")" '["2026-10-25",1,1,1]' "the day the clocks change"
expect_eq "$(jq -c '.series.points[-1] | [.label, .backlog_end]' <<<"$R")" '["2026-10-31",2]' "backlog at the last day's end"

# Filters match the tickets' current group, service and priority.
run report monthly --month 2026-10 --group web --format json
expect_eq "$(jq -c '[.opened, .resolved, .backlog_end, (.by_group | length)]' <<<"$OUT")" "[1,1,0,1]" "--group"
run report monthly --month 2026-10 --group web
expect_match "$OUT" "By service \(1 other services had no tickets\)" "text: a service without tickets is counted, not listed"
expect_match "$OUT" "website +1 +1 +0 +0" "text: the web group's service is listed"
[[ $OUT == *"email  "* ]] && fail "text: email had no web tickets and is not listed"
CHECKS=$((CHECKS + 1))
run report monthly --month 2026-10 --group web --format json
expect_eq "$(jq -c '[.by_service[] | .service]' <<<"$OUT")" '["email","website"]' "json: every service, quiet ones too"
run report monthly --month 2026-10 --priority P2 --format json
expect_eq "$(jq -c '[.opened, .resolved, .closed, .sla.response.met, .sla.response.breached]' <<<"$OUT")" "[2,3,1,1,1]" "--priority"
run report monthly --month 2026-10 --service website --format json
expect_eq "$(jq -c '[.opened, .mttr.working.median_minutes]' <<<"$OUT")" "[1,210]" "--service"

# A day of 25 hours: the hourly series has 25 points.
run report daily --date 2026-10-25 --format json
expect_eq "$(jq -c '[.opened, .resolved, (.series.points | length), .series.unit]' <<<"$OUT")" '[1,1,25,"hour"]' "daily on the clock change"
expect_eq "$(jq -c '.period | [.from, .until]' <<<"$OUT")" '["2026-10-24T23:00:00Z","2026-10-26T00:00:00Z"]' "that day's bounds"

# ISO week 44: Monday 26 October to Sunday 1 November.
run report weekly --week 2026-W44 --format json
expect_eq "$(jq -c '[.period.start, .period.end, .opened, .resolved, .backlog_start, .backlog_end]' <<<"$OUT")" '["2026-10-26","2026-11-01",2,1,1,2]' "weekly"

# Cron defaults: last month, last week, yesterday (ITSM_NOW is Sunday 15 November).
run report monthly --format json
expect_eq "$(jq -r .period.label <<<"$OUT")" "2026-10" "monthly defaults to last month"
run report weekly --format json
expect_eq "$(jq -r .period.label <<<"$OUT")" "2026-W45" "weekly defaults to last week"
run report daily --format json
expect_eq "$(jq -r .period.label <<<"$OUT")" "2026-11-14" "daily defaults to yesterday"
ITSM_NOW="2027-01-04 06:00" run report weekly --format json
expect_eq "$(jq -r .period.label <<<"$OUT")" "2026-W53" "last week across a year with 53 weeks"

# The current period is partial, evaluated now; a future one is refused.
run report monthly --month 2026-11 --format json
expect_code 0 "current month"
expect_eq "$(jq -c '[.partial, .as_of, .opened]' <<<"$OUT")" '[true,"2026-11-15T12:00:00Z",1]' "partial month as of now"
run report monthly --month 2026-12
expect_error 2 "has not started" "a future month"
run report daily --date 2026-11-16
expect_error 2 "has not started" "tomorrow"

# Impossible periods and unknown filters.
run report monthly --month 2026-13
expect_error 2 "--month .*months run from 01 to 12" "month 13"
run report weekly --week 2026-W54
expect_error 2 "--week .*W01 to W53" "week 54"
run report weekly --week 2027-W53
expect_error 2 "W01 to W52" "2027 has 52 weeks"
run report daily --date 2026-02-30
expect_error 2 "2026-02 has 28 days" "30 February"
run report daily --date 30/02/2026
expect_error 2 "YYYY-MM-DD" "a date in another format"
run report monthly --month 2026-10 --priority P9
expect_error 2 "P9.*configured ones are P1, P2, P3a, P3b, P4" "unknown priority"
run report monthly --month 2026-10 --group helpdsk
expect_error 2 'did you mean "helpdesk"' "misspelt group"
run report monthly --month 2026-10 --format pdf
expect_code 2 "unknown format"

# A period without tickets: zeros and n/a, but the backlog carried over.
run report monthly --month 2026-08 --format json
expect_eq "$(jq -c '[.opened, .backlog_start, .backlog_end, .sla.resolve.compliance_percent]' <<<"$OUT")" "[0,0,0,null]" "a month before any ticket"
run report daily --date 2026-10-10 --format json
expect_eq "$(jq -c '[.opened, .backlog_start, .backlog_end]' <<<"$OUT")" "[0,0,0]" "a quiet Saturday"

# Text, CSV, Markdown and HTML carry the same figures.
run report monthly --month 2026-10
expect_code 0 "text"
expect_match "$OUT" "Monthly report 2026-10 \(2026-10-01 to 2026-10-31, Europe/London\)" "text title"
expect_match "$OUT" "Opened 5, resolved 5, closed 2; backlog 2 at the start, 2 at the end" "text summary"
expect_match "$OUT" "INC-4 +P3a +helpdesk +2026-10-28 10:00 +1d 11h" "text worst pending, in days and hours"
[[ "$OUT" == *$'\e'* ]] && fail "no colour when stdout is not a terminal"
run --color always report monthly --month 2026-10
[[ "$OUT" == *$'\e[1m'* ]] || fail "--color always makes headings bold"
run report monthly --month 2026-10 --format csv
expect_match "$OUT" $'\nsummary,opened,5\n' "csv summary row"
expect_match "$OUT" $'\nby_priority,P2,2,3,1,0,1,1,0,50.0,1,1,0,50.0\n' "csv priority row"
expect_match "$OUT" $'\nby_priority,P4,1,0,0,1,0,0,1,,0,0,1,\n' "csv n/a is an empty cell"
expect_match "$OUT" $'\nworst_pending,INC-4,Printer offline,P3a,email,helpdesk,,2026-10-28T10:00:00Z,2100,' "csv worst pending"
run report monthly --month 2026-10 --format md
expect_match "$OUT" "^# Monthly report 2026-10" "markdown title"
expect_match "$OUT" $'\n\\| P2 \\| 2 \\| 3 \\| 1 \\| 0 \\| 1 \\| 1 \\| 50.0% \\| 1 \\| 1 \\| 50.0% \\|\n' "markdown priority row"
expect_match "$OUT" "\\| P4 \\| 1 \\| 0 \\| 0 \\| 1 \\| 0 \\| 0 \\| n/a \\|" "markdown n/a"
run report monthly --month 2026-10 --format html
expect_match "$OUT" "^<!DOCTYPE html>" "html document"
expect_eq "$(grep -o '<div class="chart">' <<<"$OUT" | wc -l)" "3" "three inline charts"
expect_eq "$(grep -c '<svg' <<<"$OUT")" "6" "each chart drawn for desktop and phone widths"
expect_eq "$(grep -cE '(src|href)=' <<<"$OUT")" "0" "no external assets"

# Formula-looking titles are guarded in CSV; markup in titles is escaped.
q log --title '=HYPERLINK("http://x")' --at "2026-11-03 09:00"
q log --title '<script>alert(1)</script> | *bold*' --at "2026-11-03 09:05"
run report monthly --month 2026-11 --format csv
expect_match "$OUT" "worst_pending,INC-9,\"'=HYPERLINK" "csv formula guard"
run report monthly --month 2026-11 --format html
[[ "$OUT" == *"<script>"* ]] && fail "html escapes titles"
expect_match "$OUT" "&lt;script&gt;" "html escaped title"
run report monthly --month 2026-11 --format md
expect_match "$OUT" '\\<script\\>alert\(1\)\\</script\\> \\\| \\\*bold\\\*' "markdown escapes"

run check
expect_code 0 "the store checks out: integrity, every ticket equal to its history, audit chain"

finish
