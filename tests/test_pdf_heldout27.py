"""What the third 2026-12-07 held-out set showed (docs/library.md, "Held out again (third set)"), as small cases."""
from __future__ import annotations


def _nature_page() -> list:
    """A Nature page's lines as pdfminer gives them: two justified columns 9.4 pt apart (293.3 | 302.7), a
    paragraph's short last lines, and a figure's labels, a few of them across the gap."""
    from tzqa.ingest.pdf_lines import Line

    lines = []
    for k in range(50):
        top = 60.0 + 11 * k
        lines.append(Line(42.5, 293.3 if k % 7 else 180.0, top, top + 9, f"left column line {k}"))
        lines.append(Line(302.7 if k % 7 else 314.0, 553.5, top, top + 9, f"right column line {k}"))
    for k, (x0, x1) in enumerate([(242.1, 308.9), (280.4, 301.2), (300.5, 308.9), (291.3, 302.9)]):
        lines.append(Line(x0, x1, 620.0 + 12 * k, 628.0 + 12 * k, "0.4"))
    return lines


def test_two_columns_closer_than_ten_points_are_read_one_after_the_other():
    """Nature Neuroscience 2011 sets its columns 9.4 pt apart; the gutter wanted a 10 pt clear band, found
    none, and read the page's two columns line by line into each other ("the synapses. … affect behavior,
    enhancing"), and its reference list too (36 of 50 entries). Two straight edges make a narrow gap a gutter."""
    from tzqa.ingest.pdf_regions import column_gutter

    gutter = column_gutter(_nature_page(), 594.0)
    assert gutter is not None and 293.3 < gutter < 302.7


def test_a_narrow_gap_in_one_column_of_justified_text_is_not_a_gutter():
    """A justified line that pdfminer cut at a stretched space leaves a gap near the middle, but at a word's
    end, a different x on every line: no straight edges, so one column stays one column."""
    from tzqa.ingest.pdf_lines import Line
    from tzqa.ingest.pdf_regions import column_gutter

    lines = []
    for k in range(60):
        top = 60.0 + 11 * k
        cut = 250.0 + (k * 37) % 90  # where this line's stretched space fell
        lines += [Line(42.5, cut, top, top + 9, "words before"), Line(cut + 7, 553.5, top, top + 9, "words after")]
    assert column_gutter(lines, 594.0) is None


# IJCAI 2007's list: each entry labelled with its own citation, authors initials first, the year at the end.
IJCAI_LIST = """[Agichtein and Gravano, 2000] E. Agichtein and L.
Gravano. Snowball: Extracting relations from large plain-text
collections. In Proceedings of the Fifth ACM International
Conference on Digital Libraries, 2000.
[Brin, 1998] S. Brin. Extracting Patterns and Relations from
the World Wide Web. In WebDB Workshop, pages 172–183, 1998.
[Culotta et al., 2006] A. Culotta, A. McCallum, and J. Betz.
Integrating probabilistic extraction models and relational
data mining. In Proceedings of HLT-NAACL, 2006.
[Downey et al., 2005] D. Downey, O. Etzioni, and S. Soderland.
A Probabilistic Model of Redundancy in Information
Extraction. In Proc. of IJCAI, 2005.
[Rosario and Hearst, 2004] B. Rosario and M. Hearst. Clas-
sifying semantic relations in bioscience text. In Proc. of
ACL, 2004.
"""


def test_a_list_labelled_with_its_citations_is_read_and_cited_by_them(tmp_path):
    """Banko et al., IJCAI 2007: "[Brin, 1998] S. Brin. …" was neither numbered, nor alpha-labelled, nor an
    author–year entry's start, so 8 of 22 entries were read, cut at initials, and every citation "[Rosario and
    Hearst, 2004; Culotta et al., 2006]" was reported unresolved (20 of them)."""
    from tzqa.ingest.library.reflist import is_author_year, parse_list
    from tzqa.ingest.library.textdoc import read_text_document

    refs = parse_list(IJCAI_LIST)
    assert [r.label for r in refs] == ["Agichtein and Gravano, 2000", "Brin, 1998", "Culotta et al., 2006",
                                       "Downey et al., 2005", "Rosario and Hearst, 2004"]
    assert refs[0].authors == ("Agichtein E", "Gravano L") and refs[2].authors == ("Culotta A", "McCallum A", "Betz J")
    assert refs[1].title == "Extracting Patterns and Relations from the World Wide Web" and refs[1].year == 1998
    assert is_author_year(IJCAI_LIST)
    doc = tmp_path / "ijcai.txt"
    doc.write_text("Open extraction\n\nIntroduction\n\nPatterns [Brin, 1998] and graphical models [Rosario and Hearst, "
                   "2004; Culotta et al., 2006] were tried, and redundancy [Downey et al., 2005], but not [Smith, "
                   "1999].\n\nReferences\n\n" + IJCAI_LIST)
    article = read_text_document(doc)
    assert article.blocks[0].citations == (2, 5, 3, 4)
    assert [n for n in article.notes if "Smith, 1999" in n] and not [n for n in article.notes if "Brin" in n]


