"""The FastAPI app: load the index and model once at startup, mount the routers, map errors to JSON 4xx."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from tzqa.search import QueryError, Retriever, UnknownReferenceError

from .routes import answer, meta, references, search


def create_app(retriever: Retriever | None = None, index_dir: Path | None = None,
               corpus: Path | None = None) -> FastAPI:
    """An app serving ``retriever``, or the index on disk loaded (never built) at startup.

    A stale or corrupt index is reported by /health and every endpoint as a 503
    with the reason; ``tzqa serve`` rebuilds before starting, the API never does.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if retriever is not None:
            app.state.retriever = retriever
        else:
            from tzqa.embedding import ModelLoadError
            from tzqa.store import IndexError_

            try:
                app.state.retriever = Retriever.load(index_dir, corpus, build=False)
            except (IndexError_, ModelLoadError, FileNotFoundError) as exc:
                app.state.retriever = None
                app.state.load_error = str(exc)
        yield

    app = FastAPI(title="tzqa", version="0.1.0", lifespan=lifespan,
                  description="Cited passages on trastuzumab resistance in HER2-positive breast cancer.")

    @app.exception_handler(UnknownReferenceError)
    async def unknown_ref(request: Request, exc: UnknownReferenceError) -> JSONResponse:
        status = 404 if request.url.path.startswith("/references/") else 422
        return JSONResponse({"detail": str(exc)}, status_code=status)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        msgs = "; ".join(_describe(e) for e in errors)
        return JSONResponse({"detail": msgs or "invalid request",
                             "errors": [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in errors]},
                            status_code=422)

    app.include_router(meta.router)
    app.include_router(search.router)
    app.include_router(answer.router)
    app.include_router(references.router)
    return app


def _describe(error: dict) -> str:
    """One validation error as "where: what" (the body's JSON decode error says where it broke)."""
    loc = tuple(error.get("loc", ()))
    if error.get("type") == "json_invalid":
        where = f" at character {loc[-1]}" if loc and isinstance(loc[-1], int) else ""
        reason = (error.get("ctx") or {}).get("error") or error.get("msg")
        return f"request body is not valid JSON: {reason}{where}"
    where = ".".join(str(x) for x in loc if x != "body") or ("request body" if loc[:1] == ("body",) else "request")
    return f"{where}: {error.get('msg')}"


app = create_app()
