"""Gold-set evaluation with ranx, plus the ablation that justifies the hybrid design.

Relevance (binary gain): a passage is relevant to a question when its normalised
text (lowercase, each run of non-word characters as one space) contains one of the
question's evidence phrases, so the gold set stays valid whatever the chunking.
Metrics (ranx): hit@k (hit_rate@k: 1 if any relevant passage is in the top k),
MRR@10, nDCG@10 (binary gains, log2 discount). Reference recall@5 is ours: the
share of a question's gold reference numbers found among the refs of its top 5 hits.
"""
from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tzqa.index.tokenize import normalise_for_match
from tzqa.ingest.corpus import project_root
from tzqa.search.retriever import Retriever

METRICS = ("hit_rate@1", "hit_rate@5", "hit_rate@10", "mrr@10", "ndcg@10")
LABELS = {"hit_rate@1": "hit@1", "hit_rate@5": "hit@5", "hit_rate@10": "hit@10", "mrr@10": "MRR@10",
          "ndcg@10": "nDCG@10", "ref_recall@5": "ref recall@5"}
ABLATION = {
    "bm25": {"mode": "lexical", "synonyms": False},
    "dense": {"mode": "dense", "synonyms": False},
    "hybrid-no-synonyms": {"mode": "hybrid", "synonyms": False},
    "full": {},
}


@dataclass(frozen=True)
class GoldQuestion:
    id: str
    question: str
    category: str
    refs: tuple[int, ...]
    evidence: tuple[str, ...]


def gold_path() -> Path:
    return project_root() / "eval" / "gold.jsonl"


def load_gold(path: Path | None = None) -> list[GoldQuestion]:
    out = []
    for line in (path or gold_path()).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(GoldQuestion(d["id"], d["question"], d["category"], tuple(d["refs"]), tuple(d["evidence"])))
    return out


def qrels_for(gold: list[GoldQuestion], retriever: Retriever) -> dict[str, dict[str, int]]:
    """Relevant passage ids per question, by evidence-phrase containment."""
    normed = [(p.id, normalise_for_match(p.text)) for p in retriever.passages]
    qrels: dict[str, dict[str, int]] = {}
    for q in gold:
        phrases = [normalise_for_match(e) for e in q.evidence]
        qrels[q.id] = {pid: 1 for pid, text in normed if any(ph in text for ph in phrases)}
    return qrels


def run_for(gold: list[GoldQuestion], retriever: Retriever, k: int = 10) -> tuple[dict[str, dict[str, float]], dict[str, list]]:
    """Ranked passage ids per question (scores 1/rank keep our order exactly) and the hits."""
    run: dict[str, dict[str, float]] = {}
    hits: dict[str, list] = {}
    for q in gold:
        res = retriever.search(q.question, k=k).results
        hits[q.id] = res
        run[q.id] = {h.passage_id: 1.0 / h.rank for h in res}
    return run, hits


def ref_recall(gold: list[GoldQuestion], hits: dict[str, list], cutoff: int = 5) -> dict[str, float]:
    out = {}
    for q in gold:
        found = {n for h in hits[q.id][:cutoff] for n in h.refs}
        out[q.id] = len(set(q.refs) & found) / len(set(q.refs)) if q.refs else 1.0
    return out


def score(gold: list[GoldQuestion], qrels: dict[str, dict[str, int]], run: dict[str, dict[str, float]],
          hits: dict[str, list]) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Mean metrics and per-question metrics."""
    from ranx import Qrels, Run, evaluate

    qr = Qrels({q: d for q, d in qrels.items() if d})
    ids = list(qr.keys())
    rn = Run({q: (run[q] or {"__none__": 0.0}) for q in ids})
    with warnings.catch_warnings():  # ranx's numba kernels warn of a uint64->int64 cast on every call: harmless
        warnings.filterwarnings("ignore", message="unsafe cast from uint64 to int64")
        per_q = evaluate(qr, rn, list(METRICS), return_mean=False)
    per_question: dict[str, dict[str, float]] = {q: {} for q in ids}
    for m in METRICS:
        for q, v in zip(ids, per_q[m], strict=True):
            per_question[q][m] = float(v)
    rr = ref_recall([g for g in gold if g.id in per_question], hits)
    for q, v in rr.items():
        per_question[q]["ref_recall@5"] = v
    means = {m: sum(per_question[q][m] for q in ids) / len(ids) for m in list(METRICS) + ["ref_recall@5"]}
    return means, per_question


def evaluate_system(retriever: Retriever, gold: list[GoldQuestion] | None = None,
                    out_dir: Path | None = None, tune: bool = False) -> dict[str, Any]:
    """Full system, ablation and per-category breakdown in one run; writes report.json and run.trec."""
    gold = gold or load_gold()
    qrels = qrels_for(gold, retriever)
    unanswerable = sorted(q for q, d in qrels.items() if not d)
    report: dict[str, Any] = {"questions": len(gold), "unjudged": unanswerable, "systems": {}, "config": {}}
    full_hits: dict[str, list] = {}
    full_per_q: dict[str, dict[str, float]] = {}
    variants = dict(ABLATION)
    if tune:
        for a in (0.3, 0.5, 0.7):
            variants[f"weighted-a{a}"] = {"fusion": "weighted", "alpha": a}
        for kk in (10, 30, 60):
            variants[f"rrf-k{kk}"] = {"fusion": "rrf", "rrf_k": kk}
        variants["full-no-dense-expansion"] = {"expand_dense": False}
    for name, changes in variants.items():
        r = retriever.with_config(**changes) if changes else retriever
        run, hits = run_for(gold, r)
        means, per_q = score(gold, qrels, run, hits)
        report["systems"][name] = means
        if name == "full":
            full_hits, full_per_q = hits, per_q
            report["config"] = r.config.__dict__
    cats: dict[str, list[str]] = {}
    for q in gold:
        if q.id in full_per_q:
            cats.setdefault(q.category, []).append(q.id)
    report["categories"] = {
        c: dict({m: sum(full_per_q[q][m] for q in ids) / len(ids) for m in list(METRICS) + ["ref_recall@5"]},
                n=len(ids)) for c, ids in sorted(cats.items())
    }
    report["misses"] = [
        {"id": q.id, "question": q.question, "category": q.category,
         "first_relevant_rank": next((h.rank for h in full_hits[q.id] if h.passage_id in qrels[q.id]), None),
         "top1": full_hits[q.id][0].passage_id if full_hits[q.id] else None,
         "ref_recall@5": full_per_q[q.id]["ref_recall@5"]}
        for q in gold if q.id in full_per_q and (full_per_q[q.id]["hit_rate@1"] < 1 or full_per_q[q.id]["ref_recall@5"] < 1)
    ]
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "report.json").write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
        with (out_dir / "run.trec").open("w", encoding="utf-8") as f:
            for q in gold:
                for h in full_hits.get(q.id, []):
                    f.write(f"{q.id} Q0 {h.passage_id} {h.rank} {h.score:.6f} tzqa-full\n")
    return report


def format_table(report: dict[str, Any]) -> str:
    """Markdown table: one row per system, one column per metric."""
    cols = list(METRICS) + ["ref_recall@5"]
    lines = ["| system | " + " | ".join(LABELS[c] for c in cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, means in report["systems"].items():
        lines.append(f"| {name} | " + " | ".join(f"{means[c]:.3f}" for c in cols) + " |")
    return "\n".join(lines)
