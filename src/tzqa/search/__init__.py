"""Stage 3, indexes -> answers: the retriever, fusion and ranking, the query's reading, highlights,
answerability, cited answers, evidence by reference, and the result types.

``from tzqa.search import Retriever, SearchConfig, QueryError`` keeps working (lazily re-exported).
"""
from __future__ import annotations

from typing import Any

_EXPORTS = ("Retriever", "SearchConfig", "QueryError", "UnknownReferenceError", "UnknownDocumentError",
           "MAX_K", "MAX_QUERY_CHARS", "top_k", "Explained")


def __getattr__(name: str) -> Any:
    # Only the public names: a submodule import (``from tzqa.search import x``) must not land here.
    if name not in _EXPORTS:
        raise AttributeError(name)
    from tzqa.search import retriever

    return getattr(retriever, name)
