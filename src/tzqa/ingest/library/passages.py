"""An :class:`~.records.Article` -> passages: the one way every document, the bundled review included, is cut.

Paragraphs are sentence-packed within themselves (``chunking.pack``), each passage carrying the
reference numbers cited in *its own* text, numbers of the article's own list (for JATS, the xrefs that
start inside the passage, as the reader resolved them; for PDF and text, markers found in the text, in
the citation style the reader declared); each table row becomes one passage that names its table and
columns; reference-list entries the reader placed become passages of their own. ``Passage.document`` is
the document id, so a hit knows which list its numbers belong to.

Where a reader pinned ids, spans, headings or topics (:class:`~.records.Block`, :class:`~.records.Table`),
they are used as given: a document whose passage ids were published keeps them.
"""
from __future__ import annotations

import re

from tzqa.ingest.chunking import MAX_PASSAGE_CHARS, pack, paragraph_spans
from tzqa.ingest.library import cite
from tzqa.ingest.library.records import Article, Block, Table
from tzqa.ingest.library.reflist import highest_number
from tzqa.ingest.library.topics import classify
from tzqa.ingest.text import MappedText
from tzqa.models import Passage, Topic


def source_kind(article: Article) -> str:
    """"reference" for a paper the review cites (linked by DOI), else the document's own kind."""
    return "reference" if article.record.cited_as else article.record.kind


def supporting_refs(paragraph: str, start: int, end: int, n_refs: int, style: str = cite.STRICT) -> tuple[int, ...]:
    """Refs for a passage that cites nothing itself, from the rest of its paragraph.

    Reviews cite once at the end of a run of sentences, so a passage cut before that marker is supported
    by the next citation; a closing passage after the paragraph's last marker, by the one before it.
    """
    after = cite.cited_numbers(paragraph[end:], n_refs, style)
    if after:
        return after[:4]
    return cite.cited_numbers(paragraph[:start], n_refs, style)[-4:]


def table_refs(article: Article, text: str) -> tuple[int, ...]:
    """A passage that points at a table by its label ("(Table 1)") is backed by the references its rows cite."""
    out: dict[int, None] = {}
    for table in article.tables:
        if table.citations and re.search(rf"\b{re.escape(table.label)}\b", text):
            out.update(dict.fromkeys(n for row in table.citations for n in row))
    return tuple(out)


def reference_topics(article: Article) -> dict[int, Topic]:
    """A reference takes the topic of the body section that cites it most (first citation breaks ties)."""
    counts: dict[int, dict[str, int]] = {}
    order: dict[int, list[str]] = {}
    for b in _body(article):
        if b.topic is None:
            continue
        for n in b.citations:
            counts.setdefault(n, {}).setdefault(b.topic, 0)
            counts[n][b.topic] += 1
            order.setdefault(n, []).append(b.topic)
    return {n: max(c, key=lambda t: (c[t], -order[n].index(t))) for n, c in counts.items()}  # type: ignore[misc]


def _body(article: Article) -> tuple[Block, ...]:
    return article.blocks if article.blocks != article.abstract else ()


