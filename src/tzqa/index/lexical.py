"""BM25 (bm25s) over the biomedical tokeniser; persisted as bm25s's own npy/json files (no pickle)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tzqa.index.tokenize import tokenize


@dataclass
class LexicalIndex:
    bm25: object  # bm25s.BM25

    @classmethod
    def build(cls, texts: Sequence[str], progress: bool = False,
              tokens: Sequence[list[str]] | None = None) -> LexicalIndex:
        """Index ``texts`` (or their ``tokens``, when the caller already tokenized them)."""
        import bm25s

        bm25 = bm25s.BM25()
        bm25.index(list(tokens) if tokens is not None else [tokenize(t) for t in texts], show_progress=progress)
        return cls(bm25)

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """BM25 score of every passage (zeros when no query token is in the vocabulary)."""
        vocab = self.bm25.vocab_dict  # type: ignore[attr-defined]
        known = [t for t in query_tokens if t in vocab]
        n = int(self.bm25.scores["num_docs"])  # type: ignore[attr-defined]
        if not known:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self.bm25.get_scores(known), dtype=np.float32)  # type: ignore[attr-defined]

    def vocabulary(self) -> list[str]:
        """Every token the index holds (what a query token must be to match anything)."""
        return list(self.bm25.vocab_dict)  # type: ignore[attr-defined]

    def save(self, folder: Path) -> None:
        self.bm25.save(str(folder), show_progress=False)  # type: ignore[attr-defined]

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        import bm25s

        return cls(bm25s.BM25.load(str(folder), show_progress=False, allow_pickle=False))
