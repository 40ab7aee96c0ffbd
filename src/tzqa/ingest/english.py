"""Is a word ordinary English? (pyspellchecker's frequency list.)

Readers ask it to tell a citation glued to a word ("resistance12") from a name ("Cdc42");
the query speller asks it which unknown words are names to leave alone.
"""
from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _english():  # type: ignore[no-untyped-def]
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def is_english(word: str) -> bool:
    """An ordinary English word (pyspellchecker's list), not a name the corpus would need to define."""
    return word.lower() in _english()


def english_frequency(word: str) -> int:
    """How common ``word`` is in English text (pyspellchecker counts; 0 = not an English word)."""
    return int(_english().word_frequency[word.lower()])


def english_share(word: str) -> float:
    """``word``'s share of English running text (0.0 = not an English word), for comparing with a corpus."""
    freq = _english().word_frequency
    return freq[word.lower()] / max(1, freq.total_words)


TWO_SLIP_FLOOR = 5_000  # pyspellchecker count: "aggressive" 12967, "treatment" far above
LONG_TYPO_FLOOR = 200


def misspelt_english(word: str) -> bool:
    """A lower-case word one edit away from a common English word ("shoud", "cels"): a typo, not a name.

    Names a question brings ("datroway", "zongertinib") are far from any English word.
    """
    low = word.lower()
    if not low.isalpha() or len(low) < 3 or is_english(low) or word != low:
        return False
    spell = _english()
    # a long word one edit from a less common English word is a typo too ("overveiw", "eligibilty"):
    # names of eight letters or more lie that close to a word of this frequency rarely ("condensin"
    # is one edit from "condensing", count 125, so the floor stays above it)
    floor = LONG_TYPO_FLOOR if len(low) >= 8 else 1_000
    if any(spell.word_frequency[c] >= floor for c in spell.known(spell.edit_distance_1(low))):
        return True
    # two slips in a long word ("agresive": a letter doubled and one dropped) from a common word; a name that
    # long lies two edits from a word this common rarely
    if len(low) < 8:
        return False
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    # a typo keeps the first letter (a brand name may lie two edits from "perception", and be no typo of it)
    words = _common_long_words().get(low[0], ())
    return process.extractOne(low, words, scorer=OSA.distance, score_cutoff=2) is not None


@lru_cache(maxsize=1)
def _common_long_words() -> dict[str, tuple[str, ...]]:
    """English words of seven letters or more at least ``TWO_SLIP_FLOOR`` common, by first letter."""
    out: dict[str, list[str]] = {}
    for w, n in _english().word_frequency.dictionary.items():
        if n >= TWO_SLIP_FLOOR and len(w) >= 7 and w.isalpha():
            out.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in out.items()}
