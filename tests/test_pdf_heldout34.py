"""What the tenth 2026-12-07 held-out set showed (docs/library.md, "Tenth held-out set"), as small cases."""
from __future__ import annotations

_QUERY = "AU: Please check that the edits to the sentence capture your meaning. If not, please provide correct wording."


def test_invisible_text_on_a_page_with_visible_text_is_not_read(tmp_path):
    """PLOS Medicine's published file keeps the typesetter's queries to the author as text set in rendering mode 3,
    painted nowhere: 11 of them ran into passages ("Recognising the AU: Please check …: substantial political weight")
    and 6 into reference entries. A page drawn only invisibly (an OCR layer over a scanned image) is read all the same."""
    from pdfgen import invisible_text_pdf

    from tzqa.ingest.pdf_layout import layout_pages

    body = [[(False, "Recognising the "), (True, _QUERY), (False, " substantial political weight of the UNGA,")],
            [(False, "meetings were held for five health topics.")]]
    scanned = [[(True, "A scanned page whose only text is its OCR layer,")], [(True, "read as it is.")]]
    first, second = layout_pages(invisible_text_pdf([body, scanned], tmp_path / "queries.pdf"))
    assert "AU:" not in first and "Please check" not in first
    assert "Recognising the" in first and "substantial political weight" in first
    assert "A scanned page whose only text is its OCR layer," in second and "read as it is." in second


_BMJ_BODY = ["Physical activity programmes may add to the effectiveness of behavioural support.[10]",
             "",
             "There is evidence that physical activity reduces cravings.[11] A trial found a benefit.[12]",
             "",
             "This is an Open Access article distributed in accordance with the terms of the Creative Commons",
             "Attribution (CC BY 4.0) license. See: http://creativecommons.org/licenses/by-nc/4.0/."]
_BMJ_NAMES = ["Kallen K", "Rogers JM", "Salihu HM, Wilson RE", "Tong VT, Dietz PM, et al", "Al-Sahab B, Saqib M",
              "Richmond R", "Chamberlain C, Oliver S, et al", "Coleman T, Chamberlain C", "Haasova M, Warren FC, et al",
              "Marcus BH", "Ussher MH, Taylor A", "Garber CE, Blissmer B"]
# each entry on five lines, its number set apart from it (three spaces after one digit, two after two, as laid out)
_BMJ_LIST = [line for k, name in enumerate(_BMJ_NAMES, start=1)
             for line in (f"{k}{' ' * (4 - len(str(k)))}{name}. Title of work number {k}",
                          "    on smoking during pregnancy and after", "    it, a randomised controlled trial",
                          "    in the community and in hospitals.", f"    J Health {2000 + k};{k}:1-9.")]


def _bmj_pages() -> list[str]:
    """Pages of text as The BMJ's last pages read: a list numbered "1   Kallen K." with no heading after the licence
    paragraph, its entry 9 opening a line of p. 9, whose footer prints the folio 9 too."""
    filler = [f"Text of the trial report, a {w} line of the page, with nothing cited."
              for w in ("first", "second", "third", "fourth", "fifth", "last")]
    pages = [["RESEARCH", "", *filler, "", f"the bmj | BMJ 2015;350:h2145        {k + 1}"] for k in range(7)]
    pages.append(["RESEARCH", "", *_BMJ_BODY, *_BMJ_LIST[:38], "", "the bmj | BMJ 2015;350:h2145        8"])
    pages.append(["RESEARCH", "", *_BMJ_LIST[38:], "", "the bmj | BMJ 2015;350:h2145        9"])
    return ["\n".join(p) for p in pages]


