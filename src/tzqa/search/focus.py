"""What a question is about: its focus terms, the words an answering sentence must share with it.

Why: cosine similarity ranks a sentence about T-DXd next to a question about neratinib, because
both are "drug X in resistant patients".  A person asking about neratinib wants sentences that
name neratinib.  The focus of a question is its specific words: names (drugs, genes, trials) and
words the corpus uses rarely, each with the other forms the corpus knows it by (synonyms, brand
and development names, the clinical words a lay phrase maps to).  Words most passages share
("resistance", the drug's name, in a review about resistance to that drug) are the topic, not the focus.

A focus group is matched in a sentence when any of its alternatives (a token sequence) occurs
there; its weight is the inverse document frequency of its rarest form, so "MUC4" counts more
than "patients".
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from tzqa.domain import pack
from tzqa.index.tokenize import iter_tokens, tokenize
from tzqa.search.query import contains_run
from tzqa.search.spelling import english_frequency

if TYPE_CHECKING:
    from tzqa.search.query import QueryAnalysis
    from tzqa.search.retriever import Retriever

__all__ = ["GENERIC_SHARE", "FocusGroup", "coverage_of", "focus_found", "question_focus", "question_form_tokens"]

GENERIC_SHARE = 0.2  # a token in more than this share of passages is the corpus's topic, not a question's focus
DISEASE_NOT_ENTITY = True  # fifth session: a disease abbreviation in a question is no name its answer must hold
NAME_FREQUENCY = 2_000  # below this many occurrences in the English word list a word is a name or a term of art
_HOW = re.compile(r"(?i)\bhow (well|often|common|likely|much|many|fast|quickly|soon|big|frequent(?:ly)?|good|bad|effective)\b"
                  r"|\b(?:is|are|was) (?:that|this|it|they) (?:very |really |so )?(common|usual|normal|rare|unusual|typical)\b")
FUNCTION_WORDS = frozenset({"vs", "versus", "via", "etc", "ie", "eg", "per", "plus", "and/or", "like"})  # joiners; "drugs like X"


@dataclass(frozen=True)
class FocusGroup:
    """One focus term of a question and the token sequences that count as naming it."""

    surface: str
    alternatives: tuple[tuple[str, ...], ...]
    weight: float
    entity: bool  # a name (drug, gene, trial, code) rather than a content word

    def found_in(self, tokens: list[str]) -> bool:
        return any(contains_run(tokens, alt) for alt in self.alternatives)


def question_form_tokens(text: str) -> set[str]:
    """The tokens of a question's form ("how common", "is that normal"): what it asks of its subject, not words a
    sentence answering it shares ("the most common drug" does not answer "is that common?")."""
    return {t for m in _HOW.finditer(text) for w in m.groups() if w for t in tokenize(w)}


@lru_cache(maxsize=1)
def disease_words() -> re.Pattern[str]:
    """The pack's words for a disease or its stage (abbreviations.json ``disease_words``): a name whose long form
    holds one ("mBC": metastatic …) stands for the disease, not for a molecule the corpus can speak of."""
    words = pack.load("abbreviations.json").get("disease_words", [])
    return re.compile(rf"(?i)\b(?:{'|'.join(words)})\b") if words else re.compile(r"(?!)")


def question_focus(retriever: Retriever, qa: QueryAnalysis, expansions: dict[str, list[str]]) -> list[FocusGroup]:
    """The focus groups of a (spelling-repaired) question, heaviest first."""
    n = max(1, len(retriever.passages))
    groups: dict[str, FocusGroup] = {}
    expanded = {tuple(tokenize(k)): [tuple(tokenize(t)) for t in v] for k, v in expansions.items()}
    # A lay phrase's words ("spread to the brain") are named by its clinical forms, in one group below.
    seen: set[str] = {t for seq, _ in qa.lay_concepts for t in seq}
    # "how well / how often / how common …" is the question's form, not its subject
    seen |= question_form_tokens(qa.text)
    for tok in iter_tokens(qa.text):
        t = tok.text
        if t in seen or t.isdigit() or len(t) < 2 or tok.surface.lower() in FUNCTION_WORDS:
            continue
        seen.add(t)
        df = retriever.document_frequency(t)
        alts: list[tuple[str, ...]] = [(t,)]
        for key, extra in expanded.items():
            if t in key:
                alts.extend(a for a in extra if a)
        # a phrase is about as rare as its rarest word: "<antibody> <payload>" is not as common as "<antibody>"
        dfs = [df] + [min(retriever.document_frequency(x) for x in a) for a in alts[1:]]
        known = [d for d in dfs if d > 0]
        # The concept is as common as its most common form: a brand name is rare in a review that
        # uses the drug's INN everywhere, and is its topic all the same.
        if not known or max(known) / n > GENERIC_SHARE:
            continue
        weight = math.log(1 + n / max(known))
        surface = tok.surface
        entity = (len(alts) > 1 and any(d > 0 for d in dfs[1:])) or _name_like(surface)
        # a disease's abbreviation ("mBC": metastatic …) is the setting, no thing a sentence must name
        # (its long form's head word names the disease: "metastatic … cancer", not "circulating tumor DNA")
        entity = entity and not (DISEASE_NOT_ENTITY and any(a and disease_words().fullmatch(a[-1]) for a in alts[1:]))
        groups[t] = FocusGroup(surface, tuple(dict.fromkeys(alts)), round(weight, 4), entity)
    for seq, clinical in qa.lay_concepts:  # "side effects" -> "adverse events": the clinical words are the focus
        forms: list[tuple[str, ...]] = []
        form_dfs: list[int] = []
        for phrase in clinical:
            toks = tuple(tokenize(phrase))
            df = min(retriever.document_frequency(x) for x in toks) if toks else 0
            if df > 0:
                forms.append(toks)
                form_dfs.append(df)
        if forms and max(form_dfs) / n <= GENERIC_SHARE:  # as common as its most common form, like a name
            surface = " ".join(seq)
            groups.setdefault(surface, FocusGroup(surface, tuple(dict.fromkeys(forms)),
                                                  round(math.log(1 + n / max(form_dfs)), 4), False))
    return sorted(groups.values(), key=lambda g: -g.weight)


def _name_like(surface: str) -> bool:
    letters = [c for c in surface if c.isalpha()]
    return (any(c.isdigit() for c in surface) or sum(c.isupper() for c in letters) >= 2
            or english_frequency(surface.lower()) < NAME_FREQUENCY)


def coverage_of(groups: list[FocusGroup], tokens: list[str]) -> float:
    """Weighted share of ``groups`` that a text (its tokens) names; 1.0 when the question has no focus."""
    total = sum(g.weight for g in groups)
    if not total:
        return 1.0
    return sum(g.weight for g in groups if g.found_in(tokens)) / total


def focus_found(groups: list[FocusGroup], tokens: list[str], unknown: int, passages: int) -> float:
    """Weighted share of a question's focus that ``tokens`` (the top passages) name, counting each of its
    ``unknown`` words (no passage has them) as a focus term never found, as rare as a term can be.

    "how do I renew my passport": "renew" is found (self-renewal of stem cells), "passport" never is.
    """
    total = sum(g.weight for g in groups)
    missing = unknown * math.log(1 + 2 * max(1, passages))
    if not total + missing:
        return 1.0
    return sum(g.weight for g in groups if g.found_in(tokens)) / (total + missing)
