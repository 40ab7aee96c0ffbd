"""Abbreviation definitions mined from the corpus (Schwartz & Hearst, PSB 2003).

Why: the review defines its own short forms ("progression-free survival (PFS)", "ADCC
(antibody-dependent cell-mediated cytotoxicity)"); feeding these pairs to query expansion
lets a question use either form.  Compact re-implementation rather than the unmaintained
`abbreviations` package, with extra guards because this text is full of parentheses that are
not definitions: citations "(12)", trial ids "(NCT04208178)", statistics "(p = 0.002)".
"""

from __future__ import annotations

import re

from tzqa.index.tokenize import STOPWORDS, clean_text

__all__ = ["extract_abbreviations"]

_PAREN = re.compile(r"\(([^()]{1,150})\)")
_CLAUSE_END = re.compile(r"[.;:!?)(\]\[]\s|\n")
_GREEK_GLUE = re.compile(r"(?<=[A-Za-z0-9])[ \t]+(?=[\u0370-\u03ff]\d{0,2}(?![^\W_]))")  # "TNF α" -> "TNFα"


def _valid_short(sf: str) -> bool:
    """Looks like an abbreviation: one word, has letters, enough capitals/digits, not an id."""
    if not 2 <= len(sf) <= 10 or any(c.isspace() for c in sf) or not sf[0].isalnum():
        return False
    letters = sum(c.isalpha() for c in sf)
    digits = sum(c.isdigit() for c in sf)
    signals = sum(c.isupper() or c.isdigit() or "\u0370" <= c <= "\u03ff" for c in sf)
    return letters > 0 and digits <= letters and signals >= 2 and "=" not in sf


def _match(sf: str, text: str) -> str | None:
    """Schwartz-Hearst right-to-left character match; the first SF char must start a word."""
    s, i = sf.lower(), len(text) - 1
    low = text.lower()
    for k in range(len(s) - 1, -1, -1):
        c = s[k]
        if not c.isalnum():
            continue
        while i >= 0 and (low[i] != c or (k == 0 and i > 0 and low[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
    start = text.rfind(" ", 0, i + 1) + 1
    return text[start:].strip()


def _long_form(sf: str, text: str) -> str | None:
    """Best long form for `sf` ending `text`, or None if it fails the size/sanity rules."""
    lf = _match(sf, text)
    if not lf:
        return None
    n_sf = sum(c.isalnum() for c in sf)
    n_words = len(re.findall(r"[^\s-]+", lf))
    words = lf.split()
    last = re.sub(r"\W", "", words[-1])
    if (len(lf) <= len(sf) or n_words > min(n_sf + 5, 2 * n_sf)
            or sf.lower() in (w.lower().strip(",;") for w in words)
            or words[0].lower() in STOPWORDS or any(ch in lf for ch in "()[]=")
            or (last.isupper() and len(last) >= 3 and last in sf)):   # "activate SRC (pSRC)"
        return None
    return lf


def _define(sf: str, text: str) -> str | None:
    lf = _long_form(sf, text)
    if lf is None and sf.endswith("s") and sf[:-1][-1:].isupper():
        lf = _long_form(sf[:-1], text)               # "antibody drug conjugate (ADCs)"
    return lf


def extract_abbreviations(text: str) -> dict[str, str]:
    """Map each short form the text defines to its long form (first definition wins)."""
    text = _GREEK_GLUE.sub("", clean_text(text))
    found: dict[str, str] = {}
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        head = text[max(0, m.start() - 300):m.start()]
        cut = list(_CLAUSE_END.finditer(head))
        before = head[cut[-1].end():] if cut else head
        sf = re.split(r"[,;]\s", inner)[0].strip()
        pair = None
        if _valid_short(sf) and before.strip():
            lf = _define(sf, before.rstrip())
            pair = (sf, lf) if lf else None
        if pair is None and before.split() and "=" not in inner and len(inner.split()) >= 2:
            prev = before.split()[-1].strip(",;:")
            if _valid_short(prev) and any(c.isupper() for c in prev):
                lf = _define(prev, inner)
                pair = (prev, lf) if lf and len(lf) >= len(inner) * 0.5 else None
        if pair and pair[0] not in found:
            found[pair[0]] = pair[1]
    return found
