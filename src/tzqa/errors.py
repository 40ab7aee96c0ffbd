"""Errors a caller can act on, in a leaf module every stage may import (no cycles through search).

Every error tzqa raises on purpose is a :class:`TzqaError`, so a caller can catch "tzqa said no" in
one clause; each also keeps the built-in base it always had (``ValueError``, ``RuntimeError``…), so
code written against those still works.
"""
from __future__ import annotations


class TzqaError(Exception):
    """Base of every error tzqa raises on purpose; the message says what went wrong and what to do."""


class QueryError(TzqaError, ValueError):
    """The query or a filter is invalid; the message says which and why."""


class UnknownReferenceError(QueryError):
    """A reference number that is not in the review's list."""


class UnknownDocumentError(QueryError):
    """A document id that is not in the index."""
