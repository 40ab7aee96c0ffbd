"""An :class:`~.records.Article` -> passages, the same units the review is cut into.

Paragraphs are sentence-packed within themselves (``chunking.pack``), each passage carrying the
reference numbers cited in *its own* text, numbers of the article's own list (for JATS, the xrefs that
start inside the passage, as the reader resolved them; for PDF and text, markers found in the text); each table row becomes
one passage that names its table and columns. ``Passage.document`` is the document id, so a hit
knows which list its numbers belong to.
"""
from __future__ import annotations

from tzqa.ingest.chunking import MAX_PASSAGE_CHARS
from tzqa.ingest.library import cite
from tzqa.ingest.library.records import Article, Block
from tzqa.ingest.library.topics import classify
from tzqa.models import Passage


def source_kind(article: Article) -> str:
    """"reference" for a paper the review cites (linked by DOI), else the document's own kind."""
    return "reference" if article.record.cited_as else article.record.kind


def _block_passages(article: Article, blocks: tuple[Block, ...], start_index: int | str,
                    kind: str = "paragraph", offset: int = 0) -> list[Passage]:
    """Passages of ``blocks``; ids run ``<doc>:<n>`` from ``start_index``, or ``<doc>:<prefix><n>`` for a prefix."""
    from tzqa.ingest.papers import _spans

    rec = article.record
    n_refs = len(article.references)
    out: list[Passage] = []
    head = rec.short or rec.id
    pos = offset  # where the first block starts in the article's text (abstract, body, captions in a row)
    for block in blocks:
        for i, j in _spans(block.text, MAX_PASSAGE_CHARS):
            text = block.text[i:j]
            cites: tuple[tuple[int, int, tuple[int, ...]], ...] | None = None
            if article.citations_located:  # as the reader located them: every citation that starts in this passage
                cites = tuple((a - i, min(e, j) - i, nums) for a, e, nums in block.citation_spans if i <= a < j)
                refs = tuple(dict.fromkeys(n for _, _, nums in cites for n in nums))
            else:
                refs = tuple(dict.fromkeys(n for m in cite.find_markers(text, n_refs, article.references)
                                           for n in m.numbers))
            number = (f"{start_index}{len(out) + 1}" if isinstance(start_index, str)
                      else str(start_index + len(out)))
            out.append(Passage(
                id=f"{rec.id}:{number}", kind=kind, source_kind=source_kind(article),  # type: ignore[arg-type]
                source_ref=rec.cited_as, section=block.section, section_path=(head, *block.section.split(" › ")),
                topic=classify(text, block.section), start=pos + i, end=pos + j,  # type: ignore[arg-type]
                refs=refs, text=text, document=rec.id, cites=cites))
        pos += len(block.text) + 2
    return out


def article_passages(article: Article) -> list[Passage]:
    """Every passage of one article: abstract, body paragraphs, figure and table captions, then table rows.

    Captions come after the body, with ids of their own (``<doc>:caption<n>``), so reading them did not
    renumber the paragraphs of documents already in a library."""
    rec = article.record
    body = article.blocks if article.blocks != article.abstract else ()
    out = _block_passages(article, article.abstract + body, 0)
    after_body = sum(len(b.text) + 2 for b in article.abstract + body)
    out += _block_passages(article, article.captions, "caption", kind="caption", offset=after_body)
    for table in article.tables:
        for r, row in enumerate(table.rows):
            cells = "; ".join(f"{c}: {v}" if c else v for c, v in zip(table.columns, row, strict=False) if v)
            text = f"{table.label}. {table.caption} — {cells}" if table.caption else f"{table.label} — {cells}"
            refs = table.citations[r] if r < len(table.citations) else ()
            out.append(Passage(
                id=f"{rec.id}:{table.label.lower().replace(' ', '')}:{r}", kind="table_row",
                source_kind=source_kind(article), source_ref=rec.cited_as,  # type: ignore[arg-type]
                section=table.label, section_path=(rec.short or rec.id, table.label),
                topic=classify(text, table.caption), start=0, end=len(text),  # type: ignore[arg-type]
                refs=tuple(refs), text=text[:MAX_PASSAGE_CHARS], document=rec.id))
    return out
