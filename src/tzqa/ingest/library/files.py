"""A user's PDF or text file -> its pages of text, or a refusal that says why.

The checks every reader of PDF, text and Markdown needs before any cleaning: a PDF must be one (header),
readable, unencrypted, within the page limit and with a text layer; a text file must be UTF-8 text, not
binary data. A refusal is a :class:`~.limits.DocumentError`, so ``tzqa add`` and the build report it.
"""
from __future__ import annotations

import logging
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tzqa.ingest.library.limits import MAX_PAGES, DocumentError


def read_pages(path: Path) -> list[str]:
    """The file's pages of text: a PDF's laid out page by page, a text file split at form feeds."""
    if path.suffix.lower() == ".pdf":
        return pdf_pages(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"cannot be read ({exc.strerror or exc})") from exc
    return decode_text(data).split("\f")


def pdf_pages(path: Path) -> list[str]:
    """A PDF's pages of text, laid out from character positions; refused when it is not a usable PDF."""
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise DocumentError("not a PDF (no %PDF header)")
    with _quiet_pypdf():
        return _read_pdf(path)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf and pdfminer log their repairs of broken files; the report on the file says what matters."""
    logs = [logging.getLogger(name) for name in ("pypdf", "pdfminer")]
    levels = [log.level for log in logs]
    for log in logs:
        log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for log, level in zip(logs, levels, strict=True):
            log.setLevel(level)


def _read_pdf(path: Path) -> list[str]:
    """Checked with pypdf (readable, not encrypted, page limit); the text laid out by :mod:`.pdf_layout`."""
    import pypdf

    from tzqa.ingest.pdf_layout import layout_pages

    try:
        reader = pypdf.PdfReader(str(path))
        encrypted = reader.is_encrypted
        n = len(reader.pages) if not encrypted else 0
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise DocumentError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    if encrypted:
        raise DocumentError("PDF is encrypted")
    if n > MAX_PAGES:
        raise DocumentError(f"too many pages ({n}; the limit is {MAX_PAGES})")
    try:
        pages = layout_pages(path)
    except Exception as exc:  # a page pdfminer cannot lay out
        raise DocumentError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not any(p.strip() for p in pages):
        raise DocumentError("PDF has no text layer (scanned image?)")
    return pages


def decode_text(data: bytes) -> str:
    """A text file's bytes as text with "\\n" line ends; refused when they are not UTF-8 text."""
    if b"\x00" in data or data.startswith(b"%PDF-"):
        raise DocumentError("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    control = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if control > max(5, len(text) // 100):
        raise DocumentError("binary data, not text (control characters)")
    if not text.strip():
        raise DocumentError("empty file (whitespace only)")
    return text.replace("\r\n", "\n").replace("\r", "\n")
