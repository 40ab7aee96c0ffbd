"""One page's text as laid out -> the text a reader wants: columns read in turn, running lines dropped.

Page layout puts things in the text that are not the paper's: a journal's running header and footer and
the page number on every page, and two columns side by side on one line. These functions undo that on
pages of extracted text (PDF layout, or a text file's form-feed pages), before paragraphs are assembled.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from tzqa.ingest.headings import HEADING

_ZONE = 3  # lines at the top and the bottom of a page where running headers/footers live


def norm_line(line: str) -> str:
    """A line as running lines are compared: spaces collapsed, lower case, every number "#"."""
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
        on_page = Counter(norm_line(seg) for i in idx for seg in _pieces(lines[i]))
        mid_page = Counter(norm_line(seg) for i in idx if i not in zone for seg in _pieces(lines[i]))
        anywhere.update(on_page.keys())
        # (a piece a page prints only in its top and bottom lines is its header's and its footer's: Dove Medical
        # Press prints "Dovepress" over and under every page)
        repeated.update(k for k, c in on_page.items() if c > 1 and mid_page[k])
        in_zone.update({norm_line(seg) for i in zone for seg in _pieces(lines[i])})
        alone.update({norm_line(seg) for i in idx if (i == 0 or not lines[i - 1].strip())
                      and (i + 1 == len(lines) or not lines[i + 1].strip()) for seg in _pieces(lines[i])})
    need = max(2, math.ceil(0.3 * len(pages)))
    running = {k for k, c in anywhere.items()
               if c >= need and len(k) <= 250 and not HEADING.fullmatch(k) and not _PAGE_NUMBER.fullmatch(k)
               and 2 * repeated[k] < c and ((len(k) >= 12 and 2 * in_zone[k] >= need) or in_zone[k] >= need
                                            or (len(k) >= 15 and " " in k and alone[k] == c))}
    folios = _folios(pages, need)
    out: list[list[str]] = []
    removed: set[str] = set()
    for page_no, (lines, zone) in enumerate(zip(pages, zones, strict=True)):
        keep = []
        labels = _labels_beside_folio(lines, zone, page_no, folios)
        for i, ln in enumerate(lines):
            kept = ln
            pieces = _pieces(ln)
            for at, seg in enumerate(pieces):
                key = norm_line(seg)
                folio = seg.isdigit() and len(seg) <= 4 and int(seg) - page_no in folios \
                    and not ((int(seg) < page_no or (i, at) in labels) and _label(pieces, at))
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


def _labels_beside_folio(lines: list[str], zone: set[int], page_no: int, folios: set[int]) -> set[tuple[int, int]]:
    """(line, piece) of the numbers on a page that could be its folio and label the words after them mid-page
    (:func:`_label`), when the page prints such a number elsewhere too: a page prints its number once, in its
    header or footer, so the one opening a line of the text is a list's label ("9   Coleman T, Chamberlain C, …" on
    The BMJ's p. 9, over the footer "… doi: 10.1136/bmj.h2145   9"). Dropped as the folio, entry 9 ran into 8."""
    found = [(i, at, _label(pieces, at) and i not in zone) for i, pieces in enumerate(map(_pieces, lines))
             for at, seg in enumerate(pieces) if seg.isdigit() and len(seg) <= 4 and int(seg) - page_no in folios]
    spared = {(i, at) for i, at, label in found if label}
    return spared if len(spared) < len(found) else set()


def _label(pieces: list[str], at: int) -> bool:
    """Whether the number at ``pieces[at]`` labels the words after it on its line (a list's entry number set apart
    from its entry, "4   The White House. Memorandum for …"), when it is below its page's index, as no page number
    is (a cover page may go unnumbered).

    Why: axis ticks and table cells put small numbers on most pages, so a page-number offset is met by chance
    (Lancet Global Health: 4 on p. 8 as 0 on p. 4, 1 on p. 5 …), and entry 4's label was dropped as a folio: the
    entry ran into entry 3 (27 of 28). A real folio glued to a line of text (Emerald's "164   so-called
    shift-lag …") is never below its page's index, and still goes."""
    return at == 0 and len(pieces) > 1 and pieces[1][:1].isupper()


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


# MDPI's first page prints a sidebar left of the text from its "Citation:" on: the citation, "Academic Editor:",
# "Received:/Accepted:/Published:", "Publisher's Note:" and "Copyright:" -- lines at the page's left edge, set
# between (and beside) the abstract's lines, which are indented to the text column.
_SIDEBAR_LABEL = re.compile(r"(?:Citation|Academic\s+Editors?|Received|Accepted|Published|Revised|"
                            r"Publisher['’]s\s+Note|Copyright)\s*:")


def drop_sidebar(lines: list[str]) -> list[str]:
    """``lines`` (a first page) without the sidebar at its left edge, when it has one (``_SIDEBAR_LABEL``): from
    the first labelled line to the blank line after the last, a line's part left of the text column is dropped,
    and a line with nothing in the text column goes."""
    labelled = [i for i, ln in enumerate(lines) if ln[:1].strip() and _SIDEBAR_LABEL.match(ln)]
    if len({_SIDEBAR_LABEL.match(lines[i]).group(0).split()[0] for i in labelled}) < 3:  # type: ignore[union-attr]
        return lines
    first, last = labelled[0], labelled[-1]
    while last + 1 < len(lines) and lines[last + 1].strip():
        last += 1
    indents = Counter(len(ln) - len(ln.lstrip()) for ln in lines[first:last + 1] if ln.strip() and ln[:1] == " ")
    column = max((k for k, c in indents.items() if k >= 15 and c >= 3), key=lambda k: indents[k], default=None)
    if column is None:
        return lines
    out = lines[:first]
    for ln in lines[first:last + 1]:
        if ln[:1] == " " or not ln.strip():
            out.append(ln)
            continue
        gap = next((m for m in re.finditer(r" {2,}(?=\S)", ln) if m.end() >= column - 4), None)
        if gap is not None:
            out.append(" " * gap.end() + ln[gap.end():])
    return out + lines[last + 1:]


# MDPI's first-page footer, the article's citation and its links: "Cancers 2022, 14, 4849. https://doi.org/…
# https://www.mdpi.com/journal/cancers"
CITATION_FOOTER = re.compile(r"[A-Z][\w.&' ]{0,60}\s(?:19|20)\d\d,\s*\d{1,4},\s*[A-Za-z]?\d{1,6}\.?"
                             r"(?:\s+(?:https?://|doi:\s*)\S+)+", re.IGNORECASE)


def drop_citation_footer(lines: list[str]) -> list[str]:
    """``lines`` (a page) without its last line when that line is the article's citation footer (``CITATION_FOOTER``).

    Why before paragraphs are assembled: the footer is the page's last line, so the page's last paragraph ended on
    it, and it ran on into the next page's first paragraph ("Humanities 2024, 13, 141. https://… itself from, …"),
    a passage that was furniture; without it, the paragraph the page broke carries on over the page break."""
    idx = [i for i, ln in enumerate(lines) if ln.strip()]
    if idx and CITATION_FOOTER.fullmatch(re.sub(r"\s+", " ", lines[idx[-1]].strip())):
        return lines[:idx[-1]]
    return lines
