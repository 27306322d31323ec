#!/usr/bin/env python3
"""Build handmade4.jsonl, the fourth hand-written held-out set for the injection detector.

    python3 crates/moat-guard/resources/heldout/build_handmade4.py > crates/moat-guard/resources/heldout/handmade4.jsonl

Written independently of the detector's rules and lexicon and held out from tuning, to give an
estimate on unseen text. All text is original. Short prompts live in handmade4_short.py;
documents (1-20 KB) are assembled from the fragments and tables in handmade4_docs.py with a
fixed seed (20260114), so every run gives the same bytes. Rows carry id (hm4-<n>), text,
label (1 = attack, 0 = benign), source (hm4-<category>), kind (prompt/document) and a finer
category; multilingual rows also carry lang.

Attack sources: direct-override, jailbreak-roleplay, sysprompt-extraction, fake-template,
encoded-obfuscated, exfiltration, multilingual-injection, indirect-documents.
Benign sources: benign-override-talk, benign-security, benign-system-prompts,
benign-multilingual, benign-documents.
Row counts per source and label are printed to stderr.
"""

import csv
import datetime
import io
import itertools
import json
import os
import random
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import handmade4_docs as D  # noqa: E402
import handmade4_short as S  # noqa: E402

SEED = 20260114
RNG = random.Random(SEED)
MIN_BYTES = 1000
MAX_BYTES = 20500


def blen(s):
    return len(s.encode())


# ---------------------------------------------------------------------------
# Text shapes: head + fragments (+ generated continuation) + tail
# ---------------------------------------------------------------------------


def pick(fragments, budget, sep, ordered, keep_last=None):
    """Random subset of fragments within the byte budget, no repeats; original order if ordered."""
    idx = list(range(len(fragments)))
    RNG.shuffle(idx)
    chosen, size = [], 0
    for i in idx:
        n = blen(fragments[i]) + len(sep)
        if chosen and size + n > budget:
            continue
        chosen.append(i)
        size += n
    if ordered:
        chosen.sort()
    parts = [fragments[i] for i in chosen]
    if keep_last:
        parts = [p for p in parts if not keep_last(p)] + [p for p in parts if keep_last(p)]
    return parts, size


def insert_at(parts, where):
    """Index for start/end, or the fragment boundary closest to the byte midpoint."""
    if where == "start":
        return 0
    if where == "end":
        return len(parts)
    half, acc = sum(blen(p) for p in parts) / 2, 0
    for i, p in enumerate(parts):
        if acc + blen(p) / 2 >= half:
            return i
        acc += blen(p)
    return len(parts)


def text_shape(head, fragments, sep, tail="", ordered=False, keep_last=None, more=None):
    def shape(target, extra, where):
        budget = target - blen(head) - blen(tail) - (blen(extra) + len(sep) if extra else 0)
        parts, size = pick(fragments, max(budget, 1), sep, ordered, keep_last)
        if more:
            k = 0
            while budget - size > 300:
                frag = more(k, min(budget - size - len(sep), 3600))
                if not frag:
                    break
                parts.append(frag)
                size += blen(frag) + len(sep)
                k += 1
        if extra and where != "after":
            parts.insert(insert_at(parts, where), extra)
        body = head + sep.join(parts) + tail
        if extra and where == "after":
            body += "\n" + extra + "\n"
        return body

    return shape


def release_dates():
    d = datetime.date(2025, 2, 24)
    while True:
        yield d
        d -= datetime.timedelta(days=14)


RELEASES = list(itertools.islice(release_dates(), 120))


def wiki_history(k, room):
    """Release-history tables, one per year, going back from February 2025."""
    year = 2025 - k
    rel = [(i, d) for i, d in enumerate(RELEASES) if d.year == year]
    if not rel:
        return None
    lines = (["## Release history", ""] if k == 0 else []) + [f"### {year}", "",
             "| Version | Branch cut | Highlights | Rollout halted? |", "|---|---|---|---|"]
    size = sum(blen(x) + 1 for x in lines)
    for i, d in rel:
        a = D.WIKI_CHANGES[(i * 3) % len(D.WIKI_CHANGES)]
        b = D.WIKI_CHANGES[(i * 7 + 3) % len(D.WIKI_CHANGES)]
        halted = "yes (crash rate)" if i % 9 == 4 else "no"
        row = f"| {d.year}.{d.month:02d}.{d.day:02d} | {d.isoformat()} | {a}; {b} | {halted} |"
        if size + blen(row) + 1 > room:
            break
        lines.append(row)
        size += blen(row) + 1
    return "\n".join(lines)


