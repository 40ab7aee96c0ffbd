"""``tzqa bench``: build time, query latency and its overhead, HTTP latency/throughput/memory,
scaling to a million passages, and a faster query encoder, measured in one run.

Every latency is reported as percentiles (p50/p95/p99) over many runs, and every ratio is
measured *side by side in the same run*, interleaving the two things compared so that a
noisy shared machine slows both alike. ``bench/README.md`` says what each figure means.

Sections (``--only``): ``build``, ``query``, ``http``, ``scale``, ``onnx``.
"""
from __future__ import annotations

from tzqa.bench.common import EXACT_FEW_MS, FULL_DEPTH_LIMIT, SECTIONS, TARGETS, BenchConfig, bench_questions, summarize
from tzqa.bench.http import Server, run_http
from tzqa.bench.onnx import run_onnx
from tzqa.bench.query import STAGES, measure_queries, run_build
from tzqa.bench.report import print_table, run_bench, summary_rows
from tzqa.bench.scale import SYNTH, perturbed_queries, recommend, run_scale, synthetic_vectors, templated_passages

__all__ = [
    "EXACT_FEW_MS", "FULL_DEPTH_LIMIT", "SECTIONS", "STAGES", "SYNTH", "TARGETS", "BenchConfig", "Server",
    "bench_questions", "measure_queries", "perturbed_queries", "print_table", "recommend", "run_bench",
    "run_build", "run_http", "run_onnx", "run_scale", "summarize", "summary_rows", "synthetic_vectors",
    "templated_passages",
]
