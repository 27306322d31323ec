#!/usr/bin/env python3
"""Runs the peer scanners (picklescan, modelscan, fickling) in-process over Moat's model corpus
and prints, per sample, whether each flagged it, plus each tool's total scan time.

Usage: peers.py CORPUS_DIR > peers.json   (CORPUS_DIR holds expected.json)
Each tool runs on every file; an exception or a reported scan error counts as "error".
"""
import contextlib
import io
import json
import logging
import os
import sys
import time

logging.disable(logging.CRITICAL)


def picklescan_tool():
    from picklescan.scanner import scan_file_path

    def run(path):
        r = scan_file_path(path)
        if r.issues_count or r.infected_files or getattr(r, "suspicious_count", 0):
            return "flagged"
        return "error" if r.scan_err else "clean"
    return run


def modelscan_tool():
    from modelscan.modelscan import ModelScan

    def run(path):
        ms = ModelScan()
        rep = ms.scan(path)
        if rep["summary"]["total_issues"]:
            return "flagged"
        return "error" if rep.get("errors") else "clean"
    return run


def fickling_tool():
    from fickling.loader import scan_file

    def run(path):
        r = scan_file(path, graceful=True)
        sev = getattr(r.severity, "name", str(r.severity))
        if r.errors and not r.results:
            return "error"
        if sev in ("LIKELY_UNSAFE", "LIKELY_OVERTLY_MALICIOUS", "OVERTLY_MALICIOUS"):
            return "flagged"
        return "clean"
    return run


def main():
    corpus = sys.argv[1]
    expected = json.load(open(os.path.join(corpus, "expected.json")))
    tools = {"picklescan": picklescan_tool(), "modelscan": modelscan_tool(), "fickling": fickling_tool()}
    out = {"results": {}, "seconds": {}}
    for name, run in tools.items():
        start = time.perf_counter()
        res = {}
        for e in expected:
            path = os.path.join(corpus, e["path"])
            try:
                with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                    res[e["path"]] = run(path)
            except Exception as ex:  # a crash is a result too
                res[e["path"]] = "error:" + type(ex).__name__
        out["seconds"][name] = time.perf_counter() - start
        out["results"][name] = res
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