# JMLR 2014's list: initials first, single authors closed by a full stop, the year last.
JMLR_LIST = """M. Chen, Z. Xu, K. Weinberger, and F. Sha. Marginalized denoising autoencoders for
domain adaptation. In Proceedings of the 29th International Conference on Machine
Learning, pages 767–774. ACM, 2012.
G. E. Hinton and R. Salakhutdinov. Reducing the dimensionality of data with neural networks.
Science, 313(5786):504 – 507, 2006.
A. Krizhevsky. Learning multiple layers of features from tiny images. Technical report,
University of Toronto, 2009.
A. Krizhevsky, I. Sutskever, and G. E. Hinton. Imagenet classification with deep convolu-
tional neural networks. In Advances in Neural Information Processing Systems 25, pages
1106–1114, 2012.
V. Mnih. CUDAMat: a CUDA-based matrix class for Python. Technical Report UTML TR
2009-004, Department of Computer Science, University of Toronto, November 2009.
L. van der Maaten, M. Chen, S. Tyree, and K. Q. Weinberger. Learning with marginalized
corrupted features. In Proceedings of the 30th International Conference on Machine
Learning, pages 410–418. ACM, 2013.
"""


def test_initials_first_entries_with_the_year_last_keep_their_authors_and_are_cited():
    """Srivastava et al., JMLR 2014: "G. E. Dahl, M. Ranzato, …" fell apart at its initials, so no entry kept
    authors and all 73 author–year citations were reported unresolved; single authors ("V. Mnih. CUDAMat …")
    started no entry (30 of 36)."""
    from tzqa.ingest.library.authoryear import AuthorYear
    from tzqa.ingest.library.reflist import parse_list

    refs = parse_list(JMLR_LIST)
    assert [r.authors[0] for r in refs] == ["Chen M", "Hinton GE", "Krizhevsky A", "Krizhevsky A", "Mnih V",
                                            "van der Maaten L"]
    assert [r.year for r in refs] == [2012, 2006, 2009, 2012, 2009, 2013]
    assert refs[4].title == "CUDAMat: a CUDA-based matrix class for Python"
    problems: list[str] = []
    text = ("Related (Chen et al., 2012; van der Maaten et al., 2013) and earlier work (Hinton and Salakhutdinov, "
            "2006; Krizhevsky, 2009) ran on CUDAMat (Mnih, 2009).")
    found = [nums for _, _, nums in AuthorYear.of(refs).markers(text, problems)]
    assert found == [(1, 6), (2, 3), (5,)] and problems == []


def _jats(body: str) -> bytes:
    refs = "".join(f'<ref id="r{i}"><element-citation><article-title>Paper {i}</article-title>'
                   f"<year>200{i % 10}</year></element-citation></ref>" for i in range(1, 21))
    return (f'<article><front><article-meta><title-group><article-title>T</article-title></title-group>'
            f'<abstract><p>Abstract text here.</p></abstract></article-meta></front>'
            f'<body>{body}</body><back><ref-list>{refs}</ref-list></back></article>').encode()


def test_a_table_header_citation_is_carried_by_every_row_printed_under_it():
    """F1000Research 8:1394 heads a column "Toxicity assessment according to Ref. 2": every row passage printed
    the words "according to Ref. 2" but cited nothing (recall 0.980, the bar's edge)."""
    from tzqa.ingest.library.jats import read_jats
    from tzqa.ingest.library.passages import article_passages

    art = read_jats(_jats(
        '<p>See Table 1.</p><table-wrap id="t1"><label>Table 1</label><caption><p>Doses.</p></caption><table>'
        '<thead><tr><th>Sample</th><th>Limit by Ref. <xref ref-type="bibr" rid="r2">2</xref></th></tr></thead>'
        '<tbody><tr><td>A</td><td>above</td></tr><tr><td>B</td><td/></tr>'
        '<tr><td>C</td><td>below <xref ref-type="bibr" rid="r5">5</xref></td></tr></tbody></table></table-wrap>'))
    rows = [p for p in article_passages(art) if p.kind == "table_row"]
    assert rows[0].text == "Table 1. Doses. — Sample: A; Limit by Ref. 2: above" and rows[0].refs == (2,)
    assert rows[1].refs == ()  # no value printed under the header: its citation is not on this row
    assert rows[2].refs == (5, 2)


