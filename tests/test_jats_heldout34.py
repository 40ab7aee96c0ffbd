"""What the tenth 2026-12-07 held-out set showed of the JATS reader (docs/library.md, "Tenth held-out set"), as
small generated articles (no held-out file is copied).

The reader read the abstract and the body only, so citations set after the body were on no passage: eLife's
appendix (``<back><app-group>``), a footnote to the text (``<back><fn-group>``), a data-availability statement
citing where the data come from (``<back><sec>``), a supplementary file's description citing its source. And two
passages held nothing to read: a paragraph that is only a MathML formula, a table row that is only "/".
"""
from __future__ import annotations

from pathlib import Path

from tzqa.evaluation.library import measure_jats
from tzqa.ingest.library.jats import read_jats
from tzqa.ingest.library.passages import article_passages


def _xml(body: str, back: str = "", front: str = "") -> bytes:
    refs = "".join(f'<ref id="r{i}"><element-citation><person-group><name><surname>Author{i}</surname>'
                   f"<given-names>A</given-names></name></person-group><article-title>Paper {i}</article-title>"
                   f"<year>{1990 + i}</year></element-citation></ref>" for i in range(1, 21))
    return (f'<article><front><article-meta><title-group><article-title>T</article-title></title-group>{front}'
            f"<abstract><p>An abstract long enough to be read as one.</p></abstract></article-meta></front>"
            f"<body>{body}</body><back>{back}<ref-list>{refs}</ref-list></back></article>").encode()


def _cite(n: int, text: str = "") -> str:
    return f'<xref ref-type="bibr" rid="r{n}">{text or f"Author{n}, {1990 + n}"}</xref>'


_BODY = ("<sec><title>Results</title><p>Masks were rare in the ads of one party"
         '<xref ref-type="fn" rid="fn1">1</xref>, as we expected.</p></sec>')


def _blocks(xml: bytes) -> list[tuple[str, str, tuple[int, ...]]]:
    return [(b.section, b.text, b.citations) for b in read_jats(xml).blocks]


def test_an_appendix_is_read_after_the_body_under_its_title(tmp_path: Path):
    """eLife sets a long appendix in ``<back><app-group><app><boxed-text><sec>``: 117 of the article's 405
    citation links were there, on no passage (recall 0.743)."""
    back = ("<app-group><app id='a1'><title>Appendix 1</title><boxed-text><sec><title>Biomass composition</title>"
            f"<p>The composition is based on M. capri ({_cite(3)}) and on E. coli ({_cite(4)}).</p>"
            "<sec><title>Lipids</title><p>Lipids were studied before in the same strain.</p></sec>"
            "</sec></boxed-text></app></app-group>")
    xml = _xml("<sec><title>Intro</title><p>Body text of the article that comes first.</p></sec>", back)
    blocks = _blocks(xml)
    assert blocks[0] == ("Intro", "Body text of the article that comes first.", ())
    assert blocks[1] == ("Appendix 1 › Biomass composition",
                         "The composition is based on M. capri (Author3, 1993) and on E. coli (Author4, 1994).",
                         (3, 4))
    assert blocks[2][0] == "Appendix 1 › Biomass composition › Lipids"
    ids = [p.id for p in article_passages(read_jats(xml)) if p.kind == "paragraph"]
    assert ids[:2] == [ids[0].split(":")[0] + ":0", ids[0].split(":")[0] + ":1"], "the body keeps its ids"
    f = tmp_path / "a.xml"
    f.write_bytes(xml)
    assert measure_jats(f).recall == 1.0


def test_notes_to_the_text_are_read_and_notes_about_the_publication_are_not():
    """Amsterdam UP's CCR sets its footnotes in ``<back><fn-group><title>Notes</title>``; the first cites three
    entries ("… issue emphases (Dolan & Lynch, 2017; Sapiro et al., 2011)"), which were on no passage."""
    front = ('<contrib-group><contrib contrib-type="author"><name><surname>Yao</surname><given-names>J</given-names>'
             '</name><xref ref-type="fn" rid="con1"/></contrib></contrib-group>')
    back = ("<fn-group><title>Notes</title>"
            f'<fn id="fn1" symbol="1"><p>Few gender differences are found in issue emphases ({_cite(9)}; '
            f"{_cite(12)}).</p></fn>"
            '<fn id="fn2"><p>Not pointed at, citing nothing: a note about the publication.</p></fn>'
            '<fn id="fn3"><p>Not pointed at, but citing the list all the same ' + _cite(5) + ".</p></fn></fn-group>"
            '<fn-group><fn id="con1" fn-type="con"><p>JY designed the study and wrote the paper.</p></fn></fn-group>'
            "<sec><title>Funding</title><p>The authors declare no funding.</p></sec>"
            "<ack><title>Acknowledgements</title><p>We thank the reviewers for their comments.</p></ack>")
    blocks = _blocks(_xml(_BODY, back, front))
    assert blocks[1:] == [
        ("Notes", "Few gender differences are found in issue emphases (Author9, 1999; Author12, 2002).", (9, 12)),
        ("Notes", "Not pointed at, but citing the list all the same Author5, 1995.", (5,))]


def test_a_note_the_text_points_at_is_read_even_when_it_cites_nothing():
    back = '<fn-group><fn id="fn1"><label>1</label><p>Percentile values come from tax records.</p></fn></fn-group>'
    assert _blocks(_xml(_BODY, back))[1] == ("Notes", "Percentile values come from tax records.", ())


