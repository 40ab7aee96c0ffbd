"""The gold question set stays valid: every evidence phrase is in the parsed corpus, coverage is complete."""
import json
from collections import Counter
from pathlib import Path

from tzqa.evaluation.gold import load_gold
from tzqa.index.tokenize import normalise_for_match

GOLD = Path(__file__).resolve().parents[1] / "eval" / "gold.jsonl"
CATEGORIES = {"mechanism", "biomarker", "agent", "background", "table", "synonym", "reference"}


def _relevant(gold, passages):
    normed = [(p, normalise_for_match(p.text)) for p in passages]
    return {q.id: [p for p, t in normed if any(normalise_for_match(e) in t for e in q.evidence)] for q in gold}


def test_schema():
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 60
    assert all(set(r) == {"id", "question", "category", "refs", "evidence"} for r in rows)
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["category"] for r in rows} == CATEGORIES
    for r in rows:
        assert r["refs"] and all(isinstance(n, int) and 1 <= n <= 60 for n in r["refs"]), r["id"]
        assert 1 <= len(r["evidence"]) <= 4, r["id"]
        assert all(len(normalise_for_match(e).split()) >= 3 for e in r["evidence"]), r["id"]
    counts = Counter(r["category"] for r in rows)
    assert counts["synonym"] >= 10 and counts["reference"] >= 8 and counts["table"] >= 10


def test_questions_are_paraphrased(source):
    flat = normalise_for_match(source)
    for q in load_gold():
        assert normalise_for_match(q.question) not in flat, q.id


def test_every_evidence_phrase_is_in_a_passage(passages):
    normed = [normalise_for_match(p.text) for p in passages]
    for q in load_gold():
        for e in q.evidence:
            assert any(normalise_for_match(e) in t for t in normed), (q.id, e)


def test_covers_every_section_and_table_row(doc, passages):
    rel = _relevant(load_gold(), passages)
    hit_ids = {p.id for ps in rel.values() for p in ps}
    for s in doc.sections:
        own = [p.id for p in passages if p.kind == "paragraph" and p.id.split(":")[1] == s.number]
        if own:
            assert set(own) & hit_ids, f"no question on section {s.label}"
    for i in range(1, len(doc.table_rows) + 1):
        assert f"table1:{i}" in hit_ids, f"no question on Table 1 row {i}"


def test_gold_refs_are_cited_where_the_evidence_is(passages):
    # Keeps the gold refs honest: for review evidence, most gold refs are on the relevant passages.
    rel = _relevant(load_gold(), passages)
    agree = 0
    gold = load_gold()
    for q in gold:
        refs = {n for p in rel[q.id] for n in p.refs}
        agree += bool(set(q.refs) & refs)
    assert agree / len(gold) >= 0.95
