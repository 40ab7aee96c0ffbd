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
_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,79}")


def valid_id(doc_id: str) -> bool:
    """Document ids are folder names and URL path segments: lower-case letters, digits, ``.``, ``_``, ``-``;
    the pack's primary document keeps its id to itself."""
    from tzqa.domain.pack import primary_document

    return bool(_ID.fullmatch(doc_id)) and doc_id != primary_document() and ".." not in doc_id


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
    """One paragraph of body text under a section heading, with the reference numbers it cites.

    A reader that knows more than the text says so: ``key`` pins the paragraph's passage ids
    (``<key>.<k>``; otherwise passages are numbered in reading order), ``path`` gives the headings from the
    top down, ``topic`` the section's topic, ``offsets`` each character's position in the source file.
    Ids a reader pins are a published contract: answers and evaluation sets name passages by them.
    """

    section: str
    text: str
    citations: tuple[int, ...] = ()
    # (start, end, numbers) of each citation in ``text`` as the source encoded it (JATS xrefs); empty when
    # the reader had to find citations in the text itself (PDF, plain text)
    citation_spans: tuple[tuple[int, int, tuple[int, ...]], ...] = ()
    key: str = ""
    path: tuple[str, ...] = ()
    topic: str | None = None
    offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class Placed:
    """A unit whose id and source span the reader fixed (a table row, a reference-list entry)."""

    key: str
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A table: its label and caption, column names and rows of cells, and the numbers it cites."""

    label: str
    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    citations: tuple[tuple[int, ...], ...] = ()  # per row
    # Cells as extracted, before cleaning (look-alike characters and all), for display; () when the same.
    source_rows: tuple[tuple[str, ...], ...] = ()
    # What a reader that knows the table's place fixes: each row's id and span, each row written out as a
    # sentence that reads on its own, the headings above the table, its topic. Empty: derived from the table.
    places: tuple[Placed, ...] = ()
    row_texts: tuple[str, ...] = ()
    path: tuple[str, ...] = ()
    topic: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The table as ``GET /documents/{id}/tables`` and ``tables.json`` give it (what a reader fixed stays)."""
        return {"label": self.label, "caption": self.caption, "columns": list(self.columns),
                "rows": [list(r) for r in self.rows], "citations": [list(c) for c in self.citations],
                "source_rows": [list(r) for r in self.source_rows]}


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
    # The citation style its reader knows it uses (``cite.STRICT``: only "(12)", "(7, 8)"); "" finds any style.
    citation_style: str = ""
    # True for a document that cites once at the end of a run of sentences: a body passage citing nothing
    # itself is credited with the next citation in its paragraph (else the previous), or with the references
    # of a table it names ("Table 1").
    cites_after_runs: bool = False
    # Reference-list entries the reader placed in its source: each becomes a passage (id ``key``), so a
    # question about a cited paper's title finds its entry.
    reference_places: tuple[Placed, ...] = ()
    # The text a PDF or text file prints before its reference list, as read (running headers included, where
    # journals print the DOI): what a file dropped in corpus/references/ is linked to a reference by, when
    # its name does not say. "" from readers whose record holds the identifiers (JATS).
    front: str = field(default="", repr=False, compare=False)

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.section for b in self.blocks))

    def reference(self, number: int) -> Reference:
        """Entry ``number`` of its own reference list (KeyError when it has none)."""
        for r in self.references:
            if r.number == number:
                return r
        raise KeyError(number)
