"""Identifiers and ``tzqa references fetch`` on recorded Europe PMC responses (their texts are written for the tests).

Recorded: ``12-cc-by.json`` (open access, full text ``PMC9900012.xml``), ``15-abstract-cc-by.json``
(abstract under CC BY, no open full text), ``13-no-licence.json`` (subscription, no licence) and
``no-hits.json``. Nothing here touches the network.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tzqa.cli.main import app
from tzqa.ingest import fetch
from tzqa.ingest.fetch import FetchError, is_open_licence, parse_only
from tzqa.ingest.library import europepmc
from tzqa.ingest.library.cited import fetch_references
from tzqa.ingest.library.folder import documents, library_dir, load_document

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "europepmc"
BY_QUERY = {
    'DOI:"10.15252/embr.201948058"': "12-cc-by.json", "EXT_ID:99000012 AND SRC:MED": "12-cc-by.json",
    "PMCID:PMC9900012": "12-cc-by.json",
    'DOI:"10.1016/j.canlet.2019.08.008"': "13-no-licence.json", "EXT_ID:99000013 AND SRC:MED": "13-no-licence.json",
    'DOI:"10.1186/s12916-015-0416-2"': "15-abstract-cc-by.json",
    "EXT_ID:99000015 AND SRC:MED": "15-abstract-cc-by.json",
}
runner = CliRunner()
_make_client = fetch.make_client  # the real one, before tests patch it


def recorded(request: httpx.Request) -> httpx.Response:
    assert request.url.host == "www.ebi.ac.uk", request.url
    path = request.url.path
    if path == "/europepmc/webservices/rest/search":
        params = request.url.params
        assert params["resultType"] == "core" and params["format"] == "json"
        name = BY_QUERY.get(params["query"], "no-hits.json")
        return httpx.Response(200, content=(DATA / name).read_bytes(), headers={"content-type": "application/json"})
    if path.endswith("/fullTextXML"):
        f = DATA / f"{path.split('/')[-2]}.xml"
        if f.exists():
            return httpx.Response(200, content=f.read_bytes(), headers={"content-type": "application/xml"})
        return httpx.Response(404, text="not found")
    return httpx.Response(404, text="unknown endpoint")


def offline(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)


def client(handler=recorded) -> httpx.Client:  # type: ignore[no-untyped-def]
    return _make_client(httpx.MockTransport(handler))


@pytest.fixture()
def corpus(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", dest, ignore=shutil.ignore_patterns("references", "library"))
    (dest / "references").mkdir()
    return dest


@pytest.fixture()
def recorded_client(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(fetch, "make_client", lambda: client())


# -- identifiers ---------------------------------------------------------------------------------
def test_identifiers_parse_and_refuse():
    assert europepmc.parse_identifier("pmid:31512345") == europepmc.Identifier("pmid", "31512345")
    assert europepmc.parse_identifier("pmcid:123") == europepmc.Identifier("pmcid", "PMC123")
    assert europepmc.parse_identifier("PMC77") == europepmc.Identifier("pmcid", "PMC77")
    assert europepmc.parse_identifier("doi:https://doi.org/10.1000/ABC") == europepmc.Identifier("doi", "10.1000/abc")
    assert europepmc.parse_identifier("10.1000/xyz").scheme == "doi"
    assert europepmc.parse_identifier("somefile.pdf") is None
    for bad in ("pmid:12a", "pmcid:PMCx", "doi:11.2/x"):
        with pytest.raises(ValueError):
            europepmc.parse_identifier(bad)


def test_add_pmid_open_access_stores_full_text_linked_to_the_review(corpus, recorded_client):
    res = runner.invoke(app, ["add", "pmid:99000012", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "Europe PMC (full text)" in res.output and "reference 12 of the review" in res.output
    [rec] = documents(corpus)
    assert (rec.id, rec.pmcid, rec.cited_as, rec.origin) == ("pmc9900012", "PMC9900012", 12, "europepmc:fulltext")
    assert rec.licence == "cc by" and rec.source_url and rec.retrieved and rec.source_file.endswith(".xml")
    article = load_document(library_dir(corpus) / rec.id)  # raises DocumentError if it cannot be read back
    assert "quavestrin" in article.blocks[0].text and article.blocks[0].citations == (1, 2)
    assert [r.doi for r in article.references] == ["10.99999/fixture.choi.1", "10.99999/fixture.choi.2"]


def test_add_abstract_only_and_refusals(corpus, recorded_client):
    res = runner.invoke(app, ["add", "pmid:99000015", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "Europe PMC (abstract)" in res.output and "reference 15 of the review" in res.output
    [rec] = documents(corpus)
    assert rec.origin == "europepmc:abstract" and rec.source_file.endswith(".md")
    article = load_document(library_dir(corpus) / rec.id)
    assert any("0.47" in b.text for b in article.abstract + article.blocks)
    # Not open: subscription record without a licence -> refused, nothing stored.
    res = runner.invoke(app, ["add", "pmid:99000013", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "not an open one" in res.output and len(documents(corpus)) == 1
    # Not found.
    res = runner.invoke(app, ["add", "doi:10.1000/nothing-here", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "no record for doi:10.1000/nothing-here" in res.output
    # The same paper twice.
    res = runner.invoke(app, ["add", "pmid:99000015", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "already in the library" in res.output
    # Neither a file nor an identifier.
    res = runner.invoke(app, ["add", "no-such-file.pdf", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "neither a file nor an identifier" in res.output


def test_add_offline_is_a_clear_error(corpus, monkeypatch):
    monkeypatch.setattr(fetch, "make_client", lambda: client(offline))
    res = runner.invoke(app, ["add", "pmid:99000012", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 2
    assert "cannot reach Europe PMC (offline?)" in res.output and "add a downloaded file" in res.output
    assert documents(corpus) == []


# -- references fetch ----------------------------------------------------------------------------
def test_fetch_references_statuses_and_resume(corpus, review):
    results = fetch_references(review, corpus, client(), only=[12, 13, 14, 15], progress=False)
    assert [(r.number, r.status) for r in results] == [
        (12, "full text"), (13, "not open"), (14, "no hits"), (15, "abstract")]
    assert {r.cited_as: r.id for r in documents(corpus)} == {12: "pmc9900012", 15: "pmid-99000015"}
    seen: list[str] = []

    def counting(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return recorded(request)

    again = fetch_references(review, corpus, client(counting), only=[12, 15], progress=False)
    assert [(r.status, r.doc) for r in again] == [("exists", "pmc9900012"), ("exists", "pmid-99000015")]
    assert seen == []  # resumed: nothing asked twice


def test_fetch_dry_run_stores_nothing_and_supplied_files_win(corpus, review):
    (corpus / "references" / "12.txt").write_text("Our own notes on the CDK12 paper. " * 5, encoding="utf-8")
    results = fetch_references(review, corpus, client(), only=[12, 15], dry_run=True, progress=False)
    assert [(r.number, r.status) for r in results] == [(12, "supplied"), (15, "would add")]
    assert documents(corpus) == []


def test_http_errors_and_junk_are_reported_not_fatal(corpus, review):
    rec = json.loads((DATA / "12-cc-by.json").read_text())

    def handler(request: httpx.Request) -> httpx.Response:
        query = request.url.params.get("query", "").lower()
        if "embr" in query:
            rec["resultList"]["result"][0].update(isOpenAccess="N", license="other")
            return httpx.Response(200, json=rec)
        if "canlet" in query:
            return httpx.Response(503, text="Service Unavailable")
        return httpx.Response(200, text="<html>maintenance</html>")

    results = fetch_references(review, corpus, client(handler), only=[12, 13, 14], progress=False)
    assert [(r.number, r.status) for r in results] == [(12, "not open"), (13, "error"), (14, "error")]
    assert "HTTP 503" in results[1].detail and documents(corpus) == []


def test_fetch_offline_is_one_clear_error(corpus, review):
    with pytest.raises(FetchError, match=r"cannot reach Europe PMC \(offline\?\)"):
        fetch_references(review, corpus, client(offline), only=[12], progress=False)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match="offline"):
        fetch_references(review, corpus, client(slow), only=[12], progress=False)


def test_licences_and_only():
    for lic in ("cc by", "cc by-nc", "CC BY-NC-ND", "cc0", "cc by-sa", "public domain"):
        assert is_open_licence(lic), lic
    for lic in (None, "", "other", "author manuscript", "subscription"):
        assert not is_open_licence(lic), lic
    assert parse_only("12,13, 20-22") == {12, 13, 20, 21, 22} and parse_only(None) is None
    for bad in ("x", "5-2", "1;2"):
        with pytest.raises(ValueError):
            parse_only(bad)


def test_cli_fetch_table_and_errors(corpus, recorded_client):
    res = runner.invoke(app, ["references", "fetch", "--only", "12,13", "--dry-run", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "would add" in res.output and "not open" in res.output and documents(corpus) == []
    res = runner.invoke(app, ["references", "fetch", "--only", "12", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 0 and "full text" in res.output and len(documents(corpus)) == 1
    res = runner.invoke(app, ["references", "list", "--json", "--corpus", str(corpus)])
    row12 = next(r for r in json.loads(res.stdout)["references"] if r["number"] == 12)
    assert row12["library_id"] == "pmc9900012" and row12["file"] == "library/pmc9900012"
    res = runner.invoke(app, ["references", "fetch", "--only", "61", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "not in the review" in res.output
    res = runner.invoke(app, ["references", "fetch", "--only", "a-b", "--corpus", str(corpus)])
    assert res.exit_code == 2


def test_cli_fetch_offline_exits_2(corpus, monkeypatch):
    monkeypatch.setattr(fetch, "make_client", lambda: client(offline))
    res = runner.invoke(app, ["references", "fetch", "--corpus", str(corpus)])
    assert res.exit_code == 2
    assert "cannot reach Europe PMC (offline?)" in res.output and "Temporary failure" in res.output
    assert documents(corpus) == []
