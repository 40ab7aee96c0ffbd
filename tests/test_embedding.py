from pathlib import Path

import numpy as np
import pytest

from tzqa.index.embedding import DEFAULT_MODEL, ModelLoadError, resolve_model_path
from tzqa.index.encoders import load_embedder
from tzqa.index.model_files import weights_hash

pytestmark = pytest.mark.model  # loads the real model: not in the fast tier


def test_packaged_model_loads_offline_and_normalises():
    model_id, folder = resolve_model_path(DEFAULT_MODEL)
    assert "all-MiniLM-L6-v2" in model_id and (folder / "model.safetensors").exists()
    emb = load_embedder()
    vecs = emb.encode(["HER2 amplification", "trastuzumab resistance"])
    assert vecs.shape == (2, 384) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-4)
    # Related texts are closer than unrelated ones: the weights are real, not random.
    a, b, c = emb.encode(["HER2-positive breast cancer", "ERBB2 amplified breast tumours", "weather in Paris"])
    assert a @ b > a @ c + 0.2


def test_missing_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelLoadError, match="no sentence-transformers model folder"):
        resolve_model_path(str(tmp_path / "nope"))


def test_broken_model_folder_is_a_clear_error(tmp_path):
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ModelLoadError):
        load_embedder(str(tmp_path))


def test_weights_hash_changes_with_weights(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"a")
    h1 = weights_hash(tmp_path)
    (tmp_path / "model.safetensors").write_bytes(b"b")
    assert weights_hash(tmp_path) != h1
    with pytest.raises(ModelLoadError):
        weights_hash(Path(tmp_path / "empty").mkdir() or tmp_path / "empty")
