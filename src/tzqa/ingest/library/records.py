"""A library document: its record (who, what, where from, under which licence) and its parsed content.

Frozen, like the review's records in :mod:`tzqa.models`: a reader makes an :class:`Article` once and
nothing downstream changes it. Citations are numbers in the article's *own* reference list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from tzqa.models import Reference

DocKind = Literal["review", "paper"]
DOC_KINDS: tuple[str, ...] = ("review", "paper")
REVIEW_ID = "review"  # the bundled review's document id
_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")


def valid_id(doc_id: str) -> bool:
    """Document ids are folder names and URL path segments: lower-case letters, digits, ``.``, ``_``, ``-``."""
    return bool(_ID.fullmatch(doc_id)) and doc_id != REVIEW_ID and ".." not in doc_id


def make_id(*candidates: str | None) -> str:
    """The first usable candidate (a PMCID, a PMID, a DOI, a file name) turned into an id."""
    for c in candidates:
        if not c:
            continue
        slug = re.sub(r"[^a-z0-9._-]+", "-", c.strip().lower()).strip("-._")[:80].strip("-._")
        if slug and valid_id(slug):
            return slug
    return "document"


@dataclass(frozen=True)
class DocRecord:
    """What is known about a document, stored as ``record.json`` beside its file."""

    id: str
    kind: str = "paper"  # one of DOC_KINDS
    title: str = ""
    authors: tuple[str, ...] = ()
    year: int | None = None
    journal: str = ""
    doi: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    licence: str | None = None
    source_file: str = ""  # the stored file, relative to the document's folder
    origin: str = "file"  # "file" (the user's), or "europepmc:fulltext" / "europepmc:abstract"
    source_url: str | None = None
    retrieved: str | None = None  # ISO date, for documents fetched from a service
    cited_as: int | None = None  # its number in the bundled review's reference list, when it is one of them

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        d = asdict(self)
        d["authors"] = list(self.authors)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocRecord:
        keys = set(cls.__dataclass_fields__)
        data = {k: v for k, v in d.items() if k in keys}
        data["authors"] = tuple(data.get("authors") or ())
        return cls(**data)

    @property
    def short(self) -> str:
        """"Smith 2021" (first author's surname and year), or the title's first words."""
        who = self.authors[0].split()[0] if self.authors else " ".join(self.title.split()[:4])
        return f"{who} {self.year}" if self.year else who


@dataclass(frozen=True)
class Block:
    """One paragraph of body text under a section heading, with the reference numbers it cites."""

    section: str
    text: str
    citations: tuple[int, ...] = ()
    # (start, end, numbers) of each citation in ``text`` as the source encoded it (JATS xrefs); empty when
    # the reader had to find citations in the text itself (PDF, plain text)
    citation_spans: tuple[tuple[int, int, tuple[int, ...]], ...] = ()


@dataclass(frozen=True)
class Table:
    """A table: its label and caption, column names and rows of cells, and the numbers it cites."""

    label: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    citations: tuple[tuple[int, ...], ...] = ()  # per row


@dataclass(frozen=True)
class Article:
    """A document read from its file: record, abstract, body paragraphs, tables and its own reference list."""

    record: DocRecord
    abstract: tuple[Block, ...]
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...] = ()
    references: tuple[Reference, ...] = ()
    notes: tuple[str, ...] = field(default=())  # what the reader dropped or could not resolve
    # figure and table captions, each a block whose section is its label ("Figure 1")
    captions: tuple[Block, ...] = ()
    # True when the reader located every citation (JATS: the xrefs; PDF and text: the markers it found,
    # once, at reading time): a block without spans cites nothing, and nothing is re-guessed from its
    # text later ("(1) … (2)" in a JATS paragraph is an enumeration)
    citations_located: bool = False

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.section for b in self.blocks))
