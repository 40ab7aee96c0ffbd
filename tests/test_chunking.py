from collections import Counter

from tzqa.ingest.chunking import MAX_PASSAGE_CHARS, pack, sentence_spans
from tzqa.ingest.text import fold_lookalikes


def test_counts_and_kinds(passages, doc):
    kinds = Counter(p.kind for p in passages)
    assert kinds["reference_entry"] == 60 and kinds["table_row"] == 10
    assert kinds["paragraph"] >= len(doc.paragraphs)


def test_limits_and_ids(passages):
    assert all(0 < len(p.text) <= MAX_PASSAGE_CHARS for p in passages)
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))


def test_ids_are_stable(review):
    from tzqa.ingest.library.passages import article_passages

    assert [p.id for p in article_passages(review)] == [p.id for p in article_passages(review)]


def test_never_cut_a_sentence(passages, doc):
    # Every passage of a paragraph is a run of whole sentences of that paragraph.
    for para in doc.paragraphs:
        spans = sentence_spans(para.text)
        starts, ends = {s for s, _ in spans}, {e for _, e in spans}
        chunks = [p.text for p in passages if p.id.startswith(f"review:{para.section}:{para.index}.")]
        pos = 0
        for c in chunks:
            at = para.text.index(c, pos)
            assert para.text[pos:at].strip() == ""  # nothing between passages is lost
            assert at in starts and at + len(c) in ends  # boundaries fall between sentences
            pos = at + len(c)
        assert para.text[pos:].strip() == ""


def test_never_cross_sections(passages, doc):
    for p in passages:
        if p.kind == "paragraph" and p.section != "Abstract":
            number = p.id.split(":")[1]
            assert p.section == doc.section(number).label
            assert p.section_path == doc.section_path(number)


def test_topics(passages):
    assert {p.topic for p in passages} == {"mechanism", "biomarker", "agent", "background"}
    by_id = {p.id: p for p in passages}
    assert by_id["ref:51"].topic == "agent" and by_id["ref:12"].topic == "biomarker"
    assert by_id["ref:4"].topic == "mechanism" and by_id["ref:60"].topic == "background"


def test_offsets_point_at_source(passages, source):
    for p in passages:
        span = fold_lookalikes(source[p.start:p.end])
        first = p.text.split()[0].strip("*(")
        if p.kind == "paragraph":
            assert span.lstrip("*").startswith(first[:5]), p.id
        if p.kind == "table_row":
            biomarker = p.text.split("activation. ")[1].split(":")[0]
            assert span.startswith(fold_lookalikes(biomarker)), p.id
        if p.kind == "reference_entry":
            assert str(p.source_ref) in source[max(0, p.start - 4):p.start + 3] or p.source_ref == 19


def test_refs_on_passages(passages):
    by_id = {p.id: p for p in passages}
    assert by_id["table1:1"].refs == (12,) and "CDK12" in by_id["table1:1"].text
    assert by_id["ref:19"].source_kind == "reference" and by_id["ref:19"].refs == (19,)
    # A passage cut before its paragraph's citation is supported by that later citation.
    t_dxd = next(p for p in passages if p.text.startswith("Trastuzumab-deruxtecan (DS-8201a"))
    assert 53 in t_dxd.refs


def test_pack_balances_and_respects_limit():
    text = " ".join(f"Sentence number {i} says something about HER2." for i in range(60))
    chunks = pack(text, 400)
    assert all(e - s <= 400 for s, e in chunks)
    sizes = [e - s for s, e in chunks]
    assert max(sizes) - min(sizes) < 120


def test_overlong_sentence_is_split_at_clause_breaks():
    text = "word, " * 300 + "end."
    chunks = pack(text, 200)
    assert all(e - s <= 200 for s, e in chunks)
    assert "".join(text[s:e] for s, e in chunks).replace(" ", "") == text.replace(" ", "")
