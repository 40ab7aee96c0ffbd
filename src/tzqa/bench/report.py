"""The whole ``tzqa bench`` run: environment, the selected sections in order, the JSON report and
its summary table."""
from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tzqa.bench.common import SECTIONS, TARGETS, BenchConfig, _questions_for, _section
from tzqa.bench.http import run_http
from tzqa.bench.onnx import run_onnx
from tzqa.bench.query import STAGES, measure_queries, run_build
from tzqa.bench.scale import run_scale

# --------------------------------------------------------------------------------------------
# the whole run
# --------------------------------------------------------------------------------------------

def _encoder_in_use() -> str:
    """What encodes queries in this run (the setting and its default), not a guess: the report says what ran."""
    from tzqa.settings import settings

    return settings().encoder
def _environment() -> dict[str, Any]:
    import psutil

    from tzqa.index.build import library_versions

    env = {"python": platform.python_version(), "cpus": os.cpu_count(), "machine": platform.machine(),
           "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
           "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
           "encoder": _encoder_in_use()}
    try:
        env["libraries"] = library_versions()
        import onnxruntime

        env["libraries"]["onnxruntime"] = onnxruntime.__version__
    except Exception:  # informative only
        pass
    return env


def run_bench(cfg: BenchConfig) -> dict[str, Any]:
    """Run the selected sections and return (and write, when ``cfg.out``) the report."""
    unknown = set(cfg.sections) - set(SECTIONS)
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(sorted(unknown))}; use {', '.join(SECTIONS)}")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    t0 = time.perf_counter()
    report: dict[str, Any] = {"started": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "quick": cfg.quick,
                              "sections": list(cfg.sections), "environment": _environment(), "targets": TARGETS,
                              "config": {k: (list(v) if isinstance(v, tuple) else str(v) if isinstance(v, Path) else v)
                                         for k, v in asdict(cfg).items() if k != "log"}}
    work = Path(tempfile.mkdtemp(prefix="tzqa-bench-"))
    log = cfg.log
    try:
        index_root = cfg.index_dir
        if "build" in cfg.sections:
            with _section("build", log, report):
                report["build"], built = run_build(cfg, work)
                index_root = index_root or built
        retriever = None
        questions: list[str] = []
        if {"query", "http", "onnx"} & set(cfg.sections):
            from tzqa.search.retriever import Retriever

            if index_root is None:
                from tzqa.index.build import ensure_index
                from tzqa.index.build import index_root as live_root

                index_root = live_root()
                ensure_index(index_root, cfg.corpus, progress=False)
            retriever = Retriever.load(index_root, cfg.corpus, build=False)
            from tzqa.threads import serve_single_threaded

            serve_single_threaded()  # measure queries as the service runs them
            questions = _questions_for(retriever, cfg.questions, cfg.seed)
            report["index"] = {"folder": str(index_root), "passages": len(retriever.passages),
                               "dense_kind": retriever.index.dense.kind}
            report["questions"] = {"distinct": len(set(questions)), "examples": questions[:5]}
        if "query" in cfg.sections:
            with _section("query", log, report):
                report["query"] = measure_queries(retriever, questions, cfg.rounds, cfg.warmup, cfg.profile_queries)
        if "http" in cfg.sections:
            with _section("http", log, report):
                report["http"] = run_http(cfg, Path(index_root), retriever, questions, work)  # type: ignore[arg-type]
        if "onnx" in cfg.sections:
            with _section("onnx", log, report):
                report["onnx"] = run_onnx(cfg, retriever, questions, work)
        if "scale" in cfg.sections:
            with _section("scale", log, report):
                report["scale"] = run_scale(cfg)
        if "library" in cfg.sections:
            from tzqa.bench.library import run_library

            with _section("library", log, report):
                report["library"] = run_library(cfg, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["total_seconds"] = round(time.perf_counter() - t0, 1)
    report["summary"] = summary_rows(report)
    if cfg.out is not None:
        cfg.out.parent.mkdir(parents=True, exist_ok=True)
        cfg.out.write_text(json.dumps(report, indent=1, default=str), encoding="utf-8")
    return report


def _fmt(x: Any, unit: str = "") -> str:
    if x is None:
        return "-"
    if isinstance(x, float):
        return f"{x:,.3f}{unit}" if abs(x) < 10 else f"{x:,.1f}{unit}"
    return f"{x}{unit}"


def _pcts(s: dict[str, float]) -> str:
    return f"{_fmt(s.get('p50'))} / {_fmt(s.get('p95'))} / {_fmt(s.get('p99'))} ms" if s.get("n") else "-"


def summary_rows(rep: dict[str, Any]) -> list[dict[str, str]]:
    """(section, figure, value, target) rows for the printed table; everything else is in the JSON."""
    rows: list[dict[str, str]] = []

    def add(section: str, figure: str, value: str, target: str = "") -> None:
        rows.append({"section": section, "figure": figure, "value": value, "target": target})

    for name in SECTIONS:
        if isinstance(rep.get(name), dict) and "error" in rep[name]:
            add(name, "error", rep[name]["error"][:200])
    b = rep.get("build")
    if b and "error" not in b:
        add("build", "cold build (reuse=False)", f"{b['build_s']} s ({b['passages']} passages, {b['sentences']} sentences)")
        add("build", "encoding", f"{b['passages_per_s']} passages/s; {b['texts_per_s']} texts/s")
        add("build", "model load / index load", f"{b['model_load_s']} s / {b['index_load_s']} s")
    q = rep.get("query")
    if q and "error" not in q:
        add("query", f"end-to-end p50/p95/p99 ({q['samples']} runs, {q['questions']} questions)",
            _pcts(q["end_to_end_ms"]))
        add("query", "bare model encode p50/p95/p99", _pcts(q["bare_encode_ms"]))
        add("query", "encode of question+expansions p50 (as search embeds it)",
            f"{q['bare_encode_expanded_ms']['p50']} ms = x{q['expanded_over_bare_encode_p50']} bare "
            f"({q['expanded_questions']}/{q['questions']} questions expanded); "
            f"e2e / it = {q['e2e_over_expanded_encode_p50']}")
        add("query", "stage p50: " + "/".join(STAGES),
            " / ".join(_fmt(q["stages_ms"][s]["p50"]) for s in STAGES) + " ms")
        add("query", "overhead ratio (e2e p50 / encode p50)",
            f"{q['overhead_ratio_p50']} (paired {q['overhead_ratio_paired_median']})",
            f"<= {TARGETS['overhead_ratio']}: {'met' if q['overhead_target_met'] else 'NOT met'}")
    h = rep.get("http")
    if h and "error" not in h:
        r = h["ratio"]
        add("http", "HTTP vs in-process p50 (1 client, interleaved)",
            f"{r['http_ms']['p50']} vs {r['in_process_ms']['p50']} ms = {r['http_over_in_process_p50']}",
            f"<= {TARGETS['http_ratio']}: {'met' if r['target_met'] else 'NOT met'}")
        for ld in h["load"]:
            add("http", f"{ld['clients']} client(s): p50/p95/p99, req/s, errors",
                f"{_pcts(ld['latency_ms'])}, {ld['requests_per_s']} req/s, {ld['errors']} errors")
        add("http", "errors (all phases)", str(h["errors_total"]), "0: " + ("met" if h["errors_total"] == 0 else "NOT met"))
        add("http", "server RSS after warm-up / after load / peak",
            f"{h['rss_mb_after_warmup']} / {h['rss_mb_after_load']} / {h.get('peak_rss_mb')} MB")
        if "cold_start_s" in h:
            add("http", "cold start to /health ok (index built)", f"{h['cold_start_s']} s")
        if "cold_start_with_build_s" in h:
            add("http", "cold start incl. index build (tzqa serve)", f"{h['cold_start_with_build_s']} s")
    o = rep.get("onnx")
    if o and "error" not in o:
        for nm, v in o["variants"].items():
            if "skipped" in v:
                add("onnx", nm, "skipped: " + v["skipped"])
                continue
            fm = v["gold_metrics"]
            add("onnx", f"{nm}: encode p50 (speed-up), cosine min",
                f"{v['encode_ms']['p50']} ms (x{v['speedup_vs_torch_p50']}), {v['cosine_to_torch']['min']}")
            extra = ""
            if "query" in v:
                extra = f"; e2e p50 {v['query']['end_to_end_ms']['p50']} ms, ratio {v['query']['overhead_ratio_p50']}"
            nat = v.get("natural_metrics", {})
            if nat:
                add("onnx", f"{nm}: natural test hit@1 / hit@3 / abstain",
                    f"{nat['test hit@1']:.3f} / {nat['test hit@3']:.3f} / {nat['test abstain']:.3f}")
            add("onnx", f"{nm}: hit@1 / MRR@10 / nDCG@10, max |diff|",
                f"{fm['hit_rate@1']:.3f} / {fm['mrr@10']:.3f} / {fm['ndcg@10']:.3f}, "
                f"{v['max_abs_metric_diff_vs_torch']}{extra}",
                "" if nm == "torch" else f"<= {o['metric_tolerance']}: {'met' if v['qualifies'] else 'NOT met'}")
    if h and o and "error" not in h and "error" not in o and h.get("load"):
        eight = max(h["load"], key=lambda ld: ld["clients"])
        bound = 1000.0 / o["torch_encode_p50_ms"] if o.get("torch_encode_p50_ms") else None
        if bound:
            ratio = eight["requests_per_s"] / bound
            add("http", f"{eight['clients']}-client throughput / (1000 / torch encode p50)",
                f"{eight['requests_per_s']} / {bound:.1f} = {ratio:.2f}",
                f">= {TARGETS['throughput_ratio']}: {'met' if ratio >= TARGETS['throughput_ratio'] else 'NOT met'}")
        rss = h.get("rss_mb_after_load")
        if rss is not None:
            add("http", "server RSS after load (encoder: " + str(h.get("encoder", "default")) + ")", f"{rss} MB",
                f"<= {TARGETS['serving_rss_mb']} MB: {'met' if rss <= TARGETS['serving_rss_mb'] else 'NOT met'}")
    s = rep.get("scale")
    if s and "error" not in s:
        cur = s["dense_py"]
        for n, row in s["sizes"].items():
            d = row["dense"]
            label = f"{int(n):,}"
            add("scale", f"{label}: exact p50 k=10 (k=200)",
                f"{d['exact']['query_ms_k10']['p50']} ({d['exact']['query_ms_k200']['p50']}) ms")
            for run in d["hnsw"]:
                best = [r for r in run["sweep"] if r["ef_search"] == cur["HNSW_EF_SEARCH"]] if run["M"] == cur["HNSW_M"] else []
                sweep = ", ".join(f"ef{r['ef_search']}: {r['query_ms_k10']['p50']}ms/{r['recall_at_10']}"
                                  for r in run["sweep"])
                add("scale", f"{label}: HNSW M={run['M']} build {run['build_s']} s, +{run['rss_delta_mb']} MB",
                    sweep, (f"1M: p50<={TARGETS['vector_p50_ms_1m']} ms, recall>={TARGETS['recall_at_10_1m']}"
                            if best and int(n) >= 1_000_000 else ""))
            if "ivf_flat" in d:
                iv = d["ivf_flat"]
                add("scale", f"{label}: IVF-Flat nlist={iv['nlist']} build {iv['build_s']} s",
                    ", ".join(f"nprobe{r['nprobe']}: {r['query_ms_k10']['p50']}ms/{r['recall_at_10']}"
                              for r in iv["sweep"]))
            lx = row.get("lexical")
            if lx:
                add("scale", f"{label}: BM25 tokenize+index / query p50",
                    f"{lx['tokenize_s']} + {lx['index_s']} s / {lx['query_ms']['p50']} ms "
                    f"({'tzqa' if lx['tokenizer'] == 'tzqa.index.tokenize' else 'bm25s'} tokenizer; tzqa tokenizer "
                    f"{lx['tzqa_tokenize_passages_per_s']} passages/s)")
            add("scale", f"{label}: search.py fusion+argsort p50", f"{row['fusion']['fusion_and_sort_ms']['p50']} ms")
        rec = s.get("recommendation", {})
        if "approx_threshold" in rec:
            add("scale", "recommended APPROX_THRESHOLD (exact p50 > few ms)",
                f"{rec['approx_threshold']:,} (exact {rec['exact_ms_per_100k']} ms per 100k vectors)")
        if "hnsw_m" in rec:
            add("scale", f"cheapest HNSW with recall>={TARGETS['recall_at_10_1m']} at {rec['at_size']:,}",
                f"M={rec['hnsw_m']} efSearch={rec['hnsw_ef_search']}: {rec['p50_ms']} ms, recall {rec['recall_at_10']}")
        if "target_1m" in rec:
            t1 = rec["target_1m"]
            add("scale", "1M with dense.py settings", f"p50 {t1['p50_ms']} ms, recall@10 {t1['recall_at_10']}",
                "met" if t1["met"] else "NOT met")
    lib = rep.get("library")
    if lib and "error" not in lib:
        for row in lib["rows"]:
            add("library", f"add 1 document to {row['documents_before']:,} ({row['passages_after']:,} passages)",
                f"{row['add_seconds']} s: encode {row['encode_seconds']} s ({row['embedded']} passages), "
                f"rest {row['rest_seconds']} s")
        add("library", "adding the last / adding the first (rest, without encoding)",
            f"{lib['last_over_first']}x ({lib['rest_last_over_first']}x)", "the same cost: ~1x")
    return rows


def print_table(report: dict[str, Any], console: Any = None) -> None:
    from rich.console import Console
    from rich.table import Table

    console = console or Console(width=None if sys.stdout.isatty() else 160)
    table = Table(title=f"tzqa bench ({report.get('total_seconds')} s, "
                        f"load avg at start {report['environment'].get('load_average_at_start')})")
    for c in ("section", "figure", "value", "target"):
        table.add_column(c, overflow="fold")
    from rich.markup import escape

    for r in report.get("summary", []):
        table.add_row(*(escape(r[c]) for c in ("section", "figure", "value", "target")))
    console.print(table)
