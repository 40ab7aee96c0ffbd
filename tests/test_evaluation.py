"""Evaluation: metric plumbing checked by hand on a tiny fixture, then the real system against its targets."""
from types import SimpleNamespace

import pytest

from tzqa.evaluation.gold import GoldQuestion, evaluate_system, format_table, score


def _hits(*refsets):
    return [SimpleNamespace(rank=i + 1, refs=list(r)) for i, r in enumerate(refsets)]


def test_metrics_on_a_tiny_fixture():
    gold = [GoldQuestion("a", "?", "x", (1, 2), ("p",)), GoldQuestion("b", "?", "x", (3,), ("p",))]
    qrels = {"a": {"d2": 1}, "b": {"d9": 1}}
    run = {"a": {"d1": 1.0, "d2": 0.5, "d3": 0.33}, "b": {"d4": 1.0, "d5": 0.5}}
    hits = {"a": _hits([1], [5], []), "b": _hits([4], [])}
    means, per_q = score(gold, qrels, run, hits)
    # a: first relevant at rank 2 -> RR 0.5, hit@1 0, hit@5 1; b: no relevant -> all 0.
    assert per_q["a"]["mrr@10"] == pytest.approx(0.5) and per_q["b"]["mrr@10"] == 0
    assert means["hit_rate@1"] == 0 and means["hit_rate@5"] == pytest.approx(0.5)
    # nDCG@10 with one relevant doc at rank 2: 1/log2(3).
    assert per_q["a"]["ndcg@10"] == pytest.approx(1 / 1.584962500721156)
    # ref recall@5: a found ref 1 of {1, 2}; b found none of {3}.
    assert per_q["a"]["ref_recall@5"] == 0.5 and per_q["b"]["ref_recall@5"] == 0


def test_full_system_meets_targets_and_beats_ablations(retriever, tmp_path):
    report = evaluate_system(retriever, out_dir=tmp_path)
    full, bm25, dense = (report["systems"][k] for k in ("full", "bm25", "dense"))
    assert report["questions"] >= 60 and not report["unjudged"]
    assert full["hit_rate@1"] >= 0.85
    assert full["hit_rate@5"] >= 0.97
    assert full["mrr@10"] >= 0.90
    assert full["ref_recall@5"] >= 0.95
    assert full["mrr@10"] > bm25["mrr@10"] and full["mrr@10"] > dense["mrr@10"]
    assert set(report["categories"]) >= {"mechanism", "biomarker", "agent", "background", "table", "synonym",
                                         "reference"}
    run_lines = (tmp_path / "run.trec").read_text().splitlines()
    assert len(run_lines) == 10 * report["questions"] and run_lines[0].split()[1] == "Q0"
    assert "| full |" in format_table(report)
