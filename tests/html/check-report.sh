#!/usr/bin/env bash
# Renders an HTML report in headless Chromium at a desktop and a phone width and checks what a
# reader sees, not pixels: the page is not blank; its three charts are drawn (pixels of each
# chart colour on the screenshot); the figures and labels are legible (no text smaller than
# 9 CSS pixels, SVG labels as scaled); nothing is cut off (the page never scrolls sideways, and
# no text or chart reaches past the screen's edge unless it is in a box that scrolls).
#
#   ITSM_BIN=build/cmd/itsm ITSM_SOURCE_DIR=. tests/html/check-report.sh
#
# Set CHECK_REPORT_KEEP=DIR to keep report.html and the screenshots there to look at. Where
# chromium is not installed it exits 77 (CTest's "skipped"), except in CI (CI=true), where that
# is a failure: `scripts/setup` installs chromium.
source "$(dirname "$0")/../cli/lib.sh"
HERE=$(cd "$(dirname "$0")" && pwd)

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
  if [ "${CI:-}" = true ]; then
    fail "chromium is not installed: scripts/setup installs it, and CI runs this check"
    finish
  fi
  echo "SKIP: chromium is not installed"
  exit 77
fi
use_config office
export ITSM_NOW="2026-11-15 12:00"

q() { itsm "$@" >/dev/null || fail "setup: itsm $*"; }
day=1
for title in "Mail bounces" "Outlook crashes" "VPN slow" "Printer offline" "Laptop request" \
             "Shared drive full" "Password reset" "Website down" "Phone dead" "Scanner jam"; do
  at=$(printf "2026-10-%02d 09:00" $((day * 3 - 1)))
  q log --title "$title" --priority P2 --service email --at "$at"
  if [ $((day % 3)) -ne 0 ]; then
    q assign "$day" --group helpdesk --to alice --at "$(printf "2026-10-%02d 09:30" $((day * 3 - 1)))"
    q resolve "$day" --resolution "done" --at "$(printf "2026-10-%02d 15:00" $((day * 3)))"
  fi
  day=$((day + 1))
done
q log --title "Website down" --priority P1 --service website --at "2026-10-25T01:30:00+01:00"
q resolve 11 --resolution "Restarted" --at "2026-10-25 09:00"

OUTDIR=${CHECK_REPORT_KEEP:-$SCRATCH/out}
mkdir -p "$OUTDIR"
itsm report monthly --month 2026-10 --format html >"$OUTDIR/report.html" || fail "report"

# check_width NAME WIDTH [--mobile]: the page at that screen width, as root in CI (no sandbox)
# with a scratch profile: the layout probe's findings and a screenshot of the whole page.
check_width() {
  local name=$1 width=$2 png="$OUTDIR/report-$1.png" probe
  probe=$(timeout 180 python3 "$HERE/shoot.py" "$CHROMIUM" "$SCRATCH/profile-$name" \
    "file://$OUTDIR/report.html" "$width" "$HERE/probe.js" "$png" "${@:3}" 2>"$SCRATCH/shoot.log")
  if [ -z "$probe" ] || [ ! -s "$png" ]; then
    fail "$name: the page was not loaded: $(tail -3 "$SCRATCH/shoot.log")" \
      "$(tail -3 "$SCRATCH/profile-$name/chromium.log" 2>/dev/null)"
    return
  fi
  echo "$name ($width px): $probe"
  expect_eq "$(jq .viewport <<<"$probe")" "$width" "$name: laid out $width pixels wide"
  expect_eq "$(jq '.page_width <= .viewport' <<<"$probe")" "true" \
    "$name: the page does not scroll sideways ($(jq .page_width <<<"$probe") px)"
  expect_eq "$(jq -r '.cut_off | join("; ")' <<<"$probe")" "" "$name: nothing cut off at the edge"
  expect_eq "$(jq -r '.illegible | join("; ")' <<<"$probe")" "" "$name: every text legible (>= 9 px)"
  expect_eq "$(jq .charts_shown <<<"$probe")" "3" "$name: three charts shown"
  expect_eq "$(jq '.chart_widths | map(. >= 300) | all' <<<"$probe")" "true" \
    "$name: each chart at least 300 px wide ($(jq -c .chart_widths <<<"$probe"))"
  expect_eq "$(jq -r '.cards | join(" | ")' <<<"$probe")" "$CARDS" "$name: the figures on the cards"
  pixels "$name" "$png"
}

# Counts pixels in the PNG with the standard library only: non-white ones, and those close to
# each chart colour.
pixels() {
  local name=$1 png=$2 total nonwhite blue green orange purple
  read -r total nonwhite blue green orange purple < <(python3 - "$png" <<'PY'
import collections, struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n"
pos, idat = 8, b""
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), "8-bit RGB(A) expected"
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
bpp = 3 if ctype == 2 else 4
raw = zlib.decompress(idat)
stride = width * bpp
prev = bytes(stride)
colours = collections.Counter()
for y in range(height):
    f = raw[y * (stride + 1)]
    line = raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)]
    if f == 2:  # Up, the common case, without a per-byte Python loop
        line = bytes([(a + b) & 255 for a, b in zip(line, prev)])
    elif f != 0:
        out = bytearray(line)
        for x in range(stride):
            a = out[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1: out[x] = (out[x] + a) & 255
            elif f == 3: out[x] = (out[x] + (a + b) // 2) & 255
            else:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                out[x] = (out[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        line = bytes(out)
    colours.update(zip(line[0::bpp], line[1::bpp], line[2::bpp]))
    prev = line
def near(rgb):
    return sum(n for (r, g, b), n in colours.items()
               if abs(r - rgb[0]) < 12 and abs(g - rgb[1]) < 12 and abs(b - rgb[2]) < 12)
nonwhite = sum(n for (r, g, b), n in colours.items() if r < 245 or g < 245 or b < 245)
print(width * height, nonwhite, near((0x2f, 0x6f, 0xb0)), near((0x3a, 0xa7, 0x6d)),
      near((0xd9, 0x82, 0x2b)), near((0x7b, 0x4f, 0xb0)))
PY
  )
  echo "$name screenshot: $total pixels, $nonwhite not white; chart colours: blue $blue, green $green, orange $orange, purple $purple"
  CHECKS=$((CHECKS + 5))
  [ "${nonwhite:-0}" -gt $((total / 50)) ] || fail "$name: the page is (almost) blank: $nonwhite of $total pixels not white"
  [ "${blue:-0}" -gt 500 ] || fail "$name: no opened bars or response compliance bars drawn"
  [ "${green:-0}" -gt 200 ] || fail "$name: no resolved bars drawn"
  [ "${orange:-0}" -gt 100 ] || fail "$name: no backlog line drawn"
  [ "${purple:-0}" -gt 200 ] || fail "$name: no resolve compliance bars drawn"
}

# What the cards must show, from the report's own JSON.
CARDS=$(itsm report monthly --month 2026-10 --format json | jq -r '
  [.opened, .resolved, .closed] | map(tostring) | join(" | ")')
CARDS="$CARDS | $(itsm report monthly --month 2026-10 --format json |
  jq -r '"\(.backlog_start) → \(.backlog_end)"')"
check_width desktop 1280
check_width phone 390 --mobile
finish
