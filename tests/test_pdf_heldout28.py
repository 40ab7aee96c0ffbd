"""What the fourth 2026-12-07 held-out set showed (docs/library.md, "Held out again (fourth set)"), as small cases."""
from __future__ import annotations

_BODY = ("The detector was cooled to thirty millikelvin and read out with six phonon channels on one side, "
         "as described before [1] and calibrated with a source [2].")


def _entries(first: int, last: int) -> list[str]:
    """Numbered entries in REVTeX's shape, some broken by a blank line the layout left inside them."""
    out = []
    for n in range(first, last + 1):
        if n % 3 == 0:
            out += [f" [{n}] A. B. Author{n} et al. (Some Collaboration), Phys. Rev.", "",
                    f"    Lett. {100 + n}, {1000 + n} (20{10 + n % 10})."]
        else:
            out.append(f" [{n}] C. D. Writer{n}, Phys. Rev. D {90 + n}, {2000 + n} (19{70 + n})."
                       if n != 7 else " [7] E. F. Name, K. Harris, and M. Fritts, (2021), https:")
            if n == 7:
                out += ["", "    //doi.org/10.17605/OSF.IO/G4ENQ."]
    return out


def _pages(last_page: list[str]) -> list[str]:
    body = "\n\n".join(_BODY for _ in range(12))
    return ["Introduction\n\n" + body, "Conclusions\n\n" + body, "\n".join(last_page)]


def test_a_list_with_no_heading_under_a_footnote_is_the_reference_list():
    """2110.02751 (REVTeX) prints its list with no heading, right under the first page's footnote
    "∗Corresponding author: …", which the layout joined to entry [1]; the list was read as 'Conclusions'
    paragraphs (0 of 51 entries, 0 of 33 bracketed passages resolved)."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    paper = clean_pages(_pages(["  ∗Corresponding author: someone@example.edu", *_entries(1, 12)]))
    refs = parse_list(paper.references_text)
    assert [r.number for r in refs] == list(range(1, 13))
    assert not any("[4]" in b.text or "Phys. Rev." in b.text for b in paper.blocks)
    assert refs[6].raw.endswith("//doi.org/10.17605/OSF.IO/G4ENQ.")  # the link a blank line broke


def test_a_list_whose_page_joined_it_to_the_last_paragraph_is_found():
    """2304.10117 (REVTeX letter): the page before the list ends on a full line, so the list's first entries
    were read into the acknowledgements' last paragraph and the whole list was dropped with the back matter
    (0 of 33)."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    full = "x" * 70
    pages = _pages([])[:2] + [f"Acknowledgments\n\nThis work is supported by a grant of the foundation.\n{full} "
                              "institutes.", "\n".join(_entries(1, 12))]
    paper = clean_pages(pages)
    assert [r.number for r in parse_list(paper.references_text)] == list(range(1, 13))


def test_a_body_paragraph_citing_1_is_not_cut_into_a_list():
    """The cut is kept only when a list is found after it: a paragraph with "… end. [1] The …" stays whole."""
    from tzqa.ingest.clean import clean_pages

    text = "We used the method of the first paper. [1] Then we repeated it twice with [2] and [3]."
    paper = clean_pages(["Introduction\n\n" + text + "\n\n" + _BODY])
    assert paper.references_text == ""
    assert any(b.text == text for b in paper.blocks)


