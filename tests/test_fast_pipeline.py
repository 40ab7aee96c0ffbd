"""The retrieval pipeline without the real model (issue 25): build, load, staleness, corruption, hybrid
search and its filters, coverage, cited answers and the HTTP API, all in the fast tier.

The embedder is the hashed bag of words of ``fake_embedder`` (injected with ``embedder=``), the corpus the
generated one of ``fake_corpus`` (invented words, so a search can only be right one way) and, for a few
checks, a copy of the bundled review's text. An index is built once per module and copied for each test
that edits or breaks it, so no test depends on another or on their order.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from fake_corpus import AGENT, BIOMARKER, INHERITED, MECHANISM, write_tiny_corpus
from fake_embedder import MODEL_ID, fake_embedder
from fastapi.testclient import TestClient

from tzqa.api.main import create_app
from tzqa.errors import QueryError, UnknownDocumentError, UnknownReferenceError
from tzqa.index import build as build_mod
from tzqa.index.build import build_index, ensure_index, load_index
from tzqa.index.model_files import weights_hash
from tzqa.index.store import CorruptIndexError, MissingIndexError, StaleIndexError, live_dir
from tzqa.search.retriever import Retriever

ROOT = Path(__file__).resolve().parents[1]
REVIEW_NAME = "trastuzumab-resistance-review.txt"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory, fake):  # type: ignore[no-untyped-def]
    """The generated corpus, its index built with the fake embedder, and the build report."""
    base = tmp_path_factory.mktemp("tiny")
    corpus = write_tiny_corpus(base / "corpus")
    report = build_index(root=base / "index", directory=corpus, progress=False, embedder=fake)
    return corpus, base / "index", report


@pytest.fixture(scope="module")
def tiny_retriever(tiny, fake):  # type: ignore[no-untyped-def]
    corpus, root, _ = tiny
    return Retriever(load_index(root, corpus, fake), fake)


@pytest.fixture()
def tiny_copy(tmp_path, tiny):  # type: ignore[no-untyped-def]
    """A private copy of the generated corpus and its index, to edit, break or rebuild."""
    corpus, root, _ = tiny
    shutil.copytree(corpus, tmp_path / "corpus")
    # keep "current" a symlink into versions/; leases belong to the processes reading the original
    shutil.copytree(root, tmp_path / "index", symlinks=True, ignore=shutil.ignore_patterns("leases"))
    return tmp_path / "corpus", tmp_path / "index"


@pytest.fixture(scope="module")
def review_retriever(tmp_path_factory, fake):  # type: ignore[no-untyped-def]
    """The bundled review's text (no supplied papers), indexed with the fake embedder (about 1.5 s)."""
    base = tmp_path_factory.mktemp("review")
    (base / "corpus").mkdir()
    shutil.copy(ROOT / "corpus" / REVIEW_NAME, base / "corpus" / REVIEW_NAME)
    build_index(root=base / "index", directory=base / "corpus", progress=False, embedder=fake)
    return Retriever(load_index(base / "index", base / "corpus", fake), fake)


def cited_numbers(text: str) -> set[int]:
    """Reference numbers in a sentence's "(3)", "(3, 4)", "(12-14)" markers (ranges expanded)."""
    out: set[int] = set()
    for group in re.findall(r"\((\d[\d,\s\-–]*)\)", text):
        for part in group.split(","):
            ends = [int(x) for x in re.split(r"[\-–]", part.strip()) if x.strip()]
            out.update(range(ends[0], ends[-1] + 1) if ends else ())
    return out


