"""A PDF page -> its text in reading order, from the positions and sizes of its characters (pdfminer.six).

pypdf's layout mode places glyphs on a character grid: words set without space characters run
together ("deliveryiscommon"), two columns whose baselines do not line up interleave mid-sentence,
and a superscript citation is lost among the digits of the line. pdfminer.six groups characters
into words and lines by the gaps between them, and keeps each character's box and size, so here:

- the page's columns are found from where its text lines start and end (a gutter no line
  crosses), and each column is read top to bottom in turn; lines crossing the gutter (a title, a
  wide caption) stay in place between the column blocks above and below them;
- lines sharing a baseline within a column are one row, their pieces separated by three spaces
  or more (so table cells stay cells, as :func:`tzqa.ingest.library.textdoc.extract_tables` expects);
- a paragraph break (a blank line) is a vertical gap, or an indented line after a sentence end;
- characters set smaller and raised above the line are superscripts: a run of digits after a
  lower-case word or punctuation ("resistance¹²", "RCTs²⁵ᵉ³²" as Elsevier fonts set an en dash) becomes a
  bracketed citation "[25–32]"; other superscripts (units, residue numbers and affiliation marks after a
  name) stay as they were;
- ligatures (U+FB00–FB06, "ﬁ") are decomposed by Unicode compatibility normalisation (NFKC); a glyph the
  font maps to no character is named from the font program or restored from its words (:mod:`.pdf_glyphs`);
- text that is not upright (a rotated margin note) is left out.
"""
from __future__ import annotations

import logging
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

_SUPER_RUN = re.compile(r"\d{1,3}(?:[,–\-e]\d{1,3})*,?")
# After a lower-case word ("cells", "al."), a plural acronym ("RCTs") or a bracket, a raised number cites;
# after a unit ("cm²", "R²") or a name ("His³⁸⁸", a residue; "Smith¹", an affiliation) it does not.
_AFTER_WORD = re.compile(r"(?:(?<![A-Za-z])[a-z]{3,}|(?<![A-Za-z])[a-z]{2}\.|(?<![A-Za-z])[A-Z]{2,}s|\))[.,;:]?$")


_HALF_GUTTER = 5  # points either side of a column gutter with no text


@dataclass
class _Line:
    x0: float
    x1: float
    top: float  # distance from the page's top edge
    bottom: float
    text: str


