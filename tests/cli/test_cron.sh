#!/usr/bin/env bash
# examples/cron: the crontab escalates and flushes the outbox every few minutes; the lines that
# name a file after a period name it after the report's period, even when run late;
# itsm-cron-report keeps a group's report beside the all-groups one and names the group in the
# mail; sla-check --tickets-only / --availability-only split the exit status, so that a job
# that mails on exit 1 does not mail every run after one outage.
source "$(dirname "$0")/lib.sh"
use_config mkip
CRON=$ITSM_SOURCE_DIR/examples/cron
mkdir -p "$SCRATCH/bin"
ln -s "$ITSM_BIN" "$SCRATCH/bin/itsm"
export PATH=$SCRATCH/bin:$PATH
export ITSM_NOW="2026-11-10 12:00"

itsm log --title "Payroll down" --priority P1 --service payroll --group second-line \
  --outage --at "2026-11-02 08:00" >/dev/null
itsm resolve INC-1 --resolution "restarted" --at "2026-11-04 18:00" >/dev/null
itsm log --title "Mouse broken" --priority P5 --group service-desk --at "2026-11-10 11:00" >/dev/null

# --- sla-check: tickets and availability apart -------------------------------------------------
run sla-check
expect_code 1 "the outage keeps payroll below target: exit 1"
run sla-check --tickets-only
expect_code 0 "--tickets-only: no ticket breached, exit 0"
expect_eq "$(grep -c -i "availab\|below" <<<"$OUT")" "0" "--tickets-only: nothing of availability"
run sla-check --tickets-only --format json
expect_eq "$(jq 'has("services")' <<<"$OUT")" "false" "--tickets-only: no services in JSON"
expect_eq "$(jq .tickets_checked <<<"$OUT")" "1" "--tickets-only: the open ticket checked"
run sla-check --availability-only --format json
expect_code 1 "--availability-only: payroll below target"
expect_eq "$(jq -r '[.services[] | select(.state == "breached") | .service] | join(",")' <<<"$OUT")" "payroll" \
  "--availability-only: the service below target"
expect_eq "$(jq '.findings | length' <<<"$OUT")" "0" "--availability-only: no ticket findings"
before=$(store_digest)
run sla-check --tickets-only --availability-only
expect_error 2 "excludes" "both halves refused"
run sla-check --availability-only --escalate
expect_error 2 "excludes" "--escalate needs the tickets"
expect_eq "$(store_digest)" "$before" "nothing changed"

# --- the crontab: every command runs --------------------------------------------------------------
grep -v '^#' "$CRON/crontab" | awk 'NF > 5 && $1 !~ /=/' >"$SCRATCH/lines"
expect_match "$(grep -c 'sla-check --escalate' "$SCRATCH/lines")" "^1$" "an escalation line"
expect_match "$(grep 'sla-check --escalate' "$SCRATCH/lines" | awk '{print $1}')" '^\*/[0-9]+$' \
  "escalation every few minutes"
expect_match "$(grep -c 'notify flush' "$SCRATCH/lines")" "^1$" "a notify flush line"
expect_eq "$(grep -c 'date -d yesterday' "$SCRATCH/lines")" "0" "no file named after 'yesterday'"
# Run them as cron would on 2 December, a day late for the monthly jobs: each command under
# sh, with the paths of the crontab moved into the scratch folder.
export ITSM_NOW="2026-12-02 07:00"
mkdir -p "$SCRATCH/var/reports" "$SCRATCH/var/exports" "$SCRATCH/mail"
cat >"$SCRATCH/bin/sendmail" <<EOF
#!/bin/sh
cat > "\$(mktemp "$SCRATCH/mail/XXXXXX.eml")"
EOF
chmod +x "$SCRATCH/bin/sendmail"
# date(1) as on 2 December: "now" moved, any -d given kept.
cat >"$SCRATCH/bin/date" <<'EOF'
#!/bin/sh
case " $* " in
*" -d "* | *" --date"*) exec /bin/date "$@" ;;
*) exec /bin/date -d "2026-12-02 07:00" "$@" ;;
esac
EOF
chmod +x "$SCRATCH/bin/date"
export SENDMAIL=$SCRATCH/bin/sendmail
# Mail goes out through the same stub, so that `notify flush` has somewhere to send.
printf '\n[notify]\ncommand = ["%s", "-t"]\nsender = "itsm@example.org"\n' "$SCRATCH/bin/sendmail" \
  >>"$ITSM_CONFIG/itsm.toml"
export ITSM=$ITSM_BIN
while read -r _ _ _ _ _ command; do
  command=${command//\/var\/lib\/itsm/$SCRATCH/var}
  command=${command//\/usr\/share\/itsm\/examples\/cron/$CRON}
  command=${command//\\%/%}
  OUT=$(sh -c "$command" 2>"$SCRATCH/stderr")
  CODE=$?
  ERR=$(cat "$SCRATCH/stderr")
  expect_code 0 "crontab: $command"
done <"$SCRATCH/lines"
ls "$SCRATCH/var/reports" "$SCRATCH/var/exports" >"$SCRATCH/files"
expect_match "$(cat "$SCRATCH/files")" "monthly-2026-11.html" "the all-groups monthly report"
expect_match "$(cat "$SCRATCH/files")" "monthly-2026-11-group-second-line.html" \
  "the group's report beside it"
expect_match "$(cat "$SCRATCH/files")" "monthly-2026-11.csv" "the CSV named after the report's month"
expect_match "$(cat "$SCRATCH/files")" "2026-11.ndjson.gz" "the export named after its month"
expect_eq "$(jq '.filters.group // ""' -r "$SCRATCH/var/reports/monthly-2026-11.json")" "" \
  "the all-groups file is not overwritten by the group's"
expect_eq "$(jq -r .filters.group "$SCRATCH/var/reports/monthly-2026-11-group-second-line.json")" \
  "second-line" "the group's file is the group's"
subjects=$(grep -h '^Subject: itsm: Monthly' "$SCRATCH/mail"/*.eml)
expect_eq "$(grep -cx 'Subject: itsm: Monthly report 2026-11 (group second-line)' <<<"$subjects")" \
  "1" "the group's mail names the group"
expect_eq "$(grep -cx 'Subject: itsm: Monthly report 2026-11' <<<"$subjects")" "1" \
  "the all-groups mail as before"

# --- itsm-cron-report: --group=X spelled with "=" too ---------------------------------------------
"$CRON/itsm-cron-report" weekly --dir "$SCRATCH/w" -- --group=service-desk --priority P5 ||
  fail "itsm-cron-report weekly"
expect_eq "$(ls "$SCRATCH/w" | sort | tr '\n' ' ')" \
  "weekly-2026-W48-group-service-desk-priority-P5.html weekly-2026-W48-group-service-desk-priority-P5.json " \
  "every filter in the file name"
finish