def test_a_list_numbered_without_full_stops_and_without_a_heading_is_found():
    """The BMJ numbers its list "1   Kallen K. The impact of …" (no full stop) and prints it with no "References"
    heading right after the licence paragraph: each entry's first line was read as a numbered section heading, an
    unheaded list had to be numbered "1." or "[1]", and entry 1 opened no paragraph of its own (0 of 39 entries,
    0 of 22 cited passages resolved)."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    paper = clean_pages(_bmj_pages())
    refs = parse_list(paper.references_text)
    assert [r.number for r in refs] == list(range(1, 13))
    assert refs[0].raw.startswith("Kallen K.") and refs[8].raw.startswith("Haasova M")
    assert not any("Kallen" in b.text or "Title of work" in b.text for b in paper.blocks)
    assert not any(b.section.startswith(("1 ", "2 ", "12 ")) for b in paper.blocks)
    assert any(b.text.startswith("This is an Open Access article") for b in paper.blocks)


def test_an_entry_of_such_a_list_is_no_numbered_heading():
    """A Vancouver author list after the number ("3 Salihu HM, Wilson RE. Epidemiology of …") is an entry's, as
    "1. Nielsen, M. A. & Chuang, I. L." was; a numbered heading stays one."""
    from tzqa.ingest.headings import read_heading

    assert read_heading("1 Kallen K. The impact of maternal smoking during pregnancy", prev_ended=True) is None
    assert read_heading("3 Salihu HM, Wilson RE. Epidemiology of prenatal smoking and", prev_ended=True) is None
    assert read_heading("2 Methods and study design", prev_ended=True) == ("2 Methods and study design", "")
    assert read_heading("4 Results of the Phase II trial", prev_ended=True) == ("4 Results of the Phase II trial", "")


def test_a_list_label_that_equals_the_folio_is_kept_when_the_page_prints_its_folio_elsewhere():
    """Entry 9 of The BMJ's list opens a line of p. 9 ("9   Coleman T, Chamberlain C, …"), whose footer prints the
    page number 9: the label was dropped as the folio and entry 9 ran into entry 8. A page prints its number once;
    the number opening a line of its text, when the footer has it too, is a label. A folio alone still goes."""
    from tzqa.ingest.pages import strip_running_lines

    filler = [f"a line of running text number {k}" for k in range(8)]
    pages = [filler[:4] + ["", f"the bmj | BMJ 2015;350:h2145   {k + 1}"] + filler[4:] for k in range(10)]
    pages = [p[:6] + p[6:] + ["", f"journal footer   {k + 1}"] for k, p in enumerate(pages)]
    pages[8] = filler[:4] + ["9   Coleman T, Chamberlain C, Davey MA, et al. Pharmacological"] + filler[4:] + \
        ["", "the bmj | BMJ 2015;350:h2145   9"]
    out, _ = strip_running_lines(pages)
    assert "9   Coleman T, Chamberlain C, Davey MA, et al. Pharmacological" in out[8]
    assert not any(ln.strip().endswith("   9") for ln in out[8])
    alone = [filler[:4] + [f"{k + 1}   Section text set after the folio"] + filler[4:] for k in range(10)]
    out, _ = strip_running_lines(alone)
    assert all(page[4].strip() == "Section text set after the folio" for page in out)


def test_a_number_in_parentheses_after_a_value_is_no_citation():
    """Tables and results print a value with its count, share or spread in parentheses ("46 (12) 53 (13)", "a
    median of 2 (1-4)"): The BMJ's Table 1 gave 28 such "(n)" against 44 bracketed citations, so the paper was taken
    to cite in parentheses and "391, 4 (2-8)" cited entries 2 to 8. A year may still be followed by a citation."""
    from tzqa.ingest.library import cite

    texts = ["Smoking is associated with adverse outcomes.[1] Many women smoke.[2] Few stop.[3] Fewer still.[4]",
             "Managerial occupation 46 (12) 53 (13) Previous preterm birth 68 (17) 61 (16) Takes alcohol 6 (2) 5 (1)",
             "No of treatment sessions attended 391, 4 (2-8) 393, 3 (2-6); support sessions were 2 (1-4)."]
    assert cite.cites_in_brackets(texts, 39)
    assert cite.find_markers(texts[2], 39, parentheses=True) == []
    markers = cite.find_markers("The scale is reliable over the telephone (6) and was revised in 2014 (7); "
                                "female, % (n) 39.2 (7).", 34, parentheses=True)
    assert [m.numbers for m in markers] == [(6,), (7,)]


def test_the_measure_counts_no_value_in_parentheses_as_a_citation(tmp_path):
    """The measure read Table 1's "female, % (n) 39.2 (743)" of a paper citing "(1,2)" as a citation of entry 743
    (max cited 743; 13 of 16 passages resolved): a count, not a citation. The measure's error, not the reader's."""
    from tzqa.evaluation.library_pdf import measure

    entries = "\n".join(f"{k}. Author{chr(64 + k)} A, Other B. Title number {k}. J Neurol. 20{k:02d};{k}:1-9."
                        for k in range(1, 7))
    text = ("Remote assessment\n\nIntroduction\n\nThe scale reflects the course of the disease (1,2). It was "
            "given over the telephone (3) or online (4-6).\n\nOf the patients 39.2 (743) were female and 60.8 (1,150) "
            "male; age at onset 60.1 (12.1, 18.2-88.1).\n\nReferences\n\n" + entries + "\n")
    path = tmp_path / "als.txt"
    path.write_text(text, encoding="utf-8")
    m = measure(path, 6)
    assert m.cited_as == "(n)" and m.highest_cited == 6
    assert (m.bracket_passages, m.bracket_resolved) == (1, 1)


def test_a_copyright_line_with_its_holder_first_and_an_article_kind_label_are_furniture():
    """The BMJ closes the article with "© BMJ Publishing Group Ltd 2015" (the holder before the year) and Taylor &
    Francis labels the article "RESEARCH ARTICLE" above its title: each was a passage of its own."""
    from tzqa.ingest.library.furniture import is_front_furniture

    assert is_front_furniture("© BMJ Publishing Group Ltd 2015")
    assert is_front_furniture("RESEARCH ARTICLE")
    assert is_front_furniture("Original Article")
    assert not is_front_furniture("Research article writing is taught in the second year of the programme.")
    assert not is_front_furniture("© symbols mark the copyright holder of each figure, as in 2015.")


def test_a_download_cover_pages_labels_and_citation_are_furniture():
    """Taylor & Francis puts a cover page before the article: its link labels and counts, the article's citation
    with its DOI ("To cite this article: … (2023) …, DOI: 10.1080/…") and the terms line were nine passages; the
    first page's footnote "Contributed equally. Correspondence: …" (no "These authors") one more."""
    from tzqa.ingest.library.furniture import is_front_furniture

    for text in ("View supplementary material", "Submit your article to this journal", "Article views: 1360",
                 "View related articles View Crossmark data", "Citing articles: 2 View citing articles",
                 "Full Terms & Conditions of access and use can be found at https://www.tandfonline.com/action/"
                 "journalInformation?journalCode=iafd20 Amyotrophic Lateral Sclerosis and Frontotemporal "
                 "Degeneration, 2023; 24: 175–184",
                 "To cite this article: Thomas Meyer, Susanne Spittel & André Maier (2023) Remote digital assessment "
                 "of ALS, Amyotrophic Lateral Sclerosis and Frontotemporal Degeneration, 24:3-4, 175-184, DOI: "
                 "10.1080/21678421.2022.2104649",
                 "To link to this article: https://doi.org/10.1080/21678421.2022.2104649",
                 "Contributed equally. Correspondence: Thomas Meyer, Charité – Universitätsmedizin Berlin, Center for "
                 "ALS, Augustenburger Platz 1, Berlin, 13353 Germany. E-mail: thomas.meyer@charite.de"):
        assert is_front_furniture(text), text
    assert not is_front_furniture("Patients were asked to view supplementary material online before the visit.")
    assert not is_front_furniture("To cite this article correctly, readers should use the journal's style.")

def test_an_author_year_list_with_a_one_word_organisation_and_a_three_word_surname():
    """SSM Population Health's list: "Insee. (2020)." (a one-word organisation closed by a full stop, after "… INTL
    LABOUR OFFICE.") and "Ngoc Cong Duong, K., …" (a surname of three words, after a link) started no entry, so three
    entries were read as one and two as one (87 of 90)."""
    from tzqa.ingest.library.unnumbered import split_unnumbered

    text = ("ILO. (2021). World employment and social outlook: Trends 2021. INTL LABOUR OFFICE. Insee. (2020). France,\n"
            "portrait social—Édition 2020. Insee. (2021). Revenus et patrimoine des ménages.\n"
            "de Miquel, C., Domenech-Abella, J., & Vilagut, G. (2022). The mental health of employees with job loss.\n"
            "International Journal of Environmental Research, 19(6), 3158. https://doi.org/10.3390/ijerph19063158\n"
            "Ngoc Cong Duong, K., Nguyen Le Bao, T., & Pham Gia, A. (2020). Psychological impacts of COVID-19 during\n"
            "the first lockdown in Vietnam. JMIR Formative Research, 4(12), Article e24776.\n"
            "Nicola, M., Alsafi, Z., & Sohrabi, C. (2020). The socio-economic implications of the pandemic. IJS, 78.\n")
    entries = split_unnumbered(text)
    assert [e.split(".")[0] for e in entries] == ["ILO", "Insee", "Insee", "de Miquel, C", "Ngoc Cong Duong, K",
                                                  "Nicola, M"]


def test_a_grave_set_as_a_backtick_joins_its_letter():
    """Elsevier's fonts set the grave accent as a backtick glyph before its letter, "Sol`ene Wallez", "Pal`encia",
    "Sant Cugat del Vall`es" (Clin Sci, tests/data/realdocs): joined like TeX's other spacing accents; a backtick
    that composes with nothing, or opens a quotation, stays as printed."""
    from tzqa.ingest.pdf_lines import tex_accents

    assert tex_accents("Sol`ene Wallez, Pal`encia, Dom`enech-Abella") == "Solène Wallez, Palència, Domènech-Abella"
    assert tex_accents("don`t quote ``this''") == "don`t quote ``this''"

def test_a_header_drawn_out_of_order_gives_the_year_and_an_author_drawn_last_comes_first(tmp_path):
    """Oxford draws Nephrology Dialysis Transplantation's header out of order, the year's last digit after its
    parenthesis ("Nephrol Dial Transplant (202 )" / "2 37:" …), so no line read 2022 and the record's year was the
    Advance Access date's, 2020; and its author line in two pieces, the first author's name drawn after the rest,
    which read first (6 of 11 authors, Agarwal last). The pieces of one printed line are joined left to right; a
    journal's "(2022) 37:" is its citation line, not a citation."""
    from pdfgen import first_page_pdf, text_width

    from tzqa.ingest.library.front import read_front

    head = "Nephrol Dial Transplant (202"
    x = 15 + text_width(head, 8)
    names = "1, Stefan D. Anker2, George Bakris3, Gerasimos Filippatos4, Bertram Pitt5,"
    pieces = [(15, 15, 8, head), (x + text_width("2", 8), 15, 8, ")"), (x, 15, 8, "2 37: 1014–1023"),
              (15, 19, 8, "Advance Access publication 6 December 2020"),
              (15, 35, 20, "Investigating new treatment opportunities for patients"),
              (15, 43, 20, "with chronic kidney disease: the role of finerenone"),
              (15 + text_width("Rajiv Agarwal ", 12), 53, 12, names), (15, 53, 12, "Rajiv Agarwal"),
              (15, 58, 12, "Luis Ruilope8,9,10, Martin Gebel11 and Amer Joseph14; on behalf of the"),
              (15, 63, 12, "FIDELIO-DKD and FIGARO-DKD Investigators"),
              (15, 70, 9, "1Richard L. Roudebush VA Medical Center and Indiana University, Indianapolis, USA")]
    front = read_front(first_page_pdf(pieces, tmp_path / "ndt.pdf"))
    assert front.year == 2022
    assert front.authors == ("Rajiv Agarwal", "Stefan D. Anker", "George Bakris", "Gerasimos Filippatos",
                             "Bertram Pitt", "Luis Ruilope", "Martin Gebel", "Amer Joseph")


def test_author_lines_with_orcid_badges_a_raised_mark_and_a_name_broken_over_lines(tmp_path):
    """PLOS prints an ORCID badge ("ID") after some names and breaks a name over the line's end ("…, Mario" / "C.
    Raviglione"), its mark raised in smaller type after it: the record had two authors, "Werner Obermeyer" and
    "Ariel Pablos-MendezID". Elsevier sets each affiliation's letter apart ("Irwin Hecker a,") and draws the grave as a
    backtick ("Sol`ene"): no author was read."""
    from pdfgen import first_page_pdf, text_width

    from tzqa.ingest.library.front import read_front

    title = "Political rationale, aims, and outcomes of health-related high-level meetings"
    line = "Paolo RodiID1,2*, Werner Obermeyer3, Ariel Pablos-MendezID4, Andrea Gori1,5, Mario"
    pieces = [(15, 15, 8, "RESEARCH ARTICLE"), (15, 25, 18, title[:44]), (15, 33, 18, title[45:]),
              (15, 42, 9, line), (15, 47, 9, "C. RaviglioneID"), (15 + text_width("C. RaviglioneID", 9), 46, 6, "1"),
              (15, 53, 8, "1 Centre for Multidisciplinary Research in Health Science, University of Milan, Italy")]
    front = read_front(first_page_pdf(pieces, tmp_path / "plos.pdf"))
    assert front.authors == ("Paolo Rodi", "Werner Obermeyer", "Ariel Pablos-Mendez", "Andrea Gori",
                             "Mario C. Raviglione")
    pieces = [(15, 25, 18, "Impact of work arrangements during the pandemic on mental"), (15, 33, 18, "health"),
              (15, 42, 10, "Irwin Hecker a, Tarik El Aarbaoui a, Sol`ene Wallez a, Astrid Juhl Andersen a,"),
              (15, 47, 10, "José Luis Ayuso-Mateos b, c,d, Richard Bryant e, Maria Melchior a,*"),
              (15, 53, 6, "a Sorbonne Université, INSERM, Institut Pierre Louis, Paris, France")]
    front = read_front(first_page_pdf(pieces, tmp_path / "ssmph.pdf"))
    assert front.authors == ("Irwin Hecker", "Tarik El Aarbaoui", "Solène Wallez", "Astrid Juhl Andersen",
                             "José Luis Ayuso-Mateos", "Richard Bryant", "Maria Melchior")


def test_a_cover_page_gives_the_articles_year_and_a_title_field_cut_short_gives_way(tmp_path):
    """Taylor & Francis's download cover: the Title field is cut at 100 characters ("… – a multicenter o"), the
    authors' line breaks a name ("…, Robert" / "Steinbach, …": the first nine authors were lost), and the year of
    the article, 2023, is in its own citation ("To cite this article: … (2023) Remote digital …"), which reads as a
    citation; the latest year left was the online date's, 2022."""
    from pdfgen import first_page_pdf

    from tzqa.ingest.library.front import read_front

    lines = ["Remote digital assessment of amyotrophic lateral", "sclerosis functional rating scale – a multicenter",
             "observational study"]
    title = " ".join(lines)
    pieces = [(15, 15, 15, "Amyotrophic Lateral Sclerosis and Frontotemporal"), (15, 21, 15, "Degeneration"),
              (15, 35, 18, lines[0]), (15, 42, 18, lines[1]), (15, 49, 18, lines[2]),
              (15, 60, 12, "Thomas Meyer, Susanne Spittel, Torsten Grehl, Ute Weyen, Robert"),
              (15, 65, 12, "Steinbach, Dagmar Kettemann & André Maier"),
              (15, 78, 10, "To cite this article: Thomas Meyer, Susanne Spittel, Torsten Grehl, Ute Weyen, Robert"),
              (15, 83, 10, "Steinbach, Dagmar Kettemann & André Maier (2023) Remote digital assessment of"),
              (15, 88, 10, "amyotrophic lateral sclerosis, Amyotrophic Lateral Sclerosis and Frontotemporal"),
              (15, 93, 10, "Degeneration, 24:3-4, 175-184, DOI: 10.1080/21678421.2022.2104649"),
              (15, 110, 9, "Published online: 01 Aug 2022.")]
    front = read_front(first_page_pdf(pieces, tmp_path / "tf.pdf", title_field=title[:100]))
    assert front.title == title
    assert front.authors == ("Thomas Meyer", "Susanne Spittel", "Torsten Grehl", "Ute Weyen", "Robert Steinbach",
                             "Dagmar Kettemann", "André Maier")
    assert front.year == 2023


def test_raised_affiliation_letters_bars_and_capitals_beyond_ascii_in_author_lines(tmp_path):
    """Found while checking the earlier sets' records (no file of this set needs it): letters raised after a name
    ("Lane" "a,c,*", J Hydrol; "Li" "a,b", Renal Failure) were read glued to it ("Lanea") or made the line no author
    line; Wiley parts names with bars ("Jason Smith2 | Lin Zhang3"); a capital beyond ASCII opened no name
    ("Sergiusz Łukasiewicz"); ACM's "‖" mark reads as a letter between two names ("Zanella-Béguelin k Paul")."""
    from pdfgen import first_page_pdf, text_width

    from tzqa.ingest.library.front import read_front

    title = [(15, 25, 17, "The response of flow duration curves to afforestation")]
    names = ["Patrick N.J. Lane", ",", " Alice E. Best", ",", " Sergiusz Łukasiewicz", ""]
    marks = ["a,c,*", "", "b,c,d", "", "b", ""]
    pieces, x = [], 15.0
    for name, mark in zip(names, marks, strict=True):
        pieces.append((x, 40, 13, name))
        x += text_width(name, 13)
        if mark:
            pieces.append((x, 38.5, 8, mark))
            x += text_width(mark, 8)
    pieces += [(15, 48, 8, "aSchool of Forest and Ecosystem Studies, University of Melbourne, Australia")]
    assert read_front(first_page_pdf(title + pieces, tmp_path / "raised.pdf")).authors == \
        ("Patrick N.J. Lane", "Alice E. Best", "Sergiusz Łukasiewicz")
    lines = [(15, 40, 12, "Jason Smith2 | Lin Zhang3 | Ellen Ackerstaff4 |"),
             (15, 46, 12, "Santiago Zanella-Béguelin k Paul Zimmermann"),
             (15, 54, 8, "2Department of Biomedical Engineering, Rensselaer Polytechnic Institute, Troy, New York")]
    assert read_front(first_page_pdf(title + lines, tmp_path / "bars.pdf")).authors == \
        ("Jason Smith", "Lin Zhang", "Ellen Ackerstaff", "Santiago Zanella-Béguelin", "Paul Zimmermann")


def test_author_year_citations_naming_three_authors_or_a_second_author_after_a_comma():
    """PeerJ names up to three authors in running text, "Alexander, Ishikawa & Silverstein (1977)": read from
    "Ishikawa", 10 such citations matched no entry. SSM Population Health cites two 2021 papers of Mary-Krause's
    told apart by their second authors, "(Mary-Krause, Herranz Bustamante et al., 2021)": each matched both."""
    from tzqa.ingest.library.cite import find_markers
    from tzqa.ingest.library.reflist import parse_list

    peerj = parse_list("Alexander C, Ishikawa S, Silverstein M. 1977. A pattern language: towns, buildings. New York: "
                       "Oxford University Press.\nErl T. 2009. SOA design patterns. Boston: Pearson Education.\n"
                       "Garzás J, García F, Piattini M. 2009. Do rules and patterns affect design maintainability? "
                       "Journal of Computer Science and Technology 24(2):262–272.\n")
    assert [r.authors[0] for r in peerj] == ["Alexander C", "Erl T", "Garzás J"]
    problems: list[str] = []
    text = ("The idea of design patterns originated from Alexander, Ishikawa & Silverstein (1977). Garzás, García & "
            "Piattini (2009) ran an experiment.")
    assert [m.numbers for m in find_markers(text, 3, peerj, problems=problems)] == [(1,), (3,)] and problems == []
    ssm = parse_list("Marmot, M. (2001). Psychosocial and material pathways in the relation between income and "
                     "health. BMJ, 322(7296), 1233–1236.\n"
                     "Mary-Krause, M., Bustamante, J. J. H., & Melchior, M. (2021). Impact of COVID-19-like symptoms "
                     "on anxiety. BMJ Open, 11, e052912.\n"
                     "Mary-Krause, M., Herranz Bustamante, J. J., & Melchior, M. (2021). Cohort profile: The TEMPO "
                     "cohort study. International Journal of Epidemiology, 50(4), 1067.\n")
    assert len(ssm) == 3
    text = ("The cohort (Mary-Krause, Herranz Bustamante et al., 2021) and its symptoms (Mary-Krause, Bustamante et al., "
            "2021) were described.")
    assert [m.numbers for m in find_markers(text, 3, ssm, problems=problems)] == [(3,), (2,)] and problems == []
