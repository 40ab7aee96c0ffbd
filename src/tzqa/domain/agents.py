"""Curated table of the therapeutic agents the review names (the domain pack's agents.json).

Why: drugs go by INN, brand, development code and trial shorthand (brand = INN = code =
abbreviation).  The corpus uses only some of these, so query expansion
needs the full, hand-checked list; HGNC covers genes, not drugs.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from tzqa.domain import pack

__all__ = ["KINDS", "Agent", "agent_synonym_groups", "find_agent", "kind_names", "load_agents"]

KINDS = frozenset({"antibody", "ADC", "TKI", "bispecific", "small molecule", "class"})


@dataclass(frozen=True)
class Agent:
    """One drug (or drug class); `names` is every surface form that denotes it."""

    name: str
    inn: str | None
    brand_names: tuple[str, ...]
    codes: tuple[str, ...]
    aliases: tuple[str, ...]
    kind: str
    target: str
    examples: tuple[str, ...] = ()        # members of a class entry; narrower, not synonyms
    corpus_forms: tuple[str, ...] = ()    # spellings as they occur in the review
    notes: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        """Name, INN, brands, codes and aliases, de-duplicated in that order."""
        seen: dict[str, None] = {}
        for n in (self.name, self.inn or "", *self.brand_names, *self.codes, *self.aliases):
            if n and n.lower() not in {s.lower() for s in seen}:
                seen[n] = None
        return tuple(seen)


def _agent(row: dict) -> Agent:
    kind = row["kind"]
    if kind not in KINDS:
        raise ValueError(f"agents.json: {row['name']!r} has unknown kind {kind!r}")
    return Agent(
        name=row["name"], inn=row.get("inn"), brand_names=tuple(row.get("brand_names", ())),
        codes=tuple(row.get("codes", ())), aliases=tuple(row.get("aliases", ())), kind=kind,
        target=row["target"], examples=tuple(row.get("examples", ())),
        corpus_forms=tuple(row.get("corpus_forms", ())), notes=row.get("notes", ""))


@lru_cache(maxsize=1)
def load_agents() -> tuple[Agent, ...]:
    """All agents from the packaged JSON (read once)."""
    return tuple(_agent(row) for row in pack.load("agents.json")["agents"])


@lru_cache(maxsize=1)
def kind_names() -> dict[str, tuple[str, ...]]:
    """Class names per kind ("TKI": tyrosine kinase inhibitor, TKIs, ...) from the packaged JSON."""
    kinds = pack.load("agents.json").get("kinds", {})
    return {k: tuple(v) for k, v in kinds.items() if not k.startswith("_")}


def agent_synonym_groups() -> list[frozenset[str]]:
    """One set of interchangeable names per agent (class examples are not included)."""
    return [frozenset(a.names) for a in load_agents()]


def find_agent(term: str) -> Agent | None:
    """The agent one of whose names tokenises like `term` (so "T DXd" finds T-DXd)."""
    from tzqa.index.tokenize import tokenize

    key = tokenize(term)
    if not key:
        return None
    for agent in load_agents():
        if any(tokenize(n) == key for n in agent.names):
            return agent
    return None
