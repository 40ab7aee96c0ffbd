"""The HTTP API through the ASGI app (TestClient) and, for concurrency, a real uvicorn on loopback.

Every endpoint's contract, every bad input as a 4xx JSON ``detail`` (never a 500 or a traceback),
a corrupt or stale index reported as 503, and concurrent mixed traffic without errors.
"""
from __future__ import annotations

import json
import re
import shutil
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tzqa.api.main import create_app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
MUC4_Q = "Which cytokine induces MUC4 and mediates trastuzumab resistance?"
MUC4_DOI = "10.1158/1078-0432.CCR-16-0970"
TOPICS = {"mechanism", "biomarker", "agent", "background"}
HIT_FIELDS = {"rank", "score", "passage_id", "text", "highlight", "section", "topic", "source", "refs", "references"}


@pytest.fixture(scope="module")
def client(retriever):  # type: ignore[no-untyped-def]
    with TestClient(create_app(retriever=retriever), raise_server_exceptions=False) as c:
        yield c


def assert_error(r: Any, status: int | tuple[int, ...] | None = None, mentions: tuple[str, ...] = ()) -> str:
    """A 4xx JSON body whose ``detail`` is a readable string (no traceback); returns the detail."""
    allowed = (status,) if isinstance(status, int) else status
    assert 400 <= r.status_code < 500, f"expected 4xx, got {r.status_code}: {r.text[:500]}"
    if allowed:
        assert r.status_code in allowed, f"expected {allowed}, got {r.status_code}: {r.text[:500]}"
    assert r.headers["content-type"].startswith("application/json"), r.headers["content-type"]
    body = r.json()
    detail = body.get("detail")
    assert isinstance(detail, str) and detail.strip(), f"detail is not a message: {body!r}"
    assert "Traceback" not in r.text and 'File "' not in r.text
    for word in mentions:
        assert word.lower() in detail.lower(), f"detail {detail!r} does not mention {word!r}"
    return detail


def check_hit(hit: dict, rank: int) -> None:
    assert HIT_FIELDS <= hit.keys()
    assert hit["rank"] == rank
    assert isinstance(hit["score"], float)
    assert isinstance(hit["passage_id"], str) and hit["passage_id"]
    assert isinstance(hit["text"], str) and 0 < len(hit["text"]) <= 1200
    assert isinstance(hit["highlight"], str) and hit["highlight"].strip()
    assert hit["highlight"] in hit["text"], "highlight is not a span of the passage"
    assert isinstance(hit["section"], str)
    assert hit["topic"] in TOPICS
    assert hit["source"]["kind"] in {"review", "reference"}
    if hit["source"]["kind"] == "reference":
        assert isinstance(hit["source"]["ref"], int) and 1 <= hit["source"]["ref"] <= 60
    assert all(isinstance(n, int) for n in hit["refs"])
    assert [r["number"] for r in hit["references"]] == [n for n in hit["refs"] if 1 <= n <= 60]
    for ref in hit["references"]:
        assert set(ref) >= {"number", "citation", "doi"}
        assert isinstance(ref["citation"], str) and ref["citation"]
        assert ref["doi"] is None or isinstance(ref["doi"], str)


def check_results(body: dict, query: str, k: int = 10) -> list[dict]:
    assert body["query"] == query.strip()
    assert isinstance(body["took_ms"], (int, float)) and body["took_ms"] >= 0
    hits = body["results"]
    assert isinstance(hits, list) and 0 < len(hits) <= k
    for i, hit in enumerate(hits, 1):
        check_hit(hit, i)
    scores = [h["score"] for h in hits]
    assert scores == sorted(scores, reverse=True), "results are not ranked by score"
    assert len({h["passage_id"] for h in hits}) == len(hits), "duplicate passages"
    return hits


# ---------------------------------------------------------------------------------------------
# endpoints
# ---------------------------------------------------------------------------------------------
def test_health(client, retriever):  # type: ignore[no-untyped-def]
    r = client.get("/health")
    assert r.status_code == 200
    body = r.json()
    assert {"status", "passages", "references", "model", "index_built"} <= body.keys()
    assert body["status"] == "ok"
    assert body["references"] == 60
    assert body["passages"] == len(retriever.passages) > 60
    assert isinstance(body["model"], str) and body["model"]
    assert isinstance(body["index_built"], str) and body["index_built"][:2] == "20"


