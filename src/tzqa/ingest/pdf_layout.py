"""A PDF page -> its text in reading order, from the positions and sizes of its characters (pdfminer.six).

pypdf's layout mode places glyphs on a character grid: words set without space characters run
together ("deliveryiscommon"), two columns whose baselines do not line up interleave mid-sentence,
and a superscript citation is lost among the digits of the line. pdfminer.six groups characters
into words and lines by the gaps between them, and keeps each character's box and size. Three steps,
one module each:

- :mod:`.pdf_lines`: characters -> text lines with their boxes (superscript citations bracketed,
  ligatures decomposed, text that is not upright left out);
- :mod:`.pdf_regions`: where the page's parts lie (the columns' gutter, rules parting the page into bands,
  header and footer rows, full-width tables);
- here: the page read in that order. Each column is read top to bottom in turn; lines crossing the gutter
  (a title, a wide caption) stay in place between the column blocks above and below them; lines sharing a
  baseline within a column are one row, their pieces separated by three spaces or more (so table cells
  stay cells, as :func:`tzqa.ingest.library.textdoc.extract_tables` expects); a paragraph break (a blank
  line) is a vertical gap, or an indented line after a sentence end. A glyph the font maps to no character
  is named from the font program or restored from its words (:mod:`.pdf_glyphs`).
"""
from __future__ import annotations

import logging
import re
import statistics
from pathlib import Path

from tzqa.ingest.pdf_lines import Line, all_chars, lines_with_size, page_lines, printed_lines
from tzqa.ingest.pdf_regions import (
    band_rules,
    column_gutter,
    heading_bands,
    last_line_of,
    margin_column,
    margins,
    next_top,
    pop_table,
    side_panel,
    table_rows,
    text_columns,
    three_columns,
)


def _rows(lines: list[Line], char_width: float) -> list[str]:
    """Lines of one column (or of the whole page), top to bottom, as rows of text with blank lines at gaps."""
    if not lines:
        return []
    lines = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    rows: list[list[Line]] = []
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

    lines = page_lines(page)
    if not lines:
        return ""
    widths = [c.width for ln in [page] for c in all_chars(ln) if isinstance(c, LTChar) and c.get_text().strip()]
    char_width = max(1.0, 0.9 * statistics.mean(widths)) if widths else 5.0
    panel = side_panel(lines, page.width) if getattr(page, "pageid", 1) == 1 else None  # type: ignore[attr-defined]
    if panel is not None:  # a first page's side panel ("Received …", "SUBJECT AREAS: …") is read first, on its own
        side = [ln for ln in lines if ln.x1 <= panel]
        rest = [ln for ln in lines if ln.x1 > panel]
        return "\n".join(_rows(side, char_width)) + "\n\n" + _columns(page, rest, char_width)
    x = margin_column(lines, page.width, page.height)  # type: ignore[attr-defined]
    if x is not None:  # notes in the right margin: read after the body, which is measured without them
        height = page.height  # type: ignore[attr-defined]
        notes = [ln for ln in lines if ln.x0 >= x and 0.12 * height < ln.top and ln.bottom < 0.88 * height]
        rest = [ln for ln in lines if ln not in notes]
        text = [ln for ln in rest if 0.12 * height < ln.top and ln.bottom < 0.88 * height] or rest
        width = min(ln.x0 for ln in text) + max(ln.x1 for ln in text)
        gutter = column_gutter(rest, width)
        if gutter is not None and text_columns(text, gutter):  # beside one column, notes stay in its rows
            return _columns(page, rest, char_width, notes, width)
    return _columns(page, lines, char_width)


