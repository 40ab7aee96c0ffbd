"""Where the bundled corpus lives and how its review file (text or PDF) is read.

The review is read like any library document: by the reader the domain pack names for its format
(``review.json``: ``reader``), into an :class:`~tzqa.ingest.library.records.Article`.
"""
from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING

from tzqa.domain import pack
from tzqa.ingest.parser import parse_review
from tzqa.models import Document
from tzqa.paths import corpus_dir, project_root  # noqa: F401  (re-exported: callers ask corpus for them)

if TYPE_CHECKING:
    from tzqa.ingest.library.records import Article

# Readers a pack may name for its bundled review, by format: module with ``read(path, data) -> Article``.
READERS = {"numbered-text": "tzqa.ingest.library.numbered"}


def review_stem() -> str:
    """The bundled review's file name without extension (the domain pack's review.json)."""
    return str(pack.load("review.json")["file_stem"])


def review_path(directory: Path | None = None) -> Path:
    """The review in ``directory``: the ``.txt`` if present, else the ``.pdf``."""
    d = directory or corpus_dir()
    stem = review_stem()
    for ext in (".txt", ".pdf"):
        p = d / f"{stem}{ext}"
        if p.exists():
            return p
    raise FileNotFoundError(f"no {stem}.txt or .pdf in {d}")


def read_review_text(path: Path) -> str:
    """The review as corpus-format text; PDFs go through pypdf's layout extraction."""
    if path.suffix.lower() == ".pdf":
        from tzqa.ingest.pdf import pdf_to_text

        return pdf_to_text(path)
    return path.read_text(encoding="utf-8")


def load_review(path: Path | None = None) -> Document:
    """The review as the numbered-text parser's :class:`Document` (its section tree and table, for counts)."""
    return parse_review(read_review_text(path or review_path()))


def read_bundled(path: Path | None = None, data: bytes | None = None) -> Article:
    """The bundled review as an Article, read by the reader its pack names (``data``: its bytes, if read)."""
    fmt = str(pack.load("review.json").get("reader", "numbered-text"))
    if fmt not in READERS:
        raise ValueError(f"the domain pack names an unknown reader {fmt!r} (known: {', '.join(READERS)})")
    return importlib.import_module(READERS[fmt]).read(path or review_path(), data)  # type: ignore[no-any-return]
