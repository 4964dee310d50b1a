#!/usr/bin/env bash
# Service availability end to end on the MKIP example (Europe/London): the office window
# (mon-fri 08:00-18:00, sat 09:00-16:00, closed on bank holidays) and the websites window (the
# same hours, open on bank holidays). May 2026: Friday 1st, bank holidays Monday 4th and
# Monday 25th. The office window is open 19 weekdays x 10h + 5 Saturdays x 7h = 225h = 13500
# minutes in May; the websites window 21 x 10h + 35h = 245h = 14700 minutes.
source "$(dirname "$0")/lib.sh"
use_config mkip
export ITSM_NOW="2026-06-02 12:00"

mnt_count() { sqlite3 "$ITSM_DB" "SELECT count(*) FROM maintenance"; }
avail() { # avail JSON SERVICE FIELD
  jq -r --arg s "$2" ".availability[] | select(.service == \$s) | .$3" <<<"$1"
}

# --- The catalogue --------------------------------------------------------------------------
run services --format json
expect_code 0 "services as JSON"
expect_eq "$(jq length <<<"$OUT")" "$(grep -c '^\[services\.' "$ITSM_CONFIG/service-windows.toml")" "every catalogued service listed"
expect_eq "$(jq -r '.[] | select(.service == "network") | "\(.window) \(.target) \(.group) \(.category)"' <<<"$OUT")" "office 99 service-desk Network" "network: window, target, group, category"
expect_eq "$(jq -r '.[] | select(.service == "website") | .window' <<<"$OUT")" "websites" "the website has its own window"
expect_eq "$(jq -r '.[] | select(.service == "desktop") | .target' <<<"$OUT")" "null" "desktop systems have no target"
run services --format csv
expect_eq "$(head -1 <<<"$OUT")" "Service,Name,Window,Hours,Group,Target,Category,Site" "CSV header"
expect_match "$OUT" $'\nnetwork,Local and wide area network \\(LAN/WAN\\),office,"mon-fri 08:00-18:00, sat 09:00-16:00; closed on 16 holidays",service-desk,99%,Network,' "CSV row of the network"
run services --format md
expect_match "$OUT" '\| email \| E-mail: Exchange' "Markdown row"
run services
expect_match "$OUT" 'website +Public websites' "text table"
run services --format yaml
expect_error 2 "format" "unknown format"

# --- A network outage Friday 16:30 -> Tuesday 09:30 over a weekend and a bank holiday --------
# Reported at 16:45, the outage started 16:30: 1h30m Friday, 7h Saturday, Sunday closed,
# Monday 4th a bank holiday, 1h30m Tuesday = 10h = 600 minutes.
net=$(itsm log --title "WAN down at Swale" --priority P1 --service network --to alice --outage --at "2026-05-01 16:45")
expect_match "$net" '^INC-[0-9]+$' "outage logged"
run update "$net" --outage-start "2026-05-01 16:30" --at "2026-05-01 17:00"
expect_code 0 "outage start moved earlier"
expect_eq "$(sqlite3 "$ITSM_DB" "SELECT datetime(start_at, 'unixepoch'), end_at IS NULL FROM outages")" "2026-05-01 15:30:00|1" "outage stored from 16:30 BST, no end yet"
itsm resolve "$net" --resolution "Router replaced" --at "2026-05-05 09:30" >/dev/null
run show "$net" --format json
expect_eq "$(jq -r '.outage | "\(.service) \(.start) \(.end) \(.end_recorded)"' <<<"$OUT")" "network 2026-05-01T15:30:00Z 2026-05-05T08:30:00Z false" "show: the outage ends at the resolution"
run show "$net"
expect_match "$OUT" "outage +network down 2026-05-01 16:30 -> 2026-05-05 09:30" "show text names the outage"

# --- Overlapping outages of one service count once -------------------------------------------
# e-mail: 10:00-11:00 and 10:30-11:30 on Tuesday 12th = 1h30m, not 2h.
m1=$(itsm log --title "Mail queue stuck" --priority P2 --service email --to bob --at "2026-05-12 10:05")
itsm update "$m1" --outage-start "2026-05-12 10:00" --outage-end "2026-05-12 11:00" --at "2026-05-12 11:05" >/dev/null
expect_eq "$(itsm show "$m1" --format json | jq -r '.outage | "\(.end) \(.end_recorded)"')" "2026-05-12T10:00:00Z true" "show: a recorded outage end"
m2=$(itsm log --title "Outlook cannot connect" --priority P2 --service email --to bob --outage --at "2026-05-12 10:30")
itsm resolve "$m2" --resolution "Service restarted" --at "2026-05-12 11:30" >/dev/null

