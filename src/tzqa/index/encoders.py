"""Which encoder serves queries: torch (sentence-transformers) or the same model in ONNX Runtime.

A module of its own so the dependencies run one way: ``embedding`` (the model, shared types) <-
``onnx_encoder`` (the export) <- ``encoders`` (the choice). Nothing imports back.
"""
from __future__ import annotations

from functools import lru_cache

from tzqa.index.embedding import Embedder, ModelLoadError, _load_torch_embedder

ENCODERS = ("torch", "onnx", "onnx-int8")


@lru_cache(maxsize=4)
def load_embedder(model: str | None = None, encoder: str | None = None) -> Embedder:
    """Load once per process; raises :class:`ModelLoadError` with the reason.

    ``encoder`` (else ``TZQA_ENCODER``) picks what encodes *queries*: ``onnx`` (the default: the
    same model exported to ONNX Runtime, cached under ``<index root>/onnx-cache`` or
    ``TZQA_ONNX_CACHE``; same vectors, about 2x faster, and torch is not even imported once the
    export exists), ``torch`` (sentence-transformers) or ``onnx-int8`` (quantised; faster, not
    exact). Index builds always encode with torch, so the index is the same whichever serves.
    """
    from tzqa.settings import settings

    kind = (encoder or settings().encoder or "onnx").strip().lower()
    if kind == "torch":
        return _load_torch_embedder(model)
    if kind not in ENCODERS:
        raise ModelLoadError(f"unknown encoder {kind!r} (TZQA_ENCODER); use one of {', '.join(ENCODERS)}")
    from tzqa.index.onnx_encoder import onnx_query_embedder

    return onnx_query_embedder(model, "int8" if kind == "onnx-int8" else "fp32")
