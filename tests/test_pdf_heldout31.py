"""What the seventh 2026-12-07 held-out set showed (docs/library.md, "Seventh held-out set"), as small cases."""
from __future__ import annotations

from pdfgen import render_columns

_TEXT = ["The key diagnostic step in patients who want",
         "to pursue a surgical cure is to distinguish",
         "between unilateral and bilateral aldosterone",
         "hypersecretion. Small adenomas may not be",
         "detectable on adrenal computed tomography,",
         "and incidentalomas may coexist [1, 2]."] * 3
_ENTRIES = ["1. Ganguly A. Primary aldosteronism. N Engl",
            "   J Med. 1998;339:1828–34.",
            "2. Kaplan NM. Hypokalemia in the hypertensive",
            "   patient, with observations on the incidence",
            "   of primary aldosteronism. Ann Intern Med.",
            "   1967;66:1079–90.",
            "3. Fardella CE, Mosso L, Gómez-Sánchez C, et",
            "   al. Primary hyperaldosteronism in essential",
            "   hypertensives. J Clin Endocrinol Metab.",
            "   2000;85:1863–7."]


def test_a_heading_row_at_the_top_of_both_columns_is_no_running_head(tmp_path):
    """Springer (Rev Endocr Metab Disord 2011) sets "7 Subtype differentiation of PA" over the left column and
    "References" over the right one on the first row under the running head: taken for a second header row, the
    heading was read above the columns, so no list was found (0/30 entries, 0/12 passages resolved). A second row
    nearer the body than the running head above it is the columns' first row."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list
    from tzqa.ingest.pdf_layout import layout_pages

    left = ["7 Subtype differentiation of PA", ""] + _TEXT
    right = ["References", ""] + _ENTRIES
    pdf = render_columns([(_TEXT, _TEXT), (left, right)], tmp_path / "springer.pdf",
                         head="Rev Endocr Metab Disord (2011) 12:11–14", head_y=12, top=26)
    paper = clean_pages(layout_pages(pdf))
    refs = parse_list(paper.references_text)
    assert [r.number for r in refs] == [1, 2, 3], paper.references_text


_FRONTIERS = [
    "Cano-Sancho, G., Marin, S., Ramos, A. J., and Sanchis, V. (2012). Occurrence of zearalenone in Catalonia. Food",
    "Chem. Toxicol. 50, 835–839. doi: 10.1016/j.fct.2011.11.049",
    "Clinical and Laboratory Standards Institute [CLSI]. (2008). M27-A3 Reference Method for Broth Dilution",
    "Antifungal Susceptibility Testing of Yeasts, 3rd Edn. Wayne, PA: Clinical, and Laboratory Standards Institute.",
    "Council of Europe. (1997). “Methods of pharmacognosy,” in European Pharmacopoeia, 3rd Edn, 121–122.",
    "da Cruz Cabral, L., Pinto, V. F., and Patriarca, A. (2013). Application of plant derived compounds to control",
    "fungal spoilage. Int. J. Food Microbiol. 166, 1–14. doi: 10.1016/j.ijfoodmicro.2013.05.026",
    "Huang, D., Ou, B., and Prior, R. L. (2005). The chemistry behind antioxidant capacity assays. J. Agric. Food",
    "Chem. 53, 1841–1856. doi: 10.1021/jf03 0723c IARC. (1999). Overall evaluations of carcinogenicity to humans.",
    "IARC Monographs 1–73, 1–36. Isman, M. B. (2006). Botanical insecticides. Annu. Rev. Entomol. 51, 45–66.",
    "JECFA. (2000). “Zearalenone,” in Safety Evaluation of Certain Food Additives and Contaminants (Geneva: WHO),",
    "393–482. Vieira, P. R. N., de Morais, S. M., and Silva, M. G. V. (2014). Chemical composition of essential",
    "oils. Molecules 19, 1459–1480."]


def test_organisations_named_by_their_acronym_start_entries_and_are_cited_so():
    """Frontiers (Front Microbiol 2015) lists "Clinical and Laboratory Standards Institute [CLSI]. (2008).", "IARC.
    (1999)." and "JECFA. (2000).": the acronym closed by a full stop, or a bracketed one followed by a full stop,
    started no entry (42/45), and "(Clinical and Laboratory Standards Institute [CLSI], 2008; Vieira et al.,
    2014)" was no citation group at all (a bracket inside the parentheses)."""
    from tzqa.ingest.library.authoryear import AuthorYear
    from tzqa.ingest.library.reflist import parse_list
    from tzqa.ingest.library.unnumbered import split_unnumbered

    entries = split_unnumbered("\n".join(_FRONTIERS))
    assert [e.split(" (")[0].split(".")[0].split(",")[0] for e in entries] == [
        "Cano-Sancho", "Clinical and Laboratory Standards Institute [CLSI]", "Council of Europe", "da Cruz Cabral",
        "Huang", "IARC", "Isman", "JECFA", "Vieira"]
    index = AuthorYear(parse_list("\n".join(_FRONTIERS)))
    text = ("tested (Clinical and Laboratory Standards Institute [CLSI], 2008; Vieira et al., 2014), a Group 3 "
            "carcinogen (IARC, 1999; JECFA, 2000) and a resistance (da Cruz Cabral et al., 2013)")
    assert [m[2] for m in index.markers(text)] == [(2, 9), (6, 8), (4,)]


