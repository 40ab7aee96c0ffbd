"""FAISS vector index behind a narrow interface (build / search / save / load / count).

Exact inner product (``IndexFlatIP``) on normalised vectors up to
``APPROX_THRESHOLD`` vectors; above it, HNSW, whose parameters come from the
scale benchmark (``tzqa bench --scale-sizes``): see docs/performance.md.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Measured by `tzqa bench --scale-sizes 10000,100000,1000000` (bench/README.md), one query thread:
# exact search costs ~6-7 ms per 100k vectors (1M: 60 ms p50), so it passes "a few ms" (3 ms) at
# ~40-50k vectors. Never below 20,000: up to there Retriever.search asks for every passage.
APPROX_THRESHOLD = 50_000
# HNSW on 1M clustered synthetic vectors (2 build threads): M=16 / efConstruction=40 builds in ~130 s;
# efSearch=512 gives recall@10 0.97 vs exact at 1.8 ms p50 (256: 0.95 at 0.9 ms; 128: 0.94).
# M=32 reaches a recall with ~1/4 the efSearch (100k: 0.96 at ef 64, 0.45 ms) but builds 1.6x slower;
# with search.py asking for 200 candidates above 20k passages, efSearch is at least 200 anyway.
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 512


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

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``(scores, ids)`` of the ``k`` nearest; ids are row numbers of the vectors.

        ``allowed`` (row numbers) restricts the search inside FAISS, so a filtered query on a
        large HNSW index still costs one bounded graph search instead of a scan of everything.
        """
        import faiss

        k = max(1, min(k, self.count if allowed is None else len(allowed)))
        q = np.ascontiguousarray(query.reshape(1, -1), dtype=np.float32)
        if allowed is None:
            scores, ids = self.index.search(q, k)  # type: ignore[attr-defined]
        else:
            sel = faiss.IDSelectorBatch(np.ascontiguousarray(allowed, dtype=np.int64))
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=sel, efSearch=max(HNSW_EF_SEARCH, k))
            else:
                params = faiss.SearchParameters(sel=sel)
            scores, ids = self.index.search(q, k, params=params)  # type: ignore[attr-defined]
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
