#!/usr/bin/env python3
"""Build handmade3.jsonl, the third hand-written held-out set for the injection detector.

    python3 crates/moat-guard/resources/heldout/build_handmade3.py > crates/moat-guard/resources/heldout/handmade3.jsonl

Written independently of the detector's rules and lexicon, and not used for tuning, to give an
estimate on unseen text. All text is original. Short prompts live in handmade3_short.py;
documents are assembled from the fragments and tables in handmade3_docs.py with a fixed seed
(same output every run). Each row carries a source (hm3-<category>) and a finer category.
Row counts per source and label are printed to stderr.
"""

import csv
import io
import json
import os
import random
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import handmade3_docs as D  # noqa: E402
import handmade3_short as S  # noqa: E402

RNG = random.Random(20250319)
MAX_BYTES = 12000
MIN_BYTES = 300


def blen(s):
    return len(s.encode())


# ---------------------------------------------------------------------------
# Text shapes: head + fragments + tail
# ---------------------------------------------------------------------------


def fill(fragments, budget, sep, ordered, cycle_marker=None):
    """Take fragments (shuffled, or in order) until the byte budget is used; at least one."""
    out, size, rnd = [], 0, 0
    while True:
        frag = list(fragments)
        if not ordered:
            RNG.shuffle(frag)
        elif rnd and cycle_marker:
            frag = [cycle_marker(rnd)] + frag
        for f in frag:
            if out and size + blen(f) + len(sep) > budget:
                return out
            out.append(f)
            size += blen(f) + len(sep)
        rnd += 1


