"""/search (GET and POST) and /evidence."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tzqa.search.results import EvidenceResults, SearchResults
from tzqa.search.retriever import MAX_K, MAX_QUERY_CHARS

from ..deps import RetrieverDep, run
from ..schemas import DocParam, ErrorResponse, SearchRequest, SourceParam, TopicParam

router = APIRouter(tags=["search"])
ERRORS = {422: {"model": ErrorResponse, "description": "Invalid query or filter"},
          503: {"model": ErrorResponse, "description": "Index not loaded (stale or corrupt)"}}

Q = Annotated[str, Query(min_length=1, max_length=MAX_QUERY_CHARS, description="A question in your own words.")]
K = Annotated[int, Query(ge=1, le=MAX_K, description="How many results (1-50).")]


@router.get("/search", response_model=SearchResults, responses=ERRORS)
async def search_get(retriever: RetrieverDep, q: Q, k: K = 10, topic: TopicParam | None = None,
                     source: SourceParam | None = None,
                     ref: Annotated[int | None, Query(ge=1)] = None,
                     doc: DocParam = None) -> SearchResults:
    """Ranked passages with highlight, section, topic, source and resolved references."""
    return await run(retriever.search, q, k, topic, source, ref, doc)


@router.post("/search", response_model=SearchResults, responses={
    400: {"model": ErrorResponse, "description": "Body cannot be decoded (not UTF-8)"}, **ERRORS})
async def search_post(retriever: RetrieverDep, body: SearchRequest) -> SearchResults:
    """Same as GET /search, with a JSON body."""
    return await run(retriever.search, body.query, body.k, body.topic, body.source, body.ref, body.doc)


@router.get("/evidence", response_model=EvidenceResults, responses=ERRORS)
async def evidence(retriever: RetrieverDep, q: Q, k: K = 10, topic: TopicParam | None = None,
                   doc: DocParam = None,
                   ) -> EvidenceResults:
    """Cited references ranked by the support the top passages give them, with the supporting sentences
    (the review's list, or with ``doc`` that document's own list)."""
    return await run(retriever.evidence, q, k, 10, topic, doc)
