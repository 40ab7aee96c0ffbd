"""Does the question share a subject with the corpus at all?

Why: "how do I renew my passport" has no unknown *name* (every word is English) and the corpus does use
"renew" (a cell's "self-renewal"), so the answerability model, which weighs cosines, unknown words and
the share of the question the top passages name, found it half plausible and answered it with sentences
about stem cells.  What an off-topic question lacks is a *subject word*: a word this corpus uses far
more often than English does ("resistance", "kinase", "tumor"), a name English does not have (a gene's),
or a lay phrase the glossary mapped.  A question with none of them is not about the corpus, whatever
its everyday words happen to match.

The lift of a word is ``log10(share of passages that use it / its relative frequency in English)``
(pyspellchecker's counts).  :data:`SUBJECT_LIFT` was chosen on the dev split and the adapter's training
questions (718 answerable): the least specific subject word of any of them lifts 4.67 ("tumor"; "targeted"
4.84), while everyday words of off-topic questions lift 2–3.8 ("treat" 3.1, "renew" 3.8).
"""
from __future__ import annotations

import math
import re
import weakref
from typing import TYPE_CHECKING

from tzqa.index.tokenize import STOPWORDS, iter_tokens, tokenize
from tzqa.ingest.english import english_share
from tzqa.search.focus import FUNCTION_WORDS

if TYPE_CHECKING:
    from tzqa.search.query import QueryAnalysis
    from tzqa.search.retriever import Retriever

__all__ = ["SUBJECT_LIFT", "lift", "subject_words"]

SUBJECT_LIFT = 4.3


def lift(surface: str, token: str, retriever: Retriever) -> float:
    """How much more this corpus uses a word than English does (log10); ``inf`` for a word English lacks.

    A pure number ("2022") lifts nothing: years and counts are no subject ("the 2022 world cup").
    """
    if token not in retriever.known_tokens or surface.isdigit():
        return float("-inf")
    english = english_share(surface)
    if english == 0:
        return float("inf")
    share = max(0.5, retriever.document_frequency(token)) / max(1, len(retriever.passages))
    return math.log10(share / english)


def subject_words(qa: QueryAnalysis, retriever: Retriever) -> list[str]:
    """The question's words that make it about the corpus: specific to it, names, or glossary-mapped.

    Joiners ("vs", "via") are rare in English word lists and name no subject; a compound of English words
    ("follow-up", "high-quality") is as specific as its least specific part, not a name English lacks.
    """
    out = []
    letters = [c for c in qa.text if c.isalpha()]
    shouted = sum(c.isupper() for c in letters) > len(letters) / 2  # capitals say nothing in a question in capitals
    for tok in iter_tokens(qa.text):
        low = tok.surface.lower()
        if low in STOPWORDS or low in FUNCTION_WORDS:
            continue
        parts = [p for p in low.split("-") if p]
        if len(parts) > 1 and all(p.isalpha() and english_share(p) > 0 for p in parts):
            strength = min(lift(p, t, retriever) for p in parts for t in tokenize(p)[:1] or [p])
        else:
            strength = lift(tok.surface, tok.text, retriever)
        if tok.text in qa.lay_tokens or strength >= SUBJECT_LIFT or (not shouted and _capitals_named(tok.surface,
                                                                                                   retriever)):
            out.append(tok.surface)
    return out


_CAPITALS: weakref.WeakKeyDictionary[Retriever, frozenset[str]] = weakref.WeakKeyDictionary()


def _capitals_named(surface: str, retriever: Retriever) -> bool:
    """A word the question writes in capitals as the corpus does in a name ("NAME" of a trial series "NAME-Study01"):
    a name, however common the English word is."""
    if len(surface) < 3 or not surface.isalpha() or not surface.isupper():
        return False
    if retriever not in _CAPITALS:  # computed once per loaded index, like naming.only_in_titles
        _CAPITALS[retriever] = frozenset(w for p in retriever.passages if p.kind != "reference_entry"
                                         for w in re.findall(r"\b([A-Z]{3,})-(?=[A-Za-z]*\d)", p.text))
    return surface in _CAPITALS[retriever]
