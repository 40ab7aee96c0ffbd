"""A paper's numbered reference list found by its shape, when no "References" heading announces it.

Preprints and short communications print the list straight after the text (or after the
acknowledgements) with no heading; two-up scans even put its first entries beside the last page of
text. Such a list is a run of paragraphs that start with the entries' numbers in sequence, "[1] …",
"[2] …" (or "1. …", "2. …"; one paragraph may hold several entries where the layout joined their
lines), most entries carrying a year, and it runs to the end of the paper. A numbered list inside the
body (steps of a method, inclusion criteria) has few years and stops well before the end, so it is
not taken; paragraphs between the list's paragraphs (text set beside the list) stay text.
"""
from __future__ import annotations

import re

_YEAR = re.compile(r"\b(?:19|20)\d\d[a-z]?\b")
MIN_ENTRIES = 3
YEAR_SHARE = 0.6  # of the entries; a method's numbered steps seldom print years
MAX_GAP = 6  # text paragraphs tolerated between two of the list's paragraphs
CONTINUATION = 300  # characters of an entry's own text a gap inside it may set apart
TAIL = 0.15  # the list's last paragraph is within the paper's last 15% of paragraphs (or last 5)


def _marker(n: int, style: str) -> str:
    return rf"\[{n}\]" if style == "[" else rf"{n}[.)]"


def _entries(text: str, first: int, style: str, lead: int = 0) -> list[str]:
    """The entries numbered first, first + 1, … that ``text`` holds (it starts with entry ``first``, or with
    up to ``lead`` characters of the entry before it, which a blank line inside that entry set apart)."""
    out: list[str] = []
    n = first
    pos = re.match(rf"\s*{_marker(n, style)}\s+", text)
    if pos is None and lead:
        pos = re.compile(rf"(?<=\s){_marker(n, style)}\s+").search(text, 0, lead + 8)
    if pos is None:
        return []
    start = pos.end()
    while True:
        nxt = re.compile(rf"(?<=\s){_marker(n + 1, style)}\s+").search(text, start)
        if nxt is None:
            out.append(text[start:].strip())
            return out
        out.append(text[start:nxt.start()].strip())
        n, start = n + 1, nxt.end()


def find_list(paragraphs: list[str]) -> list[int]:
    """Indices of the paragraphs that make the paper's unheaded numbered reference list; [] when there is none.

    Journals that close an entry with its year ("… Nature 464, 45–53 (2010).") may leave a gap inside an
    entry, so a paragraph that follows an entry still without its year is that entry's continuation, and
    one that opens with a short continuation before the next number holds the entries after it.
    """
    tail = min(len(paragraphs) - 5, int((1 - TAIL) * len(paragraphs)))
    for i, first in enumerate(paragraphs):
        m = re.match(r"\s*(?:(\[)1\]|1[.)])\s+\S", first)
        if m is None:
            continue
        style = "[" if m.group(1) else "."
        expected, chosen, entries, gap = 1, [], [], 0
        for j in range(i, len(paragraphs)):
            open_entry = bool(entries) and not _YEAR.search(entries[-1])
            got = _entries(paragraphs[j], expected, style, lead=CONTINUATION if open_entry else 0)
            if got:
                chosen.append(j)
                entries += got
                expected += len(got)
                gap = 0
            elif open_entry and len(paragraphs[j]) <= CONTINUATION:
                chosen.append(j)
                entries[-1] += " " + paragraphs[j]
            elif (gap := gap + 1) > MAX_GAP:
                break
        with_year = sum(bool(_YEAR.search(e)) for e in entries)
        if len(entries) >= MIN_ENTRIES and with_year >= YEAR_SHARE * len(entries) and chosen[-1] >= tail:
            return chosen
    return []
