"""FAISS vector index behind a narrow interface (build / search / save / load / count).

Exact inner product (``IndexFlatIP``) on normalised vectors up to
``APPROX_THRESHOLD`` vectors; above it, HNSW, whose parameters come from the
scale benchmark (``tzqa bench --scale``): see README "Performance".
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Exact search stays under a few ms per query up to here on 2 cores (bench --scale).
APPROX_THRESHOLD = 200_000
HNSW_M = 32
HNSW_EF_CONSTRUCTION = 80
HNSW_EF_SEARCH = 128


@dataclass
class DenseIndex:
    index: object  # faiss.Index

    @property
    def count(self) -> int:
        return int(self.index.ntotal)  # type: ignore[attr-defined]

    @property
    def kind(self) -> str:
        return "hnsw" if "HNSW" in type(self.index).__name__ else "flat"

    @classmethod
    def build(cls, vectors: np.ndarray, approx_threshold: int = APPROX_THRESHOLD) -> DenseIndex:
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if len(vectors) > approx_threshold:
            index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            index.hnsw.efSearch = HNSW_EF_SEARCH
        else:
            index = faiss.IndexFlatIP(dim)
        index.add(vectors)
        return cls(index)

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """``(scores, ids)`` of the ``k`` nearest; ids are row numbers of the vectors."""
        k = max(1, min(k, self.count))
        scores, ids = self.index.search(np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32), k)  # type: ignore[attr-defined]
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path) -> DenseIndex:
        import faiss

        index = faiss.read_index(str(path))
        if "HNSW" in type(index).__name__:
            index.hnsw.efSearch = HNSW_EF_SEARCH
        return cls(index)