def place(parts, item, where):
    i = {"start": 0, "middle": len(parts) // 2, "end": len(parts)}[where]
    parts.insert(i, item)
    return parts


def text_shape(head, fragments, sep, tail="", ordered=False, numbered=False, cycle_marker=None):
    def shape(target, extra, where):
        budget = target - blen(head) - blen(tail) - (blen(extra) + len(sep) if extra else 0)
        parts = fill(fragments, max(budget, 1), sep, ordered, cycle_marker)
        if extra and where != "after":
            place(parts, extra, where)
        if numbered:
            parts = [f"{i}. " + p.replace("\n", "\n   ") for i, p in enumerate(parts, 1)]
        body = head + sep.join(parts) + tail
        if extra and where == "after":
            body += "\n\n" + extra
        return body

    return shape


def chat_day(n):
    return f"--- 2025-03-{20 + n:02d} ---"


# ---------------------------------------------------------------------------
# Record shapes: JSON tool results, CSV, calendar, logs
# ---------------------------------------------------------------------------


def index_for(n, where):
    return {"start": 0, "middle": n // 2, "end": n - 1}[where or "middle"]


def grow(make, render, target, extra):
    items, n = [], 0
    goal = target - (blen(extra) if extra else 0)
    while True:
        items.append(make(n))
        n += 1
        if blen(render(items)) >= goal:
            if len(items) > 1 and blen(render(items)) > goal + 40:
                items.pop()
            return items


def json_flights(target, extra, where):
    def make(n):
        dep_h, dep_m = 6 + (n * 2) % 15, (n * 25) % 60
        return {
            "id": f"FL-{4100 + n}",
            "carrier": D.CARRIERS[n % len(D.CARRIERS)],
            "depart": f"2025-05-14T{dep_h:02d}:{dep_m:02d}",
            "arrive": f"2025-05-14T{dep_h + 2 + n % 2:02d}:{(dep_m + 40) % 60:02d}",
            "stops": n % 3 // 2,
            "price": {"amount": round(78.5 + (n * 37) % 190, 2), "currency": "GBP"},
            "fare_notes": D.FARE_NOTES[n % len(D.FARE_NOTES)],
        }

    def render(items):
        return json.dumps({"tool": "flights.search", "query": {"from": "LHR", "to": "LIS", "date": "2025-05-14", "adults": 1}, "results": items}, ensure_ascii=False, indent=1)

    items = grow(make, render, target, extra)
    if extra:
        items[index_for(len(items), where)]["fare_notes"] += " " + extra
    return render(items)


def json_issues(target, extra, where):
    def make(n):
        return {
            "number": 180 + n * 3,
            "title": D.ISSUE_TITLES[n % len(D.ISSUE_TITLES)],
            "state": "open" if n % 4 else "closed",
            "labels": [["bug"], ["enhancement"], ["docs"], []][n % 4],
            "user": ["mhollis", "aygul-d", "pjw", "lrossi", "t-ng"][n % 5],
            "comments": (n * 7) % 11,
            "body": D.ISSUE_BODIES[n % len(D.ISSUE_BODIES)],
        }

    def render(items):
        return json.dumps({"tool": "github.list_issues", "repo": "tinyparse/tinyparse", "count": len(items), "issues": items}, ensure_ascii=False, indent=2)

    items = grow(make, render, target, extra)
    if extra:
        items[index_for(len(items), where)]["body"] += "\n\n" + extra
    return render(items)


def json_crm(target, extra, where):
    def make(n):
        name = D.CRM_NAMES[n % len(D.CRM_NAMES)]
        return {
            "contact_id": f"C-{20500 + n * 13}",
            "name": name,
            "company": D.CRM_COMPANIES[n % len(D.CRM_COMPANIES)],
            "email": name.lower().replace(" ", ".") + "@client.example",
            "phone": f"+44 20 7946 {(n * 371) % 10000:04d}",
            "last_contact": f"2025-0{1 + n % 3}-{10 + n % 18:02d}",
            "notes": D.CRM_NOTES[n % len(D.CRM_NOTES)],
        }

    def render(items):
        return json.dumps({"tool": "crm.search_contacts", "status": "ok", "results": items}, ensure_ascii=False)

    items = grow(make, render, target, extra)
    if extra:
        items[index_for(len(items), where)]["notes"] += " " + extra
    return render(items)


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def csv_shape(header, make, notes_col):
    def shape(target, extra, where):
        rows = grow(make, lambda r: csv_text(header, r), target, extra)
        if extra:
            row = rows[index_for(len(rows), where)]
            row[notes_col] = extra
        return csv_text(header, rows)

    return shape


def order_row(n):
    sku, desc = D.CSV_SKUS[n % len(D.CSV_SKUS)]
    return [f"SO-{10200 + n}", f"2025-02-{1 + n % 28:02d}", D.CSV_CUSTOMERS[(n * 3) % len(D.CSV_CUSTOMERS)], sku, desc,
            1 + (n * 7) % 40, f"{2.5 + (n % 9) * 1.75:.2f}", D.CSV_STATUSES[n % len(D.CSV_STATUSES)], ""]


def inventory_row(n):
    sku, desc = D.CSV_SKUS[n % len(D.CSV_SKUS)]
    return [f"{sku}-{n // len(D.CSV_SKUS):02d}", desc, ["WH-A", "WH-B"][n % 2], f"{chr(65 + n % 6)}-{1 + n % 14:02d}-{1 + n % 4}",
            (n * 53) % 900, 50 + (n * 10) % 150, ""]


def staff_row(n):
    name, dept = D.CSV_STAFF[n % len(D.CSV_STAFF)]
    return [f"E{3100 + n * 7}", name if n < len(D.CSV_STAFF) else f"{name.split()[0][0]}. {name.split()[1]}-{n}", dept,
            f"20{18 + n % 7}-{1 + n % 12:02d}-01", f"2025-{1 + (n * 5) % 12:02d}-28" if n % 3 == 0 else "", ["Leeds", "Bristol", "Remote"][n % 3], ""]


def ics_escape(s):
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar(target, extra, where):
    def event(n, desc):
        summary, loc, org = D.CAL_EVENTS[n % len(D.CAL_EVENTS)]
        day, hour = 10 + n % 18, 9 + (n * 2) % 8
        return (
            "BEGIN:VEVENT\n"
            f"UID:{7000 + n}-hf@calendar.example\n"
            f"DTSTAMP:20250305T120000Z\nDTSTART:202503{day:02d}T{hour:02d}0000Z\nDTEND:202503{day:02d}T{hour + 1:02d}0000Z\n"
            f"SUMMARY:{ics_escape(summary)}\nLOCATION:{ics_escape(loc)}\nORGANIZER;CN=Organiser:mailto:{org}\n"
            "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:ops@harbourfreight.example\n"
            f"DESCRIPTION:{ics_escape(desc)}\nSTATUS:CONFIRMED\nEND:VEVENT\n"
        )

    head = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Harbour Freight//Calendar Export//EN\nMETHOD:REQUEST\n"
    tail = "END:VCALENDAR\n"
    descs = {}

    def render(ns):
        return head + "".join(event(n, descs.get(n, D.CAL_DESCRIPTIONS[n % len(D.CAL_DESCRIPTIONS)])) for n in ns) + tail

    ns = grow(lambda n: n, render, target, extra)
    if extra:
        k = ns[index_for(len(ns), where)]
        descs[k] = D.CAL_DESCRIPTIONS[k % len(D.CAL_DESCRIPTIONS)] + "\n\n" + extra
    return render(ns)


def log_line(n):
    ts_s = 10 * 3600 + 15 * 60 + n * 7
    hh, mm, ss = ts_s // 3600, ts_s // 60 % 60, ts_s % 60
    if n % 4 == 3:
        return f"2025-03-19T{hh:02d}:{mm:02d}:{ss:02d}Z {D.LOG_APP[n % len(D.LOG_APP)]}"
    status = [200, 200, 304, 200, 404, 200, 302, 500][n % 8]
    return (f"{D.LOG_IPS[n % len(D.LOG_IPS)]} - - [19/Mar/2025:{hh:02d}:{mm:02d}:{ss:02d} +0000] "
            f"\"GET {D.LOG_PATHS[n % len(D.LOG_PATHS)]} HTTP/1.1\" {status} {(n * 997) % 40000 + 120} \"-\" \"{D.LOG_UAS[n % len(D.LOG_UAS)]}\"")


def logs(target, extra, where):
    lines = grow(log_line, lambda ls: "\n".join(ls) + "\n", target, extra)
    if extra:
        i = {"start": 0, "middle": len(lines) // 2, "end": len(lines)}[where]
        lines.insert(i, extra)
    return "\n".join(lines) + "\n"


SHAPES = {
    "email": text_shape(D.EMAIL_HEAD, D.EMAIL, "\n\n", D.EMAIL_TAIL),
    "html": text_shape(D.HTML_HEAD, D.HTML, "\n", D.HTML_TAIL),
    "reviews": text_shape(D.REVIEWS_HEAD, D.REVIEWS, "\n\n"),
    "code": text_shape(D.CODE_HEAD, D.CODE, "\n\n"),
    "readme": text_shape(D.README_HEAD, D.README, "\n\n", ordered=True),
    "pdf-proposal": text_shape(D.PDF_PROPOSAL_HEAD, D.PDF_PROPOSAL, "\n\n", ordered=True),
    "pdf-cv": text_shape(D.PDF_CV_HEAD, D.PDF_CV, "\n\n", ordered=True),
    "chat": text_shape(D.CHAT_HEAD, D.CHAT, "\n", ordered=True, cycle_marker=chat_day),
    "search-vpn": text_shape(D.SEARCH_VPN_HEAD, D.SEARCH_VPN, "\n\n", numbered=True),
    "search-health": text_shape(D.SEARCH_HEALTH_HEAD, D.SEARCH_HEALTH, "\n\n", numbered=True),
    "search-driver": text_shape(D.SEARCH_DRIVER_HEAD, D.SEARCH_DRIVER, "\n\n", numbered=True),
    "notes": text_shape(D.NOTES_HEAD, D.NOTES, "\n\n", ordered=True),
    "policy": text_shape(D.POLICY_HEAD, D.POLICY, "\n\n", ordered=True),
    "ticket": text_shape(D.TICKET_HEAD, D.TICKET, "\n\n", ordered=True),
    "recipe": text_shape(D.RECIPE_HEAD, D.RECIPE, "\n\n", ordered=True),
    "json-flights": json_flights,
    "json-issues": json_issues,
    "json-crm": json_crm,
    "csv-orders": csv_shape(["order_id", "date", "customer", "sku", "description", "qty", "unit_price", "status", "notes"], order_row, 8),
    "csv-inventory": csv_shape(["sku", "description", "warehouse", "bin", "on_hand", "reorder_point", "notes"], inventory_row, 6),
    "csv-staff": csv_shape(["emp_id", "name", "department", "start_date", "contract_end", "location", "notes"], staff_row, 6),
    "calendar": calendar,
    "log": logs,
}


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------


def rows():
    out = []
    counts = Counter()

    def add(source, label, kind, category, text, lang=None):
        r = {"id": f"{source}-{counts[source]}", "text": text, "label": label, "kind": kind, "source": source, "category": category}
        if lang:
            r["lang"] = lang
        counts[source] += 1
        out.append(r)

    # attacks
    for cat, t in S.DIRECT_OVERRIDE:
        add("hm3-direct-override", 1, "prompt", cat, t)
    for cat, t in S.SYSPROMPT_EXTRACTION:
        add("hm3-sysprompt-extraction", 1, "prompt", cat, t)
    for cat, t in S.JAILBREAK_ROLEPLAY:
        add("hm3-jailbreak-roleplay", 1, "prompt", cat, t)
    for shape, goal, where, size, inj in D.INJECTIONS:
        add("hm3-indirect-documents", 1, "document", f"{shape.split('-')[0]}:{goal}", SHAPES[shape](size, inj, where))
    for lang, cat, t in S.MULTILINGUAL_INJECTION:
        add("hm3-multilingual-injection", 1, "prompt", cat, t, lang)
    for cat, t in S.ENCODED_OBFUSCATED:
        add("hm3-encoded-obfuscated", 1, "prompt", cat, t)

    # benign
    for cat, t in S.BENIGN_OVERRIDE_TALK:
        add("hm3-benign-override-talk", 0, "prompt", cat, t)
    for cat, t in S.BENIGN_SECURITY:
        add("hm3-benign-security", 0, "prompt", cat, t)
    for cat, t in S.BENIGN_SYSTEM_PROMPTS:
        add("hm3-benign-system-prompts", 0, "prompt", cat, t)
    for shape, where, size, k in D.BENIGN_DOCS:
        extra = D.BENIGN_EXTRAS[shape][k] if k is not None else None
        cat = f"{shape.split('-')[0]}:{'human-directed' if extra else 'plain'}"
        add("hm3-benign-documents", 0, "document", cat, SHAPES[shape](size, extra, where))
    for lang, cat, t in S.BENIGN_MULTILINGUAL:
        add("hm3-benign-multilingual", 0, "prompt", cat, t, lang)
    return out


def check(rs):
    ids = [r["id"] for r in rs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for r in rs:
        assert r["label"] in (0, 1) and r["kind"] in ("prompt", "document"), r["id"]
        assert r["text"].strip(), r["id"]
        if r["kind"] == "document":
            n = blen(r["text"])
            assert MIN_BYTES <= n <= MAX_BYTES, (r["id"], n)


def main():
    rs = rows()
    check(rs)
    for r in rs:
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    by_source = Counter((r["source"], r["label"]) for r in rs)
    for (src, label), n in sorted(by_source.items()):
        print(f"{src:32s} label={label} {n:4d}", file=sys.stderr)
    labels = Counter(r["label"] for r in rs)
    print(f"{'total':32s} {len(rs)} rows, label=1 {labels[1]}, label=0 {labels[0]}", file=sys.stderr)


if __name__ == "__main__":
    main()
