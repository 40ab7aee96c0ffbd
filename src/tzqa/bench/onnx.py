"""The ``onnx`` section: ONNX query encoders against the torch model (speed, agreement, gold metrics)."""
from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tzqa.bench.common import TARGETS, BenchConfig, _ms_since, summarize
from tzqa.bench.query import measure_queries


# --------------------------------------------------------------------------------------------
# ONNX query encoder
# --------------------------------------------------------------------------------------------
def run_onnx(cfg: BenchConfig, retriever: Any, questions: Sequence[str], work: Path) -> dict[str, Any]:
    from tzqa.evaluation.gold import METRICS, evaluate_system, load_gold
    from tzqa.index.embedding import Embedder, _load_torch_embedder
    from tzqa.index.onnx_encoder import OnnxUnavailable, onnx_embedder

    torch_emb: Embedder = retriever.embedder
    if type(torch_emb) is not Embedder:  # the ONNX default serves: compare against the torch model itself
        torch_emb = _load_torch_embedder(None)
    cache = cfg.onnx_cache or (work / "onnx-cache")
    encoders: dict[str, Embedder] = {"torch": torch_emb}
    out: dict[str, Any] = {"cache_dir": str(cache), "variants": {}}
    for v in cfg.onnx_variants:
        t = time.perf_counter()
        try:
            encoders[f"onnx-{v}"] = onnx_embedder(torch_emb, v, cache)
            out["variants"][f"onnx-{v}"] = {"prepare_s": round(time.perf_counter() - t, 2)}
        except OnnxUnavailable as exc:
            out["variants"][f"onnx-{v}"] = {"skipped": str(exc)}
    # encode latency, interleaved round-robin over the encoders for every question
    names = list(encoders)
    for q in list(questions)[: max(3, cfg.warmup)]:
        for nm in names:
            encoders[nm].encode_query(q)
    lat: dict[str, list[float]] = {nm: [] for nm in names}
    vecs: dict[str, list[np.ndarray]] = {nm: [] for nm in names}
    for i, q in enumerate(questions):
        for j in range(len(names)):
            nm = names[(i + j) % len(names)]
            t = time.perf_counter()
            v = encoders[nm].encode_query(q)
            lat[nm].append(_ms_since(t))
            vecs[nm].append(v)
    ref = np.stack(vecs["torch"])
    gold = load_gold()
    if cfg.onnx_gold_limit:
        gold = gold[: cfg.onnx_gold_limit]
    metrics: dict[str, dict[str, dict[str, float]]] = {}
    natural: dict[str, dict[str, float]] = {}
    for nm in names:
        r = retriever.with_config()
        r.embedder = encoders[nm]
        rep = evaluate_system(r, gold=gold)
        metrics[nm] = rep["systems"]
        natural[nm] = _natural_metrics(r)
        # end-to-end with this encoder, interleaved with its own bare encode (the overhead ratio)
        out["variants"].setdefault(nm, {})["query"] = measure_queries(r, list(questions)[:100], rounds=1, warmup=5)
    torch_p50 = summarize(lat["torch"])["p50"]
    keys = list(METRICS) + ["ref_recall@5"]
    for nm in names:
        row = out["variants"].setdefault(nm, {})
        row["encode_ms"] = summarize(lat[nm])
        row["speedup_vs_torch_p50"] = round(torch_p50 / row["encode_ms"]["p50"], 3) if nm != "torch" else 1.0
        cos = (np.stack(vecs[nm]) * ref).sum(1)
        row["cosine_to_torch"] = {"min": round(float(cos.min()), 6), "mean": round(float(cos.mean()), 6)}
        row["gold_metrics"] = metrics[nm]["full"]
        diffs = [abs(metrics[nm][s][k] - metrics["torch"][s][k]) for s in metrics["torch"] for k in keys]
        row["natural_metrics"] = natural[nm]
        diffs += [abs(natural[nm][k] - natural["torch"][k]) for k in natural["torch"]]
        row["max_abs_metric_diff_vs_torch"] = round(max(diffs), 4)
        row["qualifies"] = bool(nm == "torch" or max(diffs) <= TARGETS["metric_tolerance"])
    out["gold_questions"] = len(gold)
    out["metric_tolerance"] = TARGETS["metric_tolerance"]
    out["torch_encode_p50_ms"] = torch_p50
    out["note"] = ("max_abs_metric_diff is over every gold metric of every ablation system (bm25, dense, "
                   "hybrid-no-synonyms, full) and every natural-question metric (both splits); ONNX encodes "
                   "queries only, the index is the same")
    return out


def _natural_metrics(retriever: Any) -> dict[str, float]:
    """hit@1, hit@3, nDCG@10, abstain and false abstain of the natural questions, per split."""
    from tzqa.evaluation.natural import load_questions, per_question, run_system

    out: dict[str, float] = {}
    for split in ("dev", "test"):
        qs = load_questions(split=split)
        perq = per_question(qs, run_system(qs, lambda q, k: retriever.search(q, k=k)))
        for m in ("hit@1", "hit@3", "nDCG@10", "abstain", "false abstain"):
            vals = [v[m] for v in perq.values() if m in v]
            out[f"{split} {m}"] = round(float(np.mean(vals)), 4) if vals else 0.0
    return out
