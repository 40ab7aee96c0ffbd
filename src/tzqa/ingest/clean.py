"""Pages of extracted text -> a paper's cleaned text: paragraphs under their section names.

Cleaning undoes what page layout does to text (:mod:`tzqa.ingest.pages`: running headers and footers,
two columns), re-joins wrapped lines into paragraphs (also across a page break), joins a word hyphenated at
a line end when the whole word occurs elsewhere in the paper or is an English word, and sets apart the paper's own reference
list (from its "References" heading on, or a numbered list found by its shape at the end when there is no
heading) and back matter (acknowledgements, funding, conflicts of interest). Section headings
(:mod:`tzqa.ingest.headings`), where recognisable, name the paragraphs' sections. Every reader of PDF, text
and Markdown (``ingest/library/textdoc.py``) goes through here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tzqa.ingest.headings import (
    APPENDIX,
    BACK_STATEMENT,
    HEADING,
    MD_HEADING,
    first_references_heading,
    heading_kind,
    heading_number,
    read_heading,
    section_name,
    sets_capitals,
    table_row,
)
from tzqa.ingest.pages import CITATION_FOOTER, drop_citation_footer, drop_sidebar, split_columns, strip_running_lines
from tzqa.ingest.paused_list import resumes
from tzqa.ingest.pdf import HYPHENS, SOFT_JOIN, dehyphenate
from tzqa.ingest.unheaded_list import find_list, list_start

_FULL_LINE = 0.85
MAX_CUTS = 12  # paragraphs tried as holding a list's first entry (clean._unheaded_list)


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of the cleaned text: ``text == CleanText.text[start:end]``."""

    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CleanText:
    """A paper's cleaned text (headings and paragraphs, blank lines between) and its paragraphs.

    ``front`` is the raw text before the paper's reference list, running headers
    included (journals print the DOI there); it is what DOIs and titles are matched in.
    """

    text: str
    blocks: tuple[Paragraph, ...]
    front: str
    removed: tuple[str, ...] = ()  # distinct running header/footer lines dropped (normalised)
    references_dropped: bool = False
    references_text: str = ""  # the paper's own reference list, cleaned, for readers that resolve citations

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.section for b in self.blocks))


# Identifier lines ("DOI: 10...") carry no findings; in markdown also the header `tzqa references fetch` writes.
_METADATA = re.compile(r"[-*]?\s*\**(?:doi|pmid|pmcid)\**\s*:\s*\S.*", re.IGNORECASE)
_MD_METADATA = re.compile(r"[-*]?\s*\**(?:doi|licen[cs]e|source(?:\s+url)?|retrieved|reference|pmid|pmcid|"
                          r"europe\s*pmc)\**\s*:\s*\S.*", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]”\"]$")
# A paragraph that is only a web address, or a copyright line ("© 2014 Sood et al."): nothing to answer from.
# Nature's "Online Methods", printed after the reference list: body text, and its few references continue the
# list's numbers at its end ("50. Berens, P. CircStat: … (2009).")
# A figure's caption: printed after the last entry, or on a page of its own among the list's pages, it is the
# text's, not an entry's tail
_FIGURE_CAPTION = re.compile(r"(?:Figure|FIGURE|Fig\.|FIG\.)\s*\d{1,2}[a-z]?[.:]\s+[A-Z(]")
_DATED = re.compile(r"\((?:Dated|Received|Submitted|Accepted)\b:?[^()]{0,80}\)", re.IGNORECASE)
_HEADING_TAIL = re.compile(r"[a-z][a-z\-]{1,20}(?: [A-Za-z][a-z\-]*){0,3}")  # a heading's word broken at its line end
_METHODS_AFTER = re.compile(r"(?:online\s+)?methods", re.IGNORECASE)
# Cell Press's STAR Methods, printed after the reference list under its fixed headings: body text again, and the
# key resources table is a table, not text
_STAR_METHODS = re.compile(r"key\s+resources\s+table|resource\s+availability|experimental\s+model\s+and\s+"
                           r"(?:study\s+participant|subject)\s+details|method\s+details|"
                           r"quantification\s+and\s+statistical\s+analysis", re.IGNORECASE)
