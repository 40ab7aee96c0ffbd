"""Request models and error shapes of the HTTP API (responses reuse :mod:`tzqa.search.results`)."""
from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field, field_validator

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


class Health(BaseModel):
    status: str
    passages: int
    references: int
    documents: int = 1
    model: str
    index_built: str
    index_version: str = ""
    corpus: str = ""


class CitingPassage(BaseModel):
    passage_id: str
    section: str
    text: str


class ReferenceEntry(BaseModel):
    number: int
    citation: str
    doi: str | None = None
    doi_url: str | None = None
    authors: list[str]
    title: str
    journal: str
    year: int | None = None
    volume_pages: str = ""


class ReferenceDetail(ReferenceEntry):
    cited_by: list[CitingPassage]


class BiomarkerRow(BaseModel):
    biomarker: str
    biomarker_original: str
    mechanism: str
    resistance: str
    correlation: str
    author: str
    refs: list[int]
    references: list[dict]


class DocumentSummary(BaseModel):
    """A document in the index. ``references`` numbers in hits of this document resolve in its own list."""

    id: str
    kind: str
    title: str
    authors: list[str] = []
    year: int | None = None
    journal: str = ""
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    licence: str | None = None
    source_file: str = ""
    origin: str = ""
    source_url: str | None = None
    retrieved: str | None = None
    cited_as: int | None = Field(None, description="Its number in the bundled review's reference list, if cited there.")
    passages: int
    reference_count: int = 0
    tables: int = 0


class DocumentDetail(DocumentSummary):
    sections: list[str] = []
    notes: list[str] = []
    references: list[ReferenceEntry] = []
