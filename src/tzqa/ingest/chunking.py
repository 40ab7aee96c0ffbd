"""How text is cut into passages, the unit that gets embedded, indexed and returned.

Passages follow sentences (pysbd) and stay inside one paragraph, so no passage
crosses a section boundary or cuts a sentence in two; a paragraph is packed into
as few passages of at most ``MAX_PASSAGE_CHARS`` as its sentences allow, with the
sentences shared out evenly so the last passage is not a stub. Which texts are cut, and the ids, refs and
headings of their passages, is :mod:`tzqa.ingest.library.passages` (one way for every document).
"""
from __future__ import annotations

import math
from functools import lru_cache

MAX_PASSAGE_CHARS = 1200


@lru_cache(maxsize=1)
def _segmenter():  # type: ignore[no-untyped-def]
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence; whitespace between sentences belongs to neither."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for seg in _segmenter().segment(text):
        s = seg.sent.strip()
        if not s:
            continue
        start = text.find(s, pos)
        if start < 0:
            start = pos
        spans.append((start, start + len(s)))
        pos = start + len(s)
    return spans or ([(0, len(text))] if text.strip() else [])


def _split_long(text: str, span: tuple[int, int], limit: int) -> list[tuple[int, int]]:
    """A single sentence over the limit is split at the last clause break (";", ",", space) before it."""
    out: list[tuple[int, int]] = []
    s, e = span
    while e - s > limit:
        window = text[s:s + limit]
        cut = max(window.rfind("; "), window.rfind(", "))
        if cut < limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit - 1
        out.append((s, s + cut + 1))
        s = s + cut + 1
        while s < e and text[s] == " ":
            s += 1
    out.append((s, e))
    return out


def pack(text: str, limit: int = MAX_PASSAGE_CHARS) -> list[tuple[int, int]]:
    """Group consecutive sentences into balanced chunks of at most ``limit`` characters."""
    spans: list[tuple[int, int]] = []
    for sp in sentence_spans(text):
        spans.extend(_split_long(text, sp, limit) if sp[1] - sp[0] > limit else [sp])
    if not spans:
        return []
    total = spans[-1][1] - spans[0][0]
    for n in range(max(1, math.ceil(total / limit)), len(spans) + 1):
        groups = _balanced(spans, n)
        if max(spans[j - 1][1] - spans[i][0] for i, j in groups) <= limit:
            return [(spans[i][0], spans[j - 1][1]) for i, j in groups]
    return [(s, e) for s, e in spans]


def _balanced(spans: list[tuple[int, int]], n: int) -> list[tuple[int, int]]:
    """Split sentences into ``n`` contiguous groups minimising the largest group (linear partition DP)."""
    m = len(spans)

    def size(i: int, j: int) -> int:
        return spans[j - 1][1] - spans[i][0]

    inf = float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    cut = [[0] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0
    for g in range(1, n + 1):
        for j in range(g, m + 1):
            for i in range(g - 1, j):
                cost = max(best[g - 1][i], size(i, j))
                if cost < best[g][j]:
                    best[g][j], cut[g][j] = cost, i
    groups: list[tuple[int, int]] = []
    j = m
    for g in range(n, 0, -1):
        i = cut[g][j]
        groups.append((i, j))
        j = i
    return groups[::-1]


def paragraph_spans(text: str, limit: int) -> list[tuple[int, int]]:
    """``pack`` a paragraph; a very long one (no paragraph breaks survived) is windowed first to stay fast."""
    if len(text) <= 8 * limit:
        return pack(text, limit)
    windows: list[list[tuple[int, int]]] = [[]]
    for s, e in sentence_spans(text):
        if windows[-1] and e - windows[-1][0][0] > 4 * limit:
            windows.append([])
        windows[-1].append((s, e))
    out: list[tuple[int, int]] = []
    for w in windows:
        a, b = w[0][0], w[-1][1]
        out.extend((a + i, a + j) for i, j in pack(text[a:b], limit))
    return out
