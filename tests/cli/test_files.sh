#!/usr/bin/env bash
# Files itsm reads that could crash, hang or exhaust it (docs/security.md): TOML nested deeper
# than 256 levels, and configuration, notification templates and import files that are FIFOs,
# devices or too large. Each is refused with its exit code, at once, and changes nothing.
source "$(dirname "$0")/lib.sh"
use_config office

run log --title "before" --at "2026-11-23 09:00"
expect_code 0 "a ticket"
before=$(store_digest)

# --- keys nested too deep ------------------------------------------------------------------------
# deep N: a table header N keys deep ([a.a.a...]), on line 2.
deep() { printf '# deep\n'; python3 -c "print('[' + '.'.join(['a'] * $1) + ']')"; }
saved=$SCRATCH/office
cp -r "$ITSM_CONFIG" "$saved"
deep 250000 >"$ITSM_CONFIG/itsm.toml" # 500 KB: crashed every command before the limit
run list
expect_error 5 "itsm.toml:2: error: invalid TOML: keys nested deeper than 256 levels" "a header 250,000 keys deep"
run sla-check --config-only
expect_code 1 "sla-check --config-only on a header 250,000 keys deep"
expect_match "$OUT" "itsm.toml:2: error: invalid TOML: keys nested deeper than 256 levels" "its diagnostic"
sed 1d "$ITSM_CONFIG/itsm.toml" | cmp -s - "$ITSM_SOURCE_DIR/tests/fuzz/corpus/config/deep-dotted-header" ||
  fail "the config fuzz corpus holds the 250,000-key header"
CHECKS=$((CHECKS + 1))
deep 257 >"$ITSM_CONFIG/itsm.toml"
run list
expect_error 5 "itsm.toml:2: error: invalid TOML: keys nested deeper than 256 levels" "257 keys deep"
deep 256 >"$ITSM_CONFIG/itsm.toml"
run list
expect_error 5 "itsm.toml:2:2: error: unknown key .a." "256 keys deep is TOML (and an unknown key)"
printf 'timezone = "UTC"\n"a"."b" = 1\nx.%s = 2\n' "$(python3 -c "print('.'.join(['k'] * 300))")" >"$ITSM_CONFIG/itsm.toml"
run list
expect_error 5 "itsm.toml:3: error: invalid TOML: keys nested deeper than 256 levels" "a dotted key 301 deep"
printf 'timezone = "UTC" # %s\nname = "%s"\n' "$(printf '.%.0s' $(seq 1 300))" "$(printf '.%.0s' $(seq 1 300))" >"$ITSM_CONFIG/itsm.toml"
run list
expect_error 5 "unknown key .name." "dots in comments and strings are no nesting"
{ deep 300; } | sed 1d >"$SCRATCH/deep-cases.toml"
rm -rf "$ITSM_CONFIG" && cp -r "$saved" "$ITSM_CONFIG"
run sla-check --config-only --cases "$SCRATCH/deep-cases.toml"
expect_code 1 "a case file nested too deep"
expect_match "$OUT" "deep-cases.toml:1: error: invalid TOML: keys nested deeper than 256 levels" "its diagnostic"

# --- notification templates ---------------------------------------------------------------------
printf '\n[notify]\nspool = "%s"\nsender = "helpdesk@example.org"\n' "$SCRATCH/spool" >>"$ITSM_CONFIG/itsm.toml"
mkdir -p "$ITSM_CONFIG/notify"
mkfifo "$ITSM_CONFIG/notify/logged.txt"
ITSM_BUSY_TIMEOUT=200 timeout 20 "$ITSM_BIN" log --title "fifo" --email "a@example.org" >/dev/null 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 5 "notify/logged.txt: .*not a regular file" "a FIFO as a template: refused at once (124 is a hang)"
rm "$ITSM_CONFIG/notify/logged.txt"
ln -s /dev/zero "$ITSM_CONFIG/notify/logged.txt"
timeout 20 "$ITSM_BIN" log --title "zero" --email "a@example.org" >/dev/null 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 5 "notify/logged.txt: .*not a regular file" "a template linked to /dev/zero"
rm "$ITSM_CONFIG/notify/logged.txt"
head -c 5000000 /dev/zero | tr '\0' 'x' >"$ITSM_CONFIG/notify/logged.txt"
run log --title "huge" --email "a@example.org"
expect_error 5 "notify/logged.txt: it is larger than 4 MiB" "a template over the size limit"
printf 'Subject: [{id}] Logged: {title}\n\nWe have your call.\n' >"$ITSM_CONFIG/notify/logged.txt"
run log --title "good template" --email "a@example.org" --at "2026-11-23 10:00"
expect_code 0 "a regular template"
expect_match "$(cat "$SCRATCH"/spool/*.eml)" "We have your call" "is used"
rm -rf "$ITSM_CONFIG" && cp -r "$saved" "$ITSM_CONFIG"
run log --title "after" --at "2026-11-23 11:00"
expect_code 0 "the store was never held"
before=$(store_digest)

# --- configuration and import files that are not regular files ----------------------------------
mkfifo "$SCRATCH/fifo"
timeout 20 "$ITSM_BIN" import "$SCRATCH/fifo" >/dev/null 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 2 "fifo is not a regular file \(a pipe, socket or device\); give an export file, or - for standard input" "import of a FIFO"
timeout 20 "$ITSM_BIN" import /dev/zero >/dev/null 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 2 "/dev/zero is not a regular file" "import of a device"
timeout 20 "$ITSM_BIN" maintenance import "$SCRATCH/fifo" >/dev/null 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 2 "fifo is not a regular file" "maintenance import of a FIFO"
rm "$ITSM_CONFIG/priorities.toml"
mkfifo "$ITSM_CONFIG/priorities.toml"
timeout 20 "$ITSM_BIN" list >/dev/null 2>"$SCRATCH/stderr"
CODE=$? ERR=$(cat "$SCRATCH/stderr")
expect_error 5 "priorities.toml: .*not a regular file" "a FIFO as a configuration file"
expect_eq "$(store_digest)" "$before" "nothing changed"

finish
