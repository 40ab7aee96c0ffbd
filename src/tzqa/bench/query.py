"""The ``build`` and ``query`` sections: a cold index build, and in-process query latency with
its overhead over the bare model (stage timings and a cProfile breakdown)."""
from __future__ import annotations

import cProfile
import os
import pstats
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tzqa.bench.common import TARGETS, BenchConfig, _dir_mb, _ms_since, _paired_ratio, _rss_mb, summarize


# --------------------------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------------------------
def run_build(cfg: BenchConfig, work: Path) -> tuple[dict[str, Any], Path]:
    """Cold build (reuse=False) of the bundled corpus into a temp folder; model load timed apart."""
    from tzqa.index.build import build_index, load_index
    from tzqa.index.embedding import _load_torch_embedder
    from tzqa.index.encoders import load_embedder

    cached = _load_torch_embedder.cache_info().currsize > 0
    t = time.perf_counter()
    embedder = load_embedder(None)
    model_load_s = time.perf_counter() - t
    root = work / "index"
    rss0 = _rss_mb()
    rep = build_index(root=root, directory=cfg.corpus, progress=False, reuse=False)
    t = time.perf_counter()
    loaded = load_index(root, cfg.corpus, embedder)
    load_s = time.perf_counter() - t
    sentences = int(loaded.sentence_vectors.shape[0])
    texts = rep.embedded + sentences
    out = {
        "passages": rep.passages, "sentences": sentences, "texts_embedded": texts,
        "build_s": round(rep.seconds, 2), "encode_s": round(rep.encode_seconds, 2),
        "other_s": round(rep.seconds - rep.encode_seconds, 2),
        "passages_per_s": round(rep.passages_per_second, 1),  # BuildReport's figure: passages / encode time
        "texts_per_s": round(texts / rep.encode_seconds, 1) if rep.encode_seconds else None,
        "model_load_s": round(model_load_s, 2), "model_was_loaded": cached,
        "index_load_s": round(load_s, 3), "index_mb": _dir_mb(rep.folder),
        "rss_mb_after": _rss_mb(), "rss_mb_before": rss0,
        "torch_threads_for_build": os.cpu_count() or 1,
    }
    return out, root


# --------------------------------------------------------------------------------------------
# in-process query latency and the overhead over the bare model
# --------------------------------------------------------------------------------------------
STAGES = ("encode", "dense", "lexical", "fusion", "highlight")
_PROFILED = {
    "encode (model)": ("embedding.py", "encode_query"),
    "highlight": ("search.py", "_highlight"),
    "hit building (pydantic)": ("search.py", "_hit"),
    "tokenize (all calls)": ("tokenize.py", "tokenize"),
    "synonym expansion": ("synonyms.py", "expansions_for"),
    "BM25 scores": ("lexical.py", "scores"),
    "FAISS search": ("dense.py", "search"),
    "fusion": ("search.py", "_fuse"),
    "filter mask": ("search.py", "_mask"),
}


def _profile(fn: Callable[[str], Any], questions: Sequence[str]) -> dict[str, Any]:
    prof = cProfile.Profile()
    prof.enable()
    for q in questions:
        fn(q)
    prof.disable()
    stats = pstats.Stats(prof).stats  # type: ignore[attr-defined]
    n = max(1, len(questions))
    named = {}
    for label, (fname, func) in _PROFILED.items():
        cum = sum(v[3] for k, v in stats.items() if k[0].endswith(fname) and k[2] == func)
        named[label] = round(cum * 1000 / n, 3)
    top = sorted(stats.items(), key=lambda kv: -kv[1][2])[:12]
    own = [{"function": f"{Path(k[0]).name}:{k[1]}({k[2]})", "calls_per_query": round(v[1] / n, 1),
            "own_ms_per_query": round(v[2] * 1000 / n, 3)} for k, v in top]
    return {"queries": n, "cumulative_ms_per_query": named, "top_own_time": own,
            "note": "cProfile inflates Python-heavy parts; compare the stage timings for real proportions"}


