"""The real pipeline: real model, real corpus."""
import pytest

from tzqa.search.retriever import QueryError, UnknownReferenceError


def test_hit_shape(retriever):
    res = retriever.search("Which gene amplified with HER2 on chr17q12 drives stem cell self-renewal?", k=5)
    assert len(res) == 5 and [h.rank for h in res] == [1, 2, 3, 4, 5]
    top = res[0]
    assert "CDK12" in top.text and 12 in top.refs
    assert top.highlight in top.text and "CDK12" in top.highlight
    ref = next(r for r in top.references if r.number == 12)
    assert ref.doi == "10.15252/embr.201948058" and "CDK12 drives" in ref.citation
    assert all(len(h.text) <= 1200 for h in res)
    assert res.results == sorted(res.results, key=lambda h: -h.score)


def test_lay_phrases_the_review_uses_are_not_expanded(retriever):
    from tzqa.index.tokenize import tokenize

    assert retriever.phrase_in_corpus(tuple(tokenize("stem cell")))
    assert not retriever.phrase_in_corpus(tuple(tokenize("blood test")))
    technical = retriever.search("Which gene amplified with HER2 drives stem cell self-renewal?", k=3)
    assert "plain language" not in technical.expansions  # the review says "stem cell": nothing to translate
    lay = retriever.search("are there pills for HER2 breast cancer when herceptin stops working", k=3)
    assert "tyrosine kinase inhibitors" in lay.expansions["plain language"]



def test_a_lay_phrase_the_review_writes_once_beside_a_commoner_clinical_form_is_still_lay(retriever):
    """The review writes "side effects" once ("reducing the side effects") and "adverse events" in more
    passages: a question about side effects must look for the adverse events, which answer it."""
    from tzqa.index.tokenize import tokenize

    assert retriever.phrase_in_corpus(tuple(tokenize("side effects"))) == 1
    assert retriever.phrase_in_corpus(tuple(tokenize("adverse events"))) > 1
    qa = retriever.analyse("what side effects did people get on the newer drugs they tested after herceptin?")
    assert any("adverse events" in clinical for _, clinical in qa.lay_concepts)
    a = retriever.answer("what side effects did people get on the newer drugs they tested after herceptin?")
    assert any("adverse events" in s.text.lower() or "AEs" in s.text for s in a.answer)


def test_filters(retriever):
    q = "resistance to trastuzumab"
    for topic in ("mechanism", "biomarker", "agent", "background"):
        assert {h.topic for h in retriever.search(q, k=10, topic=topic)} == {topic}
    refs = retriever.search(q, k=10, source="reference")
    assert {h.source.kind for h in refs} == {"reference"} and all(h.source.ref for h in refs)
    cited = retriever.search(q, k=10, ref=21)
    assert cited.results and all(21 in h.refs for h in cited)


def test_brand_name_synonym_finds_agent(retriever):
    res = retriever.search("How did Enhertu do against Kadcyla?", k=3)
    # The DESTINY-Breast03 comparison is reference 54 (and its passage cites it).
    assert any(54 in h.refs for h in res)
    assert any("trastuzumab deruxtecan" in " ".join(v).lower() for v in res.expansions.values())


def test_reference_only_question(retriever):
    res = retriever.search("molecular portraits of human breast tumours", k=3)
    assert res[0].passage_id == "ref:60" and res[0].source.kind == "reference" and res[0].source.ref == 60


def test_evidence_ranks_references(retriever):
    ev = retriever.evidence("Which papers show MUC4 induced by TNF alpha mediates resistance?", k=5)
    assert ev.references[0].number == 18
    assert any("MUC4" in s for s in ev.references[0].sentences)
    assert ev.references == sorted(ev.references, key=lambda r: -r.score)


@pytest.mark.parametrize("kwargs, error", [
    ({"query": ""}, "empty"), ({"query": "   "}, "empty"), ({"query": "x" * 2001}, "limit"),
    ({"query": "her2", "k": 0}, "k must"), ({"query": "her2", "topic": "genes"}, "unknown topic"),
    ({"query": "her2", "source": "web"}, "unknown source"),
])
def test_bad_queries(retriever, kwargs, error):
    with pytest.raises(QueryError, match=error):
        retriever.search(**kwargs)


