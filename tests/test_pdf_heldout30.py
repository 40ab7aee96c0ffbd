"""What the sixth 2026-12-07 held-out set showed (docs/library.md, "Sixth held-out set"), as small cases."""
from __future__ import annotations

from pathlib import Path

from pdfgen import FONT

_RIGHT = ["Coronaviruses are single-stranded positive-sense RNA viruses of be-",
          "tween 26 and 32 kb in length. Of these, alpha- and betacoronaviruses",
          "infect mammals while the gamma- and deltacoronaviruses infect birds.",
          "There are seven coronaviruses that infect humans, two of them with",
          "a severe illness. An example image of a betacoronavirus is shown in",
          "Figure 1. It has been named by the WHO as SARS-CoV-2 [9]."]
_LEFT = ["The novel coronavirus outbreak, first reported on 8 December 2019,",
         "was designated as a pandemic by the World Health Organization on",
         "11 March 2020. The epicentre shifted from China to Europe in",
         "February and then to the USA in March and April 2020 [1]."] * 6


def _dotted_rules_pdf(path: Path) -> Path:
    """Two columns with a vertical rule of dot glyphs in the gutter (one every 1.4 mm, as a column of text in a
    12-point font, so pdfminer reads the pile as one line as tall as the column) and a row of dots under them, as
    a table rule drawn in dots."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font("DejaVu", size=7)
    for x0, lines in ((15.0, _LEFT), (110.0, _LEFT[:18] + _RIGHT)):
        for k, line in enumerate(lines):
            pdf.text(x0, 40 + 3.2 * k, line)
    pdf.set_font("DejaVu", size=12)
    for k in range(80):
        pdf.text(104.5, 36 + 1.4 * k, ".")
    pdf.set_font("DejaVu", size=7)
    pdf.text(15, 160, "." * 200)
    pdf.output(str(path))
    return path


def test_rules_drawn_in_dots_are_no_text_and_part_no_paragraph(tmp_path):
    """Cardiovascular Research (OUP) draws its gutter and table rules as rows of dot glyphs: five passages were
    dots, and the gutter's pile of dots, read as a line left of the right column, made every line of that column
    look indented, so each sentence's end started a paragraph ("… infect birds." / "There are seven …")."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.pdf_layout import layout_pages

    pages = layout_pages(_dotted_rules_pdf(tmp_path / "dots.pdf"))
    assert "....." not in "\n".join(pages)
    blocks = [b.text for b in clean_pages(pages).blocks]
    assert any("infect birds. There are seven coronaviruses" in b for b in blocks), blocks


def test_a_leader_between_two_pieces_of_text_parts_them_as_cells():
    from tzqa.ingest.pdf_lines import no_dot_rules

    assert no_dot_rules("Introduction ........................ 3") == "Introduction     3"
    assert no_dot_rules("Introduction . . . . . . . . . . . 3").split() == ["Introduction", "3"]
    assert no_dot_rules("as shown before... and after . . . then") == "as shown before... and after . . . then"


def test_a_licence_line_and_a_cite_this_article_box_are_front_furniture():
    """Med J Islam Repub Iran prints both on its first page, under the abstract; both were passages."""
    from tzqa.ingest.library.furniture import is_front_furniture

    assert is_front_furniture("*This work has been published under CC BY-NC-SA 1.0 license. "
                              "Copyright© Iran University of Medical Sciences")
    assert is_front_furniture("This article is distributed under the terms of the Creative Commons Attribution "
                              "4.0 International License.")
    assert is_front_furniture("Cite this article as: Dehghanbanadaki H, Seif F, Aazami H. Bibliometric analysis of "
                              "global scientific research on Coronavirus (COVID-19). Med J Islam Repub Iran. 2020 "
                              "(23 May);34:51. https://doi.org/10.34171/mjiri.34.51")
    assert is_front_furniture("How to cite this article: Smith J. A study. J Stud. 2021;3:1–9.")
    # an article's own sentences about licences and citing are text
    assert not is_front_furniture("Of the 923 documents, 84% were published under a Creative Commons licence, and "
                                  "most of those allowed reuse with attribution, as the publishers' policies require.")
    assert not is_front_furniture("We cite this article as an example of early reporting.")
