"""Hot reload: the service notices a newly published index version and swaps the whole retriever.

Why polling: a build in another process publishes a version by replacing the ``current`` symlink;
one ``readlink`` a second costs nothing and needs no cross-process signalling. The new version is
loaded (and verified) in a worker thread while the old one keeps serving; the swap is one
assignment, so a request holds the retriever it started with until it finishes. A version that
fails to load is refused, logged, and not retried (versions are immutable); the old one serves on.
"""
from __future__ import annotations

import logging
from pathlib import Path

import anyio
from fastapi import FastAPI

from tzqa.index.store import current_version, drop_lease

log = logging.getLogger("tzqa.reload")
POLL_SECONDS = 1.0


class IndexWatcher:
    def __init__(self, app: FastAPI, root: Path, corpus: Path | None, interval: float = POLL_SECONDS) -> None:
        self.app, self.root, self.corpus, self.interval = app, root, corpus, interval
        self.refused: dict[str, str] = {}

    def _serving(self) -> str | None:
        r = getattr(self.app.state, "retriever", None)
        return r.index.version if r is not None else None

    async def run(self) -> None:
        while True:
            await anyio.sleep(self.interval)
            try:
                await self.check()
            except Exception:  # the watcher must never die; the next tick tries again
                log.exception("index watcher failed")

    async def check(self) -> bool:
        """Load and swap in a new version if there is one; True when a swap happened."""
        version = current_version(self.root)
        if version is None or version == self._serving() or version in self.refused:
            return False
        from tzqa.search.retriever import Retriever

        try:
            new = await anyio.to_thread.run_sync(lambda: Retriever.load(self.root, self.corpus, build=False))
        except Exception as exc:
            self.refused[version] = str(exc)
            self.app.state.reload_error = f"index version {version} refused: {exc}"
            log.error("refusing index version %s, still serving %s: %s", version, self._serving(), exc)
            return False
        old = getattr(self.app.state, "retriever", None)
        self.app.state.retriever = new          # one assignment: in-flight requests keep the old object
        self.app.state.load_error = None
        self.app.state.reload_error = None
        log.info("serving index version %s (built %s)", new.index.version, new.index.manifest.get("built_at"))
        if old is not None:
            drop_lease(old.index.lease)
        return True
