"""tzqa: ranked, cited passages from a review, the papers it cites and a library of added documents.

Notebook use::

    from tzqa import Retriever
    r = Retriever.load()                 # builds index/ first if missing or stale
    r.search("What drives resistance to the antibody?").to_frame()
"""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Any

from tzqa.errors import TzqaError

try:
    __version__ = version("tzqa")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["Retriever", "SearchConfig", "TzqaError", "__version__", "load_review"]


def __getattr__(name: str) -> Any:
    # Lazy, so `tzqa --help` and the parser do not pay for numpy/FAISS imports.
    if name in ("Retriever", "SearchConfig"):
        from tzqa.search import retriever

        return getattr(retriever, name)
    if name == "load_review":
        from tzqa.ingest.corpus import load_review

        return load_review
    raise AttributeError(name)