expect_eq "$(itsm show "$m2" --format json | jq -r '.events[0].detail.outage')" "true" "logged with an outage"
expect_eq "$(itsm show "$m1" --format json | jq -c '.events[] | select(.kind == "updated") | .detail.changes')" '{"outage_end":{"from":null,"to":"2026-05-12T10:00:00Z"},"outage_start":{"from":null,"to":"2026-05-12T09:00:00Z"}}' "the outage recorded by update is an event"
# --- Agreed maintenance is excluded; unannounced downtime is not ----------------------------
run maintenance add --service payroll --from "2026-05-14 08:00" --to "2026-05-14 10:00" --reason "iTrent upgrade" --at "2026-05-11 09:00"
expect_code 0 "planned maintenance with 71h notice"
mnt1=$OUT
expect_match "$mnt1" '^MNT-[0-9]+$' "maintenance id printed alone"
pay=$(itsm log --title "Payroll down after the upgrade" --priority P2 --service payroll --to carol --outage --at "2026-05-14 08:00")
itsm resolve "$pay" --resolution "Upgrade finished, one hour late" --at "2026-05-14 11:00" >/dev/null

# Too little notice: 20 hours for a planned closure is refused, and nothing is recorded.
before=$(mnt_count)
run maintenance add --service payroll --from "2026-05-21 08:00" --to "2026-05-21 09:00" --at "2026-05-20 12:00"
expect_error 4 "planned maintenance of payroll .* needs 48h notice; recorded at .* it has 20h" "planned maintenance with 20h notice"
expect_eq "$(mnt_count)" "$before" "refused maintenance not recorded"
run maintenance add --service payroll --emergency --from "2026-05-21 14:00" --to "2026-05-21 15:00" --at "2026-05-21 13:30"
expect_error 4 "emergency maintenance .* needs 1h notice" "emergency maintenance with 30 minutes notice"
expect_eq "$(mnt_count)" "$before" "refused emergency maintenance not recorded"
run maintenance add --service payroll --emergency --force --reason "Security patch" --from "2026-05-21 14:00" --to "2026-05-21 15:00" --at "2026-05-21 13:30"
expect_code 0 "--force records it"
expect_match "$ERR" "^itsm: warning: MNT-[0-9]+ has 30m notice, less than the 1h emergency maintenance needs; it is recorded as forced" "forced maintenance reported on stderr"
mnt2=$OUT
run maintenance list --format json
expect_eq "$(jq -r '[.[] | "\(.id) \(.kind) \(.status) \(.notice_minutes)"] | join(", ")' <<<"$OUT")" "$mnt1 planned agreed 4260, $mnt2 emergency forced 30" "maintenance list"
run maintenance list
expect_match "$OUT" "$mnt2 +payroll +2026-05-21 14:00 +2026-05-21 15:00 +emergency +30m +forced +Security patch" "text list"

# --- The website window includes bank holidays; the office window does not -------------------
web=$(itsm log --title "Website down" --priority P2 --service website --to dan --outage --at "2026-05-04 10:00")
itsm resolve "$web" --resolution "CMS restarted" --at "2026-05-04 12:00" >/dev/null
intra=$(itsm log --title "Intranet down on the bank holiday" --priority P2 --service intranet --to dan --outage --at "2026-05-04 10:00")
itsm resolve "$intra" --resolution "Restarted" --at "2026-05-04 12:00" >/dev/null