# MNRAS (2502.18907): "Surname I. I., …, year, Journal, volume, page", entries run on with nothing between them.
MNRAS_LIST = """Adamopoulos G., Robertson J., Morrison N. A., Godet C., 2004, J. Appl.
Phys., 96, 6348 Alata I., Cruz-Diaz G. A., Muñoz Caro G. M., Dartois E., 2014, Astron.
Astrophys. Suppl. Ser., 569, A119 Allamandola L. J., Tielens A. G. G. M., Barker J. R., 1985, Astrophys. J., 290,
L25 Brown M. J. I., et al., 2014, ApJS, 212, 18 Contreras C. S., Salama F., 2013, ApJS, 208, 6 Czigány Z.,
Hultman L., 2010, Ultramicroscopy, 110, 815 Duley W. W., Williams D. A., 1983, Mon. Not. R. Astron. Soc., 205,
67P Duley W. W., Scott A. D., 1998, ApJ, 503, L183 Ehrenfreund P., Robert F., d’Hendecourt L., Behar F., 1991,
Astron. Astrophys., 252, 712 van Dishoeck E. F., 2019, Proc. Int. Astron. Union, 15, 3
"""
# AASTeX (1707.04066): "Surname, I. I., … & Surname, I. year, Journal, volume, page".
AASTEX_LIST = """Boslough, M., Brown, P., & Harris, A. W. 2015, in Aerospace Conference, 2015 IEEE, 1-12 Brown, P.,
Assink, J. D., Astiz, L., et al. 2013, Nature, 503, 238 Depoy, D. L., Abbott, T., Annis, J. et al. 2008, SPIE,
7014, 0E Fowler, J. W., & Chillemi, J. R. 1992. IRAS asteroid data processing. In The IRAS Minor Planet Survey,
pp. 17-43. Phillips Laboratory, Hanscom AF Base, MA Greenstreet, S., Ngo, H., & Gladman, B. 2012, Icarus, 217, 355
Harris, A. W. & D’Abramo, G. 2015, Icarus, 257, 302 Mainzer et al. 2011, ApJ, 741, 90 Mainzer et al. 2014, ApJ,
792, 30 Tricarico, P. 2017, Icarus, 284, 416 Trilling et al. 2017, AJ, submitted Wainscoat, R., Veres, P., Bolin,
B., et al. 2014, in Asteroids, Comets, Meteors, eds. Muinonen et al. (Helsinki, Finland), 595 Valdes, F. 2015,
ASPC 495, ed. Taylor, A. R. & Rosolowsky, E. (San Francisco: ASP), 95
"""


def test_mnras_entries_are_not_merged_and_keep_their_authors():
    """MNRAS entries end with a page ("…, 208, 6", "…, 205, 67P") and the next starts "Czigány Z., …": a single
    initial then a comma, which no start rule read, so entries were merged in pairs (32 of 94) and authors were
    cut at the first initial ("Allamandola L"); 27 of 56 passages citing by author and year carried refs."""
    from tzqa.ingest.library.reflist import parse_list

    refs = parse_list(MNRAS_LIST)
    assert [r.authors[0] for r in refs] == ["Adamopoulos G", "Alata I", "Allamandola LJ", "Brown MJI",
                                            "Contreras CS", "Czigány Z", "Duley WW", "Duley WW", "Ehrenfreund P",
                                            "van Dishoeck EF"]
    assert refs[2].authors == ("Allamandola LJ", "Tielens AGGM", "Barker JR") and refs[2].year == 1985
    assert refs[3].et_al and [r.year for r in refs[6:8]] == [1983, 1998]
    assert refs[1].authors[2] == "Muñoz Caro GM"


def test_aastex_entries_are_not_merged_or_lost():
    """AASTeX's unnumbered list: "Fowler, J. W." after "…, 0E", "Greenstreet, S." after "…, MA", "Mainzer et al.
    2011" with no initials and "Trilling et al." after "2017, …" were merged or lost (20 of 26 entries)."""
    from tzqa.ingest.library.reflist import parse_list

    refs = parse_list(AASTEX_LIST)
    assert [r.authors[0] for r in refs] == ["Boslough M", "Brown P", "Depoy DL", "Fowler JW", "Greenstreet S",
                                            "Harris AW", "Mainzer", "Mainzer", "Tricarico P", "Trilling",
                                            "Wainscoat R", "Valdes F"]
    assert refs[3].title == "IRAS asteroid data processing" and refs[3].year == 1992
    assert refs[1].authors == ("Brown P", "Assink JD", "Astiz L") and refs[1].et_al


