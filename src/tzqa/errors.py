"""Errors a caller can act on, in a leaf module every stage may import (no cycles through search)."""
from __future__ import annotations


class QueryError(ValueError):
    """The query or a filter is invalid; the message says which and why."""


class UnknownReferenceError(QueryError):
    """A reference number that is not in the review's list."""


class UnknownDocumentError(QueryError):
    """A document id that is not in the index."""
