"""The curated agents table: complete for the review, internally consistent, loadable."""
from __future__ import annotations

from pathlib import Path

import pytest

from tzqa.domain.agents import KINDS, Agent, agent_synonym_groups, find_agent, load_agents
from tzqa.index.tokenize import fold_lookalikes, tokenize

REVIEW = Path(__file__).resolve().parents[1] / "corpus" / "trastuzumab-resistance-review.txt"


def _by_name() -> dict[str, Agent]:
    return {a.name: a for a in load_agents()}


def test_loads_frozen_dataclasses() -> None:
    agents = load_agents()
    assert agents is load_agents()                      # cached
    assert all(isinstance(a, Agent) and a.kind in KINDS and a.target for a in agents)
    with pytest.raises(AttributeError):
        agents[0].name = "x"  # type: ignore[misc]


def test_every_agent_the_review_names_is_listed() -> None:
    names = set(_by_name())
    assert {"trastuzumab", "pertuzumab", "lapatinib", "neratinib", "poziotinib", "epertinib",
            "alpelisib", "trastuzumab deruxtecan", "trastuzumab emtansine", "trastuzumab duocarmazine",
            "zanidatamab", "margetuximab", "p95HER2-TCB", "taxanes", "TNFα blockers"} <= names


def test_corpus_forms_really_occur_in_the_review() -> None:
    text = fold_lookalikes(REVIEW.read_text(encoding="utf-8")).lower()
    for agent in load_agents():
        assert agent.corpus_forms, agent.name
        for form in agent.corpus_forms:
            assert form.lower() in text, (agent.name, form)


@pytest.mark.parametrize("name,expected", [
    ("trastuzumab", {"Herceptin"}),
    ("pertuzumab", {"Perjeta"}),
    ("lapatinib", {"Tykerb", "Tyverb"}),
    ("alpelisib", {"Piqray", "BYL719"}),
    ("poziotinib", {"HM781-36B", "NOV120101"}),
    ("epertinib", {"S-222611"}),
    ("trastuzumab deruxtecan", {"Enhertu", "DS-8201a", "T-DXd", "fam-trastuzumab deruxtecan-nxki"}),
    ("trastuzumab emtansine", {"Kadcyla", "T-DM1", "ado-trastuzumab emtansine"}),
    ("trastuzumab duocarmazine", {"SYD985", "vic-trastuzumab duocarmazine"}),
    ("margetuximab", {"Margenza", "MGAH22"}),
    ("zanidatamab", {"ZW25", "Ziihera"}),
    ("neratinib", {"Nerlynx", "HKI-272"}),
])
def test_known_names(name: str, expected: set[str]) -> None:
    assert expected <= set(_by_name()[name].names)


def test_kinds() -> None:
    a = _by_name()
    assert a["trastuzumab deruxtecan"].kind == "ADC"
    assert a["lapatinib"].kind == "TKI"
    assert a["zanidatamab"].kind == "bispecific" and a["p95HER2-TCB"].kind == "bispecific"
    assert a["alpelisib"].kind == "small molecule"
    for agent in load_agents():
        assert bool(agent.examples) == (agent.kind == "class"), agent.name


def test_synonym_groups_are_disjoint_after_tokenising() -> None:
    groups = agent_synonym_groups()
    assert len(groups) == len(load_agents())
    assert all(isinstance(g, frozenset) and g for g in groups)
    owner: dict[tuple[str, ...], int] = {}
    for i, group in enumerate(groups):
        for name in group:
            key = tuple(tokenize(name))
            assert key, name
            assert owner.setdefault(key, i) == i, f"{name!r} is in two agents"
    enhertu = next(g for g in groups if "Enhertu" in g)
    assert {"trastuzumab deruxtecan", "T-DXd", "DS-8201a"} <= enhertu
    assert not any("paclitaxel" in g for g in groups)     # class members are not synonyms


@pytest.mark.parametrize("term,name", [
    ("T DXd", "trastuzumab deruxtecan"), ("ds8201", "trastuzumab deruxtecan"),
    ("KADCYLA", "trastuzumab emtansine"), ("zw-25", "zanidatamab"), ("Tyverb", "lapatinib"),
])
def test_find_agent_by_any_spelling(term: str, name: str) -> None:
    found = find_agent(term)
    assert found is not None and found.name == name


def test_find_agent_misses() -> None:
    assert find_agent("aspirin") is None
    assert find_agent("") is None
