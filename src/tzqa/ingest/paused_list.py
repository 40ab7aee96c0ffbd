"""A reference list that back matter interrupts and that goes on after it: where the list resumes.

Some two-column layouts set the back-matter boxes ("Conflict of interest", "Publisher's note") at the top of a
column in the middle of the reference list, so reading column by column meets the list's first entries, the
boxes, then the rest of the list. The boxes' headings end the list, as they do after a last entry, and every
entry after them was lost (22 of 35 in a two-column author–year paper). Here a paragraph after such a box
resumes the list when it opens the way the list's own first entry opens ("Surname, I. I., … (2020).",
"Surname AB, …", "12. …") and, for names, holds a year soon after them; prose in a box ("The authors declare
…") opens with no surname and initials.
"""
from __future__ import annotations

import re

from tzqa.ingest.library.refshapes import PARTICLES, UPPER

_SURNAME = rf"{PARTICLES}[{UPPER}][\w'’\-‐‑]+(?:[\s\-‐‑][{UPPER}][\w'’\-‐‑]+)?"
# How an entry opens, one pattern per way lists print it: "Smith, J. A., …", "Smith, John. 2020.", "Smith JA, …",
# "12. …" / "[12] …"
_OPENINGS = {
    "surname, initials": re.compile(rf"{_SURNAME},\s+(?:[{UPPER}]\.\s?-?){{1,3}}"),
    "surname, given name": re.compile(rf"{_SURNAME},\s+[{UPPER}][a-z]+"),
    "surname initials": re.compile(rf"{_SURNAME}\s+[{UPPER}]{{1,3}}[,.]\s"),
    "number": re.compile(r"(?:\[\d{1,3}\]|\d{1,3}\.)\s+\S"),
}
_YEAR = re.compile(r"\b(?:19|20)\d\d[a-z]?\b")
_NEAR = 300  # characters: an entry prints its year after its authors, within a few lines


def opening(text: str) -> str | None:
    """The way ``text`` opens as a reference entry (a key of ``_OPENINGS``), or None when it opens as no entry
    does. An opening by names counts only with a year after it."""
    for name, pattern in _OPENINGS.items():
        m = pattern.match(text)
        if m and (name == "number" or _YEAR.search(text, m.end(), m.end() + _NEAR)):
            return name
    return None


def resumes(paragraph: str, first_entry: str) -> bool:
    """Whether ``paragraph``, read after back matter that interrupted a list, carries the list on: it opens as the
    list's first entry (``first_entry``, the list's first paragraph) does."""
    shape = opening(paragraph)
    return shape is not None and shape == opening(first_entry)
