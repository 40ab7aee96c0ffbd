"""/references, /references/{n} and /biomarkers (Table 1)."""
from __future__ import annotations

from fastapi import APIRouter, Path

from ..deps import RetrieverDep
from ..schemas import BiomarkerRow, ErrorResponse, ReferenceDetail, ReferenceEntry

router = APIRouter(tags=["references"])
UNAVAILABLE = {503: {"model": ErrorResponse, "description": "Index not loaded (stale or corrupt)"}}


@router.get("/references", response_model=list[ReferenceEntry], responses=UNAVAILABLE)
def all_references(retriever: RetrieverDep) -> list[ReferenceEntry]:
    """Every entry of the review's reference list."""
    return retriever.references()


@router.get("/references/{n}", response_model=ReferenceDetail,
            responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, **UNAVAILABLE})
def one_reference(retriever: RetrieverDep,
                  n: int = Path(..., description="Reference number (1-60).")) -> ReferenceDetail:
    """One entry with the passages that cite it; 404 for a number not in the list."""
    return retriever.reference(n=n)


@router.get("/biomarkers", response_model=list[BiomarkerRow], responses=UNAVAILABLE)
def biomarkers(retriever: RetrieverDep) -> list[BiomarkerRow]:
    """Table 1 of the review as structured rows with resolved references."""
    return retriever.biomarkers()

