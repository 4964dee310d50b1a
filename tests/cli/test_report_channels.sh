#!/usr/bin/env bash
# Reports count tickets by channel (docs/reports.md, by_channel): e-mail (a message through
# `itsm mail-in` as well as `log --channel email`), phone, monitoring and tickets without a
# channel, in the daily, weekly and monthly reports and in every format.
source "$(dirname "$0")/lib.sh"
use_config office
notify_to_spool "helpdesk@example.org" '["logged"]'
printf '\n[mail]\naddresses = ["helpdesk@example.org"]\n' >>"$ITSM_CONFIG/itsm.toml"
export ITSM_NOW="2026-11-15 12:00"

q() { itsm "$@" >/dev/null || fail "setup: itsm $*"; }
# INC-1: September, by monitoring, still open at the end of October.
q log --title "Disk full on srv1" --channel monitoring --at "2026-09-20 10:00"
# INC-2: by e-mail, resolved the next day.
q log --title "Mail bounces" --channel email --at "2026-10-05 09:00"
q resolve 2 --resolution "Relay fixed" --at "2026-10-06 10:00"
# INC-3: by phone, Friday 30 October.
q log --title "Printer jams" --channel phone --at "2026-10-30 10:00"
# INC-4: the same day, a message to the desk's mailbox.
ITSM_NOW="2026-10-30 11:00" run mail-in <"$ITSM_SOURCE_DIR/tests/mail/plain.eml"
expect_eq "$OUT" "INC-4 logged" "mail-in logs INC-4"
# INC-5: the same day, without a channel.
q log --title "Badge reader" --at "2026-10-30 12:00"
# INC-6: November, outside October.
q log --title "VPN slow" --channel phone --at "2026-11-02 09:00"

rows='[.by_channel[] | [.channel, .opened, .resolved, .closed, .backlog_end]]'
run report monthly --month 2026-10 --format json
expect_code 0 "monthly json"
expect_eq "$(jq -c "$rows" <<<"$OUT")" \
  '[["email",2,1,0,1],["monitoring",0,0,0,1],["phone",1,0,0,1],["",1,0,0,1]]' \
  "monthly: tickets per channel, by name, those without one last"
expect_eq "$(jq '[.by_channel[].opened] | add' <<<"$OUT")" "$(jq .opened <<<"$OUT")" \
  "the channels' opened add up to the tickets opened"
run report weekly --week 2026-W44 --format json
expect_eq "$(jq -c "$rows" <<<"$OUT")" \
  '[["email",1,0,0,1],["monitoring",0,0,0,1],["phone",1,0,0,1],["",1,0,0,1]]' "weekly"
run report daily --date 2026-10-06 --format json
expect_eq "$(jq -c "$rows" <<<"$OUT")" '[["email",0,1,0,0],["monitoring",0,0,0,1]]' \
  "daily: a channel with nothing in the day and nothing open is not listed"
run report monthly --month 2026-11 --format json
expect_eq "$(jq -c "$rows" <<<"$OUT")" \
  '[["email",0,0,0,1],["monitoring",0,0,0,1],["phone",1,0,0,2],["",0,0,0,1]]' \
  "a month in progress, as of now"
run report monthly --month 2026-10 --type request --format json
expect_eq "$(jq -c .by_channel <<<"$OUT")" "[]" "filters apply: no request, no channel"
run report monthly --month 2026-08 --format json
expect_eq "$(jq -c .by_channel <<<"$OUT")" "[]" "a month before any ticket"

run report monthly --month 2026-10
expect_code 0 "text"
table=$(sed -n '/^By channel$/,/^$/p' <<<"$OUT")
expect_eq "$table" "By channel
Channel     Opened  Resolved  Closed  Backlog
email            2         1       0        1
monitoring       0         0       0        1
phone            1         0       0        1
(none)           1         0       0        1" "text: the By channel table"
run report daily --date 2026-10-30
expect_match "$OUT" $'\nemail +1 +0 +0 +1\n' "text, daily"

run report weekly --week 2026-W44 --format csv
expect_code 0 "csv"
expect_eq "$(grep -E '^(section,channel|by_channel),' <<<"$OUT" | tr -d '\r')" \
  "section,channel,opened,resolved,closed,backlog_end
by_channel,email,1,0,0,1
by_channel,monitoring,0,0,0,1
by_channel,phone,1,0,0,1
by_channel,,1,0,0,1" "csv: one by_channel row per channel"

run report monthly --month 2026-10 --format md
expect_code 0 "markdown"
expect_match "$OUT" $'## By channel\n\n\\| Channel +\\| +Opened \\|' "markdown: the table's heading"
expect_match "$OUT" $'\n\\| \\(none\\) +\\| +1 \\| +0 \\| +0 \\| +1 \\|\n' "markdown: tickets without a channel"

run report monthly --month 2026-10 --format html
expect_code 0 "html"
html=$(tr -d '\n' <<<"$OUT")
expect_match "$html" "<h2>By channel</h2>" "html: the section"
expect_match "$html" "<td>email</td><td[^>]*>2</td><td[^>]*>1</td>" "html: e-mail's row"
expect_match "$html" "<td>\(none\)</td><td[^>]*>1</td>" "html: tickets without a channel"
finish
