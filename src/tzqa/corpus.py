"""Where the bundled corpus lives and how a review file (text or PDF) is loaded."""
from __future__ import annotations

import os
from pathlib import Path

from .models import Document
from .parser import parse_review

REVIEW_STEM = "trastuzumab-resistance-review"


def project_root() -> Path:
    """The checkout root (``src/tzqa/../..``), where ``corpus/`` and ``index/`` live."""
    return Path(__file__).resolve().parents[2]


def corpus_dir() -> Path:
    return Path(os.environ.get("TZQA_CORPUS", project_root() / "corpus"))


def review_path(directory: Path | None = None) -> Path:
    """The review in ``directory``: the ``.txt`` if present, else the ``.pdf``."""
    d = directory or corpus_dir()
    for ext in (".txt", ".pdf"):
        p = d / f"{REVIEW_STEM}{ext}"
        if p.exists():
            return p
    raise FileNotFoundError(f"no {REVIEW_STEM}.txt or .pdf in {d}")


def read_review_text(path: Path) -> str:
    """The review as corpus-format text; PDFs go through pypdf's layout extraction."""
    if path.suffix.lower() == ".pdf":
        from .pdf import pdf_to_text

        return pdf_to_text(path)
    return path.read_text(encoding="utf-8")


def load_review(path: Path | None = None) -> Document:
    return parse_review(read_review_text(path or review_path()))
