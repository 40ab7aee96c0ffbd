"""Reader for the format ``numbered-text``: a review as extracted text with numbered sections -> an Article.

The format is one paragraph per line with blank lines between, front matter up to "KEYWORDS", numbered
headings, one tab-separated table and a numbered reference list (``parser.py`` reads it; ``pdf.py`` brings
a PDF to the same shape). The domain pack names this reader for its bundled review (``review.json``:
``reader``), so that review becomes a library document like any other: its record, its paragraphs, its
table, its own reference list.

What the reader knows beyond the text is written into the Article, not special-cased later: the passage
ids it has always had (``<id>:<section>:<paragraph>.<k>``, ``table1:<n>``, ``ref:<n>``), which answers and
evaluation sets name; its section headings and topics; each character's place in the file; that it cites
only as "(12)" and once at the end of a run of sentences.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tzqa.ingest.library import cite
from tzqa.ingest.library.records import Article, Block, DocRecord, Placed, Table
from tzqa.models import Document, Reference

FORMAT = "numbered-text"


def read(path: Path, data: bytes | None = None, doc_id: str | None = None) -> Article:
    """The review at ``path`` (``data``: its bytes, already read, so the index hashes what was parsed), under
    ``doc_id`` (default: the id the pack names for its bundled review)."""
    from tzqa.ingest.corpus import read_review_text
    from tzqa.ingest.parser import parse_review

    text = data.decode("utf-8") if data is not None and path.suffix.lower() != ".pdf" else read_review_text(path)
    return article_of(parse_review(text), text, path.name, doc_id)


def article_of(doc: Document, text: str, source_file: str, doc_id: str | None = None) -> Article:
    """The parsed review as an :class:`Article` whose passages are the ones it has always had."""
    from tzqa.domain.pack import primary_document

    doc_id = doc_id or primary_document()
    front = text[:text.find(doc.abstract[:80])] if doc.abstract and doc.abstract[:80] in text else text[:6000]
    record = DocRecord(id=doc_id, kind="review", title=doc.title, authors=tuple(_authors(doc.authors)),
                       source_file=source_file, origin="bundled", **front_record(front))
    n_refs = len(doc.references)
    a0 = doc.abstract_span[0]
    abstract = (Block("Abstract", doc.abstract, cite.cited_numbers(doc.abstract, n_refs), key=f"{doc_id}:abstract:0",
                      path=("Abstract",), topic="background",
                      offsets=tuple(range(a0, a0 + len(doc.abstract)))),) if doc.abstract else ()
    blocks = tuple(Block(doc.section(p.section).label, p.text, p.citations, key=f"{doc_id}:{p.section}:{p.index}",
                         path=doc.section_path(p.section), topic=doc.section(p.section).topic,
                         offsets=p.char_offsets) for p in doc.paragraphs)
    return Article(record=record, abstract=abstract, blocks=blocks, tables=_tables(doc),
                   references=doc.references, citation_style=cite.STRICT, cites_after_runs=True,
                   reference_places=tuple(Placed(f"ref:{r.number}", _find(doc.source, r), _find(doc.source, r, True))
                                          for r in doc.references))


def _tables(doc: Document) -> tuple[Table, ...]:
    """The review's table, its rows written out as sentences, placed under the section that points at it."""
    if not doc.table_rows:
        return ()
    label = "Table 1"
    home = next((s for s in doc.sections if label in " ".join(
        p.text for p in doc.paragraphs if p.section == s.number)), None)
    rows = doc.table_rows
    return (Table(
        label=label, caption=doc.table_caption, columns=doc.table_columns,
        rows=tuple((r.biomarker, r.mechanism, r.resistance, r.correlation, r.author) for r in rows),
        citations=tuple(r.refs for r in rows),
        source_rows=tuple((r.biomarker_original, r.mechanism, r.resistance, r.correlation, r.author) for r in rows),
        places=tuple(Placed(f"{label.lower().replace(' ', '')}:{i + 1}", r.start, r.end) for i, r in enumerate(rows)),
        row_texts=tuple(_row_text(doc, i) for i in range(len(rows))),
        path=(doc.section_path(home.number) if home else ()) + (label,), topic="biomarker"),)


def _row_text(doc: Document, i: int) -> str:
    """A table row as a passage that reads on its own, cells in the table's order."""
    r = doc.table_rows[i]
    cols = list(doc.table_columns) + [""] * 5
    caption = doc.table_caption.rstrip(".")
    refs = ", ".join(str(n) for n in r.refs)
    return (
        f"{caption}. {r.biomarker}: {r.mechanism} ({cols[1].lower()}). {cols[2]}: {r.resistance}. "
        f"{cols[3]}: {r.correlation}. {cols[4]}: {r.author} ({refs})."
    )


def _find(source: str, ref: Reference, end: bool = False) -> int:
    """Offsets of an entry: from its first author (or title) to its DOI (or year), as printed."""
    head = ref.authors[0] if ref.authors else ref.title[:30]
    start = source.rfind(f"{ref.number}. {head}")
    start = source.find(head) if start < 0 and not ref.authors else start
    if start < 0:
        start = source.rfind(head)
    if not end:
        return max(start, 0)
    if ref.doi:
        prefix, _, suffix = ref.doi.partition("/")
        m = re.compile(re.escape(prefix) + r"/\s?" + re.escape(suffix)).search(source, max(start, 0))
        if m:
            return m.end()
    pos = source.find(f"({ref.year})", max(start, 0)) if ref.year else -1
    nl = source.find("\n", pos) if pos >= 0 else -1
    return nl if nl >= 0 else max(start, 0) + len(ref.raw)


def _authors(names: str) -> list[str]:
    """"A, B and C" -> ["A", "B", "C"]."""
    return [a.strip() for a in re.split(r",\s*|\s+and\s+", names) if a.strip()] if names else []


def front_record(front: str) -> dict[str, Any]:
    """Year, journal, DOI and licence from an article's front matter, as journals print its citation line:
    "… (2022) Title. *J. Name* 12:1006429. doi: 10.…" and "… Creative Commons Attribution License (CC BY)".
    Missing pieces stay empty."""
    from tzqa.ingest.library.reflist import find_doi

    doi = find_doi(front)
    line = next((ln for ln in front.splitlines() if doi and doi in ln), "")
    year = re.search(r"\(((?:19|20)\d\d)\)", line)
    journal = re.search(r"\*([^*]+)\*", line)
    licence = re.search(r"Creative Commons Attribution[^()]*\((CC[ -]BY[^)]*)\)|\b(CC[ -]BY(?:[ -][A-Z]{2})*(?: \d\.\d)?)",
                        front)
    return {"year": int(year.group(1)) if year else None, "journal": journal.group(1).strip() if journal else "",
            "doi": doi, "licence": (licence.group(1) or licence.group(2)) if licence else None}
