"""/documents, /documents/{id} and /documents/{id}/tables: what the index holds, each one's reference list and tables."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from ..deps import RetrieverDep
from ..schemas import DocumentDetail, DocumentSummary, DocumentTable, ErrorResponse

router = APIRouter(tags=["documents"])
DocId = Annotated[str, Path(max_length=120, description="A document id from GET /documents.")]
NOT_FOUND = {404: {"model": ErrorResponse, "description": "No such document"},
             422: {"model": ErrorResponse, "description": "Invalid document id"},
             503: {"model": ErrorResponse}}


@router.get("/documents", response_model=list[DocumentSummary], responses={503: {"model": ErrorResponse}})
def documents(retriever: RetrieverDep) -> list[DocumentSummary]:
    """Every document in the index, the bundled review first: id, kind, title, DOI, licence, passage count."""
    return retriever.documents()


@router.get("/documents/{doc_id}", response_model=DocumentDetail,
            responses={404: {"model": ErrorResponse, "description": "No such document"},
                       422: {"model": ErrorResponse, "description": "Invalid document id"},
                       503: {"model": ErrorResponse}})
def document(retriever: RetrieverDep,
             doc_id: Annotated[str, Path(max_length=120, description="A document id from GET /documents.")],
             ) -> DocumentDetail:
    """One document: its record, sections, what the reader noted, and its own reference list."""
    return retriever.document(doc=doc_id)


@router.get("/documents/{doc_id}/tables", response_model=list[DocumentTable], responses=NOT_FOUND)
def tables(retriever: RetrieverDep, doc_id: DocId) -> list[DocumentTable]:
    """Every table of one document as its reader read it: label, caption, columns, rows, each row's citations."""
    return retriever.tables(doc=doc_id)
