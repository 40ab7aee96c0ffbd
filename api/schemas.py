"""Request models and error shapes of the HTTP API (responses reuse :mod:`tzqa.results`)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tzqa.search import MAX_K, MAX_QUERY_CHARS

TopicParam = Literal["mechanism", "biomarker", "agent", "background"]
SourceParam = Literal["review", "reference"]


class SearchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(..., min_length=1, max_length=MAX_QUERY_CHARS, description="A question in your own words.")
    # strict: a JSON body says what it means; "5" or true for k is an error, not a silent 5 or 1.
    k: int = Field(10, ge=1, le=MAX_K, strict=True, description="How many passages (1-50).")
    topic: TopicParam | None = None
    source: SourceParam | None = None
    ref: int | None = Field(None, ge=1, strict=True, description="Only passages citing (or from) this reference number.")

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
