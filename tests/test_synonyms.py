"""Query expansion: brand names, codes, HGNC aliases and corpus abbreviations map onto the words
the review uses; unrelated or ubiquitous terms add nothing; the table round-trips through JSON."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tzqa.index import synonyms
from tzqa.index.synonyms import SynonymExpander
from tzqa.index.tokenize import tokenize

REVIEW = Path(__file__).resolve().parents[1] / "corpus" / "trastuzumab-resistance-review.txt"


@pytest.fixture(scope="module")
def ex() -> SynonymExpander:
    text = REVIEW.read_text(encoding="utf-8")
    return SynonymExpander.from_corpus([p for p in re.split(r"\n\s*\n", text) if p.strip()])


def added_tokens(ex: SynonymExpander, query: str) -> set[str]:
    return {t for phrase in ex.expand(query) for t in tokenize(phrase)}


@pytest.mark.parametrize("query,must_add", [
    ("Enhertu", {"trastuzumab deruxtecan", "T-DXd", "DS-8201a"}),
    ("Kadcyla", {"trastuzumab emtansine", "T-DM1"}),
    ("Is Perjeta useful?", {"pertuzumab"}),
    ("Tykerb", {"lapatinib"}),
    ("HM781-36B", {"poziotinib"}),
    ("Ziihera", {"ZW25"}),
    ("zanidatamab", {"ZW25"}),
    ("MGAH22", {"margetuximab"}),
    ("Herceptin", {"trastuzumab"}),
    ("docetaxel", {"taxanes"}),                          # class member -> class
    ("etanercept", {"TNFα blockers"}),
])
def test_agent_brands_and_codes(ex: SynonymExpander, query: str, must_add: set[str]) -> None:
    assert must_add <= set(ex.expand(query))


@pytest.mark.parametrize("query,token", [
    ("neu amplification", "erbb2"),
    ("PRKCA", "pkca"),
    ("BAF250a loss", "arid1a"),
    ("lipocortin", "anxa1"),
    ("PKB signalling", "akt"),
    ("YAP", "yap1"),
    ("HSPB1", "hsp27"),
    ("PTK2 inhibitors", "fak"),
    ("FKHRL1", "foxo3a"),
])
def test_hgnc_aliases(ex: SynonymExpander, query: str, token: str) -> None:
    assert token in added_tokens(ex, query)


def test_abbreviations_both_ways(ex: SynonymExpander) -> None:
    assert ex.expand("progression-free survival") == ["PFS"]
    assert ex.expand("PFS") == ["progression-free survival"]
    assert "antibody-dependent cell-mediated cytotoxicity" in ex.expand("ADCC")
    assert "CSCs" in ex.expand("cancer stem cells")


def test_mirna_arm(ex: SynonymExpander) -> None:
    assert ex.expand("miR-125a") == ["miR-125a-5p"]


@pytest.mark.parametrize("query", [
    "weather in Paris", "", "   ", "the and of", "what is the dose schedule",
    "trastuzumab resistance",               # ubiquitous: expansion would only add bias
    "HER2", "HER-2 positive breast cancer",
    "BAF250b",                              # ARID1B, not the ARID1A the corpus mentions
    "nuclear factor I C",                   # NFIC: its alias CTF means something else here
])
def test_no_expansion(ex: SynonymExpander, query: str) -> None:
    assert ex.expand(query) == []
    assert ex.expansions_for(query) == {}


def test_false_friends_are_not_genes(ex: SynonymExpander) -> None:
    labels = {e.label for e in ex.entries if e.source == "hgnc"}
    assert {"ERBB2", "ANXA1", "ARID1A", "PRKCA", "CUL7", "JAG1", "NOTCH1", "CDK12", "MUC4"} <= labels
    # CTF (carboxy terminal fragment), OS, JAMA (journal), SAR (Hong Kong), TG (initials), E14 (page)
    assert not {"NFIC", "MID1", "F11R", "SRL", "TG", "NPAT", "AZIN2", "SMARCA1"} & labels
    assert "ERBB2" not in added_tokens(ex, "CTF")


def test_only_corpus_phrases_are_added(ex: SynonymExpander) -> None:
    added = ex.expand("Kadcyla")
    assert "ado-trastuzumab emtansine" not in added       # not in the review
    for e in ex.entries:
        for phrase in e.add:
            assert tokenize(phrase), phrase


def test_no_phrase_the_query_already_covers(ex: SynonymExpander) -> None:
    out = ex.expansions_for("Enhertu versus T-DXd")
    assert "T-DXd" not in [p for ps in out.values() for p in ps]
    assert ex.expand("Enhertu") == [p for ps in ex.expansions_for("Enhertu").values() for p in ps]
    assert set(ex.expansions_for("Kadcyla vs Enhertu")) == {"Kadcyla", "Enhertu"}
    twice = ex.expansions_for("Enhertu or Enhertu")                  # repeated term keeps its additions
    assert twice == ex.expansions_for("Enhertu")


def test_leftmost_longest_match(ex: SynonymExpander) -> None:
    # "trastuzumab deruxtecan" is one agent; its "trastuzumab" must not also pull in Herceptin.
    added = ex.expand("trastuzumab deruxtecan in HER2-low disease")
    assert "Herceptin" not in added and "T-DXd" in added


def test_round_trip(ex: SynonymExpander) -> None:
    data = json.loads(json.dumps(ex.to_dict()))
    again = SynonymExpander.from_dict(data)
    assert again.to_dict() == ex.to_dict()
    for q in ["Enhertu", "neu", "PFS", "lipocortin", "miR-125a", "nothing here"]:
        assert again.expansions_for(q) == ex.expansions_for(q)
    with pytest.raises(ValueError):
        SynonymExpander.from_dict({"version": 999, "entries": []})


def test_small_corpus_and_ubiquity_threshold() -> None:
    texts = ["Patients got T-DM1 after HER2 therapy.", "ERBB2 amplification is common.",
             "The progression-free survival (PFS) was 9 months."]
    ex = SynonymExpander.from_corpus(texts, max_df=1.0)
    assert ex.expand("Kadcyla") == ["T-DM1"]
    assert "ERBB2" in ex.expand("neu")
    assert ex.expand("PFS") == ["progression-free survival"]
    assert ex.expand("Enhertu") == []                    # the corpus never names T-DXd
    quiet = SynonymExpander.from_corpus(texts, max_df=0.0)
    assert quiet.expand("Kadcyla") == ["T-DM1"]          # brand is absent from the corpus: df 0
    assert quiet.expand("PFS") == []


def test_standard_abbreviations_reach_long_forms_the_corpus_writes() -> None:
    texts = ["Negative in situ hybridization results were defined as low expression.",
             "The cancer stem cells (CSC) survive; circulating tumor DNA was sequenced.",
             "Staining was scored by immunohistochemistry (IHC)."]
    ex = SynonymExpander.from_corpus(texts, max_df=1.0)
    assert ex.expand("ISH negative") == ["in situ hybridization"]   # long form only: the corpus never says ISH
    assert ex.expand("ctDNA") == ["circulating tumor DNA"]
    assert ex.expand("FISH") == []                                  # its long form is not in the corpus
    assert ex.expand("CSC") == ["cancer stem cells"]                # the corpus's own definition wins
    assert "ish" in ex.match_tokens() and "fish" not in ex.match_tokens()


def test_hgnc_table_loads_offline() -> None:
    # Load time is reported by `tzqa bench`, not asserted here: the machines are shared and noisy.
    synonyms._hgnc.cache_clear()
    table = synonyms._hgnc()
    assert len(table.symbols) > 40_000
