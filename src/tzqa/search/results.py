"""Typed results: what search returns to notebooks, the CLI and the HTTP API alike.

Pydantic models so the API can return them as they are (the JSON contract) and
a notebook gets attribute access, a rendered table and a DataFrame.
"""
from __future__ import annotations

import html
from typing import Any, Literal

from pydantic import BaseModel, Field

Coverage = Literal["full", "partial", "none"]
COVERAGE_HELP = ('"full": the corpus covers the question; "partial": it covers part of it and lacks the terms in '
                 '`missing` (the answer is for the covered part); "none": not covered (`answer` is empty). '
                 '`answerable` is true for full and partial.')
MISSING_HELP = "Terms of the question that no passage, synonym or glossary entry has (names the corpus lacks)."


class _DictAccess(BaseModel):
    """``model["field"]`` and ``model.get("field")``: what the dicts some results replaced allowed."""

    def __getitem__(self, key: str) -> Any:
        if key not in type(self).model_fields:
            raise KeyError(key)
        return getattr(self, key)

    def get(self, key: str, default: Any = None) -> Any:
        return getattr(self, key, default) if key in type(self).model_fields else default


class ReferenceInfo(_DictAccess):
    number: int
    citation: str
    doi: str | None = None
    doc: str = Field("review", description="The document whose reference list the number belongs to.")


class Source(BaseModel):
    kind: Literal["review", "reference", "paper"] = Field(description='"review": a review\'s own text; '
        '"reference": a paper the bundled review cites (its number in `ref`); "paper": a library paper it does not.')
    ref: int | None = None
    label: str = Field("", description='What the passage is, for people: "Review", "Review · Table 1", '
                       '"Reference list entry" (the review\'s entry for a cited paper); library documents, '
                       'the cited papers in corpus/references/ among them, say "(library)": "Cited paper '
                       '(library)".')
    doc: str = Field("review", description="Id of the document the passage is from (GET /documents).")
    title: str = Field("", description="That document's title.")


SOURCE_LABELS = {"paragraph": "Review", "table_row": "Review · Table 1", "reference_entry": "Reference list entry"}


class Hit(BaseModel):
    rank: int
    score: float
    passage_id: str
    text: str = Field(max_length=1200)
    highlight: str
    section: str
    section_path: list[str] = []
    topic: Literal["mechanism", "biomarker", "agent", "background"]
    source: Source
    refs: list[int]
    references: list[ReferenceInfo]
    kind: str = "paragraph"
    start: int = 0
    end: int = 0


class Timings(BaseModel):
    """Milliseconds spent in each stage of one query."""

    encode: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0
    fusion: float = 0.0
    highlight: float = 0.0


def _frame(rows: list[dict[str, Any]]):  # type: ignore[no-untyped-def]
    import pandas as pd

    return pd.DataFrame(rows)


def _html_table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td style='text-align:left'>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


class SearchResults(BaseModel):
    query: str
    took_ms: float
    results: list[Hit]
    query_terms: list[str] = []
    expansions: dict[str, list[str]] = {}
    timings: Timings = Timings()
    answerable: bool = True
    confidence: float = Field(1.0, ge=0.0, le=1.0, description="Absolute, comparable across queries: "
                              "the calibrated probability that the top passages answer the question.")
    note: str = ""
    corrected_query: str | None = None
    coverage: Coverage = Field("full", description=COVERAGE_HELP)
    missing: list[str] = Field([], description=MISSING_HELP)

    def __len__(self) -> int:
        return len(self.results)

    def __getitem__(self, i: int) -> Hit:
        return self.results[i]

    def __iter__(self):  # type: ignore[override]
        """Iterate over hits (not pydantic fields), as a notebook user expects."""
        return iter(self.results)

    def to_frame(self):  # type: ignore[no-untyped-def]
        """One row per hit (pandas), reference numbers and DOIs as lists."""
        return _frame([{
            "rank": h.rank, "score": round(h.score, 4), "section": h.section, "topic": h.topic,
            "source": h.source.kind, "refs": h.refs, "highlight": h.highlight, "passage_id": h.passage_id,
            "dois": [r.doi for r in h.references if r.doi],
        } for h in self.results])

    def _repr_html_(self) -> str:
        rows = [[str(h.rank), f"{h.score:.3f}", html.escape(h.section), h.topic,
                 html.escape(h.highlight), ", ".join(str(n) for n in h.refs)] for h in self.results]
        return f"<p><b>{html.escape(self.query)}</b> ({self.took_ms:.1f} ms)</p>" + _html_table(
            ["rank", "score", "section", "topic", "highlight", "refs"], rows)


class EvidenceRef(BaseModel):
    number: int
    citation: str
    doi: str | None = None
    score: float
    passages: list[str]
    sentences: list[str]


class EvidenceResults(BaseModel):
    query: str
    took_ms: float
    references: list[EvidenceRef]

    def to_frame(self):  # type: ignore[no-untyped-def]
        return _frame([{"number": r.number, "score": round(r.score, 4), "citation": r.citation, "doi": r.doi,
                        "sentences": r.sentences} for r in self.references])

    def _repr_html_(self) -> str:
        rows = [[str(r.number), f"{r.score:.3f}", html.escape(r.citation),
                 html.escape(" … ".join(r.sentences[:2]))] for r in self.references]
        return _html_table(["ref", "support", "citation", "supporting sentences"], rows)


class AnswerSentence(BaseModel):
    """One sentence of a cited answer, verbatim from a passage, with the reference numbers it carries."""

    text: str
    refs: list[int] = Field(description="The citation markers in this sentence itself.")
    passage_id: str
    doc: str = "review"
    refs_from_paragraph: list[int] = Field([], description="For a sentence with no marker of its own: the numbers "
                                           "its paragraph cites next (the review cites at the end of a run of "
                                           "sentences), or, for a sentence summing up what came before ('In "
                                           "summary, …'), the marker before it; the paragraph's, not shown as this "
                                           "sentence's.")
    sentence: int = Field(0, description="Index of the sentence in its passage (0-based).")


class Answer(BaseModel):
    """An extractive, cited answer: sentences from the top passages, never generated text."""

    query: str
    answerable: bool
    confidence: float = Field(ge=0.0, le=1.0)
    answer: list[AnswerSentence]
    references: list[ReferenceInfo]
    results: list[Hit]
    note: str = ""
    list_question: bool = False
    corrected_query: str | None = None
    took_ms: float = 0.0
    coverage: Coverage = Field("full", description=COVERAGE_HELP)
    missing: list[str] = Field([], description=MISSING_HELP)

    def __str__(self) -> str:
        if not self.answerable:
            return self.note
        lines = [self.note] if self.note else []
        for s in self.answer:
            own = f" [{', '.join(map(str, s.refs))}]" if s.refs else ""
            inherited = f" [paragraph: {', '.join(map(str, s.refs_from_paragraph))}]" if s.refs_from_paragraph else ""
            lines.append(s.text + own + inherited)
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        if not self.answerable:
            return f"<p><b>{html.escape(self.query)}</b></p><p><i>{html.escape(self.note)}</i></p>"
        note = f"<p><i>{html.escape(self.note)}</i></p>" if self.note else ""
        items = "".join(f"<li>{html.escape(s.text)} <small>[{', '.join(map(str, s.refs))}]</small></li>"
                        for s in self.answer)
        refs = "".join(f"<li>{r.number}. {html.escape(r.citation)}</li>" for r in self.references)
        return (f"<p><b>{html.escape(self.query)}</b> (confidence {self.confidence:.2f})</p>{note}<ul>{items}</ul>"
                f"<ol style='list-style:none'>{refs}</ol>")
