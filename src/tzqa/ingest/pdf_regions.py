"""Where a page's parts lie, from its text lines: the gutter between two columns, rules that part the page
into bands, header and footer rows in the margins, full-width tables. :mod:`.pdf_layout` reads the page in
the order these give.

- the page's columns are found from where its text lines start and end (a gutter no line crosses; also
  under a full-width title block, and beside a right column that stops short); a page set in three columns
  has two such gutters (:func:`three_columns`);
- a rule drawn across both columns ends the columns above it (each band is read column by column), and so
  does a heading set alone across an empty strip of both columns (:func:`heading_bands`);
- a narrow column of notes in the right margin (:func:`margin_column`) is read after the page's body;
- a two-column page's running title, folio or journal line, apart in its top or bottom eighth, is read at
  the page's top or bottom, never in the middle of a column;
- a row with cells a wide gap apart on both sides of the gutter is a full-width table's, read in place.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Callable

from tzqa.ingest.pdf_lines import Line

_HALF_GUTTER = 5  # points either side of a column gutter with no text
_NARROW_HALF_GUTTER = 3  # ... of two columns whose straight edges show them as columns
_TEXT_WIDTH = 0.15  # of the page's width: a line this long is a column's text, not a figure's label
_PANEL_WIDTH = 0.22  # of the page's width: the widest line a side panel beside the text holds
_LABEL_WIDTH = 0.08  # of the page's width: a line this short (a label, a folio, a word) is not a column's line


def _sides(lines: list[Line], x: float, half_gap: float) -> tuple[list[Line], list[Line]]:
    """The lines wholly left and wholly right of a gap of ``2 * half_gap`` centred at ``x``."""
    return [ln for ln in lines if ln.x1 <= x - half_gap], [ln for ln in lines if ln.x0 >= x + half_gap]

def column_gutter(lines: list[Line], width: float) -> float | None:
    """The x of the gutter between a page's two columns, or None for a page read as one column."""
    return (_gutter(lines, width) or _gutter_below_front(lines, width) or _short_column_gutter(lines, width)
            or _aligned_gutter(lines, width) or _gutter_below_front(lines, width, _aligned_gutter))


def _clearest(lines: list[Line], lo: float, hi: float) -> tuple[float, int]:
    """The x between ``lo`` and ``hi`` whose band (``_HALF_GUTTER`` either side) the fewest lines enter, the middle
    of the widest run of such places; and how many lines enter it."""
    counts = [(sum(1 for ln in lines if ln.x0 < x + _HALF_GUTTER and ln.x1 > x - _HALF_GUTTER), x)
              for x in (half_points / 2 for half_points in range(int(2 * lo), int(2 * hi)))]
    fewest = min(c for c, _ in counts)
    best: list[float] = []
    run: list[float] = []
    for c, x in counts:
        run = [*run, x] if c == fewest else []
        if len(run) > len(best):
            best = run
    return (best[0] + best[-1]) / 2, fewest


def three_columns(lines: list[Line], width: float) -> tuple[float, float] | None:
    """The two gutters of a page set in three columns, left to right, or None.

    Why: the two-column reader finds one of the two gutters and reads the two columns on its other side row by
    row, line by line in turn (Oxford's Journal of Molecular Cell Biology: "Deep learning (DL) has shown explo-
    principled DL field, and postulate sive growth …", and a reference list's entries cut into each other). A
    gutter here is the clearest band a third of the way in from either side, which few lines enter (a title, a
    caption set across the page); each column between them holds a sixth of the page's lines or more, spans a
    fifth to a third of the page's width, and its rows start at one or two edges (its margin and an indent)
    and most of them fill it, as a column of text does. A two-column page's lines cross a third of its width."""
    if len(lines) < 24:
        return None
    first, _ = _clearest(lines, 0.25 * width, 0.42 * width)
    second, _ = _clearest(lines, 0.58 * width, 0.75 * width)
    columns = [[ln for ln in lines if ln.x1 <= first - _HALF_GUTTER],
               [ln for ln in lines if ln.x0 >= first + _HALF_GUTTER and ln.x1 <= second - _HALF_GUTTER],
               [ln for ln in lines if ln.x0 >= second + _HALF_GUTTER]]
    if len(lines) - sum(map(len, columns)) > 0.15 * len(lines) or \
            any(len(c) < max(6, len(lines) / 6) for c in columns):
        return None
    for column in columns:
        rows: dict[int, list[Line]] = {}  # a justified line comes in pieces: a row is its line
        for ln in column:
            rows.setdefault(round(ln.top / max(1.0, 0.5 * (ln.bottom - ln.top))), []).append(ln)
        extents = [(min(x.x0 for x in r), max(x.x1 for x in r)) for r in rows.values()]
        span = max(b for _, b in extents) - min(a for a, _ in extents)
        edges = Counter(round(a / 2) for a, _ in extents).most_common(2)
        if not 0.2 * width <= span <= 0.34 * width or sum(n for _, n in edges) < 0.7 * len(extents) or \
                sum(b - a >= 0.8 * span for a, b in extents) < 0.5 * len(extents):
            return None
    return first, second


