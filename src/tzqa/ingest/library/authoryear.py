"""Author–year citations in plain text (PDF, text) resolved to a document's own reference list, item by item.

Why item by item: a group such as "(Yasukawa et al., 2005, 2006; see De Alwis et al., 2009; American
Cancer Society, 2007)" holds several citations, and one the matcher cannot read must not cost the
others (a whole-group pattern lost every citation of such a group). Each item is read as an author
part and one or more years; the author part is matched by its first author — a surname with its
particles ("de Verdier", "van Meer"), or an organisation — against the list, then narrowed by year,
by the letter of a suffixed year ("2010b": the second of that author's 2010 entries), by a second
author ("Lee and Park") and by "et al.". Words before the names ("see", "e.g.", "reviewed in") are
skipped by trying the longest run of name-like words first. An item that matches no entry or more
than one is reported, never silently dropped or guessed.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from tzqa.models import Reference

_YEAR = r"(?:19|20)\d\d[a-z]?"
_YEARS = rf"{_YEAR}(?:\s*,\s*(?:{_YEAR}|[a-z]\b))*"  # "2005, 2006", "2010a, b"
# A page or part cited after the year, as author–date styles (Chicago, Harvard) print it: "(Berry 2008, p. 255)",
# "Lipman (1997, pp. 129–30)", "(Smith 2003: 45)", "(Vedani 2008, p. xxxiii)", "(Bai 1985, p. 15, fn. 1)"
_LOCATOR = (r"(?:(?:,\s*(?:pp?|chaps?|ch|figs?|fn|n|nn|vol|para|sec)\.\s*|:\s*)[\dxvilc]+"
            r"(?:\s*[–\-,]\s*[\dxvilc]+)*)+")
# "(Smith et al., 2019)", "[Andrews et al., 1999]"; an organisation's acronym in brackets inside the group:
# "(Clinical and Laboratory Standards Institute [CLSI], 2008; Vieira et al., 2014)"
_GROUP = re.compile(r"[(\[]((?:[^()\[\]]|\[[A-Z]{2,10}\]){4,600})[)\]]")
_NAME = r"[A-Z][\w'’\-‐‑]+"  # Unicode's hyphens too: "Schiaffini‑Vedani"
_PARTICLE = r"(?:[dD]e|[vV]an|[dD]er|[dD]en|[vV]on|[dD]a|[dD]el|[dD]ella|[dD]i|[dD]u|[lL]a|[lL]e|[dD]os|[tT]en)"
# At most three particles, and a start anchor: a capitalised particle ("Van", "De") is also a name, and an
# unbounded run of them made the pattern backtrack for minutes on "Van Der Van Der …" (untrusted text).
_ONE = rf"(?:{_PARTICLE}\s+){{0,3}}{_NAME}(?:\s+(?:{_PARTICLE}\s+){{0,3}}{_NAME})?"
# "Smith et al. (2019)", "Carrera Silva et al. (2013, 2014)", "Lee and Park (2020)", "Alexander, Ishikawa &
# Silverstein (1977)" (three authors or more named: read from the first, not from the last two)
_NARRATIVE = re.compile(rf"(?<![\w'’\-])({_ONE}(?:\s+et\s+al\.?|(?:,\s+{_ONE}){{0,4}},?\s+(?:and|&)\s+{_ONE})?)"
                        rf"\s*\(({_YEARS})(?:{_LOCATOR})?\)")
_SPLIT_AUTHORS = re.compile(r"\s*,?\s+(?:et\s+al\.?,?|and|&)\s*|\s*,\s+(?=et al)")
_INITIALS = re.compile(r"^(?:[A-Z]{1,4}|(?:[A-Z]\.\s?){1,4}|[A-Z][a-z]?)$")


def _key(name: str) -> str:
    """"Zagórska", "zagorska", "De Alwis", "de alwis" -> one key: accents, case, spaces and hyphens ignored."""
    folded = unicodedata.normalize("NFKD", name)
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in folded if not unicodedata.combining(c)).lower())


def _surname(author: str) -> str:
    """"Smith JA" -> "Smith"; "Gerhardsson de Verdier M" -> "Gerhardsson de Verdier"; "Smith, J." -> "Smith";
    an organisation ("American Cancer Society") stays whole."""
    author = author.split(",")[0].strip()
    words = author.split()
    if len(words) > 1 and _INITIALS.match(words[-1]):
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True)
class Item:
    """One citation of a group: who, which years (with their suffix letters), and how it names the authors."""

    first: str  # the author part's words before "et al." / "and"
    second: str | None
    et_al: bool
    years: tuple[tuple[int, str], ...]  # (year, suffix letter or "")


def _years(text: str) -> tuple[tuple[int, str], ...]:
    out: list[tuple[int, str]] = []
    for tok in re.split(r"\s*,\s*", text.strip()):
        if re.fullmatch(r"(?:19|20)\d\d[a-z]?", tok):
            out.append((int(tok[:4]), tok[4:]))
        elif re.fullmatch(r"[a-z]", tok) and out:
            out.append((out[-1][0], tok))  # "2010a, b"
    return tuple(out)


def _item(authors: str, years: str) -> Item:
    # a possessive names the author too: "(see Presser’s, 2003)"
    authors = re.sub(r"[’']s$", "", authors.strip().rstrip(",").strip())
    parts = [p for p in _SPLIT_AUTHORS.split(authors) if p]
    # the second author after a comma: "Mary-Krause, Herranz Bustamante et al." against "Mary-Krause, Bustamante et
    # al." of the same year, two entries told apart by their second authors
    named = [n.strip() for n in parts[0].split(",")] if parts else []
    second = parts[1] if len(parts) > 1 else named[1] if len(named) > 1 and named[1][:1].isupper() else None
    return Item(first=parts[0] if parts else "", second=second,
                et_al=bool(re.search(r"\bet\s+al\b", authors)), years=_years(years))


class AuthorYear:
    """The reference list indexed by first author, to resolve author–year items."""

    def __init__(self, references: Sequence[Reference]) -> None:
        self.references = list(references)
        self.by_first: dict[str, list[Reference]] = {}
        for r in self.references:
            keys = {_key(_surname(r.authors[0]))} if r.authors else set()
            if not r.authors and r.raw:  # an organisation as author is often left in the raw entry only
                keys.add(_key(re.split(r"[.,(]", r.raw, maxsplit=1)[0]))
            if r.authors:
                keys.add(_key(r.authors[0]))
                # "Van Gysel C", "van der Maaten L": cited by the whole surname or by its last word alone
                keys.add(_key(_surname(r.authors[0]).split()[-1]) if " " in _surname(r.authors[0]) else "")
            for k in keys - {""}:
                self.by_first.setdefault(k, []).append(r)
        # an entry whose authors were not read ("American Cancer Society 2007 Global Cancer Facts…"):
        # the name is looked for at the start of its raw text, when no first author matches
        self.raw_starts = [(_key(r.raw[:160]), r) for r in self.references if r.raw]

    @staticmethod
    @lru_cache(maxsize=32)
    def _cached(references: tuple[Reference, ...]) -> AuthorYear:
        return AuthorYear(references)

    @classmethod
    def of(cls, references: Sequence[Reference]) -> AuthorYear:
        """One index per reference list (a list is read for every passage and sentence of its document)."""
        return cls._cached(tuple(references))

    def _candidates(self, first: str) -> tuple[str, list[Reference]]:
        """The first comma-separated part of ``first`` whose longest run of trailing name words is some entry's
        first author ("Alvarez-Ponce, Aguade" -> "Alvarez-Ponce"; "see Methods, Smith" -> "Smith")."""
        for part in [p for p in re.split(r"\s*,\s*", first) if p] or [first]:
            name, hits = self._part_candidates(part)
            if hits:
                return name, hits
        return "", []

    def _part_candidates(self, first: str) -> tuple[str, list[Reference]]:
        words = first.split()
        for k in range(len(words)):
            if not (words[k][:1].isupper() or words[k][:1].isdigit() or re.fullmatch(_PARTICLE, words[k])):
                continue
            name = " ".join(words[k:])
            hits = self.by_first.get(_key(name))
            if hits:
                return name, hits
        for k in range(len(words)):
            name = " ".join(words[k:])
            key = _key(name)
            if len(key) >= 4 and words[k][:1].isupper():
                hits = [r for raw, r in self.raw_starts if raw.startswith(key)]
                if hits:
                    return name, hits
        return "", []

    def resolve(self, item: Item) -> tuple[list[int], list[str]]:
        """Numbers of the item's entries, and a problem per year that matched none or several."""
        name, hits = self._candidates(item.first)
        numbers: list[int] = []
        problems: list[str] = []
        label = f"{item.first}{' et al.' if item.et_al else ''}{f' and {item.second}' if item.second else ''}"
        for year, suffix in item.years:
            same = [r for r in hits if r.year == year]
            if len(same) > 1 and item.second:
                second = [r for r in same if len(r.authors) > 1 and _key(_surname(r.authors[1])) == _key(item.second)]
                same = second or same
            if len(same) > 1:
                shape = [r for r in same if (len(r.authors) >= 3 or r.et_al) == item.et_al]
                same = shape or same
            if len(same) > 1 and not item.second and not item.et_al:  # "McCallum, 2003" is his paper alone,
                alone = [r for r in same if len(r.authors) == 1 and not r.et_al]  # not "McCallum and Li 2003"
                same = alone or same
            if len(same) > 1 and suffix:
                marked = [r for r in same if re.search(rf"\b{year}{suffix}\b", r.raw)]
                index = ord(suffix) - ord("a")
                same = marked if len(marked) == 1 else ([sorted(same, key=lambda r: r.number)[index]]
                                                        if 0 <= index < len(same) else same)
            if len(same) == 1:
                numbers.append(same[0].number)
            elif same:
                problems.append(f"'{label}, {year}{suffix}' matches {len(same)} entries "
                                f"({', '.join(str(r.number) for r in same)})")
            elif re.match(r"[A-Z][a-z]", item.first.split()[-1] if item.first.split() else ""):
                problems.append(f"'{label}, {year}{suffix}' matches no entry" + (
                    f" ({name} has none from {year})" if name else ""))
        return numbers, problems

    def markers(self, text: str, problems: list[str] | None = None) -> list[tuple[int, int, tuple[int, ...]]]:
        """(start, end, numbers) of every author–year citation in ``text``: groups in parentheses, item by
        item, and narrative ones ("Smith et al. (2019)")."""
        out: list[tuple[int, int, tuple[int, ...]]] = []
        for m in _GROUP.finditer(text):
            nums: list[int] = []
            for part in m.group(1).split(";"):
                # the year ends the item: "(WHO 2016 classification)" is not a citation
                y = re.search(rf"(?:,\s*|\s)({_YEARS})(?:{_LOCATOR})?\s*$", part)
                if y is None or not re.search(r"[A-Z]", part[:y.start()]):
                    continue  # "(see Materials and methods)", "(n = 12)": no author and year here
                found, issues = self.resolve(_item(part[:y.start()], y.group(1)))
                nums += found
                if problems is not None:
                    problems += issues
            if nums:
                out.append((m.start(), m.end(), tuple(dict.fromkeys(nums))))
        taken = [(a, e) for a, e, _ in out]
        for m in _NARRATIVE.finditer(text):
            if any(a <= m.start() < e or a < m.end() <= e for a, e in taken):
                continue
            found, issues = self.resolve(_item(m.group(1), m.group(2)))
            if found:
                out.append((m.start(), m.end(), tuple(dict.fromkeys(found))))
            elif problems is not None:
                problems += issues
        return sorted(out)
