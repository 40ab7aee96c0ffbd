"""Persistence: manifest, atomic writes, stale and corrupt detection, incremental re-embedding."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tzqa.index.build import build_index, ensure_index, load_index, store
from tzqa.index.store import CorruptIndexError, MissingIndexError, StaleIndexError

ROOT = Path(__file__).resolve().parents[1]


def test_manifest_records_how_it_was_built(index_root):
    m = json.loads((index_root / "current" / "manifest.json").read_text())
    for key in ("format_version", "model_id", "model_weights_sha256", "dimension", "corpus", "corpus_sha256",
                "pipeline_sha256", "libraries", "built_at", "files"):
        assert key in m, key
    assert m["dimension"] == 384 and "all-MiniLM-L6-v2" in m["model_id"]
    assert {"torch", "faiss-cpu", "bm25s", "sentence-transformers"} <= set(m["libraries"])
    assert len(m["model_weights_sha256"]) == 64
    assert "trastuzumab-resistance-review.txt" in m["corpus"]
    files = {p.relative_to(index_root / "current").as_posix() for p in (index_root / "current").rglob("*") if p.is_file()}
    assert set(m["files"]) == files - {"manifest.json"}
    assert not any(f.endswith((".pkl", ".pickle")) for f in files)


def test_loaded_index_is_consistent(index_root):
    idx = load_index(index_root, ROOT / "corpus")
    assert len(idx.passages) == idx.dense.count == len(idx.vectors) == idx.manifest["passages"]
    norms = np.linalg.norm(idx.vectors, axis=1)
    assert np.allclose(norms, 1.0, atol=1e-3)
    assert len(idx.references) == 60 and idx.dense.kind == "flat"




def test_missing_index(tmp_path):
    with pytest.raises(MissingIndexError):
        load_index(tmp_path / "nothing", ROOT / "corpus")


def test_corrupt_file_is_detected_then_rebuilt(scratch):
    corpus, root = scratch
    vec = root / "current" / "vectors.npy"
    vec.write_bytes(vec.read_bytes()[:-100])
    with pytest.raises(CorruptIndexError, match="vectors.npy"):
        load_index(root, corpus)
    idx, what = ensure_index(root, corpus, progress=False)
    assert what.startswith("rebuilt") and len(idx.passages) > 100


def test_garbage_manifest(scratch):
    corpus, root = scratch
    (root / "current" / "manifest.json").write_text("{not json")
    with pytest.raises(CorruptIndexError):
        load_index(root, corpus)


def test_stale_when_corpus_changes(scratch):
    corpus, root = scratch
    review = corpus / "trastuzumab-resistance-review.txt"
    review.write_text(review.read_text().replace("TNF α blockers", "TNF α antagonists"))
    with pytest.raises(StaleIndexError, match="corpus changed"):
        load_index(root, corpus)
    report = build_index(root, corpus, progress=False)
    # Only the edited paragraph's passage (and its sentences) needed new vectors.
    assert report.embedded == 1 and report.reused == report.passages - 1
    assert load_index(root, corpus).manifest["corpus"] != {}


def test_stale_when_format_changes(scratch):
    corpus, root = scratch
    m = root / "current" / "manifest.json"
    data = json.loads(m.read_text())
    data["format_version"] = 0
    m.write_text(json.dumps(data))
    with pytest.raises(StaleIndexError):
        load_index(root, corpus)


def test_failed_build_leaves_live_index_intact(scratch, monkeypatch):
    corpus, root = scratch
    before = (root / "current" / "manifest.json").read_text()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("tzqa.index.build.DenseIndex.build", boom)
    with pytest.raises(RuntimeError):
        build_index(root, corpus, progress=False)
    assert (root / "current" / "manifest.json").read_text() == before
    assert not list(root.glob(".staging-*"))
    load_index(root, corpus)


def test_readers_never_repair_and_builders_clean_up_after_a_crash(scratch):
    corpus, root = scratch
    live = store.live_dir(root)
    # what a build killed mid-way leaves: a half-written staging folder and a temporary pointer
    (root / ".staging-deadbeef").mkdir()
    (root / ".staging-deadbeef" / "vectors.npy").write_bytes(b"half")
    (root / ".current-1234").symlink_to("versions/nowhere")
    load_index(root, corpus)
    assert (root / ".staging-deadbeef").exists(), "a reader must not touch the builder's files"
    build_index(root, corpus, progress=False)
    assert not list(root.glob(".staging-*")) and not list(root.glob(".current-*"))
    assert store.live_dir(root) != live
    (root / "current").unlink()
    with pytest.raises(MissingIndexError):
        store.live_dir(root)


def test_an_unversioned_index_is_migrated_by_the_next_build(scratch):
    corpus, root = scratch
    live = store.live_dir(root)
    (root / "current").unlink()
    shutil.copytree(live, root / "current")  # the first release's layout: a real folder
    assert load_index(root, corpus).folder == root / "current"
    build_index(root, corpus, progress=False)
    assert (root / "current").is_symlink()
    assert load_index(root, corpus).folder.parent.name == "versions"