def test_a_name_inside_an_author_block_starts_no_entry():
    """The whole author block is one match: "Muñoz Caro G. M." after "…, A., " and "Adamson A. J." after a name
    the pattern cannot read ("A G G") start nothing."""
    from tzqa.ingest.library.surname_year import starts

    flat = "6348 Alata I., Cruz-Diaz G. A., Muñoz Caro G. M., Dartois E., 2014, Astron. 569, A119"
    assert starts(flat) == [5]
    # (Chiar's own start is the general rule's: "Chiar J. E.," after a page number)
    assert starts("1998, ApJ, 1 Chiar J. E., A G G Adamson A. J., Ricca A., 2013, ApJ, 770, 78") == []


def test_raised_numbers_in_an_author_year_paper_are_no_citations():
    """1707.04066 cites by names and years; its exponents and footnote marks, bracketed by the PDF reader
    ("3 deg[2]", "digest2 scores[1]"), were 6 passages with unresolved "[n]" citations."""
    from tzqa.ingest.library.textdoc import raised_marks

    assert raised_marks("the 3 deg[2] camera; digest2 scores[1] greater, surveys,[2] and") == (
        "the 3 deg² camera; digest2 scores¹ greater, surveys,² and")
    assert raised_marks("as in [12] and (Smith 2001) [3]") == "as in [12] and (Smith 2001) [3]"


def test_tex_accents_set_apart_are_joined_to_their_letters():
    """1707.04066's text and list read "Schunov´a-Lilly", "Spurn´y", "Vereˇs": TeX's accent glyphs set apart."""
    from tzqa.ingest.pdf_lines import tex_accents

    assert tex_accents("Schunov´a-Lilly, Spurn´y, Vereˇs, Mart´ınez, R¨omer, Pas¸ca, ´Etienne, Mu˜noz") == (
        "Schunová-Lilly, Spurný, Vereš, Martínez, Römer, Paşca, Étienne, Muñoz")
    assert tex_accents("Le Re´seau Sentinelles") == "Le Réseau Sentinelles"  # a font that sets it after the vowel
    assert tex_accents("it´s the author´s 5 ¨ 3") == "it´s the author´s 5 ¨ 3"  # an apostrophe; no letter


def test_the_record_takes_no_doi_an_entry_prints():
    """2110.02751's list has no heading, so the text before "References" held it and the record took entry
    [18]'s DOI; MNRAS and CoRL entries print their DOI on a line of its own ("…Kluwer, Dordrecht," /
    "doi:10.1007/978-94-009-0335-7_16"), a line the cleaning drops, so the entry kept its words but not its DOI
    and the record took it."""
    from tzqa.ingest.library.reflist import parse_list
    from tzqa.ingest.library.textdoc import _article_doi

    refs = parse_list("[1] K. D. Irwin, Rev. Sci. Instrum. 66, 5322 (1995), https://doi.org/10.1063/1.1146105.\n"
                      "[2] G. S. Wright, A. Bridger, New Extragalactic Perspectives in the New South Africa. "
                      "Kluwer, Dordrecht, 1996.\n[3] P. Luke, J. Appl. Phys. 64, 6858 (1988).")
    front = ("Title of the paper\nbody text\n[1] K. D. Irwin, Rev. Sci. Instrum. 66, 5322 (1995),\n"
             "https://doi.org/10.1063/1.1146105.\n[2] G. S. Wright, A. Bridger, New Extragalactic Perspectives in\n"
             "the New South Africa. Kluwer, Dordrecht,\ndoi:10.1007/978-94-009-0335-7_16\n")
    assert _article_doi(front, front, refs) is None
    assert _article_doi("Journal 2019\ndoi:10.1000/own.1\n" + front, front, refs) == "10.1000/own.1"


