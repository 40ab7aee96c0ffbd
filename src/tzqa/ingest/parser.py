"""The review's extracted text -> :class:`~tzqa.models.Document`.

The text is one paragraph per line with blank lines between (``pdf.py`` brings
a PDF to the same shape). Front matter is located from the "KEYWORDS" line;
numbered headings are accepted only when they continue the numbering, so a
paragraph that happens to start with a number is never taken for a heading.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tzqa.domain import pack
from tzqa.errors import TzqaError
from tzqa.ingest.library import reflist
from tzqa.ingest.library.cite import cited_numbers
from tzqa.ingest.text import MappedText, clean, fold_lookalikes, vocabulary_of
from tzqa.models import Document, Paragraph, Section, TableRow, Topic

_HEADING = re.compile(r"^(\d+(?:\.\d+){0,4})\s+(\S.{0,150})$")
_PAGE_NUMBER = re.compile(r"^\d{1,3}$")
BACK_MATTER = (
    "author contributions", "funding", "conflict of interest", "publisher's note",
    "references", "acknowledgments", "acknowledgements", "supplementary material",
    "data availability statement", "ethics statement",
)
_TERMINAL = re.compile(r"[.!?][)\]\"'”’]*$|[.!?]\s*\(\d[\d,\s\-–]*\)\.?$")


@dataclass
class _Line:
    raw: str
    start: int

    @property
    def text(self) -> str:
        return self.raw.strip()

    def mapped(self) -> MappedText:
        lead = len(self.raw) - len(self.raw.lstrip())
        return MappedText.of(self.raw, self.start).slice(lead, lead + len(self.text))


class ParseError(TzqaError, ValueError):
    """The text does not have the structure of the review (no KEYWORDS, no headings...)."""


@lru_cache(maxsize=1)
def _furniture() -> re.Pattern[str]:
    """The review's page furniture (journal banner, running header): the domain pack's review.json."""
    return re.compile(pack.load("review.json")["page_furniture"], re.IGNORECASE)


def topic_for(title: str) -> Topic:
    """Topic of a top-level section, from its title (the pack's section-title words, first match wins)."""
    t = title.lower()
    for topic, words in pack.load("review.json")["section_topics"]:
        if any(w in t for w in words):
            return topic  # type: ignore[no-any-return]
    return "background"


def _lines(source: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    for raw in source.split("\n"):
        if raw.strip():
            out.append(_Line(raw.rstrip("\r"), pos))
        pos += len(raw) + 1
    return out


def _is_debris(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text) or _furniture().match(text))


def _valid_next(prev: tuple[int, ...] | None, cur: tuple[int, ...]) -> bool:
    if prev is None:
        return cur == (1,)
    if cur == prev + (1,):
        return True
    return any(cur == prev[:i] + (prev[i] + 1,) for i in range(len(prev)))


def parse_review(source: str) -> Document:
    """Parse the whole review; raises :class:`ParseError` when its landmarks are missing."""
    lines = _lines(source)
    k = next((i for i, ln in enumerate(lines) if ln.text.upper() == "KEYWORDS"), None)
    if k is None or k < 4 or k + 1 >= len(lines):
        raise ParseError("no KEYWORDS line with title, authors, affiliations and abstract before it")
    vocab = vocabulary_of(source)
    title = clean(lines[k - 4].mapped(), vocab).text
    authors = clean(lines[k - 3].mapped(), vocab).text
    abstract_mt = clean(lines[k - 1].mapped(), vocab)
    keywords = tuple(w.strip() for w in lines[k + 1].text.split(",") if w.strip())

    sections: list[Section] = []
    body: list[tuple[str, list[_Line]]] = []  # (section number, paragraph lines to join)
    table_lines: list[_Line] = []
    table_caption = ""
    back: dict[str, list[_Line]] = {}
    ref_lines: list[_Line] = []
    prev_num: tuple[int, ...] | None = None
    mode = "body"
    back_key = ""
    top_topic: dict[str, Topic] = {}
    refs_started = False

    i = k + 2
    while i < len(lines):
        ln = lines[i]
        t = ln.text
        i += 1
        if _is_debris(t):
            continue
        low = t.lower().rstrip(":")
        if low in BACK_MATTER and "\t" not in ln.raw:
            mode, back_key = ("refs" if low == "references" else "back"), low
            refs_started = refs_started or low == "references"
            if low != "references":
                back.setdefault(low, [])
            continue
        if mode == "back" and refs_started and reflist.resumes_list(t):
            mode = "refs"  # a note the layout dropped into the list has ended
        if mode == "back":
            back[back_key].append(ln)
            continue
        if mode == "refs":
            ref_lines.append(ln)
            continue
        if re.match(r"^TABLE\s+\d+\b", t, re.IGNORECASE):
            table_caption = clean(ln.mapped(), vocab).text
            mode = "table"
            continue
        if mode == "table":
            if "\t" in ln.raw:
                table_lines.append(ln)
                continue
            mode = "body"
        hm = _HEADING.match(t)
        if hm and "\t" not in ln.raw and not t.endswith("."):
            num = tuple(int(x) for x in hm.group(1).split("."))
            if _valid_next(prev_num, num):
                prev_num = num
                number = hm.group(1)
                htitle = clean(MappedText.of(hm.group(2)), vocab).text
                parent = ".".join(number.split(".")[:-1]) or None
                if parent is None:
                    top_topic[number] = topic_for(htitle)
                sections.append(Section(number, htitle, len(num), parent, top_topic[number.split(".")[0]]))
                body.append((number, []))
                continue
        if not sections:
            continue
        cur = body[-1][1]
        if cur and not _TERMINAL.search(cur[-1].text):
            cur.append(ln)  # a paragraph the page break cut in two
        else:
            body.append((sections[-1].number, [ln]))

    references, back_text = _references(ref_lines, back, vocab)
    n_refs = len(references)  # a citation may name any entry of the list, and nothing beyond it
    paragraphs = _paragraphs(body, vocab, n_refs)
    rows, columns = _table(table_lines, vocab, n_refs)
    if not sections:
        raise ParseError("no numbered section headings found")
    return Document(
        title=title,
        authors=re.sub(r"[¹²³⁴⁵⁶⁷⁸⁹⁰,]*[¹²³⁴⁵⁶⁷⁸⁹⁰]\*?|(?<=[a-z])\*", "", authors),
        abstract=abstract_mt.text,
        keywords=keywords,
        sections=tuple(sections),
        paragraphs=tuple(paragraphs),
        table_caption=table_caption,
        table_columns=columns,
        table_rows=tuple(rows),
        references=tuple(references),
        back_matter=back_text,
        source=source,
        abstract_span=abstract_mt.span(),
    )


def _paragraphs(body: list[tuple[str, list[_Line]]], vocab: set[str], n_refs: int) -> list[Paragraph]:
    out: list[Paragraph] = []
    per_section: dict[str, int] = {}
    for number, parts in body:
        if not parts:
            continue
        mapped = [p.mapped() for p in parts]
        joined = mapped[0]
        for m in mapped[1:]:
            joined = MappedText.join([joined, m], "" if joined.text.endswith("-") else " ")
        cleaned = clean(joined, vocab)
        if not cleaned.text:
            continue
        idx = per_section.get(number, 0)
        per_section[number] = idx + 1
        start, end = joined.span()
        out.append(Paragraph(
            section=number,
            index=idx,
            text=cleaned.text,
            original=" ".join(p.text for p in parts),
            start=start,
            end=end,
            citations=cited_numbers(cleaned.text, n_refs),
            char_offsets=cleaned.offsets,
        ))
    return out


def _table(lines: list[_Line], vocab: set[str], n_refs: int) -> tuple[list[TableRow], tuple[str, ...]]:
    """Rows of the flattened table; a line whose first cell is empty continues the line above."""
    merged: list[tuple[list[str], int, int]] = []
    for ln in lines:
        cells = [c.strip() for c in ln.raw.split("\t")]
        end = ln.start + len(ln.raw)
        if merged and not cells[0]:
            row, s, _ = merged[-1]
            for j, c in enumerate(cells):
                if c and j < len(row):
                    row[j] = f"{row[j]} {c}".strip()
            merged[-1] = (row, s, end)
        else:
            merged.append((cells, ln.start, end))
    if not merged:
        return [], ()
    columns = tuple(fold_lookalikes(c) for c in merged[0][0])
    rows: list[TableRow] = []
    for cells, s, e in merged[1:]:
        cells = (cells + [""] * 5)[:5]
        fixed = [clean(MappedText.of(c), vocab).text for c in cells]
        am = re.match(r"^(.*?)\s*\(([\d,\s\-–]+)\)\s*$", fixed[4])
        author, numbers = (am.group(1), cited_numbers(f"({am.group(2)})", n_refs)) if am else (fixed[4], ())
        rows.append(TableRow(
            biomarker=fixed[0], biomarker_original=cells[0], mechanism=fixed[1], resistance=fixed[2],
            correlation=fixed[3], author=author, refs=numbers, start=s, end=e,
        ))
    return rows, columns


def _references(
    ref_lines: list[_Line], back: dict[str, list[_Line]], vocab: set[str]
) -> tuple[list, dict[str, str]]:
    """Separate notes interleaved with the list, then reassemble and read the entries.

    A note heading ("Conflict of interest", "Publisher's note") inside the list owns
    the paragraphs after it until reference matter resumes; a stray fragment that is
    not reference matter continues whichever back-matter paragraph was cut mid-sentence
    (the funding statement, in this review).
    """
    blocks = [ln.mapped() for ln in ref_lines]
    entries, strays = reflist.assemble(blocks)
    back_text = {k: " ".join(ln.text for ln in v) for k, v in back.items()}
    for stray in strays:
        open_key = next((k for k, v in back_text.items() if v and not _TERMINAL.search(v)), None)
        if open_key is None:
            open_key = "unassigned"
            back_text.setdefault(open_key, "")
        back_text[open_key] = f"{back_text[open_key]} {stray.text}".strip()
    references = []
    for number, mt, _recovered in entries:
        cleaned = clean(mt, vocab, keep_markup=True)
        references.append(reflist.parse_reference(number, cleaned.text))
    return references, back_text
