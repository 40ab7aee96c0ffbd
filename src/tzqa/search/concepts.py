"""Key clinical concepts a question asks about (how long, how much, how often, what it costs).

Why: "Should the adjuvant antibody be given for 6 or 12 months?" shares the drug and "months" with
many passages, so the scores look confident and the answer is sentences that merely contain
"months". The point of the question is the treatment's duration; when no candidate passage speaks to
it, the question is not covered, whatever the scores say. The concepts and their wording are data in
the domain pack (``key_concepts.json``).

Two sorts: a *point* (duration, dosing, cost, a monitoring schedule) is what the question asks, so it
is reported by its name and the question is not covered; a *subject* (a treatment type such as
vaccines, a topic such as diet) is a thing the question names, so it is reported in the question's
own words ("vaccine") and, named beside covered content, leaves the rest of the question answerable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tzqa.domain import pack

__all__ = ["KeyConcept", "asked", "concept_word", "key_concepts", "unsupported"]


@dataclass(frozen=True)
class KeyConcept:
    name: str
    ask: re.Pattern[str]
    evidence: re.Pattern[str]
    subject: bool = False  # reported as the question's words, not the concept's name
    same: tuple[re.Pattern[str], ...] = ()  # for a kind of thing: patterns of one thing's other names
    not_if: str = ""  # for a kind of thing: a pattern ({own}: the thing) under which the question names no such thing


@lru_cache(maxsize=1)
def key_concepts() -> tuple[KeyConcept, ...]:
    try:
        data = pack.load("key_concepts.json")
    except FileNotFoundError:  # a pack without clinical concepts
        return ()
    return tuple(KeyConcept(c["name"], re.compile(c["ask"], re.I), re.compile(c["evidence"], re.I),
                            bool(c.get("subject", False)),
                            tuple(re.compile(rf"(?<!\w)(?:{'|'.join(g)})(?!\w)", re.I) for g in c.get("same", [])),
                            c.get("not_if", ""))
                 for c in data["concepts"])


@lru_cache(maxsize=1)
def _concept_words() -> frozenset[str]:
    """The plain words the key concepts are asked by ("inflammation" of "lung (?:damage|inflammation)")."""
    return frozenset(w.lower() for c in key_concepts()
                     for w in re.findall(r"\b[a-z]{4,}\b", re.sub(r"\\[a-zA-Z]|\(\?[:!=<]*", " ", c.ask.pattern)))


def concept_word(word: str) -> bool:
    """Whether ``word`` is one of the words a key concept is asked by: a typo of it means something here."""
    return word.lower() in _concept_words() or any(c.ask.search(word) for c in key_concepts())


def asked(question: str) -> list[KeyConcept]:
    """The key concepts ``question`` asks about."""
    return [c for c in key_concepts() if c.ask.search(question)]


def unsupported(question: str, candidates: list[str]) -> list[str]:
    """The concepts the question asks about that no candidate passage text speaks to.

    A point by its name ("treatment duration"); a subject by the words the question used for it
    ("vaccine"), so that it can be taken out of the question like any missing term. A concept whose pattern
    has a group named ``own`` is a kind of thing: each thing of that kind the question names is supported only
    by passages naming it (another cancer type is no evidence for the one asked).
    """
    out: list[str] = []
    for c in asked(question):
        if "own" in c.ask.groupindex:  # a kind of thing ("<organ> cancer"): each one asked needs its own words
            out.extend(m.group(0) for m in c.ask.finditer(question)
                       if m.group("own") and not _excepted(c, m.group("own"), question)
                       and not any(_names(c, m.group("own"), t) for t in candidates))
            continue
        if any(c.evidence.search(t) for t in candidates):
            continue
        out.extend(_surfaces(c.ask, question) if c.subject else [c.name])
    return list(dict.fromkeys(out))


def _excepted(concept: KeyConcept, own: str, question: str) -> bool:
    """Whether the question names ``own`` under the concept's exception ("spread to the liver": a metastasis)."""
    return bool(concept.not_if) and re.search(concept.not_if.replace("{own}", re.escape(own)), question, re.I) is not None


def _names(concept: KeyConcept, own: str, text: str) -> bool:
    """Whether ``text`` names the thing ``own`` by its words or by another name of it ("stomach" by "gastric")."""
    core = own[:-1] if own.lower().endswith("s") and len(own) > 4 else own  # "melanomas" by "melanoma"
    if re.search(rf"(?i)(?<!\w){re.escape(core)}s?(?!\w)", text):  # "anal", not "analyzes"
        return True
    return any(g.fullmatch(own) and g.search(text) for g in concept.same)


def _surfaces(ask: re.Pattern[str], question: str) -> list[str]:
    """The question's words for a concept, each run of adjacent matches as one ("CAR-T" + "cell therapy" →
    "CAR-T cell therapy"), every run ("diet and exercise" → "diet", "exercise") so that all leave the question."""
    runs: list[list[int]] = []
    for m in ask.finditer(question):
        if not m.group(0).strip():
            continue  # a pack pattern that can match nothing names nothing
        if runs and not question[runs[-1][1]:m.start()].strip():
            runs[-1][1] = m.end()
        else:
            runs.append([m.start(), m.end()])
    return [question[a:b] for a, b in runs]
