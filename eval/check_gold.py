#!/usr/bin/env python3
"""Validate eval/gold.jsonl against the corpus (stdlib only).

Checks: schema, unique ids, category set, refs ints in 1..60, 1-3 evidence
phrases of 4-12 words, question not a verbatim substring of the corpus, and
every normalised evidence phrase occurs in the normalised corpus text.
Exit status 1 on any failure.
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "eval" / "gold.jsonl"
CORPUS = ROOT / "corpus" / "trastuzumab-resistance-review.txt"
CATEGORIES = {"mechanism", "biomarker", "agent", "background", "table", "synonym", "reference"}
KEYS = {"id", "question", "category", "refs", "evidence"}


def normalise(text: str) -> str:
    return re.sub(r"\W+", " ", text.lower()).strip()


def main(argv):
    gold_path = Path(argv[1]) if len(argv) > 1 else GOLD
    raw = CORPUS.read_text(encoding="utf-8")
    norm_corpus = " " + normalise(raw) + " "
    failures, warnings = [], []
    seen_ids = set()
    cats = Counter()
    n = 0
    for lineno, line in enumerate(gold_path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        n += 1
        where = f"line {lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            failures.append(f"{where}: invalid JSON ({e})")
            continue
        if not isinstance(obj, dict) or set(obj) != KEYS:
            failures.append(f"{where}: keys must be exactly {sorted(KEYS)}")
            continue
        qid = obj["id"]
        where = f"line {lineno} ({qid})"
        if not isinstance(qid, str) or not qid:
            failures.append(f"{where}: bad id")
        elif qid in seen_ids:
            failures.append(f"{where}: duplicate id")
        seen_ids.add(qid)
        q = obj["question"]
        if not isinstance(q, str) or not q.strip():
            failures.append(f"{where}: empty question")
        elif q.strip() in raw or normalise(q) in norm_corpus:
            failures.append(f"{where}: question is a verbatim substring of the corpus")
        cat = obj["category"]
        if cat not in CATEGORIES:
            failures.append(f"{where}: bad category {cat!r}")
        cats[cat] += 1
        refs = obj["refs"]
        if (not isinstance(refs, list) or not refs
                or not all(type(r) is int and 1 <= r <= 60 for r in refs)):
            failures.append(f"{where}: refs must be a non-empty list of ints in 1..60")
        elif len(set(refs)) != len(refs):
            failures.append(f"{where}: duplicate refs")
        ev = obj["evidence"]
        if not isinstance(ev, list) or not 1 <= len(ev) <= 3 or not all(isinstance(p, str) for p in ev):
            failures.append(f"{where}: evidence must be a list of 1-3 strings")
            continue
        for p in ev:
            np_ = normalise(p)
            words = len(np_.split())
            if not 4 <= words <= 12:
                failures.append(f"{where}: evidence {p!r} has {words} words (need 4-12)")
            if "*" in p or re.search(r"\(\d+(,\s*\d+)*\)", p):
                failures.append(f"{where}: evidence {p!r} contains markdown or a citation marker")
            hits = norm_corpus.count(" " + np_ + " ")
            if hits == 0:
                failures.append(f"{where}: evidence not found in corpus: {p!r}")
            elif hits > 1:
                warnings.append(f"{where}: evidence occurs {hits}x in corpus: {p!r}")

    print(f"{n} questions")
    for c in sorted(CATEGORIES):
        print(f"  {c:<11} {cats.get(c, 0)}")
    for w in warnings:
        print("WARN", w)
    for f in failures:
        print("FAIL", f)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