_METHODS_RUN_IN = re.compile(r"(?:ONLINE METHODS|Online Methods|METHODS)\s+(?=[A-Z])(.+)", re.S)  # its first paragraph
_CONTINUED_ENTRY = re.compile(r"(\d{1,3})\.\s+[A-Z][\w'’\-]+,\s.*\((?:19|20)\d\d[a-z]?\)\.?", re.S)
# a link, a copyright line, or a journal's name over the article's DOI ("nature neuroscience doi:10.1038/nn.2727",
# a methods page's footer printed on no other page)
# or MDPI's first-page footer, the article's citation and links (pages.CITATION_FOOTER)
# or a copyright line with its licence sentence, short of a passage ("Copyright © 2019 The Author(s). Published by
# Elsevier Ltd. This is an Open Access article under the CC BY 4.0 license.", under The Lancet's summary)
_BARE = re.compile(r"(?:https?://|www\.)\S+|©\s*(?:19|20)\d\d\b.{0,60}|[A-Za-z .&|]{0,60}\bdoi:\s*10\.\d{4,9}/\S+"
                   r"|copyright\s*©\s*(?:19|20)\d\d\b.{0,140}"
                   rf"|{CITATION_FOOTER.pattern}", re.IGNORECASE)
# a journal's colophon after the list: "This paper has been typeset from a TEX/LATEX file prepared by the author."
_TYPESET = re.compile(r"\s*This (?:paper|article) has been typeset from a T[Ee]X/L[Aa]T[Ee]X file prepared by the authors?\.?")


def _markdown_line(s: str) -> str:
    """A Markdown line as plain text: images dropped, links as their words, emphasis marks and bullets off."""
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"(\*\*|__|`)", "", s)
    s = re.sub(r"^\s*[-*+]\s+", "", s)  # list bullets
    return s.replace("<br>", " ")


def _heading_line_two(s: str, following: str) -> bool:
    """Whether ``s``, right under a numbered heading that has not ended, is that heading's second line: a few words
    with no sentence's end, itself no heading, standing alone before the section's first paragraph (a blank line
    next). Numbered headings wrap in a column's width ("5 Is there any association between PA and metabolic" /
    "syndrome?", "2.3. The Molar Abundance of Actins, Opsin, and Crumbs" / "in Fly Eyes"), and their second line
    was a passage of its own."""
    return (not following.strip() and len(s) <= 60 and len(s.split()) <= 8 and not re.search(r"[.,;]$", s)
            and not s[0].isdigit() and read_heading(s, prev_ended=True, capitals=False) is None
            and not _FIGURE_CAPTION.match(s))