def test_page_is_served(client):  # type: ignore[no-untyped-def]
    r = client.get("/")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    for marker in ('id="search-form"', 'id="q"', 'id="results"', 'id="evidence"', 'id="ref-dialog"'):
        assert marker in r.text


def test_openapi_documents_every_endpoint(client):  # type: ignore[no-untyped-def]
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/search", "/evidence", "/references", "/references/{n}", "/biomarkers"} <= paths.keys()
    assert {"get", "post"} <= paths["/search"].keys()
    for path, ops in paths.items():  # everything can answer 503 when the index is unusable
        for method, op in ops.items():
            assert "503" in op["responses"], f"{method.upper()} {path} does not document 503"


def test_search_get_shape_and_ranking(client):  # type: ignore[no-untyped-def]
    r = client.get("/search", params={"q": MUC4_Q})
    assert r.status_code == 200, r.text
    hits = check_results(r.json(), MUC4_Q)
    assert len(hits) == 10  # default k
    assert "MUC4" in hits[0]["text"]
    assert 18 in hits[0]["refs"]
    ref18 = next(x for x in hits[0]["references"] if x["number"] == 18)
    assert ref18["doi"] == MUC4_DOI


def test_search_post_matches_get(client):  # type: ignore[no-untyped-def]
    get = client.get("/search", params={"q": MUC4_Q, "k": 5}).json()
    r = client.post("/search", json={"query": MUC4_Q, "k": 5})
    assert r.status_code == 200, r.text
    hits = check_results(r.json(), MUC4_Q, k=5)
    assert [h["passage_id"] for h in hits] == [h["passage_id"] for h in get["results"]]


def test_search_post_with_all_fields(client):  # type: ignore[no-untyped-def]
    r = client.post("/search", json={"query": "MUC4", "k": 3, "topic": "biomarker", "source": "review",
                                     "ref": 18})
    assert r.status_code == 200, r.text
    for h in check_results(r.json(), "MUC4", k=3):
        assert h["topic"] == "biomarker" and h["source"]["kind"] == "review" and 18 in h["refs"]


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_filter(client, topic):  # type: ignore[no-untyped-def]
    r = client.get("/search", params={"q": "trastuzumab resistance", "topic": topic, "k": 20})
    assert r.status_code == 200, r.text
    hits = check_results(r.json(), "trastuzumab resistance", k=20)
    assert {h["topic"] for h in hits} == {topic}


@pytest.mark.parametrize("source", ["review", "reference"])
def test_source_filter(client, source):  # type: ignore[no-untyped-def]
    r = client.get("/search", params={"q": "HER2 signalling", "source": source, "k": 20})
    assert r.status_code == 200, r.text
    hits = check_results(r.json(), "HER2 signalling", k=20)
    assert {h["source"]["kind"] for h in hits} == {source}


def test_ref_filter(client):  # type: ignore[no-untyped-def]
    r = client.get("/search", params={"q": "tumor necrosis factor", "ref": 18, "k": 50})
    assert r.status_code == 200, r.text
    hits = check_results(r.json(), "tumor necrosis factor", k=50)
    assert all(18 in h["refs"] or h["source"]["ref"] == 18 for h in hits)
    assert any(h["source"]["ref"] == 18 for h in hits), "the reference entry itself is missing"


def test_filters_with_no_match_give_empty_results(client):  # type: ignore[no-untyped-def]
    # reference 1 is cited in the background section only (or not at all under "agent"): 200 with [] is fine
    r = client.get("/search", params={"q": "epidemiology", "ref": 1, "topic": "agent", "source": "reference"})
    assert r.status_code == 200, r.text
    assert all(h["topic"] == "agent" and h["source"]["kind"] == "reference" for h in r.json()["results"])


@pytest.mark.parametrize("k", [1, 2, 50])
def test_k_bounds(client, retriever, k):  # type: ignore[no-untyped-def]
    r = client.get("/search", params={"q": "HER2", "k": k})
    assert r.status_code == 200, r.text
    assert len(r.json()["results"]) == min(k, len(retriever.passages))