def side_panel(lines: list[Line], width: float) -> float | None:
    """The x right of a first page's side panel, a narrow column of short lines left of the text ("OPEN",
    "SUBJECT AREAS: …", "Received 3 November 2014", "Correspondence and requests …"), or None.

    Why: read row by row with the text beside it, the panel's words land mid-sentence ("… three separate effects:
    Received renormalization of …"). Read on its own, first, it is front matter like any other. A panel holds
    words (a list's hanging labels "[1]", "(a)" do not), its lines are short and nothing but a footer crosses
    the gap between it and the text, which has two lines for each of the panel's at least."""
    best: float | None = None
    best_count = 0
    for half_points in range(int(width * 0.2), int(width * 0.6)):
        x = half_points / 2
        left, right = _sides(lines, x, _HALF_GUTTER)
        crossing = len(lines) - len(left) - len(right)
        if len(left) < 4 or len(right) < 2 * len(left) or crossing > min(2, 0.05 * len(lines)):
            continue
        if any(ln.x1 - ln.x0 > _PANEL_WIDTH * width for ln in left) or \
                sum(bool(re.search(r"[A-Za-z]{4,}", ln.text)) for ln in left) < 0.6 * len(left):
            continue
        if len(left) > best_count:
            best, best_count = x, len(left)
    return best


def margin_column(lines: list[Line], width: float, height: float) -> float | None:
    """The x left of a narrow column of notes in a page's right margin, beside the text, or None.

    Why: The Lancet sets its two text columns left of a third, narrow one for notes (the citation, dates and
    affiliations on p. 1, "See Online for appendix" further on). The notes push the two columns left of the
    page's middle, where no gutter was looked for, and the whole article was read row by row across both
    columns ("Decisions about the allocation of … and maternal health are ambiguous …"). A margin column is
    right of every body line (a running head or footer row in the page's top or bottom eighth may cross it),
    holds words in short lines only, and the text left of it has more lines than it."""
    body = [ln for ln in lines if _MARGIN * height < ln.top and ln.bottom < (1 - _MARGIN) * height]
    best: float | None = None
    for half_points in range(int(width * 1.4), int(width * 1.8)):
        x = half_points / 2
        left, right = _sides(body, x, 1)  # The Lancet's margin column is 6.5 pt from the text
        if not right or len(left) + len(right) < len(body) or len(left) < 2 * len(right) or len(left) < 16:
            continue
        if any(ln.x1 - ln.x0 > _PANEL_WIDTH * width for ln in right) or \
                not any(re.search(r"[A-Za-z]{4,}", ln.text) for ln in right):
            continue
        if max(ln.x1 for ln in left) - min(ln.x0 for ln in left) < 0.5 * width:
            continue  # the text beside it is a page's body, not a figure's or a table's narrow part
        best = x  # the rightmost place, nearest the notes
    return best


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of a gutter between two columns: most lines end left of it or start right of it, many on each side.

    Of the places that qualify, the one with the most of a column's lines on its thinner side wins: a hanging
    column of entry labels ("[Kar15a]", short lines) beside a list's text would, counted, outweigh the few
    long lines that cross the gap between labels and text, and win over the true gutter, which nothing crosses.
    """
    if len(lines) < 8:
        return None
    best: float | None = None
    best_score = (0, 0)
    short = _LABEL_WIDTH * width
    for half_points in range(int(width * 0.6), int(width * 1.4)):
        # a gutter is a clear band (10 pt and more); narrower, it is the stretched space of justified lines
        # that pdfminer cut in two, at the same place on every line of a regular text. Every half point is
        # tried: an IEEE page's gutter (300.4 to 311.9 pt) has one x with 5 pt clear either side, and a step of 2
        # missed it; an arXiv page's (293.4 to 303.6) has only x = 298.5
        x = half_points / 2
        left, right = _sides(lines, x, _HALF_GUTTER)
        crossing = len(lines) - len(left) - len(right)
        counted = min(len(left), len(right)) - 3 * crossing
        if crossing > 0.15 * len(lines) or min(len(left), len(right)) < 0.2 * len(lines) or counted <= 0:
            continue
        long_lines = min(sum(ln.x1 - ln.x0 >= short for ln in side) for side in (left, right)) - 3 * crossing
        if best is None or (long_lines, counted) > best_score:
            best, best_score = x, (long_lines, counted)
    return best


def _short_column_gutter(lines: list[Line], width: float) -> float | None:
    """The gutter of a page whose right column stops short (a reference list's last entries beside the left
    column's run of entries): too few lines on the right for :func:`_gutter`. No line may cross it, most lines
    are left of it, and the right column's lines start at one or two edges (its margin and a hanging
    indent), as a column's do, not scattered like an equation's or a figure's labels."""
    if len(lines) < 16:
        return None
    best, best_right = None, 0
    for x in range(int(width * 0.4), int(width * 0.6)):
        left, right = _sides(lines, x, _HALF_GUTTER)
        if len(left) + len(right) < len(lines) or len(right) < 6 or len(left) < 0.5 * len(lines):
            continue
        edges = Counter(round(ln.x0 / 2) for ln in right).most_common(2)
        if sum(n for _, n in edges) < 0.8 * len(right) or max(ln.x1 for ln in right) - min(ln.x0 for ln in right) \
                < 0.6 * (x - min(ln.x0 for ln in left)):
            continue
        if len(right) > best_right:
            best, best_right = x, len(right)
    return best


