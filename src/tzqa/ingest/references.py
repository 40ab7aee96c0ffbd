"""The reference list: reassembling entries the extraction scattered, then reading their fields.

Extraction breaks the list in three ways, each handled here: an entry split by
a page break with other text (funding, notes) in between; an entry that lost
its leading number ("19."); and a DOI broken at a line end ("10.15252/ embr...").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from tzqa.ingest.text import MappedText
from tzqa.models import Reference

_NUMBERED = re.compile(r"^(\d{1,3})\.\s+")
_YEAR = re.compile(r"\(((?:19|20)\d{2})\)")
_REFLIKE = re.compile(r"\(\d{4}\)|\bdoi:|\d+\(\d+\):")
_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME = r"[^\W\d_][\w'’\-]*(?: [^\W\d_][\w'’\-]*)*"
_AUTHOR = rf"{_NAME} [{_UPPER}]{{1,3}}(?:-[{_UPPER}])?"
_AUTHORS = re.compile(rf"^((?:{_AUTHOR}, )*(?:{_AUTHOR}|et al))\.\s+")
DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


@dataclass
class _Entry:
    number: int
    parts: list[MappedText] = field(default_factory=list)
    recovered_number: bool = False

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts)

    def complete(self) -> bool:
        t = self.text
        return bool(_YEAR.search(t)) and not t.rstrip().endswith("-")


def looks_like_reference(text: str) -> bool:
    """True for a fragment that carries bibliographic matter (a year, a DOI, vol(issue):pages)."""
    return bool(_REFLIKE.search(text))


def resumes_list(text: str) -> bool:
    """True when a line after a note heading is reference matter again (numbered or bibliographic)."""
    return bool(_NUMBERED.match(text)) or looks_like_reference(text)


def assemble(blocks: list[MappedText]) -> tuple[list[tuple[int, MappedText, bool]], list[MappedText]]:
    """Group the blocks after "References" into whole entries.

    Returns ``(entries, strays)``: each entry is ``(number, text, number_was_recovered)``;
    strays are blocks that are not reference matter (funding text interleaved by the layout).
    """
    entries: list[_Entry] = []
    strays: list[MappedText] = []
    for block in blocks:
        t = block.text.strip()
        if not t:
            continue
        m = _NUMBERED.match(t)
        prev = entries[-1] if entries else None
        if m and (prev is None or int(m.group(1)) == prev.number + 1):
            entries.append(_Entry(int(m.group(1)), [block.sub(_NUMBERED, "").strip()]))
        elif prev is not None and not prev.complete() and (looks_like_reference(t) or t[:1].islower()):
            prev.parts.append(block.strip())
        elif prev is not None and prev.complete() and looks_like_reference(t) and _AUTHORS.match(t):
            # An entry whose number fell off in extraction: it sits between prev and prev + 2.
            entries.append(_Entry(prev.number + 1, [block.strip()], recovered_number=True))
        else:
            strays.append(block)
    out = [(e.number, _join_parts(e.parts), e.recovered_number) for e in entries]
    return out, strays


def _join_parts(parts: list[MappedText]) -> MappedText:
    """Join fragments; a fragment ending in a hyphen continues the same compound ("IRS1-IGF-" + "PI3K")."""
    acc = parts[0]
    for p in parts[1:]:
        sep = "" if acc.text.endswith("-") else " "
        acc = MappedText.join([acc, p], sep)
    return acc


def parse_entry(number: int, text: str) -> Reference:
    """Read authors, title, journal, year, volume/pages and DOI out of one entry."""
    raw = re.sub(r"\s+", " ", text).strip()
    doi = None
    body = raw
    dm = re.search(r"\bdoi:\s*(10\.\d{4,9}/\s?\S+)", raw)
    if dm:
        doi = re.sub(r"\s+", "", dm.group(1)).rstrip(".")
        body = raw[: dm.start()].rstrip()
    authors: tuple[str, ...] = ()
    et_al = False
    am = _AUTHORS.match(body)
    if am:
        names = [a.strip() for a in am.group(1).split(",")]
        et_al = names[-1] == "et al"
        authors = tuple(n for n in names if n != "et al")
        body = body[am.end():]
    year = None
    volume_pages = ""
    ym = _YEAR.search(body)
    if ym:
        year = int(ym.group(1))
        head = body[: ym.start()].rstrip()
        volume_pages = re.sub(r"(\d) \(", r"\1(", body[ym.end():].strip().rstrip("."))
    else:
        head = body.rstrip(".")
    title, journal = _split_title_journal(head)
    return Reference(
        number=number,
        authors=authors,
        et_al=et_al,
        title=title,
        journal=journal,
        year=year,
        volume_pages=volume_pages,
        doi=doi,
        raw=raw,
    )


def _split_title_journal(head: str) -> tuple[str, str]:
    """Journal names are italic (``*Nat Commun*``) when the markup survived; else the last sentence."""
    italics = list(re.finditer(r"\*([^*]+)\*", head))
    if italics and head[italics[-1].end():].strip().startswith(("(", "")) and \
            len(head[italics[-1].end():].strip()) < 15:
        last = italics[-1]
        journal = (last.group(1) + " " + head[last.end():].strip()).strip()
        title = head[: last.start()].strip()
    else:
        cut = head.rfind(". ")
        title, journal = (head[:cut], head[cut + 2:]) if cut > 0 else (head, "")
    title = re.sub(r"\*([^*]+)\*", r"\1", title).strip().rstrip(".").strip()
    return title, journal.strip().rstrip(".")
