"""Structured document -> passages: the unit that gets embedded, indexed and returned.

Passages follow sentences (pysbd) and stay inside one paragraph, so no passage
crosses a section boundary or cuts a sentence in two; a paragraph is packed into
as few passages of at most ``MAX_PASSAGE_CHARS`` as its sentences allow, with the
sentences shared out evenly so the last passage is not a stub.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from tzqa.ingest.library.cite import cited_numbers
from tzqa.ingest.text import MappedText
from tzqa.models import Document, Passage, Topic

MAX_PASSAGE_CHARS = 1200


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence; whitespace between sentences belongs to neither."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for seg in _segmenter().segment(text):
        s = seg.sent.strip()
        if not s:
            continue
        start = text.find(s, pos)
        if start < 0:
            start = pos
        spans.append((start, start + len(s)))
        pos = start + len(s)
    return spans or ([(0, len(text))] if text.strip() else [])


def _split_long(text: str, span: tuple[int, int], limit: int) -> list[tuple[int, int]]:
    """A single sentence over the limit is split at the last clause break (";", ",", space) before it."""
    out: list[tuple[int, int]] = []
    s, e = span
    while e - s > limit:
        window = text[s:s + limit]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit - 1
        out.append((s, s + cut + 1))
        s = s + cut + 1
        while s < e and text[s] == " ":
            s += 1
    out.append((s, e))
    return out


def pack(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[tuple[int, int]]:
    """Group consecutive sentences into balanced chunks of at most ``limit`` characters."""
    spans: list[tuple[int, int]] = []
    for sp in sentence_spans(text):
        spans.extend(_split_long(text, sp, limit) if sp[1] - sp[0] > limit else [sp])
    if not spans:
        return []
    total = spans[-1][1] - spans[0][0]
    for n in range(max(1, math.ceil(total / limit)), len(spans) + 1):
        groups = _balanced(spans, n)
        if max(spans[j - 1][1] - spans[i][0] for i, j in groups) <= limit:
            return [(spans[i][0], spans[j - 1][1]) for i, j in groups]
    return [(s, e) for s, e in spans]


def _balanced(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Split sentences into ``n`` contiguous groups minimising the largest group (linear partition DP)."""
    m = len(spans)

    def size(i: int, j: int) -> int:
        return spans[j - 1][1] - spans[i][0]

    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    cut = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0
    for g in range(1, n + 1):
        for j in range(g, m + 1):
            for i in range(g - 1, j):
                cost = max(best[g - 1][i], size(i, j))
                if cost < best[g][j]:
                    best[g][j], cut[g][j] = cost, i
    groups: list[tuple[int, int]] = []
    j = m
    for g in range(n, 0, -1):
        i = cut[g][j]
        groups.append((i, j))
        j = i
    return groups[::-1]


def supporting_refs(paragraph: str, start: int, end: int, n_refs: int) -> tuple[int, ...]:
    """Refs for a passage that cites nothing itself, from the rest of its paragraph.

    Reviews cite once at the end of a run of sentences, so a passage cut before
    that marker ("...the KATHERINE trial ... (53)") is supported by the next citation;
    a closing passage after the paragraph's last marker, by the one before it.
    """
    after = cited_numbers(paragraph[end:], n_refs)
    if after:
        return after[:4]
    return cited_numbers(paragraph[:start], n_refs)[-4:]


def table_refs(doc: Document, text: str) -> tuple[int, ...]:
    """A passage that points at "(Table 1)" is backed by the references the table's rows cite."""
    if not doc.table_rows or not re.search(r"\bTable 1\b", text):
        return ()
    return tuple(dict.fromkeys(n for r in doc.table_rows for n in r.refs))


def _topic_by_reference(doc: Document) -> dict[int, Topic]:
    """A reference takes the topic of the section that cites it most (first citation breaks ties)."""
    counts: dict[int, dict[Topic, int]] = {}
    order: dict[int, list[Topic]] = {}
    for p in doc.paragraphs:
        topic = doc.section(p.section).topic
        for n in p.citations:
            counts.setdefault(n, {}).setdefault(topic, 0)
            counts[n][topic] += 1
            order.setdefault(n, []).append(topic)
    return {n: max(c, key=lambda t: (c[t], -order[n].index(t))) for n, c in counts.items()}


def table_row_text(doc: Document, i: int) -> str:
    """A Table 1 row as a passage that reads on its own, cells in the table's order."""
    r = doc.table_rows[i]
    cols = list(doc.table_columns) + [""] * 5
    caption = doc.table_caption.rstrip(".")
    refs = ", ".join(str(n) for n in r.refs)
    return (
        f"{caption}. {r.biomarker}: {r.mechanism} ({cols[1].lower()}). {cols[2]}: {r.resistance}. "
        f"{cols[3]}: {r.correlation}. {cols[4]}: {r.author} ({refs})."
    )


def document_passages(doc: Document, limit: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """All passages of the review: abstract, body paragraphs, Table 1 rows, reference entries."""
    out: list[Passage] = []
    n_refs = len(doc.references)
    abstract = MappedText(doc.abstract, tuple(range(doc.abstract_span[0], doc.abstract_span[0] + len(doc.abstract))))
    for k, (i, j) in enumerate(pack(abstract.text, limit)):
        text = abstract.text[i:j]
        start, end = abstract.span(i, j)
        out.append(Passage(f"review:abstract:0.{k}", "paragraph", "review", None, "Abstract", ("Abstract",),
                           "background", start, end, cited_numbers(text, n_refs), text))
    for para in doc.paragraphs:
        sec = doc.section(para.section)
        mt = MappedText(para.text, para.char_offsets)
        for k, (i, j) in enumerate(pack(para.text, limit)):
            text = para.text[i:j]
            start, end = mt.span(i, j)
            out.append(Passage(
                id=f"review:{para.section}:{para.index}.{k}", kind="paragraph", source_kind="review",
                source_ref=None, section=sec.label, section_path=doc.section_path(para.section),
                topic=sec.topic, start=start, end=end,
                refs=(cited_numbers(text, n_refs) or table_refs(doc, text)
                      or supporting_refs(para.text, i, j, n_refs)), text=text,
            ))
    table_home = next((s for s in doc.sections if "Table 1" in " ".join(
        p.text for p in doc.paragraphs if p.section == s.number)), None)
    home_path = doc.section_path(table_home.number) if table_home else ()
    for i, row in enumerate(doc.table_rows):
        out.append(Passage(
            id=f"table1:{i + 1}", kind="table_row", source_kind="review", source_ref=None, section="Table 1",
            section_path=home_path + ("Table 1",), topic="biomarker", start=row.start, end=row.end,
            refs=row.refs, text=table_row_text(doc, i),
        ))
    topics = _topic_by_reference(doc)
    for ref in doc.references:
        entry = f"{ref.number}. {ref.citation}"
        start, end = _find(doc.source, ref), _find(doc.source, ref, end=True)
        # An entry is chunked like any text, so no passage exceeds the limit (a garbled entry can be long);
        # the first part keeps the id "ref:N", further parts are "ref:N.1", "ref:N.2", ...
        for k, (i, j) in enumerate(pack(entry, limit) if len(entry) > limit else [(0, len(entry))]):
            out.append(Passage(
                id=f"ref:{ref.number}" + (f".{k}" if k else ""), kind="reference_entry", source_kind="reference",
                source_ref=ref.number, section="References", section_path=("References",),
                topic=topics.get(ref.number, "background"), start=start, end=end, refs=(ref.number,),
                text=entry[i:j],
            ))
    return out


def _find(source: str, ref, end: bool = False) -> int:  # type: ignore[no-untyped-def]
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
