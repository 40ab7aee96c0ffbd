"""Choosing settings on the dev split only: ranking levers and the answerability model.

Why a module of its own: the rule of this project is that every weight, threshold and rule is
chosen on ``dev`` and reported on ``test``.  This is the one place that looks at ``dev`` to
choose; :mod:`tzqa.evaluation.natural` only measures.

- Levers (:class:`tzqa.search.SearchConfig`): coordinate ascent over small grids, two passes,
  maximising the mean of hit@1, hit@3 and nDCG@10 on dev, subject to the factoid gold set
  staying at least as good as the first release (hit@1 and MRR@10).  A step must gain at least
  two questions' worth of one metric (``2 / (3 n)``): smaller gains are one question's noise, and
  taking them let the ascent switch off levers that exist for a documented failure.
- Answerability: logistic regression (scikit-learn) on the features of
  :mod:`tzqa.search.answerability`, then the threshold that flags the most absent dev questions while
  flagging at most 5% of the answerable ones; written to the domain pack's ``answerability.json``.
"""
from __future__ import annotations

import functools
import json
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from tzqa.domain import pack
from tzqa.evaluation.natural import NaturalQuestion, per_question, run_system
from tzqa.search.answerability import FEATURES
from tzqa.search.retriever import Retriever, SearchConfig

__all__ = ["GRID", "fit_answerability", "tune_levers", "write_levers"]

GRID: dict[str, tuple[float, ...]] = {
    "sentence_weight": (0.0, 0.25, 0.5, 0.75),
    "hub_weight": (0.0, 0.25, 0.5, 1.0),
    "overview_bonus": (0.0, 0.05, 0.1, 0.2, 0.3),
    "entry_penalty": (0.0, 0.1, 0.2, 0.3),
    "alpha": (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9),
}
FLAGS = ("spelling", "lay_terms", "rename_agents")
MAX_FALSE_ABSTAIN = 0.05


def cached(retriever: Retriever) -> Retriever:
    """The same retriever with query encodings memoised (tuning re-asks the same questions)."""
    clone = retriever.with_config()
    embedder = object.__new__(type(retriever.embedder))
    embedder.__dict__.update(retriever.embedder.__dict__)
    embedder.encode_query = functools.lru_cache(maxsize=None)(retriever.embedder.encode_query)  # type: ignore[method-assign]
    clone.embedder = embedder
    return clone


def _objective(retriever: Retriever, questions: list[NaturalQuestion]) -> float:
    qs = [q for q in questions if q.answerable]
    perq = per_question(qs, run_system(qs, lambda q, k: retriever.search(q, k=k)))
    return float(np.mean([(m["hit@1"] + m["hit@3"] + m["nDCG@10"]) / 3 for m in perq.values()]))


def _gold_ok(retriever: Retriever, floor: dict[str, float]) -> bool:
    from tzqa.evaluation.gold import load_gold, qrels_for, run_for, score

    gold = load_gold()
    run, hits = run_for(gold, retriever)
    means, _ = score(gold, qrels_for(gold, retriever), run, hits)
    return means["hit_rate@1"] >= floor["hit_rate@1"] - 1e-9 and means["mrr@10"] >= floor["mrr@10"] - 1e-9


def tune_levers(retriever: Retriever, dev: list[NaturalQuestion], gold_floor: dict[str, float],
                passes: int = 2) -> tuple[SearchConfig, list[dict[str, Any]]]:
    """Coordinate ascent over :data:`GRID` and :data:`FLAGS` on ``dev``; returns the config and the trace."""
    base = cached(retriever)
    cfg = retriever.config
    best = _objective(base.with_config(**cfg.__dict__), dev)
    min_gain = 2 / (3 * max(sum(q.answerable for q in dev), 1))
    trace: list[dict[str, Any]] = [{"start": cfg.__dict__.copy(), "objective": best}]
    for _ in range(passes):
        for name, values in [*GRID.items(), *((f, (False, True)) for f in FLAGS)]:
            for v in values:
                if getattr(cfg, name) == v:
                    continue
                trial = replace(cfg, **{name: v})
                r = base.with_config(**trial.__dict__)
                obj = _objective(r, dev)
                if obj >= best + min_gain - 1e-9 and _gold_ok(r, gold_floor):
                    best, cfg = obj, trial
                    trace.append({"set": name, "to": v, "objective": obj})
    return cfg, trace


def fit_answerability(retriever: Retriever, dev: list[NaturalQuestion], out: Path | None = None) -> dict[str, Any]:
    """Fit the answerability model on ``dev`` and write it (default: the packaged data file)."""
    from sklearn.linear_model import LogisticRegression

    X, y, missing = [], [], []
    for q in dev:
        if q.type == "partial":  # answerable only in part: the partial-coverage step decides those, not this model
            continue
        ex = retriever.search_question(q.question, k=10, topic=None, source=None, ref=None)
        if not ex.verdict.features:  # no words to search for: decided by rule, not by the model
            continue
        X.append(list(ex.verdict.features))
        y.append(int(q.answerable))
        missing.append(bool(ex.verdict.missing))
    Xa, ya = np.array(X), np.array(y)
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000).fit(Xa, ya)
    prob = model.predict_proba(Xa)[:, 1]
    miss = np.array(missing)
    gains: dict[float, float] = {}
    for t in np.round(np.arange(0.02, 0.96, 0.01), 2):
        flagged = miss | (prob < t)
        false_abstain = flagged[ya == 1].mean()
        caught = flagged[ya == 0].mean()
        if false_abstain <= MAX_FALSE_ABSTAIN:
            gains[float(t)] = float(caught - false_abstain)
    # the middle of the thresholds that do equally well on dev, not its lower edge: a question unlike
    # any of dev's should not fall on whichever side the edge happens to favour
    best_gain = max(gains.values(), default=0.0)
    tied = sorted(t for t, g in gains.items() if g >= best_gain - 1e-9)
    best_t = tied[len(tied) // 2] if tied else 0.5
    data = {"features": list(FEATURES), "weights": [round(float(w), 4) for w in model.coef_[0]],
            "bias": round(float(model.intercept_[0]), 4), "threshold": best_t,
            "fitted_on": f"eval/questions.jsonl split=dev ({len(X)} questions, {int(ya.sum())} answerable; the "
                         f"{len(dev) - len(X)} partly covered ones are decided by the partial-coverage step), "
                         f"logistic regression (scikit-learn, C=1, balanced); threshold: most absent questions "
                         f"flagged with at most {MAX_FALSE_ABSTAIN:.0%} of answerable ones; {date.today().isoformat()}"}
    path = out or pack.path("answerability.json")
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


def write_levers(cfg: SearchConfig, out: Path | None = None) -> Path:
    """Write the chosen ranking levers into the domain pack's ``levers.json`` ("search"), keeping the rest of
    the file (the answer's settings, the description): the next ``Retriever.load`` uses them, no code edit."""
    from dataclasses import asdict

    path = out or pack.path("levers.json")
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data["search"] = asdict(cfg)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    pack._load.cache_clear()
    return path