def _aligned_gutter(lines: list[Line], width: float) -> float | None:
    """The gutter of two justified columns set closer than :func:`_gutter`'s clear band (Nature's are 9 pt
    apart): a band of 6 pt or more near the page's middle that few lines cross, where the left column's lines
    end at one edge and the right column's start at one edge.

    Why the edges: a narrow gap alone is also the stretched space of a justified line that pdfminer cut in
    two, but those cuts fall at a word's end, a different x on every line; two columns' edges are straight.
    """
    if len(lines) < 16:
        return None
    best: float | None = None
    best_count = 0
    for half_points in range(int(width * 0.9), int(width * 1.1)):
        x = half_points / 2
        left, right = _sides(lines, x, _NARROW_HALF_GUTTER)
        if len(lines) - len(left) - len(right) > 0.1 * len(lines) or min(len(left), len(right)) < 0.25 * len(lines):
            continue
        # the edges: where most of a column's text lines end on the left and start on the right, both close to
        # the gap (a figure's labels beside the gap are neither)
        left_text = [ln for ln in left if ln.x1 - ln.x0 >= _TEXT_WIDTH * width] or left
        right_text = [ln for ln in right if ln.x1 - ln.x0 >= _TEXT_WIDTH * width] or right
        (left_edge, ends), = Counter(round(ln.x1) for ln in left_text).most_common(1)
        (right_edge, starts), = Counter(round(ln.x0) for ln in right_text).most_common(1)
        if ends < 0.3 * len(left_text) or starts < 0.3 * len(right_text) or not \
                (x - 15 < left_edge < x < right_edge < x + 15) or right_edge - left_edge < 6:
            continue
        if min(len(left), len(right)) > best_count:
            best, best_count = (left_edge + min(ln.x0 for ln in right)) / 2, min(len(left), len(right))
    return best


def _gutter_below_front(lines: list[Line], width: float,
                        find: Callable[[list[Line], float], float | None] | None = None) -> float | None:
    """The gutter of columns that start below a full-width block (a first page's title, authors and abstract
    set across the page): too many lines cross it for :func:`_gutter` on the whole page. The block's lines
    stay full-width lines, read in place above the columns. The columns must be text, most of their lines
    filling half their width or more, not a table's narrow cells."""
    wide = sorted((ln for ln in lines if ln.x0 < 0.45 * width < 0.55 * width < ln.x1), key=lambda ln: ln.top)
    for ln in wide:
        below = [x for x in lines if x.top >= ln.bottom]
        if len(below) < 0.4 * len(lines):
            return None
        gutter = (find or _gutter)(below, width)
        if gutter is None:
            continue
        return gutter if text_columns(below, gutter) else None
    return None


