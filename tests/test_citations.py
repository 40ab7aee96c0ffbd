import pytest

from tzqa.ingest.library.cite import cited_numbers, find_citations


@pytest.mark.parametrize(
    "text, expected",
    [
        ("worldwide at the end of 2020 (1).", (1,)),
        ("remains unclear (7, 8).", (7, 8)),
        ("breast tumors (21, 35, 36).", (21, 35, 36)),
        ("as shown before (3-5).", (3, 4, 5)),
        ("as shown before (3–5).", (3, 4, 5)),
        ("mixed (2, 4-6, 9)", (2, 4, 5, 6, 9)),
    ],
)
def test_citation_forms(text, expected):
    assert cited_numbers(text, 60) == expected


@pytest.mark.parametrize(
    "text",
    [
        "PI3K mutations(NCT04208178).",  # trial identifier
        "short DFS(p = 0.002) and high",  # p-value
        "solid tumors splices (n=5151), studies",  # sample size
        "hormone receptor-positive (N = 32) and",  # sample size
        "median PFS of 16.4 months (95% CI 12.7-NE)",  # confidence interval
        "76.1% (95% CI 69.3-82.1) of persons",
        "neutropenia (6%) and conjunctivitis (4%)",  # percentages
        "diarrhea was the most common (96.23%/14.15%)",
        "published (2022) in",  # year
        "Committee (82102948), Province (2021A1515011180 and 2019A1515010239)",  # grant numbers
        "receptor 2(HER2) -positive",  # abbreviation glued to a number
        "Trastuzumab-deruxtecan (DS-8201a, T-DXd)",  # development codes
        "Epertinib (S-222611) is",
        "and angiogenesis (Figure 1).",
        "agents (IARC) released",
        "a volume 12(3) of",  # volume(issue)
        "a reference beyond the list (61).",  # out of range (the list has 60)
        "a backwards range (9-4).",
        "an absurd range (1-60).",
    ],
)
def test_not_citations(text):
    assert find_citations(text, 60) == []


def test_the_cap_is_the_list_length_not_a_constant():
    assert cited_numbers("as shown (75) and (12, 61)", 80) == (75, 12, 61)
    assert cited_numbers("as shown (75) and (12, 61)", 60) == ()


def test_every_body_citation_is_in_range(doc):
    numbers = [n for p in doc.paragraphs for n in p.citations]
    assert numbers, "the body cites references"
    assert all(1 <= n <= 60 for n in numbers)


def test_every_reference_is_cited_in_the_body(doc):
    assert doc.cited_numbers == set(range(1, 61))


def test_known_paragraph_citations(doc):
    by_start = {p.text[:40]: p.citations for p in doc.paragraphs}
    stat3 = next(c for t, c in by_start.items() if t.startswith("In addition to activating the PI3K"))
    assert stat3 == (34, 35, 36, 21, 37)
    alpelisib = next(p for p in doc.paragraphs if "NCT04208178" in p.text)
    assert alpelisib.citations == ()
