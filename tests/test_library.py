"""The library end to end: a JATS article and a PDF written for the tests are added with ``tzqa add``,
indexed with the real model, and found first by a question only each of them answers, with their own
reference lists resolved; the review is untouched. Plus the readers' refusals (XXE, entity bombs, size).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from library_fixtures import JATS_DOI, PDF_DOI
from typer.testing import CliRunner

from tzqa.cli.main import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_add_reports_what_was_read(library):
    from tzqa.ingest.library.folder import documents

    corpus, *_ = library
    recs = {r.id: r for r in documents(corpus)}
    assert set(recs) == {"pmc9900001", "collagen-markers"}
    assert recs["pmc9900001"].doi == JATS_DOI and recs["pmc9900001"].year == 2025
    assert recs["collagen-markers"].doi == PDF_DOI
    assert recs["collagen-markers"].title.startswith("Collagen turnover markers and progression")


def test_adding_embeds_only_the_new_documents(library):
    _, _, report, retriever = library
    new = [p for p in retriever.passages if p.document in ("pmc9900001", "collagen-markers")]
    assert report.embedded == len(new) > 0
    assert report.reused == len(retriever.passages) - len(new)


def test_review_passages_are_unchanged(library, passages):
    from tzqa.ingest.library.collect import doc_id

    *_, retriever = library
    review = [p for p in retriever.passages if doc_id(p) == "review"]
    assert [p.to_dict() for p in review if p.kind != "reference_entry"] == [
        p.to_dict() for p in passages if p.kind != "reference_entry"]


def test_jats_question_finds_its_passage_first_with_its_own_references(library):
    *_, retriever = library
    res = retriever.search("does zongertinib restore sensitivity in trastuzumab refractory organoids with "
                           "exon 20 insertions?", k=5)
    top = res.results[0]
    assert top.source.doc == "pmc9900001" and top.source.kind == "paper"
    assert "eleven trastuzumab-refractory organoid lines" in top.text
    assert top.source.title.startswith("Zongertinib in trastuzumab-refractory")
    assert 64 in top.refs  # beyond the review's 60: resolved in the article's own list of 72
    ref64 = next(r for r in top.references if r.number == 64)
    assert ref64.doi == "10.99999/fixture.ref.64" and ref64.doc == "pmc9900001"
    assert res.answerable


def test_jats_citations_ranges_superscripts_and_tables(library):
    *_, retriever = library
    intro = next(p for p in retriever.passages if p.document == "pmc9900001" and p.section == "Introduction")
    assert {1, 3, 4, 5, 7, 61, 72} <= set(intro.refs)  # [3–5] filled in, <sup> read, > 60 kept
    assert "HER3[7]" in intro.text
    rows = [p for p in retriever.passages if p.document == "pmc9900001" and p.kind == "table_row"]
    assert {p.section for p in rows} == {"Table 1", "Table 2"} and len(rows) == 7
    assert any("IC50: 23 nM" in p.text and p.refs == (63,) for p in rows)


def test_pdf_question_finds_its_passage_first_with_its_own_references(library):
    *_, retriever = library
    res = retriever.search("how many weeks before progression did serum C4M rise on trastuzumab deruxtecan?", k=5)
    top = res.results[0]
    assert top.source.doc == "collagen-markers" and "nine weeks before radiological progression" in top.text
    assert 62 in top.refs
    assert next(r for r in top.references if r.number == 62).doi == "10.99999/fixture.pdfref.62"


def test_pdf_reading(library):
    """Running headers and page numbers gone, superscripts and brackets resolved, 66 references, 2 tables."""
    corpus, *_ = library
    from tzqa.ingest.library.folder import load_document

    article = load_document(corpus / "library" / "collagen-markers")
    text = " ".join(b.text for b in article.abstract + article.blocks)
    assert "J Fixture Breast Res" not in text and "Page 2" not in text
    assert len(article.references) == 66 and article.references[65].doi == "10.99999/fixture.pdfref.66"
    assert article.references[0].authors == ("Author1 A", "Writer B") and article.references[0].year == 2001
    assert any(b.citations[:2] == (1, 2) for b in article.abstract)  # superscript "1,2" glued to "and"
    assert any(set(range(3, 7)) <= set(b.citations) for b in article.blocks)  # "[3]" and "[4–6]"
    assert [t.label for t in article.tables] == ["Table 1", "Table 2"]
    assert article.tables[1].rows[0] == ("C4M", "9 weeks", "2.4")
    assert "References" not in article.sections


def test_doc_filter_documents_and_answer(library):
    from tzqa.errors import UnknownDocumentError

    *_, retriever = library
    only_review = retriever.search("zongertinib organoids exon 20", k=5, doc="review")
    assert {h.source.doc for h in only_review.results} == {"review"}
    with pytest.raises(UnknownDocumentError, match="no document 'nope'"):
        retriever.search("zongertinib", doc="nope")
    listing = {d["id"]: d for d in retriever.documents()}
    assert listing["pmc9900001"]["reference_count"] == 72 and listing["review"]["reference_count"] == 60
    assert len(retriever.document("collagen-markers")["references"]) == 66
    ans = retriever.answer("how many weeks before progression did serum C4M rise?", k=5)
    assert ans.answer and ans.answer[0].doc == "collagen-markers"
    assert all(r.doc in ("review", "collagen-markers", "pmc9900001") for r in ans.references)
    ev = retriever.evidence("zongertinib organoids exon 20 insertion", doc="pmc9900001")
    assert ev.references and ev.references[0].doi.startswith("10.99999/fixture.ref.")


def test_removing_a_document(library, tmp_path):
    from tzqa.index.build import build_index, load_index

    corpus, root, *_ = library
    c2, r2 = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(corpus, c2)
    shutil.copytree(root, r2, symlinks=True, ignore=shutil.ignore_patterns("leases"))
    res = runner.invoke(app, ["remove", "pmc9900001", "--no-build", "--corpus", str(c2)])
    assert res.exit_code == 0 and "removed pmc9900001" in res.output
    report = build_index(root=r2, directory=c2, progress=False)
    assert report.embedded == 0  # nothing new to embed
    idx = load_index(r2, c2)
    assert not any(p.document == "pmc9900001" for p in idx.passages) and "pmc9900001" not in idx.documents
    res = runner.invoke(app, ["remove", "pmc9900001", "--no-build", "--corpus", str(c2)])
    assert res.exit_code == 2 and "no document 'pmc9900001'" in res.output


def test_library_listing_cli(library):
    corpus, *_ = library
    res = runner.invoke(app, ["library", "--json", "--corpus", str(corpus)])
    assert res.exit_code == 0
    import json

    assert {d["id"] for d in json.loads(res.stdout)} == {"pmc9900001", "collagen-markers"}


def test_adding_parses_only_the_new_document_and_matches_a_full_rebuild(library, tmp_path, monkeypatch):
    import json

    from tzqa.index.build import build_index
    from tzqa.ingest.library import collect

    corpus, root, *_ = library
    c2, r2 = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(corpus, c2)
    shutil.copytree(root, r2, symlinks=True, ignore=shutil.ignore_patterns("leases"))
    note = tmp_path / "note.md"
    note.write_text("# A short note\n\n## Results\n\nOur own observation: the serum marker fell after "
                    "treatment in every patient we followed.\n", encoding="utf-8")
    assert runner.invoke(app, ["add", str(note), "--no-build", "--corpus", str(c2)]).exit_code == 0
    parsed: list[str] = []
    real = collect.load_document
    monkeypatch.setattr(collect, "load_document", lambda folder: parsed.append(folder.name) or real(folder))
    incremental = build_index(root=r2, directory=c2, progress=False)
    assert parsed == ["note"]  # the JATS article and the PDF came from the live index, unparsed
    assert incremental.embedded == 1
    full_root = tmp_path / "full"
    build_index(root=full_root, directory=c2, progress=False, reuse=False)
    for name in ("passages.jsonl", "sentences.json", "tokens.json", "keys.json", "synonyms.json"):
        a = (r2 / "current" / name).read_text(encoding="utf-8")
        b = (full_root / "current" / name).read_text(encoding="utf-8")
        assert (json.loads(a) if name.endswith(".json") else a) == (json.loads(b) if name.endswith(".json") else b), name
