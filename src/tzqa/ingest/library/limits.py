"""Limits on what a user's file may be, and the error that says why one is refused.

One definition, shared by every reader, so a PDF, an XML file and a text file are held to the same rules.
"""
from __future__ import annotations

from tzqa.ingest.paper_text import MAX_FILE_BYTES, MAX_PAGES, MAX_TEXT_CHARS, PaperError

SUPPORTED_SUFFIXES = (".xml", ".nxml", ".pdf", ".txt", ".md")

__all__ = ["MAX_FILE_BYTES", "MAX_PAGES", "MAX_TEXT_CHARS", "SUPPORTED_SUFFIXES", "DocumentError"]


class DocumentError(PaperError):
    """A file or record that cannot become a library document; the message says why."""
