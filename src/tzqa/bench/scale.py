"""The ``scale`` section: synthetic corpora of 10k .. 1M passages, exact and approximate dense
search, BM25 and fusion at each size, and the recommended index settings."""
from __future__ import annotations

import gc
import os
import random
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from tzqa.bench.common import EXACT_FEW_MS, FULL_DEPTH_LIMIT, TARGETS, BenchConfig, _ms_since, _peak_rss_mb, _rss_mb, summarize

# --------------------------------------------------------------------------------------------
# scale: synthetic corpora of 10k .. 1M passages
# --------------------------------------------------------------------------------------------
SYNTH = {"dim": 384, "latent": 128, "topics": 2000, "subtopics_per_topic": 20, "topic_spread": 1.2,
         "point_spread": 0.9, "isotropic": 0.3, "query_noise": 0.02}


def synthetic_vectors(n: int, seed: int = 0, dim: int = 384, latent: int = 128, topics: int = 2000,
                      subtopics: int = 20, topic_spread: float = 1.2, point_spread: float = 0.9,
                      isotropic: float = 0.3, chunk: int = 100_000) -> np.ndarray:
    """Normalised float32 vectors with two-level cluster structure on a low-dimensional manifold.

    Topics (Gaussian centres in a ``latent``-dimensional space), subtopics around each topic,
    points around each subtopic; one random linear map into ``dim`` dimensions plus isotropic
    noise. The spreads are calibrated on the real index: within one topic the mean pairwise
    cosine is ~0.33 and a point's nearest neighbour among 274 is at ~0.78, as measured for the
    review's own 274 sentence vectors (0.34 and 0.77); unrelated topics are near orthogonal.
    (A single-level mixture wide enough to match the mean has no close neighbours, so every
    ANN index looks bad on it; tight clusters make them all look perfect.)
    """
    rng = np.random.default_rng(seed)
    proj = (rng.standard_normal((latent, dim)) / np.sqrt(latent)).astype(np.float32)
    centres = rng.standard_normal((topics, latent)).astype(np.float32)
    subs = (np.repeat(centres, subtopics, axis=0)
            + topic_spread * rng.standard_normal((topics * subtopics, latent), dtype=np.float32))
    out = np.empty((n, dim), dtype=np.float32)
    for s in range(0, n, chunk):
        m = min(chunk, n - s)
        z = subs[rng.integers(0, len(subs), m)] + point_spread * rng.standard_normal((m, latent), dtype=np.float32)
        x = z @ proj + isotropic * rng.standard_normal((m, dim), dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        out[s:s + m] = x
    return out


def perturbed_queries(vectors: np.ndarray, n: int, noise: float = 0.02, seed: int = 1) -> np.ndarray:
    """Corpus vectors plus Gaussian noise (cosine ~0.93 to their source), renormalised."""
    rng = np.random.default_rng(seed)
    q = vectors[rng.integers(0, len(vectors), n)] + noise * rng.standard_normal((n, vectors.shape[1]), dtype=np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    return np.ascontiguousarray(q, dtype=np.float32)


_GENES = ("HER2", "HER3", "EGFR", "PTEN", "PIK3CA", "AKT1", "mTOR", "IGF-1R", "MUC4", "CD44", "Src", "FOXO3a",
          "CDK12", "GRB7", "STAT3", "NF-κB", "TGF-β1", "PD-L1", "ERα", "c-MET", "YAP1", "Notch1", "Wnt5a", "SOX2",
          "ALDH1", "BCL-2", "survivin", "p27kip1", "cyclin E", "FcγRIIIa", "miR-21", "miR-210", "lncRNA-ATB")
_AGENTS = ("trastuzumab", "pertuzumab", "lapatinib", "neratinib", "tucatinib", "T-DM1", "T-DXd", "everolimus",
           "palbociclib", "alpelisib", "pembrolizumab", "margetuximab")
_VERBS = ("activates", "suppresses", "is associated with", "predicts", "confers", "reverses", "masks",
          "up-regulates", "down-regulates", "phosphorylates", "stabilises", "sequesters")
_NOUNS = ("resistance", "sensitivity", "apoptosis", "proliferation", "cell cycle arrest", "epithelial-mesenchymal "
          "transition", "autophagy", "antibody-dependent cellular cytotoxicity", "receptor dimerisation",
          "downstream signalling", "disease-free survival", "pathological complete response", "tumour growth")
_CONTEXTS = ("in HER2-positive breast cancer cells", "in xenograft models", "in a cohort of {n} patients",
             "after {n} weeks of treatment", "in trastuzumab-resistant BT474 cells", "in SKBR3 cells",
             "in the neoadjuvant setting", "in metastatic disease", "in circulating exosomes")


def templated_passages(n: int, seed: int = 0) -> list[str]:
    """Biomedical-ish passages of 3-5 templated sentences (about 60-90 words), for BM25 at scale."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sents = []
        for _ in range(rng.randint(3, 5)):
            ctx = rng.choice(_CONTEXTS).format(n=rng.randint(12, 900))
            sents.append(f"{rng.choice(_GENES)} {rng.choice(_VERBS)} {rng.choice(_NOUNS)} to "
                         f"{rng.choice(_AGENTS)} {ctx}, and {rng.choice(_GENES)} {rng.choice(_VERBS)} "
                         f"{rng.choice(_NOUNS)} ({rng.randint(1, 120)}).")
        out.append(" ".join(sents))
    return out


def _faiss_threads(n: int) -> None:
    import faiss

    faiss.omp_set_num_threads(max(1, n))


def _time_search(index: Any, queries: np.ndarray, k: int) -> tuple[dict[str, float], np.ndarray]:
    """Single-threaded, one query at a time (as the service does)."""
    lat, ids = [], []
    for q in queries:
        t = time.perf_counter()
        _, i = index.search(q.reshape(1, -1), k)
        lat.append(_ms_since(t))
        ids.append(i[0][:10])
    return summarize(lat), np.array(ids)


def _recall(found: np.ndarray, exact: np.ndarray, k: int = 10) -> float:
    return round(float(np.mean([len(set(f[:k].tolist()) & set(e[:k].tolist())) / k
                                for f, e in zip(found, exact, strict=False)])), 4)


def _scale_dense(cfg: BenchConfig, n: int, log: Callable[[str], None]) -> dict[str, Any]:
    import faiss

    from tzqa.index import dense as dense_mod
    from tzqa.index.dense import DenseIndex

    t = time.perf_counter()
    vecs = synthetic_vectors(n, seed=cfg.seed)
    queries = perturbed_queries(vecs, cfg.scale_queries, SYNTH["query_noise"], seed=cfg.seed + 1)
    timed = queries[:cfg.scale_timed_queries]
    out: dict[str, Any] = {"generate_s": round(time.perf_counter() - t, 2), "data_mb": round(vecs.nbytes / 2**20, 1)}
    depth = 200  # what Retriever.search asks FAISS for when the corpus is large (dense_depth)

    # exact
    rss = _rss_mb()
    _faiss_threads(os.cpu_count() or 1)
    t = time.perf_counter()
    flat = DenseIndex.build(vecs, approx_threshold=n)  # the code path, forced exact
    exact: dict[str, Any] = {"kind": flat.kind, "build_s": round(time.perf_counter() - t, 3),
                             "rss_delta_mb": round(_rss_mb() - rss, 1)}
    _, truth = flat.index.search(queries, 10)  # ground truth, batched on all cores
    _faiss_threads(1)
    exact["query_ms_k10"], _ = _time_search(flat.index, timed, 10)
    exact["query_ms_k200"], _ = _time_search(flat.index, timed[: max(10, len(timed) // 2)], depth)
    out["exact"] = exact
    del flat
    gc.collect()
    log(f"[bench]   {n:,}: exact p50 {exact['query_ms_k10']['p50']:.2f} ms")

    # approximate: HNSW as dense.py builds it, efSearch swept; other M values at smaller sizes
    hnsw_runs = []
    ms = [dense_mod.HNSW_M] + [m for m in cfg.scale_alt_m if m != dense_mod.HNSW_M and n <= cfg.scale_alt_max]
    for m in ms:
        rss = _rss_mb()
        _faiss_threads(os.cpu_count() or 1)
        t = time.perf_counter()
        if m == dense_mod.HNSW_M:
            idx = DenseIndex.build(vecs, approx_threshold=0).index  # the code path, forced approximate
        else:
            idx = faiss.IndexHNSWFlat(vecs.shape[1], m, faiss.METRIC_INNER_PRODUCT)
            idx.hnsw.efConstruction = dense_mod.HNSW_EF_CONSTRUCTION
            idx.add(vecs)
        run: dict[str, Any] = {"M": m, "ef_construction": dense_mod.HNSW_EF_CONSTRUCTION,
                               "build_s": round(time.perf_counter() - t, 2),
                               "rss_delta_mb": round(_rss_mb() - rss, 1), "sweep": []}
        _faiss_threads(1)
        for ef in sorted(set(cfg.scale_ef_search) | {dense_mod.HNSW_EF_SEARCH}):
            idx.hnsw.efSearch = ef
            _, found = idx.search(queries, 10)
            lat, _ = _time_search(idx, timed, 10)
            row = {"ef_search": ef, "recall_at_10": _recall(found, truth), "query_ms_k10": lat}
            if ef == dense_mod.HNSW_EF_SEARCH and m == dense_mod.HNSW_M:
                row["query_ms_k200"], _ = _time_search(idx, timed[: max(10, len(timed) // 2)], depth)
            run["sweep"].append(row)
        hnsw_runs.append(run)
        best = [r for r in run["sweep"] if r["ef_search"] == dense_mod.HNSW_EF_SEARCH]
        if best:
            log(f"[bench]   {n:,}: HNSW M={m} build {run['build_s']:.0f}s, ef={dense_mod.HNSW_EF_SEARCH} "
                f"p50 {best[0]['query_ms_k10']['p50']:.2f} ms recall {best[0]['recall_at_10']:.3f}")
        del idx
        gc.collect()
    out["hnsw"] = hnsw_runs

    if n <= cfg.scale_ivf_max:
        nlist = int(2 ** round(np.log2(4 * np.sqrt(n))))
        _faiss_threads(os.cpu_count() or 1)
        rss = _rss_mb()
        t = time.perf_counter()
        quant = faiss.IndexFlatIP(vecs.shape[1])
        ivf = faiss.IndexIVFFlat(quant, vecs.shape[1], nlist, faiss.METRIC_INNER_PRODUCT)
        rng = np.random.default_rng(cfg.seed)
        ivf.train(vecs[rng.choice(n, min(n, 40 * nlist), replace=False)])
        ivf.add(vecs)
        ivf_out: dict[str, Any] = {"nlist": nlist, "build_s": round(time.perf_counter() - t, 2),
                                   "rss_delta_mb": round(_rss_mb() - rss, 1), "sweep": []}
        _faiss_threads(1)
        for nprobe in (8, 32, 128):
            ivf.nprobe = nprobe
            _, found = ivf.search(queries, 10)
            lat, _ = _time_search(ivf, timed, 10)
            ivf_out["sweep"].append({"nprobe": nprobe, "recall_at_10": _recall(found, truth), "query_ms_k10": lat})
        out["ivf_flat"] = ivf_out
        del ivf, quant
        gc.collect()
    del vecs
    gc.collect()
    return out


def _scale_lexical(cfg: BenchConfig, n: int) -> dict[str, Any]:
    import bm25s
    import Stemmer

    from tzqa.index.lexical import LexicalIndex
    from tzqa.index.tokenize import tokenize

    t = time.perf_counter()
    texts = templated_passages(n, seed=cfg.seed)
    out: dict[str, Any] = {"generate_s": round(time.perf_counter() - t, 2),
                           "mean_words": round(float(np.mean([len(x.split()) for x in texts[:2000]])), 1)}
    sample = texts[: min(n, 2000)]
    t = time.perf_counter()
    for x in sample:
        tokenize(x)
    tz_rate = len(sample) / (time.perf_counter() - t)
    out["tzqa_tokenize_passages_per_s"] = round(tz_rate, 1)
    out["tzqa_tokenize_projected_s"] = round(n / tz_rate, 1)
    rss = _rss_mb()
    if n <= cfg.scale_lexical_tzqa_max:
        out["tokenizer"] = "tzqa.index.tokenize"
        t = time.perf_counter()
        corpus_tokens: Any = [tokenize(x) for x in texts]
        query_tok: Callable[[str], list[str]] = tokenize
    else:
        out["tokenizer"] = "bm25s.tokenize (English stopwords + Snowball stemmer); tzqa.index.tokenize projected above"
        stemmer = Stemmer.Stemmer("english")
        t = time.perf_counter()
        corpus_tokens = bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False)

        def query_tok(s: str) -> list[str]:
            return bm25s.tokenize([s], stopwords="en", stemmer=stemmer, show_progress=False, return_ids=False)[0]
    out["tokenize_s"] = round(time.perf_counter() - t, 2)
    del texts
    t = time.perf_counter()
    bm25 = bm25s.BM25()
    bm25.index(corpus_tokens, show_progress=False)
    out["index_s"] = round(time.perf_counter() - t, 2)
    del corpus_tokens
    gc.collect()
    out["rss_delta_mb"] = round(_rss_mb() - rss, 1)
    lex = LexicalIndex(bm25)
    rng = random.Random(cfg.seed + 2)
    qs = [f"{rng.choice(_GENES)} {rng.choice(_NOUNS)} {rng.choice(_AGENTS)}" for _ in range(cfg.scale_timed_queries)]
    lat = []
    for q in qs:
        toks = query_tok(q)
        t = time.perf_counter()
        lex.scores(toks)  # the service's call: a score for every passage
        lat.append(_ms_since(t))
    out["query_ms"] = summarize(lat)
    return out


def _scale_fusion(n: int, queries: int) -> dict[str, Any]:
    """What Retriever.search does after retrieval, at this size: mask, fuse (weighted), full argsort."""
    from tzqa.search.retriever import Retriever, SearchConfig

    stub = type("Stub", (), {"config": SearchConfig()})()
    rng = np.random.default_rng(0)
    lat = []
    for _ in range(queries):
        dense = np.full(n, -np.inf, dtype=np.float32)
        ids = rng.choice(n, min(n, 200), replace=False)
        dense[ids] = rng.random(len(ids), dtype=np.float32)
        lexical = np.where(rng.random(n) < 0.05, rng.random(n) * 10, 0).astype(np.float32)
        t = time.perf_counter()
        mask = np.ones(n, dtype=bool)
        fused = Retriever._fuse(stub, dense, lexical, mask)  # type: ignore[arg-type]
        order = np.argsort(-fused, kind="stable")
        [int(i) for i in order[:10] if np.isfinite(fused[i])]
        lat.append(_ms_since(t))
    return {"fusion_and_sort_ms": summarize(lat)}


def run_scale(cfg: BenchConfig) -> dict[str, Any]:
    from tzqa.index import dense as dense_mod

    out: dict[str, Any] = {
        "synthetic": dict(SYNTH, note="topics > subtopics > points on a 128-d manifold mapped to 384-d, "
                                      "calibrated on the real sentence vectors (see synthetic_vectors); queries "
                                      "are perturbed corpus vectors; recall@10 is against exact search"),
        "dense_py": {"APPROX_THRESHOLD": dense_mod.APPROX_THRESHOLD, "HNSW_M": dense_mod.HNSW_M,
                     "HNSW_EF_CONSTRUCTION": dense_mod.HNSW_EF_CONSTRUCTION,
                     "HNSW_EF_SEARCH": dense_mod.HNSW_EF_SEARCH},
        "threads": {"build": os.cpu_count() or 1, "query": 1},
        "sizes": {},
    }
    for n in cfg.scale_sizes:
        t = time.perf_counter()
        row: dict[str, Any] = {"dense": _scale_dense(cfg, n, cfg.log)}
        if cfg.scale_lexical:
            row["lexical"] = _scale_lexical(cfg, n)
            cfg.log(f"[bench]   {n:,}: BM25 index {row['lexical']['index_s']:.1f}s, "
                    f"query p50 {row['lexical']['query_ms']['p50']:.2f} ms")
        row["fusion"] = _scale_fusion(n, min(50, cfg.scale_timed_queries))
        row["seconds"] = round(time.perf_counter() - t, 1)
        out["sizes"][str(n)] = row
        gc.collect()
    out["recommendation"] = recommend(out)
    out["bench_process_peak_rss_mb"] = _peak_rss_mb()
    return out


def recommend(scale: dict[str, Any]) -> dict[str, Any]:
    """Threshold: where exact p50 would pass EXACT_FEW_MS (exact cost is linear in n, fitted on the
    largest size); HNSW: the cheapest efSearch with recall@10 >= target at the largest size."""
    sizes = sorted(int(n) for n in scale["sizes"])
    rec: dict[str, Any] = {"exact_few_ms": EXACT_FEW_MS}
    if not sizes:
        return rec
    largest = scale["sizes"][str(sizes[-1])]["dense"]
    per_vec = largest["exact"]["query_ms_k10"]["p50"] / sizes[-1]
    if per_vec > 0:
        raw = EXACT_FEW_MS / per_vec
        # Retriever.search ranks *every* passage (depth = n) up to 20,000: an approximate index must not
        # start below that, or it would be asked for all of its vectors.
        rec["approx_threshold"] = int(max(FULL_DEPTH_LIMIT, round(raw, -4)))
        rec["approx_threshold_raw"] = int(raw)
        rec["exact_ms_per_100k"] = round(per_vec * 100_000, 3)
    cur = scale["dense_py"]
    ok = [(r["query_ms_k10"]["p50"], run["M"], r["ef_search"], r["recall_at_10"])
          for run in largest["hnsw"] for r in run["sweep"] if r["recall_at_10"] >= TARGETS["recall_at_10_1m"]]
    if ok:
        p50, m, ef, recall = min(ok)
        rec.update(hnsw_m=m, hnsw_ef_search=ef, p50_ms=p50, recall_at_10=recall, at_size=sizes[-1])
    rec["current_hnsw"] = {"M": cur["HNSW_M"], "ef_search": cur["HNSW_EF_SEARCH"]}
    if sizes[-1] >= 1_000_000:
        row = next((r for run in largest["hnsw"] if run["M"] == cur["HNSW_M"] for r in run["sweep"]
                    if r["ef_search"] == cur["HNSW_EF_SEARCH"]), None)
        if row:
            rec["target_1m"] = {"p50_ms": row["query_ms_k10"]["p50"], "recall_at_10": row["recall_at_10"],
                                "met": bool(row["query_ms_k10"]["p50"] <= TARGETS["vector_p50_ms_1m"]
                                            and row["recall_at_10"] >= TARGETS["recall_at_10_1m"])}
    return rec