def paper_appendix(k, room):
    """Appendix table of paired probe readings, generated in chunks."""
    lines = [D.PDF_PAPER_APPENDIX_HEAD if k == 0 else "Appendix A (continued)"]
    size = blen(lines[0]) + 1
    n = k * 100
    while True:
        site = "ABCD"[n % 4]
        station = f"{site}{1 + (n // 4) % 3}"
        month = 1 + (n // 12) % 12
        day = 1 + (n * 7) % 28
        depth = 15 if n % 2 == 0 else 30
        tdr = 0.12 + RNG.random() * 0.26
        cap = tdr + RNG.uniform(-0.05, 0.05)
        temp = 14 + RNG.random() * 16
        tex = "loam" if site in "AB" else "clay-loam"
        row = f"{station:<8} 2024-{month:02d}-{day:02d}  {depth:>3} cm  {cap:10.3f}  {tdr:6.3f}  {temp:11.1f}  {tex}"
        if size + blen(row) + 1 > room:
            break
        lines.append(row)
        size += blen(row) + 1
        n += 1
    if k % 3 == 2:
        lines.append(f"\n{' ' * 99}{5 + k // 3}")
    return "\n".join(lines) if len(lines) > 2 else None


def is_quote(p):
    return p.startswith(">")


# ---------------------------------------------------------------------------
# Record shapes: reviews, JSON tool results, CSV, calendar, logs
# ---------------------------------------------------------------------------


def index_for(n, where):
    return {"start": 0, "middle": n // 2, "end": n - 1}[where]


def grow(make, render, target, extra, limit=None):
    items, n = [], 0
    goal = target - (blen(extra) if extra else 0)
    while limit is None or n < limit:
        items.append(make(n))
        n += 1
        if blen(render(items)) >= goal:
            if len(items) > 1 and blen(render(items)) > goal + 60:
                items.pop()
            break
    return items


def reviews(target, extra, where):
    order = list(range(len(D.REVIEW_TEXTS)))
    RNG.shuffle(order)

    def make(n):
        stars, title, body = D.REVIEW_TEXTS[order[n]]
        author = D.REVIEW_AUTHORS[(order[n] * 7 + n) % len(D.REVIEW_AUTHORS)]
        date = datetime.date(2025, 3, 14) - datetime.timedelta(days=n * 3 + order[n] % 3)
        verified = " · Verified Purchase" if (n + order[n]) % 4 else ""
        helpful = (order[n] * 13) % 40
        return (f"{'★' * stars}{'☆' * (5 - stars)} {title}\nBy {author} on {date.day} {date:%B %Y}{verified}\n{body}\n"
                f"{helpful} {'person' if helpful == 1 else 'people'} found this helpful · Report")

    def render(items):
        return D.REVIEWS_HEAD + "\n\n".join(items) + "\n"

    items = grow(make, render, target, extra, limit=len(order))
    if extra:
        items.insert({"start": 0, "middle": len(items) // 2, "end": len(items)}[where], extra)
    return render(items)


def json_hotels(target, extra, where):
    rooms = [("Double room", 1.0, "Free cancellation until 48h before arrival"),
             ("Twin room", 0.95, "Non-refundable"),
             ("Junior suite", 1.7, "Free cancellation until 7 days before arrival")]

    def make(n):
        base = 62 + (n * 37) % 180
        return {
            "hotel_id": f"VLC-{3300 + n * 17}",
            "name": D.HOTEL_NAMES[n % len(D.HOTEL_NAMES)],
            "area": D.HOTEL_AREAS[(n * 3) % len(D.HOTEL_AREAS)],
            "stars": 2 + n % 3,
            "guest_rating": round(7.1 + ((n * 13) % 27) / 10, 1),
            "reviews_count": 120 + (n * 211) % 2400,
            "distance_to_centre_km": round(0.3 + ((n * 7) % 45) / 10, 1),
            "amenities": D.HOTEL_AMENITIES[n % len(D.HOTEL_AMENITIES)],
            "description": D.HOTEL_DESCRIPTIONS[n % len(D.HOTEL_DESCRIPTIONS)],
            "rooms": [{"type": t, "price_per_night": {"amount": round(base * f, 2), "currency": "EUR"},
                       "board": "breakfast included" if (n + i) % 3 == 0 else "room only", "cancellation": c}
                      for i, (t, f, c) in enumerate(rooms[: 2 + n % 2])],
        }

    def render(items):
        return json.dumps({"tool": "hotels.search", "query": {"city": "Valencia", "check_in": "2025-06-12",
                                                               "check_out": "2025-06-15", "guests": 2, "max_price": 180},
                           "currency": "EUR", "results": items}, ensure_ascii=False, indent=2)

    items = grow(make, render, target, extra, limit=len(D.HOTEL_NAMES))
    if extra:
        items[index_for(len(items), where)]["description"] += " " + extra
    return render(items)


def tx_memo(name, cat, n):
    if cat == "rent":
        return "Dauerauftrag Miete"
    if cat == "utilities":
        return "Lastschrift Abschlag Strom" if name.startswith("Stadtwerke") else "Lastschrift Mobilfunkrechnung"
    if cat == "subscriptions" or name.startswith("Fitness"):
        return "Lastschrift Monatsbeitrag"
    if name.startswith(("Amazon", "DB ")):
        return "Online-Bestellung"
    return D.TX_MEMOS[n % len(D.TX_MEMOS)]


def json_tx(target, extra, where):
    def make(n):
        name, cat, lo, hi = D.TX_MERCHANTS[(n * 5 + n // 7) % len(D.TX_MERCHANTS)]
        if lo == hi and n % 28 > 3:  # fixed monthly payments only near the start of each month
            name, cat, lo, hi = D.TX_MERCHANTS[(n * 3) % 2 * 9]
        amount = lo if lo == hi else round(lo + RNG.random() * (hi - lo), 2)
        day = 28 - (n // 3) % 28
        month = 3 - n // 84
        return {
            "id": f"tx_{900412 - n * 3}",
            "booked": f"2025-{month:02d}-{day:02d}",
            "counterparty": name,
            "amount": {"value": -amount, "currency": "EUR"},
            "category": cat,
            "memo": tx_memo(name, cat, n),
            "status": "booked" if n > 2 else "pending",
        }

    def render(items):
        return json.dumps({"tool": "bank.list_transactions", "account": "DE-DEMO-ACCOUNT-01", "from": "2025-01-01",
                           "to": "2025-03-28", "transactions": items}, ensure_ascii=False, indent=1)

    items = grow(make, render, target, extra)
    if extra:
        items[index_for(len(items), where)]["memo"] += " " + extra
    return render(items)


def json_search(target, extra, where):
    order = list(range(len(D.SEARCH_RESULTS)))
    RNG.shuffle(order)

    def make(n):
        title, url, snippet = D.SEARCH_RESULTS[order[n]]
        return {"rank": n + 1, "title": title, "url": url, "snippet": snippet,
                "published": f"202{3 + order[n] % 3}-{1 + (order[n] * 5) % 12:02d}-{1 + (order[n] * 11) % 28:02d}"}

    def render(items):
        return json.dumps({"tool": "web.search", "query": D.SEARCH_QUERY, "results": items}, ensure_ascii=False, indent=2)

    items = grow(make, render, target, extra, limit=len(order))
    if extra:
        items[index_for(len(items), where)]["snippet"] += " " + extra
    return render(items)


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def csv_expenses(target, extra, where):
    header = ["claim_id", "emp_id", "user", "department", "date", "category", "description", "amount_gbp",
              "receipt", "status", "approver_notes"]

    def make(n):
        emp, user, dept = D.EXPENSE_STAFF[(n * 3 + n // 5) % len(D.EXPENSE_STAFF)]
        cat, desc, lo, hi = D.EXPENSE_ITEMS[(n * 7) % len(D.EXPENSE_ITEMS)]
        amount = lo if lo == hi else lo + RNG.random() * (hi - lo)
        note = ["", "", "receipt blurry, resubmit", "", "", "ok", "", "over policy, see note"][n % 8]
        return [f"EXP-{25000 + n}", emp, user, dept, f"2025-02-{1 + (n * 3) % 28:02d}", cat, desc,
                f"{amount:.2f}", "yes" if n % 11 else "missing", D.EXPENSE_STATUSES[n % len(D.EXPENSE_STATUSES)], note]

    rows = grow(make, lambda r: csv_text(header, r), target, extra)
    if extra:
        rows[index_for(len(rows), where)][-1] = extra
    return csv_text(header, rows)


def csv_survey(target, extra, where):
    header = ["response_id", "submitted", "team", "overall_1to5", "trainer_1to5", "materials_1to5", "would_recommend", "comments"]
    order = list(range(len(D.SURVEY_COMMENTS)))
    RNG.shuffle(order)

    def make(n):
        c = ""
        if n % 3 != 2 and n - n // 3 < len(order):
            c = D.SURVEY_COMMENTS[order[n - n // 3]]
        return [f"R-{n + 1:04d}", f"2025-03-{7 + n % 5:02d} {9 + n % 8:02d}:{(n * 17) % 60:02d}",
                D.SURVEY_TEAMS[(n * 5) % len(D.SURVEY_TEAMS)], 3 + (n * 7) % 3, 3 + (n * 5 + 1) % 3,
                2 + (n * 3) % 4, "yes" if n % 5 else "not sure", c]

    rows = grow(make, lambda r: csv_text(header, r), target, extra)
    if extra:
        rows[index_for(len(rows), where)][-1] = extra
    return csv_text(header, rows)


def ics_escape(s):
    return s.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def calendar(target, extra, where):
    head = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Demo Org//Calendar Export 3.1//EN\nCALSCALE:GREGORIAN\nMETHOD:PUBLISH\n"
    tail = "END:VCALENDAR\n"
    descs = {}

    def event(n):
        summary, loc, org, desc = D.CAL_EVENTS[n % len(D.CAL_EVENTS)]
        day, hour = 3 + (n * 5) % 26, 8 + (n * 3) % 9
        desc = descs.get(n, desc)
        return ("BEGIN:VEVENT\n"
                f"UID:{41000 + n * 7}-evt@calendar.example\n"
                f"DTSTAMP:20250301T080000Z\nDTSTART:202503{day:02d}T{hour:02d}{'30' if n % 4 == 1 else '00'}00Z\n"
                f"DTEND:202503{day:02d}T{hour + 1:02d}{'30' if n % 4 == 1 else '00'}00Z\n"
                f"SUMMARY:{ics_escape(summary)}\nLOCATION:{ics_escape(loc)}\n"
                f"ORGANIZER;CN={org.split('@')[0]}:mailto:{org}\n"
                "ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:me@calendar.example\n"
                f"DESCRIPTION:{ics_escape(desc)}\nSTATUS:CONFIRMED\nEND:VEVENT\n")

    def render(ns):
        return head + "".join(event(n) for n in ns) + tail

    ns = grow(lambda n: n, render, target, extra)
    if extra:
        k = ns[index_for(len(ns), where)]
        descs[k] = D.CAL_EVENTS[k % len(D.CAL_EVENTS)][3] + "\n\n" + extra
    return render(ns)


def log_ts(n):
    t = 10 * 3600 + 15 * 60 + n * 4 + (n * 7) % 3
    return f"2025-03-19T{t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}Z"


def log_fmt(n, level, svc, msg, trace_n=None):
    trace = ((n if trace_n is None else trace_n) * 2654435761 + 977) % 16**8
    return f"{log_ts(n)} {level:<5} {svc:<16} trace={trace:08x} {msg}"


def log_line(n):
    level, svc, msg = D.LOG_MESSAGES[(n * 7 + n // 4) % len(D.LOG_MESSAGES)]
    msg = msg.format(ms=20 + (n * 37) % 900, id=10000 + (n * 7919) % 89999, ip=1 + (n * 29) % 250,
                     eur=f"{9.5 + (n * 13) % 180:.2f}")
    return log_fmt(n, level, svc, msg)


def log_app(target, extra, where):
    lines = grow(log_line, lambda ls: "\n".join(ls) + "\n", target, extra)
    if extra:
        i = {"start": 0, "middle": len(lines) // 2, "end": len(lines)}[where]
        level, svc, msg = extra.split(None, 2)
        lines.insert(i, log_fmt(max(i - 1, 0), level, svc, msg, trace_n=len(lines) + 5000))
    return "\n".join(lines) + "\n"


SHAPES = {
    "email": text_shape(D.EMAIL_HEAD, D.EMAIL, "\n\n", D.EMAIL_TAIL, keep_last=is_quote),
    "newsletter": text_shape(D.NEWSLETTER_HEAD, D.NEWSLETTER, "\n\n", D.NEWSLETTER_TAIL),
    "wiki": text_shape(D.WIKI_HEAD, D.WIKI, "\n\n", D.WIKI_TAIL, ordered=True, more=wiki_history),
    "ticket": text_shape(D.TICKET_HEAD, D.TICKET, "\n\n", D.TICKET_TAIL, ordered=True),
    "code": text_shape(D.CODE_HEAD, D.CODE, "\n\n\n", "\n", ordered=True),
    "pr": text_shape(D.PR_HEAD, D.PR, "\n\n", D.PR_TAIL, ordered=True),
    "html_article": text_shape(D.HTML_ARTICLE_HEAD, D.HTML_ARTICLE, "\n", D.HTML_ARTICLE_TAIL, ordered=True),
    "html_shop": text_shape(D.HTML_SHOP_HEAD, D.HTML_SHOP, "\n", D.HTML_SHOP_TAIL, ordered=True),
    "md_travel": text_shape(D.MD_TRAVEL_HEAD, D.MD_TRAVEL, "\n\n", ordered=True),
    "meeting": text_shape(D.MEETING_HEAD, D.MEETING, "\n\n", D.MEETING_TAIL, ordered=True),
    "pdf_paper": text_shape(D.PDF_PAPER_HEAD, D.PDF_PAPER, "\n\n", ordered=True, more=paper_appendix),
    "pdf_lease": text_shape(D.PDF_LEASE_HEAD, D.PDF_LEASE, "\n\n", ordered=True),
    "pdf_cv": text_shape(D.PDF_CV_HEAD, D.PDF_CV, "\n\n", ordered=True),
    "pdf_cv2": text_shape(D.PDF_CV2_HEAD, D.PDF_CV2, "\n\n", ordered=True),
    "chat": text_shape(D.CHAT_HEAD, D.CHAT, "\n", ordered=True),
    "readme": text_shape(D.README_HEAD, D.README, "\n\n", ordered=True),
    "reviews": reviews,
    "json_hotels": json_hotels,
    "json_tx": json_tx,
    "json_search": json_search,
    "csv_expenses": csv_expenses,
    "csv_survey": csv_survey,
    "calendar": calendar,
    "log_app": log_app,
}


# ---------------------------------------------------------------------------
# Rows
# ---------------------------------------------------------------------------


def rows():
    out = []

    def add(source, label, kind, category, text, lang=None):
        r = {"id": f"hm4-{len(out)}", "text": text, "label": label, "source": source, "kind": kind, "category": category}
        if lang:
            r["lang"] = lang
        out.append(r)

    # attacks
    for cat, t in S.DIRECT_OVERRIDE:
        add("hm4-direct-override", 1, "prompt", cat, t)
    for cat, t in S.JAILBREAK_ROLEPLAY:
        add("hm4-jailbreak-roleplay", 1, "prompt", cat, t)
    for cat, t in S.SYSPROMPT_EXTRACTION:
        add("hm4-sysprompt-extraction", 1, "prompt", cat, t)
    for cat, t in S.FAKE_TEMPLATE:
        add("hm4-fake-template", 1, "prompt", cat, t)
    for cat, t in S.ENCODED_OBFUSCATED:
        add("hm4-encoded-obfuscated", 1, "prompt", cat, t)
    for cat, t in S.EXFILTRATION:
        add("hm4-exfiltration", 1, "prompt", cat, t)
    for lang, cat, t in S.MULTILINGUAL_INJECTION:
        add("hm4-multilingual-injection", 1, "prompt", cat, t, lang)
    for shape, goal, where, size, inj in D.INJECTIONS:
        add("hm4-indirect-documents", 1, "document", f"{shape}:{goal}:{where}", SHAPES[shape](size, inj, where))

    # benign
    for cat, t in S.BENIGN_OVERRIDE_TALK:
        add("hm4-benign-override-talk", 0, "prompt", cat, t)
    for cat, t in S.BENIGN_SECURITY:
        add("hm4-benign-security", 0, "prompt", cat, t)
    for cat, t in S.BENIGN_SYSTEM_PROMPTS:
        add("hm4-benign-system-prompts", 0, "prompt", cat, t)
    for lang, cat, t in S.BENIGN_MULTILINGUAL:
        add("hm4-benign-multilingual", 0, "prompt", cat, t, lang)
    for shape, where, size, extra in D.BENIGN_DOCS:
        cat = f"{shape}:{'human-directed' if extra else 'plain'}"
        add("hm4-benign-documents", 0, "document", cat, SHAPES[shape](size, extra, where))
    return out


def check(rs):
    ids = [r["id"] for r in rs]
    assert len(ids) == len(set(ids)), "duplicate ids"
    texts = [r["text"] for r in rs]
    assert len(texts) == len(set(texts)), "duplicate texts"
    for r in rs:
        assert r["label"] in (0, 1) and r["kind"] in ("prompt", "document"), r["id"]
        assert r["text"].strip(), r["id"]
        if r["kind"] == "document":
            n = blen(r["text"])
            assert MIN_BYTES <= n <= MAX_BYTES, (r["id"], r["category"], n)


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
