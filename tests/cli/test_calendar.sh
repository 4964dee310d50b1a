#!/usr/bin/env bash
# Named holiday calendars (docs/working-time.md): [calendars.NAME] with dates, ranges and yearly
# rules, calendars/NAME.toml written by `itsm calendar import` from an iCalendar feed, windows
# that list them, what an import changes, and what bad feeds and references get.
source "$(dirname "$0")/lib.sh"
use_config calendars
export ITSM_NOW="2026-12-01 10:00"
FEEDS=$ITSM_SOURCE_DIR/tests/cli/calendar

# The office lists a calendar that is not there yet: the configuration says how to get it.
run sla-check --config-only
expect_code 1 "a window naming a missing calendar is a configuration error"
expect_match "$OUT" "service-windows.toml:13:14: error: window \`office\` uses calendar \`uk-england\`, which is not defined; define \[calendars.uk-england\] or import it with 'itsm calendar import FILE.ics --name uk-england'" \
  "the error names the window, the calendar and the command that imports it"
run log --title "Printer jam" --service email
expect_error 5 "invalid configuration: .*uk-england" "commands refuse the broken configuration"

# Importing the feed writes calendars/uk-england.toml and lists every day added.
run calendar import "$FEEDS/bank-holidays.ics" --name uk-england
expect_code 0 "import of the bank holiday feed"
expect_eq "$(grep -c '^+ ' <<<"$OUT")" "5" "five days added"
expect_match "$OUT" "\+ 2026-12-28  Boxing Day \(substitute day\)" "a day and its name"
expect_match "$OUT" "calendar uk-england: 5 added, 0 removed, 0 renamed; written to .*/calendars/uk-england.toml" \
  "the summary names the file written"
FILE=$ITSM_CONFIG/calendars/uk-england.toml
expect_match "$(cat "$FILE")" "\{ date = \"2027-01-01\", name = \"New Year’s Day\" \}" \
  "the file holds the days with their names, UTF-8 kept"
run sla-check --config-only --strict
expect_code 0 "the configuration is valid once the calendar exists ($OUT)"

# The calendar closes the window: P2 (resolve 8h) logged Thursday 24 December 16:00 counts one
# hour, then Christmas Day, the weekend and the substitute Boxing Day are closed; 7 hours more on
# Tuesday 29 December from 09:00.
id=$(ITSM_NOW="2027-02-01 12:00" itsm log --title "Printer jam" --service email --at "2026-12-24 16:00")
expect_eq "$(itsm show "$id" --format json | jq -r .sla.resolve.due)" "2026-12-29T16:00:00Z" \
  "resolve due skips the calendar's bank holidays"

# The same feed again changes nothing and rewrites nothing.
before=$(stat -c %Y.%s "$FILE")
sleep 1
run calendar import "$FEEDS/bank-holidays.ics" --name uk-england
expect_code 0 "re-import"
expect_eq "$OUT" "calendar uk-england: no change (5 days)" "a second import of the same feed"
expect_eq "$(stat -c %Y.%s "$FILE")" "$before" "the file is not rewritten when nothing changed"

# Next year's feed: a day renamed, one gone, one new; --dry-run shows it and writes nothing.
sed -e 's/SUMMARY:Christmas Day/SUMMARY:Christmas Day (observed)/' \
  -e 's/20270329/20270503/; s/20270330/20270504/; s/SUMMARY:Easter Monday/SUMMARY:Early May bank holiday/' \
  -e 's/20270326/20270329/; s/20270327/20270330/; s/SUMMARY:Good Friday/SUMMARY:Easter Monday/' \
  "$FEEDS/bank-holidays.ics" >"$SCRATCH/next.ics"
run calendar import "$SCRATCH/next.ics" --name uk-england --dry-run --format json
expect_code 0 "dry run"
expect_eq "$(jq -c '[.added[].date, .removed[].date, .renamed[].date, .written]' <<<"$OUT")" \
  '["2027-05-03","2027-03-26","2026-12-25",false]' \
  "added, removed and renamed days as JSON (29 March is Easter Monday before and after)"