def test_a_caption_that_opens_with_the_running_title_is_no_furniture():
    """Frontiers' running head is "Kalagatur et al.   Antimycotoxin activity of OSEO"; Figure 5's caption opens
    with the same words ("FIGURE 5 | Antimycotoxin activity of OSEO was performed onto maize …"), which the
    measure took for the head leaked into a passage. A page prints the caption's words together on one line; a
    leaked head sits between words no line sets beside it, and is still furniture."""
    from tzqa.evaluation.library_pdf import is_furniture, printed_pieces, repeated_lines

    head = "Kalagatur et al.                                  Antimycotoxin activity of OSEO\n\n"
    body = "The inhibitory effect of OSEO on the target genes\nwas depicted in Figure 5B, as in liquid culture.\n"
    caption = "FIGURE 5 | Antimycotoxin activity of OSEO was performed onto maize inoculated with F. graminearum.\n"
    pages = [head + body, head + body + "\n" + caption, head + body, head + body]
    repeated, printed = repeated_lines(pages), printed_pieces(pages)
    assert "antimycotoxin activity of oseo" in repeated
    assert not is_furniture(caption, repeated, printed)
    assert is_furniture("The inhibitory effect of OSEO Antimycotoxin activity of OSEO on the target genes was "
                        "depicted", repeated, printed)


def test_open_access_licence_blocks_are_furniture_wherever_they_land():
    """Dove's first page ends with its journal line and licence block ("© 2018 Yang et al. This work is published
    and licensed by Dove Medical Press Limited …"), Wiley's first-page footnotes with "© 2020 The Authors. …
    which permits use, distribution and reproduction in any medium, provided the original work is properly
    cited."; read with the column above, each was a passage (one each: the furniture the measure found), and
    Springer's "Open Access This article is distributed under …" stood before the list. A sentence about licences
    holds one of these phrases at most."""
    from tzqa.ingest.library.furniture import is_front_furniture

    dove = ("Drug Design, Development and Therapy 2018:12 1303–1310 © 2018 Yang et al. This work is published and "
            "licensed by Dove Medical Press Limited. The full terms of this license are available at https://www."
            "dovepress.com/terms.php. Non-commercial uses of the work are permitted without any further permission "
            "from Dove Medical Press Limited, provided the work is properly attributed.")
    wiley = ("The ORCID identification number(s) for the author(s) of this article can be found under https://doi.org/"
             "10.1002/pmic.201900049 © 2020 The Authors. Proteomics published by Wiley-VCH GmbH. This is an open "
             "access article under the terms of the Creative Commons Attribution License, which permits use, "
             "distribution and reproduction in any medium, provided the original work is properly cited.")
    springer = ("Open Access This article is distributed under the terms of the Creative Commons Attribution "
                "Noncommercial License which permits any noncommercial use, distribution, and reproduction in any "
                "medium, provided the original author(s) and source are credited.")
    assert is_front_furniture(dove) and is_front_furniture(wiley) and is_front_furniture(springer)
    assert not is_front_furniture("Reuse is permitted without any further permission in some journals, which "
                                  "changed how often reviews were cited in the decade after 2010.")