def _columns(page: object, lines: list[Line], char_width: float, notes: list[Line] | None = None,
             width: float | None = None) -> str:
    """The page's lines read column by column (see the module's docstring); ``notes``, a margin column's lines,
    after the body and before the footer; ``width``, the page's as its columns are centred in it (the text's
    when a margin column shifts them left)."""
    width = width or page.width  # type: ignore[attr-defined]
    notes = notes or []
    gutters = three_columns(lines, width)
    if gutters is not None and not notes:
        return _three_columns(page, lines, gutters, char_width)
    gutter = column_gutter(lines, width)
    if gutter is None and not notes:
        gutter = _off_centre_gutter(page, lines)
    if gutter is None:
        return "\n".join(_rows(lines, char_width) + ([""] + _rows(notes, char_width) if notes else []))
    head, lines, foot = margins(lines, page.height, gutter)  # type: ignore[attr-defined]
    out: list[str] = []
    if head:
        out += _rows(head, char_width) + [""]
    block: list[Line] = []
    wide: list[Line] = []  # consecutive full-width lines: one run of rows, a paragraph's lines kept together

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

    table = table_rows(lines, gutter)
    in_tables = set(table)  # every table line is read with its table, once, never again as column text
    text = [ln for ln in lines if id(ln) not in in_tables]
    rules = sorted(band_rules(page, gutter, text) + heading_bands(text, gutter))
    ordered = sorted(lines, key=lambda ln: ln.top)
    for k, ln in enumerate(ordered):
        if id(ln) in in_tables:
            continue
        while rules and rules[0] <= ln.top:  # a rule across both columns: the columns above it end there
            rules.pop(0)
            flush_wide()
            flush()
        while table and next_top(table) <= ln.top:  # a full-width table above this line: its rows in place
            flush_wide()
            flush()
            out.extend(_rows(pop_table(table), char_width))
            out.append("")
        if ln.x0 < gutter - 2 and ln.x1 > gutter + 2:  # crosses the gutter: a full-width line
            flush()
            wide.append(ln)
        elif wide and last_line_of(wide, ln, ordered[k + 1:], gutter):
            wide.append(ln)
        else:
            flush_wide()
            block.append(ln)
    flush_wide()
    flush()
    while table:
        out.extend(_rows(pop_table(table), char_width))
    if notes:
        out += [""] + _rows(notes, char_width)
    if foot:
        out += [""] + _rows(foot, char_width)
    return "\n".join(out).strip("\n")


def _off_centre_gutter(page: object, lines: list[Line]) -> float | None:
    """The gutter of two columns set off the page's middle, looked for in the middle of the text block.

    Why: The Lancet sets its two columns beside a margin column, right of them on odd pages and left of them on
    even ones, so the gutter (9 to 12 pt wide) lies 40 pt off the page's middle even on a page with no notes in
    the margin, where the gutter was not looked for, and the page was read row by row across both columns.
    The text block's middle is where its body lines (between the page's top and bottom eighths) start and end."""
    height = page.height  # type: ignore[attr-defined]
    text = [ln for ln in lines if 0.12 * height < ln.top and ln.bottom < 0.88 * height]
    if not text:
        return None
    width = min(ln.x0 for ln in text) + max(ln.x1 for ln in text)  # a page with the text block in its middle
    if abs(width - page.width) < 0.05 * page.width:  # type: ignore[attr-defined]
        return None  # centred: looked for already
    gutter = column_gutter(lines, width)
    return gutter if gutter is not None and text_columns(text, gutter) else None


def _three_columns(page: object, lines: list[Line], gutters: tuple[float, float], char_width: float) -> str:
    """A page set in three columns (:func:`~.pdf_regions.three_columns`) read as :func:`_columns` reads two: its
    running head and folio first, then each run of column lines left, middle and right column in turn, and a
    line set across a gutter (a title, a caption under a figure two or three columns wide) in its place between
    the runs above and below it. Nothing is read as a table: a row of three columns' lines is three lines."""
    first, second = gutters
    head, body, foot = margins(lines, page.height, first)  # type: ignore[attr-defined]
    out: list[str] = _rows(head, char_width) + [""] if head else []
    block: list[Line] = []
    wide: list[Line] = []

    def flush(run: list[Line], split: bool) -> None:
        if not run:
            return
        middle = [(ln.x0 + ln.x1) / 2 for ln in run]  # a line's column is where its middle lies
        parts = ([ln for ln, x in zip(run, middle, strict=True) if x <= first],
                 [ln for ln, x in zip(run, middle, strict=True) if first < x <= second],
                 [ln for ln, x in zip(run, middle, strict=True) if x > second]) if split else (run,)
        for part in parts:
            if part:
                out.extend(_rows(part, char_width) + [""])
        run.clear()

    for ln in sorted(body, key=lambda ln: ln.top):
        if any(ln.x0 < g - 2 and ln.x1 > g + 2 for g in gutters):
            flush(block, True)
            wide.append(ln)
        else:
            flush(wide, False)
            block.append(ln)
    flush(wide, False)
    flush(block, True)
    if foot:
        out += [""] + _rows(foot, char_width)
    return "\n".join(out).strip("\n")


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
    lines = printed_lines(sorted(lines_with_size(page), key=lambda ln: ln.top))
    texts = restore_ligatures([ln.text for ln in lines])[0]
    return [(ln.size, text.strip()) for ln, text in zip(lines, texts, strict=True)]