def measure_queries(retriever: Any, questions: Sequence[str], rounds: int = 2, warmup: int = 20,
                    profile_queries: int = 0) -> dict[str, Any]:
    """End-to-end ``search`` and bare ``encode_query`` for the same questions, interleaved, many rounds."""
    emb = retriever.embedder
    for q in list(questions)[:warmup]:
        retriever.search(q)
        emb.encode_query(q)
    e2e: list[float] = []
    took: list[float] = []
    bare: list[float] = []
    bare_exp: list[float] = []
    expanded = [_dense_text(retriever, q) for q in questions]
    stages: dict[str, list[float]] = {s: [] for s in STAGES}
    hits = 0
    for r in range(rounds):
        for i, q in enumerate(questions):
            steps = (0, 1, 2)[(i + r) % 3:] + (0, 1, 2)[:(i + r) % 3]  # rotate who goes first
            for step in steps:
                t = time.perf_counter()
                if step == 0:
                    emb.encode_query(q)
                    bare.append(_ms_since(t))
                elif step == 2:
                    emb.encode_query(expanded[i])
                    bare_exp.append(_ms_since(t))
                else:
                    res = retriever.search(q)
                    e2e.append(_ms_since(t))
                    took.append(res.took_ms)
                    hits += len(res.results)
                    for s in STAGES:
                        stages[s].append(float(getattr(res.timings, s)))
    e2e_s, bare_s = summarize(e2e), summarize(bare)
    stage_sum = np.sum([stages[s] for s in STAGES], axis=0)
    out: dict[str, Any] = {
        "questions": len(questions), "rounds": rounds, "samples": len(e2e),
        "encoder": _encoder_name(emb),
        "end_to_end_ms": e2e_s, "took_ms": summarize(took), "bare_encode_ms": bare_s,
        "stages_ms": {s: summarize(v) for s, v in stages.items()},
        "unaccounted_ms": summarize(np.asarray(took) - stage_sum),  # validation, expansion, mask, result building
        "overhead_ratio_p50": round(e2e_s["p50"] / bare_s["p50"], 3) if bare_s["p50"] else None,
        "overhead_ratio_paired_median": _paired_ratio(e2e, bare),
        # the model's share of the overhead: search embeds the question *with* its synonym expansions
        "bare_encode_expanded_ms": summarize(bare_exp),
        "expanded_questions": sum(e != q for e, q in zip(expanded, questions, strict=False)),
        "expanded_over_bare_encode_p50": round(summarize(bare_exp)["p50"] / bare_s["p50"], 3) if bare_s["p50"] else None,
        "e2e_over_expanded_encode_p50": round(e2e_s["p50"] / summarize(bare_exp)["p50"], 3) if bare_exp else None,
        "overhead_target": TARGETS["overhead_ratio"],
        "queries_per_s_single_thread": round(1000.0 / e2e_s["mean"], 1) if e2e_s["mean"] else None,
        "mean_hits": round(hits / max(1, len(e2e)), 2),
    }
    out["overhead_target_met"] = bool(out["overhead_ratio_p50"] is not None
                                      and out["overhead_ratio_p50"] <= TARGETS["overhead_ratio"])
    if profile_queries:
        out["profile"] = _profile(retriever.search, list(questions)[:profile_queries])
    return out


def _dense_text(retriever: Any, query: str) -> str:
    """The text Retriever.search embeds for ``query`` (the question plus up to 8 synonym expansions)."""
    cfg = retriever.config
    query = query.strip()
    expansions = retriever.expander.expansions_for(query) if cfg.synonyms else {}
    extra = [t for terms in expansions.values() for t in terms]
    return f"{query} ({'; '.join(extra[:8])})" if extra and cfg.expand_dense and cfg.mode != "lexical" else query


def _encoder_name(emb: Any) -> str:
    from tzqa.index.onnx_encoder import describe

    return describe(emb)["encoder"]
