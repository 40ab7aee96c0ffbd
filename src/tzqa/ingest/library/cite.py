"""In-text citations of a library document, resolved against its own reference list (no fixed cap).

Styles: numbers in brackets or parentheses — ``[12]``, ``[3–5]``, ``[1, 4-6]``, ``(12)``, ``(12, 61)`` —,
superscripts (Unicode ``¹²`` or, as PDF text extraction leaves them, digits glued to a lower-case word
that the document also uses alone or that is English: ``resistance12,13``, but not ``Cdc42``), and
author–year, matched to the list item by item (:mod:`.authoryear`). A marker whose numbers fall outside
``1..len(list)`` is text, not a citation; nor is an enumeration ("(1) somatically acquired … or (2)
low-level"). Glued superscripts are rewritten as ``[12,13]`` so the passage reads as the page did.

One resolver for every document. A document may declare the strict style ``"parentheses"`` (its reader knows
it cites only as ``(12)``, ``(7, 8)``, ``(3-5)``): then only a parenthesis holding nothing but small integers,
commas and range dashes is a citation, and trial identifiers, p-values, sample sizes, confidence intervals,
percentages, years and abbreviations, which all hold something else, are left alone (:func:`find_citations`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from tzqa.models import Reference

_LIST = r"\d{1,4}(?:\s*[,;\-–—]\s*\d{1,4})*"
_BRACKET = re.compile(rf"\[({_LIST})\]|\(({_LIST})\)")
# "(ref. 45)", "(refs. 12,33,34)", "in Ref. 3": numbers named as references in running text, as journals that cite by
# superscripts print them after a number or a unit, where a superscript would read as an exponent
_REF_WORD = re.compile(r"\b[Rr]efs?\.\s*(\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)(?![\d.]\d)")
_SUPERSCRIPT_CHARS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_UNICODE_SUP = re.compile(rf"[{_SUPERSCRIPT_CHARS}]+(?:[,⁻–-][{_SUPERSCRIPT_CHARS}]+)*")
# "cells12,13" / "inhibitor.12": digits glued to a word of 2+ lower-case letters, or to its full stop.
_GLUED = re.compile(r"(?<=[a-z]{2})([.,;:]?)(\d{1,4}(?:[,–-]\d{1,4})*)(?=[\s.,;:)]|$)")
# "(1) somatically acquired … or (2) low-level": "(n)" followed by words; the later items open a clause
# (after ":", ";", ",", "or", "and")
_ENUMERATION = re.compile(r"\((\d{1,2})\)(?=\s+[A-Za-z])")
_OPENS_CLAUSE = re.compile(r"(?:^|[:;,]|\b(?:or|and))\s*$")


# The strict style: "(12)", "(7, 8)", "(21, 35, 36)", "(3-5)" and nothing else.
_STRICT = re.compile(r"\((\d{1,3}(?:\s*[,\-–]\s*\d{1,3})*)\)")
_MAX_RANGE = 15
STRICT = "parentheses"  # the style name a reader gives a document that cites only as "(n)"


@dataclass(frozen=True)
class Marker:
    """One citation: where it is in the text and the reference numbers it expands to."""

    start: int
    end: int
    numbers: tuple[int, ...]


def range_span(n_refs: int) -> int:
    """The widest range read as citing every number between, for a list of ``n_refs`` entries.

    Why it grows with the list: a systematic review of 210 entries cites "(167–190)", a block of 24 reports on
    one kind of system; a short list's "(10–30)" is far likelier a quantity's range than 21 of its entries."""
    return max(_MAX_RANGE, n_refs // 8)


def expand_numbers(body: str, max_ref: int, span: int = _MAX_RANGE) -> tuple[int, ...]:
    """"3, 7-9" -> (3, 7, 8, 9); () when any number is outside 1..max_ref or a range is implausible (wider
    than ``span``)."""
    out: list[int] = []
    for part in re.split(r"\s*,\s*", body):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 1:
            nums = [int(bounds[0])]
        elif len(bounds) == 2:
            lo, hi = int(bounds[0]), int(bounds[1])
            if not lo < hi or hi - lo > span:
                return ()
            nums = list(range(lo, hi + 1))
        else:
            return ()
        if any(not 1 <= n <= max_ref for n in nums):
            return ()
        out.extend(nums)
    return tuple(dict.fromkeys(out))


def find_citations(text: str, max_ref: int) -> list[Marker]:
    """Every citation of the strict style in ``text`` with the numbers it expands to (1..``max_ref``).

    Numbers outside the list are rejected rather than guessed; "(2017B030314116)" and "2(EGFR2)" never
    match, and a marker glued to a preceding digit ("12(3)") is a volume(issue), not a citation."""
    found: list[Marker] = []
    for m in _STRICT.finditer(text):
        if m.start() > 0 and text[m.start() - 1].isdigit():
            continue
        numbers = expand_numbers(m.group(1), max_ref, range_span(max_ref))
        if numbers:
            found.append(Marker(m.start(), m.end(), numbers))
    return found


def cited_numbers(text: str, max_ref: int, style: str = STRICT, references: Sequence[Reference] = ()
                  ) -> tuple[int, ...]:
    """Reference numbers cited in ``text``, in order of first citation (strict style unless told otherwise)."""
    markers = find_markers(text, max_ref, references, style=style)
    return tuple(dict.fromkeys(n for m in markers for n in m.numbers))


def _numbers(body: str, n_refs: int) -> tuple[int, ...]:
    return expand_numbers(re.sub(r"[;]", ",", re.sub(r"[—]", "-", body)), n_refs, range_span(n_refs))


def _plain_digits(s: str) -> str:
    return "".join(str(unicodedata.digit(c)) if c in _SUPERSCRIPT_CHARS else ("-" if c == "⁻" else c) for c in s)


# a DOI or web address; it stops at a bracket, so "…/data)[3]" keeps its citation
_LINK = re.compile(r"(?:doi:\s*)?10\.\d{4,9}/[^\s\[\]]+|https?://[^\s\[\]()]+|www\.[^\s\[\]()]+", re.IGNORECASE)
_PAREN_NUMBER = re.compile(r"\((\d{1,2})\)")
# "equation (4)", "Eq. (2)", "step (3)": a number in parentheses that names a thing, not a source
# (singular nouns only: "treatment groups (14)", "prediction models (7, 8)" cite)
_NAMED_BY = re.compile(r"(?i)\b(?:equation|eq\.?|eqn\.?|formula|step|stage|grade|phase|fig\.?|figure|table|panel"
                       r"|scenario)\s*$")
# "F[1,12] = 8.42", "χ2(2) = 5.1": degrees of freedom of a statistic
_STATISTIC = re.compile(r"^\s*[=<>≤≥]")
# a number in parentheses after a number is that number's count, share, spread or range, as tables and results
# print them ("39.2 (743)", "46 (12) 53 (13)", "a median of 2 (1-4)"); a citation in parentheses follows words. A year
# may be followed by a citation ("with follow-up meetings in 2014 (7)").
_VALUE_BEFORE = re.compile(r"(?:^|[^\w.,])(\d+(?:[.,]\d+)*)\s+$")


def after_a_value(text: str, start: int) -> bool:
    """Whether the parenthesis at ``start`` follows a number that is not a year (``_VALUE_BEFORE``)."""
    m = _VALUE_BEFORE.search(text[max(0, start - 16):start])
    return m is not None and not re.fullmatch(r"(?:19|20)\d\d", m.group(1))


def _enumerations(text: str) -> set[int]:
    """Start offsets of "(n)" that are not citations: items of a run starting at 0 or 1, each opening a clause
    ("(1) somatically acquired … or (2) low-level"), and the points of a scale ("never (0), hardly ever (1),
    occasionally (2)"): three or more consecutive values from 0 or 1, close together in one sentence. Citations
    in order of first citation also run 1, 2, 3, but across clauses and sentences ("… cancer (1). … outcome (2)")."""
    found = [(m.start(), int(m.group(1)), bool(_OPENS_CLAUSE.search(text[max(0, m.start() - 12):m.start()])))
             for m in _ENUMERATION.finditer(text)]
    numbers = {n for _, n, _ in found}
    opening = {n for _, n, opens in found if opens}
    out: set[int] = set()
    if (1 in numbers and 2 in opening) or (0 in numbers and 1 in opening):
        first = 0 if 0 in numbers else 1
        run = {first}
        while run and max(run) + 1 in opening:
            run.add(max(run) + 1)
        out = {start for start, n, _ in found if n in run}
    every = [(m.start(), m.end(), int(m.group(1))) for m in _PAREN_NUMBER.finditer(text)]
    run: list[tuple[int, int, int]] = []
    for item in every + [(len(text) + 100, 0, -9)]:  # a sentinel closes the last run
        prev = run[-1] if run else None
        joined = prev and item[2] == prev[2] + 1 and item[0] - prev[1] <= 40 and \
            not re.search(r"[.!?]\s", text[prev[1]:item[0]])
        if joined:
            run.append(item)
            continue
        if len(run) >= 3 and run[0][2] in (0, 1):
            out |= {start for start, _, _ in run}
        run = [item]
    return out


def _not_a_citation(text: str, m: re.Match[str], enumerated: set[int]) -> bool:
    """A bracket or parenthesis of numbers that is something else: volume(issue), an enumeration, a named item,
    a statistic's degrees of freedom, a value's count or spread."""
    if m.group(2) and m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
        return True  # "12(3)" is a volume(issue), "edi(8)" code's operand, "f(2)" a function's value; "HER3[7]" cites
    if m.start() in enumerated or _STATISTIC.match(text[m.end():]) or (m.group(2) and after_a_value(text, m.start())):
        return True
    return bool(m.group(2) and _NAMED_BY.search(text[max(0, m.start() - 20):m.start()]))


def _fill_ranges(text: str, markers: list[Marker], n_refs: int) -> list[Marker]:
    """"[1]–[5]" is a range written as two markers and a dash: the first gains the numbers between."""
    out = list(markers)

    def numeric(mk: Marker) -> bool:  # "[5]", "(5)", "5" or "⁵": not "(Smith, 2005)"
        raw = text[mk.start:mk.end]
        return bool(re.match(rf"[\[(]?[\d{_SUPERSCRIPT_CHARS}]", raw))

    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if (len(b.numbers) >= 1 and a.numbers and numeric(a) and numeric(b)
                and re.fullmatch(r"\s*[–—-]\s*", text[a.end:b.start])
                and 0 < b.numbers[0] - a.numbers[-1] <= 50):
            between = tuple(range(a.numbers[-1] + 1, min(b.numbers[0], n_refs + 1)))
            out[k] = Marker(a.start, a.end, a.numbers + between)
    return out


def find_markers(text: str, n_refs: int, references: Sequence[Reference] = (),
                 words: frozenset[str] = frozenset(), problems: list[str] | None = None,
                 parentheses: bool = True, style: str = "", numeric: bool = True,
                 glued: bool = True) -> list[Marker]:
    """Every citation marker in ``text``; glued superscripts only after a word that also stands alone in ``words``.

    ``style=STRICT`` (``"parentheses"``) reads only the strict "(n)" style (:func:`find_citations`).

    ``parentheses=False`` for a document that cites in square brackets: its "(2)" is never a citation.
    ``glued=False`` for a document that cites in parentheses: a number glued to a word is then not a citation,
    whether bare ("crypto-md5", a footnote's "double.1") or in brackets (code's "sp[8]", "v0[4]").
    ``numeric=False`` for a document whose list is author–year: it cites by names and years only, so none of its
    numbers (an equation's "(7)", code's "model[1]", a superscript) is read as a citation.
    Author–year items that match no entry, or more than one, are appended to ``problems`` (when given)
    with the reason, so a reader can report them instead of dropping them silently.
    """
    if style == STRICT:
        return find_citations(text, n_refs)
    if n_refs <= 0:
        return []
    found: list[Marker] = []
    enumerated = _enumerations(text)
    for m in _BRACKET.finditer(text) if numeric else ():
        if _not_a_citation(text, m, enumerated) or (m.group(2) and not parentheses):
            continue
        if not glued and m.group(1) and m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_"):
            continue
        nums = _numbers(m.group(1) or m.group(2), n_refs)
        if nums:
            found.append(Marker(m.start(), m.end(), nums))
    for m in _REF_WORD.finditer(text) if numeric else ():
        nums = _numbers(m.group(1), n_refs)
        if nums:
            found.append(Marker(m.start(1), m.end(1), nums))
    for m in _UNICODE_SUP.finditer(text) if numeric else ():
        nums = _numbers(_plain_digits(m.group(0)), n_refs)
        if nums:
            found.append(Marker(m.start(), m.end(), nums))
    if words and numeric and glued:
        for m in _GLUED.finditer(text):
            word = re.search(r"[A-Za-z]+$", text[:m.start()])
            if word is None or not _plain_word(word.group(0), words):
                continue  # "Cdc42", "miR21": the digits belong to the name
            nums = _numbers(m.group(2), n_refs)
            if nums:
                found.append(Marker(m.start(2), m.end(2), nums))
    if references:  # by names and years, or by an alpha list's labels ("[Gad06]")
        from tzqa.ingest.library.authoryear import AuthorYear
        from tzqa.ingest.library.labels import label_markers

        labelled = all(r.label for r in references)  # a labelled list is cited by its labels alone
        named = label_markers(text, references, problems) + (
            [] if labelled else AuthorYear.of(references).markers(text, problems))
        found += [Marker(start, end, nums) for start, end, nums in named]
    # a DOI or web address is not cited text: "doi:10.1136/…" must not become "doi:[10].1136/…"
    links = [(m.start(), m.end()) for m in _LINK.finditer(text)]
    found = [mk for mk in found if not any(a <= mk.start < e for a, e in links)]
    found.sort(key=lambda x: x.start)
    out: list[Marker] = []
    for mk in found:  # overlapping matches: the first (longest-starting) wins
        if not out or mk.start >= out[-1].end:
            out.append(mk)
    return _fill_ranges(text, out, n_refs)


def _plain_word(word: str, words: frozenset[str]) -> bool:
    """A lower-case word the document uses on its own, or an English word: digits glued to it are a citation."""
    from tzqa.ingest.english import is_english

    w = word.lower()  # two letters standing alone are as often a variable's name ("O(αs a)", then "αs a²")
    return word.islower() and ((len(w) >= 3 and w in words) or is_english(w))


Spans = tuple[tuple[int, int, tuple[int, ...]], ...]


def resolve_spans(text: str, n_refs: int, references: Sequence[Reference] = (),
                  words: frozenset[str] = frozenset(), problems: list[str] | None = None,
                  parentheses: bool = True, numeric: bool = True, glued: bool = True
                  ) -> tuple[str, tuple[int, ...], Spans]:
    """``text`` with glued superscripts written as ``[n]``, the numbers it cites in order of first citation,
    and (start, end, numbers) of each citation in the rewritten text.

    Why the positions: found once, when the document is read, they are stored with its passages, so a
    sentence's references at query time are exactly the ones found here, not a second guess."""
    markers = find_markers(text, n_refs, references, words, problems, parentheses, numeric=numeric, glued=glued)
    parts: list[str] = []
    spans: list[tuple[int, int, tuple[int, ...]]] = []
    pos = length = 0
    cited: dict[int, None] = {}
    for mk in markers:
        raw = text[mk.start:mk.end]
        shown = "[" + _plain_digits(raw).replace("–", "-") + "]" if raw[0].isdigit() or raw[0] in _SUPERSCRIPT_CHARS \
            else raw
        before = text[pos:mk.start]
        parts += [before, shown]
        start = length + len(before)
        spans.append((start, start + len(shown), mk.numbers))
        length = start + len(shown)
        pos = mk.end
        for n in mk.numbers:
            cited.setdefault(n, None)
    parts.append(text[pos:])
    return "".join(parts), tuple(cited), tuple(spans)


def resolve(text: str, n_refs: int, references: Sequence[Reference] = (),
            words: frozenset[str] = frozenset()) -> tuple[str, tuple[int, ...]]:
    """``text`` with glued superscripts written as ``[n]``, and the numbers it cites in order of first citation."""
    fixed, cited, _ = resolve_spans(text, n_refs, references, words)
    return fixed, cited


def cites_in_brackets(texts: Sequence[str], n_refs: int) -> bool:
    """Whether a document cites by numbers in square brackets: then its numbers in parentheses are not citations
    ("excellent (1), very good (2)"), whatever they look like."""
    brackets, parens = _bracket_counts(texts, n_refs)
    return brackets >= 3 and brackets > 2 * parens


def cites_in_parentheses(texts: Sequence[str], n_refs: int) -> bool:
    """Whether a document cites by numbers in parentheses: then a number glued to a word is not a citation
    (see ``glued`` in :func:`find_markers`)."""
    brackets, parens = _bracket_counts(texts, n_refs)
    return parens >= 3 and parens > 2 * brackets


def _bracket_counts(texts: Sequence[str], n_refs: int) -> tuple[int, int]:
    """How many "[n]" and "(n)" of ``texts`` could be citations of a list of ``n_refs``."""
    brackets = parens = 0
    for t in texts:
        enumerated = _enumerations(t)
        for m in _BRACKET.finditer(t):
            if not _not_a_citation(t, m, enumerated) and _numbers(m.group(1) or m.group(2), n_refs):
                brackets += bool(m.group(1))
                parens += bool(m.group(2))
    return brackets, parens


def standalone_words(texts: Sequence[str]) -> frozenset[str]:
    """Lower-case words that occur without digits glued on: the vocabulary glued superscripts are checked against."""
    return frozenset(w.lower() for t in texts for w in re.findall(r"(?<![\w])[A-Za-z]{2,}(?![\w])", t))
