"""/answer (GET and POST): the sentences that answer, verbatim and cited, or a plain "not covered"."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from tzqa.search.results import Answer

from ..deps import RetrieverDep, run
from ..schemas import DocParam, ErrorResponse, SearchRequest, SourceParam, TopicParam
from .search import ERRORS, K, Q

router = APIRouter(tags=["answer"])


@router.get("/answer", response_model=Answer, responses=ERRORS)
async def answer_get(retriever: RetrieverDep, q: Q, k: K = 10, topic: TopicParam | None = None,
                     source: SourceParam | None = None,
                     ref: Annotated[int | None, Query(ge=1)] = None,
                     doc: DocParam = None) -> Answer:
    """An extractive answer (1-4 sentences, or a list gathered across passages) with resolved references,
    the hits it came from, ``answerable``, ``confidence`` and a ``note`` when the corpus does not cover it."""
    return await run(retriever.answer, q, k, topic, source, ref, doc)


@router.post("/answer", response_model=Answer, responses={
    400: {"model": ErrorResponse, "description": "Body cannot be decoded (not UTF-8)"}, **ERRORS})
async def answer_post(retriever: RetrieverDep, body: SearchRequest) -> Answer:
    """Same as GET /answer, with a JSON body ``{"query": ..., "k": ...}``."""
    return await run(retriever.answer, body.query, body.k, body.topic, body.source, body.ref, body.doc)
