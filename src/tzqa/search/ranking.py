"""Query-dependent adjustments on top of the fused score: what a passage is, and what the question wants.

Each lever is a setting of :class:`tzqa.search.SearchConfig`, measured on the dev split of the
natural questions (``tzqa eval --tune``) rather than assumed:

- **best sentence**: a passage is also scored by its best sentence's cosine, so one sentence that
  answers is not diluted by the rest of a long paragraph;
- **hubness**: passages near every query (a generic introduction) lose their typical advantage,
  measured as the cosine of the passage to the centroid of all passages;
- **overview**: a broad question prefers overview passages (the abstract, section leads, and
  sections titled like conclusions/summary/outlook);
- **reference entries**: a reference-list entry is a title, not an explanation; it gives way to
  the review passage unless the question is about a paper (authors, journal, year, "paper").
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tzqa.models import Passage

__all__ = ["PassageRoles", "best_sentence_scores", "fuse", "passage_roles"]

_OVERVIEW_TITLE = re.compile(r"(?i)\b(abstract|summary|conclusions?|concluding|outlook|perspectives?|future directions?)\b")
_NUMBER = re.compile(r"^(\d+(?:\.\d+)*)\s")


@dataclass(frozen=True)
class PassageRoles:
    """Per-passage arrays aligned with the index."""

    overview: np.ndarray        # bool: abstract, section lead, conclusions-like section
    reference_entry: np.ndarray  # bool: an entry of a reference list
    hubness: np.ndarray         # float: cosine to the centroid, minus its median


def _section_number(label: str) -> str | None:
    m = _NUMBER.match(label)
    return m.group(1) if m else None


def passage_roles(passages: Sequence[Passage], vectors: np.ndarray) -> PassageRoles:
    """What each passage is, from its kind, its section and its vector (computed once at load)."""
    numbers = {_section_number(p.section) for p in passages}
    parents = {n.rsplit(".", 1)[0] for n in numbers if n and "." in n}
    first_chunk: dict[str, int] = {}
    for i, p in enumerate(passages):
        if p.kind == "paragraph":
            first_chunk.setdefault(p.section, i)
    overview = np.zeros(len(passages), dtype=bool)
    for i, p in enumerate(passages):
        if p.kind != "paragraph" or p.source_kind != "review":
            continue
        num = _section_number(p.section)
        lead = num in parents and first_chunk.get(p.section) == i
        overview[i] = bool(_OVERVIEW_TITLE.search(p.section)) or lead
    entry = np.array([p.kind == "reference_entry" for p in passages], dtype=bool)
    if len(vectors):
        centroid = vectors.mean(axis=0)
        centroid /= max(float(np.linalg.norm(centroid)), 1e-9)
        hub = vectors @ centroid
        hub = hub - np.median(hub)
    else:
        hub = np.zeros(0, dtype=np.float32)
    return PassageRoles(overview, entry, hub.astype(np.float32))


def best_sentence_scores(sentence_vectors: np.ndarray, offsets: np.ndarray, qvec: np.ndarray,
                         rows: np.ndarray) -> np.ndarray:
    """Highest sentence cosine for each passage in ``rows`` (-inf for a passage without sentences).

    ``offsets[i]:offsets[i + 1]`` are passage i's rows in ``sentence_vectors``.
    """
    rows = np.asarray(rows, dtype=np.int64)
    out = np.full(len(rows), -np.inf, dtype=np.float32)
    lo, hi = offsets[rows], offsets[rows + 1]
    has = hi > lo
    if not has.any():
        return out
    n = len(offsets) - 1
    if len(rows) == n:                                     # every passage: one product, one reduce
        starts, ends = offsets[:-1], offsets[1:]
        full = np.full(n, -np.inf, dtype=np.float32)
        nonempty = ends > starts
        full[nonempty] = np.maximum.reduceat(sentence_vectors @ qvec, starts[nonempty])
        return full[rows]
    for j in np.flatnonzero(has):                          # a candidate list (large corpora)
        out[j] = float(np.max(sentence_vectors[lo[j]:hi[j]] @ qvec))
    return out


def fuse(cfg: Any, dense: np.ndarray, lexical: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Fused score of every passage (-inf outside ``mask``): weighted min-max/max-normalised scores, or RRF.

    Weighted: ``alpha`` x min-max-normalised dense + (1 - ``alpha``) x max-normalised BM25 (chosen over
    reciprocal-rank fusion on the gold set and kept on the natural questions' dev split)."""
    out = np.full(len(dense), -np.inf, dtype=np.float64)
    idx = np.flatnonzero(mask)
    if not len(idx):
        return out
    d, lx = dense[idx], lexical[idx]
    if cfg.mode == "dense":
        out[idx] = d
        return out
    if cfg.mode == "lexical":
        out[idx] = np.where(lx > 0, lx, -np.inf)
        return out
    if cfg.fusion == "rrf":
        score = np.zeros(len(idx))
        d_ok = np.isfinite(d)
        d_rank = np.empty(len(idx))
        d_rank[np.argsort(-np.where(d_ok, d, -1e9), kind="stable")] = np.arange(1, len(idx) + 1)
        score += np.where(d_ok, cfg.dense_weight / (cfg.rrf_k + d_rank), 0.0)
        l_ok = lx > 0
        l_rank = np.empty(len(idx))
        l_rank[np.argsort(-lx, kind="stable")] = np.arange(1, len(idx) + 1)
        score += np.where(l_ok, cfg.lexical_weight / (cfg.rrf_k + l_rank), 0.0)
        out[idx] = np.where(d_ok | l_ok, score, -np.inf)
        return out
    finite = np.isfinite(d)
    dn = np.zeros(len(idx))
    if finite.any():
        lo, hi = d[finite].min(), d[finite].max()
        dn[finite] = (d[finite] - lo) / (hi - lo) if hi > lo else 1.0
    ln = lx / lx.max() if lx.max() > 0 else np.zeros(len(idx))
    out[idx] = cfg.alpha * dn + (1 - cfg.alpha) * ln
    return out
