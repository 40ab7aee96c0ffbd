"""Where the bundled corpus lives and how a review file (text or PDF) is loaded."""
from __future__ import annotations

from pathlib import Path

from tzqa.domain import pack
from tzqa.ingest.parser import parse_review
from tzqa.models import Document
from tzqa.paths import corpus_dir, project_root  # noqa: F401  (re-exported: callers ask corpus for them)


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
    return parse_review(read_review_text(path or review_path()))