expect_eq "$(jq -r '.renamed[] | select(.date == "2026-12-25") | .from + " -> " + .to' <<<"$OUT")" \
  "Christmas Day -> Christmas Day (observed)" "a renamed day says from and to"
expect_eq "$(stat -c %Y.%s "$FILE")" "$before" "--dry-run writes nothing"
run calendar import "$SCRATCH/next.ics" --name uk-england
expect_match "$OUT" "1 added, 1 removed, 1 renamed; written" "the import writes the change"
expect_match "$(cat "$FILE")" "2027-05-03" "the new day is in the file"

# A feed of ranges, a yearly rule and a monthly one; a cancelled event is left out.
run calendar import "$FEEDS/closures.ics" --name closures --format json
expect_code 0 "import of a feed with a range and rules"
expect_eq "$(jq -r '.days, .skipped' <<<"$OUT" | paste -sd ' ')" "13 1" \
  "9 days of closure, one every-year day, 3 monthly occurrences; one cancelled left out"
expect_eq "$(jq -r '[.added[].date] | map(select(startswith("*") or startswith("2027-0"))) | join(" ")' <<<"$OUT")" \
  "*-07-14 2027-01-01 2027-01-04 2027-02-01 2027-03-01" \
  "a plain yearly rule becomes an every-year day; the monthly rule gives its three Mondays"
expect_match "$ERR" "^itsm: warning: 1 event\(s\) of the feed were left out" "the skipped event is reported"

# calendar list: days, ranges and rules expanded, and who uses each calendar.
run calendar list --format json
expect_code 0 "calendar list"
expect_eq "$(jq -r '.[] | .calendar + ":" + (.windows | join(","))' <<<"$OUT" | paste -sd ' ')" \
  "closures: site:office,warehouse uk-england:office" "each calendar with the windows that list it"
expect_eq "$(jq -r '.[] | select(.calendar == "site") | .rules | join(" ")' <<<"$OUT")" \
  "easter-2 easter+1 first-mon-may last-mon-aug" "the rules as written"
run sla-check --config-only
expect_match "$OUT" "calendars/closures.toml:1:1: warning: calendar \`closures\` is not used by any window" \
  "an imported calendar no window uses is a warning"

# Rules and ranges give the days of the site calendar: Good Friday 2027 is 26 March, the
# summer shutdown runs 16-27 August, and the warehouse keeps its own name for 15 February.
show=$(itsm config show)
for day in 2027-03-26 2027-03-29 2027-05-03 2027-08-16 2027-08-27 2027-08-30 2028-04-14; do
  expect_match "$show" "\"$day\"" "config show lists $day among the window's holidays"
done
expect_match "$show" "\{ date = \"2027-02-15\", name = \"Stock count\" \}" \
  "a window's own holiday name wins over its calendar's"
id=$(ITSM_NOW="2027-09-01 12:00" itsm log --title "Shelf broken" --service stores --at "2027-08-14 14:00")
expect_eq "$(itsm show "$id" --format json | jq -r .sla.resolve.due)" "2027-08-28T13:00:00Z" \
  "the shutdown closes the warehouse for two weeks (Saturday 14:00 + 8h -> Saturday 28 August 14:00 BST)"