def test_a_range_whose_dash_is_set_apart_is_a_range_in_the_measure():
    """Rev Bras Anestesiol 2019 (SciELO) writes "13<sup>-</sup>15": the reader cites 13, 14 and 15, as printed,
    and the measure took 14 for a number no xref backs (precision 0.974)."""
    from tzqa.evaluation.library import measure_jats

    fig = measure_jats_bytes(measure_jats, _jats(
        '<p>Hormones may cause the difference.<xref ref-type="bibr" rid="r13">13</xref><sup>-</sup>'
        '<xref ref-type="bibr" rid="r15">15</xref> Muscle is lost later in men.<xref ref-type="bibr" rid="r16">'
        '16</xref></p>'))
    assert (fig.links, fig.links_carried, fig.precision) == (4, 4, 1.0)


def measure_jats_bytes(measure, data: bytes):  # type: ignore[no-untyped-def]
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "a.xml"
        path.write_bytes(data)
        return measure(path)


def test_a_long_list_is_cited_by_wide_ranges_and_a_short_one_is_not():
    """Annals of Internal Medicine 2004 (210 entries) cites "(167–190)" and "(15, 81–101)": a range wider than 15
    was read as no citation at all, so 24 and 22 entries went missing from their passages."""
    from tzqa.ingest.library.cite import find_markers

    text = "We found 16 systems (167–190) and 13 more (15, 81–101). Patients were aged (10–30)."
    found = [m.numbers for m in find_markers(text, 210)]
    assert found[0] == tuple(range(167, 191)) and found[1] == (15, *range(81, 102))
    assert [m.numbers for m in find_markers("Patients were aged (10–30).", 40)] == []


def test_licence_and_copyright_lines_of_tex_papers_are_furniture():
    """Proceedings of Science and JMLR print "© Copyright owned by the author(s) under the terms of the Creative
    Commons …" and "© 2014 Nitish Srivastava, …"; TeX's circled "c" lost its circle ("c2014 Nitish …") and both
    lines stood as passages."""
    from tzqa.ingest.library.furniture import is_front_furniture

    assert is_front_furniture("c Copyright owned by the author(s) under the terms of the Creative Commons "
                              "Attribution-NonCommercial-ShareAlike Licence. http://pos.sissa.it/")
    assert is_front_furniture("c2014 Nitish Srivastava, Geoffrey Hinton, Alex Krizhevsky, Ilya Sutskever and Ruslan "
                              "Salakhutdinov. (a) Standard Neural Net (b) After applying dropout.")
    assert is_front_furniture("© 2011 Nature America, Inc. All rights reserved.")
    assert is_front_furniture("r 1998 Wiley-Liss, Inc.")  # Glia 1998: the symbol font's "©" read as "r"
    assert not is_front_furniture("In 1998 Wiley-Liss published the first volume, Inc. and Ltd. aside.")
    assert not is_front_furniture("c2014 was a year of change: the consortium published under the terms of the "
                                  "Creative Commons licence its first data set.")


def test_references_named_in_running_text_are_citations():
    """Nature Neuroscience cites by superscripts, but after a number or a unit it writes "(refs. 12,33,34)" and
    "(ref. 45)", where a superscript would read as an exponent: those references were on no passage."""
    from tzqa.ingest.library.cite import find_markers

    def cited(text: str) -> list[tuple[int, ...]]:
        return [m.numbers for m in find_markers(text, 50)]

    assert cited("fields under 5 mV mm−1 (refs. 12,33,34). Whether") == [(12, 33, 34)]
    assert cited("between Ve and Vm (ref. 45), as determined") == [(45,)]
    assert cited("as shown in Ref. 3 and refs. 7–9.") == [(3,), (7, 8, 9)]
    assert cited("a ref. 3.5 mm electrode") == [] and cited("refs. 12 in an author–year text") != []
    assert [m.numbers for m in find_markers("(refs. 12,33,34)", 50, numeric=False)] == []


