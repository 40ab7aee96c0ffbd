"""Key clinical concepts a question asks about (how long, how much, how often, what it costs).

Why: "Should the adjuvant antibody be given for 6 or 12 months?" shares the drug and "months" with
many passages, so the scores look confident and the answer is sentences that merely contain
"months". The point of the question is the treatment's duration; when no candidate passage speaks to
it, the question is not covered, whatever the scores say. The concepts and their wording are data in
the domain pack (``key_concepts.json``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tzqa.domain import pack

__all__ = ["KeyConcept", "asked", "key_concepts", "unsupported"]


@dataclass(frozen=True)
class KeyConcept:
    name: str
    ask: re.Pattern[str]
    evidence: re.Pattern[str]


@lru_cache(maxsize=1)
def key_concepts() -> tuple[KeyConcept, ...]:
    try:
        data = pack.load("key_concepts.json")
    except FileNotFoundError:  # a pack without clinical concepts
        return ()
    return tuple(KeyConcept(c["name"], re.compile(c["ask"], re.I), re.compile(c["evidence"], re.I))
                 for c in data["concepts"])


def asked(question: str) -> list[KeyConcept]:
    """The key concepts ``question`` asks about."""
    return [c for c in key_concepts() if c.ask.search(question)]


def unsupported(question: str, candidates: list[str]) -> list[str]:
    """Names of the concepts the question asks about that no candidate passage text speaks to."""
    return [c.name for c in asked(question) if not any(c.evidence.search(t) for t in candidates)]
