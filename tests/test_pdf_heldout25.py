"""What the 2026-12-07 held-out articles showed (docs/library.md, "Held out again"), as small generated cases."""
from __future__ import annotations

from pathlib import Path

# An ACL/NAACL list as the PDF reader hands it over (words a line end split re-joined): names written in full,
# closed by ". 2017."; middle initials, many authors, "et al.", a given name's lower-case part, initials first,
# particles; then an appendix whose paragraphs are numbered.
ACL_LIST = """Waleed Ammar, Matthew E. Peters, Chandra Bhagavatula,
  and Russell Power. 2017. The ai2 system at
  semeval-2017 task 10. In ACL workshop (SemEval).
Isabelle Augenstein, Mrinal Das, Sebastian Riedel,
  Lakshmi Vikraman, and Andrew D. McCallum.
  2017. Semeval 2017 task 10: Extracting keyphrases. In ACL workshop (SemEval).
Martin Ester, Hans-Peter Kriegel, Jorg Sander, Xiaowei
  Xu, et al. 1996. A Density-based Algorithm for Discovering Clusters. In KDD.
Christophe Van Gysel, Maarten de Rijke, and Evangelos
  Kanoulas. 2017. Neural Vector Spaces. ACM Trans. Inf. Syst.
Laurens van der Maaten. 2014. Accelerating t-SNE Using Tree-based Algorithms. JMLR.
F. Pedregosa, G. Varoquaux, A. Gramfort, V. Michel,
  B. Thirion, D. Cournapeau, M. Brucher, M. Perrot, and E. Duch-esnay.
  2011. Scikit-learn: Machine learning in Python. JMLR, 12:2825-2830.
Martijn J. Schuemie, Marc Weeber, Erik M. van Mulligen, C. Christiaan van der
  Eijk, and Jan A. Kors. 2004. Distribution of information in abstracts. Bioinformatics.
Xiang Wang, Yan Dong, Xiang qian Qi, Yi-Ming Li, and Lijun Hou. 2013. Clinical review. In Critical care.
A Appendix A - Baseline Details
1. Random Zero-mean 25-dimensional vectors were used.
2. Doc2Vec Doc2Vec is one of the earlier neural methods (Le and Mikolov, 2014).
3. Fasttext-Sum This simple baseline is a weighted sum of word vectors.
"""


def test_names_first_list_is_read_entry_by_entry_with_surnames_first():
    """The NAACL and ACL articles held out gave 0 of 27 and 4 of 57 entries: an entry started after every middle
    initial ("Matthew E. Peters"), twenty-three authors were more names than the pattern allowed, "et al. 1996."
    and "Xiang qian Qi" were not names, and the appendix's "1. 2. 3." won over the list as a numbered one."""
    from tzqa.ingest.library.reflist import is_author_year, parse_list

    text = ACL_LIST.split("A Appendix")[0]
    for listed in (text, ACL_LIST):  # with the appendix's numbered paragraphs after it, too
        refs = parse_list(listed)
        assert [r.authors[0] for r in refs] == ["Ammar W", "Augenstein I", "Ester M", "Van Gysel C",
                                                "van der Maaten L", "Pedregosa F", "Schuemie MJ", "Wang X"]
        assert is_author_year(listed)
    refs = parse_list(text)
    assert refs[0].year == 2017 and refs[0].title.startswith("The ai2 system") and refs[2].et_al
    assert refs[1].authors[-1] == "McCallum AD" and refs[6].authors[2] == "van Mulligen EM"


def test_names_first_entries_resolve_author_year_citations():
    """Their authors were left unread, so "(Ammar et al., 2017)" matched no entry: 26 of the NAACL article's
    author–year citations stayed unresolved."""
    from tzqa.ingest.library.authoryear import AuthorYear
    from tzqa.ingest.library.reflist import parse_list

    index = AuthorYear.of(parse_list(ACL_LIST.split("A Appendix")[0]))
    text = ("as shown before (Ammar et al., 2017; Ester et al., 1996), with t-SNE (van der Maaten, 2014) "
            "and vector spaces (Gysel et al., 2017).")
    found = [nums for _, _, nums in index.markers(text)]
    assert sorted(n for nums in found for n in nums) == [1, 3, 4, 5]


def test_an_appendix_heading_ends_the_reference_list():
    """"A Appendix A - Baseline Details" after the last entry was read as more of the list."""
    from tzqa.ingest.clean import clean_pages

    page = "Intro text that cites (Ammar et al., 2017).\n\nReferences\n\n" + ACL_LIST
    paper = clean_pages([page])
    assert "Baseline" not in paper.references_text and "Random Zero-mean" not in paper.references_text
    assert paper.references_text.rstrip().endswith("Critical care.")


