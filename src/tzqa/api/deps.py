"""Shared dependencies: the one retriever loaded at startup, and a limit on concurrent compute."""
from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, HTTPException, Request

from tzqa.search.retriever import Retriever
from tzqa.threads import available_cpus

T = TypeVar("T")
# One query at a time per core: more would only make each one slower (torch, FAISS, BM25 are CPU-bound).
_LIMITER = anyio.CapacityLimiter(available_cpus())


def get_retriever(request: Request) -> Retriever:
    retriever = getattr(request.app.state, "retriever", None)
    if retriever is None:
        raise HTTPException(status_code=503, detail=getattr(request.app.state, "load_error", None) or "index not loaded")
    return retriever


RetrieverDep = Annotated[Retriever, Depends(get_retriever)]


async def run(fn: Callable[..., T], *args: object) -> T:
    """Run CPU-bound work in a worker thread, at most one per core at a time."""
    return await anyio.to_thread.run_sync(lambda: fn(*args), limiter=_LIMITER)
