"""tzqa: ranked, cited passages on trastuzumab resistance in HER2-positive breast cancer.

Notebook use::

    from tzqa import Retriever
    r = Retriever.load()                 # builds index/ first if missing or stale
    r.search("What drives p95HER2 resistance?").to_frame()
"""
from __future__ import annotations

from typing import Any

__all__ = ["Retriever", "SearchConfig", "load_review"]


def __getattr__(name: str) -> Any:
    # Lazy, so `tzqa --help` and the parser do not pay for numpy/FAISS imports.
    if name in ("Retriever", "SearchConfig"):
        from tzqa.search import retriever

        return getattr(retriever, name)
    if name == "load_review":
        from tzqa.ingest.corpus import load_review

        return load_review
    raise AttributeError(name)
