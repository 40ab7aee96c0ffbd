"""Schwartz-Hearst abbreviation mining: the review's own definitions, and no definitions from
citations, trial ids or statistics."""
from __future__ import annotations

from pathlib import Path

import pytest

from tzqa.index.abbreviations import extract_abbreviations

REVIEW = Path(__file__).resolve().parents[1] / "corpus" / "trastuzumab-resistance-review.txt"


@pytest.fixture(scope="module")
def found() -> dict[str, str]:
    return extract_abbreviations(REVIEW.read_text(encoding="utf-8"))


@pytest.mark.parametrize("short,long", [
    ("IARC", "International Agency for Research on Cancer"),
    ("PFS", "progression-free survival"),
    ("CSCs", "cancer stem cells"),
    ("ADCC", "antibody-dependent cell-mediated cytotoxicity"),     # "SF (long form)" order
    ("TAFs", "tumorassociated fibroblasts"),                         # two-word reversed form
    ("ORR", "objective response rate"),
    ("GPCRs", "G protein-coupled receptors"),
    ("TLRs", "Toll-like receptors"),
    ("HER2", "human epidermal growth factor receptor 2"),            # no space before "("
    ("CDK12", "Cyclin-dependent kinase 12"),
    ("ANXA1", "Annexin A1"),
    ("IL-6", "interleukin-6"),
    ("DDFS", "distant diseasefree survival"),
    ("NmU", "neuromedin U"),
    ("CTF", "carboxy terminal fragment"),
    ("PKCα", "Protein kinase C-α"),                                  # Greek re-attached
    ("TNFα", "tumor necrosis factor-α"),
    ("TGFβ1", "transforming growth factor-β1"),
    ("ADCs", "antibody drug conjugate"),                             # plural SF, singular LF
    ("OS", "overall survival"),
])
def test_review_definitions(found: dict[str, str], short: str, long: str) -> None:
    assert found.get(short) == long


def test_no_definitions_from_noise(found: dict[str, str]) -> None:
    assert not any(k.isdigit() or k.startswith("NCT") for k in found)
    text = ("was given (12) and (7, 8) in the trial (NCT04208178) with short DFS (p = 0.002) "
            "in tumors (n=5151) and HER2-low (N = 32) cases; response (95% CI 12.7-NE) and "
            "trastuzumab (Herceptin) in 2018 (2018) as shown (Figure 1).")
    assert extract_abbreviations(text) == {}


def test_rejects_long_form_that_contains_the_short_form() -> None:
    assert extract_abbreviations("phosphorylate and activate SRC (pSRC) kinase") == {}
    assert extract_abbreviations("an increase in PFS (median PFS of 5.7 months versus 4.4 months)") == {}


def test_both_orders_and_first_definition_wins() -> None:
    text = ("The objective response rate (ORR) was high. ORR (overall response rate) was "
            "reported again. Patients had MBC (metastatic breast cancer).")
    assert extract_abbreviations(text) == {"ORR": "objective response rate",
                                           "MBC": "metastatic breast cancer"}


def test_empty_and_plain_text() -> None:
    assert extract_abbreviations("") == {}
    assert extract_abbreviations("No parentheses here at all.") == {}
