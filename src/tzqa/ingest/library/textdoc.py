"""PDF, plain text and Markdown -> :class:`~.records.Article`.

Reading the file is :mod:`.files` (refusals with the reason); page cleaning (running headers and footers
found by repetition across pages, two-column reading order, re-joined lines and hyphenation, the reference
list set apart) is :mod:`tzqa.ingest.clean`'s. This module adds what a library document needs on top: its
tables (a "Table N" caption followed by rows of cells), its own numbered reference list, and in-text
citations resolved against that list. Files ``tzqa add`` stores and files in ``corpus/references/`` are
read here alike.
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from tzqa.ingest.clean import clean_pages
from tzqa.ingest.library import cite
from tzqa.ingest.library.files import read_pages
from tzqa.ingest.library.front import read_front
from tzqa.ingest.library.furniture import is_front_furniture
from tzqa.ingest.library.limits import MAX_FILE_BYTES, MAX_TEXT_CHARS, DocumentError
from tzqa.ingest.library.records import Article, Block, DocRecord, Table, make_id
from tzqa.ingest.library.reflist import find_doi, highest_number, is_author_year, parse_list
from tzqa.ingest.pages import norm_line
from tzqa.ingest.pdf import SOFT_JOIN, dehyphenate

_CAPTION = re.compile(r"^\s*(Table\s+(\d{1,2}))\s*[.:|]?\s*(.*)$", re.IGNORECASE)
# A raised number the PDF reader bracketed after a word ("scores[1]", "3 deg[2]"): in a document that cites by
# names and years it is a footnote mark or an exponent, never a citation, and is shown raised again; so is one after
# a closing parenthesis, "((width)[2] x length x 0.52)".
_GLUED_MARK = re.compile(r"(?:(?<=[^\W\d_])|(?<=\)))([.,;:]?)\[(\d{1,3}(?:[,–]\d{1,3})*)\]")
_RAISED = str.maketrans("0123456789,–", "⁰¹²³⁴⁵⁶⁷⁸⁹˒⁻")


def raised_marks(text: str) -> str:
    """"deg[2]" -> "deg²", "surveys,[2]" -> "surveys,²" (see ``_GLUED_MARK``); for author–year documents only."""
    return _GLUED_MARK.sub(lambda m: m.group(1) + m.group(2).translate(_RAISED), text)


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|") or s.count("|") >= 2:
        cells = [c.strip() for c in s.strip("|").split("|")]
        return [] if all(re.fullmatch(r":?-{2,}:?", c) or not c for c in cells) else cells
    return [c.strip() for c in re.split(r"\t|\s{3,}", s) if c.strip()]


def extract_tables(pages: list[str]) -> tuple[list[str], list[tuple[str, str, list[list[str]]]]]:
    """Pull "Table N" blocks out of the pages: (pages without them, [(label, caption, rows)]).

    A table is its caption line (plus up to two continuation lines) and the lines after it that split
    into two or more cells, up to the first blank line; anything else ends it.
    """
    tables: list[tuple[str, str, list[list[str]]]] = []
    out_pages: list[str] = []
    for page in pages:
        lines = page.split("\n")
        keep: list[str] = []
        i = 0
        while i < len(lines):
            m = _CAPTION.match(lines[i])
            if not m or len(_cells(lines[i])) > 2:
                keep.append(lines[i])
                i += 1
                continue
            caption = [m.group(3).strip()]
            j = i + 1
            while j < len(lines) and j <= i + 2 and lines[j].strip() and len(_cells(lines[j])) < 2:
                caption.append(lines[j].strip())
                j += 1
            if j + 1 < len(lines) and not lines[j].strip() and len(_cells(lines[j + 1])) >= 2:
                j += 1  # a caption set apart from its rows by a gap
            rows: list[list[str]] = []
            while j < len(lines) and lines[j].strip() and (len(_cells(lines[j])) >= 2 or not _cells(lines[j])):
                if _cells(lines[j]):
                    rows.append(_cells(lines[j]))
                j += 1
            if len(rows) < 2:  # a sentence starting "Table 2 shows ..." is text, not a table
                keep.append(lines[i])
                i += 1
                continue
            tables.append((m.group(1).title(), re.sub(r"\s+", " ", " ".join(caption)).strip(), rows))
            keep.append("")
            i = j
        out_pages.append("\n".join(keep))
    return out_pages, tables


def read_text_document(path: Path, doc_id: str | None = None, title: str | None = None,
                       kind: str = "paper") -> Article:
    """A PDF, ``.txt`` or ``.md`` file as an article; raises :class:`DocumentError` when it cannot be used."""
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if size == 0:
        raise DocumentError("empty file")
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"too large ({size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:g} MB)")
    pages = read_pages(path)  # a PDF's header, page limit and encryption checked; text decoded
    pages, raw_tables = extract_tables(pages)
    paper = clean_pages(pages, markdown=suffix == ".md")
    if not paper.blocks:
        raise DocumentError("no body text left after cleaning")
    if len(paper.text) > MAX_TEXT_CHARS:
        raise DocumentError(f"too long ({len(paper.text):,} characters; the limit is {MAX_TEXT_CHARS:,})")
    references = parse_list(paper.references_text)
    words = cite.standalone_words([b.text for b in paper.blocks])
    n = highest_number(references)  # a list that skips a number cites up to its last entry's
    notes = [] if references else ["no numbered reference list found: citations left unresolved"]
    parentheses = not cite.cites_in_brackets([b.text for b in paper.blocks], n)
    numeric = not is_author_year(paper.references_text)  # an author–year document's numbers are never citations
    glued = not cite.cites_in_parentheses([b.text for b in paper.blocks], n)
    problems: list[str] = []

    def located(text: str) -> tuple[str, tuple[int, ...], cite.Spans]:
        return cite.resolve_spans(text, n, references, words, problems, parentheses, numeric=numeric, glued=glued)

    def resolved(text: str) -> tuple[str, tuple[int, ...]]:
        fixed, cited, _ = located(text)
        return fixed, cited

    removed = set(paper.removed)
    first_line = next((re.sub(r"\s{2,}", " ", ln.strip()) for p in pages for ln in p.split("\n")
                       if ln.strip() and norm_line(ln) not in removed), path.stem)
    lead = paper.blocks[0]
    if lead.section == "Text" and len(lead.text) < 300 and not lead.text.endswith("."):
        first_line = lead.text  # a title wrapped over lines comes out as the first paragraph
    first_title = re.sub(r"^#+\s*", "", first_line)[:300]
    abstract: list[Block] = []
    body: list[Block] = []
    front_matter = _front_matter(paper.blocks) if suffix == ".pdf" else set()
    front = read_front(path) if suffix == ".pdf" else None
    printed_title = re.sub(r"\s+", " ", front.title or "") if front else ""
    last_raw: dict[int, str] = {}  # the text of the last block kept in abstract / body, before citations
    bridged = False  # furniture was dropped since the last block kept
    for b in paper.blocks:
        shown = title or first_title
        if b is lead and b.section == "Text" and len(paper.blocks) > 1 and (
                shown.startswith(b.text[:60]) or b.text == first_line
                or (shown in b.text and len(b.text) < len(shown) + 40)):
            continue  # the title, read as the first paragraph (a file of one paragraph is its text, not a title)
        if id(b) in front_matter:
            continue
        if front is not None and (is_front_furniture(b.text) or (  # footnotes, affiliations, dates: furniture
                b.section == "Text" and len(printed_title) >= 20 and b.text.startswith(printed_title))):
            bridged = True
            continue  # ... and the title block, read after an abstract printed beside or above it
        into = abstract if b.section.lower() == "abstract" else body
        raw = b.text if numeric else raised_marks(b.text)
        if bridged and into and into[-1].section == b.section and raw[:1].islower() \
                and not re.search(r"[.!?:]$", last_raw[id(into)]):  # a footnote had cut this paragraph in two
            raw = dehyphenate(f"{last_raw[id(into)]}{SOFT_JOIN}{raw}", set()) \
                if last_raw[id(into)].endswith("-") else f"{last_raw[id(into)]} {raw}"
            into.pop()
        bridged = False
        text, cited, spans = located(raw)
        into.append(Block(b.section, text, cited, spans))
        last_raw[id(into)] = raw
    tables = []
    for label, caption, rows in raw_tables:
        cells = [tuple(resolved(c)[0] for c in r) for r in rows[1:]]
        cites = [tuple(dict.fromkeys(x for c in r for x in resolved(c)[1])) for r in rows[1:]]
        tables.append(Table(label, caption, tuple(rows[0]), tuple(cells), tuple(cites)))
    doi = _article_doi(paper.front, "\f".join(pages), references)
    if doi:  # a page footer's DOI read into an entry is the article's own, not the entry's
        references = [replace(r, doi=None) if r.doi and r.doi.lower() == doi.lower() else r for r in references]
    authors: tuple[str, ...] = ()
    year = None
    if front is not None:
        title = title or front.title or first_title
        authors, year = front.authors, front.year
    else:
        title = title or first_title
    record = DocRecord(id=doc_id or make_id(path.stem, doi), kind=kind, title=title, authors=authors, year=year,
                       doi=doi, source_file=path.name)
    if problems:  # author–year citations that match no entry or several: reported, not dropped silently
        shown = "; ".join(dict.fromkeys(problems))
        notes.append(f"{len(problems)} author–year citation(s) not resolved: {shown[:600]}")
    return Article(record, tuple(abstract), tuple(body or abstract), tuple(tables), tuple(references), tuple(notes),
                   citations_located=True, front=paper.front)


def _front_matter(blocks) -> set[int]:  # type: ignore[no-untyped-def]
    """Ids of the short blocks a PDF opens with, before its first named section or first full paragraph: the
    title block ("Research Article <title>"), authors, affiliations, correspondence, dates, the licence line —
    the record's business, not passages to answer from."""
    out: set[int] = set()
    for b in blocks:
        if b.section != "Text" or len(b.text) >= 300:
            break
        out.add(id(b))
    return out if len(out) < len(blocks) else set()


