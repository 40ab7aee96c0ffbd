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


_APA_LEFT = [
    "Ahulu, L. D., Gyasi-Gyamerah, A. A., and Anum, A. (2020). Predicting risk and protective factors of generalized",
    "anxiety disorder. Int. J. Adolesc. Youth 25, 574–584. doi: 10.1080/02673843.2019.1698440",
    "Amu, H., Osei, E., Kofie, P., et al. (2021). Prevalence and predictors of depression among adults in Ghana. PLoS",
    "One 16:e0258105. doi: 10.1371/journal.pone.0258105",
]
_APA_RIGHT = [
    "Irby-Shasanmi, A., and Erving, C. L. (2022). Do discrimination and negative interactions with family explain",
    "the relationship? Socius 8:23780231221124852.",
    "O’Neil Rodriguez, K. A., and Kendall, P. C. (2014). Suicidal ideation in anxiety-disordered youth. J. Clin.",
    "Child Adolesc. Psychol. 43, 51–62. doi: 10.1080/15374416.2013.843463",
    "Trindade Júnior, S. C., Sousa, L. F., and Carreira, L. B. (2021). Generalized anxiety disorder and prevalence of",
    "suicide risk among medical students. Rev. Brasil. Educ. Méd. 45:e061.",
    "World Health Organization [WHO] (2016). World health statistics 2016: Monitoring health for the SDGs. Geneva:",
    "World Health Organization.",
]
_APA_BODY = ("Students who reported discrimination had higher odds of anxiety (Ahulu et al., 2020; O’Neil Rodriguez "
             "and Kendall, 2014; World Health Organization [WHO], 2016).")


def _apa_pages() -> list[str]:
    body = "\n\n".join(_APA_BODY for _ in range(6))
    boxes = ("Conflict of interest\n\nThe authors declare that the research was conducted in the absence of any "
             "commercial or financial relationships.\n\nPublisher’s note\n\nAll claims expressed in this article are "
             "solely those of the authors and do not necessarily represent those of their affiliated organizations.")
    return ["Introduction\n\n" + body, "Funding\n\nThe authors declare that no financial support was received.\n\n"
            "References\n\n" + "\n".join(_APA_LEFT) + "\n\n" + boxes + "\n\n" + "\n".join(_APA_RIGHT)]


def test_a_list_goes_on_after_back_matter_boxes_set_inside_it():
    """Frontiers in Psychology sets its "Conflict of interest" and "Publisher's note" boxes at the top of the list's
    second column: read column by column, the boxes' headings ended the list and 22 of its 35 entries were lost
    (so were their citations, "(Rominski et al., 2017)"); the boxes themselves stay out of it."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    paper = clean_pages(_apa_pages())
    refs = parse_list(paper.references_text)
    assert [r.raw.split(" (")[0].split(",")[0] for r in refs] == [
        "Ahulu", "Amu", "Irby-Shasanmi", "O’Neil Rodriguez", "Trindade Júnior", "World Health Organization [WHO]"]
    assert "authors declare" not in paper.references_text and "All claims" not in paper.references_text
    assert not any("authors declare" in b.text or "All claims" in b.text for b in paper.blocks)


def test_back_matter_after_the_last_entry_is_no_entry():
    """After the last entry, back matter whose paragraphs open with no author and year stays out of the list."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.unnumbered import split_unnumbered
    from tzqa.ingest.paused_list import resumes

    pages = _apa_pages()
    pages[1] = pages[1].split("Conflict of interest")[0] + (
        "Author contributions\n\nEA: Conceptualization, Writing – original draft. Smith, J. and Lee, K. (2020) "
        "reviewed the draft.\n\nAcknowledgments\n\nWe thank the students of the University of Cape Coast.")
    paper = clean_pages(pages)
    assert len(split_unnumbered(paper.references_text)) == 2
    assert "reviewed the draft" not in paper.references_text and "thank" not in paper.references_text
    first = _APA_LEFT[0]
    assert resumes(_APA_RIGHT[0], first) and not resumes("The authors declare no conflict of interest.", first)
    assert not resumes("12. Smith J, Lee K. A trial. Lancet. 2020;1:1–9.", first)  # a list of another shape


