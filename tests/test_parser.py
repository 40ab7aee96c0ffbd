import pytest

from tzqa.ingest.parser import ParseError, parse_review


def test_front_matter(doc):
    assert doc.title == ("Trastuzumab resistance in HER2-positive breast cancer: Mechanisms, emerging "
                         "biomarkers and targeting agents")
    assert doc.authors.startswith("Zhen-hao Wang, Zhuo-qun Zheng, Shi–cheng Jia")
    assert "¹" not in doc.authors and "^" not in doc.authors and "*" not in doc.authors
    assert doc.abstract.startswith("Trastuzumab is a standard molecular targeted therapy")
    assert doc.keywords == ("breast cancer", "HER2-positive", "trastuzumab", "resistance", "mechanism",
                            "biomarker", "targeting agent")


def test_section_tree(doc):
    labels = [s.label for s in doc.sections]
    assert len(labels) == 21
    assert "3.1.2 The STAT3 pathway" in labels
    assert doc.section_path("3.1.2") == ("3 Biomarkers for predicting trastuzumab resistance",
                                         "3.1 Bypass activation", "3.1.2 The STAT3 pathway")
    assert doc.section("2.1").title == "ERBB2 mutations and nuclear localization are associated with trastuzumab resistance"
    assert doc.section("3.1.3").title == "The NF-κB pathway"
    topics = {s.number: s.topic for s in doc.sections}
    assert (topics["1"], topics["2.3"], topics["3.4"], topics["4.2"], topics["5"]) == (
        "background", "mechanism", "biomarker", "agent", "background")


def test_no_debris_in_body(doc):
    body = "\n".join(p.text for p in doc.paragraphs)
    for debris in ["Check for updates", "OPEN ACCESS", "frontiersin", "Funding", "Publisher", "Conflict of interest",
                   "2017B030314116", "All claims expressed", "TABLE 1", "\t"]:
        assert debris not in body, debris
    assert all(p.text.strip() != "05" for p in doc.paragraphs)
    assert not any(p.text.isdigit() for p in doc.paragraphs)


def test_paragraph_cut_by_page_break_is_rejoined(doc):
    pozi = next(p for p in doc.paragraphs if p.text.startswith("Poziotinib inhibits"))
    assert "evaluated in a phase II study conducted on patients" in pozi.text
    pkc = next(p for p in doc.paragraphs if p.text.startswith("The ErbB-2 pathway is also mediated"))
    assert "On the one hand, this shows that PKCα protein levels could be used" in pkc.text


def test_lookalikes_and_greek_spacing(doc):
    text = " ".join(p.text for p in doc.paragraphs)
    assert "NF-κB p65 subunit" in text and "NF-k β" not in text and "NF-KB" not in text
    assert "TNFα (tumor necrosis factor-α)" in text
    assert "WNT/β-catenin/TCF" in text and "(α-SMA)" in text and "TGFβ1" in text
    row = doc.table_rows[-1]
    assert row.biomarker == "PKCa" and row.biomarker_original == "РКСа"
    assert doc.table_rows[6].mechanism == "NF-κB/MUC4"  # was "NF-ĸB" (Latin kra)
    assert doc.table_rows[5].mechanism == "TAK1/Akt/NF-κB"  # was "NF-kβ"


def test_joined_words_split_back(doc):
    text = " ".join(p.text for p in doc.paragraphs)
    for fixed in ["HER2-positive breast tumors (21, 35, 36)", "membrane-related truncated", "disease-free survival",
                  "tumor-associated fibroblasts", "exosome-associated TGFβ1", "IRS1-mediated", "membrane-binding",
                  "cost-effective", "by upregulating", "worldwide at the end of 2020", "post-translational alterations",
                  "HER2-resistant breast cancer cells"]:
        assert fixed in text, fixed
    for broken in ["HER2positive", "byupregulating", "costeffective", "worldwide.at"]:
        assert broken not in text
    assert "correlated" not in text or "cor-related" not in text


def test_original_kept_for_display(doc):
    p = next(p for p in doc.paragraphs if "NF-κB p65" in p.text)
    assert "NF-k β" in p.original


def test_table(doc):
    assert doc.table_columns == ("Biomarkers", "Mechanism/signaling pathway", "Primary/secondary drug resistance",
                                 "Correlation with drug resistance", "Author and reference")
    assert [r.biomarker for r in doc.table_rows] == ["CDK12", "Cullin7", "ARID1A", "STAT3", "NCAPG", "ANKRD44",
                                                   "MUC4", "YAP1", "EPHA5", "PKCa"]
    assert [r.refs for r in doc.table_rows] == [(n,) for n in range(12, 22)]
    cdk = doc.table_rows[0]
    assert (cdk.mechanism, cdk.resistance, cdk.correlation, cdk.author) == (
        "WNT/β-catenin/-TCF; IRS1/ErbB/PI3K/AKT", "Primary and Secondary", "Positive", "Choi HJ")
    assert doc.table_rows[7].author == "González-Alonso P"
    assert [r.correlation for r in doc.table_rows].count("Negative") == 4


def test_paragraph_offsets_point_at_source(doc, source):
    for p in doc.paragraphs:
        span = source[p.start:p.end]
        assert span.split()[0].strip("*") == p.original.split()[0].strip("*")
        assert span.rstrip().endswith(p.original.split()[-1])


def test_not_a_review():
    with pytest.raises(ParseError):
        parse_review("just some text\n\nwithout any structure\n")
