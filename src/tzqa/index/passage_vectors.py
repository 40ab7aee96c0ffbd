"""Passage vectors that see every word, whatever the model's input limit.

Why: MiniLM reads 256 word pieces and silently truncates the rest, so the tails of the longest
passages never reached the index. A text over the limit is embedded in windows of whole sentences
under the limit, and its vector is their normalised mean. Passages are not cut into more passages
instead: passage ids are stable references (evaluation judgements, links), and the limit is the
model's, not the reader's.
"""
from __future__ import annotations

import numpy as np

from tzqa.index.embedding import Embedder
from tzqa.ingest.chunking import sentence_spans

__all__ = ["encode_passages"]


def encode_passages(embedder: Embedder, texts: list[str], progress: bool = False) -> np.ndarray:
    """Normalised vectors of ``texts``; a text over the model's limit is the mean of its windows."""
    limit = max(16, embedder.max_tokens - 8)  # room for special tokens and the heading's separator
    windows: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        parts = _windows(embedder, text, limit)
        windows.extend(parts)
        owner.extend([i] * len(parts))
    vecs = embedder.encode(windows, progress=progress)
    out = np.zeros((len(texts), vecs.shape[1]), dtype=np.float32)
    np.add.at(out, np.array(owner), vecs)
    out /= np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)
    return out


def _windows(embedder: Embedder, text: str, limit: int) -> list[str]:
    if embedder.token_count(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for s, e in sentence_spans(text):
        sentence = text[s:e]
        candidate = f"{current} {sentence}".strip()
        if current and embedder.token_count(candidate) > limit:
            parts.append(current)
            current = sentence
        else:
            current = candidate
    if current:
        parts.append(current)
    return parts  # a single sentence over the limit stays one window (the model truncates only it)
