"""Stage 2, passages -> indexes: the versioned store, dense (FAISS) and lexical (BM25) indexes, the
embedding model and its ONNX query encoder, tokens and synonyms. ``build`` ties them together.

``from tzqa.index import build_index, load_index, ensure_index`` keeps working (lazily re-exported).
"""
from __future__ import annotations

from typing import Any

_EXPORTS = ("build_index", "load_index", "ensure_index", "LoadedIndex", "BuildReport", "check_fresh",
           "collect_passages", "pipeline_fingerprint", "corpus_fingerprint", "index_root")


def __getattr__(name: str) -> Any:
    # Only the public names: a submodule import (``from tzqa.index import x``) must not land here.
    if name not in _EXPORTS:
        raise AttributeError(name)
    from tzqa.index import build

    return getattr(build, name)
