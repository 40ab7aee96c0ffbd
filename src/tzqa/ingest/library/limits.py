"""Limits on what a user's file may be, and the error that says why one is refused.

One definition, shared by every reader, so a PDF, an XML file and a text file are held to the same rules,
whether the file came through ``tzqa add`` or sits in ``corpus/references/``.
"""
from __future__ import annotations

from tzqa.errors import TzqaError

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 300
MAX_TEXT_CHARS = 5_000_000  # about 1500 pages of text; more is not one paper
SUPPORTED_SUFFIXES = (".xml", ".nxml", ".pdf", ".txt", ".md")

__all__ = ["MAX_FILE_BYTES", "MAX_PAGES", "MAX_TEXT_CHARS", "SUPPORTED_SUFFIXES", "DocumentError"]


class DocumentError(TzqaError, ValueError):
    """A file or record that cannot become a library document; the message says why."""
