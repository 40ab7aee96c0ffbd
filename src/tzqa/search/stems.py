"""Drug classes from International Nonproprietary Name stems (data/inn_stems.json).

Why: a user may name a drug the review never mentions ("zongertinib"). Its INN stem still
says what it is (-tinib: a tyrosine kinase inhibitor), which lets the service say which
drugs of that class the review does cover, and keeps spelling repair from turning one
drug's name into another's.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["Stem", "drug_stem"]


@dataclass(frozen=True)
class Stem:
    suffix: str
    drug_class: str
    kind: str | None  # the matching kind in the domain pack's agents.json, when the review has such agents


@lru_cache(maxsize=1)
def _stems() -> tuple[Stem, ...]:
    text = resources.files("tzqa.data").joinpath("inn_stems.json").read_text(encoding="utf-8")
    rows = json.loads(text)["stems"]
    stems = [Stem(r["suffix"], r["class"], r.get("kind")) for r in rows]
    return tuple(sorted(stems, key=lambda s: -len(s.suffix)))


def drug_stem(word: str) -> Stem | None:
    """The INN stem ``word`` ends with, if it looks like a drug name (3+ letters before the stem, or a payload
    name such as "vedotin" on its own)."""
    low = word.lower()
    for s in _stems():
        if low.isalpha() and low.endswith(s.suffix) and (len(low) - len(s.suffix) >= 3 or
                                                         (low == s.suffix and len(low) >= 6)):
            return s
    return None