def test_query_at_the_length_limit(client):  # type: ignore[no-untyped-def]
    q = ("trastuzumab resistance " * 100)[:2000]
    r = client.get("/search", params={"q": q, "k": 1})
    assert r.status_code == 200, r.text
    r = client.post("/search", json={"query": q, "k": 1})
    assert r.status_code == 200, r.text


def test_references_list(client):  # type: ignore[no-untyped-def]
    r = client.get("/references")
    assert r.status_code == 200
    refs = r.json()
    assert [x["number"] for x in refs] == list(range(1, 61))
    for x in refs:
        assert isinstance(x["citation"], str) and len(x["citation"]) > 20
        assert isinstance(x["authors"], list) and x["title"]
        if x["doi"]:
            assert x["doi_url"] == f"https://doi.org/{x['doi']}"
        else:
            assert x["doi_url"] is None
    assert sum(1 for x in refs if x["doi"]) > 40, "most references have a DOI"


@pytest.mark.parametrize("n", [1, 18, 60])
def test_reference_detail(client, n):  # type: ignore[no-untyped-def]
    r = client.get(f"/references/{n}")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["number"] == n and body["citation"]
    assert isinstance(body["cited_by"], list)
    for c in body["cited_by"]:
        assert set(c) == {"passage_id", "section", "text"} and c["text"]
    if n == 18:
        assert body["doi"] == MUC4_DOI
        assert body["doi_url"] == "https://doi.org/" + MUC4_DOI
        assert body["cited_by"], "reference 18 is cited in the MUC4 paragraph"
        assert any("MUC4" in c["text"] for c in body["cited_by"])


@pytest.mark.parametrize("n", ["0", "61", "999", "-5"])
def test_reference_not_in_list(client, n):  # type: ignore[no-untyped-def]
    assert_error(client.get(f"/references/{n}"), 404, mentions=(n,))


def test_evidence(client):  # type: ignore[no-untyped-def]
    r = client.get("/evidence", params={"q": MUC4_Q})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["query"] == MUC4_Q and body["took_ms"] >= 0
    refs = body["references"]
    assert 0 < len(refs) <= 10
    assert refs[0]["number"] == 18 and refs[0]["doi"] == MUC4_DOI
    scores = [x["score"] for x in refs]
    assert scores == sorted(scores, reverse=True)
    assert len({x["number"] for x in refs}) == len(refs)
    for x in refs:
        assert 1 <= x["number"] <= 60 and x["citation"]
        assert x["passages"] and all(isinstance(p, str) for p in x["passages"])
        assert 1 <= len(x["sentences"]) <= 3 and all(isinstance(s, str) and s for s in x["sentences"])
    assert any("MUC4" in s for s in refs[0]["sentences"])


def test_evidence_k_and_topic(client):  # type: ignore[no-untyped-def]
    r = client.get("/evidence", params={"q": "PI3K pathway", "k": 3, "topic": "mechanism"})
    assert r.status_code == 200, r.text
    assert len(r.json()["references"]) <= 3


def test_biomarkers(client):  # type: ignore[no-untyped-def]
    r = client.get("/biomarkers")
    assert r.status_code == 200
    rows = r.json()
    assert len(rows) == 10
    for row in rows:
        assert {"biomarker", "mechanism", "resistance", "correlation", "author", "refs", "references"} <= row.keys()
        assert row["biomarker"] and row["refs"]
        assert [x["number"] for x in row["references"]] == row["refs"]
        assert all(x["citation"] for x in row["references"])


def test_every_passage_fits_the_text_limit(retriever):  # type: ignore[no-untyped-def]
    # Hit.text has max_length=1200: a longer passage would turn a search into a 500
    assert max(len(p.text) for p in retriever.passages) <= 1200