def test_a_word_printed_over_and_under_every_page_is_running_furniture():
    """Dove prints "Dovepress" in the header and again in the footer of every page: a piece a page prints twice
    was taken for text repeated (reference entries look alike once digits are normalised), so seven passages
    were "Dovepress" or "Dovepress Dovepress" and paragraphs stopped at every page break."""
    from tzqa.ingest.pages import strip_running_lines

    body = ["The cells were treated with Vicenin-2 for 24 hours,", "then washed and stained with", "",
            "propidium iodide and read on the cytometer.", "", "A second paragraph of text here.", "",
            "and a third one, closing the page."]
    pages = [["Yang et al        Dovepress", "", *body, "", f"{1303 + k} submit your manuscript | www.dovepress.com",
              "Dovepress"] for k in range(5)]
    out, removed = strip_running_lines(pages)
    assert "dovepress" in removed and not any("Dovepress" in ln for page in out for ln in page)
    refs = [[f"{k}. Smith J. A trial. Lancet. 2001;{k}:1–9." for k in range(1, 12)] for _ in range(5)]
    kept, _ = strip_running_lines(refs)  # entries alike once digits are normalised stay
    assert kept == refs


def test_a_numbered_heading_wrapped_onto_a_second_line_is_one_heading():
    """Springer's and Wiley-VCH's numbered headings wrap in a column's width: "3 In which patient groups should
    detection of PA" / "be recommended?" and "2.3. The Molar Abundance of Actins, Opsin, and Crumbs" / "in Fly
    Eyes" left "be recommended?" and "in Fly Eyes" as passages of their own."""
    from tzqa.ingest.clean import clean_pages

    text = ("2 How common is PA?\n\nIt was previously believed that the prevalence of PA was low [1].\n\n"
            "3 In which patient groups should detection of PA\nbe recommended?\n\n"
            "The Endocrine Society issued clinical guidelines for the detection of PA [2].\n\n"
            "2.3. The Molar Abundance of Actins, Opsin, and Crumbs\nin Fly Eyes\n\n"
            "We first asked how abundant is the machinery in Drosophila eyes.\n\n"
            "4 Results\nPatients were enrolled in 2010\n\nand followed for five years.")
    paper = clean_pages([text])
    texts = [b.text for b in paper.blocks]
    assert "be recommended?" not in texts and "in Fly Eyes" not in texts
    sections = [b.section for b in paper.blocks]
    assert sections[1] == "3 In which patient groups should detection of PA be recommended?"
    assert sections[2].endswith("Actins, Opsin, and Crumbs in Fly Eyes")
    assert sections[3] == "Results" and texts[3].startswith("Patients were enrolled in 2010")  # a known heading


def test_a_two_word_title_over_its_subtitle_is_the_title_with_it(tmp_path):
    """Springer sets "Primary aldosteronism" in the largest type and "A Japanese perspective" under it in smaller
    type: two words are too few for a title, so the record's title was the subtitle alone."""
    from fpdf import FPDF
    from pdfgen import FONT

    from tzqa.ingest.library.front import read_front

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    for size, y, text in ((8, 12, "Rev Endocr Metab Disord (2011) 12:11–14"), (17, 30, "Primary aldosteronism"),
                          (12, 40, "A Japanese perspective"), (10, 50, "Fumitoshi Satoh & Ryo Morimoto & Sadayoshi Ito"),
                          (8, 60, "Published online: 9 February 2011"),
                          (9, 75, "Abstract Primary aldosteronism is the most common cause of secondary hypertension.")):
        pdf.set_font("DejaVu", size=size)
        pdf.text(15, y, text)
    pdf.output(str(tmp_path / "springer.pdf"))
    front = read_front(tmp_path / "springer.pdf")
    assert front.title == "Primary aldosteronism: A Japanese perspective"
    assert front.authors[:2] == ("Fumitoshi Satoh", "Ryo Morimoto")


def test_authors_set_one_a_line_beside_the_abstract_are_read(tmp_path):
    """Dove sets its authors one a line in their own type in a column left of the abstract: read in order of height,
    each name sits between two lines of the abstract, so the record had no authors."""
    from fpdf import FPDF
    from pdfgen import FONT

    from tzqa.ingest.library.front import read_front

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", size=22)
    pdf.text(15, 30, "Vicenin-2 inhibits Wnt signaling in colon cancer cells")
    pdf.set_font("DejaVu", size=9)
    for k in range(8):
        pdf.text(70, 46 + 4.5 * k, "Background: Colorectal cancer is among the highest prevailing cancers.")
    pdf.set_font("DejaVu", size=11)
    for k, name in enumerate(("Dong Yang1,*", "Xiling Zhang2,*", "Wencun Zhang3")):
        pdf.text(15, 48 + 9 * k, name)
    pdf.output(str(tmp_path / "dove.pdf"))
    assert read_front(tmp_path / "dove.pdf").authors == ("Dong Yang", "Xiling Zhang", "Wencun Zhang")
