"""What the fifth 2026-12-07 held-out set showed (docs/library.md, "Fifth held-out set"), as small cases."""
from __future__ import annotations

_BODY = ("Mice bearing xenografts were treated with the covalent inhibitor, and tumors were dissected and "
         "analyzed by flow cytometry (Adams et al., 2010; Eli Lilly and Company, 2021).")

_CELL_LIST = [
    "Adams, P.D., Afonine, P.V., and Chen, V.B. (2010). PHENIX: a comprehensive Python-based system for",
    "macromolecular structure solution. Acta Crystallogr. D 66, 213–221.",
    "Duriseti, S., Goetz, D.H., and Craik, C.S. (2010). Antagonistic anti-urokinase antibodies. J. Biol. Chem.",
    "285, 26878–26888. https://doi.org/10.1074/jbc.",
    "M109.077677.",
    "Eli Lilly and Company (2021). A Phase 1/2 Study of LY3499446 Administered to",
    "Patients with Advanced Solid Tumors (clinicaltrials.Gov).",
    "Janes, M.R., Zhang, J., and Li, L.S. (2018). Targeting KRAS mutant cancers. Cell 172, 578–589.",
    "Janssen Research & Development (2020). A First-in-Human Study of JNJ-74699157",
    "(clinicaltrials.Gov).",
    "Zhao, Y., Murciano-Goroff, Y.R., and Xue, J.Y. (2021). Diverse alterations associated with resistance.",
    "Nature 599, 679–683.",
]


def _cell_pages() -> list[str]:
    body = "\n\n".join(_BODY for _ in range(8))
    methods = ("Cell lines NCI-H358 cells were obtained from ATCC and maintained in DMEM as described "
               "(Adams et al., 2010).")
    return ["INTRODUCTION\n\n" + body, "DISCUSSION\n\n" + body + "\n\nREFERENCES\n\n" + "\n".join(_CELL_LIST),
            "STAR+METHODS\n\nKEY RESOURCES TABLE\n\nREAGENT or RESOURCE SOURCE IDENTIFIER\n\n"
            "Study PDB: 7KKH Generated in this Study N/A Abcam RRID:AB_10891004\n\n"
            "RESOURCE AVAILABILITY\n\nLead contact Further information should be directed to the lead contact.\n\n"
            "METHOD DETAILS\n\n" + methods]


def test_star_methods_after_the_list_end_it_and_are_text():
    """Cancer Cell (Cell Press) prints its STAR Methods after the REFERENCES: the key resources table and every
    method were read into the list (three extra entries: "Study PDB: 7KKH …", "Schneider et al., 2012 https://…")
    and lost from the passages."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    paper = clean_pages(_cell_pages())
    refs = parse_list(paper.references_text)
    assert [r.raw.split(" (")[0].split(",")[0] for r in refs] == [
        "Adams", "Duriseti", "Eli Lilly and Company", "Janes", "Janssen Research & Development", "Zhao"]
    assert "RRID" not in paper.references_text and "Lead contact" not in paper.references_text
    assert any(b.section == "METHOD DETAILS" and b.text.startswith("Cell lines") for b in paper.blocks)
    assert any(b.section == "RESOURCE AVAILABILITY" for b in paper.blocks)
    assert not any("RRID" in b.text for b in paper.blocks)  # the key resources table is a table, not text


def test_an_organisation_with_and_or_ampersand_starts_an_entry():
    """"Eli Lilly and Company (2021)." and "Janssen Research & Development (2020)." were read into the entries
    before them (38 of 40); a name's "and" after a comma still starts nothing."""
    from tzqa.ingest.library.unnumbered import split_unnumbered

    entries = split_unnumbered("\n".join(_CELL_LIST))
    assert len(entries) == 6
    assert entries[2].startswith("Eli Lilly and Company (2021).")
    assert entries[4].startswith("Janssen Research & Development (2020).")
    assert entries[1].startswith("Duriseti, S., Goetz, D.H., and Craik, C.S. (2010).")


def test_an_exponent_after_a_parenthesis_is_raised_in_an_author_year_paper():
    from tzqa.ingest.library.textdoc import raised_marks

    assert raised_marks("an ellipsoid ((width)[2] x length x 0.52)") == "an ellipsoid ((width)² x length x 0.52)"


