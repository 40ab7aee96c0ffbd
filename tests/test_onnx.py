"""The ONNX query encoder gives the same vectors as sentence-transformers on torch."""
from __future__ import annotations

import numpy as np
import pytest

pytestmark = pytest.mark.model  # loads the real model: not in the fast tier

SENTENCES = [
    "Which biomarkers predict trastuzumab resistance in HER2-positive breast cancer?",
    "PTEN loss activates PI3K/AKT signalling",
    "NF-κB and TGF-β1 drive epithelial–mesenchymal transition in Her2+ tumours",
    "p95HER2",
    "exosomal miR-21 " * 120,  # longer than the model's 256-token limit: truncated the same way
]


@pytest.fixture(scope="module")
def torch_embedder():  # type: ignore[no-untyped-def]
    from tzqa.index.encoders import load_embedder

    return load_embedder(None, "torch")


@pytest.fixture(scope="module")
def onnx_emb(torch_embedder, tmp_path_factory):  # type: ignore[no-untyped-def]
    from tzqa.index.onnx_encoder import onnx_embedder

    return onnx_embedder(torch_embedder, "fp32", tmp_path_factory.mktemp("onnx"))


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))


def test_query_vectors_match_torch(torch_embedder, onnx_emb):  # type: ignore[no-untyped-def]
    ref = torch_embedder.encode(SENTENCES)
    got = np.stack([onnx_emb.encode_query(s) for s in SENTENCES])
    assert got.shape == ref.shape and got.dtype == np.float32
    assert _cos(got, ref).min() > 0.999
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-4)


def test_padded_batch_matches_torch(torch_embedder, onnx_emb):  # type: ignore[no-untyped-def]
    """Different lengths in one batch: padding must not leak into the mean."""
    ref = torch_embedder.encode(SENTENCES)
    got = onnx_emb.onnx.encode(SENTENCES, batch_size=8)
    assert _cos(got, ref).min() > 0.999


def test_tokenizer_matches_sentence_transformers(torch_embedder, onnx_emb):  # type: ignore[no-untyped-def]
    tok = torch_embedder.model.tokenizer
    for s in SENTENCES:
        want = tok([s], truncation=True, max_length=torch_embedder.model.max_seq_length)["input_ids"][0]
        assert onnx_emb.onnx.tokenizer([s])["input_ids"][0].tolist() == list(want)


def test_index_encoding_stays_on_torch(torch_embedder, onnx_emb):  # type: ignore[no-untyped-def]
    """Batch encode (index builds) is the torch path, so an index is the same whichever encoder serves."""
    assert np.array_equal(onnx_emb.encode(SENTENCES[:2]), torch_embedder.encode(SENTENCES[:2]))


def test_load_embedder_selects_onnx_by_default_and_without_torch(monkeypatch, onnx_emb):  # type: ignore[no-untyped-def]
    from tzqa.index.embedding import ModelLoadError
    from tzqa.index.encoders import load_embedder
    from tzqa.index.onnx_encoder import OnnxEmbedder

    monkeypatch.setenv("TZQA_ONNX_CACHE", str(onnx_emb.onnx.path.parent))  # reuse the module's export
    monkeypatch.delenv("TZQA_ENCODER", raising=False)
    load_embedder.cache_clear()
    try:
        emb = load_embedder(None)
        assert isinstance(emb, OnnxEmbedder) and emb.variant == "fp32"
        assert emb.model is None, "with an export on disk the query encoder needs no torch model"
        assert emb.dim == 384 and emb.max_tokens == 256
        q = "PTEN loss activates PI3K/AKT signalling"
        assert float(emb.encode_query(q) @ onnx_emb.encode_query(q)) > 0.9999
        with pytest.raises(ModelLoadError):
            load_embedder(None, "tensorrt")
    finally:
        load_embedder.cache_clear()


def test_a_fresh_process_serves_queries_without_importing_torch(index_root, onnx_emb):  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = ("import sys\nfrom pathlib import Path\nfrom tzqa.search.retriever import Retriever\n"
            f"r = Retriever.load(Path({str(index_root)!r}), Path({str(Path(__file__).resolve().parents[1] / 'corpus')!r}),"
            " build=False)\nres = r.search('PTEN loss and PI3K')\n"
            "print(res.results[0].passage_id, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    env = dict(os.environ, TZQA_ONNX_CACHE=str(onnx_emb.onnx.path.parent), HF_HUB_OFFLINE="1")
    env.pop("TZQA_ENCODER", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    pid, torch_loaded, st_loaded = out.stdout.split()
    assert pid and torch_loaded == "False" and st_loaded == "False"


def test_int8_is_close(torch_embedder, onnx_emb):  # type: ignore[no-untyped-def]
    from tzqa.index.onnx_encoder import onnx_embedder

    emb = onnx_embedder(torch_embedder, "int8", onnx_emb.onnx.path.parent)
    ref = torch_embedder.encode(SENTENCES[:4])
    assert _cos(np.stack([emb.encode_query(s) for s in SENTENCES[:4]]), ref).min() > 0.95
