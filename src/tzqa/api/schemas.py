"""Request models and error shapes of the HTTP API (responses reuse :mod:`tzqa.search.results`)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, field_validator

from tzqa.search.lookups import (
    BiomarkerRow,
    CitingPassage,
    DocumentDetail,
    DocumentSummary,
    DocumentTable,
    Health,
    ReferenceDetail,
    ReferenceEntry,
)
from tzqa.search.retriever import MAX_K, MAX_QUERY_CHARS

TopicParam = Literal["mechanism", "biomarker", "agent", "background"]
SourceParam = Literal["review", "reference", "paper"]
DOC_DESCRIPTION = "Only passages of this document (an id from GET /documents; the bundled review is `review`)."
DocParam = Annotated[str | None, Query(min_length=1, max_length=120, description=DOC_DESCRIPTION)]


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, description="A question in your own words.")
    # strict: a JSON body says what it means; "5" or true for k is an error, not a silent 5 or 1.
    k: int = Field(10, ge=1, le=MAX_K, strict=True, description="How many passages (1-50).")
    topic: TopicParam | None = None
    source: SourceParam | None = None
    ref: int | None = Field(None, ge=1, strict=True, description="Only passages citing (or from) this reference number.")
    doc: str | None = Field(None, min_length=1, max_length=120, description=DOC_DESCRIPTION)

    @field_validator("query")
    @classmethod
    def not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("query is blank")
        return v


class ErrorResponse(BaseModel):
    detail: str


# The lookups' response models are the retriever's own results (one definition for Python and HTTP).
__all__ = ["BiomarkerRow", "CitingPassage", "DocumentDetail", "DocumentSummary", "DocumentTable", "ErrorResponse", "Health",
           "ReferenceDetail", "ReferenceEntry", "SearchRequest"]