def test_a_tex_made_preprint_takes_its_build_year_over_a_cited_year():
    """2304.10117 (a 2023 letter) printed no date on its first page; the latest year there was a cited work's,
    2019. A PDF that TeX made carries the year it was built."""
    from tzqa.ingest.library.front import _tex_year

    assert _tex_year({"/Producer": "pdfTeX-1.40.21", "/CreationDate": "D:20230421003052Z"}) == 2023
    assert _tex_year({"/Producer": "dvips + GPL Ghostscript", "/CreationDate": "D:20170713221431-04'00'"}) == 2017
    assert _tex_year({"/Producer": "Adobe PDF Library 15.0", "/CreationDate": "D:20200101000000Z"}) is None


def test_first_page_labels_footnotes_and_notices_are_furniture():
    """1707.04066 (AASTeX) kept "(Received; Revised; Accepted)", "Submitted to AAS Journals", "Facility:
    Blanco(DECam)", a footnote "∗Visiting astronomer, …" and a 630-character affiliation block as passages;
    wepml008 (JACoW) its footnote under a rule, "___ * This manuscript has been authorized by … under Contract …"."""
    from tzqa.ingest.library.furniture import is_front_furniture

    affiliations = ("1Department of Physics and Astronomy P.O. Box 6010 Northern Arizona University Flagstaff, AZ 86011 "
                    "2South African Astronomical Observatory PO Box 9 7935 Observatory South Africa 3University of "
                    "the Western Cape Bellville Cape Town 7535 South Africa 4National Optical Astronomy Observatory "
                    "950 N. Cherry Avenue Tucson, AZ 85719 5Cerro Tololo Inter-American Observatory Casilla 603 La "
                    "Serena, Chile 7University of Arizona Steward Observatory 933 N. Cherry Avenue Tucson, AZ 85721")
    for text in ["(Received; Revised; Accepted)", "Submitted to AAS Journals", "Facility: Blanco(DECam)",
                 "∗Visiting astronomer, Cerro Tololo Inter-American Observatory, which is operated by AURA.",
                 "___________ * This manuscript has been authorized by Fermi Research Alliance, LLC under Contract "
                 "N. DE-AC02-07CH11359 with U.S. Department of Energy † someone@example.gov", affiliations]:
        assert is_front_furniture(text), text
    for text in ["Received samples were accepted by the laboratory after a check.",
                 "Submitted manuscripts were read by two reviewers, as the journal asks.",
                 "The facility was built in 1998 and serves the department of physics and its students."]:
        assert not is_front_furniture(text), text


def test_a_doi_after_the_last_entry_that_opens_a_cite_box_is_the_article_s():
    """BMC prints "doi:10.1186/…" right after its last entry, then "Cite this article as: …": the article's."""
    from tzqa.ingest.library.reflist import parse_list
    from tzqa.ingest.library.textdoc import _article_doi

    refs = parse_list("1. Evans DB: Measuring quality. Int J Qual Health Care 2001, 13(6):439–446.\n"
                      "2. Irurita V: Factors. Int J Nurs Pract 1999, 5(2):86–94.\n"
                      "3. Cooper LA: Designing interventions. J Gen Intern Med 2002, 17(6):477–486.")
    text = ("Title\fReferences\n3. Cooper LA: Designing interventions. J Gen Intern Med\n 2002, 17(6):477–486.\n\n"
            " doi:10.1186/1472-6963-14-1\n Cite this article as: Someone et al.: Title.")
    assert _article_doi("Title", text, refs) == "10.1186/1472-6963-14-1"


