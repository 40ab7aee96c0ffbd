"""The natural-question set and its metrics: file integrity, metric plumbing against ranx, intervals, tests."""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from tzqa.evaluation.natural import (
    NaturalQuestion,
    SystemRun,
    bootstrap_ci,
    load_questions,
    paired_test,
    per_question,
    summarise,
)

ROOT = Path(__file__).resolve().parents[1]


def test_question_file_is_complete_and_split_once(passages):
    qs = load_questions()
    ids = {p.id for p in passages}
    answerable = [q for q in qs if q.answerable]
    absent = [q for q in qs if not q.answerable]
    assert len(answerable) >= 150 and len(absent) >= 40
    assert len({q.id for q in qs}) == len(qs)
    for q in answerable:
        assert set(q.judgements) <= ids, q.id
        assert 2 in q.judgements.values(), q.id
        assert set(q.judgements.values()) <= {1, 2}
    for q in absent:
        assert not q.judgements and q.missing, q.id
    texts = {p.id: p.text for p in passages}
    for q in answerable:  # sentence-level judgements: every answerable question, verbatim sentences of its passages
        assert q.answer_sentences, q.id
        for pid, text in q.answer_sentences + q.support_sentences:
            assert text in texts[pid], (q.id, pid)
    assert {q.split for q in qs} == {"dev", "test", "blind"}
    batches = {json.loads(line)["id"]: json.loads(line).get("batch")
               for line in (ROOT / "eval" / "questions.jsonl").read_text().splitlines() if line.strip()}
    # The first batch and the partial-coverage batch were each split once, stratified: each type split evenly.
    for batch in (None, "partial-6"):
        first = [q for q in qs if batches[q.id] == batch]
        for t, n in Counter(q.type for q in first).items():
            dev = sum(1 for q in first if q.type == t and q.split == "dev")
            assert abs(dev - (n - dev)) <= 1, (batch, t)
    later = [q for q in qs if batches[q.id] not in (None, "partial-6", "blind-5")]
    assert all(q.split == "dev" for q in later)  # other later batches only ever add to dev: test stays as it was
    assert all(q.split == "blind" for q in qs if batches[q.id] == "blind-5")  # measured, never chosen with
    kinds = Counter(q.type for q in qs)
    for t in ("broad", "why_how", "definition", "comparison", "list", "yes_no", "lay", "brand", "terse", "typo",
              "absent_drug", "absent_trial", "absent_gene", "absent_therapy_class", "absent_clinical", "off_topic"):
        assert kinds[t] >= 2, t


def test_absent_entities_really_are_absent_from_the_corpus(source):
    """A question marked absent whose named entity occurs in the review would be judged wrongly."""
    text = source.lower()
    for line in (ROOT / "eval" / "questions.jsonl").read_text().splitlines():
        d = json.loads(line)
        if not d["answerable"] and d["type"] in ("absent_drug", "absent_trial", "absent_gene"):
            head = d["missing"].split("(")[0].split("/")[0].replace(" trial", "").strip().lower()
            assert not re.search(rf"(?<![a-z0-9]){re.escape(head)}(?![a-z0-9])", text), (d["id"], head)


def _qs() -> list[NaturalQuestion]:
    return [NaturalQuestion("a", "?", "broad", "patient", True, "dev", {"p1": 2, "p2": 1}),
            NaturalQuestion("b", "?", "list", "patient", True, "dev", {"p3": 2}),
            NaturalQuestion("c", "?", "off_topic", "patient", False, "dev", {}, "x")]


def test_metrics_against_ranx_by_hand():
    run = SystemRun(ranked={"a": ["p2", "p1", "p9"], "b": ["p9", "p8", "p7", "p3"], "c": ["p1"]},
                    answerable={"a": True, "b": False, "c": False}, confidence={"a": .9, "b": .2, "c": .1},
                    answer_passages={"a": ["p1"], "b": ["p9"]})
    m = per_question(_qs(), run)
    # a: grade-2 passage at rank 2 -> hit@1 0, hit@3 1, RR 0.5; b: grade-2 at rank 4 -> hit@3 0, RR 0.25
    assert m["a"]["hit@1"] == 0 and m["a"]["hit@3"] == 1 and m["a"]["MRR@10"] == pytest.approx(0.5)
    assert m["b"]["hit@3"] == 0 and m["b"]["MRR@10"] == pytest.approx(0.25)
    # graded nDCG@10 for a: gains (1, 2) at ranks 1, 2 vs ideal (2, 1); ranx uses 2^rel - 1 ("exp") or rel
    dcg_lin = 1 / np.log2(2) + 2 / np.log2(3)
    idcg_lin = 2 / np.log2(2) + 1 / np.log2(3)
    assert m["a"]["nDCG@10"] == pytest.approx(dcg_lin / idcg_lin)
    assert m["a"]["answer@"] == 1 and m["b"]["answer@"] == 0
    assert m["a"]["false abstain"] == 0 and m["b"]["false abstain"] == 1 and m["c"]["abstain"] == 1
    s = summarise(_qs(), m)
    assert s["all"]["hit@3"]["mean"] == pytest.approx(0.5) and s["all"]["abstain"]["n"] == 1
    assert set(s["types"]) == {"broad", "list", "off_topic"}