# Bad input: nothing is written, each error says what would be right.
digest() { find "$ITSM_CONFIG" -type f -exec md5sum {} + | sort; }
before=$(digest)
printf 'not a calendar\n' >"$SCRATCH/bad.ics"
run calendar import "$SCRATCH/bad.ics" --name uk-england
expect_error 2 "cannot import .*bad.ics: it is not an iCalendar file .*; nothing was changed" "not a feed"
printf 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n' >"$SCRATCH/empty.ics"
run calendar import "$SCRATCH/empty.ics" --name uk-england
expect_error 2 "it holds no events" "a feed without events"
sed 's/SUMMARY:Christmas Day/SUMMARY:No\xebl/' "$FEEDS/bank-holidays.ics" >"$SCRATCH/latin1.ics"
run calendar import "$SCRATCH/latin1.ics" --name uk-england
expect_error 2 "the name of 2026-12-25 is not UTF-8; .*iconv" "a feed in another encoding"
run calendar import "$FEEDS/bank-holidays.ics" --name "../escape"
expect_error 2 "is not a calendar name; use letters, digits" "a name that would be a path"
run calendar import "$FEEDS/bank-holidays.ics" --name site
expect_error 2 "calendar \`site\` is written in service-windows.toml; remove it there" \
  "a hand-written calendar is not overwritten by a feed"
run calendar import "$SCRATCH" --name uk-england
expect_error 2 "cannot read .*: .*folder" "a folder is not a feed"
run calendar import "$SCRATCH/missing.ics" --name uk-england
expect_error 2 "cannot read .*missing.ics" "a missing feed"
expect_eq "$(digest)" "$before" "no bad import changed a file"
expect_eq "$(ls -A "$ITSM_CONFIG/calendars" | grep -c '^\.')" "0" "no temporary file is left behind"

# Bad calendars in the configuration: file:line:column and what would be right.
cp -r "$ITSM_CONFIG" "$SCRATCH/broken"
cat >>"$SCRATCH/broken/service-windows.toml" <<'TOML'

[calendars.bad]
rules = ["easter+100", "fifth-mon-may", { name = "no rule" }]
ranges = [{ from = "2027-01-10", to = "2027-01-01" }, { from = "*-12-24", to = "2027-01-01" }]
dates = ["2027-02-30"]

[windows.other]
hours = { "mon-fri" = "09:00-17:00" }
calendars = ["sites"]
TOML
run --config "$SCRATCH/broken" sla-check --config-only
expect_code 1 "broken calendars"
expect_match "$OUT" "service-windows.toml:29:[0-9]+: error: rule \"easter\+100\" needs a number of days from 0 to 99" "easter offset out of range"
expect_match "$OUT" "service-windows.toml:29:[0-9]+: error: rule \"fifth-mon-may\" is not a rule; write \"easter\"" "unknown nth"
expect_match "$OUT" "service-windows.toml:29:[0-9]+: error: a rule table needs a \`rule\`" "rule table without rule"
expect_match "$OUT" "service-windows.toml:30:[0-9]+: error: range ends \(2027-01-01\) before it starts \(2027-01-10\)" "backwards range"
expect_match "$OUT" "service-windows.toml:30:[0-9]+: error: a range runs between two dated days" "every-year range"
expect_match "$OUT" "service-windows.toml:31:[0-9]+: error: holiday \"2027-02-30\" is not a date: February 2027 has 28 days" "bad date"
expect_match "$OUT" "service-windows.toml:35:14: error: window \`other\` uses calendar \`sites\`, which is not defined; did you mean \`site\`\?" "misspelt calendar"
cp "$FILE" "$SCRATCH/broken/calendars/site.toml"
run --config "$SCRATCH/broken" sla-check --config-only
expect_match "$OUT" "calendars/site.toml:1:1: error: calendar \`site\` is defined twice: in service-windows.toml and in calendars/site.toml; keep one" \
  "one name, two definitions"

# A calendar of dated days that has none next year is a warning in CI, an error with --strict.
ITSM_NOW="2027-06-01 10:00" run sla-check --config-only --strict
expect_code 1 "--strict: a calendar that runs out is an error"
expect_match "$OUT" "calendars/uk-england.toml:1:1: error: calendar \`uk-england\` has no dates in 2028 \(its last is in 2027\); import next year's" \
  "the calendar that ran out, and how to feed it"

finish
