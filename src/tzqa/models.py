"""Records passed between the stages: parse -> passages -> index -> search.

They are frozen so a stage can never reach back and mutate what an earlier
stage produced; JSON round-tripping goes through ``to_dict``/``from_dict`` so
the index never needs pickle.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Topic = Literal["mechanism", "biomarker", "agent", "background"]
SourceKind = Literal["review", "reference", "paper"]
TOPICS: tuple[str, ...] = ("mechanism", "biomarker", "agent", "background")
SOURCE_KINDS: tuple[str, ...] = ("review", "reference", "paper")


@dataclass(frozen=True)
class Section:
    """A numbered heading; ``number`` is the dotted label ("3.1.2")."""

    number: str
    title: str
    level: int
    parent: str | None
    topic: Topic

    @property
    def label(self) -> str:
        return f"{self.number} {self.title}"


@dataclass(frozen=True)
class Paragraph:
    """Body text of one paragraph, cleaned, with the span of the source it came from.

    ``original`` keeps the extracted characters (look-alikes and all) for
    display; ``text`` is what a user would type and what gets indexed.
    """

    section: str
    index: int
    text: str
    original: str
    start: int
    end: int
    citations: tuple[int, ...]
    char_offsets: tuple[int, ...] = field(default=(), repr=False, compare=False)


@dataclass(frozen=True)
class TableRow:
    """One row of Table 1 (emerging biomarkers)."""

    biomarker: str
    biomarker_original: str
    mechanism: str
    resistance: str
    correlation: str
    author: str
    refs: tuple[int, ...]
    start: int
    end: int


@dataclass(frozen=True)
class Reference:
    """One entry of a document's reference list, the source of truth for its numbers."""

    number: int
    authors: tuple[str, ...]
    et_al: bool
    title: str
    journal: str
    year: int | None
    volume_pages: str
    doi: str | None
    raw: str
    label: str = ""  # the entry's printed label in an alpha-labelled list ("Gad06" for "[Gad06]"), else ""

    @property
    def citation(self) -> str:
        """Vancouver-style string, as the review prints it, without markup."""
        names = ", ".join(self.authors)
        if self.et_al:
            names = f"{names}, et al" if names else "et al"
        parts = [f"{names}." if names else "", f"{self.title}.", self.journal]
        head = " ".join(p for p in parts if p)
        year = f" ({self.year})" if self.year else ""
        vp = f" {self.volume_pages}." if self.volume_pages else "."
        doi = f" doi: {self.doi}" if self.doi else ""
        return f"{head}{year}{vp}{doi}".strip()

    @property
    def doi_url(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["authors"] = list(self.authors)
        d["citation"] = self.citation
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reference:
        keys = {f for f in cls.__dataclass_fields__}
        data = {k: v for k, v in d.items() if k in keys}
        data["authors"] = tuple(data["authors"])
        return cls(**data)


@dataclass(frozen=True)
class Document:
    """The review as a structured document."""

    title: str
    authors: str
    abstract: str
    keywords: tuple[str, ...]
    sections: tuple[Section, ...]
    paragraphs: tuple[Paragraph, ...]
    table_caption: str
    table_columns: tuple[str, ...]
    table_rows: tuple[TableRow, ...]
    references: tuple[Reference, ...]
    back_matter: dict[str, str]
    source: str
    abstract_span: tuple[int, int] = (0, 0)

    def section(self, number: str) -> Section:
        for s in self.sections:
            if s.number == number:
                return s
        raise KeyError(number)

    def section_path(self, number: str) -> tuple[str, ...]:
        """Labels from the top-level heading down to ``number``."""
        path: list[str] = []
        cur: str | None = number
        while cur:
            s = self.section(cur)
            path.append(s.label)
            cur = s.parent
        return tuple(reversed(path))

    def reference(self, number: int) -> Reference:
        for r in self.references:
            if r.number == number:
                return r
        raise KeyError(number)

    @property
    def cited_numbers(self) -> set[int]:
        return {n for p in self.paragraphs for n in p.citations}


@dataclass(frozen=True)
class Passage:
    """The unit of retrieval: at most ``MAX_PASSAGE_CHARS`` of text with its provenance."""

    id: str
    kind: str  # "paragraph" | "caption" (a figure's or table's, library documents) | "table_row" | "reference_entry"
    source_kind: SourceKind
    source_ref: int | None
    section: str
    section_path: tuple[str, ...]
    topic: Topic
    start: int
    end: int
    refs: tuple[int, ...]
    text: str
    document: str = "review"
    # (start, end, numbers) of each citation in ``text`` where the source encoded them (JATS xrefs; empty
    # when it cites nothing); None where citations are read from the text itself. Sentences take their
    # own references from it.
    cites: tuple[tuple[int, int, tuple[int, ...]], ...] | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["section_path"] = list(self.section_path)
        d["refs"] = list(self.refs)
        if self.cites is not None:
            d["cites"] = [[a, e, list(nums)] for a, e, nums in self.cites]
        else:
            del d["cites"]  # most passages' citations are read from text: keep passages.jsonl as it was for them
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Passage:
        data = dict(d)
        data["section_path"] = tuple(data["section_path"])
        data["refs"] = tuple(data["refs"])
        if data.get("cites") is not None:
            data["cites"] = tuple((int(a), int(e), tuple(int(n) for n in nums)) for a, e, nums in data["cites"])
        return cls(**data)