def _ligatures(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb06" else c for c in s)


def _line_text(line: object) -> str:
    """A pdfminer text line's text, superscript citations bracketed."""
    from pdfminer.layout import LTChar

    chars = [c for c in line if isinstance(c, LTChar)]  # type: ignore[attr-defined]
    if not chars:
        return ""
    size = statistics.median(c.size for c in chars)
    base = statistics.median(c.y0 for c in chars if c.size >= 0.9 * size) if any(
        c.size >= 0.9 * size for c in chars) else min(c.y0 for c in chars)

    def raised(c: object) -> bool:
        return isinstance(c, LTChar) and c.size <= 0.8 * size and c.y0 >= base + 0.2 * size

    out: list[str] = []
    run: list[str] = []
    spaced = False  # a space came after the raised run

    def flush(following: str = "") -> None:
        nonlocal spaced
        if not run:
            return
        sup = "".join(run).strip()
        run.clear()
        after = " " if spaced else ""
        spaced = False
        joined = "".join(out)
        so_far = joined.rstrip()
        # "the ¹H NMR", "¹³C": a number raised before a word it is set against, apart from the word before, is
        # that word's prefix (a mass number), not a citation
        prefix = joined != so_far and not after and following[:1].isalpha()
        if not prefix and _SUPER_RUN.fullmatch(sup) and any(ch.isdigit() for ch in sup) and _AFTER_WORD.search(so_far):
            nums = sup.rstrip(",").replace("e", "–")
            out[:] = [so_far, f"[{nums}]", after]
        else:  # a unit's or a name's mark stays glued to it ("cm2"): spaced, it would read as a citation
            out.extend([sup, after if joined != so_far else ""])

    for item in line:  # type: ignore[attr-defined]
        if isinstance(item, LTChar) and raised(item):
            run.append(item.get_text())
            continue
        text = item.get_text()
        if run and text == " ":
            spaced = True  # a space after the raised run: kept after a citation ("data,¹³ it" -> "data,[13] it")
            continue
        flush(text)
        out.append(text)
    flush()
    return _ligatures("".join(out).replace("\n", " ").rstrip())  # a lost glyph's marker stays (pdf_glyphs)


def _text_lines(obj: object) -> Iterator[object]:
    """Every horizontal text line pdfminer laid out on a page, in its layout tree's order."""
    from pdfminer.layout import LTChar, LTTextLineHorizontal

    if isinstance(obj, LTTextLineHorizontal):
        yield obj
    elif isinstance(obj, Iterable) and not isinstance(obj, LTChar):
        for child in obj:
            yield from _text_lines(child)


def _lines(page: object) -> list[_Line]:
    from pdfminer.layout import LTChar

    height = page.height  # type: ignore[attr-defined]

    out = []
    for ln in _text_lines(page):
        chars = [c for c in ln if isinstance(c, LTChar)]  # type: ignore[attr-defined]
        if not chars or sum(_upright(c) for c in chars) < 0.5 * len(chars):
            continue
        text = _line_text(ln)
        if text.strip():
            out.append(_Line(ln.x0, ln.x1, height - ln.y1, height - ln.y0, text))  # type: ignore[attr-defined]
    return _with_heights(out)


def _upright(c: object) -> bool:
    """Set left to right on a horizontal baseline. pdfminer's own test also wants the glyph's vertical scale
    positive, which a Type 3 font's flipped matrix (TeX's dvips bitmap fonts: [1 0 0 -1]) is not, though its
    text prints upright; a rotated margin note has a skewed or turned matrix and is still left out."""
    a, b, c_, _d, _e, _f = c.matrix  # type: ignore[attr-defined]
    return a > 0 and abs(b) < 1e-6 * a and abs(c_) < 1e-6 * a


def _with_heights(lines: list[_Line]) -> list[_Line]:
    """Lines whose fonts give no height (a Type 3 font's boxes are a fraction of a point tall) get the height the
    spacing of their baselines implies, so gaps, rows and margins are measured as on any other page."""
    if not lines or statistics.median(ln.bottom - ln.top for ln in lines) >= 2.0:
        return lines
    ordered = sorted(lines, key=lambda ln: ln.bottom)
    steps = []  # from each line to the next one below it that it overlaps (in its column): the line spacing
    for k, ln in enumerate(ordered):
        nxt = next((x for x in ordered[k + 1:] if x.bottom - ln.bottom >= 2.0 and x.x0 < ln.x1 and ln.x0 < x.x1), None)
        if nxt is not None:
            steps.append(round(nxt.bottom - ln.bottom))
    tall = 0.8 * Counter(steps).most_common(1)[0][0] if steps else 10.0  # the body's line spacing
    for ln in lines:
        if ln.bottom - ln.top < 2.0:
            ln.top = ln.bottom - tall
    return lines


def _gutter(lines: list[_Line], width: float) -> float | None:
    """The x of a gutter between two columns: most lines end left of it or start right of it, many on each side."""
    if len(lines) < 8:
        return None
    best, best_score = None, 0
    for x in range(int(width * 0.3), int(width * 0.7), 2):
        # a gutter is a clear band (10 pt and more); narrower, it is the stretched space of justified lines
        # that pdfminer cut in two, at the same place on every line of a regular text
        left = sum(1 for ln in lines if ln.x1 <= x - _HALF_GUTTER)
        right = sum(1 for ln in lines if ln.x0 >= x + _HALF_GUTTER)
        crossing = len(lines) - left - right
        if crossing > 0.15 * len(lines) or min(left, right) < 0.2 * len(lines):
            continue
        score = min(left, right) - 3 * crossing
        if score > best_score:
            best, best_score = x, score
    return best


def _short_column_gutter(lines: list[_Line], width: float) -> float | None:
    """The gutter of a page whose right column stops short (a reference list's last entries beside the left
    column's run of entries): too few lines on the right for :func:`_gutter`. No line may cross it, most lines
    are left of it, and the right column's lines start at one or two edges (its margin and a hanging
    indent), as a column's do, not scattered like an equation's or a figure's labels."""
    if len(lines) < 16:
        return None
    best, best_right = None, 0
    for x in range(int(width * 0.4), int(width * 0.6), 2):
        left = [ln for ln in lines if ln.x1 <= x - _HALF_GUTTER]
        right = [ln for ln in lines if ln.x0 >= x + _HALF_GUTTER]
        if len(left) + len(right) < len(lines) or len(right) < 6 or len(left) < 0.5 * len(lines):
            continue
        edges = Counter(round(ln.x0 / 2) for ln in right).most_common(2)
        if sum(n for _, n in edges) < 0.8 * len(right) or max(ln.x1 for ln in right) - min(ln.x0 for ln in right) \
                < 0.6 * (x - min(ln.x0 for ln in left)):
            continue
        if len(right) > best_right:
            best, best_right = x, len(right)
    return best


def _gutter_below_front(lines: list[_Line], width: float) -> float | None:
    """The gutter of columns that start below a full-width block (a first page's title, authors and abstract
    set across the page): too many lines cross it for :func:`_gutter` on the whole page. The block's lines
    stay full-width lines, read in place above the columns. The columns must be text, most of their lines
    filling half their width or more, not a table's narrow cells."""
    wide = sorted((ln for ln in lines if ln.x0 < 0.45 * width < 0.55 * width < ln.x1), key=lambda ln: ln.top)
    for ln in wide:
        below = [x for x in lines if x.top >= ln.bottom]
        if len(below) < 0.4 * len(lines):
            return None
        gutter = _gutter(below, width)
        if gutter is None:
            continue
        left = [x for x in below if x.x1 <= gutter]
        right = [x for x in below if x.x0 >= gutter]
        for side, edge in ((left, min(x.x0 for x in left)), (right, max(x.x1 for x in right))):
            rows: dict[int, list[_Line]] = {}  # a justified line comes in pieces: measure its row
            for x in side:
                rows.setdefault(round(x.top / max(1.0, 0.5 * (x.bottom - x.top))), []).append(x)
            extents = [max(x.x1 for x in r) - min(x.x0 for x in r) for r in rows.values()]
            if statistics.median(extents) < 0.5 * abs(gutter - edge):
                return None
        return gutter
    return None


def _rows(lines: list[_Line], char_width: float) -> list[str]:
    """Lines of one column (or of the whole page), top to bottom, as rows of text with blank lines at gaps."""
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    rows: list[list[_Line]] = []
    for ln in lines:
        if rows and abs(ln.top - rows[-1][0].top) < 0.5 * (ln.bottom - ln.top):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    heights = [r[0].bottom - r[0].top for r in rows]
    lead = statistics.median(heights)
    left = min(ln.x0 for ln in lines)
    out: list[str] = []
    prev_bottom: float | None = None
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        top = min(ln.top for ln in row)
        indent = row[0].x0 - left
        if prev_bottom is not None and out:
            gap = top - prev_bottom
            ended = bool(re.search(r"[.!?:]$", out[-1].rstrip()))
            if gap > 0.8 * lead or (ended and char_width * 1.5 <= indent <= char_width * 8 and len(row) == 1):
                out.append("")
        text = ""
        for ln in row:
            col = int((ln.x0 - left) / char_width)
            pad = col - len(text)
            text += " " * (max(pad, 3) if text else max(pad, 0)) + ln.text.strip()
        out.append(text)
        prev_bottom = max(ln.bottom for ln in row)
    return out


def page_text(page: object) -> str:
    """One pdfminer page as text in reading order (columns one after the other)."""
    from pdfminer.layout import LTChar

    lines = _lines(page)
    if not lines:
        return ""
    widths = [c.width for ln in [page] for c in _chars(ln) if isinstance(c, LTChar) and c.get_text().strip()]
    char_width = max(1.0, 0.9 * statistics.mean(widths)) if widths else 5.0
    gutter = _gutter(lines, page.width) or _gutter_below_front(lines, page.width) or \
        _short_column_gutter(lines, page.width)  # type: ignore[attr-defined]
    if gutter is None:
        return "\n".join(_rows(lines, char_width))
    head, lines, foot = _margins(lines, page.height)  # type: ignore[attr-defined]
    out: list[str] = []
    if head:
        out += _rows(head, char_width) + [""]
    block: list[_Line] = []
    wide: list[_Line] = []  # consecutive full-width lines: one run of rows, a paragraph's lines kept together

    def flush_wide() -> None:
        if wide:
            out.extend(_rows(wide, char_width))
            out.append("")
            wide.clear()

    def flush() -> None:
        if block:
            out.extend(_rows([ln for ln in block if ln.x1 <= gutter], char_width))
            out.append("")
            out.extend(_rows([ln for ln in block if ln.x1 > gutter], char_width))
            out.append("")
            block.clear()

    table = _table_rows(lines, gutter)
    in_tables = set(table)  # every table line is read with its table, once, never again as column text
    rules = _rules(page, gutter, [ln for ln in lines if id(ln) not in in_tables])
    ordered = sorted(lines, key=lambda ln: ln.top)
    for k, ln in enumerate(ordered):
        if id(ln) in in_tables:
            continue
        while rules and rules[0] <= ln.top:  # a rule across both columns: the columns above it end there
            rules.pop(0)
            flush_wide()
            flush()
        while table and _next_top(table) <= ln.top:  # a full-width table above this line: its rows in place
            flush_wide()
            flush()
            out.extend(_rows(_pop_table(table), char_width))
            out.append("")
        if ln.x0 < gutter - 2 and ln.x1 > gutter + 2:  # crosses the gutter: a full-width line
            flush()
            wide.append(ln)
        elif wide and _last_line_of(wide, ln, ordered[k + 1:], gutter):
            wide.append(ln)
        else:
            flush_wide()
            block.append(ln)
    flush_wide()
    flush()
    while table:
        out.extend(_rows(_pop_table(table), char_width))
    if foot:
        out += [""] + _rows(foot, char_width)
    return "\n".join(out).strip("\n")


def _rules(page: object, gutter: float, lines: list[_Line]) -> list[float]:
    """Where (distance from the top) horizontal rules drawn across both columns lie, top to bottom.

    A rule from one column into the other, with text in both columns right under it, parts the page into
    bands: F1000Research sets its acknowledgements in two columns, then a rule, then the reference list in two
    columns of its own, so each band's left column is read before its right, and never the left columns of
    both bands first. A table's rules have its rows under them, not two columns' text. A heading set alone
    right on the rule ("References" a few points above it, well apart from the text above) opens the band
    below."""
    from pdfminer.layout import LTCurve

    height = page.height  # type: ignore[attr-defined]
    if not lines:
        return []
    lead = statistics.median(ln.bottom - ln.top for ln in lines)
    edges = (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))
    out = []
    for item in page:  # type: ignore[attr-defined]
        if not (isinstance(item, LTCurve) and item.height < 2 and item.x0 < gutter - 50 and item.x1 > gutter + 50):
            continue
        y = height - item.y1
        below = [ln.top for ln in lines if ln.top >= y]
        first = min(below, default=y + 9 * lead)  # the first row under the rule, close under it
        under = [ln for ln in lines if first <= ln.top <= first + lead] if first <= y + 4 * lead else []
        left = max((ln.x1 - ln.x0 for ln in under if ln.x1 <= gutter), default=0.0)
        right = max((ln.x1 - ln.x0 for ln in under if ln.x0 >= gutter), default=0.0)
        if not (left and right) or max(left / (gutter - edges[0]), right / (edges[1] - gutter)) < 0.6:
            continue  # not text in both columns, one line filling its column: a table's cells, a figure's labels
        above = [ln for ln in lines if y - 1.5 * lead <= ln.bottom <= y + 1]
        if len(above) == 1 and not any(0 < above[0].top - ln.bottom < lead for ln in lines
                                        if ln.x0 < above[0].x1 and above[0].x0 < ln.x1):
            y = above[0].top - 0.5
        out.append(y)
    return sorted(out)


