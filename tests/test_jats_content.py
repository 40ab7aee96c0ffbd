"""Complete JATS: captions, floats-group tables, lists as items, formulas, no empty passages, digests, sub-articles.

Each behaviour on the real articles in ``tests/data/realdocs`` (eLife and PMC layouts; licences in
SOURCES.md), and on small generated XML where an edge needs to be pinned exactly.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tzqa.evaluation.library import measure_jats
from tzqa.ingest.library.jats import read_jats
from tzqa.ingest.library.passages import article_passages

DATA = Path(__file__).parent / "data" / "realdocs"
JATS = sorted(p.name for p in DATA.iterdir() if p.suffix in (".xml", ".nxml"))


def _article(body: str, back: str = "", extra: str = "") -> bytes:
    refs = "".join(f'<ref id="r{i}"><element-citation><article-title>Paper {i}</article-title>'
                   f"<year>200{i % 10}</year></element-citation></ref>" for i in range(1, 21))
    return (f'<article><front><article-meta><title-group><article-title>T</article-title></title-group>'
            f'<abstract><p>Abstract text here.</p></abstract>{extra}</article-meta></front>'
            f'<body>{body}</body><back><ref-list>{refs}</ref-list>{back}</back></article>').encode()


@pytest.mark.parametrize("name", JATS)
def test_real_articles_keep_every_citation_link_and_reference(name):
    """The issue's bar: ≥ 98% of the XML's links on the passage holding them, none invented, every entry kept."""
    fig = measure_jats(DATA / name)
    assert fig.links > 20
    assert fig.recall >= 0.98, (fig.links_carried, fig.links)
    assert fig.precision == 1.0, "a passage cites a number none of its xrefs does"
    assert fig.references_read == fig.references_xml
    assert fig.empty_passages == []
    assert fig.captions_read == fig.captions_xml


def test_figure_captions_are_passages_with_their_label_and_citations():
    art = read_jats((DATA / "elife03385.xml").read_bytes())
    caps = [p for p in article_passages(art) if p.kind == "caption"]
    assert caps and all(p.id.split(":")[-1].startswith("caption") for p in caps)
    fig9 = next(p for p in caps if p.section == "Figure 9")
    assert fig9.text.startswith("Figure 9. Rules of engagement")
    assert "Zagórska et al., 2014" in fig9.text and fig9.refs, "a caption's xref is a citation of the caption"
    assert all("DOI:" not in p.text and "dx.doi.org" not in p.text for p in caps), "eLife's DOI line left out"


def test_caption_passages_do_not_renumber_paragraphs():
    """Captions come after the body: paragraph ids of a document already in a library stay what they were."""
    art = read_jats((DATA / "elife02935.xml").read_bytes())
    passages = article_passages(art)
    kinds = [p.kind for p in passages]
    first_caption = kinds.index("caption")
    assert "paragraph" not in kinds[first_caption:]
    assert [p.id for p in passages[:first_caption]] == [f"{art.record.id}:{i}" for i in range(first_caption)]


def test_floats_group_tables_and_table_footnotes_are_read():
    art = read_jats((DATA / "ehp-116-1694.nxml").read_bytes())  # its three figures are in <floats-group>
    assert [c.section for c in art.captions] == ["Figure 1", "Figure 2", "Figure 3"]
    xml = _article("<p>See Table 1.</p>").replace(
        b"</back>", b'</back><floats-group><table-wrap id="t1"><label>Table 1</label><caption><p>Doses.</p>'
                    b'</caption><table><tr><th>Drug</th><th>Dose</th></tr><tr><td>A</td><td>2</td></tr></table>'
                    b'<table-wrap-foot><p>Dose from <xref ref-type="bibr" rid="r7">7</xref>.</p></table-wrap-foot>'
                    b'</table-wrap></floats-group>')
    art = read_jats(xml)
    assert [t.label for t in art.tables] == ["Table 1"], "PMC moves tables to <floats-group>, outside <body>"
    assert [p.text for p in article_passages(art) if p.kind == "table_row"] == ["Table 1. Doses. — Drug: A; Dose: 2"]
    cap = art.captions[0]
    assert cap.text == "Table 1. Doses. Dose from 7." and cap.citations == (7,)


def test_list_items_do_not_run_together_and_nested_lists_follow_their_item():
    xml = _article("<sec><title>Methods</title><p>Criteria shown below.<list list-type='order'>"
                   "<list-item><label>1.</label><p>At least 4 unique reads <xref ref-type='bibr' rid='r3'>3</xref></p>"
                   "</list-item><list-item><p>Quality above 20</p><list><list-item><p>Sub item</p></list-item>"
                   "</list></list-item></list></p></sec>")
    art = read_jats(xml)
    texts = [b.text for b in art.blocks]
    assert texts[0] == "Criteria shown below."
    assert texts[1] == "1. At least 4 unique reads 3. Quality above 20."
    assert texts[2] == "– Sub item."
    assert art.blocks[1].citations == (3,)
    a, e, nums = art.blocks[1].citation_spans[0]
    assert texts[1][a:e] == "3" and nums == (3,)


def test_real_list_items_stay_apart():
    art = read_jats((DATA / "elife02935.xml").read_bytes())
    text = " ".join(b.text for b in art.blocks)
    assert not re.search(r"[a-z]\.[A-Z][a-z]", text.replace("e.g.", "").replace("i.e.", "")), "items glued"
    assert any(b.text.startswith("1. Major sample swaps") for b in art.blocks)


def test_display_formulas_are_a_placeholder_or_their_text_alternative():
    xml = _article("<p>Fit as <disp-formula><mml:math xmlns:mml='http://www.w3.org/1998/Math/MathML'>"
                   "<mml:mi>C</mml:mi><mml:mo>=</mml:mo><mml:mn>2</mml:mn></mml:math></disp-formula>"
                   "<disp-formula><alt-text>y equals a x</alt-text><mml:math xmlns:mml='http://www.w3.org/1998/"
                   "Math/MathML'><mml:mi>y</mml:mi></mml:math></disp-formula> where C is coverage.</p>")
    assert read_jats(xml).blocks[0].text == "Fit as [formula] y equals a x where C is coverage."
    art = read_jats((DATA / "elife02935.xml").read_bytes())
    assert any("[formula] [formula]" in b.text for b in art.blocks), "two formulas are two placeholders"


def test_doi_only_and_label_only_content_makes_no_passage():
    xml = _article("<p>Real text of the body.</p><p><bold>DOI:</bold> <ext-link>http://dx.doi.org/10.7554/x.001"
                   "</ext-link></p><p>10.1000/abc</p><fig id='f1'><label>Figure 1—figure supplement 1.</label>"
                   "<caption><p><bold>DOI:</bold> http://dx.doi.org/10.7554/x.002</p></caption></fig>")
    art = read_jats(xml)
    assert [b.text for b in art.blocks] == ["Real text of the body."]
    assert art.captions == ()


def test_elife_digest_is_labelled_as_such_and_decision_letters_are_skipped_with_a_note():
    art = read_jats((DATA / "elife02935.xml").read_bytes())
    assert all(b.section == "Abstract" for b in art.abstract)
    digest = [b for b in art.blocks if b.section.startswith("eLife digest")]
    assert digest and art.blocks[: len(digest)] == tuple(digest)
    assert not any("Reviewer 3" in b.text or "decision letter" in b.text.lower() for b in art.blocks)
    assert any("sub-article" in n for n in art.notes)


def test_a_jats_paragraph_without_xrefs_cites_nothing():
    """'(1) … (5)' in a JATS paragraph is an enumeration: citations come from xrefs only, never from the text."""
    xml = _article("<p>Patients could reply excellent (1), very good (2), good (3), or poor (5).</p>"
                   "<p>As shown before [<xref ref-type='bibr' rid='r4'>4</xref>].</p>")
    passages = article_passages(read_jats(xml))
    enum = next(p for p in passages if "excellent" in p.text)
    assert enum.refs == () and enum.cites == ()
    cited = next(p for p in passages if "shown before" in p.text)
    assert cited.refs == (4,)


def test_an_articleset_wrapper_is_read_as_its_first_article():
    inner = _article("<p>Body.</p>").decode()
    art = read_jats(f"<pmc-articleset>{inner}</pmc-articleset>".encode())
    assert art.blocks[0].text == "Body."


def test_list_blocks_carry_the_citations_of_their_own_items():
    long = "word " * 70
    xml = _article(f"<list><list-item><p>{long} first <xref ref-type='bibr' rid='r1'>1</xref></p></list-item>"
                   f"<list-item><p>{long} second <xref ref-type='bibr' rid='r2'>2</xref></p></list-item></list>")
    blocks = read_jats(xml).blocks
    assert [b.citations for b in blocks] == [(1,), (2,)]