def _article_doi(front: str, text: str, references: list) -> str | None:
    """The article's DOI: the first whole one before its reference list, else one printed anywhere (a "Cite this
    article" box after the list); never an entry's. An entry's DOI is one it prints, or one printed right after
    its words: the cleaning drops a line that is only "doi:…" (a header's identifier), so an entry whose DOI
    stands on a line of its own ("…Kluwer, Dordrecht," / "doi:10.1007/…") keeps its words but not its DOI, and a
    list with no heading lies inside ``front``. A DOI on the first page, or one that opens a "Cite this article"
    box, is the article's all the same (a footer repeats it into entries; the box follows the last entry)."""
    theirs = {r.doi.lower() for r in references if r.doi}
    raws = [re.sub(r"\s+", "", r.raw.lower()) for r in references]

    first_page = re.sub(r"\s+", "", text.split("\f")[0].lower()) if "\f" in text else ""

    def own(found: str | None, source: str, at: int) -> bool:
        if found and found.lower() in first_page:
            return True  # printed on the first page: the article's (a footer repeats it into entries)
        if not found or found.lower() in theirs or any(found.lower() in raw for raw in raws):
            return False
        if re.match(r"\S+\s+(?:cite\s+this\s+article|please\s+cite)", source[at:at + 120], re.IGNORECASE):
            return True  # a "Cite this article" box printed after the last entry
        before = re.sub(r"\s+", "", source[max(0, at - 80):at].lower())
        before = re.sub(r"(?:doi:?|https?://(?:dx\.)?doi\.org/)$", "", before)[-30:]
        return len(before) < 15 or not any(before in raw for raw in raws)

    marked = r"(?i)doi:?\s*|https?://(?:dx\.)?doi\.org/"
    first = find_doi(front)
    for source, where in ([(front, rf"{marked}|\b10\.\d{{4,9}}/")] if first else []) + [(text, marked)]:
        for m in re.finditer(where, source):
            found = find_doi(source[m.start():m.end() + 200])
            if found and own(found, source, m.start()):
                return found
    return None