# ---------------------------------------------------------------------------------------------
# bad inputs: 4xx JSON with a detail that says what is wrong
# ---------------------------------------------------------------------------------------------
BAD_GET = [
    ("/search?q=", 422, ("q",)),
    ("/search?q=%20%20%20", 422, ("empty",)),
    ("/search?q=" + "a" * 2001, 422, ("2000",)),
    ("/search?q=x&k=0", 422, ("k",)),
    ("/search?q=x&k=51", 422, ("k", "50")),
    ("/search?q=x&k=abc", 422, ("k", "integer")),
    ("/search?q=x&k=1.5", 422, ("k", "integer")),
    ("/search?q=x&k=", 422, ("k",)),
    ("/search", 422, ("q", "required")),
    ("/search?k=5", 422, ("q", "required")),
    ("/search?q=x&topic=nonsense", 422, ("topic", "mechanism")),
    ("/search?q=x&topic=AGENT", 422, ("topic",)),
    ("/search?q=x&source=blog", 422, ("source", "review")),
    ("/search?q=x&ref=61", 422, ("61",)),
    ("/search?q=x&ref=0", 422, ("ref",)),
    ("/search?q=x&ref=abc", 422, ("ref", "integer")),
    ("/search?q=x&ref=-1", 422, ("ref",)),
    ("/evidence", 422, ("q", "required")),
    ("/evidence?q=", 422, ("q",)),
    ("/evidence?q=%20", 422, ("empty",)),
    ("/evidence?q=x&k=0", 422, ("k",)),
    ("/evidence?q=x&k=51", 422, ("k",)),
    ("/evidence?q=x&topic=zzz", 422, ("topic",)),
    ("/references/abc", 422, ("n", "integer")),
    ("/references/1.5", 422, ("n",)),
    ("/references/-5", 404, ("-5",)),
    ("/search?q=" + "x" * 60_000, 422, ("2000",)),  # a very long URL
    ("/no-such-endpoint", 404, ("not found",)),
]


@pytest.mark.parametrize("url,status,mentions", BAD_GET, ids=lambda v: str(v)[:40] if isinstance(v, str) else None)
def test_bad_get(client, url, status, mentions):  # type: ignore[no-untyped-def]
    assert_error(client.get(url), status, mentions)


BAD_POST = [
    ("not json", b'{"query": "MUC4", "k": ', 422, ("JSON",)),
    ("truncated", b'{"query":', 422, ("JSON",)),
    ("empty body", b"", 422, ("body",)),
    ("list", b'[1, 2]', 422, ("body",)),
    ("string", b'"MUC4"', 422, ("body",)),
    ("null", b"null", 422, ("body",)),
    ("number", b"42", 422, ("body",)),
    ("empty object", b"{}", 422, ("query", "required")),
    ("query number", b'{"query": 5}', 422, ("query", "string")),
    ("query list", b'{"query": ["MUC4"]}', 422, ("query",)),
    ("query null", b'{"query": null}', 422, ("query",)),
    ("query empty", b'{"query": ""}', 422, ("query",)),
    ("query blank", b'{"query": "   "}', 422, ("query", "blank")),
    ("query too long", json.dumps({"query": "a" * 2001}).encode(), 422, ("query", "2000")),
    ("k string", b'{"query": "MUC4", "k": "5"}', 422, ("k", "integer")),
    ("k bool", b'{"query": "MUC4", "k": true}', 422, ("k", "integer")),
    ("k float", b'{"query": "MUC4", "k": 1.5}', 422, ("k",)),
    ("k zero", b'{"query": "MUC4", "k": 0}', 422, ("k",)),
    ("k 51", b'{"query": "MUC4", "k": 51}', 422, ("k", "50")),
    ("extra field", b'{"query": "MUC4", "foo": 1}', 422, ("foo",)),
    ("topic unknown", b'{"query": "MUC4", "topic": "x"}', 422, ("topic",)),
    ("source unknown", b'{"query": "MUC4", "source": "x"}', 422, ("source",)),
    ("ref 61", b'{"query": "MUC4", "ref": 61}', 422, ("61",)),
    ("ref string", b'{"query": "MUC4", "ref": "18"}', 422, ("ref",)),
    ("ref negative", b'{"query": "MUC4", "ref": -1}', 422, ("ref",)),
    ("lone surrogate", b'{"query": "\\ud800 MUC4"}', 422, ("query",)),
    ("invalid utf-8", b'{"query": "\xff\xfe"}', (400, 422), ()),
]


@pytest.mark.parametrize("name,body,status,mentions", BAD_POST, ids=[b[0] for b in BAD_POST])
def test_bad_post(client, name, body, status, mentions):  # type: ignore[no-untyped-def]
    r = client.post("/search", content=body, headers={"content-type": "application/json"})
    assert_error(r, status, mentions)


def test_post_with_wrong_content_type(client):  # type: ignore[no-untyped-def]
    r = client.post("/search", content=b"query=MUC4", headers={"content-type": "application/x-www-form-urlencoded"})
    assert_error(r, 422)