_CHICAGO = [
    "Bai, Lian 白练. 1985. “Ai’kou” 隘口 (Mountain Pass). Xinjiang Huizu Wenxue 1: 12–15.",
    "Bai, Shouyi 白寿彝, ed. 2000. Huizu renwu zhi 回族人物志 (Records of Muslim Personalities). Yinchuan:"
    " Ningxia renmin chubanshe.",
    "Benite, Zvi Ben‑dor. 2010. Follow the White Camel: Islam in China to 1800. In The New"
    " Cambridge History of Islam. Edited by Robert",
    "      Irwin. Cambridge and New York: Cambridge University Press, vol. 4, pp. 409–26. [CrossRef]",
    "Berry, Michael. 2008. A History of Pain: Trauma in Modern Chinese Literature and Film. New"
    " York: Columbia University Press.",
    "Gladney, Dru C. 1996. Muslim Chinese: Ethnic Nationalism in the People’s Republic. Cambridge,"
    " MA: Harvard University Asia Center.",
    "Hartley, Lauran R., and Patricia Schiaffini‑Vedani, eds. 2008. Introduction. In Modern Tibetan"
    " Literature and Social Change. Durham:",
    "      Duke University Press, pp. xiii–xxxviii.",
    "Huizu jianshi bianxie zu 《回族简史》编写组, ed. 2009. Huizu jianshi 回族族简史 (Concise History of the"
    " Hui). Beijing: Minzu chubanshe.",
    "Lau, Joseph S. 1993. Visitation of the Past in Han Shaogong’s Post‑1985 Fiction. In From May"
    " Fourth to June Fourth. Edited by David",
    "      Wang and Ellen Widmer. Cambridge: Harvard University Press, pp. 19–42.",
    "Weise 唯色 [Tsering Woeser]. 2003. Xizang: Jiang hong se de di tu 西藏: 绛红色的地图 (Tibet: A Crimson"
    " Map). Taibei: Shiying chubanshe.",
    "Zhaxi Dawa 扎西达娃. 2013. “Xizang, xi zai pisheng koushang de hun” 西藏，系在皮绳扣上的魂 (A soul in bondage). In Zhongguo",
    "      xiangtu xiaoshuo 中国乡土小说. Edited by Dianbo Zheng 郑电波. Zhengzhou: Zhongyuan nongmin chubanshe, pp. 83–97.",
]
_CHICAGO_FIRST = ["Bai", "Bai", "Benite", "Berry", "Gladney", "Hartley", "Huizu jianshi bianxie zu", "Lau", "Weise",
                  "Zhaxi Dawa"]


def test_chicago_author_date_entries_with_names_in_their_own_script_are_each_an_entry():
    """MDPI Humanities (Chicago author–date): 23 of 46 entries. A name's own script ("Bai, Lian 白练. 1985."), the
    editors' mark ("…, eds. 2008."), an alias in brackets, a lower-case romanised organisation, Unicode's hyphen
    ("Ben‑dor") and MDPI's "[CrossRef]" after the entry before each started nothing, and "Gladney, Dru C. 1996."
    started at its given names ("Dru C. 1996", as an astronomy list's "Allamandola L. J., 1985")."""
    from tzqa.ingest.library.authoryear import AuthorYear
    from tzqa.ingest.library.reflist import parse_list

    refs = parse_list("\n".join(_CHICAGO))
    assert [r.raw.split(",")[0].split(" 《")[0].split(" 唯色")[0].split(" 扎西")[0] for r in refs] == _CHICAGO_FIRST
    assert [r.year for r in refs] == [1985, 2000, 2010, 2008, 1996, 2008, 2009, 1993, 2003, 2013]
    index = AuthorYear(refs)
    text = ("(L. Bai 1985) (S. Bai 2000) (Hartley and Schiaffini‑Vedani 2008) (Weise 2003) (Zhaxi Dawa 2013) "
            "(Huizu jianshi bianxie zu 2009) (Gladney 1996)")
    assert [m[2] for m in index.markers(text)] == [(1,), (2,), (6,), (9,), (10,), (7,), (5,)]


def test_given_names_inside_a_chicago_name_start_no_entry_and_mnras_entries_still_do():
    """In "Gladney, Dru C. 1996." the given names read as an astronomy list's "Allamandola L. J., 1985": inside a
    name block that runs to its year, in a list of such blocks, they start nothing. An MNRAS entry after one whose
    DOI line was dropped ("…, Kluwer, Dordrecht, Ziegler J. F., …, 2010, …") still starts."""
    from tzqa.ingest.library.unnumbered import split_unnumbered

    chicago = split_unnumbered("\n".join(_CHICAGO))
    assert any(e.startswith("Gladney, Dru C. 1996.") for e in chicago)
    assert not any(e.startswith(("Dru C.", "Joseph S.")) for e in chicago)
    mnras = split_unnumbered(
        "Tielens A. G. G. M., 2008, ARA&A, 46, 289\n"
        "Wright G. S., Bridger A., Geballe T. R., Pendleton T., 1996, New Extragalactic Perspectives in the New South "
        "Africa. Kluwer, Dordrecht,\nZiegler J. F., Ziegler M. D., Biersack J. P., 2010, Nucl. Instrum. Methods Phys. "
        "Res. B, 268, 1818")
    assert [e.split()[0] for e in mnras] == ["Tielens", "Wright", "Ziegler"]