# -- build and load ---------------------------------------------------------------------------------
def test_the_build_uses_and_records_the_injected_embedder(tmp_path, fake, monkeypatch):
    def no_real_model(*a, **k):  # type: ignore[no-untyped-def]
        raise AssertionError("the real model was asked for")

    monkeypatch.setattr(build_mod, "load_embedder", no_real_model)
    corpus = write_tiny_corpus(tmp_path / "corpus")
    report = build_index(root=tmp_path / "index", directory=corpus, progress=False, embedder=fake)
    manifest = json.loads((report.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["model_id"] == fake.model_id and manifest["model_id"].startswith(MODEL_ID)
    assert manifest["dimension"] == fake.dim == 256
    assert manifest["model_weights_sha256"] == weights_hash(fake.folder)
    # 6 review + 4 entries + 2 paper (the paper's first line is its title, as the library's reader takes it)
    assert manifest["passages"] == report.passages == report.embedded == 12
    assert np.load(report.folder / "vectors.npy").shape == (12, fake.dim)
    index, what = ensure_index(tmp_path / "index", corpus, embedder=fake, progress=False)
    assert what == "loaded" and len(index.passages) == 12


def test_a_model_name_and_an_embedder_together_are_refused(tmp_path, fake):
    with pytest.raises(ValueError, match="not both"):
        build_index(root=tmp_path / "index", directory=tmp_path, model="some-model", embedder=fake)
    with pytest.raises(ValueError, match="not both"):
        ensure_index(tmp_path / "index", tmp_path, model="some-model", embedder=fake)


def test_no_index_is_missing_not_corrupt(tmp_path, fake):
    corpus = write_tiny_corpus(tmp_path / "corpus")
    with pytest.raises(MissingIndexError):
        load_index(tmp_path / "index", corpus, fake)


def test_the_generated_review_parses_into_its_sections_topics_and_references(tiny_retriever):
    by_id = {p.id: p for p in tiny_retriever.passages}
    assert by_id["review:2:0.0"].text == MECHANISM and by_id["review:2:0.0"].topic == "mechanism"
    assert by_id["review:3:0.0"].text == BIOMARKER and by_id["review:3:0.0"].topic == "biomarker"
    assert by_id["review:4:0.0"].text == AGENT and by_id["review:4:0.0"].topic == "agent"
    assert by_id["review:4:0.0"].refs == (3, 4)
    assert sorted(tiny_retriever.index.references) == [1, 2, 3, 4]
    papers = [p for p in tiny_retriever.passages if p.document == "ref-2"]
    assert [p.id for p in papers] == ["ref-2:0", "ref-2:1"] and [p.section for p in papers] == ["Methods", "Results"]
    assert all(p.source_kind == "reference" and p.source_ref == 2 for p in papers)
    assert [d.id for d in tiny_retriever.documents()] == ["review", "ref-2"]


# -- search ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("query,expected", [
    ("glimmerase vortex receptor", "review:2:0.0"),
    ("plinkton amplification", "review:2:1.0"),
    ("Which antibody restores quorblin sensitivity?", "review:4:0.0"),
    ("marovin ELISA measured", "ref-2:0"),
])
@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_search_ranks_first_the_passage_holding_the_query_words(tiny_retriever, query, expected, mode):
    found = tiny_retriever.with_config(mode=mode).search(query, k=3)
    top = found.results[0]
    assert top.passage_id == expected, [h.passage_id for h in found.results]
    assert top.highlight in top.text and top.rank == 1
    assert [h.rank for h in found.results] == list(range(1, len(found.results) + 1))
    assert all(a.score >= b.score for a, b in zip(found.results, found.results[1:], strict=False))


def test_the_highlight_is_the_sentence_with_the_query_words(tiny_retriever):
    top = tiny_retriever.search("tesseract domain loss", k=1).results[0]
    assert top.passage_id == "review:2:0.0"
    assert top.highlight.startswith("Loss of the tesseract domain")


