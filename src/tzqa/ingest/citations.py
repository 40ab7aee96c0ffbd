"""In-text citation markers: "(12)", "(7, 8)", "(21, 35, 36)", "(3-5)".

Only a parenthesis holding nothing but small integers, commas and range dashes
is a citation. Trial identifiers (NCT04208178), p-values, sample sizes
(n=5151, N = 32), confidence intervals, percentages, years and abbreviations
all contain something else and are left alone; numbers outside the reference
list are rejected rather than guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_MARKER = re.compile(r"\((\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*)\)")
_MAX_RANGE = 15


@dataclass(frozen=True)
class CitationMarker:
    start: int
    end: int
    numbers: tuple[int, ...]


def find_citations(text: str, max_ref: int) -> list[CitationMarker]:
    """Every citation marker in ``text`` with the reference numbers it expands to (1..``max_ref``, the list's length)."""
    found: list[CitationMarker] = []
    for m in _MARKER.finditer(text):
        # "2(EGFR2)" and "(2017B030314116)" never get here; a marker glued to a
        # preceding digit ("12(3)") is a volume(issue), not a citation.
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        numbers = expand_numbers(m.group(1), max_ref)
        if numbers:
            found.append(CitationMarker(m.start(), m.end(), numbers))
    return found


def expand_numbers(body: str, max_ref: int) -> tuple[int, ...]:
    """"3, 7-9" -> (3, 7, 8, 9); () when any number is outside 1..max_ref or a range is implausible."""
    out: list[int] = []
    for part in re.split(r"\s*,\s*", body):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 1:
            nums = [int(bounds[0])]
        elif len(bounds) == 2:
            lo, hi = int(bounds[0]), int(bounds[1])
            if not lo < hi or hi - lo > _MAX_RANGE:
                return ()
            nums = list(range(lo, hi + 1))
        else:
            return ()
        if any(not 1 <= n <= max_ref for n in nums):
            return ()
        out.extend(nums)
    return tuple(dict.fromkeys(out))


def cited_numbers(text: str, max_ref: int) -> tuple[int, ...]:
    """Reference numbers cited in ``text``, in order of first citation."""
    seen: dict[int, None] = {}
    for c in find_citations(text, max_ref):
        for n in c.numbers:
            seen.setdefault(n, None)
    return tuple(seen)
