"""`tzqa bench` in a tiny smoke mode: structure and sanity of the report, never timings."""
from __future__ import annotations

import json

import numpy as np
import pytest

from tzqa.bench import (
    BenchConfig,
    bench_questions,
    perturbed_queries,
    run_bench,
    summarize,
    synthetic_vectors,
    templated_passages,
)


def _ordered(s: dict) -> bool:
    return s["n"] > 0 and s["min"] <= s["p50"] <= s["p95"] <= s["p99"] <= s["max"]


def test_summarize_percentiles_are_ordered():
    rng = np.random.default_rng(3)
    s = summarize(rng.lognormal(3, 1, 500))
    assert s["n"] == 500 and _ordered(s)
    assert summarize([]) == {"n": 0}


def test_questions_are_distinct_and_many():
    from tzqa.evaluation.gold import load_gold

    gold = [g.question for g in load_gold()]
    qs = bench_questions(220, gold)
    assert len(qs) == 220 and len(set(qs)) == 220
    assert set(gold) <= set(qs)  # every gold question is in


def test_synthetic_data_shapes():
    v = synthetic_vectors(3000, seed=1)
    assert v.shape == (3000, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    q = perturbed_queries(v, 10)
    assert q.shape == (10, 384)
    texts = templated_passages(5)
    assert len(texts) == 5 and all(len(t.split()) > 30 for t in texts)


def test_cli_has_bench_command():
    from typer.testing import CliRunner

    from tzqa.cli.main import app

    res = CliRunner().invoke(app, ["bench", "--help"])
    assert res.exit_code == 0 and "--scale-sizes" in res.output and "--only" in res.output


def _tiny(**changes):  # type: ignore[no-untyped-def]
    base = dict(
        quick=True, questions=12, rounds=1, warmup=2, profile_queries=3,
        http_seconds=1.0, http_concurrency=(1, 3), http_ratio_questions=6, cold_start_build=False,
        scale_sizes=(2000,), scale_queries=20, scale_timed_queries=10, scale_ef_search=(16, 64), scale_alt_m=(),
        scale_ivf_max=0, onnx_variants=("fp32",), onnx_gold_limit=4, log=lambda msg: None,
    )
    base.update(changes)
    return BenchConfig(**base)


@pytest.mark.slow
def test_tiny_build_section(tmp_path):
    report = run_bench(_tiny(sections=("build",), out=tmp_path / "b.json"))
    b = report["build"]
    assert "error" not in b, b
    assert b["passages"] > 50 and b["sentences"] >= b["passages"] and b["build_s"] > 0 and b["texts_per_s"] > 0
    assert [r["section"] for r in report["summary"]] == ["build"] * 3


@pytest.mark.slow
def test_tiny_bench_run(tmp_path, index_root):  # type: ignore[no-untyped-def]
    out = tmp_path / "bench.json"
    sections = ("query", "http", "scale", "onnx")
    report = run_bench(_tiny(sections=sections, out=out, index_dir=index_root))
    assert json.loads(out.read_text())["summary"] == report["summary"]
    for name in sections:
        assert name in report and "error" not in report[name], report.get(name)
    assert "build" not in report

    q = report["query"]
    assert q["samples"] == 12 and report["questions"]["distinct"] == 12
    assert _ordered(q["end_to_end_ms"]) and _ordered(q["bare_encode_ms"])
    assert set(q["stages_ms"]) == {"encode", "dense", "lexical", "fusion", "highlight"}
    assert all(_ordered(s) for s in q["stages_ms"].values())
    assert q["overhead_ratio_p50"] > 0 and "cumulative_ms_per_query" in q["profile"]

    h = report["http"]
    assert h["errors_total"] == 0
    assert all(ld["errors"] == 0 and ld["requests"] > 0 and _ordered(ld["latency_ms"]) for ld in h["load"])
    assert [ld["clients"] for ld in h["load"]] == [1, 3]
    assert h["ratio"]["http_over_in_process_p50"] > 0
    assert h["rss_mb_after_warmup"] > 0 and h["cold_start_s"] > 0

    o = report["onnx"]["variants"]
    assert o["onnx-fp32"]["cosine_to_torch"]["min"] > 0.999
    assert o["onnx-fp32"]["max_abs_metric_diff_vs_torch"] <= 0.01 and o["onnx-fp32"]["qualifies"]
    assert _ordered(o["torch"]["encode_ms"]) and _ordered(o["onnx-fp32"]["encode_ms"])

    s = report["scale"]["sizes"]["2000"]
    assert _ordered(s["dense"]["exact"]["query_ms_k10"])
    for run in s["dense"]["hnsw"]:
        for row in run["sweep"]:
            assert 0.0 <= row["recall_at_10"] <= 1.0 and _ordered(row["query_ms_k10"])
    assert s["lexical"]["tokenizer"] == "tzqa.index.tokenize" and _ordered(s["lexical"]["query_ms"])
    assert _ordered(s["fusion"]["fusion_and_sort_ms"])
    assert report["summary"] and all(set(r) == {"section", "figure", "value", "target"} for r in report["summary"])