def test_wrong_methods(client):  # type: ignore[no-untyped-def]
    assert_error(client.put("/search", json={"query": "x"}), 405)
    assert_error(client.delete("/references/1"), 405)
    assert_error(client.post("/evidence", json={"query": "x"}), 405)


ODD_QUERIES = [
    "😀", "💊 trastuzumab 🧬 resistance", "שלום עולם", "مقاومة تراستوزوماب", "\u202eMUC4\u202c",
    "MUC4\u200b\u200d", "a\x00b", "\x00", "e\u0301\u0301\u0301", "ℌ𝔈ℜ2 𝔰𝔦𝔤𝔫𝔞𝔩𝔦𝔫𝔤", "<script>alert(1)</script>",
    "'; DROP TABLE passages; --", "%00%ff", "?!.,;:", "\t\nMUC4\r\n", "😀" * 2000,
]


@pytest.mark.parametrize("q", ODD_QUERIES, ids=range(len(ODD_QUERIES)))
def test_odd_queries_never_500(client, q):  # type: ignore[no-untyped-def]
    for r in (client.get("/search", params={"q": q, "k": 3}), client.post("/search", json={"query": q, "k": 3}),
              client.get("/evidence", params={"q": q, "k": 3})):
        assert r.status_code in (200, 422), f"{r.status_code}: {r.text[:300]}"
        if r.status_code == 200:
            body = r.json()
            # Control characters (NUL, BEL...) are blanked, never echoed back.
            assert body["query"] == re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", q).strip()
        else:
            assert_error(r, 422)


def test_odd_raw_urls_never_500(client):  # type: ignore[no-untyped-def]
    for url in ["/search?q=%ED%A0%80", "/search?q=%FF%FE", "/search?q=%", "/search?q=%zz", "/search?q=x&q=y",
                "/search?q=x&k=5&k=6", "/search?q[]=x", "/references/%00", "/references/1e3", "/references/%F0%9F%98%80",
                "/search?q=x&topic=", "/search?q=x&ref=", "/evidence?q=%0A"]:
        r = client.get(url)
        assert r.status_code < 500, f"{url}: {r.status_code} {r.text[:300]}"
        if r.status_code >= 400:
            assert_error(r)


def test_still_healthy_after_bad_inputs(client):  # type: ignore[no-untyped-def]
    r = client.get("/health")
    assert r.status_code == 200 and r.json()["status"] == "ok"
    r = client.get("/search", params={"q": MUC4_Q, "k": 1})
    assert r.status_code == 200 and "MUC4" in r.json()["results"][0]["text"]


# ---------------------------------------------------------------------------------------------
# corrupt or stale index: 503 with the reason, never 500
# ---------------------------------------------------------------------------------------------
@pytest.fixture(params=["corrupt", "stale"])
def broken_app(request, index_root, tmp_path):  # type: ignore[no-untyped-def]
    index = tmp_path / "index"
    shutil.copytree(index_root, index)
    corpus = ROOT / "corpus"
    if request.param == "corrupt":
        vectors = index / "current" / "vectors.npy"
        assert vectors.exists(), list((index / "current").iterdir())
        data = bytearray(vectors.read_bytes())
        data[-64:] = b"\xde\xad\xbe\xef" * 16
        vectors.write_bytes(bytes(data))
        expect = ("vectors.npy",)
    else:
        corpus = tmp_path / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        review = corpus / "trastuzumab-resistance-review.txt"
        review.write_text(review.read_text(encoding="utf-8") + "\n\nAn added paragraph.\n", encoding="utf-8")
        expect = ("stale", "corpus")
    with TestClient(create_app(index_dir=index, corpus=corpus), raise_server_exceptions=False) as c:
        yield c, expect


