"""tzqa: ranked, cited passages from a review, the papers it cites and a library of added documents.

Notebook use::

    from tzqa import Retriever
    r = Retriever.load()                 # builds index/ first if missing or stale
    r.search("What drives resistance to the antibody?").to_frame()
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
