"""Adding a batch of documents and indexing them: store them all, then build the index once.

The one function here is what ``tzqa add`` runs, and what a notebook can call: storing is the ingest
stage's (:func:`tzqa.ingest.library.batch.store_many`), the build is this stage's, and doing one build
for the whole batch is the point — a build loads the embedding model (tens of seconds), so adding
100 papers one ``tzqa add`` at a time pays that 100 times.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tzqa.ingest.library.batch import BatchReport, Entry, store_many
from tzqa.ingest.library.records import Article

__all__ = ["BatchReport", "Entry", "add_many"]


def add_many(
    corpus: Path, sources: Sequence[str | Path], *, kind: str = "", doc_id: str | None = None,
    title: str | None = None, replace_existing: bool = False, build: bool = True, index_root: Path | None = None,
    progress: bool | None = None, client: Any = None, on_entry: Callable[[Entry], None] | None = None,
) -> BatchReport:
    """Store every document the sources hold, then rebuild the index once when ``build`` and anything was added.

    Arguments as :func:`~tzqa.ingest.library.batch.store_many`; ``index_root``: the index to rebuild
    (default: ``TZQA_INDEX`` or the checkout's ``index/``). The build's report is ``report.build``.
    """
    from tzqa.index import build as build_mod

    parsed: dict[str, Article] = {}  # each document parsed once: when stored, and the build takes it from here
    report = store_many(corpus, sources, kind=kind, doc_id=doc_id, title=title, replace_existing=replace_existing,
                        progress=progress, client=client, on_entry=on_entry, parsed=parsed)
    if build and report.added:
        show = progress if progress is not None else sys.stderr.isatty()
        report.build = build_mod.build_index(root=index_root, directory=corpus, progress=show, parsed=parsed)
        report.seconds += report.build.seconds
        report.entries = _with_passages(report.entries, report.build.folder)
    return report


def _with_passages(entries: list[Entry], folder: Path) -> list[Entry]:
    """Each added entry's passage count, as the build indexed it (the catalogue saved with the index)."""
    try:
        catalogue = json.loads((folder / "documents.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return entries
    return [replace(e, passages=(catalogue.get(e.id) or {}).get("passages", e.passages)) if e.status == "added"
            and isinstance(catalogue, dict) else e for e in entries]
