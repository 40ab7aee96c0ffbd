"""In-text citations of a library document, resolved against its own reference list (no fixed cap).

Styles: numbers in brackets or parentheses — ``[12]``, ``[3–5]``, ``[1, 4-6]``, ``(12)``, ``(12, 61)`` —,
superscripts (Unicode ``¹²`` or, as PDF text extraction leaves them, digits glued to a lower-case word
that the document also uses alone or that is English: ``resistance12,13``, but not ``Cdc42``), and
author–year (``(Smith et al., 2019; Lee and Park 2020)``) matched to the list by first author's surname
and year. A marker whose numbers fall outside ``1..len(list)`` is text,
not a citation. Glued superscripts are rewritten as ``[12,13]`` so the passage reads as the page did.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from tzqa.ingest.citations import expand_numbers
from tzqa.models import Reference

_LIST = r"\d{1,4}(?:\s*[,;\-–—]\s*\d{1,4})*"
_BRACKET = re.compile(rf"\[({_LIST})\]|\(({_LIST})\)")
_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_UNICODE_SUP = re.compile(rf"[{_SUPERSCRIPT_CHARS}]+(?:[,⁻–-][{_SUPERSCRIPT_CHARS}]+)*")
# "cells12,13" / "inhibitor.12": digits glued to a word of 2+ lower-case letters, or to its full stop.
_GLUED = re.compile(r"(?<=[a-z]{2})([.,;:]?)(\d{1,4}(?:[,–-]\d{1,4})*)(?=[\s.,;:)]|$)")
_AUTHOR_YEAR = re.compile(
    r"\(((?:[A-Z][\w'’-]+(?:\s+(?:et\s+al\.?|and\s+[A-Z][\w'’-]+|&\s+[A-Z][\w'’-]+))?,?\s+(?:19|20)\d\d[a-z]?"
    r"(?:\s*;\s*)?)+)\)")
_ONE_AUTHOR_YEAR = re.compile(r"([A-Z][\w'’-]+)(?:\s+(?:et\s+al\.?|and\s+[A-Z][\w'’-]+|&\s+[A-Z][\w'’-]+))?,?\s+"
                              r"((?:19|20)\d\d)")


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    numbers: tuple[int, ...]


def _numbers(body: str, n_refs: int) -> tuple[int, ...]:
    return expand_numbers(re.sub(r"[;]", ",", re.sub(r"[—]", "-", body)), n_refs)


def _plain_digits(s: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c in _SUPERSCRIPT_CHARS else ("-" if c == "⁻" else c) for c in s)


def find_markers(text: str, n_refs: int, references: Sequence[Reference] = (),
                 words: frozenset[str] = frozenset()) -> list[Marker]:
    """Every citation marker in ``text``; glued superscripts only after a word that also stands alone in ``words``."""
    if n_refs <= 0:
        return []
    found: list[Marker] = []
    for m in _BRACKET.finditer(text):
        if m.group(2) and m.start() > 0 and text[m.start() - 1].isdigit():
            continue  # "12(3)" is a volume(issue); "HER3[7]" is a citation
        nums = _numbers(m.group(1) or m.group(2), n_refs)
        if nums:
            found.append(Marker(m.start(), m.end(), nums))
    for m in _UNICODE_SUP.finditer(text):
        nums = _numbers(_plain_digits(m.group(0)), n_refs)
        if nums:
            found.append(Marker(m.start(), m.end(), nums))
    if words:
        for m in _GLUED.finditer(text):
            word = re.search(r"[A-Za-z]+$", text[:m.start()])
            if word is None or not _plain_word(word.group(0), words):
                continue  # "Cdc42", "miR21": the digits belong to the name
            nums = _numbers(m.group(2), n_refs)
            if nums:
                found.append(Marker(m.start(2), m.end(2), nums))
    if references:
        index = _author_year_index(references)
        for m in _AUTHOR_YEAR.finditer(text):
            nums = []
            for a in _ONE_AUTHOR_YEAR.finditer(m.group(1)):
                hit = index.get((a.group(1).lower(), int(a.group(2))))
                if hit:
                    nums.append(hit)
            if nums:
                found.append(Marker(m.start(), m.end(), tuple(dict.fromkeys(nums))))
    found.sort(key=lambda x: x.start)
    out: list[Marker] = []
    for mk in found:  # overlapping matches: the first (longest-starting) wins
        if not out or mk.start >= out[-1].end:
            out.append(mk)
    return out


def _plain_word(word: str, words: frozenset[str]) -> bool:
    """A lower-case word the document uses on its own, or an English word: digits glued to it are a citation."""
    from tzqa.ingest.english import is_english

    w = word.lower()
    return word.islower() and (w in words or is_english(w))


def _author_year_index(references: Sequence[Reference]) -> dict[tuple[str, int], int]:
    """(first author's surname, year) -> number, for the pairs that identify one entry only."""
    seen: dict[tuple[str, int], list[int]] = {}
    for r in references:
        if r.authors and r.year:
            surname = r.authors[0].split()[0].lower()
            seen.setdefault((surname, r.year), []).append(r.number)
    return {k: v[0] for k, v in seen.items() if len(v) == 1}


def resolve(text: str, n_refs: int, references: Sequence[Reference] = (),
            words: frozenset[str] = frozenset()) -> tuple[str, tuple[int, ...]]:
    """``text`` with glued superscripts written as ``[n]``, and the numbers it cites in order of first citation."""
    markers = find_markers(text, n_refs, references, words)
    parts: list[str] = []
    pos = 0
    cited: dict[int, None] = {}
    for mk in markers:
        raw = text[mk.start:mk.end]
        parts.append(text[pos:mk.start])
        if raw[0].isdigit() or raw[0] in _SUPERSCRIPT_CHARS:
            parts.append("[" + _plain_digits(raw).replace("–", "-") + "]")
        else:
            parts.append(raw)
        pos = mk.end
        for n in mk.numbers:
            cited.setdefault(n, None)
    parts.append(text[pos:])
    return "".join(parts), tuple(cited)


def standalone_words(texts: Sequence[str]) -> frozenset[str]:
    """Lower-case words that occur without digits glued on: the vocabulary glued superscripts are checked against."""
    return frozenset(w.lower() for t in texts for w in re.findall(r"(?<![\w])[A-Za-z]{2,}(?![\w])", t))