@pytest.mark.parametrize("filters,allowed", [
    ({"topic": "biomarker"}, lambda h: h.topic == "biomarker"),
    ({"topic": "agent"}, lambda h: h.topic == "agent"),
    ({"source": "reference"}, lambda h: h.source.kind == "reference"),
    ({"source": "review"}, lambda h: h.source.kind == "review"),
    ({"ref": 3}, lambda h: 3 in h.refs),
    ({"doc": "ref-2"}, lambda h: h.source.doc == "ref-2" and h.passage_id.startswith("ref-2:")),
    ({"source": "reference", "ref": 2}, lambda h: h.source.kind == "reference" and h.source.ref == 2),
])
def test_filters_keep_only_matching_passages(tiny_retriever, filters, allowed):
    every = tiny_retriever.search("quorblin resistance glimmerase marovin sardomab", k=50).results
    hits = tiny_retriever.search("quorblin resistance glimmerase marovin sardomab", k=50, **filters).results
    assert hits and all(allowed(h) for h in hits), [(h.passage_id, h.topic, h.refs) for h in hits]
    assert {h.passage_id for h in hits} == {h.passage_id for h in every if allowed(h)}  # none lost either


def test_the_ref_filter_finds_a_sentence_that_cites_it_in_a_longer_passage(tiny_retriever):
    hits = tiny_retriever.search("glimmerase", k=10, ref=2).results
    assert "review:2:0.0" in [h.passage_id for h in hits]  # its second sentence cites (2)
    assert "review:2:1.0" not in [h.passage_id for h in hits]  # cites only (3)


def test_filters_that_match_nothing_give_no_results(tiny_retriever):
    assert tiny_retriever.search("glimmerase", k=5, topic="agent", ref=1).results == []


@pytest.mark.parametrize("kwargs,error,mentions", [
    ({"query": "   "}, QueryError, "empty"),
    ({"query": "\x00\x01"}, QueryError, "empty"),
    ({"query": "x" * 2001}, QueryError, "2000"),
    ({"query": "glimmerase", "k": 0}, QueryError, "k"),
    ({"query": "glimmerase", "topic": "nonsense"}, QueryError, "mechanism"),
    ({"query": "glimmerase", "source": "blog"}, QueryError, "review"),
    ({"query": "glimmerase", "ref": 5}, UnknownReferenceError, "1..4"),
    ({"query": "glimmerase", "doc": "no-such-doc"}, UnknownDocumentError, "no-such-doc"),
])
def test_bad_arguments_raise_with_a_reason(tiny_retriever, kwargs, error, mentions):
    with pytest.raises(error, match=re.escape(mentions)):
        tiny_retriever.search(**kwargs)


# -- coverage -------------------------------------------------------------------------------------
def test_coverage_full_partial_and_none(tiny_retriever):
    full = tiny_retriever.search("What does glimmerase do to the vortex receptor?")
    assert (full.coverage, full.missing, full.answerable) == ("full", [], True)
    none = tiny_retriever.search("zongertinib")
    assert (none.coverage, none.missing, none.answerable) == ("none", ["zongertinib"], False)
    assert "zongertinib" in none.note
    part = tiny_retriever.search("Do glimmerase and CD44 block quorblin binding?")
    assert (part.coverage, part.missing, part.answerable) == ("partial", ["CD44"], True)
    assert part.results[0].passage_id == "review:2:0.0"


# -- answers --------------------------------------------------------------------------------------
def test_answer_sentences_are_verbatim_with_their_own_refs(tiny_retriever):
    ans = tiny_retriever.answer("What does glimmerase do?")
    assert ans.answerable and ans.answer
    assert ans.answer[0].passage_id == "review:2:0.0" and ans.answer[0].text.startswith("Glimmerase phosphorylates")
    for s in ans.answer:
        passage = tiny_retriever.passages[tiny_retriever.passage_index(s.passage_id)]
        assert s.text in passage.text
        assert set(s.refs) == cited_numbers(s.text), s
        assert not set(s.refs) & set(s.refs_from_paragraph)
    cited = {n for s in ans.answer for n in [*s.refs, *s.refs_from_paragraph]}
    assert {r.number for r in ans.references} == cited


def test_a_sentence_without_a_marker_shows_the_paragraphs_refs_apart(tiny_retriever):
    ans = tiny_retriever.answer("plinkton amplification zentrocyte growth")
    first = ans.answer[0]
    assert first.text == INHERITED.split(". ")[0] + "."
    assert first.refs == [] and first.refs_from_paragraph == [3]
    assert [r.number for r in ans.references] == [3]


