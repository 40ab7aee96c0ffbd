"""The ``http`` section: the real app on loopback, its latency against in-process search, load
at several concurrency levels, memory and cold start."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tzqa.bench.common import TARGETS, BenchConfig, _ms_since, _paired_ratio, _peak_rss_mb, summarize


# --------------------------------------------------------------------------------------------
# HTTP: the real app under uvicorn in a subprocess
# --------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``python -m uvicorn tzqa.api.main:app`` (or ``tzqa serve``) on 127.0.0.1, stopped on exit."""

    def __init__(self, index_root: Path, log_path: Path, command: str = "uvicorn",
                 env: dict[str, str] | None = None) -> None:
        from tzqa.ingest.corpus import project_root

        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        from tzqa.index.onnx_encoder import default_cache_dir

        # the ONNX export the parent already made: the server then starts without importing torch
        child_env = dict(os.environ, TZQA_INDEX=str(index_root), HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1",
                         PYTHONUNBUFFERED="1", TQDM_DISABLE="1",
                         TZQA_ONNX_CACHE=str(default_cache_dir()))  # the setting, or its default
        child_env.update(env or {})
        if command == "uvicorn":
            args = [sys.executable, "-m", "uvicorn", "tzqa.api.main:app", "--host", "127.0.0.1", "--port",
                    str(self.port), "--workers", "1", "--log-level", "warning", "--no-access-log"]
        else:  # `tzqa serve`: ensure_index (build when missing), then uvicorn
            args = [sys.executable, "-m", "tzqa.cli.main", "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        self._log = log_path.open("wb")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(args, cwd=str(project_root()), env=child_env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self.log_path = log_path

    def wait_healthy(self, timeout: float = 300.0) -> float:
        """Seconds from process start to the first 200 from /health."""
        import httpx

        deadline = time.perf_counter() + timeout
        with httpx.Client(base_url=self.base, timeout=5.0) as client:
            while time.perf_counter() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited with {self.proc.returncode}: {self.tail()}")
                try:
                    r = client.get("/health")
                    if r.status_code == 200:
                        return time.perf_counter() - self.started
                    if r.status_code == 503:
                        raise RuntimeError(f"server reports the index unusable: {r.text[:300]}")
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise TimeoutError(f"server not healthy after {timeout:.0f}s: {self.tail()}")

    def tail(self, n: int = 2000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-n:]
        except OSError:
            return ""

    def rss_mb(self) -> float:
        import psutil

        proc = psutil.Process(self.proc.pid)
        return round(sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20, 1)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self._log.close()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _load(base: str, questions: Sequence[str], clients: int, seconds: float, max_requests: int) -> dict[str, Any]:
    """``clients`` threads, each with its own keep-alive connection, for ``seconds`` (bounded count too)."""
    import httpx

    lat: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    codes: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    deadline: list[float] = [0.0]

    def worker(w: int) -> None:
        with httpx.Client(base_url=base, timeout=60.0) as client:
            start.wait()
            j = 0
            while time.perf_counter() < deadline[0] and j < max_requests:
                q = questions[(w * 7919 + j) % len(questions)]
                t = time.perf_counter()
                try:
                    r = client.get("/search", params={"q": q, "k": 10})
                    ok = r.status_code == 200 and bool(r.json().get("results") is not None)
                    code = str(r.status_code)
                except httpx.HTTPError as exc:
                    ok, code = False, type(exc).__name__
                lat[w].append(_ms_since(t))
                if not ok:
                    errors[w] += 1
                    with lock:
                        codes[code] = codes.get(code, 0) + 1
                j += 1

    threads = [threading.Thread(target=worker, args=(w,), daemon=True) for w in range(clients)]
    for th in threads:
        th.start()
    deadline[0] = time.perf_counter() + seconds
    t0 = time.perf_counter()
    start.wait()
    for th in threads:
        th.join(timeout=seconds + 120)
    elapsed = time.perf_counter() - t0
    all_lat = [x for xs in lat for x in xs]
    return {"clients": clients, "seconds": round(elapsed, 2), "requests": len(all_lat), "errors": sum(errors),
            "error_codes": codes, "requests_per_s": round(len(all_lat) / elapsed, 2) if elapsed else None,
            "latency_ms": summarize(all_lat)}


def run_http(cfg: BenchConfig, index_root: Path, retriever: Any, questions: Sequence[str], work: Path) -> dict[str, Any]:
    import httpx

    from tzqa.settings import settings

    out: dict[str, Any] = {"encoder": settings().encoder}
    with Server(index_root, work / "server.log") as srv:
        cold = srv.wait_healthy()
        if cfg.cold_start:
            out["cold_start_s"] = round(cold, 2)
        with httpx.Client(base_url=srv.base, timeout=60.0) as client:
            for q in list(questions)[:max(5, cfg.warmup)]:
                client.get("/search", params={"q": q, "k": 10}).raise_for_status()
                retriever.search(q)
            out["rss_mb_after_warmup"] = srv.rss_mb()
            # The ratio: each question over HTTP and in-process back to back, alternating which goes first.
            http_ms: list[float] = []
            inproc_ms: list[float] = []
            errors = 0
            for i, q in enumerate(list(questions)[:cfg.http_ratio_questions]):
                for step in ((0, 1) if i % 2 == 0 else (1, 0)):
                    t = time.perf_counter()
                    if step == 0:
                        r = client.get("/search", params={"q": q, "k": 10})
                        http_ms.append(_ms_since(t))
                        errors += r.status_code != 200
                    else:
                        retriever.search(q, k=10)
                        inproc_ms.append(_ms_since(t))
        h, p = summarize(http_ms), summarize(inproc_ms)
        out["ratio"] = {"pairs": len(http_ms), "http_ms": h, "in_process_ms": p, "errors": errors,
                        "http_over_in_process_p50": round(h["p50"] / p["p50"], 3) if p.get("p50") else None,
                        "paired_median": _paired_ratio(http_ms, inproc_ms), "target": TARGETS["http_ratio"]}
        out["ratio"]["target_met"] = bool(out["ratio"]["http_over_in_process_p50"] is not None and
                                          out["ratio"]["http_over_in_process_p50"] <= TARGETS["http_ratio"])
        out["load"] = [_load(srv.base, questions, c, cfg.http_seconds, cfg.http_max_requests)
                       for c in cfg.http_concurrency]
        out["errors_total"] = errors + sum(x["errors"] for x in out["load"])
        out["rss_mb_after_load"] = srv.rss_mb()
        out["peak_rss_mb"] = _peak_rss_mb(srv.proc.pid)
    if cfg.cold_start_build:
        empty = work / "cold-index"
        shutil.rmtree(empty, ignore_errors=True)
        with Server(empty, work / "server-build.log", command="serve") as srv:
            out["cold_start_with_build_s"] = round(srv.wait_healthy(timeout=900), 2)
    return out
