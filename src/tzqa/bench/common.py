"""Shared pieces of ``tzqa bench``: sections and targets, the configuration, timing and memory
statistics, and the benchmark questions."""
from __future__ import annotations

import contextlib
import os
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

SECTIONS = ("build", "query", "http", "scale", "onnx", "library")
TARGETS = {
    "overhead_ratio": 1.3,       # in-process end-to-end p50 / bare model encode p50
    "http_ratio": 1.5,           # HTTP p50 (1 client) / in-process p50
    "vector_p50_ms_1m": 10.0,    # approximate vector search p50 at 1M
    "recall_at_10_1m": 0.95,     # ... with recall@10 against exact search
    "metric_tolerance": 0.01,    # a faster encoder keeps every gold and natural metric within this of torch
    "throughput_ratio": 1.5,     # 8-client HTTP req/s over (1000 / bare torch encode p50): both cores busy
    "serving_rss_mb": 400,       # the server's resident memory after a load run (ONNX, no torch)
}
FULL_DEPTH_LIMIT = 20_000  # search.py: depth = n if n <= 20_000
EXACT_FEW_MS = 3.0  # "a few ms": exact search above this per query is where the approximate index pays off


# --------------------------------------------------------------------------------------------
# configuration
# --------------------------------------------------------------------------------------------
@dataclass
class BenchConfig:
    sections: tuple[str, ...] = SECTIONS
    quick: bool = False
    out: Path | None = Path("bench/out/bench.json")
    index_dir: Path | None = None  # query/http/onnx use this index; default: the build section's, else the live one
    corpus: Path | None = None
    questions: int = 220              # distinct query strings (gold questions + variants)
    rounds: int = 2                   # passes over the questions (interleaved encode / search)
    warmup: int = 20
    profile_queries: int = 60         # cProfile over this many searches (0: no profile)
    http_seconds: float = 10.0        # per concurrency level
    http_concurrency: tuple[int, ...] = (1, 8)
    http_ratio_questions: int = 200   # interleaved HTTP / in-process pairs for the ratio
    http_max_requests: int = 20_000   # hard bound per client per level
    cold_start: bool = True
    cold_start_build: bool = True     # also: `tzqa serve` on an empty index folder (builds, then serves)
    scale_sizes: tuple[int, ...] = (10_000, 100_000)
    scale_queries: int = 200          # recall queries (perturbed corpus vectors)
    scale_timed_queries: int = 100    # single-thread latency samples per index and setting
    scale_ef_search: tuple[int, ...] = (16, 32, 64, 128, 256)
    scale_alt_m: tuple[int, ...] = (32,)  # other HNSW M values tried up to scale_alt_max
    scale_alt_max: int = 100_000
    scale_ivf_max: int = 100_000      # IVF-Flat compared up to this size
    scale_lexical: bool = True
    scale_lexical_tzqa_max: int = 20_000  # above: tzqa tokenizer throughput from a sample, bm25s tokenizer for the index
    onnx_variants: tuple[str, ...] = ("fp32", "int8")
    onnx_gold_limit: int | None = None  # evaluate on the first N gold questions only (smoke runs)
    onnx_cache: Path | None = None
    library_sizes: tuple[int, ...] = (0, 10, 100, 1000)  # documents already in the library before one more
    seed: int = 0
    log: Callable[[str], None] = field(default=lambda msg: print(msg, file=sys.stderr, flush=True), repr=False)

    @classmethod
    def quick_run(cls, **changes: Any) -> BenchConfig:
        """A smoke run of every section in about two minutes."""
        base = dict(quick=True, questions=60, rounds=1, warmup=5, profile_queries=20, http_seconds=3.0,
                    http_ratio_questions=40, cold_start_build=False, scale_sizes=(10_000,), scale_queries=50,
                    scale_timed_queries=30, scale_ef_search=(32, 128), scale_alt_m=(), scale_ivf_max=0,
                    onnx_gold_limit=40, library_sizes=(0, 10))
        base.update(changes)
        return cls(**base)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------------------------