def test_broken_index_is_reported(broken_app):  # type: ignore[no-untyped-def]
    c, expect = broken_app
    r = c.get("/health")
    assert r.status_code == 503, r.text
    assert r.headers["content-type"].startswith("application/json")
    detail = r.json()["detail"]
    assert isinstance(detail, str)
    for word in expect:
        assert word in detail, f"{detail!r} does not mention {word!r}"
    assert "tzqa build" in detail  # and says how to fix it
    for method, url, kw in [("GET", "/search?q=MUC4", {}), ("POST", "/search", {"json": {"query": "MUC4"}}),
                            ("GET", "/evidence?q=MUC4", {}), ("GET", "/references", {}),
                            ("GET", "/references/18", {}), ("GET", "/biomarkers", {})]:
        r = c.request(method, url, **kw)
        assert r.status_code == 503, f"{method} {url}: {r.status_code} {r.text[:300]}"
        assert r.json()["detail"] == detail
    for url in ["/search?q=", "/search?q=x&k=0", "/references/abc", "/references/99"]:
        r = c.get(url)
        assert r.status_code in (422, 404, 503), f"{url}: {r.status_code} {r.text[:300]}"
        assert isinstance(r.json()["detail"], str)
    r = c.get("/")  # the page still loads and can show the problem
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]


# ---------------------------------------------------------------------------------------------
# concurrency against a real uvicorn on loopback
# ---------------------------------------------------------------------------------------------
def test_concurrent_mixed_requests(retriever):  # type: ignore[no-untyped-def]
    import httpx
    import torch
    from live_server import LiveServer

    # Record, in the worker threads that really run the queries, how many threads torch uses.
    seen: list[tuple[int, int]] = []
    lock = threading.Lock()
    spy = retriever.with_config()
    real_search = spy.search

    def search(*args: Any, **kwargs: Any) -> Any:
        with lock:
            seen.append((threading.get_ident(), torch.get_num_threads()))
        return real_search(*args, **kwargs)

    spy.search = search  # type: ignore[method-assign]

    expected_ids = {q: [h.passage_id for h in retriever.search(q, k=5)] for q in
                    (MUC4_Q, "PIK3CA mutation", "STAT3 signalling")}
    qs = list(expected_ids)
    requests: list[tuple[str, str, dict, int]] = []
    for i in range(64):
        q = qs[i % len(qs)]
        kind = i % 8
        if kind in (0, 1):
            requests.append(("GET", "/search", {"params": {"q": q, "k": 5}}, 200))
        elif kind == 2:
            requests.append(("POST", "/search", {"json": {"query": q, "k": 5}}, 200))
        elif kind == 3:
            requests.append(("GET", "/evidence", {"params": {"q": q}}, 200))
        elif kind == 4:
            requests.append(("GET", "/health", {}, 200))
        elif kind == 5:
            requests.append(("GET", "/search", {"params": {"q": "   "}}, 422))
        elif kind == 6:
            requests.append(("POST", "/search", {"content": b'{"query": ', "headers": {"content-type": "application/json"}}, 422))
        else:
            requests.append(("GET", f"/references/{61 + i}", {}, 404))

    with LiveServer(create_app(retriever=spy)) as server:
        local = threading.local()

        def send(req: tuple[str, str, dict, int]) -> tuple[str, Any]:
            method, path, kw, want = req
            if not hasattr(local, "client"):
                local.client = httpx.Client(base_url=server.url, timeout=60.0, trust_env=False)
            try:
                r = local.client.request(method, path, **kw)
            except Exception as exc:  # noqa: BLE001 - counted as an error below
                return "exception", repr(exc)
            if r.status_code != want:
                return "status", (method, path, want, r.status_code, r.text[:200])
            body = r.json()
            if want >= 400:
                return ("ok", None) if isinstance(body.get("detail"), str) else ("body", body)
            if path == "/search":
                q = kw.get("params", {}).get("q") or kw["json"]["query"]
                ids = [h["passage_id"] for h in body["results"]]
                return ("ok", None) if ids == expected_ids[q] else ("results", (q, ids, expected_ids[q]))
            return "ok", None

        with ThreadPoolExecutor(max_workers=8) as pool:
            outcomes = list(pool.map(send, requests))
        health = httpx.get(server.url + "/health", timeout=30, trust_env=False)

    errors = [o for o in outcomes if o[0] != "ok"]
    assert not errors, f"{len(errors)} of {len(outcomes)} requests went wrong: {errors[:5]}"
    assert Counter(o[0] for o in outcomes)["ok"] == 64
    assert health.status_code == 200
    # the service (its lifespan, not the Retriever) runs queries on one torch thread in its worker threads
    assert seen, "no query reached the retriever"
    assert {n for _, n in seen} == {1}, f"torch threads in workers: {sorted(set(seen))}"
