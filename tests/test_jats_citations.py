"""JATS citations as the publisher encoded them: every xref lands on the passage that holds it (real eLife articles)."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from tzqa.ingest.library.jats import read_jats
from tzqa.ingest.library.passages import article_passages

DATA = Path(__file__).parent / "data" / "realdocs"
ARTICLES = ["elife02935.xml", "elife03385.xml"]  # author-year citations ("Ju et al., 2014"), eLife layout


def _xref_sites(data: bytes) -> int:
    """Citation xrefs in paragraphs (not tables or figures) whose target is in the reference list: the ground truth."""
    root = etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    ref_ids = {r.get("id") for r in root.xpath("//*[local-name()='back']//*[local-name()='ref']")}
    n = 0
    for x in root.xpath("//*[local-name()='xref'][@ref-type='bibr']"):
        if x.xpath("ancestor::*[local-name()='table-wrap' or local-name()='fig' or local-name()='ref-list' "
                   "or local-name()='sub-article']"):  # tables, figures and decision letters are read apart
            continue
        if not x.xpath("ancestor::*[local-name()='p' or local-name()='list' or local-name()='disp-quote']"):
            continue
        if any(r in ref_ids for r in (x.get("rid") or "").split()):
            n += 1
    return n


@pytest.mark.parametrize("name", ARTICLES)
def test_every_xref_lands_on_the_passage_holding_it_and_nothing_else_does(name):
    data = (DATA / name).read_bytes()
    art = read_jats(data)
    blocks = art.abstract + (art.blocks if art.blocks != art.abstract else ())
    sites = [s for b in blocks for s in b.citation_spans]
    assert len(sites) >= 0.98 * _xref_sites(data), "xrefs lost while rendering"
    passages = [p for p in article_passages(art) if p.kind == "paragraph"]
    held = carried = 0
    pos = 0
    for b in blocks:  # passages follow their blocks in order; a passage's start/end are offsets in the article
        mine = [p for p in passages if pos <= p.start < pos + len(b.text) + 1]
        for start, end, nums in b.citation_spans:
            assert b.text[start:end].strip(), "a citation span points at nothing"
            holder = [p for p in mine if p.start - pos <= start < p.end - pos]
            held += 1
            carried += bool(holder) and set(nums) <= set(holder[0].refs)
        for p in mine:  # no passage cites a number none of its own xrefs does
            own = {n for s, _, nums in b.citation_spans if p.start - pos <= s < p.end - pos for n in nums}
            assert set(p.refs) <= own, (p.id, set(p.refs) - own)
        pos += len(b.text) + 2
    assert held == len(sites) and carried >= 0.98 * held, f"{carried} of {held} citation sites on their passage"
    assert all("\ue000" not in p.text and "\ue002" not in p.text for p in passages), "marks left in the text"


def test_a_citation_span_covers_the_label_the_reader_sees():
    art = read_jats((DATA / "elife02935.xml").read_bytes())
    spans = [(b.text[a:e], nums) for b in art.blocks for a, e, nums in b.citation_spans]
    assert spans and all(text.strip() for text, _ in spans)
    years = [text for text, _ in spans if any(ch.isdigit() for ch in text)]
    assert len(years) > len(spans) / 2, "author-year labels ('Ju et al., 2014') are kept as the page shows them"


@pytest.mark.parametrize("name", ARTICLES)
def test_each_sentence_owns_exactly_the_xrefs_inside_it(name):
    from tzqa.ingest.chunking import sentence_spans
    from tzqa.models import Passage
    from tzqa.search.attribution import passage_sentence_citations

    class NoGuess:  # the text re-guess must not be consulted for a passage with encoded positions
        def sentence_refs(self, p, text):  # type: ignore[no-untyped-def]
            raise AssertionError("re-guessed from text")

    passages = [p for p in article_passages(read_jats((DATA / name).read_bytes())) if p.cites is not None]
    assert passages
    checked = 0
    for p in passages:
        assert Passage.from_dict(p.to_dict()) == p, "citation positions survive the index's JSON"
        spans = sentence_spans(p.text)
        cites = passage_sentence_citations(NoGuess(), p, [p.text[s:e] for s, e in spans], [], spans)  # type: ignore[arg-type]
        for (s, e), c in zip(spans, cites, strict=True):
            inside = {n for a, _, nums in p.cites if s <= a < e for n in nums}
            assert set(c.own) == inside
            assert not (c.own and c.from_paragraph)
            checked += bool(inside)
    assert checked > 20