_SIDEBAR_PAGE = """Article
Intestinal Microbiota Influence Doxorubicin Responsiveness in
Triple-Negative Breast Cancer

Alaa Bawaneh 1, Adam S. Wilson 1 and Katherine L. Cook 1,*

                                  1Department of Surgery, Wake Forest School of Medicine, Winston-Salem, NC 27157, USA
                                 * Correspondence: klcook@wakehealth.edu

                                  Simple Summary: Triple-negative breast cancer is a highly aggressive tumor with a poor
                                 prognosis and limited treatment options. Harnessing gut microbiota contents could be a triple-
Citation: Bawaneh, A.; Wilson, A.S.;
                                  negative breast cancer responsiveness to chemotherapy treatment.
Cook, K.L. Intestinal Microbiota
                                 Abstract: Triple-negative breast cancer (TNBC) is highly aggressive with a poor 5-year survival
Influence Doxorubicin Responsiveness in
                                  rate. Targeted therapy options are limited and most TNBC patients are treated with chemotherapy.
Triple-Negative Breast Cancer.
                                 This study aimed to determine whether doxorubicin (Dox) shifts the gut microbiome and whether
Cancers 2022, 14, 4849. https://   gut microbiome populations influence chemotherapeutic responsiveness. Female BALB/c mice
doi.org/10.3390/cancers14194849   were injected with 4T1-luciferase cells and treated with Dox and/or antibiotics.
Academic Editors: Andrew Zloza
                                  Metagenomic sequencing was performed on fecal DNA samples.
Received: 10 August 2022          Mice from the Dox responders displayed reduced tumor weight and metastatic burden.
Accepted: 19 September 2022       Metagenomic analysis showed that Dox was associated with increased Akkermansia.
Published: 4 October 2022        Dox responders showed an elevated proportional abundance of Akkermansia.
Publisher’s Note: MDPI stays neutral   HFD-FMT potentiated tumor growth and decreased Dox responsiveness.
with regard to jurisdictional claims in   Treatment with exogenous LPS increases intestinal inflammation.
iations.                          Taken together, we show that the gut microbiota influenced TNBC chemotherapy responsiveness.
Copyright: © 2022 by the authors.
Licensee MDPI, Basel, Switzerland.
                                  Keywords: triple-negative breast cancer; microbiome; inflammation
This article is an open access article
distributed under   the terms and
4.0/).

Cancers 2022, 14, 4849. https://doi.org/10.3390/cancers14194849                                  https://www.mdpi.com/journal/cancers"""


def test_mdpi_first_page_sidebar_and_citation_footer_are_not_text():
    """Cancers 2022 (MDPI): the sidebar left of the abstract (citation, editors, dates, publisher's note,
    copyright) was read line by line into the abstract ("Doxorubicin Responsiveness in This study aimed …"), and
    the first page's citation footer stood as a passage."""
    from tzqa.ingest.clean import clean_pages

    body = "\n\n".join("The tumors were measured twice a week with calipers and the volumes computed [1]." for _ in range(6))
    paper = clean_pages([_SIDEBAR_PAGE, "1. Introduction\n\n" + body])
    text = " ".join(b.text for b in paper.blocks)
    for furniture in ("Citation:", "Academic Editors", "Received:", "Publisher’s Note", "Copyright", "Licensee",
                      "Influence Doxorubicin Responsiveness in This", "https://www.mdpi.com/journal/cancers"):
        assert furniture not in text
    abstract = next(b.text for b in paper.blocks if b.section == "Abstract")
    assert "with chemotherapy. This study aimed to determine whether doxorubicin (Dox) shifts" in abstract
    assert "Female BALB/c mice were injected" in abstract
    assert any("triple-negative breast cancer responsiveness to chemotherapy" in b.text for b in paper.blocks)


def test_a_page_without_the_sidebars_labels_is_left_alone():
    from tzqa.ingest.pages import drop_sidebar

    lines = ["Received: 10 August 2022", "                                  text of the column here",
             "Accepted: 19 September 2022"]
    assert drop_sidebar(lines) == lines  # two labels are no sidebar


def test_vancouver_names_closed_by_the_year_stay_surname_first():
    """G3 and eLife print "Ho B, Baryshnikova A, Brown GW. 2018. Title." — the names-first reader turned each
    name round again ("B H"), so "(Ho et al. 2018)", "(Wu et al. 2021)", "(Gao et al. 2021)" found no entry
    (a surname under four letters is not looked up in the raw text): G3 27 → 37 of 38 passages with refs."""
    from tzqa.ingest.library.authoryear import AuthorYear
    from tzqa.ingest.library.reflist import parse_reference

    refs = [parse_reference(1, "Ho B, Baryshnikova A, Brown GW. 2018. Unification of protein abundance "
                               "datasets. Cell Syst. 6(2):192–205.", True),
            parse_reference(2, "Wu T, Hu E, Xu S, et al. 2021. clusterProfiler 4.0. Innovation 2:100141.", True),
            parse_reference(3, "Waleed Ammar, Matthew E. Peters, and Russell Power. 2017. The ai2 system. In ACL.",
                            True)]
    assert refs[0].authors == ("Ho B", "Baryshnikova A", "Brown GW")
    assert refs[0].title == "Unification of protein abundance datasets"
    assert refs[2].authors == ("Ammar W", "Peters ME", "Power R")  # names written first are still turned
    index = AuthorYear(refs)
    marks = index.markers("as a previous study showed (Ho et al. 2018) with clusterProfiler (Wu et al. 2021)")
    assert [m[2] for m in marks] == [(1,), (2,)]