def _humanities_pages() -> list[str]:
    sentence = ("Works of literature set in remote areas occupy a central position in the literature of the "
                "period (Berry 2008), and the story analyzed here was published then (L. Bai 1985).")
    page1 = ("1. Introduction\n\n" + "\n\n".join(sentence for _ in range(4)) +
             "\n\nA brief background about root-seeking literature provides the necessary context to understand how "
             "the story participates in, yet distinguishes\n\n"
             "Humanities 2024, 13, 141. https://doi.org/10.3390/h13060141        https://www.mdpi.com/journal/humanities")
    page2 = ("itself from, contemporaneous literary trends (Gladney 1996).\n\n" + sentence + "\n\n"
             "Conflicts of Interest: The authors declare no conflict of interest.\n\nNotes\n"
             "1 Bai Lian (1929–2008) was born in Yili, Xinjiang, into a modest family. In 1946, he moved to Tihua.\n"
             "2 For a scholarly analysis of these clashes, see Jonathan Lipman (1997).\n"
             "3 Writers normally associated with the root-seeking mode have focused on a variety of communities.")
    page3 = ("References\n" + "\n".join(_CHICAGO) + "\n\nDisclaimer/Publisher’s Note: The statements, opinions and "
             "data contained in all publications are solely those of the individual author(s) and contributor(s).")
    return [page1, page2, page3]


def test_a_first_page_citation_footer_does_not_join_the_next_page_and_a_disclaimer_ends_the_list():
    """MDPI Humanities: the first page's citation footer, its last line, ran on into the next page's first
    paragraph ("Humanities 2024, 13, 141. https://… itself from, …": a passage of furniture, the sentence cut in two);
    the closing "Disclaimer/Publisher’s Note: …" was read as the last entry's tail; the numbered endnotes before
    the list are no list."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    paper = clean_pages(_humanities_pages())
    texts = [b.text for b in paper.blocks]
    assert not any("Humanities 2024" in t or "mdpi.com" in t for t in texts)
    assert any("yet distinguishes itself from, contemporaneous literary trends" in t for t in texts)
    refs = parse_list(paper.references_text)
    assert len(refs) == 10 and "Disclaimer" not in refs[-1].raw and refs[-1].raw.endswith("pp. 83–97.")
    assert not any("Lipman (1997)" in r.raw for r in refs)
    assert any("see Jonathan Lipman (1997)" in t for t in texts)  # the notes are text


def test_an_author_date_citation_with_a_page_resolves():
    """Chicago and Harvard cite a page after the year: "(Berry 2008, p. 255)", "Lipman (1997, pp. 129–30)". The
    year had to close the item, so 33 such citations of MDPI Humanities were silently left unread."""
    from tzqa.ingest.library.authoryear import AuthorYear
    from tzqa.ingest.library.reflist import parse_list

    refs = parse_list("\n".join(_CHICAGO))
    index = AuthorYear(refs)
    text = ("as “a progressive space” (Berry 2008, p. 255), a current (S. Bai 2000, pp. 1423–29; Weise 2003: 45); "
            "to borrow from Gladney (1996, p. xxxiii) and Lau (1993, pp. 19–42), and (see Zhaxi Dawa 2013, chap. 2)")
    assert [m[2] for m in index.markers(text)] == [(4,), (2, 9), (5,), (8,), (10,)]
    assert index.markers("(n = 12, p. 3) and (Figure 2, p. 4)") == []


def test_the_library_measure_reads_numbers_in_parentheses_where_the_paper_cites_so():
    """Med J Islam Repub Iran cites "China (1, 2)": measured by brackets alone it had no citation ("max cited 0"),
    though its reader resolves them. A list's items "(1) the …; (2) the …; (3) …" are not counted as citations."""
    from tzqa.evaluation.library_pdf import _BRACKETS, _PARENTHESES, _cited_form, _list_items

    cited = ["an outbreak was initiated in Wuhan (1, 2). It spread (3).", "VOSviewer (version 1.6.13) (4, 5) to map"]
    assert _cited_form(cited, 5) is _PARENTHESES
    assert _cited_form(cited + ["[1] [2] [3] [4] [5] [6] [7]"], 5) is _BRACKETS
    assert _cited_form(["volume 12(3): 4–9, in 2019 (2019) at 5% (5%)", "(n = 12)"], 5) is _BRACKETS
    # an author–year paper's few numbers in parentheses are its equations' and lists' ("(7)"), not citations
    assert _cited_form(cited, 26) is _BRACKETS
    listed = "many studies; eg, (1) the similarity; (2) the role of quarantine; (3) the CT scan;(4) ARDS"
    assert len(_list_items(listed)) == 4 and _list_items("cases rose (1) and fell (2) as reported (4)") == set()


