#!/usr/bin/env python3
"""Markdown report of bench/gateway/run.sh results (JSON lines from moat-bench-load).

Per point (target, streaming or not, rate): medians over the runs of the service-latency
p50/p99, and of Moat's or LiteLLM's *added* latency: its percentile minus the direct
upstream's at the same rate, streaming mode and run. Then maximum throughput (closed loop).
"""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
if not rows:
    sys.exit("no results")
NAMES = {"direct": "upstream direct (floor)", "moat-off": "Moat, guards off",
         "moat-on": "Moat, guards on (DLP + injection)",
         "moat-off-buffered": "Moat, guards off, audit buffered",
         "moat-on-buffered": "Moat, guards on, audit buffered", "litellm": "LiteLLM proxy"}
ORDER = ["direct", "moat-off", "moat-on", "moat-off-buffered", "moat-on-buffered", "litellm"]


def ms(us):
    return f"{us / 1000:.2f}"


def med(xs):
    return statistics.median(xs) if xs else float("nan")


by = defaultdict(list)
for r in rows:
    by[(r["target"], r["stream"], r["rate"])].append(r)

direct = {(r["stream"], r["rate"], r["run"]): r for r in rows if r["target"] == "direct"}
runs = sorted({r["run"] for r in rows})
loads = [float(r["load"].split()[0]) for r in rows]
print(f"{len(runs)} run(s); load average (1 min) before each point: "
      f"min {min(loads):.2f}, median {med(loads):.2f}, max {max(loads):.2f}\n")

print("### Fixed request rates (open loop)\n")
print("Latency of a whole request (for streams: to the last byte), in ms; *added* = the "
      "target's percentile minus the upstream's own in the same run.\n")
print("| target | stream | rate (req/s) | achieved | p50 | p99 | added p50 | added p99 | "
      "p99 from due time | errors+missed | load avg |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
rates = sorted({r["rate"] for r in rows if r["rate"] > 0})
for stream in (False, True):
    for rate in rates:
        for t in ORDER:
            pts = by.get((t, stream, rate))
            if not pts:
                continue
            add50, add99 = [], []
            for p in pts:
                d = direct.get((stream, rate, p["run"]))
                if d and t != "direct":
                    add50.append(p["p50_us"] - d["p50_us"])
                    add99.append(p["p99_us"] - d["p99_us"])
            bad = sum(p["errors"] + p.get("missed", 0) for p in pts)
            pl = [float(p["load"].split()[0]) for p in pts]
            print(f"| {NAMES.get(t, t)} | {'yes' if stream else 'no'} | {rate:.0f} | "
                  f"{med([p['achieved_rps'] for p in pts]):.0f} | "
                  f"{ms(med([p['p50_us'] for p in pts]))} | {ms(med([p['p99_us'] for p in pts]))} | "
                  f"{ms(med(add50)) if add50 else '—'} | {ms(med(add99)) if add99 else '—'} | "
                  f"{ms(med([p['due_p99_us'] for p in pts]))} | {bad} | "
                  f"{min(pl):.1f}–{max(pl):.1f} |")

print("\n### Maximum throughput (closed loop)\n")
print("| target | stream | req/s (median) | min–max over runs | vs LiteLLM | p50 | p99 | errors | load avg |")
print("|---|---|---:|---:|---:|---:|---:|---:|---|")
for stream in (False, True):
    lite = by.get(("litellm", stream, 0))
    lite_rps = med([p["achieved_rps"] for p in lite]) if lite else None
    for t in ORDER:
        pts = by.get((t, stream, 0))
        if not pts:
            continue
        rps = [p["achieved_rps"] for p in pts]
        ratio = f"{med(rps) / lite_rps:.1f}x" if lite_rps else "—"
        pl = [float(p["load"].split()[0]) for p in pts]
        print(f"| {NAMES.get(t, t)} | {'yes' if stream else 'no'} | {med(rps):.0f} | "
              f"{min(rps):.0f}–{max(rps):.0f} | {ratio} | {ms(med([p['p50_us'] for p in pts]))} | "
              f"{ms(med([p['p99_us'] for p in pts]))} | {sum(p['errors'] for p in pts)} | "
              f"{min(pl):.1f}–{max(pl):.1f} |")
