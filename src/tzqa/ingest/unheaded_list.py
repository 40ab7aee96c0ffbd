"""A paper's numbered reference list found by its shape, when no "References" heading announces it.

Preprints and short communications print the list straight after the text (or after the
acknowledgements) with no heading; two-up scans even put its first entries beside the last page of
text. Such a list is a run of paragraphs that start with the entries' numbers in sequence, "[1] …",
"[2] …" (or "1. …", "2. …"; one paragraph may hold several entries where the layout joined their
lines), most entries carrying a year, and it runs to the end of the paper. A numbered list inside the
body (steps of a method, inclusion criteria) has few years and stops well before the end, so it is
not taken; paragraphs between the list's paragraphs (text set beside the list) stay text.

The list's first entry may share a paragraph with what the page printed before it: a footnote
("∗Corresponding author: …") set just above it, or the last paragraph of the text carried over a page break
because the page ended on a full line. :func:`list_start` says where the list starts inside such a paragraph,
so the reader can set the text before it apart and look again.
"""
from __future__ import annotations

import re

_YEAR = re.compile(r"\b(?:19|20)\d\d[a-z]?\b")
MIN_ENTRIES = 3
YEAR_SHARE = 0.6  # of the entries; a method's numbered steps seldom print years
MAX_GAP = 6  # text paragraphs tolerated between two of the list's paragraphs
CONTINUATION = 300  # characters of an entry's own text a gap inside it may set apart
TAIL = 0.15  # the list's last paragraph is within the paper's last 15% of paragraphs (or last 5)
LEAD = 200  # characters of a footnote that may stand before the first entry with no sentence's end between
# a bare "1" opens a list only before an author, "Kallen K.", "Salihu HM,", "Smith, J." (The BMJ numbers its list
# "1   Kallen K. The impact of …" with no full stop, and prints it with no heading after the licence paragraph)
_BARE_ONE = r"1\s+(?=[A-Z][\w'’\-]+(?:,\s*[A-Z]\.|\s+[A-Z]{1,3}[,.\s]))"
_FIRST = re.compile(rf"\s*(?:(?P<bracket>\[)1\]\s+\S|1(?P<stop>[.)])\s+\S|{_BARE_ONE})")
# entry 1 inside a paragraph: after a sentence's end, or after a short lead; an author's capital follows
_FIRST_INSIDE = re.compile(rf"(?<=\s)(?:(?:\[1\]|1\.)\s+(?=[A-Z])|{_BARE_ONE})")


def _marker(n: int, style: str) -> str:
    if style == " ":  # a bare number before a capital, opening the paragraph or after an entry's end ("…329-33. 2 Rogers")
        return rf"(?<![^\d.)]\s){n}(?=\s+[A-Z])"
    return rf"\[{n}\]" if style == "[" else rf"{n}[.)]"


def _entries(text: str, first: int, style: str, lead: int = 0) -> list[str]:
    """The entries numbered first, first + 1, … that ``text`` holds (it starts with entry ``first``, or with
    up to ``lead`` characters of the entry before it, which a blank line inside that entry set apart)."""
    return _entries_after_lead(text, first, style, lead)[1]


def _entries_after_lead(text: str, first: int, style: str, lead: int = 0) -> tuple[str, list[str]]:
    """(the lead: the end of the entry before, the entries) as :func:`_entries` reads them."""
    out: list[str] = []
    n = first
    pos = re.match(rf"\s*{_marker(n, style)}\s+", text)
    if pos is None and lead:
        pos = re.compile(rf"(?<=\s){_marker(n, style)}\s+").search(text, 0, lead + 8)
    if pos is None:
        return "", []
    start = pos.end()
    before = text[:pos.start()].strip()
    while True:
        nxt = re.compile(rf"(?<=\s){_marker(n + 1, style)}\s+").search(text, start)
        if nxt is None:
            out.append(text[start:].strip())
            return before, out
        out.append(text[start:nxt.start()].strip())
        n, start = n + 1, nxt.end()


def find_list(paragraphs: list[str]) -> list[int]:
    """Indices of the paragraphs that make the paper's unheaded numbered reference list; [] when there is none.

    Journals that close an entry with its year ("… Nature 464, 45–53 (2010).") may leave a gap inside an
    entry, so a paragraph that follows an entry still without its year is that entry's continuation, and
    one that opens with a short continuation before the next number holds the entries after it (also after
    an entry with its year: a link broken over the gap, "(2021), https:" / "//doi.org/…").
    """
    tail = min(len(paragraphs) - 5, int((1 - TAIL) * len(paragraphs)))
    for i, first in enumerate(paragraphs):
        m = _FIRST.match(first)
        if m is None:
            continue
        style = "[" if m.group("bracket") else "." if m.group("stop") else " "
        expected, chosen, entries, gap = 1, [], [], 0
        for j in range(i, len(paragraphs)):
            open_entry = bool(entries) and not _YEAR.search(entries[-1])
            # an entry's tail a blank line set apart ("https:" / "//doi.org/…") may open the next paragraph even
            # when the entry already has its year
            lead, got = _entries_after_lead(paragraphs[j], expected, style,
                                            lead=CONTINUATION if open_entry or j > i else 0)
            if got:
                if lead and entries:
                    entries[-1] += " " + lead  # the year of an entry a gap cut in two is often in its tail
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


def list_start(paragraph: str) -> int | None:
    """Where entry 1 of a list may start inside ``paragraph`` (not at its start): "[1] " or "1. " before a capital,
    after a short lead or a sentence's end; None otherwise. (Entry 2 may be in the next paragraph: the caller
    keeps the cut only when :func:`find_list` then finds the list.)"""
    for m in _FIRST_INSIDE.finditer(paragraph):
        before = paragraph[:m.start()].rstrip()
        if not before or not (len(before) <= LEAD or re.search(r"[.!?:)\]]$", before)):
            continue
        return m.start()
    return None