_MARGIN = 0.12  # the top and bottom eighth of a page, where running heads, footers and folios are printed


def _margins(lines: list[_Line], height: float) -> tuple[list[_Line], list[_Line], list[_Line]]:
    """A two-column page's header rows, body lines and footer rows.

    A row (lines on one baseline) in the top or bottom eighth of the page, apart from every other line by a
    line's height or more, is the page's margin: a running title, a folio, a journal line. Set in one
    column's width ("Alam et al." over the right column, "To appear in OSDI 2006" under the left), it would
    otherwise be read with that column, in the middle of the page's text, where a header is not looked for.
    """
    body = sorted(lines, key=lambda ln: ln.top)
    head: list[_Line] = []
    foot: list[_Line] = []
    for _ in range(2):  # a journal line over a DOI line: two rows at most, each apart from the body
        if len(body) < 8:
            break
        first = [ln for ln in body if ln.top - body[0].top < 0.5 * (body[0].bottom - body[0].top)]
        rest = [ln for ln in body if ln not in first]
        lead = statistics.median(ln.bottom - ln.top for ln in body)
        if max(ln.bottom for ln in first) <= _MARGIN * height and \
                min(ln.top for ln in rest) - max(ln.bottom for ln in first) >= lead:
            head += first
            body = rest
    for _ in range(2):
        if len(body) < 8:
            break
        low = max(body, key=lambda ln: ln.bottom)
        last = [ln for ln in body if abs(ln.top - low.top) < 0.5 * (low.bottom - low.top)]
        rest = [ln for ln in body if ln not in last]
        lead = statistics.median(ln.bottom - ln.top for ln in body)
        if min(ln.top for ln in last) >= (1 - _MARGIN) * height and \
                min(ln.top for ln in last) - max(ln.bottom for ln in rest) >= lead:
            foot = last + foot
            body = rest
    return head, body, foot


