#!/usr/bin/env python3
"""Moat vs picklescan, modelscan and fickling on the same corpus, in one run.

Usage: compare.py MOAT_BINARY CORPUS_DIR PEERS_JSON
Prints a Markdown detection table, the time each tool took, and Moat's header-only throughput
on large sparse safetensors and GGUF files.
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
from collections import defaultdict


def category(e):
    if e["verdict"] == "any":
        return "broken"
    if e["verdict"] == "clean":
        return "benign"
    return "malicious"


def family(path):
    name = path.split("/", 1)[1]
    for key, fam in [("callables/", "pickle callables"), ("disguised/", "disguised extension"),
                     ("zip_", "zip tricks"), ("tar_", "tar tricks"), ("nested", "nested archives"),
                     ("polyglot", "zip tricks"), ("lambda", "keras"), ("template", "gguf"), ("_7z", "7z-packed"), ("torch", "pytorch"), ("joblib", "joblib"),
                     ("npy", "numpy"), ("npz", "numpy"), ("keras", "keras"), (".h5", "keras"),
                     ("saved_model", "tensorflow"), ("onnx", "onnx"), ("gguf", "gguf"),
                     ("safetensors", "safetensors"), ("models.tar", "tar tricks"), (".pkl", "pickle opcodes")]:
        if key in name:
            return fam
    return "other"


def main():
    moat, corpus, peers_path = sys.argv[1:4]
    expected = json.load(open(os.path.join(corpus, "expected.json")))
    peers = json.load(open(peers_path))
    start = time.perf_counter()
    out = subprocess.run([moat, "model", "scan", "--format", "json", corpus], capture_output=True, check=False)
    moat_secs = time.perf_counter() - start
    reports = {os.path.relpath(r["path"], corpus): r for r in json.loads(out.stdout)}
    results = {"moat": {}}
    for e in expected:
        r = reports.get(e["path"])
        results["moat"][e["path"]] = "error" if r is None or r["verdict"] == "error" else (
            "clean" if r["verdict"] == "clean" else "flagged")
    results.update(peers["results"])
    secs = {"moat": moat_secs, **peers["seconds"]}
    tools = list(results)
    # Detection by family of malicious samples.
    fam_tot = defaultdict(int)
    fam_hit = defaultdict(lambda: defaultdict(int))
    fp = defaultdict(int)
    benign_n = 0
    crashes = defaultdict(int)
    for e in expected:
        cat = category(e)
        for t in tools:
            v = results[t].get(e["path"], "missing")
            if v.startswith("error:"):
                crashes[t] += 1
            if cat == "malicious":
                fam_hit[family(e["path"])][t] += v == "flagged"
            elif cat == "benign" and v == "flagged":
                fp[t] += 1
        if cat == "malicious":
            fam_tot[family(e["path"])] += 1
        elif cat == "benign":
            benign_n += 1
    print("| malicious samples | n | " + " | ".join(tools) + " |")
    print("|---|---|" + "---|" * len(tools))
    tot = defaultdict(int)
    for fam in sorted(fam_tot):
        row = [str(fam_hit[fam][t]) for t in tools]
        for t in tools:
            tot[t] += fam_hit[fam][t]
        print(f"| {fam} | {fam_tot[fam]} | " + " | ".join(row) + " |")
    print(f"| **all caught** | {sum(fam_tot.values())} | " + " | ".join(f"**{tot[t]}**" for t in tools) + " |")
    print(f"| benign flagged (false positives) | {benign_n} | " + " | ".join(str(fp[t]) for t in tools) + " |")
    print("| exceptions raised (all samples) | %d | " % len(expected) + " | ".join(str(crashes[t]) for t in tools) + " |")
    print("| wall time, whole corpus (s) | | " + " | ".join(f"{secs[t]:.3f}" for t in tools) + " |")
    print("| time relative to Moat | | " + " | ".join(f"{secs[t] / secs['moat']:.1f}x" for t in tools) + " |")
    print()
    print("Moat missed:", [e["path"] for e in expected if category(e) == "malicious" and results["moat"][e["path"]] != "flagged"])
    # Header-only throughput on large sparse files.
    with tempfile.TemporaryDirectory() as d:
        size = 8 << 30
        st = os.path.join(d, "big.safetensors")
        n = size // 4
        header = json.dumps({"w": {"dtype": "F32", "shape": [n], "data_offsets": [0, n * 4]}}).encode()
        header += b" " * ((8 - len(header) % 8) % 8)
        with open(st, "wb") as f:
            f.write(struct.pack("<Q", len(header)) + header)
            f.truncate(8 + len(header) + n * 4)
        gg = os.path.join(d, "big.gguf")
        def gstr(s):
            return struct.pack("<Q", len(s)) + s.encode()
        body = b"GGUF" + struct.pack("<IQQ", 3, 1, 1) + gstr("general.architecture") + struct.pack("<I", 8) + gstr("llama")
        body += gstr("w") + struct.pack("<IQIQ", 1, n, 0, 0)
        body += b"\0" * ((32 - len(body) % 32) % 32)
        with open(gg, "wb") as f:
            f.write(body)
            f.truncate(len(body) + n * 4)
        for p in (st, gg):
            t0 = time.perf_counter()
            r = subprocess.run([moat, "model", "scan", "--format", "json", p], capture_output=True, check=False)
            dt = time.perf_counter() - t0
            verdict = json.loads(r.stdout)[0]["verdict"]
            mb = os.path.getsize(p) / 1e6
            print(f"{os.path.basename(p)}: {mb:.0f} MB, verdict {verdict}, {dt * 1000:.1f} ms, {mb / dt:,.0f} MB/s (tensor data not read)")


if __name__ == "__main__":
    main()
