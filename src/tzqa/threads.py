"""How many CPUs this process may really use, and thread settings scoped to where work runs.

Why: ``os.cpu_count()`` counts the machine, not the CPUs a container quota or an affinity
mask leaves us; and ``faiss.omp_set_num_threads`` applies to the calling thread only, so it
must be set in each worker thread that searches, not once at start-up. Settings are restored
afterwards so a notebook that builds a ``Retriever`` keeps its own torch and FAISS settings.
"""
from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["available_cpus", "faiss_threads", "scoped", "serve_single_threaded"]


def available_cpus() -> int:
    """CPUs this process may use: the affinity mask, capped by a cgroup v2/v1 CPU quota."""
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    quota = _cgroup_quota()
    if quota is not None:
        n = min(n, max(1, math.ceil(quota)))
    return max(1, n)


def _cgroup_quota() -> float | None:
    try:
        text = Path("/sys/fs/cgroup/cpu.max").read_text().split()
        if text and text[0] != "max":
            return int(text[0]) / int(text[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        q = int(Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us").read_text())
        p = int(Path("/sys/fs/cgroup/cpu/cpu.cfs_period_us").read_text())
        if q > 0 and p > 0:
            return q / p
    except (OSError, ValueError):
        pass
    return None


@contextmanager
def scoped(get: Callable[[], int], set_: Callable[[int], None], n: int) -> Iterator[None]:
    """Set a thread count (at least 1) for the block and restore the previous one after it."""
    old = get()
    set_(max(1, n))
    try:
        yield
    finally:
        set_(old)


def faiss_threads(n: int = 1):  # type: ignore[no-untyped-def]
    """FAISS's OpenMP threads for the calling thread, restored on exit (queries: 1)."""
    import faiss

    return scoped(faiss.omp_get_max_threads, faiss.omp_set_num_threads, n)


def serve_single_threaded() -> None:
    """The service's choice, made once in the server process: one torch thread per query.

    With one query per core (api.deps) more intra-op threads only contend. A notebook never
    calls this, so its torch settings stay its own.
    """
    import sys

    torch = sys.modules.get("torch")  # the ONNX serving path never imports torch; then there is nothing to set
    if torch is not None:
        torch.set_num_threads(1)
