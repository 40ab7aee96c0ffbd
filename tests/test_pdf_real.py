"""Real published PDFs (tests/data/realdocs, CC BY) read as `tzqa add` reads them, plus generated edge cases."""
from __future__ import annotations

from pathlib import Path

import pytest

from tzqa.evaluation.library_pdf import measure
from tzqa.ingest.library.reflist import find_doi, split_entries

pytestmark = pytest.mark.real  # real PDFs take seconds each: not in the fast default tier

REAL = Path(__file__).resolve().parent / "data" / "realdocs"
# file: (entries in its reference list, counted by reading the PDF; its DOI; a word of its title; first author)
ARTICLES = {"bmc_hsr_malawi.pdf": (31, "10.1186/1472-6963-14-1", "barriers", "Agyeman-Duah"),
            "bmc_jtmo_dvt.pdf": (79, "10.1186/1752-2897-4-1", "thrombosis", "Datta"),
            "hindawi_rrp_heart_failure.pdf": (17, "10.1155/2010/157939", "Heart Failure", "Tully"),
            "clinsci_ace_inhibitors.pdf": (52, "10.1042/CS20130403", "Fragment-based", "DOUGLAS")}


@pytest.mark.parametrize("name", sorted(ARTICLES))
def test_real_pdf_reference_list_furniture_citations_and_record(name):
    true, doi, title_word, author = ARTICLES[name]
    m = measure(REAL / name, true)
    assert m.references_found == true  # every entry, none extra ("1 Author", "[1]Name", a supplement's own list)
    assert not m.furniture, m.furniture  # no passage is a running header, page number or licence line
    assert m.bracket_passages and m.bracket_resolved == m.bracket_passages
    assert m.doi == doi and title_word in m.title and not m.title.lower().startswith(("research", "r e"))
    assert m.authors and author in m.authors[0] and m.year is not None


def test_real_pdf_text_is_not_glued_and_doi_is_not_a_citation():
    from tzqa.ingest.library.folder import read_article

    article = read_article(REAL / "bmc_hsr_malawi.pdf")
    text = " ".join(b.text for b in article.abstract + article.blocks)
    assert "delivery is common in many low and middle income" in text  # was "deliveryiscommoninmany..."
    assert "Page 2 of 10" not in text and "BMC Health Services Research 2014" not in text
    assert all(r.doi != article.record.doi for r in article.references)


def test_reference_list_forms():
    bare = ("1 Bergmann, R., Liljefors, T. (2009) SHOP. J. Chem. 49, 658–669 2 Anthony, C. S. (2010) The N. "
            "J. Biol. Chem. 285, 35685–35693 3 Collaborative Project (1994) CCP4. Acta 50, 760–763\n"
            "Cite this article as: someone 2014")
    entries = split_entries(bare)
    assert [n for n, _ in entries] == [1, 2, 3] and "Cite this" not in entries[-1][1]
    assert [n for n, _ in split_entries("[1]A. Smith, “T,” 2001. [2]B. Jones, “U,” 2002.")] == [1, 2]


def test_dois_are_rejoined_and_checked():
    assert find_doi("Lancet 2007;370:511e20. doi: 10.1016/ S0140-6736(07)61235-5.") == "10.1016/S0140-6736(07)61235-5"
    assert find_doi("Semin Oncol 10.1053/j.\nseminoncol.2004.01.002.") == "10.1053/j.seminoncol.2004.01.002"
    assert find_doi("cut short: 10.1053/j") is None