def test_a_table_footnote_stays_with_its_table_and_is_not_read_again():
    body = ("<sec><title>Results</title><p>See Table 1 for the estimates.</p><table-wrap id='t1'><label>Table 1"
            "</label><caption><title>Estimates</title></caption><table><tr><th>Term</th><th>Estimate</th></tr>"
            "<tr><td>Woman</td><td>0.27*</td></tr></table><table-wrap-foot><fn-group><fn id='tf1'><p>p &lt; 0.05, "
            "as in " + _cite(2) + "</p></fn></fn-group></table-wrap-foot></table-wrap></sec>")
    art = read_jats(_xml(body))
    assert [b.text for b in art.blocks] == ["See Table 1 for the estimates."]
    assert [c.text for c in art.captions] == ["Table 1. Estimates. p < 0.05, as in Author2, 1992."]


def test_a_back_matter_part_that_cites_is_read_whole_and_declarations_are_not(tmp_path: Path):
    """Athena's Growth and Form ends with a "Data Availability" ``<sec>`` citing 26 entries ("openly available in
    references [9–13,34,37–52,…]"), on no passage (recall 0.851). Funding, contributions, competing interests and
    acknowledgements cite nothing and stay out."""
    back = ("<sec><title>Conflict of Interest</title><p>The authors declare no conflict of interest.</p></sec>"
            "<sec><title>Funding</title><p>The authors declare no funding.</p></sec>"
            "<sec><title>Data Availability</title><p>The data that support the findings of this study are openly "
            f"available in references [{_cite(9, '9')}–{_cite(13, '13')},{_cite(15, '15')} (and references "
            "therein)].</p></sec><ack><title>Acknowledgments</title><p>We thank the handling editor.</p></ack>")
    xml = _xml("<sec><title>Intro</title><p>Body text of the article that comes first.</p></sec>", back)
    assert _blocks(xml)[1:] == [
        ("Data Availability", "The data that support the findings of this study are openly available in references "
                              "[9–13,15 (and references therein)].", (9, 10, 11, 12, 13, 15))]
    f = tmp_path / "g.xml"
    f.write_bytes(xml)
    fig = measure_jats(f)
    assert (fig.links, fig.recall, fig.precision) == (6, 1.0, 1.0)


def test_a_supplementary_files_description_is_read_when_it_cites():
    """eLife's "Supplementary file 6. Comparison … to that of M. pneumoniae published by Wodke et al. (2013)" and
    Springer's "Figure S2 … obtained from Ref [24]" (heldout25's PMC7417471: recall 0.993) cite an entry; a
    description that cites nothing names a file the library does not hold, as does Springer's list of them
    ("<p><supplementary-material>… Supplementary Information …</p>", a passage of its own before)."""
    back = ("<sec sec-type='supplementary-material'><title>Additional files</title>"
            "<supplementary-material id='s6'><label>Supplementary file 6.</label><caption><title>Comparison of the "
            f"reconstruction to that published by {_cite(7, 'Author7 et al. (1997)')}.</title></caption>"
            "</supplementary-material><supplementary-material id='s7'><label>Supplementary file 7.</label><caption>"
            "<title>Primers used in this study.</title></caption></supplementary-material></sec>"
            "<app-group><app><sec><title>Supplementary information</title><p><supplementary-material id='m1'>"
            "<media><caption><p>Supplementary Information.</p></caption></media></supplementary-material></p>"
            "</sec></app></app-group>")
    body = ("<sec><title>Results</title><p>Body text of the article that comes first.</p>"
            "<supplementary-material id='m2'><media><caption><p><bold>Figure S2.</bold> Loops (a–e) are obtained "
            f"from Ref [{_cite(4, '4')}].</p></caption></media></supplementary-material></sec>")
    assert _blocks(_xml(body, back)) == [
        ("Results", "Body text of the article that comes first.", ()),
        ("Results", "Figure S2. Loops (a–e) are obtained from Ref [4].", (4,)),
        ("Additional files", "Supplementary file 6. Comparison of the reconstruction to that published by Author7 "
                             "et al. (1997).", (7,))]


def test_a_paragraph_that_is_only_a_formula_is_no_passage():
    """CCR's model is ``<p><disp-formula><mml:math>…</mml:math></disp-formula></p>`` with no text alternative:
    the passage "[formula]" held nothing to read (the measure's "empty")."""
    math = ('<disp-formula><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>y</mi><mo>=</mo><mi>x</mi>'
            "</math></disp-formula>")
    body = (f"<sec><title>Methods</title><p>We estimate the following model:</p><p>{math}</p>"
            f"<p>where {math} holds for every ad.</p></sec>")
    assert [t for _, t, _ in _blocks(_xml(body))] == [
        "We estimate the following model:", "where [formula] holds for every ad."]


def test_a_table_row_with_nothing_to_read_is_no_passage():
    """CCR's regression tables print a row "/" (Stata's line before the variance terms) with three empty cells:
    "Table 8 — /" was a passage. The rows after it keep their ids."""
    body = ("<sec><title>Results</title><p>See the table.</p><table-wrap id='t8'><label>Table 8</label><table>"
            "<thead><tr><th/><th>(1)</th></tr></thead><tbody><tr><td>Woman</td><td>0.275</td></tr>"
            "<tr><td>/</td><td/></tr><tr><td>—</td><td>–</td></tr><tr><td>var(_cons)</td><td>5.837***</td></tr>"
            "</tbody></table></table-wrap></sec>")
    rows = [(p.id.split(":", 1)[1], p.text) for p in article_passages(read_jats(_xml(body))) if p.kind == "table_row"]
    assert rows == [("table8:0", "Table 8 — Woman; (1): 0.275"), ("table8:3", "Table 8 — var(_cons); (1): 5.837***")]
