#!/usr/bin/env bash
# Renders an HTML report in headless Chromium and checks that the page is not blank and that
# its three charts were drawn (pixels of each chart colour are on the screenshot).
#
#   ITSM_BIN=build/cmd/itsm ITSM_SOURCE_DIR=. tests/html/check-report.sh
#
# Set CHECK_REPORT_KEEP=DIR to keep report.html and report.png there to look at. Exits 77
# (CTest's "skipped") when chromium is not installed: `apt-get install chromium` to run it.
source "$(dirname "$0")/../cli/lib.sh"

CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$CHROMIUM" ]; then
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

PROFILE=$(mktemp -d "$SCRATCH/chromium.XXXXXX")
timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$PROFILE" --screenshot="$OUTDIR/report.png" --window-size=1200,1600 \
  "file://$OUTDIR/report.html" >"$SCRATCH/chromium.log" 2>&1
[ -s "$OUTDIR/report.png" ] || { fail "no screenshot: $(tail -5 "$SCRATCH/chromium.log")"; finish; }

# Counts pixels in the PNG with the standard library only: non-white ones, and those close to
# each chart colour.
read -r total nonwhite blue green orange purple < <(python3 - "$OUTDIR/report.png" <<'PY'
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
echo "screenshot: $total pixels, $nonwhite not white; chart colours: blue $blue, green $green, orange $orange, purple $purple"
CHECKS=$((CHECKS + 5))
[ "${nonwhite:-0}" -gt $((total / 50)) ] || fail "the page is (almost) blank: $nonwhite of $total pixels not white"
[ "${blue:-0}" -gt 500 ] || fail "no opened bars or response compliance bars drawn"
[ "${green:-0}" -gt 200 ] || fail "no resolved bars drawn"
[ "${orange:-0}" -gt 100 ] || fail "no backlog line drawn"
[ "${purple:-0}" -gt 200 ] || fail "no resolve compliance bars drawn"
finish
