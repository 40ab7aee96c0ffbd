"""A supplied paper's file -> cleaned text with paragraphs and section names.

Cleaning undoes what page layout does to text: running headers and footers
(lines repeated at the top or bottom of most pages, digits normalised, so page
numbers go too), two-column pages (read left column, then right), wrapped lines
(re-joined into paragraphs), words hyphenated at a line end (joined only when the
whole word occurs elsewhere in the paper), and the paper's own reference list
(from its "References" heading on, or a numbered list found by its shape at the end when
there is no heading) and back matter (acknowledgements, funding,
conflicts of interest). Section headings, where recognisable, label the passages.

Bad files (not what their extension says, encrypted, empty, image-only, too big,
binary or non-UTF-8 text) raise :class:`PaperError` with the reason.
"""
from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tzqa.errors import TzqaError
from tzqa.ingest.pdf import SOFT_JOIN as _SOFT_JOIN
from tzqa.ingest.pdf import dehyphenate
from tzqa.ingest.unheaded_list import find_list

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_PAGES = 300
MAX_TEXT_CHARS = 5_000_000  # about 1500 pages of text; more is not one paper
MIN_TITLE_CHARS = 25  # a normalised title shorter than this is too generic to match on
SUPPORTED_SUFFIXES = (".pdf", ".txt", ".md")

_FULL_LINE = 0.85
_ZONE = 3  # lines at the top and the bottom of a page where running headers/footers live


class PaperError(TzqaError, ValueError):
    """A supplied file that cannot be used; the message says which file and why."""


@dataclass(frozen=True)
class Block:
    """A paragraph of the cleaned text: ``text == CleanPaper.text[start:end]``."""

    section: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CleanPaper:
    """A paper's cleaned text (headings and paragraphs, blank lines between) and its paragraphs.

    ``front`` is the raw text before the paper's reference list, running headers
    included (journals print the DOI there); it is what DOIs and titles are matched in.
    """

    text: str
    blocks: tuple[Block, ...]
    front: str
    removed: tuple[str, ...] = ()  # distinct running header/footer lines dropped (normalised)
    references_dropped: bool = False
    references_text: str = ""  # the paper's own reference list, cleaned, for readers that resolve citations

    @property
    def sections(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(b.section for b in self.blocks))


