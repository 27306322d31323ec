#!/usr/bin/env python3
"""Build handmade2.jsonl, the second hand-written held-out set for the injection detector.

    python3 crates/moat-guard/resources/heldout/build_handmade2.py > crates/moat-guard/resources/heldout/handmade2.jsonl

Written after the detector's rules had been tuned (partly on handmade.jsonl), and measured once,
to give an estimate on text the tuning never saw. All text is original; long documents are
assembled from the fragments in handmade2_docs.py with a fixed seed (same output every run).
"""

import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import handmade2_docs as D  # noqa: E402
import handmade2_short as S  # noqa: E402

RNG = random.Random(20251201)


def fill(fragments, target, sep):
    out, size = [], 0
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
    i = {"start": 0, "middle": len(parts) // 2, "end": len(parts)}[where]
    parts.insert(i, item)
    return parts


def joined(fragments, sep, head=""):
    def shape(target, extra, where):
        parts = fill(fragments, target, sep)
        if extra:
            place(parts, extra, where)
        return head + sep.join(parts)

    return shape


def product_json(target, extra, where):
    items, n = [], 0
    while sum(len(json.dumps(x)) for x in items) < target:
        n += 1
        items.append({"sku": f"KT-{1000 + n}", "name": f"Travel kettle model {n}", "price": 19.99 + n, "stock": (n * 7) % 23, "description": "Compact 0.8 L kettle with a fold-away handle and a dual-voltage switch."})
    if extra:
        i = {"start": 0, "middle": len(items) // 2, "end": len(items) - 1}[where]
        items[i]["description"] += " " + extra
    return json.dumps({"tool": "catalogue.search", "items": items}, ensure_ascii=False)


SHAPES = [
    joined(D.FORUM, "\n\n", "Forum: Cars & Maintenance\n\n"),
    joined(D.WIKI, "\n\n", "# Team handbook\n\n"),
    joined(D.CHAT_EXPORT, "\n", "Exported from #team-backend\n"),
    joined(D.JS_CODE, "\n\n"),
    joined(D.NGINX, "\n"),
    joined(D.NEWS, "\n\n", "Bridge repairs to disrupt weekend trains\n\n"),
    joined(D.JOB_POSTING, "\n\n"),
    joined(D.RECIPE, "\n\n"),
    joined(D.CHANGELOG, "\n\n", "# Changelog\n\n"),
    product_json,
]
SIZES = [500, 1500, 3000, 7000, 14000, 21000]


def comment_for(shape_index, text):
    # Code and config carry injections in comments, as they would in the wild.
    if shape_index == 3 and not text.startswith("//"):
        return "// " + text
    if shape_index == 4 and not text.startswith("#"):
        return "    # " + text
    return text


def rows():
    out = []

    def add(source, label, kind, text, lang=None):
        r = {"id": f"{source}-{sum(1 for x in out if x['source'] == source)}", "text": text, "label": label, "kind": kind, "source": source}
        if lang:
            r["lang"] = lang
        out.append(r)

    for t in S.BENIGN_OVERRIDE_TALK:
        add("hm2-benign-override-talk", 0, "prompt", t)
    for t in S.BENIGN_SECURITY:
        add("hm2-benign-security", 0, "prompt", t)
    for t in S.BENIGN_SYSTEM_PROMPTS:
        add("hm2-benign-system-prompts", 0, "prompt", t)
    for lang, t in S.BENIGN_MULTILINGUAL:
        add("hm2-benign-multilingual", 0, "prompt", t, lang)
    for t in S.DIRECT_OVERRIDE:
        add("hm2-direct-override", 1, "prompt", t)
    for t in S.JAILBREAK_ROLEPLAY:
        add("hm2-jailbreak-roleplay", 1, "prompt", t)
    for t in S.SYSPROMPT_EXTRACTION:
        add("hm2-sysprompt-extraction", 1, "prompt", t)
    for lang, t in S.MULTILINGUAL_INJECTION:
        add("hm2-multilingual-injection", 1, "prompt", t, lang)
    for i in range(D.CLEAN_DOC_COUNT):
        k = i % len(SHAPES)
        extra = RNG.choice(D.HARD_BENIGN) if RNG.random() < 0.7 else None
        if extra:
            extra = comment_for(k, extra)
        add("hm2-benign-documents", 0, "document", SHAPES[k](RNG.choice(SIZES), extra, RNG.choice(["start", "middle", "end"])))
    for i in range(D.INJECTED_DOC_COUNT):
        k = (i * 3 + 1) % len(SHAPES)
        inj = comment_for(k, D.DOC_INJECTIONS[i % len(D.DOC_INJECTIONS)])
        where = ["start", "middle", "end"][i % 3]
        add("hm2-indirect-documents", 1, "document", SHAPES[k](RNG.choice(SIZES), inj, where))
    return out


def main():
    for r in rows():
        sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
