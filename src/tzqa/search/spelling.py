"""Spelling repair of query words against the corpus's own vocabulary.

Why: BM25 matches nothing for "trastuzamab", "resistence" or "exozomes", and the dense side
alone is weak on such queries.  A misspelt word is repaired to a word the corpus (or the
synonym table: brand names, gene aliases) actually contains, so both retrievers see it.

Rules, chosen so a real name is never turned into another one:
- only words the corpus does not contain and that are not English words (pyspellchecker's
  frequency list) are candidates; "fertility" stays "fertility" even though it matches nothing;
- Damerau-Levenshtein (OSA, via rapidfuzz) distance 1 for words of 5+ letters, 2 for 9+;
  drug-like words (an INN stem such as -tinib or -mab) only ever distance 1, so "afatinib"
  is not repaired to "imatinib";
- ties go to the word the corpus uses most.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from tzqa.ingest.english import english_correction, english_frequency, is_english
from tzqa.search.stems import drug_stem

__all__ = ["WORD", "Vocabulary", "english_frequency", "is_english"]

WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")


@dataclass(frozen=True)
class Repair:
    word: str
    replacement: str
    distance: int


def _undoubled(word: str) -> str:
    """``word`` with every run of one letter written once ("aggressive" -> "agresive")."""
    return re.sub(r"(.)\1+", r"\1", word)


def _cased_name(word: str) -> bool:
    """A word in mixed case with capitals after its first letter ("NeoTRIAL", "ExamPLE") is a name typed as its
    owners write it, not a typo; a word in capitals throughout may be a shouted misspelling and is repaired."""
    return sum(c.isupper() for c in word[1:]) >= 2 and any(c.islower() for c in word)


class Vocabulary:
    """Lower-cased words of the corpus (and of synonym phrases) with their counts."""

    def __init__(self, words: Iterable[str]) -> None:
        self.counts = Counter(w.lower() for w in words if len(w) >= 3 and any(c.isalpha() for c in w))
        self._by_len: dict[int, list[str]] = {}
        self._by_undoubled: dict[str, list[str]] = {}  # "agresive" -> ["aggressive"]: looked up, not scanned
        for w in self.counts:
            self._by_len.setdefault(len(w), []).append(w)
            self._by_undoubled.setdefault(_undoubled(w), []).append(w)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Vocabulary:
        return cls(w for t in texts for w in WORD.findall(t))

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.counts

    def repair(self, word: str, english: Callable[[str], bool] | None = None) -> Repair | None:
        """The corpus word ``word`` was probably meant to be, or None when it is fine or unknown; failing that, the
        English word it mistypes when ``english`` accepts that word."""
        from rapidfuzz.distance import OSA

        low = word.lower()
        if len(low) < 5 or low in self.counts or not low.isalpha() or is_english(low) or _cased_name(word):
            return None
        max_d = 1 if (len(low) < 9 or drug_stem(low)) else 2
        best: tuple[int, int, str] | None = None
        for n in range(len(low) - max_d, len(low) + max_d + 1):
            for cand in self._by_len.get(n, ()):
                d = OSA.distance(low, cand, score_cutoff=max_d)
                if d <= max_d:
                    key = (d, -self.counts[cand], cand)
                    if best is None or key < best:
                        best = key
        if best is None and not drug_stem(low):
            # letters doubled or single where the word has them otherwise, the commonest misspelling of English
            # ("agresive", "aggresive" -> "aggressive", two edits away): a word of the corpus spelt so is meant
            same = [c for c in self._by_undoubled.get(_undoubled(low), ()) if 0 < abs(len(c) - len(low)) <= 2]
            if same:
                cand = max(sorted(same), key=lambda c: self.counts[c])
                return Repair(word, cand, OSA.distance(low, cand))
        if best is None or best[0] > 1:  # a typo of an English word the corpus never uses ("excercise"), or one edit
            # from such a word that means something here and two from a corpus word ("inflamation" is no "information")
            # an English word the corpus itself uses ("agresive" -> "aggressive", two edits from it) is meant too
            meant = english_correction(word) if english is not None else None
            if meant and english is not None and (english(meant) or meant.lower() in self.counts):
                return Repair(word, meant, 1)
        return Repair(word, best[2], best[0]) if best is not None else None

    def repair_text(self, text: str, english: Callable[[str], bool] | None = None) -> tuple[str, list[Repair]]:
        """``text`` with every repairable word replaced, and the repairs made (``english``: see :meth:`repair`)."""
        repairs: list[Repair] = []

        def one(word: str) -> str:
            r = self.repair(word, english)
            if r is None:
                return word
            repairs.append(r)
            return r.replacement

        def sub(m: re.Match[str]) -> str:
            word = m.group(0)
            if "-" in word and word.lower() not in self.counts:  # "co-amplifcation": mend each part
                return "-".join(one(part) for part in word.split("-"))
            # a sentence's first word is capitalised whatever it is ("Stoped working - why …"): read as written lower
            before = text[:m.start()]
            if english is not None and word[:1].isupper() and word[1:].islower() \
                    and (not before.strip(" \"'(") or re.search(r"[.?!:;]\s*$", before)):
                low = word.lower()
                fixed = one(low)
                return word if fixed == low else fixed
            return one(word)

        return WORD.sub(sub, text), repairs
