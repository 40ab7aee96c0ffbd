"""A numbered reference list in plain text (from a PDF or a text file) -> :class:`~tzqa.models.Reference` entries.

Entries are found by their numbers running in sequence (``1.``, ``[2]``, ``3)``): the text between
number *n* and number *n + 1* is entry *n*, wherever the layout broke its lines. Fields are read the
way Vancouver-style lists print them — authors, title, journal, year, volume/pages, DOI — and every
entry keeps its raw text, so a style this does not read still shows and still resolves by number.
"""
from __future__ import annotations

import re

from tzqa.models import Reference

_START = r"(?:(?:(?<=\s)|^)(?:\[{n}\]|{n}[.)])\s+|^{n}\s+(?=[A-Z]))"
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_YEAR = re.compile(r"\b((?:19|20)\d\d)[a-z]?\b")
_INITIALS = re.compile(r"^[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)* [A-Z]{1,3}$|^[A-Z]\.(?: ?[A-Z]\.)* [A-Z][\w'’\-]+$"
                       r"|^[A-Z][\w'’\-]+, [A-Z]\.(?: ?[A-Z]\.)*$")


def split_entries(text: str, first: int = 1) -> list[tuple[int, str]]:
    """(number, text) of each entry of a numbered list; numbering must run on without gaps."""
    out: list[tuple[int, str]] = []
    n = first
    m = re.compile(_START.format(n=n), re.M).search(text)
    if m is None:
        return []
    pos = m.end()
    while True:
        nxt = re.compile(_START.format(n=n + 1), re.M).search(text, pos)
        end = nxt.start() if nxt else len(text)
        out.append((n, re.sub(r"\s+", " ", text[pos:end]).strip()))
        if nxt is None:
            break
        n, pos = n + 1, nxt.end()
    return out


def parse_reference(number: int, raw: str) -> Reference:
    """Best-effort fields of one entry; ``raw`` is kept whole."""
    raw = re.sub(r"\s+", " ", raw).strip()
    doi = None
    body = raw
    dm = _DOI.search(raw)
    if dm:
        doi = dm.group(1).rstrip(".,;)")
        body = (raw[:dm.start()] + raw[dm.end():]).strip()
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9\"“])", body) if s.strip()]
    authors: tuple[str, ...] = ()
    et_al = False
    if sentences:
        names = [a.strip() for a in re.split(r",\s*(?=[A-Z]|et al)|;\s*", sentences[0].rstrip("."))]
        if names and names[-1].lower().rstrip(".") == "et al":
            et_al = True
            names = names[:-1]
        elif names and names[-1].lower().endswith(" et al"):
            et_al = True
            names[-1] = names[-1][: -len(" et al")]
        if names and all(_INITIALS.match(n) for n in names):
            authors = tuple(names)
            sentences = sentences[1:]
    title = sentences[0].rstrip(".") if sentences else raw
    rest = " ".join(sentences[1:])
    year_match = _YEAR.search(rest) or _YEAR.search(raw)
    year = int(year_match.group(1)) if year_match else None
    journal, volume_pages = rest, ""
    if year_match and year_match.string is rest:
        journal = rest[:year_match.start()].strip().rstrip(".,;( ")
        volume_pages = rest[year_match.end():].strip().lstrip(";:,) ").rstrip(".")
    return Reference(number=number, authors=authors, et_al=et_al, title=title, journal=journal, year=year,
                     volume_pages=volume_pages, doi=doi, raw=raw)


def parse_list(text: str) -> list[Reference]:
    return [parse_reference(n, t) for n, t in split_entries(text)]