# --- The monthly report ----------------------------------------------------------------------
run report monthly --month 2026-05 --format json
expect_code 0 "monthly report"
R=$OUT
expect_eq "$(avail "$R" network window_minutes)" "13500" "office window: 225 hours in May"
expect_eq "$(avail "$R" network outage_minutes)" "600" "network: 1h30m + 7h + 1h30m over the weekend and bank holiday"
expect_eq "$(avail "$R" network achieved)" "95.55" "network: 1 - 600/13500"
expect_eq "$(avail "$R" network state)" "breached" "network below 99%"
expect_eq "$(avail "$R" email outage_minutes)" "90" "overlapping e-mail outages counted once"
expect_eq "$(avail "$R" email achieved)" "99.33" "e-mail: 1 - 90/13500"
expect_eq "$(avail "$R" email state)" "met" "e-mail at or above 99%"
expect_eq "$(avail "$R" payroll outage_minutes) $(avail "$R" payroll excused_minutes) $(avail "$R" payroll downtime_minutes)" "180 120 60" "payroll: 2h of 3h inside agreed maintenance"
expect_eq "$(avail "$R" payroll achieved)" "99.55" "payroll: 1 - 60/13500"
expect_eq "$(avail "$R" payroll maintenance) $(avail "$R" payroll forced)" "2 1" "payroll: two maintenance windows, one forced"
expect_eq "$(avail "$R" website window_minutes)" "14700" "websites window open on the bank holidays: 245 hours"
expect_eq "$(avail "$R" website outage_minutes)" "120" "website outage on the bank holiday counts"
expect_eq "$(avail "$R" website achieved)" "99.18" "website: 1 - 120/14700"
expect_eq "$(avail "$R" intranet outage_minutes) $(avail "$R" intranet achieved)" "0 100" "intranet outage on the bank holiday is outside its window"
expect_eq "$(jq '[.availability[] | select(.target == null)] | length' <<<"$R")" "0" "services without a target and without outages are left out"
run report monthly --month 2026-05 --format csv
expect_match "$OUT" $'\navailability,network,office,99,95.55,breached,13500,600,0,600,1,0,0\n' "CSV availability row"
run report monthly --month 2026-05
expect_match "$OUT" 'network +office +99% +95.55% +breached +225h +10h +0m +10h +1 +0' "text availability row"
expect_match "$OUT" 'payroll +office +98% +99.55% +met +225h +3h +2h +1h +1 +2 \(1 forced\)' "text shows forced maintenance"
run report monthly --month 2026-05 --format md
expect_match "$OUT" '## Availability' "Markdown section"
expect_match "$OUT" '\| network \| office \| 99% \| 95.55% \| breached \|' "Markdown row"
run report monthly --month 2026-05 --format html
expect_match "$OUT" '<h2>Availability: [0-9]+ other services had no outage or maintenance \(100%\)</h2>' "HTML section, the quiet services counted in its title"
expect_match "$OUT" '<td>website</td>' "HTML row"
run report monthly --month 2026-05 --service email --format json
expect_eq "$(jq -r '[.availability[].service] | join(",")' <<<"$OUT")" "email" "a service filter keeps its availability only"
# April had no outage: every service with a target is at 100%.
run report monthly --month 2026-04 --format json
expect_eq "$(jq '[.availability[] | select(.achieved != 100)] | length' <<<"$OUT")" "0" "April: all at 100%"

# --- sla-check: the month to date ------------------------------------------------------------
# 20 May 12:00: open time since 1 May = 10 + 7 + 4x10 + 7 + 5x10 + 7 + 2x10 + 4 = 145h = 8700 min.
# The network is at 1 - 600/8700; e-mail's 90 minutes are now more than 1%: 1 - 90/8700.
run sla-check --at "2026-05-20 12:00" --format json
expect_code 1 "sla-check exits 1: services are below target"
expect_eq "$(jq -r .services_from <<<"$OUT")" "2026-04-30T23:00:00Z" "services measured from 1 May, local midnight"
expect_eq "$(jq '.findings | length' <<<"$OUT")" "0" "no ticket finding: the exit is the service's"
expect_eq "$(jq -r '.services[] | select(.service == "network") | "\(.target) \(.achieved) \(.state) \(.window_minutes)"' <<<"$OUT")" "99 93.1 breached 8700" "network: 1 - 600/8700"
expect_eq "$(jq -r '.services[] | select(.service == "email") | "\(.achieved) \(.state)"' <<<"$OUT")" "98.96 breached" "e-mail: 1 - 90/8700"
expect_eq "$(jq -r '.services[] | select(.service == "payroll") | "\(.achieved) \(.state)"' <<<"$OUT")" "99.31 met" "payroll: 1 - 60/8700, its maintenance excused"
expect_eq "$(jq -r '[.services[] | select(.state == "breached") | .service] | join(",")' <<<"$OUT")" "email,network" "only e-mail and the network are below target"
expect_eq "$(jq '[.services[] | select(.target == null)] | length' <<<"$OUT")" "0" "sla-check lists services with a target"
run sla-check --at "2026-05-20 12:00"
expect_code 1 "text sla-check exits 1 too"
expect_match "$OUT" "2 of [0-9]+ services below their availability target since 2026-05-01 00:00" "text names the period"
expect_match "$OUT" "network +99% +93.10% +10h +office" "text row of the network"
run sla-check --at "2026-05-01 12:00" --format json
expect_code 0 "before the outage every service meets its target"
expect_eq "$(jq -r '[.services[].state] | unique | join(",")' <<<"$OUT")" "met" "all met on 1 May at noon"
run sla-check --at "2026-05-01 17:30" --format json
expect_code 1 "an outage still open counts until the time of the check"
expect_eq "$(jq -r '.services[] | select(.service == "network") | .outage_minutes' <<<"$OUT")" "60" "16:30 to 17:30"

