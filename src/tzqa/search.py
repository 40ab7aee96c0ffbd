"""Hybrid retrieval: dense (FAISS) + lexical (BM25 with synonym expansion), fused, filtered, explained.

One :class:`Retriever` serves the notebook API, the CLI and the HTTP service;
query-time work is single-threaded by design (two cores, many requests).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from .citations import find_citations
from .embedding import Embedder, load_embedder
from .index import LoadedIndex, ensure_index, load_index
from .models import SOURCE_KINDS, TOPICS, Passage
from .results import EvidenceRef, EvidenceResults, Hit, ReferenceInfo, SearchResults, Source, Timings
from .tokenize import tokenize

MAX_QUERY_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # NUL and friends: never echoed back
MAX_K = 50
FULL_SCAN = 20_000  # up to here every passage gets a dense score (exact and cheap); above, a candidate list
Mode = Literal["hybrid", "dense", "lexical"]


class QueryError(ValueError):
    """The query or a filter is invalid; the message says which and why."""


class UnknownReferenceError(QueryError):
    """A reference number that is not in the review's list."""


@dataclass(frozen=True)
class SearchConfig:
    """Retrieval settings; the defaults are the ones the gold-set evaluation chose (README, Evaluation)."""

    mode: Mode = "hybrid"
    fusion: Literal["rrf", "weighted"] = "weighted"
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    alpha: float = 0.5  # weighted fusion: share of the dense score
    synonyms: bool = True
    expand_dense: bool = True  # also append expansions to the text the model embeds
    dense_depth: int = 200  # candidates from FAISS when the corpus is large
    highlight_lexical_weight: float = 0.15


