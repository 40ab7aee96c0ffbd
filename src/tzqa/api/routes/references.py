"""/references, /references/{n} and /biomarkers (Table 1)."""
from __future__ import annotations

from fastapi import APIRouter, Path

from ..deps import RetrieverDep
from ..schemas import BiomarkerRow, ErrorResponse, ReferenceDetail, ReferenceEntry

router = APIRouter(tags=["references"])
UNAVAILABLE = {503: {"model": ErrorResponse, "description": "Index not loaded (stale or corrupt)"}}


@router.get("/references", response_model=list[ReferenceEntry], responses=UNAVAILABLE)
def all_references(retriever: RetrieverDep) -> list[dict]:
    """Every entry of the review's reference list."""
    return [_with_doi_url(r) for r in retriever.references()]


@router.get("/references/{n}", response_model=ReferenceDetail,
            responses={404: {"model": ErrorResponse}, 422: {"model": ErrorResponse}, **UNAVAILABLE})
def one_reference(retriever: RetrieverDep, n: int = Path(..., description="Reference number (1-60).")) -> dict:
    """One entry with the passages that cite it; 404 for a number not in the list."""
    return _with_doi_url(retriever.reference(n))


@router.get("/biomarkers", response_model=list[BiomarkerRow], responses=UNAVAILABLE)
def biomarkers(retriever: RetrieverDep) -> list[dict]:
    """Table 1 of the review as structured rows with resolved references."""
    return retriever.biomarkers()


def _with_doi_url(entry: dict) -> dict:
    """``Reference.to_dict`` has no ``doi_url`` (a property); fill in the field the schema promises."""
    if not entry.get("doi_url") and entry.get("doi"):
        entry = dict(entry, doi_url=f"https://doi.org/{entry['doi']}")
    return entry