def test_unknown_reference(retriever):
    with pytest.raises(UnknownReferenceError):
        retriever.search("her2", ref=61)
    with pytest.raises(UnknownReferenceError):
        retriever.reference(0)
    r = retriever.reference(60)
    assert r["doi"] == "10.1038/35021093" and r["cited_by"] and r["cited_by"][0]["section"].startswith("5")


def test_results_render_for_notebooks(retriever):
    res = retriever.search("YAP1 TEAD acquired resistance", k=3)
    df = res.to_frame()
    assert list(df["rank"]) == [1, 2, 3] and "refs" in df.columns
    assert "<table>" in res._repr_html_() and "YAP1" in res._repr_html_()


def test_biomarkers_rows(retriever):
    rows = retriever.biomarkers()
    assert len(rows) == 10 and rows[0]["references"][0]["number"] == 12


def test_control_characters_are_not_echoed(retriever):
    res = retriever.search("HER2\x00 resistance\x07", k=2)
    assert res.query == "HER2  resistance" and "\x00" not in res.model_dump_json()
    with pytest.raises(QueryError, match="empty"):
        retriever.search("\x00\x01")


def test_evidence_prefers_passage_sentences_over_the_entry(retriever):
    ev = retriever.evidence("Which cytokine induces MUC4 and mediates trastuzumab resistance?", k=3)
    top = ev.references[0]
    assert top.number == 18 and not top.sentences[0].startswith("18.")
    assert "MUC4" in top.sentences[0]


def test_lookups_are_typed_models_that_still_read_like_the_dicts_they_were(retriever):
    from tzqa.search.lookups import BiomarkerRow, DocumentDetail, DocumentSummary, Health, ReferenceDetail

    h = retriever.health()
    assert isinstance(h, Health) and h.passages > 100 and h["status"] == "ok" and h.corpus.startswith("Wang")
    ref = retriever.reference(n=60)
    assert isinstance(ref, ReferenceDetail) and ref.doi_url == f"https://doi.org/{ref.doi}" and ref.get("nope") is None
    review = retriever.documents()[0]
    assert isinstance(review, DocumentSummary) and review.id == "review"
    assert (review.year, review.doi, review.licence) == (2022, "10.3389/fonc.2022.1006429", "CC BY"), \
        "the review's record comes from its own front matter"
    assert len(review.authors) == 8 and review.authors[0] == "Zhen-hao Wang"
    detail = retriever.document(doc="review")
    assert isinstance(detail, DocumentDetail) and len(detail.references) == 60
    row = retriever.biomarkers()[0]
    assert isinstance(row, BiomarkerRow) and row.references[0].number == row["refs"][0]


def test_a_question_naming_a_first_author_ranks_that_paper_s_passages_first(retriever):
    """"Chumsri 2018 - what was the finding?": the passage citing Chumsri's paper (28) and its entry lead."""
    res = retriever.search("Chumsri 2018 - what was the finding?", k=3)
    assert 28 in res.results[0].refs, [(h.passage_id, h.refs) for h in res.results]
    from tzqa.search.naming import entry_by_author
    assert entry_by_author(retriever.catalogue, "Chumsri 2018 - what was the finding?") == (28, "review")
    assert entry_by_author(retriever.catalogue, "what did the review find about p95HER2?") is None


def test_a_question_naming_a_table_ranks_its_rows_first(retriever):
    """"In Table 1, which markers go the opposite way …": the rows of Table 1 answer, not the section that
    introduces the pathways."""
    res = retriever.search("In Table 1, which markers go the opposite way, i.e. less of them means more resistance?", k=3)
    assert res.results[0].kind == "table_row", [h.passage_id for h in res.results]
    other = retriever.search("which markers go the opposite way, less of them means more resistance?", k=3)
    assert other.results, "without the table's name the question is still searched as before"
