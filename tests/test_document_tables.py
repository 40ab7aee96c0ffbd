"""One document model (issue 25): the bundled review read as an Article by the reader its pack names, its
Table 1 a document table, ``GET /documents/{id}/tables`` for any document, ``/biomarkers`` a view over the
pack's named table, and an index without the review file. Fast tier: the fake embedder, no real model.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tzqa.api.main import create_app
from tzqa.index.build import build_index, collect_passages, load_index
from tzqa.ingest.library.batch import store_many
from tzqa.search.retriever import Retriever

ROOT = Path(__file__).resolve().parents[1]
REVIEW_NAME = "trastuzumab-resistance-review.txt"
WITH_TABLES = ROOT / "tests" / "data" / "realdocs" / "1471-2180-11-174.nxml"  # a JATS article with three tables


@pytest.fixture(scope="module")
def tables_retriever(tmp_path_factory, fake):  # type: ignore[no-untyped-def]
    """The bundled review and one library article with tables, indexed with the fake embedder."""
    base = tmp_path_factory.mktemp("tables")
    corpus = base / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "corpus" / REVIEW_NAME, corpus / REVIEW_NAME)
    report = store_many(corpus, [WITH_TABLES], progress=False)
    assert len(report.added) == 1
    build_index(root=base / "index", directory=corpus, progress=False, embedder=fake)
    return Retriever(load_index(base / "index", corpus, fake), fake)


@pytest.fixture(scope="module")
def tables_client(tables_retriever):  # type: ignore[no-untyped-def]
    with TestClient(create_app(retriever=tables_retriever), raise_server_exceptions=False) as c:
        yield c


def test_the_pack_names_the_reader_and_the_review_is_an_article():
    from tzqa.domain import pack
    from tzqa.ingest.corpus import READERS, read_bundled
    from tzqa.ingest.library.records import Article

    assert pack.load("review.json")["reader"] in READERS
    review = read_bundled(ROOT / "corpus" / REVIEW_NAME)
    assert isinstance(review, Article) and review.record.kind == "review"
    assert (review.record.year, review.record.doi) == (2022, "10.3389/fonc.2022.1006429")
    assert [t.label for t in review.tables] == ["Table 1"] and len(review.tables[0].rows) == 10


def test_the_review_table_is_a_document_table(tables_retriever):
    (table,) = tables_retriever.tables("review")
    assert table.label == "Table 1" and len(table.columns) == 5 and len(table.rows) == 10
    assert len(table.citations) == 10 and all(table.citations)
    rows = tables_retriever.biomarkers()
    assert [r.biomarker for r in rows] == [row[0] for row in table.rows]
    assert [r.refs for r in rows] == table.citations
    assert [r.biomarker_original for r in rows] == [row[0] for row in table.source_rows]
    assert all(ref.doc == "review" and ref.number in r.refs for r in rows for ref in r.references)


def test_a_library_documents_tables(tables_retriever):
    doc = next(d.id for d in tables_retriever.documents() if d.id != "review")
    tables = tables_retriever.tables(doc)
    assert len(tables) == 3 == tables_retriever.document(doc).tables
    assert all(t.label and t.rows and all(len(r) <= len(t.columns) or not t.columns for r in t.rows) for t in tables)


def test_unknown_document_tables_is_an_error(tables_retriever):
    from tzqa.errors import UnknownDocumentError

    with pytest.raises(UnknownDocumentError):
        tables_retriever.tables("no-such-doc")


def test_http_tables(tables_client, tables_retriever):
    r = tables_client.get("/documents/review/tables")
    assert r.status_code == 200
    body = r.json()
    assert [t["label"] for t in body] == ["Table 1"] and set(body[0]) >= {"label", "caption", "columns", "rows",
                                                                        "citations", "source_rows"}
    doc = next(d.id for d in tables_retriever.documents() if d.id != "review")
    assert len(tables_client.get(f"/documents/{doc}/tables").json()) == 3
    missing = tables_client.get("/documents/no-such-doc/tables")
    assert missing.status_code == 404 and "no-such-doc" in missing.json()["detail"]
    assert "/documents/{doc_id}/tables" in tables_client.get("/openapi.json").json()["paths"]


def test_biomarkers_stays_as_it_was(tables_client):
    rows = tables_client.get("/biomarkers").json()
    assert len(rows) == 10
    assert set(rows[0]) == {"biomarker", "biomarker_original", "mechanism", "resistance", "correlation", "author",
                            "refs", "references"}


def test_a_corpus_without_the_review_file_still_collects_its_library(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    store_many(corpus, [WITH_TABLES], progress=False)
    review, passages, _, fingerprint, catalogue = collect_passages(corpus)
    assert review is None and passages and "review" not in catalogue and len(catalogue) == 1
    assert all(p.document != "review" for p in passages) and fingerprint


def test_a_corpus_with_nothing_names_the_missing_review(tmp_path):
    with pytest.raises(FileNotFoundError, match=REVIEW_NAME.removesuffix(".txt")):
        collect_passages(tmp_path)
