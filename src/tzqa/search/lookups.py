"""Typed results of the retriever's lookups: references, documents, their tables, Table 1 rows, health.

Why models, not dicts: a notebook gets attribute access, validation and a schema, and the HTTP API
serves these same models (``tzqa.api.schemas`` re-exports them), so the two cannot drift. Each model
still answers ``r["doi"]`` and ``r.get("doi")``, as the dicts it replaces did, so code written
against them keeps working.
"""
from __future__ import annotations

from pydantic import Field, model_validator

from tzqa.search.results import ReferenceInfo, _DictAccess


class Health(_DictAccess):
    status: str
    passages: int
    references: int
    documents: int = 1
    model: str
    index_built: str
    index_version: str = ""
    corpus: str = ""
    # the id of the document whose reference list the plain numbers belong to (the pack names it)
    primary_document: str = "review"


class CitingPassage(_DictAccess):
    passage_id: str
    section: str
    text: str


class ReferenceEntry(_DictAccess):
    number: int
    citation: str
    doi: str | None = None
    doi_url: str | None = None
    authors: list[str]
    title: str
    journal: str
    year: int | None = None
    volume_pages: str = ""

    @model_validator(mode="after")
    def _doi_url(self) -> ReferenceEntry:
        if self.doi and not self.doi_url:
            self.doi_url = f"https://doi.org/{self.doi}"
        return self


class ReferenceDetail(ReferenceEntry):
    cited_by: list[CitingPassage]


class BiomarkerRow(_DictAccess):
    biomarker: str
    biomarker_original: str
    mechanism: str
    resistance: str
    correlation: str
    author: str
    refs: list[int]
    references: list[ReferenceInfo]


class DocumentTable(_DictAccess):
    """One table of a document, as its reader read it (``GET /documents/{id}/tables``)."""

    label: str = Field(description='The table\'s label as printed ("Table 1").')
    caption: str = ""
    columns: list[str] = []
    rows: list[list[str]] = Field([], description="Cells of each row, cleaned as the passages hold them.")
    citations: list[list[int]] = Field([], description="Reference numbers each row cites, in the document's own "
                                                       "list (GET /documents/{id}).")
    source_rows: list[list[str]] = Field([], description="Cells as extracted, where the reader kept them (display).")


class DocumentSummary(_DictAccess):
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