def test_an_affiliation_block_closed_by_its_correspondence_note_is_furniture():
    """Nature's first-page footnote: affiliations, "These authors contributed equally to the work. Correspondence
    should be addressed to …" — its prose words kept it from reading as an affiliation, and it stood as a passage."""
    from tzqa.ingest.library.furniture import is_front_furniture

    assert is_front_furniture(
        "1Division of Biology, California Institute of Technology, Pasadena, California, USA. 2Department of "
        "Bioengineering, Imperial College, London, UK. 3Laboratory of Neural Microcircuitry, EPFL, Lausanne, "
        "Switzerland. 5These authors contributed equally to the work. Correspondence should be addressed to C.A.A. "
        "(costas@caltech.edu).")
    assert not is_front_furniture("The letters were sent to the department: correspondence should be addressed to "
                                  "the ethics board, which reviewed every protocol over two years of the study.")


def test_methods_printed_after_the_reference_list_are_text_and_their_references_join_the_list():
    """Nature Neuroscience prints "ONLINE METHODS" after its reference list, with one more entry ("50. Berens,
    P. …") at its end. Nothing after the list was read as text: the methods (16 paragraphs) were lost, and the
    list had 49 of 50 entries. The page's footer, the journal's name over the DOI, is no paragraph."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    text = "\n\n".join(f"Paragraph {k} of the results, which reports what was measured in the slices." for k in range(9))
    entries = "\n\n".join(f"{n}. Author{n}, A.B. & Other, C. A study of item {n}. J. Things {n}, 1–9 ({1990 + n})."
                          for n in range(1, 7))
    page = (text + "\n\nAcknowledgments\n\nWe thank our colleagues.\n\n" + entries + "\n\n"
            "ONLINE METHODS Slice preparation. We cut slices of the cortex and kept them at 37 °C for an hour.\n\n"
            "Data analysis. All analyses used custom programs, as described before.\n\n"
            "7. Berens, P. CircStat: a MATLAB toolbox for circular statistics. J. Stat. Softw. 31, 1–21 (2009).\n\n"
            "nature neuroscience doi:10.1038/nn.2727")
    paper = clean_pages([page])
    methods = [b for b in paper.blocks if b.section == "Online Methods"]
    assert [b.text[:15] for b in methods] == ["Slice preparati", "Data analysis. "]
    assert "thank" not in " ".join(b.text for b in paper.blocks) and "doi:" not in " ".join(b.text for b in paper.blocks)
    refs = parse_list(paper.references_text)
    assert [r.number for r in refs] == [1, 2, 3, 4, 5, 6, 7] and refs[-1].title.startswith("CircStat")


def test_a_heading_broken_at_its_line_end_is_one_heading():
    """CVPR 2018 workshop paper: "3.1. Dilated Convolutions for Multicolumn Net-" / "works" gave a section "…
    Net-" and a passage "works"."""
    from tzqa.ingest.clean import clean_pages

    filler = "\n\n".join(f"Paragraph {k} explains the method in a full sentence of text." for k in range(3))
    page = (filler + "\n\n3.1. Dilated Convolutions for Multicolumn Net-\nworks\nWe propose the use of dilated "
            "convolutions as an alternative.\n\n3.2. Experiments\nWe evaluated the network on four data sets.")
    paper = clean_pages([page])
    assert [b.section for b in paper.blocks][-2:] == ["3.1 Dilated Convolutions for Multicolumn Networks",
                                                      "3.2 Experiments"]
    assert paper.blocks[-2].text.startswith("We propose") and "works" not in [b.text for b in paper.blocks]


def test_exponents_of_a_quantity_and_of_a_two_letter_variable_are_not_citations():
    """Proceedings of Science 2014 (lattice QCD): "(1GeV)³" and "(1GeV)⁴" were read as citations [3] and [4],
    and "O(αs a²)", set "O(a sa2)" where "sa" also stands alone, as [2]."""
    from tzqa.ingest.library.cite import find_markers
    from tzqa.ingest.pdf_lines import _cites_after

    assert not _cites_after("consistent with nominal values (1GeV)") and not _cites_after("of (10 nm)")
    assert _cites_after("as shown in earlier studies (in mice)") and _cites_after("cells")
    words = frozenset({"sa", "of", "the", "cells", "are"})
    text = "corrections of O(a sa) and O(a sa2) are small, as in cells12 before."
    assert [m.numbers for m in find_markers(text, 20, words=words)] == [(12,)]