def test_an_unanswerable_question_has_no_answer_sentences(tiny_retriever):
    ans = tiny_retriever.answer("zongertinib")
    assert ans.answer == [] and ans.references == [] and not ans.answerable and ans.note


# -- staleness and rebuild ----------------------------------------------------------------------------
def test_editing_the_review_makes_the_index_stale_and_a_rebuild_finds_the_new_words(tiny_copy, fake):
    corpus, root = tiny_copy
    review = corpus / REVIEW_NAME
    before = live_dir(root).name
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace(BIOMARKER, BIOMARKER + "\n\nFrobnicase in tumour biopsies also predicts relapse "
                                   "under quorblin (4)."), encoding="utf-8")
    with pytest.raises(StaleIndexError, match=rf"corpus changed \({re.escape(REVIEW_NAME)}\)"):
        load_index(root, corpus, fake)
    index, what = ensure_index(root, corpus, embedder=fake, progress=False)
    assert what.startswith("rebuilt (index is stale: corpus changed"), what
    assert index.folder.name != before
    assert index.manifest["embedded"] == 1  # only the new paragraph; the rest reused by text key
    assert index.manifest["reused"] == index.manifest["passages"] - 1
    hits = Retriever(index, fake).search("frobnicase biopsies", k=1).results
    assert hits[0].text.startswith("Frobnicase") and hits[0].topic == "biomarker" and hits[0].refs == [4]
    load_index(root, corpus, fake)  # fresh now


def test_adding_a_paper_makes_the_index_stale(tiny_copy, fake):
    corpus, root = tiny_copy
    (corpus / "references" / "ref-4.txt").write_text("A trivalent antibody\n\nGrobnitz cells bind sardomab.\n",
                                                     encoding="utf-8")
    with pytest.raises(StaleIndexError, match=r"references/ref-4\.txt"):
        load_index(root, corpus, fake)
    index, _ = ensure_index(root, corpus, embedder=fake, progress=False)
    hit = Retriever(index, fake).search("grobnitz", k=1).results[0]
    assert hit.source.kind == "reference" and hit.source.ref == 4


def test_a_supplied_papers_own_citations_are_not_the_reviews(tiny_copy, fake):
    """A paper in corpus/references/ cites by its own list: its "[1]" is its entry 1, not the review's 1."""
    corpus, root = tiny_copy
    (corpus / "references" / "ref-4.txt").write_text(
        "A trivalent antibody\n\nGrobnitz cells bind sardomab, as shown before [1].\n\nReferences\n\n"
        "1. Zorn Z. Grobnitz binding of trivalent antibodies. J Imag Immunol (2018) 5:1-9.\n", encoding="utf-8")
    index, _ = ensure_index(root, corpus, embedder=fake, progress=False)
    r = Retriever(index, fake)
    hit = r.search("grobnitz", k=1, doc="ref-4").results[0]
    assert hit.refs == [1] and [(x.number, x.doc) for x in hit.references] == [(1, "ref-4")]
    assert "Zorn" in hit.references[0].citation
    assert all(not c.passage_id.startswith("ref-4:") for c in r.reference(1).cited_by)  # the review's 1