def test_a_page_drawn_by_a_form_inside_a_form_is_read(tmp_path: Path):
    """NAACL 2018's pages are a stamped form drawing the article's own page form: only the outer one was laid
    out, so the article read as its page numbers (0 passages)."""
    from pdfgen import form_pdf

    from tzqa.ingest.pdf_layout import layout_pages

    lines = [f"Line {k} of a paragraph the page draws through two forms." for k in range(12)]
    text = layout_pages(form_pdf(lines, tmp_path / "nested.pdf", folio="7", nested=True))[0]
    assert text.split("\n")[:12] == lines


def test_a_narrow_gutter_is_found_between_two_columns():
    """The IEEE conference paper's gutter is 11.5 pt (x 300.4 to 311.9): one x has 5 pt clear either side, and a
    search in steps of 2 pt missed it, so every page's two columns interleaved line by line."""
    from tzqa.ingest.pdf_lines import Line
    from tzqa.ingest.pdf_regions import column_gutter

    lines = [Line(49.0, 300.4, 100.0 + 12 * k, 110.0 + 12 * k, f"left {k}") for k in range(30)]
    lines += [Line(311.9, 563.0, 100.0 + 12 * k, 110.0 + 12 * k, f"right {k}") for k in range(30)]
    gutter = column_gutter(lines, 612.0)
    assert gutter is not None and 300.4 + 5 <= gutter <= 311.9 - 5


def test_an_ieee_abstract_run_in_heading_is_the_abstract():
    """"Abstract—Stereo matching …" (no space after the dash) stayed a paragraph of the untitled front."""
    from tzqa.ingest.clean import clean_pages

    paper = clean_pages(["Abstract—Stereo matching algorithms find matches. They are fast.\n\nI. INTRODUCTION\n\n"
                         "Modern algorithms achieve excellent results on static images."])
    assert paper.blocks[0].section == "Abstract" and paper.blocks[0].text.startswith("Stereo matching")


def test_tab_and_soft_hyphen_word_spaces_and_a_letter_spaced_heading():
    """Wiley's editorial: words spaced by tab glyphs (and soft hyphens in its title), one more after the hyphen
    of "COVID-19", and its list under "R E F E R E N C E S": 0 of its 5 entries were found."""
    from tzqa.ingest.pdf_lines import _spacing

    assert _spacing("As\t the\t COVID-\t19\t pandemic") == "As  the  COVID-19  pandemic"
    assert _spacing("COVID-\xad19\xadvaccination\xadand") == "COVID-19 vaccination and"
    assert _spacing("R E F E R E N C E S") == "REFERENCES"
    assert _spacing("E D I T O R I A L") == "EDITORIAL"
    assert _spacing("A B C") == "A B C" and _spacing("Table 2 A B") == "Table 2 A B"  # labels stay


def test_front_matter_furniture_is_recognised_wherever_it_stands():
    """Held out: Elsevier's first-page footnotes, affiliations and dates came out after the abstract, Wiley's
    citation line and the editor's address mid-text, an e-mail line's tail beside the introduction."""
    from tzqa.ingest.library.furniture import is_front_furniture

    furniture = [
        "Immunology. 2022;165:141–142.",
        "Department of Immunology, Hillman Center, University of Pittsburgh, Pittsburgh, USA Email: ab@cd.com",
        "* Corresponding author. Address: Forest Science Centre, P.O. Box 137, Heidelberg, Victoria",
        "E-mail address: someone@example.edu.au (P.N.J. Lane).",
        "0022-1694/$ - see front matter q 2005 Elsevier B.V. All rights reserved.",
        "aSchool of Forest Studies, University of Melbourne, P.O. Box 137, Victoria 3084, Australia bCSIRO Division",
        "Received 1 October 2003; revised 22 December 2004; accepted 3 January 2005",
        "Received: 12 March 2014 / Accepted: 2 June 2014",
        "@allenai.org }",
        "Allen Institute for Artificial Intelligence, Seattle WA 98103, USA Northwestern University, Evanston IL",
        "* Correspondence: someone@gmail.com 1Department of Surgery, University of Calgary, Calgary, Canada",
    ]
    text = [
        "Table 1: Results of the University ranking, by year.",
        "Patients were received at the hospital in 2005 and treated.",
        "The University of Pittsburgh cohort, described in Methods, was larger.",
        "Received signal strength in 2019 was measured at each node, as described.",
        "Keywords: Afforestation; Flow duration curves",
        "(Centre A, R5).",
        "Figure 1: Part of the literature graph.",
    ]
    assert [s for s in furniture if not is_front_furniture(s)] == []
    assert [s for s in text if is_front_furniture(s)] == []