# -- reading ------------------------------------------------------------------------------------
def read_paper(path: Path) -> CleanPaper:
    """A supplied file, read and cleaned; raises :class:`PaperError` for any file that cannot be used."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise PaperError(f"unsupported file type {path.suffix or '(none)'!r}; use .pdf, .txt or .md")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise PaperError(f"cannot be read ({exc.strerror or exc})") from exc
    if size == 0:
        raise PaperError("empty file")
    if size > MAX_FILE_BYTES:
        raise PaperError(f"too large ({size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:g} MB)")
    if suffix == ".pdf":
        paper = clean_pages(_pdf_pages(path))
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise PaperError(f"cannot be read ({exc.strerror or exc})") from exc
        text = _decode(data)
        paper = clean_pages(text.split("\f"), markdown=suffix == ".md")
    if not paper.blocks:
        raise PaperError("no body text left after cleaning")
    if len(paper.text) > MAX_TEXT_CHARS:
        raise PaperError(f"too long ({len(paper.text):,} characters; the limit is {MAX_TEXT_CHARS:,})")
    return paper


def _pdf_pages(path: Path) -> list[str]:
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        raise PaperError("not a PDF (no %PDF header)")
    with _quiet_pypdf():
        return _read_pdf(path)


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """pypdf and pdfminer log their repairs of broken files; the report on the file says what matters."""
    logs = [logging.getLogger(name) for name in ("pypdf", "pdfminer")]
    levels = [log.level for log in logs]
    for log in logs:
        log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for log, level in zip(logs, levels, strict=True):
            log.setLevel(level)


def _read_pdf(path: Path) -> list[str]:
    """Checked with pypdf (readable, not encrypted, page limit); the text laid out by :mod:`.pdf_layout`."""
    import pypdf

    from tzqa.ingest.pdf_layout import layout_pages

    try:
        reader = pypdf.PdfReader(str(path))
        encrypted = reader.is_encrypted
        n = len(reader.pages) if not encrypted else 0
    except Exception as exc:  # pypdf raises many kinds on broken files
        raise PaperError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    if encrypted:
        raise PaperError("PDF is encrypted")
    if n > MAX_PAGES:
        raise PaperError(f"too many pages ({n}; the limit is {MAX_PAGES})")
    try:
        pages = layout_pages(path)
    except Exception as exc:  # a page pdfminer cannot lay out
        raise PaperError(f"not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not any(p.strip() for p in pages):
        raise PaperError("PDF has no text layer (scanned image?)")
    return pages


def _decode(data: bytes) -> str:
    if b"\x00" in data or data.startswith(b"%PDF-"):
        raise PaperError("binary data, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PaperError(f"not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    control = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\n\r\t\f")
    if control > max(5, len(text) // 100):
        raise PaperError("binary data, not text (control characters)")
    if not text.strip():
        raise PaperError("empty file (whitespace only)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- cleaning -----------------------------------------------------------------------------------
def _norm_line(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


_PAGE_OF = re.compile(r"page\s*#\s*(?:of|/)\s*#", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"(?:page\s*)?#(?:\s*(?:of|/)\s*#)?|[-–—]\s*#\s*[-–—]", re.IGNORECASE)


def strip_running_lines(pages: list[list[str]]) -> tuple[list[list[str]], tuple[str, ...]]:
    """Drop headers/footers and page numbers, wherever column splitting left them on the page.

    A line is cut into its pieces (runs of text three or more spaces apart: a header prints the journal
    on the left and "Page 2 of 10" on the right), compared with digits normalised. A piece on 30% of the
    pages or more is furniture wherever it sits, when it is long enough not to be common text (12+
    characters) and sits in the top or bottom zone of half of those pages at least (text that repeats
    mid-page — reference entries alike once digits are normalised — is not furniture), or when it sits
    in the zones of all of them, or when it stands alone (its own line, blank lines or the page's edge
    above and below) wherever it is on every page it is on and has several words (15+ characters): a
    running title the column reading put mid-page; "Page n of m" is furniture anywhere,
    a bare page number in the zones. Journals alternate headers (journal name on even pages, short
    title on odd), so most of the pages is more than needed.
    """
    zones: list[set[int]] = []
    anywhere: Counter[str] = Counter()
    in_zone: Counter[str] = Counter()
    alone: Counter[str] = Counter()  # pages where a piece's line stands alone
    repeated: Counter[str] = Counter()  # pages where a piece occurs more than once: text (reference entries alike
    # once digits are normalised), not furniture, which a page prints once
    for lines in pages:
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        zone = set(idx[:_ZONE]) | set(idx[-_ZONE:])
        zones.append(zone)
        on_page = Counter(_norm_line(seg) for i in idx for seg in _pieces(lines[i]))
        anywhere.update(on_page.keys())
        repeated.update(k for k, c in on_page.items() if c > 1)
        in_zone.update({_norm_line(seg) for i in zone for seg in _pieces(lines[i])})
        alone.update({_norm_line(seg) for i in idx if (i == 0 or not lines[i - 1].strip())
                      and (i + 1 == len(lines) or not lines[i + 1].strip()) for seg in _pieces(lines[i])})
    need = max(2, math.ceil(0.3 * len(pages)))
    running = {k for k, c in anywhere.items()
               if c >= need and len(k) <= 250 and not _HEADING.fullmatch(k) and not _PAGE_NUMBER.fullmatch(k)
               and 2 * repeated[k] < c and ((len(k) >= 12 and 2 * in_zone[k] >= need) or in_zone[k] >= need
                                            or (len(k) >= 15 and " " in k and alone[k] == c))}
    folios = _folios(pages, need)
    out: list[list[str]] = []
    removed: set[str] = set()
    for page_no, (lines, zone) in enumerate(zip(pages, zones, strict=True)):
        keep = []
        for i, ln in enumerate(lines):
            kept = ln
            for seg in _pieces(ln):
                key = _norm_line(seg)
                folio = seg.isdigit() and len(seg) <= 4 and int(seg) - page_no in folios
                if folio or key in running or _PAGE_OF.fullmatch(key) or (i in zone and _PAGE_NUMBER.fullmatch(key)):
                    removed.add(key)
                    kept = kept.replace(seg, " " * len(seg), 1)
            if ln.strip() and not kept.strip():
                continue
            keep.append(kept.rstrip() if kept.strip() else kept)
        out.append(keep)
    return out, tuple(sorted(removed))


def _folios(pages: list[list[str]], need: int) -> set[int]:
    """Offsets (printed number minus page index) of bare numbers that count up with the pages: page numbers,
    wherever the column reading left them ("306" mid-page on page 2 of an article starting at 305)."""
    offsets: Counter[int] = Counter()
    for page_no, lines in enumerate(pages):
        offsets.update({int(seg) - page_no for ln in lines for seg in _pieces(ln) if seg.isdigit() and len(seg) <= 4})
    return {k for k, c in offsets.items() if c >= need}


def _pieces(line: str) -> list[str]:
    return [seg for seg in re.split(r"\s{3,}", line.strip()) if seg]


def split_columns(lines: list[str]) -> list[str]:
    """A two-column page in layout mode has a gutter of spaces at one position: read left, then right.

    Lines that cross the gutter (a title, a wide figure caption) stay whole, in place.
    """
    body = [ln for ln in lines if ln.strip()]
    if len(body) < 8:
        return lines
    width = max(len(ln) for ln in body)
    best, best_both = None, 0
    for x in range(int(width * 0.3), int(width * 0.7)):
        clear = sum(1 for ln in body if not ln[x - 1:x + 2].strip())
        both = [ln for ln in body if ln[:x].strip() and ln[x + 2:].strip() and not ln[x - 1:x + 2].strip()]
        if clear < 0.9 * len(body) or len(both) < 0.3 * len(body) or len(both) <= best_both:
            continue
        # A gutter is wider than any gap between words on its line; aligned word gaps in one column are not.
        wide = sum(1 for ln in both if _gap_at(ln, x) > max(
            (len(g) for g in re.findall(r" +", ln[:x - 1].strip() + " " + ln[x + 2:].strip())), default=0))
        if wide >= 0.8 * len(both):
            best, best_both = x, len(both)
    if best is None:
        return lines
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        out.extend(left)
        out.append("")
        out.extend(right)
        left.clear()
        right.clear()

    for ln in lines:
        if ln[best - 1:best + 2].strip():  # crosses the gutter
            flush()
            out.append(ln)
            continue
        left.append(ln[:best].rstrip())
        right.append(ln[best:].strip())
    flush()
    return out


def _gap_at(line: str, x: int) -> int:
    a = x
    while a > 0 and line[a - 1] == " ":
        a -= 1
    b = x
    while b < len(line) and line[b] == " ":
        b += 1
    return b - a


_KNOWN = (r"abstract|summary|synopsis|introduction|background|aims?|objectives?|purpose|rationale|"
          r"(?:materials?|patients|subjects)\s+and\s+methods|methods\s+and\s+materials|methods|methodology|"
          r"experimental\s+(?:procedures|section|design)|study\s+design|results|findings|"
          r"results\s+and\s+discussion|discussion|conclusions?|concluding\s+remarks|limitations|"
          r"(?:statement\s+of\s+)?significance|translational\s+relevance|highlights|key\s+points|"
          r"implications(?:\s+for\s+practice)?|interpretation|case\s+(?:report|presentation)|"
          r"supplementary\s+(?:material|information|data)")
_REFS = r"references(?:\s+and\s+notes)?|bibliography|literature\s+cited|works\s+cited|cited\s+literature"
_BACK = (r"acknowledge?ments?|funding(?:\s+information)?|financial\s+support|grant\s+support|"
         r"conflicts?\s+of\s+interests?|competing\s+interests?|declaration\s+of\s+(?:competing\s+)?interests?|"
         r"disclosures?|(?:author\s+)?disclosure\s+statement|authors?['’]?\s+contributions?|"
         r"data\s+availability(?:\s+statement)?|ethics\s+(?:statement|approval.*)|abbreviations|"
         r"publisher['’]?s\s+note|footnotes|copyright")
_NUM = r"(?:(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVX]{1,4})\.?\s+)"
_HEADING = re.compile(rf"{_NUM}?(?P<name>{_KNOWN}|{_REFS}|{_BACK})\s*[:.]?", re.IGNORECASE)
# "Abstract: …", "Methods. …"; IEEE sets "Abstract—Stereo …" with no space after the dash
_INLINE = re.compile(r"(?P<name>abstract|summary|background|methods|results|conclusions?)(?:\s*[:.]\s+|\s*[—–]\s*)"
                     r"(?P<rest>\S.*)", re.IGNORECASE)
_NUMBERED = re.compile(r"(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(?P<title>[A-Z*_][^\n]{1,118})")
_MD_HEADING = re.compile(r"(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*")
# Identifier lines ("DOI: 10...") carry no findings; in markdown also the header `tzqa references fetch` writes.
_METADATA = re.compile(r"[-*]?\s*\**(?:doi|pmid|pmcid)\**\s*:\s*\S.*", re.IGNORECASE)
_MD_METADATA = re.compile(r"[-*]?\s*\**(?:doi|licen[cs]e|source(?:\s+url)?|retrieved|reference|pmid|pmcid|"
                          r"europe\s*pmc)\**\s*:\s*\S.*", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;)\]”\"]$")
# A paragraph that is only a web address, or a copyright line ("© 2014 Sood et al."): nothing to answer from.
_BARE = re.compile(r"(?:https?://|www\.)\S+|©\s*(?:19|20)\d\d\b.{0,60}", re.IGNORECASE)
# Back matter printed as a one-paragraph statement under a run-in heading, outside its section.
BACK_STATEMENT = re.compile(rf"(?:{_BACK})(?:\s+statement)?\s*:\s+\S", re.IGNORECASE)


def _section_name(s: str) -> str:
    """"2. RESULTS" -> "Results"; a numbered heading keeps its number."""
    m = _HEADING.fullmatch(s)
    if m:
        name = re.sub(r"\s+", " ", m.group("name"))
        return name[0].upper() + name[1:].lower() if name.isupper() or name.islower() else name
    return re.sub(r"\s+", " ", s).rstrip(" .:")


def _kind(name: str) -> str:
    n = name.lower()
    if re.fullmatch(_REFS, n):
        return "references"
    if re.fullmatch(_BACK, n):
        return "back"
    return "body"


# An appendix's heading, lettered or not ("A Appendix A - Baseline Details", "Appendix B", "Supplementary
# Material"): after a reference list it ends the list, which would otherwise take in the appendix's text.
_APPENDIX = re.compile(r"(?:[A-Z](?:\.\d{1,2})*\.?\s+)?(?i:appendix|appendices|supplementary\s+(?:material|information))"
                       r"(?:\s+[A-Z0-9]{1,2}\b)?(?:\s*[:.\-–—]\s*[A-Z][^\n]{0,80})?")


def _heading(s: str, prev_ended: bool) -> tuple[str, str] | None:
    """(section name, text after an inline heading) when line ``s`` is a section heading."""
    if prev_ended and s[:1].isupper() and len(s) <= 100 and _APPENDIX.fullmatch(s):
        return re.sub(r"\s+", " ", s).strip(), ""
    m = _HEADING.fullmatch(s)
    if m and (s[0].isupper() or s[0].isdigit()) and (prev_ended or not s.endswith(".")):
        return _section_name(s), ""
    if not prev_ended:
        return None
    m = _INLINE.fullmatch(s)
    if m and s[0].isupper():
        return _section_name(m.group("name")), m.group("rest")
    m = _NUMBERED.fullmatch(s)
    if m and not re.search(r"[.,;]$", s) and len(s.split()) <= 16 \
            and sum(c.isalpha() for c in m.group("title")) >= 0.6 * len(m.group("title").replace(" ", "")):
        title = m.group("title").strip()
        if _HEADING.fullmatch(title):
            return _section_name(title), ""
        return f"{m.group('num')} {title}", ""
    return None


def _markdown_line(s: str) -> str:
    s = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", s)
    s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)
    s = re.sub(r"(\*\*|__|`)", "", s)
    s = re.sub(r"^\s*[-*+]\s+", "", s)  # list bullets
    return s.replace("<br>", " ")


def _assemble(pages: list[list[str]], markdown: bool) -> list[tuple[str, str]]:
    """(kind, text) blocks, kind "heading" | "title" | "para", in reading order; soft joins still marked."""
    nonblank = [ln.strip() for lines in pages for ln in lines if ln.strip()]
    per_line = bool(nonblank) and sorted(len(s) for s in nonblank)[len(nonblank) // 2] > 200
    blocks: list[tuple[str, str]] = []
    cur: list[str] = []
    seen_title = False

    def flush() -> None:
        if cur:
            blocks.append(("para", " ".join(cur)))
            cur.clear()

    for page_no, lines in enumerate(pages):
        idx = [i for i, ln in enumerate(lines) if ln.strip()]
        lines = lines[idx[0]:idx[-1] + 1] if idx else []  # blank margins are not paragraph breaks
        width = max((len(re.sub(r"\s+", " ", ln.strip())) for ln in lines), default=1) or 1
        last = ""
        for raw in lines:
            s = re.sub(r"\s+", " ", raw.strip())
            if not s:
                flush()
                continue
            if len(s) < 300 and (_MD_METADATA if markdown else _METADATA).fullmatch(s):
                continue
            if markdown:
                m = _MD_HEADING.fullmatch(s)
                if m:
                    flush()
                    if len(m.group("hashes")) == 1 and not seen_title and not _HEADING.fullmatch(m.group("title")):
                        seen_title = True
                        blocks.append(("title", m.group("title")))
                    else:
                        blocks.append(("heading", _section_name(_markdown_line(m.group("title")))))
                    continue
                s = _markdown_line(s).strip()
                if not s:
                    continue
            h = _heading(s, prev_ended=not cur or bool(_ENDS_SENTENCE.search(cur[-1])))
            if h:
                flush()
                blocks.append(("heading", h[0]))
                if h[1]:
                    cur.append(h[1])
                last = s
                continue
            if per_line:
                flush()
                blocks.append(("para", s))
            elif cur and re.search(r"\w-$", cur[-1]) and s[0].isalnum():
                cur[-1] = f"{cur[-1]}{_SOFT_JOIN}{s}"  # decided once the paper's vocabulary is known
            else:
                cur.append(s)
            last = s
        # A paragraph carries on over the page break when the page ends mid-sentence or on a full line.
        if cur and page_no < len(pages) - 1 and len(last) < _FULL_LINE * width and _ENDS_SENTENCE.search(last):
            flush()
    flush()
    return blocks


def clean_pages(pages: list[str], markdown: bool = False) -> CleanPaper:
    """Pages of extracted text (one string per page) -> :class:`CleanPaper`."""
    raw = "\n".join(pages)
    split = [split_columns(p.split("\n")) for p in pages]
    split, removed = strip_running_lines(split)
    blocks = _assemble(split, markdown)
    words = " ".join(t.replace(_SOFT_JOIN, " ") for _, t in blocks)
    vocab = {w.lower() for w in re.findall(r"[\w-]+", words)}

    parts: list[str] = []
    out: list[Block] = []
    pos = 0
    section = "Text"
    skipping = False
    refs_dropped = False
    in_refs = False
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
    if not any(kind == "heading" and _kind(text) == "references" for kind, text in blocks):
        paras = [k for k, (kind, _) in enumerate(blocks) if kind == "para"]
        found = find_list([blocks[k][1].replace(_SOFT_JOIN, "") for k in paras])
        unheaded = {paras[k] for k in found}
    for number, (kind, text) in enumerate(blocks):
        if kind == "title":
            continue
        text = dehyphenate(text, vocab).strip()
        if number in unheaded:
            ref_parts.append(text)
            refs_dropped = True
            continue
        if not text or (kind != "heading" and not in_refs and len(text) <= 12 and not re.search(r"[^\W\d_]", text)):
            continue  # "1", "2 3", "0.5": a figure's labels or a stray folio, no words to read or cite
        if kind == "para" and not in_refs and (len(text) <= 300 and _BARE.fullmatch(text) or BACK_STATEMENT.match(text)):
            continue  # a cover page's link or copyright line; "Competing interests: none" printed beside the text
        if kind == "heading":
            k = _kind(text)
            if k == "references":
                refs_dropped = True
                in_refs = True
                continue
            if in_refs and k != "back" and not _APPENDIX.fullmatch(text):
                ref_parts.append(text)  # "12 Smith J, ..." read as a numbered heading is an entry
                continue
            in_refs = False
            if refs_dropped:
                skipping = True  # nothing after the reference list is body text
                continue
            skipping = k == "back"
            if not skipping:
                section = text
                add(text)
            continue
        if in_refs and BACK_STATEMENT.match(text):  # "Conflict of Interest Statement: …" after the last entry
            in_refs, skipping = False, True
            continue
        if in_refs:
            ref_parts.append(text)
            continue
        if skipping:
            continue
        start, end = add(text)
        out.append(Block(section, start, end, text))
    front = raw
    m = _first_references_heading(raw)
    if m is not None:
        front = raw[:m]
    return CleanPaper("\n\n".join(parts), tuple(out), front, removed, refs_dropped, "\n".join(ref_parts))


def _first_references_heading(raw: str) -> int | None:
    m = re.search(rf"(?im)^[ \t#]*{_NUM}?(?:{_REFS})\s*:?[ \t]*$", raw)
    return m.start() if m else None