# Cancelled maintenance no longer excuses the outage.
run maintenance cancel "$mnt1" --at "2026-06-01 09:00"
expect_code 0 "maintenance cancelled"
run report monthly --month 2026-05 --format json
expect_eq "$(avail "$OUT" payroll downtime_minutes) $(avail "$OUT" payroll achieved) $(avail "$OUT" payroll maintenance)" "180 98.66 1" "payroll after the cancellation: 1 - 180/13500"
run maintenance list --all --format json
expect_eq "$(jq -r --arg id "$mnt1" '.[] | select(.id == $id) | .status' <<<"$OUT")" "cancelled" "list --all shows the cancelled one"
run maintenance list --format json
expect_eq "$(jq length <<<"$OUT")" "1" "list leaves cancelled maintenance out"

# --- An outage moves with its incident's service; export and import keep outages -------------
v=$(itsm log --title "No dial tone" --priority P2 --service voice --to erin --outage --at "2026-06-01 09:00")
itsm update "$v" --service call-distribution --at "2026-06-01 09:10" >/dev/null
expect_eq "$(itsm show "$v" --format json | jq -r .outage.service)" "call-distribution" "the outage follows the service"
outages_of() { sqlite3 "$1" "SELECT ticket, service, start_at, coalesce(end_at, '-') FROM outages ORDER BY ticket"; }
itsm export >"$SCRATCH/all.ndjson"
run --db "$SCRATCH/copy.db" import "$SCRATCH/all.ndjson"
expect_code 0 "import into a new store"
expect_eq "$(outages_of "$SCRATCH/copy.db")" "$(outages_of "$ITSM_DB")" "outages rebuilt from the imported history"
expect_eq "$(outages_of "$SCRATCH/copy.db" | wc -l)" "7" "all seven outages: network, two e-mail, payroll, website, intranet, voice"
itsm maintenance list --all --format json >"$SCRATCH/maintenance.json"
run --db "$SCRATCH/copy.db" maintenance import "$SCRATCH/maintenance.json"
expect_eq "$OUT" "imported 2 maintenance windows" "maintenance imported"
expect_eq "$(itsm --db "$SCRATCH/copy.db" maintenance list --all --format json)" "$(cat "$SCRATCH/maintenance.json")" "ids, notice, forced and cancellation kept"
run --db "$SCRATCH/copy.db" report monthly --month 2026-05 --format json
expect_eq "$(jq -c .availability <<<"$OUT")" "$(itsm report monthly --month 2026-05 --format json | jq -c .availability)" "the copy has the same availability figures"
run --db "$SCRATCH/copy.db" maintenance import "$SCRATCH/maintenance.json"
expect_error 2 "item 1: $mnt1 is in the store or the input already; ids are kept on import; nothing was imported" "importing twice is refused"
echo '[{"service": "payroll", "from": "2026-07-01T08:00:00Z", "to": "2026-07-01T07:00:00Z"}]' >"$SCRATCH/bad.json"
run --db "$SCRATCH/copy.db" maintenance import "$SCRATCH/bad.json"
expect_error 2 'item 1: "to" is not after "from"' "a reversed imported window"
run --db "$SCRATCH/copy.db" maintenance import - <<<'{"service": "payroll"}'
expect_error 2 "not a JSON array" "not an array"
expect_eq "$(sqlite3 "$SCRATCH/copy.db" "SELECT count(*) FROM maintenance")" "2" "failed imports added nothing"

