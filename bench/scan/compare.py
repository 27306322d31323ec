#!/usr/bin/env python3
"""Side by side: `moat scan` and checkov on the same IaC tree.

Usage: compare.py DIR MOAT_BIN CHECKOV_BIN [RUNS]
Prints wall-clock medians and, per AI resource, which tool reports what.
"""
import json, statistics, subprocess, sys, time

AI = ("cognitive", "search", "machine_learning", "machinelearning", "bedrock", "sagemaker", "vertex", "ai_foundry")

def timed(cmd, runs):
    ts = []
    out = None
    for _ in range(runs):
        t = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True, text=True)
        ts.append(time.perf_counter() - t)
        out = p.stdout
    return statistics.median(ts), out

def main():
    d, moat, checkov = sys.argv[1:4]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 3
    mt, mo = timed([moat, "scan", d, "--format", "json", "--no-progress"], runs)
    ct, co = timed([checkov, "-d", d, "--framework", "terraform", "bicep", "arm", "-o", "json", "--quiet", "--compact"], runs)
    m = json.loads(mo)
    moat_hits = {}
    for f in m["findings"]:
        if f.get("resource") and any(a in f["resource"].lower() for a in AI):
            moat_hits.setdefault(f["resource"], set()).add(f["code"])
    c = json.loads(co)
    reports = c if isinstance(c, list) else [c]
    ck_hits = {}
    for rep in reports:
        for f in rep.get("results", {}).get("failed_checks", []):
            res = f.get("resource", "")
            if any(a in res.lower() for a in AI):
                ck_hits.setdefault(res, set()).add(f["check_id"])
    print(f"| tool | median wall time over {runs} runs (s) | AI findings |")
    print("|---|---|---|")
    print(f"| moat scan | {mt:.3f} | {sum(len(v) for v in moat_hits.values())} |")
    print(f"| checkov | {ct:.3f} | {sum(len(v) for v in ck_hits.values())} |")
    print(f"\ntime ratio checkov/moat: {ct / mt:.1f}x\n")
    print("| moat resource | moat codes | checkov resource | checkov checks |")
    print("|---|---|---|---|")
    for k in sorted(moat_hits):
        print(f"| {k} | {', '.join(sorted(moat_hits[k]))} | | |")
    for k in sorted(ck_hits):
        print(f"| | | {k} | {', '.join(sorted(ck_hits[k]))} |")

if __name__ == "__main__":
    main()