def _block_passages(article: Article, blocks: tuple[Block, ...], start_index: int | str,
                    kind: str = "paragraph", offset: int = 0, lead: int = 0) -> list[Passage]:
    """Passages of ``blocks``; ids ``<key>.<k>`` for a block with a key, else ``<doc>:<n>`` from
    ``start_index`` or ``<doc>:<prefix><n>`` for a prefix. The first ``lead`` blocks (the abstract) never
    borrow their paragraph's citations."""
    rec = article.record
    n_refs = highest_number(article.references)
    out: list[Passage] = []
    head = rec.short or rec.id
    pos = offset  # where the first block starts in the article's text (abstract, body, captions in a row)
    for b, block in enumerate(blocks):
        mapped = MappedText(block.text, block.offsets) if block.offsets else None
        for k, (i, j) in enumerate(paragraph_spans(block.text, MAX_PASSAGE_CHARS)):
            text = block.text[i:j]
            cites: tuple[tuple[int, int, tuple[int, ...]], ...] | None = None
            if article.citations_located:  # as the reader located them: every citation that starts in this passage
                cites = tuple((a - i, min(e, j) - i, nums) for a, e, nums in block.citation_spans if i <= a < j)
                refs = tuple(dict.fromkeys(n for _, _, nums in cites for n in nums))
            else:
                refs = cite.cited_numbers(text, n_refs, article.citation_style, article.references)
                if not refs and article.cites_after_runs and b >= lead:
                    refs = table_refs(article, text) or supporting_refs(block.text, i, j, n_refs,
                                                                         article.citation_style)
            if block.key:
                pid = f"{block.key}.{k}"
            else:
                pid = f"{rec.id}:" + (f"{start_index}{len(out) + 1}" if isinstance(start_index, str)
                                      else str(start_index + len(out)))
            start, end = mapped.span(i, j) if mapped else (pos + i, pos + j)
            out.append(Passage(
                id=pid, kind=kind, source_kind=source_kind(article),  # type: ignore[arg-type]
                source_ref=rec.cited_as, section=block.section,
                section_path=block.path or (head, *block.section.split(" › ")),
                topic=block.topic or classify(text, block.section), start=start, end=end,  # type: ignore[arg-type]
                refs=refs, text=text, document=rec.id, cites=cites))
        pos += len(block.text) + 2
    return out


def _row_text(table: Table, r: int) -> str:
    if r < len(table.row_texts):
        return table.row_texts[r]
    cells = "; ".join(f"{c}: {v}" if c else v for c, v in zip(table.columns, table.rows[r], strict=False) if v)
    return f"{table.label}. {table.caption} — {cells}" if table.caption else f"{table.label} — {cells}"


def _table_passages(article: Article) -> list[Passage]:
    rec = article.record
    out: list[Passage] = []
    for table in article.tables:
        for r in range(len(table.rows)):
            if not any(re.search(r"[^\W_]", cell) for cell in table.rows[r]):
                continue  # a row of rules or marks ("/", "—") and empty cells has nothing to read: no passage
            text = _row_text(table, r)
            refs = table.citations[r] if r < len(table.citations) else ()
            place = table.places[r] if r < len(table.places) else None
            out.append(Passage(
                id=place.key if place else f"{rec.id}:{table.label.lower().replace(' ', '')}:{r}",
                kind="table_row", source_kind=source_kind(article), source_ref=rec.cited_as,  # type: ignore[arg-type]
                section=table.label, section_path=table.path or (rec.short or rec.id, table.label),
                topic=table.topic or classify(text, table.caption),  # type: ignore[arg-type]
                start=place.start if place else 0, end=place.end if place else len(text),
                refs=tuple(refs), text=text[:MAX_PASSAGE_CHARS], document=rec.id))
    return out


def _reference_passages(article: Article) -> list[Passage]:
    """Each placed reference-list entry as a passage; a long (garbled) one is chunked like any text, the first
    part keeping the entry's id, further parts ``<id>.1``, ``<id>.2``, ..."""
    topics = reference_topics(article)
    out: list[Passage] = []
    for ref, place in zip(article.references, article.reference_places, strict=False):
        entry = f"{ref.number}. {ref.citation}"
        parts = pack(entry, MAX_PASSAGE_CHARS) if len(entry) > MAX_PASSAGE_CHARS else [(0, len(entry))]
        for k, (i, j) in enumerate(parts):
            out.append(Passage(
                id=place.key + (f".{k}" if k else ""), kind="reference_entry", source_kind="reference",
                source_ref=ref.number, section="References", section_path=("References",),
                topic=topics.get(ref.number, "background"), start=place.start, end=place.end, refs=(ref.number,),
                text=entry[i:j], document=article.record.id))
    return out


def article_passages(article: Article) -> list[Passage]:
    """Every passage of one article: abstract, body paragraphs, figure and table captions, table rows, then
    the reference-list entries its reader placed.

    Captions come after the body, with ids of their own (``<doc>:caption<n>``), so reading them did not
    renumber the paragraphs of documents already in a library."""
    body = _body(article)
    out = _block_passages(article, article.abstract + body, 0, lead=len(article.abstract))
    after_body = sum(len(b.text) + 2 for b in article.abstract + body)
    out += _block_passages(article, article.captions, "caption", kind="caption", offset=after_body)
    return out + _table_passages(article) + _reference_passages(article)