def text_columns(lines: list[Line], gutter: float) -> bool:
    """Whether the lines either side of ``gutter`` are two columns of text, most of their rows filling half their
    column's width or more, not a table's narrow cells or a figure's labels."""
    left = [x for x in lines if x.x1 <= gutter]
    right = [x for x in lines if x.x0 >= gutter]
    if not left or not right:
        return False
    for side, edge in ((left, min(x.x0 for x in left)), (right, max(x.x1 for x in right))):
        rows: dict[int, list[Line]] = {}  # a justified line comes in pieces: measure its row
        for x in side:
            rows.setdefault(round(x.top / max(1.0, 0.5 * (x.bottom - x.top))), []).append(x)
        extents = [max(x.x1 for x in r) - min(x.x0 for x in r) for r in rows.values()]
        if statistics.median(extents) < 0.5 * abs(gutter - edge):
            return False
    return True


def band_rules(page: object, gutter: float, lines: list[Line]) -> list[float]:
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


def heading_bands(lines: list[Line], gutter: float) -> list[float]:
    """Where (distance from the top) a heading set alone across an empty strip of both columns opens a band.

    One open-access publisher's 2023+ layout (docs/library.md, ninth held-out set) ends the back matter
    (author contributions, funding, publisher's note) in two columns and sets "References" under it in the
    left column, with no rule, the list then running in two columns of its own, in smaller type: the strip
    beside the heading is empty in the other column, whose text ends level with the heading's column above
    it and starts again level with it below. Read column by column, the left column's first entries fell
    between the back matter's two columns and the list reader stopped at the next column's text (5 of 42
    entries). In running columns the other column has text beside a heading (or a heading of its own inside
    the strip), so no band opens there."""
    if not lines:
        return []
    lead = statistics.median(ln.bottom - ln.top for ln in lines)
    left, right = _sides(lines, gutter, 0)
    out = []
    for own, other in ((left, right), (right, left)):
        for ln in own:
            above = [x.bottom for x in own if x.bottom <= ln.top]
            below = [x.top for x in own if x.top >= ln.bottom]
            if not above or not below or len(ln.text.split()) > 6:
                continue
            prev_bottom, next_top = max(above), min(below)
            if ln.top - prev_bottom < lead or next_top - ln.bottom < 0.5 * lead:
                continue  # a heading stands apart from the text above it
            other_above = [x.bottom for x in other if x.bottom <= prev_bottom + 0.5 * lead]
            other_below = [x.top for x in other if x.top >= next_top - 0.5 * lead]
            if not other_above or not other_below or len(other_above) + len(other_below) != len(other) or any(
                    prev_bottom < x.top and x.bottom < next_top and x not in own and x not in other for x in lines):
                continue  # the other column has text in the strip beside the heading, or a line crosses the gutter
            if abs(max(other_above) - prev_bottom) > 0.5 * lead or abs(min(other_below) - next_top) > 0.5 * lead:
                continue
            # under it both columns start again with a line across their width (a list's first entry, a
            # paragraph), not a table's cells or a figure's labels
            first = [x for x in lines if abs(x.top - next_top) <= 0.5 * lead and (x in own or x in other)]
            if any(max((x.x1 - x.x0 for x in first if x in side), default=0.0)
                   < 0.6 * (max(x.x1 for x in side) - min(x.x0 for x in side)) for side in (left, right)):
                continue
            # and in type of another size than above it (the list in 7 pt under 9 pt back matter): a
            # section of one column beside a figure or a table in the other goes on in the same type
            above_h = [x.bottom - x.top for side in (own, other) for x in
                       sorted((x for x in side if x.bottom <= ln.top), key=lambda x: -x.top)[:3]]
            below_h = [x.bottom - x.top for side in (own, other) for x in
                       sorted((x for x in side if x.top >= ln.bottom), key=lambda x: x.top)[:3]]
            ratio = statistics.median(below_h) / statistics.median(above_h)
            if not 0.85 <= ratio <= 1.15:
                out.append(ln.top - 0.5)
    return sorted(out)


_MARGIN = 0.12  # the top and bottom eighth of a page, where running heads, footers and folios are printed