def _assemble(pages: list[list[str]], markdown: bool) -> list[tuple[str, str]]:
    """(kind, text) blocks, kind "heading" | "title" | "para", in reading order; soft joins still marked."""
    nonblank = [ln.strip() for lines in pages for ln in lines if ln.strip()]
    per_line = bool(nonblank) and sorted(len(s) for s in nonblank)[len(nonblank) // 2] > 200
    blocks: list[tuple[str, str]] = []
    cur: list[str] = []
    seen_title = False
    broken_heading = False  # the heading just read ends in a word broken at the line's end
    capitals = False  # the paper sets its known headings in capitals, so other lines in capitals are headings too
    numbered = 0  # the highest section number a heading has had so far

    def flush() -> None:
        if cur:
            blocks.append(("para", " ".join(cur)))
            cur.clear()

    for page_no, lines in enumerate(pages):
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        lines = lines[idx[0]:idx[-1] + 1] if idx else []  # blank margins are not paragraph breaks
        width = max((len(re.sub(r"\s+", " ", ln.strip())) for ln in lines), default=1) or 1
        last = ""
        open_heading = False  # the numbered heading just read may go on on the next line
        for at, raw in enumerate(lines):
            s = re.sub(r"\s+", " ", raw.strip())
            if not s:
                flush()
                continue
            if len(s) < 300 and (_MD_METADATA if markdown else _METADATA).fullmatch(s):
                continue
            if _DATED.fullmatch(s):  # REVTeX's "(Dated: …)" line parts the authors' block from the abstract
                flush()
                continue
            if markdown:
                m = MD_HEADING.fullmatch(s)
                if m:
                    flush()
                    if len(m.group("hashes")) == 1 and not seen_title and not HEADING.fullmatch(m.group("title")):
                        seen_title = True
                        blocks.append(("title", m.group("title")))
                    else:
                        blocks.append(("heading", section_name(_markdown_line(m.group("title")))))
                    continue
                s = _markdown_line(s).strip()
                if not s:
                    continue
            if broken_heading and not cur and _HEADING_TAIL.fullmatch(s):
                blocks[-1] = ("heading", blocks[-1][1][:-1] + s)  # "… Multicolumn Net-" / "works": one heading
                last, broken_heading = s, False
                continue
            broken_heading = False
            if open_heading and not cur and _heading_line_two(s, lines[at + 1] if at + 1 < len(lines) else ""):
                blocks[-1] = ("heading", f"{blocks[-1][1]} {s}")  # "3 In which patient groups should …" / "be
                last, open_heading = s, False  # recommended?": one heading, not a passage of two words
                continue
            open_heading = False
            h = None if table_row(raw, s, numbered) else read_heading(
                s, prev_ended=not cur or bool(_ENDS_SENTENCE.search(cur[-1])), capitals=capitals)
            if h:
                capitals = capitals or sets_capitals(s)
                numbered = max(numbered, heading_number(s) or 0)
                flush()
                blocks.append(("heading", h[0]))
                if h[1]:
                    cur.append(h[1])
                broken_heading = not h[1] and bool(re.search(r"[a-z]-$", h[0]))
                open_heading = (not h[1] and heading_number(s) is not None and len(s) >= 35 and not HEADING.fullmatch(s)
                                and not re.search(r"[.!?:;\-]$", h[0]))  # a long title, not "4 Results"
                last = s
                continue
            if per_line:
                flush()
                blocks.append(("para", s))
            elif cur and re.search(rf"\w{HYPHENS}$", cur[-1]) and s[0].isalnum():
                cur[-1] = f"{cur[-1]}{SOFT_JOIN}{s}"  # decided once the paper's vocabulary is known
            else:
                cur.append(s)
            last = s
        # A paragraph carries on over the page break when the page ends mid-sentence or on a full line, but not
        # into a figure's caption that opens the next page.
        following = next((ln.strip() for ln in pages[page_no + 1] if ln.strip()), "") if page_no < len(pages) - 1 else ""
        if cur and page_no < len(pages) - 1 and (len(last) < _FULL_LINE * width and _ENDS_SENTENCE.search(last)
                                                 or _FIGURE_CAPTION.match(following)):
            flush()
    flush()
    return blocks


def _unheaded_list(blocks: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], set[int]]:
    """(blocks, indices of the blocks that make a numbered reference list with no heading).

    When no list starts a paragraph, one may start inside one (a footnote above entry 1, or the text's last
    paragraph carried over the page break onto the list's page): that paragraph is cut where entry 1 starts,
    but only if the list is then found, so no other paper's paragraphs change.
    """
    def found(bs: list[tuple[str, str]]) -> set[int]:
        paras = [k for k, (kind, _) in enumerate(bs) if kind == "para"]
        return {paras[k] for k in find_list([bs[k][1].replace(SOFT_JOIN, "") for k in paras])}

    if listed := found(blocks):
        return blocks, listed
    tries = 0  # each try reads the paragraphs again: a few, from the paper's later part, where a list starts
    for k in range(len(blocks) - 1, len(blocks) // 3 - 1, -1):
        kind, text = blocks[k]
        at = list_start(text.replace(SOFT_JOIN, "")) if kind == "para" else None
        if at is None:
            continue
        if (tries := tries + 1) > MAX_CUTS:
            break
        cut = _soft_offset(text, at)
        trial = [*blocks[:k], ("para", text[:cut].rstrip()), ("para", text[cut:]), *blocks[k + 1:]]
        if k + 1 in (listed := found(trial)):
            return trial, listed
    return blocks, set()


def _soft_offset(text: str, at: int) -> int:
    """The offset in ``text`` (soft joins marked) of offset ``at`` in the text with the marks taken out."""
    seen = 0
    for i, ch in enumerate(text):
        if seen == at:
            return i
        seen += ch != SOFT_JOIN
    return len(text)


def clean_pages(pages: list[str], markdown: bool = False) -> CleanText:
    """Pages of extracted text (one string per page) -> :class:`CleanText`."""
    raw = "\n".join(pages)
    split = [split_columns(drop_sidebar(p.split("\n")) if n == 0 else p.split("\n")) for n, p in enumerate(pages)]
    split, removed = strip_running_lines(split)
    blocks = _assemble([drop_citation_footer(lines) for lines in split], markdown)
    words = " ".join(t.replace(SOFT_JOIN, " ") for _, t in blocks)
    vocab = {re.sub(HYPHENS, "-", w.lower()) for w in re.findall(rf"(?:\w|{HYPHENS})+", words)}

    parts: list[str] = []
    out: list[Paragraph] = []
    pos = 0
    section = "Text"
    skipping = False
    refs_dropped = False
    in_refs = False
    after_refs = False  # in the methods section printed after the reference list
    paused = False  # back matter interrupted the list: an entry after it carries the list on (paused_list)
    ref_parts: list[str] = []

    def add(text: str) -> tuple[int, int]:
        nonlocal pos
        if parts:
            pos += 2
        parts.append(text)
        start = pos
        pos += len(text)
        return start, pos

    unheaded: set[int] = set()  # a numbered list with no heading: found by its shape (unheaded_list)
    if not any(kind == "heading" and heading_kind(text) == "references" for kind, text in blocks):
        blocks, unheaded = _unheaded_list(blocks)
    for number, (kind, text) in enumerate(blocks):
        if kind == "title":
            continue
        text = dehyphenate(text, vocab).strip()
        if number in unheaded:
            ref_parts.append(text)
            refs_dropped = True
            continue
        text = _TYPESET.sub("", text).strip() if "typeset" in text else text
        if not text or (kind != "heading" and not in_refs and len(text) <= 12 and not re.search(r"[^\W\d_]", text)):
            continue  # "1", "2 3", "0.5": a figure's labels or a stray folio, no words to read or cite
        if kind == "para" and not in_refs and (len(text) <= 300 and _BARE.fullmatch(text) or BACK_STATEMENT.match(text)):
            continue  # a cover page's link or copyright line; "Competing interests: none" printed beside the text
        if kind == "heading":
            k = heading_kind(text)
            if k == "references":
                refs_dropped = True
                in_refs = True
                continue
            if refs_dropped and not after_refs and _STAR_METHODS.fullmatch(text):
                in_refs, after_refs, section = False, True, text
                skipping = text.lower().startswith("key")
                if not skipping:
                    add(text)
                continue
            if in_refs and k != "back" and not APPENDIX.fullmatch(text):
                ref_parts.append(text)  # "12 Smith J, ..." read as a numbered heading is an entry
                continue
            paused = k == "back" and (paused or in_refs)
            in_refs = False
            if refs_dropped and not after_refs and not _METHODS_AFTER.fullmatch(text):
                skipping = True  # nothing after the reference list is body text, but for Nature's methods
                continue
            after_refs = refs_dropped
            skipping = k == "back"
            if not skipping:
                section = text
                add(text)
            continue
        if in_refs and BACK_STATEMENT.match(text):  # "Conflict of Interest Statement: …" after the last entry
            in_refs, skipping, paused = False, True, True
            continue
        if paused and skipping and kind == "para" and ref_parts and resumes(text, ref_parts[0]):
            in_refs, skipping, paused = True, False, False  # the list goes on after a box set inside it
        if in_refs and not (kind == "para" and _FIGURE_CAPTION.match(text)):
            ref_parts.append(text)
            continue
        if refs_dropped and not after_refs and not in_refs and (run_in := _METHODS_RUN_IN.fullmatch(text)):
            skipping, after_refs, section, text = False, True, "Online Methods", run_in.group(1)
            add(section)
        if skipping:
            continue
        if after_refs and (m := _CONTINUED_ENTRY.fullmatch(text)) and int(m.group(1)) > 1:
            ref_parts.append(text)  # the methods' own references, numbered on from the list
            continue
        start, end = add(text)
        out.append(Paragraph(section, start, end, text))
    front = raw
    m = first_references_heading(raw)
    if m is not None:
        front = raw[:m]
    return CleanText("\n\n".join(parts), tuple(out), front, removed, refs_dropped, "\n".join(ref_parts))
