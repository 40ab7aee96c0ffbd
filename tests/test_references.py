import re

from tzqa.ingest.library.reflist import assemble, parse_reference
from tzqa.ingest.text import MappedText

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")


def test_exactly_sixty_numbered_once(doc):
    numbers = [r.number for r in doc.references]
    assert numbers == list(range(1, 61))


def test_dois_well_formed_and_unique(doc):
    dois = [r.doi for r in doc.references if r.doi]
    assert len(dois) == 57
    assert len(set(dois)) == len(dois)
    for d in dois:
        assert DOI_RE.match(d), d
        assert " " not in d and not d.endswith(".")


def test_doi_belongs_to_its_own_entry(doc, source, passages):
    # Each DOI lies inside the source span of its own entry and of no other entry.
    spans = {p.source_ref: source[p.start:p.end].replace("/ ", "/") for p in passages if p.kind == "reference_entry"}
    for r in doc.references:
        if r.doi:
            owners = [n for n, text in spans.items() if r.doi in text]
            assert owners == [r.number], (r.number, owners)
    assert doc.reference(12).doi == "10.15252/embr.201948058"
    assert doc.reference(13).doi == "10.1016/j.canlet.2019.08.008"
    assert doc.reference(19).doi == "10.3390/cancers12051108"
    assert doc.reference(41).doi == "10.1038/s41598-019-39733-x"
    assert doc.reference(60).doi == "10.1038/35021093"


def test_entries_without_doi(doc):
    assert {r.number for r in doc.references if not r.doi} == {3, 27, 57}


def test_entry_split_by_page_break_and_notes(doc):
    r = doc.reference(12)
    assert r.title == "CDK12 drives breast tumor initiation and trastuzumab resistance via WNT and IRS1-ErbB-PI3K signaling"
    assert r.journal == "EMBO Rep" and r.year == 2019 and r.volume_pages == "20(10):e48058"
    assert "Conflict" not in r.raw and "Provincial" not in r.raw and "claims" not in r.raw


def test_entry_that_lost_its_number(doc):
    r = doc.reference(19)
    assert r.authors[0] == "González-Alonso P"
    assert r.title.startswith("The hippo pathway transducers YAP1/TEAD")
    assert r.journal == "Cancers (Basel)" and r.year == 2020


def test_entry_split_across_blank_line(doc):
    r = doc.reference(41)
    assert r.title == (
        "HER2 and p95HER2 differentially regulate miRNA expression in MCF-7 breast cancer cells and "
        "downregulate MYB proteins through miR-221/222 and miR-503"
    )
    assert r.journal == "Sci Rep"


def test_hard_fields(doc):
    assert doc.reference(58).authors == () and doc.reference(58).title == "ZW25 effective in HER2-positive cancers"
    assert doc.reference(58).journal == "J Cancer Discovery"
    assert doc.reference(4).journal == "Nature" and doc.reference(4).volume_pages == "554(7691):189–94"
    assert doc.reference(34).journal == "Cell Oncol (Dordr)"
    assert doc.reference(3).volume_pages == "10(4):1045–67"  # "10 (4)" repaired
    assert doc.reference(60).authors[3] == "van de Rijn M"
    assert doc.reference(7).authors[1] == "Javier Carmona F"
    assert doc.reference(1).et_al and not doc.reference(32).et_al
    assert doc.reference(21).title.startswith("PKCα attenuates")  # "PKC α" re-joined
    assert doc.reference(42).title.startswith("Disruption of FOXO3a-miRNA")


def test_citation_string_reads_like_the_list(doc):
    c = doc.reference(32).citation
    assert c == ("Goel S, Krop IE. PIK3CA mutations in HER2-positive breast cancer: an ongoing conundrum. "
                 "Ann Oncol (2016) 27(8):1368–72. doi: 10.1093/annonc/mdw246")
    assert "*" not in "".join(r.citation for r in doc.references)


def test_funding_continuation_is_kept_out_and_rejoined(doc):
    funding = doc.back_matter["funding"]
    assert funding.endswith("Guangdong Provincial Key Laboratory for Breast Cancer Diagnosis and Treatment (2017B030314116).")
    assert "conflict of interest" in doc.back_matter and "publisher's note" in doc.back_matter


def test_assemble_on_small_fixture():
    blocks = [MappedText.of(t) for t in [
        "1. Doe J, Roe R. A title. *J Test* (2020) 1:2. doi: 10.1000/abc",
        "2. Poe P, et al. A long title that breaks across the IRS1-ErbB-",
        "Funding continues here (123456).",
        "PI3K page. *J Two* (2019) 3(4):5–6. doi: 10.1000/ def",
        "Moe M, Zoe Z. Lost its number. *J Three* (2018) 7:8. doi: 10.1000/ghi",
        "4. Last L. Fine. *J Four* (2017) 9:10.",
    ]]
    entries, strays = assemble(blocks)
    assert [n for n, _, _ in entries] == [1, 2, 3, 4]
    assert [rec for _, _, rec in entries] == [False, False, True, False]
    assert [s.text for s in strays] == ["Funding continues here (123456)."]
    two = parse_reference(2, entries[1][1].text)
    assert two.title == "A long title that breaks across the IRS1-ErbB-PI3K page" and two.doi == "10.1000/def"
    assert re.match(r"^Poe P, et al\.", two.citation)


def test_one_reader_for_every_list():
    # The review's entries go through the same field reader as a library document's list: the
    # "Journal (year) volume" order with the journal in emphasis, a title in lower case after the
    # authors, particles and initials beyond ASCII, a DOI broken after its slash.
    r = parse_reference(7, "Fu R, van de Rijn M, Diaz-Lagares Á, et al. miR-126 reduces resistance *via* "
                           "PIK3R2. Cancers (Basel). *Oncol Lett* (2018) 10 (4):5–6. doi: 10.1000/ xyz")
    assert r.authors == ("Fu R", "van de Rijn M", "Diaz-Lagares Á") and r.et_al
    assert r.title == "miR-126 reduces resistance via PIK3R2. Cancers (Basel)"
    assert (r.journal, r.year, r.volume_pages, r.doi) == ("Oncol Lett", 2018, "10(4):5–6", "10.1000/xyz")
    v = parse_reference(3, "Smith JA, Jones B. A title. J Clin Oncol. 2001;19:1-2. doi:10.1200/JCO.2001.19.1.1")
    assert (v.authors, v.title, v.journal, v.year, v.volume_pages) == (("Smith JA", "Jones B"), "A title",
                                                                      "J Clin Oncol", 2001, "19:1-2")
