"""A small deterministic embedder for the fast tier: hashed bag of words, no model, no torch.

Why: the retrieval pipeline (build, load, staleness, fusion, filters, answers, the HTTP API) was only
tested through the real MiniLM model, so a change to one function waited minutes for its tests. This
embedder has the real :class:`~tzqa.index.embedding.Embedder` around a fake sentence-transformers
model, so every call the pipeline makes (``encode``, ``encode_query``, ``token_count``, ``max_tokens``,
``dim``, ``model_id``, ``folder``) goes through the production class.

Vectors: each word (lower-cased, a plural ``s`` dropped) adds +-1 to one of ``dim`` buckets chosen by
BLAKE2 of the word (the same in every process, unlike ``hash``), then the vector is normalised. So the
cosine of two texts grows with the words they share: a query's words find the passage that holds them.

It lives in tests/ only and is never chosen by settings or names: code uses it only when a test
passes it explicitly (``build_index(..., embedder=...)``, ``load_index(..., embedder)``,
``Retriever(index, embedder)``).
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from tzqa.index.embedding import Embedder

MODEL_ID = "tests/fake-hashing-bag-of-words"
_WORD = re.compile(r"[a-z0-9]+")
_STOP = frozenset("a an and are as at be by for from has have in is it of on or that the this to was were "
                  "what which with does do how".split())


def words(text: str) -> list[str]:
    out = []
    for w in _WORD.findall(text.lower()):
        if w in _STOP:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return out


class _Tokenizer:
    """What ``Embedder.token_count`` calls: one id per word, plus the two special tokens."""

    def __call__(self, text: str, add_special_tokens: bool = True, truncation: bool = False,
                 verbose: bool = False) -> dict[str, list[int]]:
        n = len(_WORD.findall(text)) + (2 if add_special_tokens else 0)
        return {"input_ids": list(range(n))}


class HashingModel:
    """Duck-types the part of ``SentenceTransformer`` that :class:`Embedder` uses."""

    def __init__(self, dim: int = 256, max_seq_length: int = 256, salt: str = "") -> None:
        self.dim = dim
        self.max_seq_length = max_seq_length
        self.salt = salt
        self.tokenizer = _Tokenizer()
        self.calls = 0  # encode calls: lets a test see whether a build re-embedded anything
        self.texts = 0  # texts encoded, over all calls

    def _bucket(self, word: str) -> tuple[int, float]:
        h = hashlib.blake2b(f"{self.salt}\0{word}".encode(), digest_size=8).digest()
        n = int.from_bytes(h, "little")
        return n % self.dim, (1.0 if (n >> 63) & 1 else -1.0)

    def encode(self, texts: Sequence[str], batch_size: int = 32, show_progress_bar: bool = False,
               normalize_embeddings: bool = True, convert_to_numpy: bool = True) -> np.ndarray:
        self.calls += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            for w in words(text):
                j, sign = self._bucket(w)
                out[i, j] += sign
        if normalize_embeddings:
            norms = np.linalg.norm(out, axis=1, keepdims=True)
            out /= np.maximum(norms, 1e-12)
        return out

    def config(self) -> dict[str, Any]:
        return {"kind": "hashing bag of words", "dim": self.dim, "max_seq_length": self.max_seq_length,
                "salt": self.salt}


def fake_embedder(folder: Path, dim: int = 256, max_seq_length: int = 256, salt: str = "") -> Embedder:
    """An :class:`Embedder` over :class:`HashingModel`, its "weights" (its settings) written to ``folder``.

    The index manifest records ``model_id`` and the hash of ``folder`` as for a real model, so a fake
    with other settings (``salt``, ``dim``) makes an index built with this one stale.
    """
    model = HashingModel(dim, max_seq_length, salt)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "weights.bin").write_text(json.dumps(model.config(), sort_keys=True), encoding="utf-8")
    return Embedder(model_id=f"{MODEL_ID}-{dim}", folder=folder, model=model, dim=dim)
