"""Dense index and top-k selection: the parts that matter when the corpus grows."""
import numpy as np

from tzqa.index.dense import DenseIndex
from tzqa.search.retriever import top_k


def _unit(n, d=32, seed=0):
    v = np.random.default_rng(seed).normal(size=(n, d)).astype(np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_exact_below_threshold_and_hnsw_above():
    v = _unit(300)
    assert DenseIndex.build(v, approx_threshold=1000).kind == "flat"
    assert DenseIndex.build(v, approx_threshold=100).kind == "hnsw"


def test_flat_search_is_exact():
    v = _unit(500)
    idx = DenseIndex.build(v)
    scores, ids = idx.search(v[7], 5)
    assert ids[0] == 7 and np.allclose(scores, np.sort(v @ v[7])[::-1][:5], atol=1e-5)


def test_filtered_search_stays_inside_the_filter():
    v = _unit(2000, seed=1)
    allowed = np.arange(0, 2000, 7)
    exact = allowed[np.argsort(-(v[allowed] @ v[3]))[:10]]
    for index in (DenseIndex.build(v), DenseIndex.build(v, approx_threshold=100)):
        _, ids = index.search(v[3], 10, allowed)
        assert set(ids) <= set(allowed)
        assert len(set(ids) & set(exact)) >= 9  # HNSW may miss one; flat is exact


def test_save_and_load_round_trip(tmp_path):
    v = _unit(200)
    DenseIndex.build(v, approx_threshold=50).save(tmp_path / "d.faiss")
    loaded = DenseIndex.load(tmp_path / "d.faiss")
    assert loaded.count == 200 and loaded.kind == "hnsw"


def test_top_k_matches_a_stable_sort_with_ties():
    rng = np.random.default_rng(2)
    for _ in range(50):
        s = rng.integers(0, 5, size=200).astype(float)
        s[rng.integers(0, 200, size=20)] = -np.inf
        expected = [int(i) for i in np.argsort(-s, kind="stable") if np.isfinite(s[i])][:10]
        assert top_k(s, 10) == expected
    assert top_k(np.array([-np.inf, 1.0]), 5) == [1]
    assert top_k(np.full(3, -np.inf), 2) == []