def summarize(values: Sequence[float]) -> dict[str, float]:
    """n, mean, min, p50, p95, p99, max (ms); percentiles by linear interpolation, so p50 <= p95 <= p99."""
    a = np.asarray(list(values), dtype=np.float64)
    if not len(a):
        return {"n": 0}
    p50, p95, p99 = np.percentile(a, [50, 95, 99])
    return {"n": int(len(a)), "mean": round(float(a.mean()), 3), "min": round(float(a.min()), 3),
            "p50": round(float(p50), 3), "p95": round(float(p95), 3), "p99": round(float(p99), 3),
            "max": round(float(a.max()), 3)}


def _ms_since(t: float) -> float:
    return (time.perf_counter() - t) * 1000.0


def _rss_mb(pid: int | None = None) -> float:
    import psutil

    return round(psutil.Process(pid or os.getpid()).memory_info().rss / 2**20, 1)


def _peak_rss_mb(pid: int | None = None) -> float | None:
    try:
        for line in Path(f"/proc/{pid or os.getpid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _dir_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 2)


def _paired_ratio(a: Sequence[float], b: Sequence[float]) -> float:
    """Median of per-item ratios a_i / b_i (each pair measured back to back)."""
    return round(float(np.median(np.asarray(a) / np.maximum(np.asarray(b), 1e-9))), 3)


@contextlib.contextmanager
def _section(name: str, log: Callable[[str], None], out: dict[str, Any]) -> Iterator[None]:
    t = time.perf_counter()
    log(f"[bench] {name} ...")
    try:
        yield
    except Exception as exc:  # one failing section must not lose the others
        out[name] = {"error": f"{type(exc).__name__}: {exc}"}
        log(f"[bench] {name} FAILED: {exc}")
    finally:
        if isinstance(out.get(name), dict):
            out[name]["section_seconds"] = round(time.perf_counter() - t, 2)
        log(f"[bench] {name} done in {time.perf_counter() - t:.1f}s")


# --------------------------------------------------------------------------------------------
# questions: >= 200 distinct strings from the gold set, paraphrases and generated combinations
# --------------------------------------------------------------------------------------------
_PREFIXES = ("In HER2-positive breast cancer, ", "According to the review, ", "Briefly: ")
_TEMPLATES = (
    "What role does {t} play in trastuzumab resistance?",
    "How does {t} affect response to trastuzumab in HER2+ breast cancer?",
    "Is {t} a biomarker of trastuzumab resistance?",
    "{t} and HER2 signalling",
    "evidence linking {t} to poor outcome under anti-HER2 therapy",
)
_TERMS = (
    "PTEN loss", "PIK3CA mutation", "p95HER2", "MUC4", "IGF-1R", "EGFR", "HER3", "CDK12", "PI3K/AKT/mTOR",
    "Src kinase", "FcγR polymorphism", "ADCC", "exosomes", "miR-21", "microRNA", "long non-coding RNA",
    "epithelial-mesenchymal transition", "cancer stem cells", "autophagy", "estrogen receptor crosstalk",
    "tumour microenvironment", "lapatinib", "pertuzumab", "T-DM1", "trastuzumab deruxtecan", "neratinib",
    "tucatinib", "CDK4/6 inhibitors", "PD-L1", "immune infiltration",
)


def bench_questions(n: int, gold: Sequence[str], terms: Sequence[str] = (), seed: int = 0) -> list[str]:
    """``n`` distinct questions: every gold question first-class, then paraphrased variants and combos."""
    pool: list[str] = list(dict.fromkeys(gold))
    combos = [tpl.format(t=t) for t in list(dict.fromkeys(list(terms) + list(_TERMS))) for tpl in _TEMPLATES]
    variants = [p + g[0].lower() + g[1:] for p in _PREFIXES for g in gold]
    variants += [g.rstrip("?").lower() for g in gold]
    rng = random.Random(seed)
    rng.shuffle(combos)
    rng.shuffle(variants)
    for extra in (c for pair in zip(combos, variants, strict=False) for c in pair):
        if len(pool) >= n:
            break
        if extra not in pool:
            pool.append(extra)
    for extra in combos + variants:  # one list may be longer than the other
        if len(pool) >= n:
            break
        if extra not in pool:
            pool.append(extra)
    rng.shuffle(pool)
    return pool[:n]


def _questions_for(retriever: Any, n: int, seed: int) -> list[str]:
    from tzqa.evaluation.gold import load_gold

    gold = [g.question for g in load_gold()]
    terms = [r.biomarker for r in retriever.biomarkers() if r.biomarker]
    return bench_questions(n, gold, terms, seed)