def test_headings_in_capitals_name_their_sections_in_a_paper_that_sets_its_headings_so():
    """2110.02751 (REVTeX) sets its headings in capitals on lines of their own ("EXPERIMENTAL CONFIGURATION",
    "FITTING"): they were passages, and every section after the first was labelled 'Introduction'."""
    from tzqa.ingest.headings import read_heading

    assert read_heading("EXPERIMENTAL CONFIGURATION", True, capitals=True) == ("EXPERIMENTAL CONFIGURATION", "")
    assert read_heading("FITTING", True, capitals=True) == ("FITTING", "")
    assert read_heading("IV. CONCLUSION AND DISSCUSION", True, capitals=True) == (
        "IV CONCLUSION AND DISSCUSION", "")
    assert read_heading("EXPERIMENTAL CONFIGURATION", True) is None  # a paper with headings in other type
    assert read_heading("DNA RNA", True, capitals=True) is None  # only short words: a table's
    assert read_heading("EXPERIMENTAL CONFIGURATION", False, capitals=True) is None  # mid-sentence


def test_table_rows_are_no_numbered_headings():
    """MNRAS's Table 1 rows "0.3 HAC film - - 1" and "0 Silicon HAC film 3 - - Maté et al. (2014)" were read as
    numbered headings and labelled 49 passages."""
    from tzqa.ingest.headings import read_heading

    assert read_heading("0.3 HAC film - - 1", True) is None
    assert read_heading("0 Silicon HAC film 3 - - Maté et al. (2014)", True) is None
    assert read_heading("3.2 Determination of H/C ratios", True) == ("3.2 Determination of H/C ratios", "")
    assert read_heading("2 Results – the second cohort", True) == ("2 Results – the second cohort", "")


def test_accents_in_mathematics_and_before_units_stay_and_table_notes_are_kept():
    """Not every spacing accent is a name's: a hat in a formula ("d n+ ˆs") and a ring before a unit ("2.2 ˚A")
    stay as read; a table's note opened by its mark ("∗Not determined in the study [35].") is no furniture."""
    from tzqa.ingest.library.furniture import is_front_furniture
    from tzqa.ingest.pdf_lines import tex_accents

    assert tex_accents("d n+ ˆs ,m at 2.2 ˚A") == "d n+ ˆs ,m at 2.2 ˚A"
    assert not is_front_furniture("∗Not determined in the study [35].")
    assert is_front_furniture("∗Speaker.") and is_front_furniture("∗Equal contribution 1The code is released.")