# --- Bad input -------------------------------------------------------------------------------
before=$(store_digest)
run log --title "x" --service netwrok
expect_error 2 'service "netwrok" is not in the catalogue \(did you mean "network"\?\)' "unknown service names the closest"
run log --title "x" --type request --service network --outage
expect_error 2 "--outage is for incidents" "an outage on a request"
run log --title "x" --outage
expect_error 2 "--outage needs the service" "an outage without a service"
run update "$net" --outage-end "2026-05-01 16:00"
expect_error 2 "would end .* before it starts" "outage ending before it starts"
run update "$net" --outage-start "2026-05-01 16:30"
expect_error 2 "nothing to update" "the same outage start again"
run update "$net" --outage-end "yesterday-ish"
expect_error 2 "outage-end" "malformed outage end"
expect_eq "$(store_digest)" "$before" "bad outage input changed nothing"
before=$(mnt_count)
run maintenance add --service payrol --from "2026-07-01 08:00" --to "2026-07-01 09:00"
expect_error 2 'not in the catalogue \(did you mean "payroll"\?\)' "maintenance of an unknown service"
run maintenance add --service payroll --from "2026-07-01 09:00" --to "2026-07-01 08:00"
expect_error 2 "is not after --from" "maintenance ending before it starts"
run maintenance add --service payroll --from "2026-07-01 09:00"
expect_error 2 "--to" "maintenance without an end"
expect_eq "$(mnt_count)" "$before" "bad maintenance input recorded nothing"
run maintenance cancel MNT-99
expect_error 3 "no maintenance MNT-99" "cancel an unknown maintenance"
run maintenance cancel "$mnt1"
expect_error 4 "cancelled already" "cancel twice"
run maintenance cancel "x1"
expect_error 2 "not a maintenance id" "malformed maintenance id"

# Uncatalogued services are accepted when the configuration allows them, and recorded as such.
sed -i '1i allow_uncatalogued = true' "$ITSM_CONFIG/service-windows.toml"
run log --title "Smart boards in the council chamber" --service smartboards --at "2026-06-01 10:00"
expect_code 0 "uncatalogued service allowed"
expect_match "$ERR" 'itsm: note: service "smartboards" is not in the catalogue; the ticket is recorded as uncatalogued' "reported on stderr"
expect_eq "$(itsm show "$OUT" --format json | jq '.events[0].detail.uncatalogued')" "true" "recorded on the logged event"
run report monthly --month 2026-06 --format json
expect_eq "$(jq -c .uncatalogued_services <<<"$OUT")" '["smartboards"]' "the report names the uncatalogued service"
run report monthly --month 2026-06
expect_match "$OUT" "Tickets named services outside the catalogue: smartboards\." "text names it too"
run report monthly --month 2026-05 --format json
expect_eq "$(jq -c .uncatalogued_services <<<"$OUT")" '[]' "May had none"

# The notice comes from [maintenance] in itsm.toml.
sed -i 's/^emergency_notice = "1h"/emergency_notice = "20m"/' "$ITSM_CONFIG/itsm.toml"
run maintenance add --service email --emergency --from "2026-06-03 14:00" --to "2026-06-03 14:30" --at "2026-06-03 13:30" --format json
expect_code 0 "30 minutes are enough when emergency_notice is 20m"
expect_eq "$(jq -r '"\(.status) \(.notice_minutes) \(.kind)"' <<<"$OUT")" "agreed 30 emergency" "recorded as agreed, not forced"

# A broken notice is a configuration error.
sed -i 's/^notice = "48h"/notice = "two days"/' "$ITSM_CONFIG/itsm.toml"
run maintenance list
expect_error 5 'itsm.toml:[0-9]+:[0-9]+: .*`notice` "two days" is not a duration' "bad notice in itsm.toml"

# --- A 24x7 window counts bank holidays and nights -------------------------------------------
# tests/cli/config/office: the website on `extended` (every day 00:00-24:00, no holidays), e-mail
# on `office` (closed Christmas Day). December 2026 has 31 x 24h = 744h = 44640 minutes.
use_config office
export ITSM_DB=$SCRATCH/office.db ITSM_NOW="2027-01-05 12:00"
w=$(itsm log --title "Website down over Christmas" --priority P2 --service website --to web1 --outage --at "2026-12-24 22:00")
itsm resolve "$w" --resolution "Certificate renewed" --at "2026-12-26 02:00" >/dev/null
e=$(itsm log --title "Mail down over Christmas" --priority P2 --service email --to mail1 --outage --at "2026-12-24 22:00")
itsm resolve "$e" --resolution "Disk replaced" --at "2026-12-26 02:00" >/dev/null
run report monthly --month 2026-12 --format json
expect_eq "$(avail "$OUT" website window_minutes) $(avail "$OUT" website outage_minutes)" "44640 1680" "24x7: Thursday 22:00 to Saturday 02:00 is 28 hours"
expect_eq "$(avail "$OUT" website achieved) $(avail "$OUT" website state)" "96.23 breached" "website: 1 - 1680/44640"
expect_eq "$(avail "$OUT" email outage_minutes) $(avail "$OUT" email achieved)" "0 100" "the office window was closed all that time"

finish