class Retriever:
    """Load once, then ``search`` / ``evidence`` / ``reference`` as often as needed."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, config: SearchConfig | None = None) -> None:
        from .synonyms import SynonymExpander

        self.index = index
        self.embedder = embedder
        self.config = config or SearchConfig()
        self.expander = SynonymExpander.from_dict(index.synonyms)
        self.passages: list[Passage] = index.passages
        self._topic = np.array([p.topic for p in self.passages])
        self._kind = np.array([p.source_kind for p in self.passages])
        self._by_id = {p.id: i for i, p in enumerate(self.passages)}
        by_ref: dict[int, list[int]] = {}
        for i, p in enumerate(self.passages):
            for n in {*p.refs, *([p.source_ref] if p.source_ref else [])}:
                by_ref.setdefault(n, []).append(i)
        self._by_ref = {n: np.array(ids) for n, ids in by_ref.items()}  # ref filter without a per-query scan
        self._sentence_tokens: dict[int, frozenset[str]] = {}  # sentence row -> its tokens (highlights)
        _single_thread()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def load(cls, index_dir: Path | None = None, corpus: Path | None = None, model: str | None = None,
             build: bool = True, config: SearchConfig | None = None) -> Retriever:
        """The one-liner for notebooks: load the index, building it first if missing or stale (``build``)."""
        embedder = load_embedder(model)
        if build:
            index, _ = ensure_index(index_dir, corpus, model, progress=True)
        else:
            index = load_index(index_dir, corpus, embedder)
        return cls(index, embedder, config)

    def with_config(self, **changes: object) -> Retriever:
        """A view of the same index with other settings (used by the ablation)."""
        clone = object.__new__(Retriever)
        clone.__dict__.update(self.__dict__)
        clone.config = replace(self.config, **changes)  # type: ignore[arg-type]
        return clone

    # -- validation ---------------------------------------------------------------------------
    def _validate(self, query: str, k: int, topic: str | None, source: str | None,
                  ref: int | None) -> str:
        if not isinstance(query, str) or not _CONTROL.sub(" ", query).strip():
            raise QueryError("query is empty")
        if len(query) > MAX_QUERY_CHARS:
            raise QueryError(f"query is {len(query)} characters; the limit is {MAX_QUERY_CHARS}")
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise QueryError("k must be a whole number of at least 1")
        if topic is not None and topic not in TOPICS:
            raise QueryError(f"unknown topic {topic!r}; use one of {', '.join(TOPICS)}")
        if source is not None and source not in SOURCE_KINDS:
            raise QueryError(f"unknown source {source!r}; use one of {', '.join(SOURCE_KINDS)}")
        if ref is not None and ref not in self.index.references:
            raise UnknownReferenceError(
                f"reference {ref} is not in the review's list (1..{max(self.index.references)})")
        return _CONTROL.sub(" ", query).strip()

    def _mask(self, topic: str | None, source: str | None, ref: int | None) -> np.ndarray:
        mask = np.ones(len(self.passages), dtype=bool)
        if topic:
            mask &= self._topic == topic
        if source:
            mask &= self._kind == source
        if ref is not None:
            citing = np.zeros(len(self.passages), dtype=bool)
            citing[self._by_ref.get(ref, np.array([], dtype=int))] = True
            mask &= citing
        return mask

    # -- search -------------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, topic: str | None = None, source: str | None = None,
               ref: int | None = None) -> SearchResults:
        """Top ``k`` passages for ``query``, optionally filtered by topic, source kind or reference number."""
        t0 = time.perf_counter()
        query = self._validate(query, k, topic, source, ref)
        cfg = self.config
        timings = Timings()
        expansions = self.expander.expansions_for(query) if cfg.synonyms else {}
        extra = [t for terms in expansions.values() for t in terms]
        mask = self._mask(topic, source, ref)
        n = len(self.passages)

        qvec = None
        dense = np.full(n, -np.inf, dtype=np.float32)
        if cfg.mode in ("hybrid", "dense"):
            t = time.perf_counter()
            dense_text = f"{query} ({'; '.join(extra[:8])})" if extra and cfg.expand_dense else query
            qvec = self.embedder.encode_query(dense_text)
            timings.encode = _ms(t)
            t = time.perf_counter()
            if n <= FULL_SCAN:
                scores, ids = self.index.dense.search(qvec, n)
            else:  # large corpus: a bounded candidate list, filtered inside FAISS
                depth = max(cfg.dense_depth, 20 * k)
                allowed = None if mask.all() else np.flatnonzero(mask)
                scores, ids = self.index.dense.search(qvec, depth, allowed)
            dense[ids] = scores
            timings.dense = _ms(t)
        lexical = np.zeros(n, dtype=np.float32)
        if cfg.mode in ("hybrid", "lexical"):
            t = time.perf_counter()
            tokens = tokenize(query) + [tok for term in extra for tok in tokenize(term)]
            lexical = self.index.lexical.scores(tokens)
            timings.lexical = _ms(t)

        t = time.perf_counter()
        fused = self._fuse(dense, lexical, mask)
        top = top_k(fused, k)
        timings.fusion = _ms(t)

        t = time.perf_counter()
        if qvec is None:
            qvec = self.embedder.encode_query(query)
        qtokens = set(tokenize(query + " " + " ".join(extra)))
        hits = [self._hit(rank, i, float(fused[i]), qvec, qtokens) for rank, i in enumerate(top, 1)]
        timings.highlight = _ms(t)
        terms = [w for w in re.findall(r"[\w\-/]+", query) if len(w) >= 3] + extra
        return SearchResults(query=query, took_ms=_ms(t0), results=hits, query_terms=terms,
                             expansions=expansions, timings=timings)

    def _fuse(self, dense: np.ndarray, lexical: np.ndarray, mask: np.ndarray) -> np.ndarray:
        cfg = self.config
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

    def _sentences(self, i: int) -> list[tuple[str, int]]:
        """(sentence, row in the sentence-vector matrix) for passage ``i``."""
        text = self.passages[i].text
        base = int(self.index.sentence_offsets[i])
        return [(text[s:e], base + j) for j, (s, e) in enumerate(self.index.sentence_spans[i])]

    def _highlight(self, i: int, qvec: np.ndarray, qtokens: set[str]) -> str:
        sents = self._sentences(i)
        if not sents:
            return self.passages[i].text[:300]
        best, best_score = sents[0][0], -np.inf
        for text, row in sents:
            toks = self._sentence_tokens.get(row)
            if toks is None:  # tokenised once per sentence, not once per hit (it was most of the query time)
                toks = self._sentence_tokens[row] = frozenset(tokenize(text))
            overlap = len(toks & qtokens) / max(1, len(qtokens))
            score = float(self.index.sentence_vectors[row] @ qvec) + self.config.highlight_lexical_weight * overlap
            if score > best_score:
                best, best_score = text, score
        return best

    def _ref_info(self, n: int) -> ReferenceInfo:
        r = self.index.references[n]
        return ReferenceInfo(number=n, citation=r.citation, doi=r.doi)

    def _hit(self, rank: int, i: int, score: float, qvec: np.ndarray, qtokens: set[str]) -> Hit:
        p = self.passages[i]
        return Hit(
            rank=rank, score=round(score, 6), passage_id=p.id, text=p.text,
            highlight=self._highlight(i, qvec, qtokens), section=p.section, section_path=list(p.section_path),
            topic=p.topic, source=Source(kind=p.source_kind, ref=p.source_ref), refs=list(p.refs),
            references=[self._ref_info(n) for n in p.refs if n in self.index.references],
            kind=p.kind, start=p.start, end=p.end,
        )

    # -- evidence by reference ------------------------------------------------------------------
    def evidence(self, query: str, k: int = 10, depth: int = 10, topic: str | None = None) -> EvidenceResults:
        """Cited references ranked by the support the top ``depth`` passages give them.

        Support is the sum of 1/rank over the passages that cite (or are) the reference,
        so one strong passage outweighs several weak ones; each reference comes with the
        sentences that cite it.
        """
        t0 = time.perf_counter()
        found = self.search(query, k=max(depth, 1), topic=topic)
        hits = found.results
        support: dict[int, float] = {}
        passages: dict[int, list[str]] = {}
        sentences: dict[int, list[str]] = {}
        entries: dict[int, str] = {}
        for h in hits:
            w = 1.0 / h.rank
            i = self._by_id[h.passage_id]
            for n in h.refs:
                support[n] = support.get(n, 0.0) + w
                passages.setdefault(n, []).append(h.passage_id)
                if h.kind == "reference_entry":
                    entries.setdefault(n, h.text)  # used only when no passage sentence supports n
                    continue
                # The sentence that best answers the query, then the ones carrying the citation.
                citing = [s for s, _ in self._sentences(i) if any(n in c.numbers for c in find_citations(s))]
                for s in [h.highlight, *citing]:
                    if s not in sentences.setdefault(n, []):
                        sentences[n].append(s)
        for n, text in entries.items():
            if not sentences.get(n):
                sentences[n] = [text]
        ranked = sorted(support, key=lambda n: (-support[n], n))[:k]
        refs = [EvidenceRef(number=n, citation=self.index.references[n].citation, doi=self.index.references[n].doi,
                            score=round(support[n], 4), passages=passages[n], sentences=sentences[n][:3])
                for n in ranked if n in self.index.references]
        return EvidenceResults(query=found.query, took_ms=_ms(t0), references=refs)

    # -- lookups --------------------------------------------------------------------------------
    def reference(self, n: int) -> dict:
        """One reference-list entry with the passages that cite it."""
        if n not in self.index.references:
            raise UnknownReferenceError(f"reference {n} is not in the review's list (1..{max(self.index.references)})")
        r = self.index.references[n]
        cited_by = [{"passage_id": p.id, "section": p.section, "text": p.text}
                    for p in self.passages if n in p.refs and p.kind != "reference_entry"]
        return dict(r.to_dict(), cited_by=cited_by)

    def references(self) -> list[dict]:
        return [r.to_dict() for r in sorted(self.index.references.values(), key=lambda r: r.number)]

    def biomarkers(self) -> list[dict]:
        """Table 1 rows with their references resolved."""
        return [dict(row, references=[self._ref_info(n).model_dump() for n in row["refs"]])
                for row in self.index.document["table_rows"]]

    def health(self) -> dict:
        m = self.index.manifest
        return {"status": "ok", "passages": len(self.passages), "references": len(self.index.references),
                "model": m.get("model_id", ""), "index_built": m.get("built_at", "")}


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` best finite scores, best first, ties by index (as a stable full sort would).

    ``argpartition`` keeps this linear in the corpus size: a full sort costs ~20 ms at 1M passages.
    """
    finite = np.flatnonzero(np.isfinite(scores))
    if len(finite) > k:
        part = np.argpartition(-scores[finite], k - 1)[:k]
        kth = scores[finite[part]].min()
        finite = finite[scores[finite] >= kth]  # keep every tie at the cut, then order exactly
    order = finite[np.lexsort((finite, -scores[finite]))]
    return [int(i) for i in order[:k]]


def _ms(t: float) -> float:
    return round((time.perf_counter() - t) * 1000, 3)


def _single_thread() -> None:
    """Queries run on one thread each: torch and FAISS would otherwise fight over two cores."""
    import faiss
    import torch

    torch.set_num_threads(1)
    faiss.omp_set_num_threads(1)
