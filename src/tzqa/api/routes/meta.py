"""/health and the search page at /."""
from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from ..deps import RetrieverDep
from ..schemas import ErrorResponse, Health

router = APIRouter()
PAGE = Path(__file__).resolve().parents[1] / "static" / "index.html"


@router.get("/health", response_model=Health, tags=["meta"], responses={503: {"model": ErrorResponse}})
def health(retriever: RetrieverDep) -> Health:
    """Service status, index size and the model that built it; 503 when the index is stale or corrupt."""
    return retriever.health()


@router.get("/", include_in_schema=False)
def page() -> FileResponse:
    return FileResponse(PAGE, media_type="text/html")