def test_generated_superscript_ranges_and_repeated_footer_anywhere(tmp_path):
    """Superscript citations after words and punctuation, a range set "1e3" as Elsevier fonts do, a footer on
    every page; a unit's superscript (cm²) is not a citation."""
    from fpdf import FPDF

    from tzqa.ingest.library.folder import read_article

    font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    pdf = FPDF()
    pdf.add_font("DejaVu", "", font)
    pdf.set_auto_page_break(True, margin=20)
    for page in range(3):
        pdf.add_page()
        pdf.set_font("DejaVu", size=9)
        pdf.set_xy(10, pdf.h - 15)
        pdf.cell(0, 5, f"© 2024 Fixture Journal of Tests, licensed CC BY   {page + 1}", align="C")
        pdf.set_xy(10, 20)
        if page == 0:
            pdf.set_font("DejaVu", size=16)
            pdf.multi_cell(0, 8, "A generated article on superscript citations")
            pdf.set_font("DejaVu", size=9)
        for _ in range(6):
            for text, raised in (("Resistance to the antibody was seen in randomised trials", "1e3"),
                                 (" and in cohorts.", "4"), (" The tumours measured 2 cm", "2")):
                pdf.write(5, text)
                _raised(pdf, raised)
            pdf.write(5, " on average.\n\n")
            pdf.set_x(10)
    pdf.set_font("DejaVu", size=9)
    pdf.set_x(10)
    pdf.multi_cell(0, 5, "References")
    for n in range(1, 5):
        pdf.set_x(10)
        pdf.multi_cell(0, 5, f"{n}. Author{n} A, Other B. Study number {n}. J Test. 20{10 + n};{n}:1-9.")
    path = tmp_path / "sup.pdf"
    pdf.output(str(path))
    article = read_article(path)
    text = " ".join(b.text for b in article.blocks)
    assert len(article.references) == 4
    assert "trials[1–3]" in text and "cohorts.[4]" in text and "[2]" not in text
    assert {n for b in article.blocks for n in b.citations} == {1, 2, 3, 4}
    assert "Fixture Journal" not in text


def _raised(pdf, text: str) -> None:  # type: ignore[no-untyped-def]
    """Write ``text`` as a superscript, then go back to the line."""
    pdf.char_vpos = "SUP"
    pdf.write(5, text)
    pdf.char_vpos = "LINE"


def _two_column_article(tmp_path, *, table_beside_references: bool = False, **layout):
    """A generated two-column article: body text citing [1]-[12], then a reference list that starts in the left
    column and runs on in the right; a running head over the right column and a footer under the left one."""
    import random
    import textwrap

    from pdfgen import render_columns

    rng = random.Random(7)  # varied sentences: a line printed on several pages would be a running line
    words = ("adults children nurses surgeons mice cohorts trials wards clinics doses serum tumours kidneys "
             "infusions relapses margins scans biopsies antibodies regimens outcomes").split()
    body = "".join(f"The {rng.choice(words)} and {rng.choice(words)} were measured in {rng.choice(words)} of "
                   f"{rng.choice(words)} [{k % 12 + 1}] and {rng.choice(words)} [{(k + 5) % 12 + 1}]. "
                   for k in range(90))
    text = textwrap.wrap(body, 50)
    entries = [textwrap.wrap(f"{n}. Author{n} A, Other B, Third C. A study of the antibody given at dose number {n} "
                             f"in adults and children. J Test Med. 20{10 + n};{n}:1-9.", 50) for n in range(1, 13)]
    refs = [ln if k == 0 else "   " + ln for e in entries for k, ln in enumerate(e)]
    if table_beside_references:  # a one-column table whose rows share baselines with the entries beside it
        last = (text[160:172] + ["", "Table 1. Doses", "Group\tDose\tn", "Adults\t10 mg\t24",
                                 "Children\t5 mg\t31", "Nurses\t5 mg\t12", "", "References"], refs)
    else:
        last = (text[160:172] + ["", "References"] + refs[:12], refs[12:])
    pages = [(text[:40], text[40:80]), (text[80:120], text[120:160]), last]
    return render_columns(pages, tmp_path / "cols.pdf", **{"head": "Author et al.", "foot": "To appear in Proc. Tests 2026",
                                                            **layout})