def test_capitals_are_headings_only_where_the_paper_sets_its_headings_in_capitals():
    """A figure's labels in capitals ("WARDS OTHERS") in a paper whose headings are "Background", "Results" stay
    text; after "INTRODUCTION" a line "DATA ANALYSIS" is a heading."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.headings import sets_capitals

    assert sets_capitals("INTRODUCTION") and sets_capitals("I. INTRODUCTION") and not sets_capitals("Introduction")
    body = "The method was applied to every sample in turn, as described, and the results were recorded."
    plain = clean_pages([f"Results\n\n{body}\n\nWARDS OTHERS\n\n{body}"])
    assert plain.sections == ("Results",)
    revtex = clean_pages([f"INTRODUCTION\n\n{body}\n\nDATA ANALYSIS\n\n{body}"])
    assert revtex.sections == ("Introduction", "DATA ANALYSIS")


def test_figure_captions_after_the_list_are_text_and_no_page_carries_into_a_caption():
    """1707.04066 (AASTeX) prints its ten figures after the list: the last entry ran on over the page break into
    "Figure 1. Postage stamps …", and every caption was read as the list's tail, lost from the passages;
    2304.10117's page ended mid-sentence above "FIG. 2. …" at the next page's top, and the caption was read into
    the sentence ("… IMRPhenomXPHM: HighSpin, FIG. 2. Probability density …")."""
    from tzqa.ingest.clean import clean_pages

    body = "The survey covered the whole field in a single night, as described in the previous section."
    entry = ("Werner, S. C., Harris, A. W., Neukum, G., & Ivanov, B. A. 2002, Icarus, 156, 287 and a long tail that "
             "fills the line")
    pages = [f"Introduction\n\n{body}\n\nReferences\n\nBoslough, M. 2015, Icarus, 1, 2\n{entry}",
             "Figure 1. Postage stamps showing detections of real objects.\n\nFigure 2. Histogram of magnitudes."]
    paper = clean_pages(pages)
    assert [b.text for b in paper.blocks][-2:] == ["Figure 1. Postage stamps showing detections of real objects.",
                                                  "Figure 2. Histogram of magnitudes."]
    assert "Postage" not in paper.references_text
    split = clean_pages([f"Results\n\n{body}\nwe combine the last three waveform models, and the first",
                         "FIG. 2. Probability density of the fractional difference.\n\nof them is shown."])
    assert any(b.text.startswith("FIG. 2.") for b in split.blocks)


def test_mnras_colophon_is_not_the_last_entry_s_tail():
    """MNRAS closes with "This paper has been typeset from a TEX/LATEX file prepared by the author.", which was
    read into the last entry (van Dishoeck 2019)."""
    from tzqa.ingest.clean import clean_pages

    body = "The dust was produced in a discharge and analysed as described in the previous section of the paper."
    paper = clean_pages([f"Introduction\n\n{body}\n\nReferences\n\nvan Dishoeck E. F., 2019, Proc. Int. Astron. "
                         "Union, 15, 3\n\nThis paper has been typeset from a TEX/LATEX file prepared by the author."])
    assert "typeset" not in paper.references_text and "typeset" not in paper.text


def test_a_power_of_ten_is_raised_not_read_as_a_longer_number():
    """2304.10117: "a mass ratio of at least 10⁴[23]" was read "104[23]"."""
    from pdfminer.layout import LTChar

    from tzqa.ingest.pdf_lines import _line_text

    class Char(LTChar):  # only what _line_text reads: text, size, baseline
        def __init__(self, text: str, size: float, y0: float) -> None:
            self._text, self.size, self.y0 = text, size, y0

        def get_text(self) -> str:
            return self._text

    line = [Char(c, 10.0, 100.0) for c in "at least 10"] + [Char("4", 7.0, 104.0)] + [
        Char(c, 10.0, 100.0) for c in "[23]. A"]
    assert _line_text(line) == "at least 10^4[23]. A"  # (a Unicode "⁴" would read as a citation)


def test_revtex_authors_with_glued_affiliation_numbers_are_read():
    """2110.02751, 2502.18907, 1707.04066 had no authors: REVTeX glues each affiliation's number to the next name
    ("A.N. Villano,1,∗M. Fritts,2N. Mast,2…,1and V. Mandic2"), which read as no list of names."""
    from tzqa.ingest.library.front import _names

    want = ("A.N. Villano", "M. Fritts", "N. Mast", "S. Brown", "V. Mandic")
    assert _names("A.N. Villano,1,∗M. Fritts,2N. Mast,2S. Brown,1and V. Mandic2") == want
    assert _names("A.N. Villano,1, ∗ M. Fritts,2 N. Mast,2 S. Brown,1 and V. Mandic2") == want


def test_revtex_dated_line_parts_the_authors_block_from_the_abstract():
    """2110.02751's first passage held the authors, the affiliations, "(Dated: October 7, 2021)" and the abstract."""
    from tzqa.ingest.clean import clean_pages

    paper = clean_pages(["A.N. Villano,1 and V. Mandic2\n1Department of Physics, University of Colorado\n"
                         "(Dated: October 7, 2021)\nLow-energy nuclear recoils are hard to measure.\n"])
    assert [b.text for b in paper.blocks][-1] == "Low-energy nuclear recoils are hard to measure."
    assert "Dated" not in paper.text


def test_a_long_author_block_with_no_year_reads_no_start():
    """Untrusted text: sixty "Van Der Smith, J. A.," with no year after them start no entry (each name is read
    one way only; read every way, such a block backtracked for minutes)."""
    from tzqa.ingest.library.surname_year import starts

    assert starts("Van Der Smith, J. A., " * 60 + "x") == []
    assert starts("Smith, J., " * 60 * 20 + "x") == []
    assert starts("x 1 Van Der Smith, J. A., Jones, K. 1999, ApJ, 1, 2") == [4]
