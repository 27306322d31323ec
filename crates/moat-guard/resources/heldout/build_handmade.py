#!/usr/bin/env python3
"""Build handmade.jsonl, Moat's hand-written held-out set for the injection detector.

    python3 crates/moat-guard/resources/heldout/build_handmade.py > crates/moat-guard/resources/heldout/handmade.jsonl

All text is original, written for this set. Short rows come from handmade_short.py; long
documents are assembled here from the fragments in handmade_docs.py with a fixed seed, so the
output is the same on every run. The set is never used for training or for tuning the detector.
"""

import json
import random
import sys
import os

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import handmade_docs as D  # noqa: E402
import handmade_short as S  # noqa: E402

RNG = random.Random(20251130)


def fill(fragments, target, sep="\n\n"):
    """Concatenate shuffled fragments until about `target` bytes."""
    out = []
    size = 0
    while size < target:
        frag = list(fragments)
        RNG.shuffle(frag)
        for f in frag:
            out.append(f)
            size += len(f.encode()) + len(sep)
            if size >= target:
                break
    return out


def place(parts, item, where):
    if where == "start":
        parts.insert(0, item)
    elif where == "end":
        parts.append(item)
    else:
        parts.insert(len(parts) // 2, item)
    return parts


def prose(target, extra, where):
    parts = fill(D.PROSE, target)
    parts.insert(0, "# Notes from the regional newsletter")
    if extra:
        place(parts, extra, where)
    return "\n\n".join(parts)


def email(target, extra, where):
    bodies = fill(D.EMAIL_BODIES, target, sep="\n\n-----Original message-----\n\n")
    if extra:
        # Inside one of the messages, as a paragraph of its own.
        i = {"start": 0, "middle": len(bodies) // 2, "end": len(bodies) - 1}[where]
        lines = bodies[i].split("\n\n")
        lines.insert(max(1, len(lines) - 1), extra)
        bodies[i] = "\n\n".join(lines)
    head = "From: notifications@corp.example\nTo: you@corp.example\nSubject: Re: updates\n\n"
    return head + "\n\n-----Original message-----\n\n".join(bodies)


def html(target, extra, where):
    parts = fill(D.HTML_PARAS, target, sep="\n")
    if extra:
        style = RNG.choice(["visible", "hidden", "comment", "alt", "white"])
        if style == "visible":
            item = f"<p>{extra}</p>"
        elif style == "hidden":
            item = f'<div style="display:none">{extra}</div>'
        elif style == "comment":
            item = extra if extra.startswith("<!--") else f"<!-- {extra} -->"
        elif style == "alt":
            item = f'<img src="/img/lake.jpg" alt="{extra.replace(chr(34), chr(39))}">'
        else:
            item = f'<span style="color:#fff;font-size:1px">{extra}</span>'
        place(parts, item, where)
    return (
        "<!DOCTYPE html><html><head><title>Lakeside Camping</title></head><body>\n"
        + "\n".join(parts)
        + "\n</body></html>"
    )


def search_json(target, extra, where):
    results = []
    size = 0
    while size < target:
        for s in D.SEARCH_SNIPPETS:
            results.append(dict(s))
            size += 200
            if size >= target:
                break
    if extra:
        i = {"start": 0, "middle": len(results) // 2, "end": len(results) - 1}[where]
        results[i]["snippet"] = results[i]["snippet"] + " " + extra
    return json.dumps({"tool": "web_search", "query": "descale kettle", "results": results}, ensure_ascii=False, indent=1)


def code(target, extra, where):
    parts = fill(D.CODE_PY, target, sep="\n\n")
    if extra:
        style = RNG.choice(["comment", "docstring"])
        if style == "comment":
            item = "\n".join("# " + line for line in wrap(extra, 90))
        else:
            item = 'NOTES = """\n' + extra.replace('"""', "'''") + '\n"""\n'
        place(parts, item, where)
    return "\n\n".join(parts)


def wrap(text, width):
    words = text.split(" ")
    lines, cur = [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > width:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return lines


def logs(target, extra, where):
    lines = fill(D.LOG_LINES, target, sep="\n")
    if extra:
        item = "2025-03-02T10:14:21Z INFO  api request method=POST path=/v1/feedback status=200 body=" + json.dumps(extra, ensure_ascii=False)
        place(lines, item, where)
    return "\n".join(lines)


def ticket(target, extra, where):
    lines = fill(D.TICKET_LINES, target, sep="\n")
    if extra:
        place(lines, "Customer comment: " + extra, where)
    return "\n".join(lines)


def transcript(target, extra, where):
    lines = fill(D.TRANSCRIPT_LINES, target, sep="\n")
    if extra:
        place(lines, "Guest: " + extra, where)
    return "Meeting transcript, 3 April\n\n" + "\n".join(lines)


def reviews(target, extra, where):
    lines = fill(D.REVIEW_LINES, target, sep="\n")
    if extra:
        place(lines, "4 stars - " + extra, where)
    return "Customer reviews for: Steel kettle 1.7 L\n\n" + "\n".join(lines)


def csv_doc(target, extra, where):
    rows = D.CSV_ROWS[1:]
    lines = [D.CSV_ROWS[0].replace("revenue", "revenue,notes")]
    body = fill([r + "," for r in rows], target, sep="\n")
    if extra:
        i = {"start": 0, "middle": len(body) // 2, "end": len(body) - 1}[where]
        body[i] = body[i] + '"' + extra.replace('"', "'") + '"'
    return "\n".join(lines + body)


def readme(target, extra, where):
    parts = fill(D.README_PARAS, target)
    if extra:
        place(parts, extra, where)
    return "\n\n".join(parts)


def calendar(target, extra, where):
    desc = " ".join(fill(D.PROSE, max(200, target // 3), sep=" "))
    if extra:
        desc = {"start": extra + " " + desc, "end": desc + " " + extra}.get(where, desc[: len(desc) // 2] + " " + extra + " " + desc[len(desc) // 2 :])
    return D.CALENDAR.format(desc=desc.replace("\n", " "))


def yaml_doc(target, extra, where):
    comment = extra if extra else "replicas tuned for peak load in December"
    base = D.YAML_CFG.format(comment=comment.replace("\n", " "))
    pad = fill(["# " + p for p in D.PROSE], max(0, target - len(base)), sep="\n")
    return base + "\n".join(pad)


def subtitles(target, extra, where):
    parts = fill(D.SUBTITLES, target)
    if extra:
        place(parts, "99\n00:00:20,000 --> 00:00:24,000\n" + extra, where)
    return "\n\n".join(parts)


def pdf(target, extra, where):
    pages = []
    n = 1
    while sum(len(p) for p in pages) < target:
        pages.append(RNG.choice(D.PDF_PAGES).format(n=n))
        n += 1
    if extra:
        i = {"start": 0, "middle": len(pages) // 2, "end": len(pages) - 1}[where]
        pages[i] = pages[i] + "\n\n" + extra
    return "\n\n\f".join(pages)


SHAPES = [prose, email, html, search_json, code, logs, ticket, transcript, reviews, csv_doc, readme, calendar, yaml_doc, subtitles, pdf]
SIZES = [600, 1200, 2500, 5000, 9000, 16000, 22000]


def rows():
    out = []

    def add(source, label, kind, text, lang=None):
        r = {"id": f"{source}-{sum(1 for x in out if x['source'] == source)}", "text": text, "label": label, "kind": kind, "source": source}
        if lang:
            r["lang"] = lang
        out.append(r)

    for t in S.BENIGN_OVERRIDE_TALK:
        add("hm-benign-override-talk", 0, "prompt", t)
    for t in S.BENIGN_SECURITY:
        add("hm-benign-security", 0, "prompt", t)
    for t in S.BENIGN_SYSTEM_PROMPTS:
        add("hm-benign-system-prompts", 0, "prompt", t)
    for lang, t in S.BENIGN_MULTILINGUAL:
        add("hm-benign-multilingual", 0, "prompt", t, lang)
    for t in S.DIRECT_OVERRIDE:
        add("hm-direct-override", 1, "prompt", t)
    for t in S.JAILBREAK_ROLEPLAY:
        add("hm-jailbreak-roleplay", 1, "prompt", t)
    for t in S.SYSPROMPT_EXTRACTION:
        add("hm-sysprompt-extraction", 1, "prompt", t)
    for lang, t in S.MULTILINGUAL_INJECTION:
        add("hm-multilingual-injection", 1, "prompt", t, lang)

    for i in range(D.CLEAN_DOC_COUNT):
        shape = SHAPES[i % len(SHAPES)]
        size = RNG.choice(SIZES)
        extra = RNG.choice(D.HARD_BENIGN) if RNG.random() < 0.6 else None
        where = RNG.choice(["start", "middle", "end"])
        add("hm-benign-documents", 0, "document", shape(size, extra, where))
    for i in range(D.INJECTED_DOC_COUNT):
        shape = SHAPES[(i * 7 + 3) % len(SHAPES)]
        size = RNG.choice(SIZES)
        inj = D.DOC_INJECTIONS[i % len(D.DOC_INJECTIONS)]
        where = ["start", "middle", "end"][(i // len(D.DOC_INJECTIONS)) % 3]
        add("hm-indirect-documents", 1, "document", shape(size, inj, where))
    return out


def main():
    for r in rows():
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
