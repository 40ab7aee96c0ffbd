"""Is a word ordinary English? (pyspellchecker's frequency list.)

Readers ask it to tell a citation glued to a word ("resistance12") from a name ("Cdc42");
the query speller asks it which unknown words are names to leave alone.
"""
from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _english():  # type: ignore[no-untyped-def]
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)


def is_english(word: str) -> bool:
    """An ordinary English word (pyspellchecker's list), not a name the corpus would need to define."""
    return word.lower() in _english()


# British spellings the (American) list lacks: "trialled", "signalling", "tumour", "characterised", "anaemia"
_BRITISH = ((r"lled$", "led"), (r"lling$", "ling"), (r"our(s?)$", r"or\1"), (r"is(e|es|ed|ing)$", r"iz\1"),
            (r"isation(s?)$", r"ization\1"), (r"aem", "em"), (r"oe", "e"))


def english_frequency(word: str) -> int:
    """How common ``word`` is in English text (pyspellchecker counts; 0 = not an English word), British spellings
    read as their American forms."""
    low = word.lower()
    freq = _english().word_frequency
    n = int(freq[low])
    if n or len(low) < 5:
        return n
    for pattern, american in _BRITISH:
        alt = re.sub(pattern, american, low)
        if alt != low and freq[alt]:
            return int(freq[alt])
    return 0


def english_share(word: str) -> float:
    """``word``'s share of English running text (0.0 = not an English word), for comparing with a corpus."""
    freq = _english().word_frequency
    return freq[word.lower()] / max(1, freq.total_words)


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
    return any(spell.word_frequency[c] >= floor for c in spell.known(spell.edit_distance_1(low)))


def english_correction(word: str) -> str | None:
    """The common English word a typo (:func:`misspelt_english`) was meant to be, the most frequent one edit away:
    "excercise" -> "exercise", "stoped" -> "stopped". None for a word that is no such typo."""
    if not misspelt_english(word):
        return None
    spell = _english()
    known = spell.known(spell.edit_distance_1(word.lower()))
    return max(sorted(known), key=lambda c: spell.word_frequency[c]) if known else None
