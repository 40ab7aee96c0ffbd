"""The ``library`` section: what adding one document costs when the library already holds N.

For each N (default 0, 10, 100, 1000): a copy of the corpus gets N generated JATS articles (their
sentences are the review's, shuffled, so tokens and lengths are realistic), is indexed once with a
stand-in encoder (random vectors: the model's cost is not what this section measures for the N old
documents), then one more article is added and ``build_index`` runs with the real model, reusing
every unchanged vector — exactly what ``tzqa add`` does. Reported per N: the add's wall time, its
encoding time, the rest (parse, tokens, BM25, FAISS, writing), and passages embedded; the headline
is the ratio of adding the last document to adding the first.
"""
from __future__ import annotations

import random
import re
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from tzqa.bench.common import BenchConfig


class _RandomModel:
    """Stands in for the sentence-transformers model: same tokenizer and limit, random unit vectors."""

    def __init__(self, real: Any, dim: int) -> None:
        self.tokenizer = real.tokenizer
        self.max_seq_length = getattr(real, "max_seq_length", 256)
        self.dim = dim
        self.rng = np.random.default_rng(0)

    def encode(self, texts: list[str], **_: Any) -> np.ndarray:
        v = self.rng.standard_normal((len(texts), self.dim)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)


def _article(i: int, sentences: list[str], rng: random.Random, n_refs: int = 30) -> bytes:
    from xml.sax.saxutils import escape

    paras = []
    for _ in range(rng.randint(6, 12)):
        body = " ".join(rng.sample(sentences, rng.randint(3, 6)))
        body = re.sub(r"\(\d[\d,\s–-]*\)", "", body)
        paras.append(f'<p>{escape(body)} [<xref ref-type="bibr" rid="B{rng.randint(1, n_refs)}">x</xref>]</p>')
    refs = "".join(f'<ref id="B{n}"><mixed-citation>Author{n} A. Study {n} of document {i}. J Bench. 2020;{n}:1-9. '
                   f'doi:10.99999/bench.{i}.{n}</mixed-citation></ref>' for n in range(1, n_refs + 1))
    return (f'<?xml version="1.0"?><article article-type="research-article"><front><article-meta>'
            f'<article-id pub-id-type="doi">10.99999/bench.{i}</article-id><title-group><article-title>Bench '
            f'document {i}</article-title></title-group></article-meta></front><body><sec><title>Results</title>'
            f'{"".join(paras)}</sec></body><back><ref-list>{refs}</ref-list></back></article>').encode()


def _stand_in_build(root: Path, corpus: Path) -> float:
    import tzqa.index.build as build
    from tzqa.index.embedding import Embedder
    from tzqa.index.encoders import load_embedder

    real = load_embedder(None, "torch")
    fake = Embedder(real.model_id, real.folder, _RandomModel(real.model, real.dim), real.dim)
    original = build.load_embedder
    build.load_embedder = lambda *a, **k: fake  # type: ignore[assignment]
    try:
        t = time.perf_counter()
        build.build_index(root=root, directory=corpus, progress=False)
        return time.perf_counter() - t
    finally:
        build.load_embedder = original  # type: ignore[assignment]


def run_library(cfg: BenchConfig, work: Path) -> dict[str, Any]:
    from tzqa.index.build import build_index
    from tzqa.ingest.corpus import load_review, review_path
    from tzqa.ingest.library.folder import store
    from tzqa.ingest.library.records import DocRecord
    from tzqa.paths import corpus_dir

    source = cfg.corpus or corpus_dir()
    doc = load_review(review_path(source))
    sentences = [s for p in doc.paragraphs for s in re.split(r"(?<=[.!?])\s+", p.text) if len(s) > 40]
    rng = random.Random(cfg.seed)
    sizes = cfg.library_sizes
    rows = []
    for n in sizes:
        cfg.log(f"  library: {n} documents, then one more")
        corpus, root = work / f"library-{n}" / "corpus", work / f"library-{n}" / "index"
        shutil.copytree(source, corpus, ignore=shutil.ignore_patterns("library", "references"))
        t = time.perf_counter()
        for i in range(n):
            store(corpus, _article(i, sentences, rng), f"bench-{i}.xml", DocRecord(id=f"bench-{i}"), {})
        stored = time.perf_counter() - t
        prepare = _stand_in_build(root, corpus)
        t = time.perf_counter()
        store(corpus, _article(n, sentences, rng), f"bench-{n}.xml", DocRecord(id=f"bench-{n}"), {})
        parse_store = time.perf_counter() - t
        report = build_index(root=root, directory=corpus, progress=False)
        rows.append({"documents_before": n, "passages_after": report.passages, "embedded": report.embedded,
                     "add_seconds": round(parse_store + report.seconds, 3), "store_seconds": round(parse_store, 3),
                     "build_seconds": round(report.seconds, 3), "encode_seconds": round(report.encode_seconds, 3),
                     "rest_seconds": round(report.seconds - report.encode_seconds, 3),
                     "setup_store_seconds": round(stored, 2), "setup_index_seconds": round(prepare, 2)})
        shutil.rmtree(work / f"library-{n}", ignore_errors=True)
    first, last = rows[0], rows[-1]
    return {"sizes": list(sizes), "rows": rows,
            "last_over_first": round(last["add_seconds"] / first["add_seconds"], 2),
            "rest_last_over_first": round(last["rest_seconds"] / max(first["rest_seconds"], 1e-9), 2),
            "note": "add = store (parse + copy) + build with the real model, reusing unchanged vectors"}
