"""The FastAPI app: load the index and model once at startup, mount the routers, map errors to JSON 4xx."""
from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi_offline import FastAPIOffline

from tzqa import __version__
from tzqa.domain import pack
from tzqa.search.retriever import QueryError, Retriever, UnknownDocumentError, UnknownReferenceError

from .reload import IndexWatcher
from .routes import answer, documents, meta, references, search

log = logging.getLogger("tzqa.api")


def create_app(retriever: Retriever | None = None, index_dir: Path | None = None,
               corpus: Path | None = None, watch: bool | None = None, watch_interval: float = 1.0) -> FastAPI:
    """An app serving ``retriever``, or the index on disk loaded (never built) at startup.

    A stale, corrupt or unloadable index is reported by /health and every endpoint as a 503
    with the reason; ``tzqa serve`` rebuilds before starting, the API never does. With
    ``watch`` (the default when serving from disk) a newly published index version is picked
    up within ``watch_interval`` seconds, without a restart (api/reload.py).
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from tzqa.index.build import index_root
        from tzqa.threads import serve_single_threaded

        serve_single_threaded()
        app.state.load_error = None
        if retriever is not None:
            app.state.retriever = retriever
        else:
            try:
                app.state.retriever = Retriever.load(index_dir, corpus, build=False)
            except Exception as exc:  # every load failure is a 503 with its reason, never a crash
                log.exception("index not loaded")
                app.state.retriever = None
                app.state.load_error = f"index not loaded: {exc}"
        async with anyio.create_task_group() as tg:
            if watch if watch is not None else retriever is None:
                root = index_dir or (retriever.index.root if retriever is not None else None) or index_root()
                app.state.watcher = IndexWatcher(app, Path(root), corpus, watch_interval)
                tg.start_soon(app.state.watcher.run)
            yield
            tg.cancel_scope.cancel()

    # FastAPIOffline: /docs and /redoc serve Swagger UI and ReDoc from the installed package, not a CDN.
    app = FastAPIOffline(title="tzqa", version=__version__, lifespan=lifespan,
                         description=f"Cited passages on {pack.load('pack.json')['title']}: a review, the papers "
                                     "it cites and a library of added documents.")

    @app.middleware("http")
    async def request_id(request: Request, call_next):  # type: ignore[no-untyped-def]
        request.state.request_id = uuid.uuid4().hex[:12]
        response = await call_next(request)
        response.headers["X-Request-ID"] = request.state.request_id
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        rid = getattr(request.state, "request_id", None) or uuid.uuid4().hex[:12]
        log.error("request %s %s %s failed", rid, request.method, request.url.path, exc_info=exc)
        return JSONResponse({"detail": f"internal error (request id {rid}); it has been logged",
                             "request_id": rid}, status_code=500, headers={"X-Request-ID": rid})

    @app.exception_handler(UnknownReferenceError)
    async def unknown_ref(request: Request, exc: UnknownReferenceError) -> JSONResponse:
        status = 404 if request.url.path.startswith("/references/") else 422
        return JSONResponse({"detail": str(exc)}, status_code=status)

    @app.exception_handler(UnknownDocumentError)
    async def unknown_doc(request: Request, exc: UnknownDocumentError) -> JSONResponse:
        status = 404 if request.url.path.startswith("/documents/") else 422
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
    app.include_router(documents.router)
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