def _last_line_of(wide: list[_Line], ln: _Line, below: list[_Line], gutter: float) -> bool:
    """Whether ``ln``, short of the gutter, is the last line of the full-width paragraph above it: right under
    it, starting at its left edge, with no column line close below (a column's first line has lines under it)."""
    lead = ln.bottom - ln.top
    close = ln.top - wide[-1].bottom < 0.8 * lead and any(abs(ln.x0 - w.x0) < 2 for w in wide[-3:])
    return close and not any(x.top - ln.bottom < 0.8 * lead for x in below
                             if abs(x.top - ln.top) > 0.5 * lead and not x.x0 < gutter - 2 < gutter + 2 < x.x1)


def _table_rows(lines: list[_Line], gutter: float) -> dict[int, list[_Line]]:
    """Lines of full-width tables, by id, each mapped to its table's lines (a run of rows).

    A row (lines on one baseline) with pieces on both sides of the gutter, and two or more cells a wide
    gap apart on one side, is a table row: two columns of text put one line on each side. Its caption ("Table 2. …") right
    above belongs with it. Why: read column by column, a table's right-hand cells would land in the
    right column's text, away from their rows."""
    rows: list[list[_Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if rows and abs(ln.top - rows[-1][0].top) < 0.5 * (ln.bottom - ln.top):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    column = gutter - min(ln.x0 for ln in lines)
    right_column = max(ln.x1 for ln in lines) - gutter

    def cells(side: list[_Line]) -> int:  # pieces a wide gap apart (not a justified line's fragments)
        side = sorted(side, key=lambda x: x.x0)
        return 1 + sum(1 for a, b in zip(side, side[1:], strict=False) if b.x0 - a.x1 > 0.15 * column) if side else 0

    split = [([x for x in r if x.x1 <= gutter], [x for x in r if x.x0 >= gutter]) for r in rows]
    candidate = [bool(left) and bool(right) and max(cells(left), cells(right)) >= 2 for left, right in split]
    # where each column's own lines start (its edge, its indents): x0s that three lines off the candidates share
    starts = Counter((x.x0 >= gutter, round(x.x0)) for r, c in zip(rows, candidate, strict=True) if not c for x in r)

    def prose(side: list[_Line], width: float) -> bool:
        """One piece of running text: filling its column, or three words or more starting where that column's
        lines start (an entry's last line beside a table's row)."""
        if len(side) != 1:
            return False
        ln = side[0]
        return ln.x1 - ln.x0 >= 0.8 * width or (len(ln.text.split()) >= 3 and any(
            starts[(ln.x0 >= gutter, round(ln.x0) + d)] >= 3 for d in (-2, -1, 0, 1, 2)))

    # A line of one column beside a table in the other, or a justified line pdfminer cut at its wide spaces
    # beside a line of the other column, shares a baseline with it: it is column text, not a table row.
    is_row = [c and not prose(left, column) and not prose(right, right_column)
              for c, (left, right) in zip(candidate, split, strict=True)]
    out: dict[int, list[_Line]] = {}
    k = 0
    while k < len(rows):
        if not is_row[k]:
            k += 1
            continue
        start = k
        while k < len(rows) and is_row[k]:
            k += 1
        group = [ln for r in rows[start:k] for ln in r]
        if start > 0 and len(rows[start - 1]) == 1 and re.match(r"\s*Table\s+\d", rows[start - 1][0].text):
            group = rows[start - 1] + group
        for ln in group:
            out[id(ln)] = group
    return out


def _next_top(table: dict[int, list[_Line]]) -> float:
    return min(ln.top for group in table.values() for ln in group)


def _pop_table(table: dict[int, list[_Line]]) -> list[_Line]:
    """The topmost table left, removed from ``table``."""
    group = min(table.values(), key=lambda g: min(ln.top for ln in g))
    for ln in group:
        table.pop(id(ln), None)
    return group


def _chars(obj: object) -> Iterator[object]:
    from pdfminer.layout import LTChar

    if isinstance(obj, LTChar):
        yield obj
    elif isinstance(obj, Iterable):
        for child in obj:
            yield from _chars(child)


def layout_pages(path: Path) -> list[str]:
    """Every page of the PDF at ``path`` as reading-order text (see the module's docstring)."""
    return layout_pages_counted(path)[0]


def layout_pages_counted(path: Path) -> tuple[list[str], int]:
    """:func:`layout_pages`, and how many words got back a ligature glyph their font had left unmapped."""
    from tzqa.ingest.pdf_glyphs import pdf_pages, restore_ligatures

    log = logging.getLogger("pdfminer")  # it logs what it repairs in broken files; the reader reports what matters
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        pages = [page_text(p) for p in pdf_pages(path)]
    finally:
        log.setLevel(level)
    return restore_ligatures(pages)


def first_page_lines(path: Path) -> list[tuple[float, str]]:
    """(font size, text) of the first page's lines, top to bottom: where the title and authors are printed."""
    from tzqa.ingest.pdf_glyphs import pdf_pages, restore_ligatures

    log = logging.getLogger("pdfminer")
    level = log.level
    log.setLevel(logging.ERROR)
    pages = pdf_pages(path, maxpages=1)
    try:
        page = next(pages, None)
    finally:
        pages.close()  # closes the file
        log.setLevel(level)
    if page is None:
        return []
    lines = sorted(_lines_with_size(page), key=lambda t: t[0])
    texts = restore_ligatures([text for _, _, text in lines])[0]
    return [(size, text.strip()) for (_, size, _), text in zip(lines, texts, strict=True)]


def _lines_with_size(page: object) -> Iterator[tuple[float, float, str]]:
    from pdfminer.layout import LTChar

    for ln in _text_lines(page):
        chars = [c for c in ln if isinstance(c, LTChar) and c.get_text().strip()]  # type: ignore[attr-defined]
        if chars and all(_upright(c) for c in chars):
            yield (-ln.y1, round(statistics.median(c.size for c in chars), 1),  # type: ignore[attr-defined]
                   _ligatures("".join(c.get_text() for c in ln)).strip())  # type: ignore[attr-defined]