def test_a_table_s_numbered_rows_are_no_headings():
    """Med J Islam Repub Iran: its tables' ranked rows ("1   Huang C   Clinical features …   The Lancet", "8
    Zhongguo Dang Dai Er Ke Za Zhi Chinese Journal of Contemporary Pediatrics") were read as numbered headings, so
    the rest of its Results (47 passages) was filed under "8 Zhongguo Dang Dai …"."""
    from tzqa.ingest.clean import clean_pages

    text = "The documents were ranked by their citations, and the first was a clinical report (2)."
    page = ("Results\n\n" + text + "\n\nTable 4. Top COVID-19 documents that received the most citations\n"
            "Rank        Author                          Title                           Source title\n"
            "   1        Huang C      Clinical features of patients infected with 2019     The Lancet\n"
            "                         novel coronavirus in Wuhan, China\n\n"
            "8        Zhongguo Dang Dai Er Ke Za Zhi Chinese Journal of Contemporary Pediatrics\n\n" + text +
            "\n\nDiscussion\n\n" + text)
    sections = [b.section for b in clean_pages([page]).blocks]
    assert set(sections) == {"Results", "Discussion"}, sections
    numbered = clean_pages(["1 Introduction\n\n" + text + "\n\n2 Methods\n\n2.1 Data retrieval\n\n" + text +
                            "\n\n3 Results\n\n" + text + "\n\n5 Conclusions\n\n" + text])
    assert [b.section for b in numbered.blocks] == ["Introduction", "2.1 Data retrieval", "Results", "Conclusions"]


def test_a_word_broken_at_a_non_breaking_hyphen_is_joined():
    """MDPI Humanities sets every hyphen as U+2011, its line breaks' included: "nos‑ talgia", "eth‑ nic" stayed
    split in 60 places. The paper's own words decide as for an ASCII hyphen, and a compound keeps its hyphen."""
    from tzqa.ingest.clean import clean_pages

    page = ("1. Introduction\n\nAn attachment to authentic modes of life was often conveyed with a sense of nos‑\n"
            "talgia by an eth‑\nnic minority author of root‑\nseeking literature, a root‑seeking mode that was one "
            "strand of the literature of the period.")
    text = clean_pages([page]).blocks[0].text
    assert "sense of nostalgia by an ethnic minority author of root‑seeking literature" in text


def test_endnotes_are_a_section_and_mdpi_back_statements_are_back_matter():
    """MDPI Humanities: the endnotes under "Notes" were filed under "Conclusions", and "Institutional Review Board
    Statement: Not applicable." was a passage (MDPI's "Funding:", "Conflicts of Interest:" were already dropped)."""
    from tzqa.ingest.clean import clean_pages

    pages = _humanities_pages()
    pages[1] = pages[1].replace("Conflicts of Interest:", "Institutional Review Board Statement: Not applicable.\n\n"
                                                           "Informed Consent Statement: Not applicable.\n\n"
                                                           "Conflicts of Interest:")
    blocks = clean_pages(pages).blocks
    assert not any("Not applicable" in b.text for b in blocks)
    assert [b.section for b in blocks if "Lipman (1997)" in b.text] == ["Notes"]


def test_a_page_and_a_note_after_the_year_and_a_name_with_a_unicode_hyphen_resolve():
    from tzqa.ingest.library.authoryear import AuthorYear
    from tzqa.ingest.library.reflist import parse_list

    index = AuthorYear(parse_list("\n".join(_CHICAGO)))
    text = "(L. Bai 1985, p. 15, fn. 1), as Lauran Hartley and Patricia Schiaffini‑Vedani (2008, pp. 5, 7) note"
    assert [m[2] for m in index.markers(text)] == [(1,), (6,)]
