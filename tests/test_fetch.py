"""``tzqa references fetch`` on recorded Europe PMC responses (the abstracts in them are written for the tests)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tzqa import fetch
from tzqa.cli import app
from tzqa.fetch import FetchError, abstract_markdown, fetch_abstracts, is_open_licence, parse_only

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "europepmc"
RECORDED = {"10.15252/embr.201948058": "12-cc-by.json", "10.1016/j.canlet.2019.08.008": "13-no-licence.json"}
runner = CliRunner()


def recorded(request: httpx.Request) -> httpx.Response:
    assert request.url.host == "www.ebi.ac.uk" and request.url.path == "/europepmc/webservices/rest/search"
    params = request.url.params
    assert params["resultType"] == "core" and params["format"] == "json"
    doi = params["query"].removeprefix('DOI:"').removesuffix('"').lower()
    name = RECORDED.get(doi, "no-hits.json")
    return httpx.Response(200, content=(DATA / name).read_bytes(), headers={"content-type": "application/json"})


def offline(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)


_make_client = fetch.make_client  # the real one, before tests patch it


def client(handler=recorded) -> httpx.Client:  # type: ignore[no-untyped-def]
    return _make_client(httpx.MockTransport(handler))


@pytest.fixture()
def corpus(tmp_path) -> Path:
    dest = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", dest, ignore=shutil.ignore_patterns("references"))
    (dest / "references").mkdir()
    return dest


def test_open_abstract_written_others_reported(corpus, doc):
    results = fetch_abstracts(doc, corpus, client(), only=[3, 12, 13, 14], progress=False)
    got = {r.number: r.status for r in results}
    assert got == {3: "no doi", 12: "written", 13: "no licence", 14: "no hits"}
    assert sorted(p.name for p in (corpus / "references").iterdir()) == ["12.md"]
    text = (corpus / "references" / "12.md").read_text(encoding="utf-8")
    head = text.split("## Abstract")[0]
    assert head.startswith("# CDK12 drives breast tumor initiation and trastuzumab resistance via WNT")
    assert "- DOI: 10.15252/EMBR.201948058" in head and "- Licence: cc by" in head
    assert "- Source: https://europepmc.org/article/MED/99000012" in head
    assert "### Background" in text and "### Results" in text
    assert "<i>" not in text and "CDK12 loss restores sensitivity to trastuzumab & lowers IRS1" in text


def test_written_abstract_becomes_passages(corpus, doc):
    from tzqa.papers import ingest

    fetch_abstracts(doc, corpus, client(), only=[12], progress=False)
    papers, messages = ingest(corpus, doc)
    assert messages == [] and [(p.number, p.how, p.path) for p in papers] == [(12, "filename", "references/12.md")]
    ps = papers[0].passages
    assert [p.section for p in ps] == ["Choi 2019 — Background", "Choi 2019 — Results"]
    assert "zentrofibrin" in ps[-1].text
    assert not any("Licence" in p.text or "europepmc.org" in p.text or "DOI" in p.text for p in ps)


def test_dry_run_writes_nothing(corpus, doc):
    results = fetch_abstracts(doc, corpus, client(), only=[12], dry_run=True, progress=False)
    assert [(r.status, r.path) for r in results] == [("would write", "references/12.md")]
    assert not list((corpus / "references").iterdir())


def test_existing_and_supplied_files_are_left_alone(corpus, doc):
    refs = corpus / "references"
    (refs / "12.md").write_text("# Mine\n\nMy own notes on CDK12.\n", encoding="utf-8")
    (refs / "13_qiu.txt").write_text("My copy of the Qiu paper.\n", encoding="utf-8")
    calls: list[str] = []

    def counting(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.params["query"])
        return recorded(request)

    results = fetch_abstracts(doc, corpus, client(counting), only=[12, 13], progress=False)
    assert [(r.status, r.path) for r in results] == [("exists", "references/12.md"), ("supplied", "references/13_qiu.txt")]
    assert calls == [] and (refs / "12.md").read_text(encoding="utf-8").startswith("# Mine")
    results = fetch_abstracts(doc, corpus, client(counting), only=[12, 13], overwrite=True, progress=False)
    assert [r.status for r in results] == ["written", "supplied"] and len(calls) == 1
    assert "zentrofibrin" in (refs / "12.md").read_text(encoding="utf-8")


def test_licences():
    for lic in ("cc by", "cc by-nc", "CC BY-NC-ND", "cc0", "cc by-sa", "public domain"):
        assert is_open_licence(lic), lic
    for lic in (None, "", "other", "author manuscript", "subscription"):
        assert not is_open_licence(lic), lic


def test_not_open_http_errors_and_junk_are_reported_not_fatal(corpus, doc):
    rec = json.loads((DATA / "12-cc-by.json").read_text())

    def handler(request: httpx.Request) -> httpx.Response:
        doi = request.url.params["query"].lower()
        if "embr" in doi:
            rec["resultList"]["result"][0]["license"] = "other"
            return httpx.Response(200, json=rec)
        if "canlet" in doi:
            return httpx.Response(503, text="Service Unavailable")
        return httpx.Response(200, text="<html>maintenance</html>")

    results = fetch_abstracts(doc, corpus, client(handler), only=[12, 13, 14], progress=False)
    assert [(r.number, r.status) for r in results] == [(12, "not open"), (13, "error"), (14, "error")]
    assert "HTTP 503" in results[1].detail and not list((corpus / "references").iterdir())


def test_offline_is_a_clear_error(corpus, doc):
    with pytest.raises(FetchError, match=r"cannot reach Europe PMC \(offline\?\)"):
        fetch_abstracts(doc, corpus, client(offline), only=[12], progress=False)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match="offline"):
        fetch_abstracts(doc, corpus, client(slow), only=[12], progress=False)


def test_only_and_markdown_helpers(doc):
    assert parse_only("12,13, 20-22") == {12, 13, 20, 21, 22} and parse_only(None) is None
    for bad in ("x", "5-2", "1;2"):
        with pytest.raises(ValueError):
            parse_only(bad)
    rec = {"doi": "10.1/x", "title": "A <i>title</i>.", "license": "cc by", "abstractText": "One.<br/>Two."}
    md = abstract_markdown(doc.reference(5), rec)
    assert md.startswith("# A title\n") and "One.\n\nTwo.\n" in md and "europepmc.org/search" in md


def test_cli_fetch(corpus, monkeypatch):
    monkeypatch.setattr(fetch, "make_client", lambda: client())
    res = runner.invoke(app, ["references", "fetch", "--only", "12,13", "--dry-run", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    assert "would write" in res.output and "no licence" in res.output
    assert not list((corpus / "references").iterdir())
    res = runner.invoke(app, ["references", "fetch", "--only", "12", "--corpus", str(corpus)])
    assert res.exit_code == 0 and (corpus / "references" / "12.md").exists()
    res = runner.invoke(app, ["references", "fetch", "--only", "61", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "not in the review" in res.output
    res = runner.invoke(app, ["references", "fetch", "--only", "a-b", "--corpus", str(corpus)])
    assert res.exit_code == 2


def test_cli_fetch_offline_exits_2(corpus, monkeypatch):
    monkeypatch.setattr(fetch, "make_client", lambda: client(offline))
    res = runner.invoke(app, ["references", "fetch", "--corpus", str(corpus)])
    assert res.exit_code == 2
    assert "cannot reach Europe PMC (offline?)" in res.output and "Temporary failure" in res.output
    assert not list((corpus / "references").iterdir())