def margins(lines: list[Line], height: float, gutter: float) -> tuple[list[Line], list[Line], list[Line]]:
    """A two-column page's header rows, body lines and footer rows.

    A row (lines on one baseline) in the top or bottom eighth of the page, apart from every other line by a
    line's height or more, is the page's margin: a running title, a folio, a journal line. Set in one
    column's width ("Alam et al." over the right column, "To appear in OSDI 2006" under the left), it would
    otherwise be read with that column, in the middle of the page's text, where a header is not looked for.
    """
    body = sorted(lines, key=lambda ln: ln.top)
    head: list[Line] = []
    foot: list[Line] = []
    for _ in range(2):  # a journal line over a DOI line: two rows at most, each apart from the body
        if len(body) < 8:
            break
        first = [ln for ln in body if ln.top - body[0].top < 0.5 * (body[0].bottom - body[0].top)]
        rest = [ln for ln in body if ln not in first]
        lead = statistics.median(ln.bottom - ln.top for ln in body)
        below = min(ln.top for ln in rest) - max(ln.bottom for ln in first)
        # a second row set in both columns and nearer the body than the row above it is the columns' first row
        # (two section headings, "7 Subtype differentiation of PA" beside "References"), not a journal line under
        # the running head; a printer's slug above the page's edge ("fpsyg-14-1274585 January 9, 2024") is no row
        shown = [ln for ln in head if ln.bottom > 0]
        both = any(ln.x1 <= gutter for ln in first) and any(ln.x0 >= gutter for ln in first)
        nearer_head = not shown or not both or min(ln.top for ln in first) - max(ln.bottom for ln in shown) < below
        if max(ln.bottom for ln in first) <= _MARGIN * height and below >= lead and nearer_head:
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


def last_line_of(wide: list[Line], ln: Line, below: list[Line], gutter: float) -> bool:
    """Whether ``ln``, short of the gutter, is the last line of the full-width paragraph above it: right under
    it, starting at its left edge, with no column line close below (a column's first line has lines under it)."""
    lead = ln.bottom - ln.top
    close = ln.top - wide[-1].bottom < 0.8 * lead and any(abs(ln.x0 - w.x0) < 2 for w in wide[-3:])
    return close and not any(x.top - ln.bottom < 0.8 * lead for x in below
                             if abs(x.top - ln.top) > 0.5 * lead and not x.x0 < gutter - 2 < gutter + 2 < x.x1)


def table_rows(lines: list[Line], gutter: float) -> dict[int, list[Line]]:
    """Lines of full-width tables, by id, each mapped to its table's lines (a run of rows).

    A row (lines on one baseline) with pieces on both sides of the gutter, and two or more cells a wide
    gap apart on one side, is a table row: two columns of text put one line on each side. Its caption ("Table 2. …") right
    above belongs with it. Why: read column by column, a table's right-hand cells would land in the
    right column's text, away from their rows."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if rows and abs(ln.top - rows[-1][0].top) < 0.5 * (ln.bottom - ln.top):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    column = gutter - min(ln.x0 for ln in lines)
    right_column = max(ln.x1 for ln in lines) - gutter

    def cells(side: list[Line]) -> int:  # pieces a wide gap apart (not a justified line's fragments)
        side = sorted(side, key=lambda x: x.x0)
        return 1 + sum(1 for a, b in zip(side, side[1:], strict=False) if b.x0 - a.x1 > 0.15 * column) if side else 0

    split = [([x for x in r if x.x1 <= gutter], [x for x in r if x.x0 >= gutter]) for r in rows]
    candidate = [bool(left) and bool(right) and max(cells(left), cells(right)) >= 2 for left, right in split]
    # where each column's own lines start (its edge, its indents): x0s that three lines off the candidates share
    starts = Counter((x.x0 >= gutter, round(x.x0)) for r, c in zip(rows, candidate, strict=True) if not c for x in r)

    def prose(side: list[Line], width: float) -> bool:
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
    out: dict[int, list[Line]] = {}
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


def next_top(table: dict[int, list[Line]]) -> float:
    return min(ln.top for group in table.values() for ln in group)


def pop_table(table: dict[int, list[Line]]) -> list[Line]:
    """The topmost table left, removed from ``table``."""
    group = min(table.values(), key=lambda g: min(ln.top for ln in g))
    for ln in group:
        table.pop(id(ln), None)
    return group