def test_generated_margin_lines_set_in_one_column_are_page_furniture(tmp_path):
    """A running head printed over the right column only and a footer under the left column: read column by
    column they fall mid-page (after the left column's text, inside the reference list), yet they are the
    page's margin and are dropped; the reference entry they fell into stays whole."""
    from tzqa.ingest.library.folder import read_article

    article = read_article(_two_column_article(tmp_path))
    text = " ".join(b.text for b in article.abstract + article.blocks)
    assert "To appear in" not in text and "Author et al." not in text
    assert len(article.references) == 12
    assert not any("et al." in r.citation or "appear" in r.citation for r in article.references)
    m = measure(tmp_path / "cols.pdf", 12)
    assert not m.furniture and m.bracket_resolved == m.bracket_passages > 0


def test_generated_table_in_one_column_beside_reference_entries(tmp_path):
    """A table in the left column whose rows share baselines with reference entries in the right column is read
    as that column's table: the entries beside it are not cut into its rows."""
    from tzqa.ingest.library.folder import read_article

    article = read_article(_two_column_article(tmp_path, table_beside_references=True))
    assert [r.number for r in article.references] == list(range(1, 13))
    assert all(f"dose number {r.number} in adults" in r.citation for r in article.references)


def test_real_pdf_one_column_tables_are_not_cut_into_the_other_columns_text():
    """A table in one column with running text beside it: its rows were taken for a full-width table's, so the
    prose beside them was cut into the table's rows ("the Dixon method [38]. Space group P1"). Now the table
    is read as rows and the paragraph beside it whole."""
    from tzqa.ingest.library.folder import read_article
    from tzqa.ingest.library.passages import article_passages

    clinsci = [p.text for p in article_passages(read_article(REAL / "clinsci_ace_inhibitors.pdf"))]
    assert any("determined using the Dixon method [38]." in t and "Space group" not in t for t in clinsci)
    bmc = article_passages(read_article(REAL / "bmc_hsr_malawi.pdf"))
    assert any(p.kind == "table_row" and "Privacy given" in p.text for p in bmc)
    assert not any(p.kind == "paragraph" and "Privacy given 99" in p.text for p in bmc)


def test_generated_running_title_standing_alone_mid_page_is_furniture(tmp_path):
    """A running title set low (a sixth of the way down, over the right column): outside the page's margin
    band, it is read mid-page; printed alone on every page, with several words, it is still furniture."""
    from tzqa.ingest.library.folder import read_article

    path = _two_column_article(tmp_path, head="Journal of Generated Tests", head_y=48, top=58, foot=None)
    text = " ".join(b.text for b in read_article(path).blocks)
    assert "Journal of Generated Tests" not in text and "measured in" in text


def test_generated_mass_number_is_not_a_citation_and_a_citation_keeps_its_space(tmp_path):
    """"the ¹H NMR spectrum": a raised number set against the word after it, apart from the word before, is a
    mass number, not citation [1]; "published data,¹³ it was": the citation keeps the space after it."""
    from fpdf import FPDF

    from tzqa.ingest.pdf_layout import layout_pages

    pdf = FPDF()
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    for before, sup, after in (("The spectral data matched the ", "1", "H NMR spectrum of lupeol."),
                               ("By comparing with published data,", "13", " it was identified as lupeol."),
                               ("The ", "13", "C NMR shifts agreed with the literature.")):
        pdf.write(5, before)
        _raised(pdf, sup)
        pdf.write(5, after + "\n")
    path = tmp_path / "nmr.pdf"
    pdf.output(str(path))
    text = layout_pages(path)[0]
    assert "the 1H NMR" in text and "The 13C NMR" in text and "[1]" not in text
    assert "data,[13] it was" in text