def test_bootstrap_interval_is_deterministic_and_brackets_the_mean():
    v = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1]
    lo, hi = bootstrap_ci(v)
    assert (lo, hi) == bootstrap_ci(v)
    assert lo <= np.mean(v) <= hi and 0 <= lo < hi <= 1
    assert bootstrap_ci([1, 1, 1]) == (1.0, 1.0)


def test_paired_randomisation_test():
    qs = [NaturalQuestion(str(i), "?", "t", "p", True, "dev", {"x": 2}) for i in range(30)]
    same = {q.id: {"hit@1": float(i % 2)} for i, q in enumerate(qs)}
    assert paired_test(qs, same, same, "hit@1")["p"] == pytest.approx(1.0)
    better = {q.id: {"hit@1": 1.0} for q in qs}
    worse = {q.id: {"hit@1": 0.0} for q in qs}
    t = paired_test(qs, better, worse, "hit@1")
    assert t["diff"] == 1.0 and t["p"] < 0.001


@pytest.mark.slow
def test_run_on_the_real_system_produces_every_metric(retriever):
    qs = load_questions(split="dev")[:12]
    from tzqa.evaluation.natural import evaluate_natural

    rep = evaluate_natural({"full": (lambda q, k: retriever.search(q, k=k), lambda q, k: retriever.answer(q, k=k))},
                           qs, compare_to=())
    summ = rep["systems"]["full"]["all"]
    assert {"hit@1", "hit@3", "MRR@10", "nDCG@10", "answer@"} <= set(summ)
    assert all(0 <= summ[m]["ci95"][0] <= summ[m]["mean"] <= summ[m]["ci95"][1] <= 1 for m in ("hit@1", "nDCG@10"))
    assert set(rep["per_question"]) == {q.id for q in qs}


def test_later_dev_batches_do_not_paraphrase_test_questions():
    """Dev questions added after the split were filtered against test (scripts/filter_new_questions.py)."""
    from tzqa.index.tokenize import tokenize

    def words(s: str) -> set[str]:
        return set(tokenize(s))

    rows = [json.loads(line) for line in (ROOT / "eval" / "questions.jsonl").read_text().splitlines() if line.strip()]
    test = [words(r["question"]) for r in rows if r["split"] == "test"]
    filtered = ("dev-3", "dev-4")  # the batches scripts/filter_new_questions.py was run on
    later = [r for r in rows if r.get("batch") in filtered]
    assert {r["batch"] for r in later} == set(filtered)
    for r in later:
        w = words(r["question"])
        assert max(len(w & t) / max(1, len(w | t)) for t in test) < 0.5, r["id"]


def test_tuning_takes_only_steps_worth_two_questions(monkeypatch):
    """Coordinate ascent on dev ignores gains below 2 / (3 n): one question's noise must not move a lever."""
    from dataclasses import replace

    from tzqa.evaluation import tuning
    from tzqa.search.retriever import SearchConfig

    class Fake:
        def __init__(self, config: SearchConfig) -> None:
            self.config = config

        def with_config(self, **changes: object) -> Fake:
            return Fake(replace(self.config, **changes))

    n = 30
    step = 2 / (3 * n)
    gains = {("hub_weight", 0.5): step * 0.9, ("overview_bonus", 0.3): step * 1.5}

    def objective(r: Fake, dev: list) -> float:
        start = SearchConfig()
        return sum(g for (name, v), g in gains.items() if getattr(r.config, name) == v != getattr(start, name))

    monkeypatch.setattr(tuning, "cached", lambda r: r)
    monkeypatch.setattr(tuning, "_objective", objective)
    monkeypatch.setattr(tuning, "_gold_ok", lambda r, floor: True)
    dev = [NaturalQuestion(f"q{i}", "q", "lay", "patient", True, "dev", {"p": 2}) for i in range(n)]
    cfg, trace = tuning.tune_levers(Fake(SearchConfig()), dev, {}, passes=1)
    assert cfg.overview_bonus == 0.3
    assert cfg.hub_weight == SearchConfig().hub_weight
    assert [t["set"] for t in trace[1:]] == ["overview_bonus"]
