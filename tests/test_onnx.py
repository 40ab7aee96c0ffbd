"""The ONNX query encoder gives the same vectors as sentence-transformers on torch."""
from __future__ import annotations

import numpy as np
import pytest

SENTENCES = [
    "Which biomarkers predict trastuzumab resistance in HER2-positive breast cancer?",
    "PTEN loss activates PI3K/AKT signalling",
    "NF-κB and TGF-β1 drive epithelial–mesenchymal transition in Her2+ tumours",
    "p95HER2",
    "exosomal miR-21 " * 120,  # longer than the model's 256-token limit: truncated the same way
]


@pytest.fixture(scope="module")
def torch_embedder():  # type: ignore[no-untyped-def]
    from tzqa.embedding import load_embedder

    return load_embedder(None, "torch")


@pytest.fixture(scope="module")
def onnx_emb(torch_embedder, tmp_path_factory):  # type: ignore[no-untyped-def]
    from tzqa.onnx_encoder import onnx_embedder

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


def test_load_embedder_selects_onnx(monkeypatch, tmp_path, onnx_emb):  # type: ignore[no-untyped-def]
    from tzqa.embedding import ModelLoadError, load_embedder
    from tzqa.onnx_encoder import OnnxEmbedder

    monkeypatch.setenv("TZQA_ONNX_CACHE", str(onnx_emb.onnx.path.parent))  # reuse the module's export
    emb = load_embedder(None, "onnx")
    assert isinstance(emb, OnnxEmbedder) and emb.variant == "fp32"
    assert emb.model is load_embedder(None, "torch").model  # one torch model underneath
    with pytest.raises(ModelLoadError):
        load_embedder(None, "tensorrt")


def test_int8_is_close(torch_embedder, onnx_emb):  # type: ignore[no-untyped-def]
    from tzqa.onnx_encoder import onnx_embedder

    emb = onnx_embedder(torch_embedder, "int8", onnx_emb.onnx.path.parent)
    ref = torch_embedder.encode(SENTENCES[:4])
    assert _cos(np.stack([emb.encode_query(s) for s in SENTENCES[:4]]), ref).min() > 0.95