def test_generated_columns_under_a_full_width_abstract_are_read_in_turn(tmp_path):
    """A first page whose title and abstract run across both columns (a fifth of its lines cross the gutter)
    still has two columns below them, read one after the other; the abstract's lines stay one paragraph,
    its short last line with it."""
    import textwrap

    from pdfgen import render_columns

    from tzqa.ingest.library.folder import read_article

    abstract = textwrap.wrap("The abstract runs across the whole page above the two columns. " * 26, 105)
    left = textwrap.wrap(" ".join(f"Left sentence {k} reports the adults measured in ward {k}." for k in range(40)), 50)
    right = textwrap.wrap(" ".join(f"Right sentence {k} reports the children seen in clinic {k}." for k in range(40)), 50)
    path = render_columns([(left[:34], right[:34])], tmp_path / "front.pdf", folio=False, top=20,
                          front=("A generated article whose abstract spans the page", "", *abstract))
    text = " ".join(b.text for b in read_article(path).abstract + read_article(path).blocks)
    assert "ward 3. Left sentence 4 reports" in text and "clinic 3. Right sentence 4 reports" in text
    assert "Left sentence 20 reports the adults measured in ward 20. Left sentence 21" in text
    assert " ".join(abstract) in text


def test_real_pdf_first_page_columns_under_the_abstract_are_not_interleaved():
    """Clin Sci's first page: title, authors and abstract across the page, then two columns. The columns
    were interleaved line by line ("INTRODUCTION site for the production … ACE (angi…"); now read in turn."""
    from tzqa.ingest.library.folder import read_article
    from tzqa.ingest.library.passages import article_passages

    texts = [p.text for p in article_passages(read_article(REAL / "clinsci_ace_inhibitors.pdf"))]
    assert any(t.startswith("ACE (angiotensin-1-converting enzyme; EC 3.4.15.1) is a zinc dipeptidyl "
                            "carboxypeptidase that plays a critical role in blood pressure regulation") for t in texts)
    assert not any("INTRODUCTION site for the production" in t for t in texts)


def test_text_set_with_a_flipped_font_matrix_is_read():
    """TeX's dvips Type 3 fonts carry a flipped matrix ([1 0 0 -1]) though they print upright: pdfminer calls such
    text not upright, so a whole 1994 preprint (CERMINE's tools_timeout_complex.pdf) read as empty pages."""
    import tempfile

    from pdfgen import flipped_pdf

    from tzqa.ingest.pdf_layout import layout_pages

    with tempfile.TemporaryDirectory() as tmp:
        lines = [f"Line {k} of a paragraph set in a flipped font matrix." for k in range(12)]
        text = layout_pages(flipped_pdf(lines, Path(tmp) / "flipped.pdf"))[0]
    assert text.split("\n") == lines


def test_text_drawn_by_a_form_xobject_is_read(tmp_path: Path):
    """The ACL Anthology draws each page's text inside a form XObject; pdfminer leaves a form's characters loose
    (as a figure's), so ACL papers read as their page numbers alone. A form holding most of the page is read."""
    from pdfgen import form_pdf

    from tzqa.ingest.pdf_layout import layout_pages

    lines = [f"Line {k} of a paragraph the page draws through a form." for k in range(12)]
    text = layout_pages(form_pdf(lines, tmp_path / "form.pdf", folio="7"))[0]
    assert text.split("\n")[:12] == lines
    assert text.rstrip().endswith("7")


def test_lines_without_a_height_get_the_spacing_of_their_baselines():
    """A Type 3 font's boxes can be a fraction of a point tall: every gap between two lines then looked like a
    paragraph break. The lines get the height their baselines' spacing implies (0.8 of it)."""
    from tzqa.ingest.pdf_layout import _rows
    from tzqa.ingest.pdf_lines import Line, with_heights

    lines = with_heights([Line(72, 300, 100 + 12 * k - 0.24, 100 + 12 * k, f"line {k} of the text") for k in range(10)])
    assert all(abs((ln.bottom - ln.top) - 9.6) < 1e-6 for ln in lines)
    assert "" not in _rows(lines, 5.0)


def test_a_paragraph_of_bare_numbers_is_not_a_passage():
    """A chemical structure's or a plot's labels ("1", "2 3", "0.5") read as paragraphs of their own carry no
    words to answer from or cite; they are dropped (CERMINE test3.pdf, tools_timeout_complex.pdf)."""
    from tzqa.ingest.clean import clean_pages

    paper = clean_pages(["Lupeol was isolated from the leaves.\n\n1\n\n2   3\n\n0.5\n\nIts identity was confirmed."])
    assert [b.text for b in paper.blocks] == ["Lupeol was isolated from the leaves.", "Its identity was confirmed."]


