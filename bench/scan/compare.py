#!/usr/bin/env python3
"""Side by side: `moat scan` and checkov on the same infrastructure-as-code.

Usage: compare.py MOAT_BIN CHECKOV_BIN [--runs N] [--copies N]

Input: crates/moat-scan/resources/test (every rule's positive and negative fixtures in
Terraform, Bicep, ARM and Kubernetes, and the end-to-end app). Prints markdown:

1. Speed: median wall time and peak RSS over --runs runs, on that tree and on --copies copies
   of it (a larger tree, so start-up cost weighs less).
2. Rule overlap: MAP below pairs each Moat rule with the checkov checks that test the same
   setting (chosen by reading both rule sets; an empty list means checkov has no such check
   among those that ran). On the rule's fixture files, whose `expect:` lines name the
   misconfigured resources, the script counts for the paired checks together: expected
   resources failed (agree), expected resources not failed (missed) and other resources of
   those files failed (extra: the fixture's well-configured resources or helpers). `same` when
   nothing is missed and nothing extra, `partial` when some agree, `differs` when none do.
3. Checks checkov fails on AI resources that are paired with no Moat rule: what checkov
   reports that Moat's rules do not.

checkov is run with --skip-download (no network): no platform guidelines or severities.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TREE = ROOT / "crates/moat-scan/resources/test"
FIXTURES = TREE / "fixtures"
AI_TYPES = re.compile(
    r"cognitive|search|machine_?learning|machinelearningservices|bedrock|sagemaker|vertex|ai_foundry|"
    r"aiplatform|ollama|vllm|tgi|triton|kserve|inference|model",
    re.I,
)


def run_measured(cmd):
    """Runs cmd; returns (wall s, CPU s (user + system, with waited-for children), peak RSS MiB
    of the largest process, stdout)."""
    with tempfile.TemporaryFile() as out:
        t = time.perf_counter()
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL)
        _, _, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        p.returncode = 0
        out.seek(0)
        cpu = ru.ru_utime + ru.ru_stime
        return wall, cpu, ru.ru_maxrss / 1024, out.read().decode("utf-8", "replace")


def measure(cmd, runs):
    walls, cpus, rss, out = [], [], [], ""
    for _ in range(runs):
        w, c, r, out = run_measured(cmd)
        walls.append(w)
        cpus.append(c)
        rss.append(r)
    return statistics.median(walls), statistics.median(cpus), max(rss), out


def moat_cmd(moat, d):
    return [moat, "scan", str(d), "--format", "json", "--no-progress"]


def checkov_cmd(checkov, d):
    return [checkov, "-d", str(d), "--framework", "terraform", "bicep", "arm", "kubernetes",
            "-o", "json", "--quiet", "--compact", "--skip-download"]


def rel_fixture(path):
    """`/…/fixtures/azure_ai/MOAT-AZ001.tf` -> `fixtures/azure_ai/MOAT-AZ001.tf`."""
    p = path.replace("\\", "/")
    for anchor in ("fixtures/", "e2e/"):
        i = p.find(anchor)
        if i >= 0:
            return p[i:]
    return p.lstrip("/")


def resource_name(check_type, resource):
    """checkov's resource id -> the name Moat's fixtures use."""
    if check_type == "kubernetes":
        return resource.split(".")[-1]  # Kind.namespace.name
    return resource.rsplit(".", 1)[-1]  # type.name


def expected(path):
    text = path.read_text()
    if path.suffix == ".json":
        return set(json.loads(text).get("metadata", {}).get("expect", []))
    first = text.splitlines()[0].lstrip("/#").strip()
    return {s.strip() for s in first.removeprefix("expect:").split(",") if s.strip()}


def checkov_results(out):
    reports = json.loads(out)
    reports = reports if isinstance(reports, list) else [reports]
    failed = defaultdict(lambda: defaultdict(set))  # file -> check -> names
    names = {}  # check id -> name
    ai_fails = defaultdict(set)  # check id -> "file:resource"
    for rep in reports:
        ct = rep.get("check_type", "")
        for f in rep.get("results", {}).get("failed_checks", []):
            file = rel_fixture(f["file_path"])
            name = resource_name(ct, f["resource"])
            failed[file][f["check_id"]].add(name)
            names[f["check_id"]] = f["check_name"]
            if AI_TYPES.search(f["resource"]):
                ai_fails[f["check_id"]].add(f"{file}:{f['resource']}")
    return failed, names, ai_fails


def moat_results(out):
    by_file = defaultdict(lambda: defaultdict(set))  # file -> code -> names
    for f in json.loads(out)["findings"]:
        if f.get("resource") and f.get("suppressed") is None:
            by_file[f["file"]][f["code"]].add(f["resource"].split(" ", 1)[-1])
    return by_file


# Moat rule -> checkov checks that test the same setting.
MAP = {
    "MOAT-AZ001": ["CKV_AZURE_236"], "MOAT-AZ002": ["CKV_AZURE_134"], "MOAT-AZ003": [],
    "MOAT-AZ004": [], "MOAT-AZ005": ["CKV2_AZURE_22"], "MOAT-AZ006": ["CKV_AZURE_238"],
    "MOAT-AZ007": ["CKV_AZURE_247"], "MOAT-AZ008": [], "MOAT-AZ009": [], "MOAT-AZ010": [],
    "MOAT-AZ101": [], "MOAT-AZ102": [], "MOAT-AZ103": [], "MOAT-AZ104": [], "MOAT-AZ105": [],
    "MOAT-ML001": ["CKV_AZURE_144", "CKV_AZURE_243"], "MOAT-ML002": [], "MOAT-ML003": [],
    "MOAT-ML004": [], "MOAT-ML005": ["CKV_AZURE_142"], "MOAT-ML006": [], "MOAT-ML007": [],
    "MOAT-ML008": ["CKV_AZURE_150"], "MOAT-ML009": [], "MOAT-ML010": [], "MOAT-ML011": [],
    "MOAT-ML012": [],
    "MOAT-AS001": [], "MOAT-AS002": ["CKV_AZURE_124"], "MOAT-AS003": [], "MOAT-AS004": ["CKV_AZURE_207"],
    "MOAT-AD001": ["CKV_AZURE_190", "CKV2_AZURE_47"], "MOAT-AD002": ["CKV2_AZURE_40"],
    "MOAT-AD003": ["CKV_AZURE_35", "CKV_AZURE_59"], "MOAT-AD004": ["CKV_AZURE_110", "CKV_AZURE_42"],
    "MOAT-AD005": ["CKV_AZURE_109", "CKV_AZURE_189"], "MOAT-AD006": [],
    "MOAT-AWS001": ["CKV_AWS_383"], "MOAT-AWS002": [], "MOAT-AWS003": [], "MOAT-AWS004": ["CKV_AWS_373"],
    "MOAT-AWS005": ["CKV_AWS_122"], "MOAT-AWS006": ["CKV_AWS_307"], "MOAT-AWS007": ["CKV_AWS_22", "CKV_AWS_187"],
    "MOAT-AWS008": ["CKV_AWS_370"], "MOAT-AWS009": ["CKV_AWS_98"],
    "MOAT-GCP001": ["CKV_GCP_89", "CKV2_GCP_28"],
    "MOAT-GCP002": ["CKV_GCP_92", "CKV2_GCP_24", "CKV2_GCP_21", "CKV2_GCP_27"],
    "MOAT-GCP003": ["CKV2_GCP_33"],
    "MOAT-K8S001": [], "MOAT-K8S002": ["CKV_K8S_23"], "MOAT-K8S003": ["CKV_K8S_35"],
    "MOAT-K8S004": ["CKV_K8S_16", "CKV_K8S_20"], "MOAT-K8S005": [],
}


def overlap(moat_out, ck_out):
    failed, ck_names, ai_fails = checkov_results(ck_out)
    moat = moat_results(moat_out)
    rows = []
    files_by_rule = defaultdict(list)
    for p in sorted(FIXTURES.rglob("MOAT-*")):
        files_by_rule[p.stem].append(p)
    for rule, files in sorted(files_by_rule.items()):
        want = {str(p.relative_to(TREE)): expected(p) for p in files}
        n_want = sum(len(v) for v in want.values())
        moat_hit = sum(len(moat[f][rule] & e) for f, e in want.items())
        moat_extra = sum(len(moat[f][rule] - e) for f, e in want.items())
        checks = MAP.get(rule, [])
        agree = missed = extra = 0
        for f, e in want.items():
            hit = set()
            for c in checks:
                hit |= failed.get(f, {}).get(c, set())
            agree += len(hit & e)
            missed += len(e - hit)
            extra += len(hit - e)
        if not checks:
            verdict = "none"
        elif agree == n_want and extra == 0:
            verdict = "same"
        elif agree:
            verdict = "partial"
        else:
            verdict = "differs"
        rows.append((rule, n_want, moat_hit, moat_extra, verdict, checks, agree, missed, extra))
    paired = {c for cs in MAP.values() for c in cs}
    only_ck = {c: v for c, v in ai_fails.items() if c not in paired}
    return rows, only_ck, ck_names


def replicate(n):
    d = Path(tempfile.mkdtemp(prefix="moat-bench-scan-"))
    for i in range(n):
        shutil.copytree(TREE, d / f"copy-{i:03}")
    return d


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("moat")
    ap.add_argument("checkov")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--copies", type=int, default=20)
    args = ap.parse_args()

    big = replicate(args.copies)
    try:
        files = sum(1 for p in TREE.rglob("*") if p.is_file())
        print(f"| tree | files | tool | median wall (s) | median CPU (s) | peak RSS (MiB) |")
        print("|---|---|---|---|---|---|")
        timings = {}
        for label, d, n in (("fixtures + e2e", TREE, files), (f"{args.copies} copies", big, files * args.copies)):
            for tool, cmd in (("moat scan", moat_cmd(args.moat, d)), ("checkov", checkov_cmd(args.checkov, d))):
                w, c, r, out = measure(cmd, args.runs)
                timings[(label, tool)] = (w, c, out)
                print(f"| {label} | {n} | {tool} | {w:.3f} | {c:.3f} | {r:.0f} |")
        for label in ("fixtures + e2e", f"{args.copies} copies"):
            wr = timings[(label, "checkov")][0] / timings[(label, "moat scan")][0]
            cr = timings[(label, "checkov")][1] / timings[(label, "moat scan")][1]
            print(f"\ncheckov / moat on {label}: wall {wr:.1f}x, CPU {cr:.1f}x")
    finally:
        shutil.rmtree(big, ignore_errors=True)

    rows, only_ck, ck_names = overlap(timings[("fixtures + e2e", "moat scan")][2],
                                      timings[("fixtures + e2e", "checkov")][2])
    counts = defaultdict(int)
    for r in rows:
        counts[r[4]] += 1
    print(f"\nRule overlap on Moat's fixtures ({len(rows)} rules): same {counts['same']}, "
          f"partial {counts['partial']}, differs {counts['differs']}, none {counts['none']}\n")
    print("| Moat rule | expected | Moat found | Moat extra | checkov | paired checks | agree | missed | extra |")
    print("|---|---|---|---|---|---|---|---|---|")
    for rule, n, mh, me, verdict, checks, a, m, x in rows:
        names = ", ".join(checks) if checks else "—"
        print(f"| {rule} | {n} | {mh} | {me} | {verdict} | {names} | {a} | {m} | {x} |")
    print(f"\nChecks checkov fails on AI resources, paired with no Moat rule ({len(only_ck)}):\n")
    print("| checkov check | name | AI resources failed |")
    print("|---|---|---|")
    for c in sorted(only_ck):
        print(f"| {c} | {ck_names[c]} | {len(only_ck[c])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
