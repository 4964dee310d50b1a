#!/usr/bin/env python3
"""The table and the chart of `scripts/bench --scale` (tests/bench/scale.sh).

Reads lines `size|what|itsm seconds|baseline|baseline seconds|max RSS KB` ("-" where there is
none) and writes a Markdown table with each issue target's verdict, and an SVG chart of time
against store size on log-log axes, one colour per command, its baseline dashed.
"""
import math
import sys
from collections import OrderedDict

results_path, table_path, svg_path = sys.argv[1:4]
rows = []
# (command, size): the same command on the one-ticket store, measured beside it (rows `beside:`).
BESIDE = "beside: "
beside = {}
with open(results_path) as f:
    for line in f:
        size, what, mine, base, theirs, rss = line.rstrip("\n").split("|")
        if what.startswith(BESIDE):
            beside[(what.removeprefix(BESIDE), int(size))] = float(mine)
            continue
        rows.append({
            "size": int(size), "what": what, "mine": float(mine), "base": base,
            "theirs": None if theirs == "-" else float(theirs),
            "rss": None if rss == "-" else int(rss),
        })

SERVER = "server: "  # the rows of a server store: the same targets, psql the baseline


def store_of(r):
    return "server" if r["what"].startswith(SERVER) else "file"


largest = {}
for r in rows:
    largest[store_of(r)] = max(largest.get(store_of(r), 0), r["size"])
MEMORY_MB = 256


def verdict(r):
    """The target of docs/performance.md's scale section that this row is held to."""
    what, ratio = r["what"].removeprefix(SERVER), (r["mine"] / r["theirs"] if r["theirs"] else None)
    checks = []
    if what in ("log", "show", "assign") and r["size"] == largest[store_of(r)] and r["size"] > 1:
        checks.append((ratio <= 1.5, "<= 1.5x"))
        grow = r["mine"] / beside[(r["what"], r["size"])]
        checks.append((grow <= 1.2, f"{grow:.2f}x of one ticket beside it <= 1.2x"))
    elif what.startswith("list"):
        checks.append((ratio <= 2.0, "<= 2x"))
    elif what == "report monthly" and r["size"] == largest[store_of(r)]:
        checks.append((ratio <= 2.0, "<= 2x"))
    elif what == "import" and r["size"] >= 10_000_000:
        checks.append((r["mine"] < 120, "< 120 s"))
    elif what == "check" and r["size"] >= 10_000_000:
        checks.append((r["mine"] < 300, "< 5 min"))
    elif what.startswith("export"):
        first = float(what.split("first line ")[1].split(" s")[0])
        checks.append((first < 0.5, "first line < 0.5 s"))
    elif what == "sla-check, all open":
        checks.append((r["mine"] < 5, "< 5 s"))
    if r["rss"] is not None:
        checks.append((r["rss"] < MEMORY_MB * 1024, f"< {MEMORY_MB} MB"))
    return "; ".join(t + (": met" if ok else ": **missed**") for ok, t in checks) or "-"


with open(table_path, "w") as out:
    out.write("| command | tickets | itsm | baseline | baseline time | ratio | max RSS | target |\n")
    out.write("|---|---:|---:|---|---:|---:|---:|---|\n")
    order = OrderedDict()
    for r in rows:
        order.setdefault(r["what"].split(" (")[0], []).append(r)
    for group in order.values():
        for r in sorted(group, key=lambda r: r["size"]):
            ratio = f"{r['mine'] / r['theirs']:.2f}" if r["theirs"] else "-"
            theirs = f"{r['theirs']:.3f} s" if r["theirs"] is not None else "-"
            rss = f"{r['rss'] / 1024:.0f} MB" if r["rss"] is not None else "-"
            out.write(f"| {r['what']} | {r['size']:,} | {r['mine']:.3f} s | {r['base']} | "
                      f"{theirs} | {ratio} | {rss} | {verdict(r)} |\n")