def test_generated_rule_across_columns_parts_the_page_into_bands(tmp_path):
    """Two columns of text, a rule across the page with "References" set on it, then the list in two columns of
    its own (F1000Research's last page): the band above is read, left column then right, before the list, so
    the right-hand acknowledgements do not end the list after its left column (it had 6 of 43 entries)."""
    import textwrap

    from pdfgen import render_columns

    from tzqa.ingest.library.folder import read_article

    left = textwrap.wrap(" ".join(f"Left sentence {k} reports the adults measured in ward {k} [{k % 8 + 1}]."
                                  for k in range(14)), 50)
    right = ["Acknowledgements", *textwrap.wrap("We thank the wards and the clinics for their help. " * 6, 50)]
    entries = [textwrap.wrap(f"{n}. Author{n} A, Other B: A study of ward number {n} in adults. J Test Med. "
                             f"20{10 + n};{n}:1-9.", 50) for n in range(1, 9)]
    refs = [ln for e in entries for ln in e]
    path = render_columns([(left, right)], tmp_path / "band.pdf", folio=False,
                          band=(120.0, ["^References", *refs[:len(refs) // 2]], refs[len(refs) // 2:]))
    article = read_article(path)
    assert [r.number for r in article.references] == list(range(1, 9))
    assert all("thank" not in r.raw for r in article.references)
    assert "Left sentence 13 reports" in " ".join(b.text for b in article.blocks)


def test_unnumbered_entries_with_authors_closed_by_a_colon():
    """F1000Research's author–year list: "Surname AB, Other C, et al.: Title. Journal. Year; …", each entry after
    the previous one's link labels, not after a full stop (0 of 16 entries were found); a suffix ("WB III") or a
    name inside an author list does not start an entry."""
    from tzqa.ingest.library.reflist import parse_list

    text = ("Bishop SDH, Francis MP, Duffy C, et al.: Age and growth of a shark. Mar Res. 2006; 57(2): 143–154.\n"
            "Publisher Full Text Driggers WB III, Carlson JK, Cullum BJ, et al.: Growth of the blacknose shark in\n"
            "the Atlantic. Environ Biol Fish. 2004; 71(2):\n171–178.\n"
            "Reference Source Fabens AJ: Properties of the growth curve. Growth. 1965; 29(3): 265–89. PubMed Abstract\n"
            "Kohler NE, Turner PA: Shark tagging: a review. Environ Biol Fish. 2001; 60(1–3): 191–223.")
    refs = parse_list(text)
    assert [r.raw.split(",")[0].split(":")[0] for r in refs] == ["Bishop SDH", "Driggers WB III", "Fabens AJ",
                                                                 "Kohler NE"]
    assert [r.year for r in refs] == [2006, 2004, 1965, 2001]


LOST = ["the \x02rst \x02le was ef\x02cient", "a \x02nal speci\x02c \x02gure", "the eluent and the of\x02ce"]


def test_generated_ligature_glyph_named_by_the_font_program(tmp_path):
    """A subset font sets "fi" as one glyph at code 2 with no ToUnicode map: pdfminer gives "(cid:2)", which was
    dropped ("the rst le was efcient"); the embedded CFF program's own encoding names it "fi"."""
    from pdfgen import ligature_pdf

    from tzqa.ingest.pdf_layout import first_page_lines, layout_pages

    path = ligature_pdf(LOST, tmp_path / "named.pdf")
    assert layout_pages(path) == ["the first file was efficient\na final specific figure\nthe eluent and the office"]
    assert [t for _, t in first_page_lines(path)][0] == "the first file was efficient"


def test_generated_unnamed_ligature_glyph_restored_by_the_words_it_sits_in(tmp_path):
    """The same glyph named "g2" (no character): the words it sits in decide it is "fi" ("first", "file", …), only
    where the glyph was lost, so "eluent", a good word one ligature away from "effluent", stays as printed."""
    from pdfgen import ligature_pdf

    from tzqa.ingest.pdf_layout import layout_pages

    path = ligature_pdf(LOST, tmp_path / "unnamed.pdf", ligature="g2")
    assert layout_pages(path)[0] == "the first file was efficient\na final specific figure\nthe eluent and the office"
    assert measure(path).words_restored == 7  # what `tzqa eval --library` reports as "ligature words"
    assert measure(ligature_pdf(LOST, tmp_path / "named.pdf")).words_restored == 0  # named by the font: no guess


def test_lost_glyph_vote_wants_agreeing_distinct_words():
    """A glyph is restored as a ligature only when half the distinct words it sits in become English by it, counted
    once each: a math accent over "u" ("flu" many times, "bflc", "flq") is not "fl"; a symbol (a minus sign
    with no letters beside it) is dropped; words are repaired only where a glyph was lost."""
    from tzqa.ingest.pdf_glyphs import choose_ligatures, restore_ligatures

    accent = ["(cid:1:22)u " * 9 + "b(cid:1:22)c c(cid:1:22)c (cid:1:22)q (cid:1:22)v (cid:1:22)ame"]
    assert choose_ligatures(accent) == {}
    pages = ["the e(cid:0:11)ect of (cid:0:12)rst doses", "Trpv4(cid:3:2)/(cid:3:2) mice, di(cid:0:11)erent eluent",
             "a (cid:0:12)nal dose; one (cid:0:13)ow word alone is not enough"]
    assert restore_ligatures(pages) == (["the effect of first doses", "Trpv4/ mice, different eluent",
                                         "a final dose; one ow word alone is not enough"], 4)


def test_generated_reference_list_without_a_heading_found_by_its_shape(tmp_path):
    """A preprint's list follows its acknowledgements with no "References" heading: the numbered run of entries
    with years at the end is the list (a 1994 preprint had none found); the body's own numbered steps, dated
    ones too, are not, and stay text."""
    from pdfgen import render_pdf

    from tzqa.ingest.library.folder import read_article

    body = [f"The adults in ward {k} were measured twice [{k % 5 + 1}], as in earlier work [{(k + 2) % 5 + 1}]."
            for k in range(12)]
    steps = ["1. Patients were enrolled in 2004 and followed for a year.", "2. Doses were adjusted in 2005.",
             "3. Outcomes were read by two observers from 2006 on."]
    refs = [f"[{n}] A. Author{n} and B. Other, J. Test Med. {n}, {100 + n} (19{80 + n})." for n in range(1, 6)]
    text = "\n\n".join(["Introduction", *body[:6], "Methods", *steps, *body[6:], "Acknowledgements",
                        "We thank the wards for their help.", *refs])
    article = read_article(render_pdf(text, tmp_path / "preprint.pdf"))
    assert [r.number for r in article.references] == [1, 2, 3, 4, 5]
    assert article.references[2].year == 1983
    text_read = " ".join(b.text for b in article.blocks)
    assert "Doses were adjusted in 2005." in text_read and "Author3" not in text_read


def test_numbered_body_list_is_not_a_reference_list():
    """Numbered paragraphs with years that stop well before the end (a method's steps) are not the list."""
    from tzqa.ingest.unheaded_list import find_list

    steps = ["1. Enrolled in 2004.", "2. Followed from 2005.", "3. Read in 2006."]
    assert find_list(["Intro text."] * 3 + steps + ["More text."] * 20) == []
    assert find_list(["Intro text."] * 20 + ["[1] A. B, J. 1 (1990). [2] C. D, J. 2 (1991).", "[3] E. F, J. 3 (1992)."]) \
        == [20, 21]


def test_generated_cover_links_copyright_and_run_in_back_statements_are_not_passages(tmp_path):
    """A provisional PDF's cover page (Trials: its links and "© 2014 Sood et al." alone on lines) and back matter
    printed as a run-in statement beside the text ("Competing interests: none", "Funding: …") are not passages;
    a sentence holding a link is."""
    from pdfgen import render_pdf

    from tzqa.ingest.library.folder import read_article

    text = "\n\n".join(["http://www.journal.example.org/authors/instructions/", "© 2014 Sood et al.",
                        "Introduction", "The adults in the ward were measured twice in 2010 and again in 2012.",
                        "Competing interests: No competing interests were disclosed.",
                        "Funding: The ward paid for the scales. The funders had no role in the study.",
                        "The protocol is at http://www.trials.example.org/NCT0001 and was followed throughout.",
                        "The children were measured once, as the protocol allowed."])
    texts = [b.text for b in read_article(render_pdf(text, tmp_path / "cover.pdf")).blocks]
    assert not any(t.startswith(("http", "©", "Competing", "Funding")) for t in texts), texts
    assert any("protocol is at http://www.trials.example.org/NCT0001" in t for t in texts)
    assert any(t.startswith("The adults in the ward") for t in texts)


def test_generated_short_right_column_is_still_a_column(tmp_path):
    """A list's last page: the left column full of entries, the right one holding only the last three (Hindawi
    2014: [39]–[41] beside [22]–[25]). Too few lines on the right for a gutter, the page was read row by row and
    "[39]" landed inside entry 22 (38 of 41 entries); now the short column is a column."""
    import textwrap

    from pdfgen import render_columns

    from tzqa.ingest.library.folder import read_article

    body = textwrap.wrap(" ".join(f"Plants in plot {k} took up more phosphorus [{k % 15 + 1}]." for k in range(60)), 50)
    entries = [textwrap.wrap(f"[{n}] A. Author{n} and B. Other, “A study of plot {n} under foliar sprays,” Journal of "
                             f"Test Agronomy, vol. {n}, pp. {n}–{n + 9}, 19{70 + n}.", 48) for n in range(1, 19)]
    lines = [ln if k == 0 else "     " + ln for e in entries for k, ln in enumerate(e)]
    tail = [ln for e in entries[15:] for ln in e]
    pages = [(body[:40], body[40:]), (["References", *lines[:len(lines) - len(tail)]], tail)]
    assert len(tail) < 0.2 * (len(lines) + 1)  # too few on the right for a gutter by the usual share
    article = read_article(render_columns(pages, tmp_path / "short.pdf", folio=False))
    assert [r.number for r in article.references] == list(range(1, 19))
    assert all("[16]" not in r.raw for r in article.references)


def test_author_year_entries_after_a_doi_with_accented_initials_end_before_back_matter():
    """Front Psychol 2014's list (87 of 97 found): an entry that ends with a DOI whose last character is a letter
    ("…0257-z"), or a DOI a line break split ("…2011. 01919.x"), is followed by the next entry; initials and
    surnames beyond ASCII ("Miklósi, Á.", TeX's "Ostoji´c, L.") start one; the last entry stops before a
    "Conflict of Interest Statement:" printed after it."""
    from tzqa.ingest.library.reflist import parse_list

    text = ("Virányi, Z., and Topál, J. (2006). A test of attribution. Anim. Cogn. 9, 13–26. doi: 10.1007/s10071-005-0257-z "
            "Werdenich, D., and Huber, L. (2002). Social factors. Anim. Behav. 64, 771–781. doi: 10.1111/j.1439-0310.2011.\n"
            "01919.x Miklósi, Á., and Topál, J. (2005). A simple recipe. Trends Cogn. Sci. 9, 463–464. doi: 10.1016/a.b-x\n"
            "Ostoji´c, L., and Clayton, N. (2014). Coordination of dogs. Anim. Cogn. 17, 445–459. doi: 10.1007/s1-013-7 "
            "Conflict of Interest Statement: The authors declare no conflict. Received: 24 July 2014.")
    refs = parse_list(text)
    assert [r.raw.split(",")[0] for r in refs] == ["Virányi", "Werdenich", "Miklósi", "Ostoji´c"]
    assert refs[1].doi == "10.1111/j.1439-0310.2011.01919.x" and "Conflict" not in refs[-1].raw