def test_another_embedder_makes_the_index_stale(tiny_copy, fake, tmp_path):
    corpus, root = tiny_copy
    other = fake_embedder(tmp_path / "other-model", salt="other")
    load_index(root, corpus, fake)
    with pytest.raises(StaleIndexError, match="embedding model files changed"):
        load_index(root, corpus, other)
    smaller = fake_embedder(tmp_path / "small-model", dim=fake.dim // 2)
    with pytest.raises(StaleIndexError, match="dimension"):
        load_index(root, corpus, smaller, check=False)


# -- corruption --------------------------------------------------------------------------------------
def _flip_tail(p: Path) -> None:
    data = bytearray(p.read_bytes())
    data[-16:] = b"\xde\xad\xbe\xef" * 4
    p.write_bytes(bytes(data))


@pytest.mark.parametrize("name,damage,expect", [
    ("vectors.npy", _flip_tail, "vectors.npy does not match its manifest hash"),
    ("passages.jsonl", lambda p: p.write_text(p.read_text(encoding="utf-8")[:-40], encoding="utf-8"),
     "passages.jsonl does not match"),
    ("dense.faiss", Path.unlink, "dense.faiss is missing"),
    ("manifest.json", lambda p: p.write_text("{not json", encoding="utf-8"), "not valid JSON"),
])
def test_a_damaged_index_file_is_reported_and_rebuilt(tiny_copy, fake, name, damage, expect):
    corpus, root = tiny_copy
    damage(live_dir(root) / name)
    with pytest.raises(CorruptIndexError, match=re.escape(expect)):
        load_index(root, corpus, fake)
    index, what = ensure_index(root, corpus, embedder=fake, progress=False)
    assert what.startswith("rebuilt (") and expect.split()[0] in what, what
    assert Retriever(index, fake).search("glimmerase", k=1).results[0].passage_id == "review:2:0.0"


# -- the HTTP API -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def client(tiny_retriever):  # type: ignore[no-untyped-def]
    with TestClient(create_app(retriever=tiny_retriever), raise_server_exceptions=False) as c:
        yield c


def test_api_search_answer_and_health(client):
    r = client.get("/search", params={"q": "glimmerase vortex receptor", "k": 2})
    assert r.status_code == 200 and r.json()["results"][0]["passage_id"] == "review:2:0.0"
    body = client.post("/search", json={"query": "marovin", "topic": "biomarker"}).json()
    assert [h["passage_id"] for h in body["results"]] == ["review:3:0.0"]
    ans = client.get("/answer", params={"q": "plinkton amplification zentrocyte growth"}).json()
    assert ans["answer"][0]["refs"] == [] and ans["answer"][0]["refs_from_paragraph"] == [3]
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["model"].startswith(MODEL_ID) and health["passages"] == 12
    assert client.get("/references/3").json()["number"] == 3
    assert [d["id"] for d in client.get("/documents").json()] == ["review", "ref-2"]


@pytest.mark.parametrize("method,url,body,status,mentions", [
    ("GET", "/search", None, 422, ("q", "required")),
    ("GET", "/search?q=%20", None, 422, ("empty",)),
    ("GET", "/search?q=x&k=0", None, 422, ("k",)),
    ("GET", "/search?q=x&k=51", None, 422, ("k",)),
    ("GET", "/search?q=x&topic=nonsense", None, 422, ("topic",)),
    ("GET", "/search?q=x&source=blog", None, 422, ("source",)),
    ("GET", "/search?q=x&ref=5", None, 422, ("5",)),
    ("GET", "/search?q=x&ref=abc", None, 422, ("ref",)),
    ("GET", "/search?q=x&doc=no-such-doc", None, 422, ("no-such-doc",)),  # a filter: 422; a path: 404
    ("GET", "/answer?q=x&topic=nonsense", None, 422, ("topic",)),
    ("GET", "/references/99", None, 404, ("99",)),
    ("GET", "/references/abc", None, 422, ("n",)),
    ("GET", "/documents/no-such-doc", None, 404, ("no-such-doc",)),
    ("POST", "/search", b'{"query": ', 422, ("JSON",)),
    ("POST", "/search", b"{}", 422, ("query",)),
    ("POST", "/search", b'{"query": "x", "foo": 1}', 422, ("foo",)),
    ("POST", "/search", b'{"query": "x", "k": "5"}', 422, ("k",)),
    ("GET", "/no-such-endpoint", None, 404, ()),
])
def test_api_bad_input_is_a_4xx_json_detail(client, method, url, body, status, mentions):
    r = client.request(method, url, content=body, headers={"content-type": "application/json"} if body else {})
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("application/json")
    detail = r.json()["detail"]
    assert isinstance(detail, str) and detail.strip() and "Traceback" not in r.text
    for word in mentions:
        assert word.lower() in detail.lower(), detail


# -- the bundled review's text with the fake embedder -----------------------------------------------
def test_review_search_finds_the_words_asked_for(review_retriever):
    hits = review_retriever.search("Which cytokine induces MUC4 and mediates trastuzumab resistance?", k=3).results
    assert "MUC4" in hits[0].text
    bio = review_retriever.search("MUC4", k=10, topic="biomarker").results
    assert bio and all(h.topic == "biomarker" for h in bio)
    citing = review_retriever.search("trastuzumab resistance", k=10, ref=18).results
    assert citing and all(18 in h.refs for h in citing)


def test_review_answer_sentences_carry_only_their_own_markers(review_retriever):
    for q in ["What does MUC4 do in trastuzumab resistance?", "PTEN loss and the PI3K pathway"]:
        ans = review_retriever.answer(q)
        assert ans.answer, q
        for s in ans.answer:
            passage = review_retriever.passages[review_retriever.passage_index(s.passage_id)]
            assert s.text in passage.text
            if passage.kind == "paragraph":
                assert set(s.refs) <= cited_numbers(s.text), s
                assert not s.refs or not s.refs_from_paragraph, s


# -- the review is a document like any other: its list in its entry, the pack names the primary -------------
def test_the_review_list_lives_in_its_catalogue_entry(tiny_retriever):
    cat = tiny_retriever.catalogue
    assert [r["number"] for r in cat.documents["review"]["references"]] == [1, 2, 3, 4]
    # a paper dropped in corpus/references/ is a library document: its own list (this one prints none), and
    # its number in the review's list as the one it is (cited_as), which the ref filter goes by
    assert cat.documents["ref-2"]["references"] == [] and cat.list_of("ref-2") == "ref-2"
    assert cat.documents["ref-2"]["cited_as"] == 2
    assert all(cat.review_list_numbers(p) == {2} for p in tiny_retriever.passages if p.document == "ref-2")
    assert cat.list_of("no-such-document") == cat.primary == "review"
    listing = {d.id: d for d in tiny_retriever.documents()}
    assert listing["review"].reference_count == 4 and listing["ref-2"].reference_count == 0
    assert [r.number for r in tiny_retriever.document("review").references] == [1, 2, 3, 4]


def test_the_pack_names_the_primary_document(tmp_path, fake, monkeypatch):
    """Nothing compares ids with "review": a pack that indexes its review under another id gets the same
    behaviour (its list for answers, evidence and the cited papers' numbers)."""
    from tzqa.domain import pack

    copy = tmp_path / "pack"
    shutil.copytree(pack.pack_dir(), copy)
    data = json.loads((copy / "review.json").read_text(encoding="utf-8"))
    data["document"] = "wang2022"
    (copy / "review.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setenv("TZQA_PACK", str(copy))
    corpus = write_tiny_corpus(tmp_path / "corpus")
    build_index(root=tmp_path / "index", directory=corpus, progress=False, embedder=fake)
    r = Retriever(load_index(tmp_path / "index", corpus, fake), fake)
    assert [d.id for d in r.documents()] == ["wang2022", "ref-2"]
    assert r.catalogue.primary == "wang2022" and r.catalogue.list_of("ref-2") == "ref-2"
    assert {h.source.doc for h in r.search("marovin", k=20, ref=2).results} >= {"wang2022", "ref-2"}
    ans = r.answer("plinkton amplification zentrocyte growth")
    assert ans.references and all(ref.doc == "wang2022" for ref in ans.references)
    assert r.reference_info(3).doc == "wang2022"  # the public default doc="review" still means the primary list



def test_health_names_the_primary_document_and_the_page_takes_it_from_there(tiny_retriever):  # type: ignore[no-untyped-def]
    assert tiny_retriever.health().primary_document == tiny_retriever.catalogue.primary == "review"
    page = (ROOT / "src" / "tzqa" / "api" / "static" / "index.html").read_text(encoding="utf-8")
    assert "d.primary_document" in page
    assert not re.search(r"doc\s*!==\s*'review'", page), "the page compares documents with the primary id it is told"