# The charts, one per store: each command that was measured at more than one size.
def chart(chart_rows, path):
    series = OrderedDict()
    # /usr/bin/time gives hundredths: a command that took less reads 0, which a log axis cannot
    # place (small stores, when the script itself is tried).
    for r in (r for r in chart_rows if r["mine"] > 0):
        name = r["what"].removeprefix(SERVER).split(" (")[0]
        series.setdefault(name, []).append(r)
    series = OrderedDict((k, sorted(v, key=lambda r: r["size"])) for k, v in series.items()
                         if len({r["size"] for r in v}) > 1)
    if not series:  # one size only (a run of the server alone): nothing to draw
        return
    W, H, L, R, T, B = 760, 440, 70, 190, 20, 50
    sizes = [r["size"] for v in series.values() for r in v]
    times = [t for v in series.values() for r in v for t in (r["mine"], r["theirs"]) if t]
    x0, x1 = math.floor(math.log10(min(sizes))), math.ceil(math.log10(max(sizes)))
    y0, y1 = math.floor(math.log10(min(times))), math.ceil(math.log10(max(times)))
    x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)


    def px(size):
        return L + (math.log10(size) - x0) / (x1 - x0) * (W - L - R)


    def py(t):
        return H - B - (math.log10(t) - y0) / (y1 - y0) * (H - T - B)


    colours = ["#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#7b4b94", "#00798c", "#8d6a9f",
               "#5c5c5c", "#c36f09"]
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>']
    for e in range(x0, x1 + 1):
        x = px(10 ** e)
        svg.append(f'<line x1="{x:.1f}" y1="{T}" x2="{x:.1f}" y2="{H - B}" stroke="#ddd"/>')
        svg.append(f'<text x="{x:.1f}" y="{H - B + 16}" text-anchor="middle">{10 ** e:,}</text>')
    for e in range(y0, y1 + 1):
        y = py(10 ** e)
        label = f"{10 ** e:g} s"
        svg.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#ddd"/>')
        svg.append(f'<text x="{L - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    svg.append(f'<text x="{(L + W - R) / 2}" y="{H - 12}" text-anchor="middle">tickets in the store'
               f' (log)</text>')
    svg.append(f'<text x="16" y="{(T + H - B) / 2}" text-anchor="middle" '
               f'transform="rotate(-90 16 {(T + H - B) / 2})">seconds (log)</text>')
    for i, (name, v) in enumerate(series.items()):
        c = colours[i % len(colours)]
        pts = " ".join(f"{px(r['size']):.1f},{py(r['mine']):.1f}" for r in v)
        svg.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2"/>')
        base = [r for r in v if r["theirs"]]
        if len(base) > 1:
            pts = " ".join(f"{px(r['size']):.1f},{py(r['theirs']):.1f}" for r in base)
            svg.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="1.5" '
                       f'stroke-dasharray="5 4"/>')
        y = T + 14 + 18 * i
        svg.append(f'<line x1="{W - R + 12}" y1="{y - 4}" x2="{W - R + 32}" y2="{y - 4}" '
                   f'stroke="{c}" stroke-width="2"/>')
        svg.append(f'<text x="{W - R + 38}" y="{y}">{name}</text>')
    y = T + 14 + 18 * len(series)
    svg.append(f'<line x1="{W - R + 12}" y1="{y - 4}" x2="{W - R + 32}" y2="{y - 4}" stroke="#333" '
               f'stroke-dasharray="5 4"/><text x="{W - R + 38}" y="{y}">its baseline</text>')
    svg.append("</svg>")
    with open(path, "w") as out:
        out.write("\n".join(svg) + "\n")


chart([r for r in rows if store_of(r) == "file"], svg_path)
server_rows = [r for r in rows if store_of(r) == "server"]
if server_rows:
    chart(server_rows, svg_path.replace(".svg", "-server.svg"))
