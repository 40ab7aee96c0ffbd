"""Cleaning of extracted text that remembers where every character came from.

Every rewrite (look-alike folding, re-joining split words, dropping markup)
goes through :class:`MappedText`, so a passage can always point back at the
exact span of the source file it was built from.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

# Characters from other alphabets that PDF extraction emits in place of Latin
# letters (e.g. Table 1 prints "PKCα" as Cyrillic "РКСа"); Latin kra "ĸ" stands in for kappa.
LOOKALIKES: dict[str, str] = {
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "К": "K", "М": "M", "О": "O", "Р": "P",
    "Т": "T", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ү": "Y",
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "к": "k", "ѕ": "s",
    "і": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o",
    "ĸ": "k", "ɑ": "a",
}
_LOOKALIKE_RE = re.compile("[" + "".join(LOOKALIKES) + "]")

# Compounds whose hyphen the extraction dropped at a line end ("RAS2positive").
# The prefix must also stand alone in the document for the split to be "safe".
_COMPOUND_RE = re.compile(
    r"\b([A-Za-z][A-Za-z0-9]{2,})(related|associated|mediated|binding|effective|free|positive|negative|resistant)\b"
)



def _known_joins() -> list[tuple[str, str]]:
    """Joins too irregular for the compound rule, from the domain pack (review.json); each is pinned by a test."""
    from tzqa.domain import pack

    return [(a, b) for a, b in pack.load("review.json").get("known_joins", ())]


@dataclass(frozen=True)
class MappedText:
    """A string plus, for each character, its offset in the original source."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, text: str, start: int = 0) -> MappedText:
        return cls(text, tuple(range(start, start + len(text))))

    def __len__(self) -> int:
        return len(self.text)

    def sub(self, pattern: str | re.Pattern[str], repl: str | Callable[[re.Match[str]], str]) -> MappedText:
        """Like ``re.sub``; replaced characters map onto the start of what they replaced."""
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        out: list[str] = []
        offs: list[int] = []
        pos = 0
        for m in rx.finditer(self.text):
            out.append(self.text[pos:m.start()])
            offs.extend(self.offsets[pos:m.start()])
            new = repl(m) if callable(repl) else m.expand(repl)
            anchor = self.offsets[m.start()] if m.start() < len(self.offsets) else self._end()
            # Keep the offsets of characters the replacement leaves in place.
            old = m.group(0)
            if new.startswith(old[: min(len(old), len(new))]) and len(new) >= len(old):
                offs.extend(self.offsets[m.start():m.end()])
                offs.extend([self.offsets[m.end() - 1] if old else anchor] * (len(new) - len(old)))
            else:
                offs.extend([anchor] * len(new))
            out.append(new)
            pos = m.end()
        out.append(self.text[pos:])
        offs.extend(self.offsets[pos:])
        return MappedText("".join(out), tuple(offs))

    def strip(self) -> MappedText:
        left = len(self.text) - len(self.text.lstrip())
        right = len(self.text.rstrip())
        return MappedText(self.text[left:right], self.offsets[left:right])

    def slice(self, i: int, j: int) -> MappedText:
        return MappedText(self.text[i:j], self.offsets[i:j])

    def span(self, i: int = 0, j: int | None = None) -> tuple[int, int]:
        """Source span ``[start, end)`` covered by characters ``i..j``."""
        j = len(self.text) if j is None else j
        if not self.offsets or i >= j:
            return (0, 0)
        seg = self.offsets[i:j]
        return (min(seg), max(seg) + 1)

    def _end(self) -> int:
        return self.offsets[-1] + 1 if self.offsets else 0

    @staticmethod
    def join(parts: Iterable[MappedText], sep: str = " ") -> MappedText:
        """Concatenate; separator characters map to the end of the part before them."""
        text: list[str] = []
        offs: list[int] = []
        for k, p in enumerate(parts):
            if k and sep:
                anchor = offs[-1] if offs else 0
                text.append(sep)
                offs.extend([anchor] * len(sep))
            text.append(p.text)
            offs.extend(p.offsets)
        return MappedText("".join(text), tuple(offs))


def fold_lookalikes(text: str) -> str:
    """Replace look-alike characters from other alphabets with the Latin letter a user types."""
    return _LOOKALIKE_RE.sub(lambda m: LOOKALIKES[m.group(0)], text)


def strip_markup(mt: MappedText) -> MappedText:
    """Drop the ``*italic*`` and ``^{1,2}`` markers the extraction kept."""
    mt = mt.sub(r"\^\{[^}]*\}", "")
    return mt.sub(r"\*([^*\n]+?)\*", lambda m: m.group(1))


def _fix_greek_spacing(mt: MappedText) -> MappedText:
    """Re-attach Greek letters the extraction set apart: "PKC α" -> "PKCα", "β -catenin" -> "β-catenin"."""
    mt = mt.sub(r"(?<=[A-Za-z0-9/-]) ([αβγκ])(?=[\s\-\d).,;]|$)", lambda m: m.group(1))
    mt = mt.sub(r"([αβγκ]) (?=[-\d])", lambda m: m.group(1))
    return mt.sub(r"(?<=[A-Za-z0-9])/ (?=[A-Za-z])", "/")


def _fix_nfkb(mt: MappedText) -> MappedText:
    """NF-κB comes out as "NF-KB", "NF-ĸB", "NF-kβ" and "NF-k β"; all are the same factor."""
    return mt.sub(r"\bNF-\s?[kKĸκ]\s?[Bβ]\b|\bNF-\s?[kKĸκ]\s?β", "NF-κB")


def rejoin_compounds(mt: MappedText, vocabulary: set[str]) -> MappedText:
    """Put back hyphens and spaces lost at line ends, only where the parts are known words."""
    for pattern, repl in _known_joins():
        mt = mt.sub(pattern, repl)

    def fix(m: re.Match[str]) -> str:
        prefix, suffix = m.group(1), m.group(2)
        if prefix.lower() in vocabulary:
            return f"{prefix}-{suffix}"
        return m.group(0)

    return mt.sub(_COMPOUND_RE, fix)


def clean(mt: MappedText, vocabulary: set[str], keep_markup: bool = False) -> MappedText:
    """The full cleaning applied to body text and reference entries.

    Reference entries keep their ``*italic*`` markers until their fields are read,
    because the italics are what delimit the journal name.
    """
    if not keep_markup:
        mt = strip_markup(mt)
    mt = _fix_nfkb(mt)
    mt = mt.sub(_LOOKALIKE_RE, lambda m: LOOKALIKES[m.group(0)])
    mt = _fix_greek_spacing(mt)
    mt = rejoin_compounds(mt, vocabulary)
    mt = mt.sub(r"[ \t\u00a0]{2,}", " ")
    return mt.strip()


def vocabulary_of(text: str) -> set[str]:
    """Lower-cased words standing alone (split on spaces, hyphens and slashes)."""
    return {w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9]*", text)}
