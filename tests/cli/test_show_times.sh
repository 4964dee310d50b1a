#!/usr/bin/env bash
# `show` prints local times with their UTC offset where the clocks pass the same local time
# twice (the autumn change), so two events an hour apart never look alike; JSON stays in UTC.
source "$(dirname "$0")/lib.sh"
use_config office # Europe/London: on 2026-10-25 the clocks go back from 02:00 BST to 01:00 GMT

run log --title "across the change" --at "2026-10-25T00:30:00Z"
expect_code 0 "logged at 01:30 BST"
run note INC-1 "an hour later" --at "2026-10-25T01:30:00Z"
expect_code 0 "noted at 01:30 GMT"
run note INC-1 "after the change" --at "2026-10-25T03:00:00Z"
expect_code 0 "noted at 03:00 GMT"
run show INC-1 --at "2026-10-25T04:00:00Z"
expect_code 0 "show"
history=$(sed -n '/^history:/,$p' <<<"$OUT")
expect_eq "$(sed -n 2p <<<"$history" | awk '{print $1, $2, $3}')" "2026-10-25 01:30 +01:00" "the first 01:30 carries +01:00"
expect_eq "$(sed -n 3p <<<"$history" | awk '{print $1, $2, $3}')" "2026-10-25 01:30 +00:00" "the second 01:30 carries +00:00"
expect_eq "$(sed -n 4p <<<"$history" | awk '{print $1, $2, $3}')" "2026-10-25 03:00 tester" "03:00 happens once: no offset"
expect_match "$OUT" "opened +2026-10-25 01:30 \+01:00" "the opening time carries its offset"
[ "$(sed -n 2p <<<"$history" | awk '{print $1, $2, $3}')" != "$(sed -n 3p <<<"$history" | awk '{print $1, $2, $3}')" ] ||
  fail "two events an hour apart print alike"

# Away from the change nothing changes.
run log --title "an ordinary day" --at "2026-11-23 09:00"
run show INC-2
expect_match "$OUT" "opened +2026-11-23 09:00"$'\n' "an ordinary time has no offset"
expect_match "$OUT" $'\n''  2026-11-23 09:00  tester' "an ordinary history line has no offset"

# JSON is UTC, as before.
run show INC-1 --format json
expect_eq "$(jq -r '[.events[].at] | join(" ")' <<<"$OUT")" \
  "2026-10-25T00:30:00Z 2026-10-25T01:30:00Z 2026-10-25T03:00:00Z" "JSON times are UTC"
expect_eq "$(jq -r .opened_at <<<"$OUT")" "2026-10-25T00:30:00Z" "JSON opened_at is UTC"

finish
