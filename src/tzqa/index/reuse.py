"""What a build can take from the live index instead of recomputing: the incremental part of a build.

- passage and sentence vectors, by content key, when the live index was built with the same model
  weights (the expensive part: only new or changed text is embedded);
- sentence spans and tokens (BM25's, and the synonym scan's), by passage key, and the passages of
  every library document whose files did not change, when the live index was built by the same
  pipeline code (parsing, sentence splitting and tokenizing cost more per document than anything
  else once the model is out of the way).

So adding one document to a library of hundreds parses and embeds that one document only.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tzqa.index import store
from tzqa.models import Passage

Features = tuple[list[str], list[list[tuple[str, int]]], dict[str, str]]


def text_features(lexical: str, text: str) -> Features:
    """What the corpus-wide structures need of one passage: BM25 tokens of ``lexical`` (heading + text),
    the synonym scan's units and the abbreviations ``text`` defines."""
    from tzqa.index.abbreviations import extract_abbreviations
    from tzqa.index.synonyms import scan_units
    from tzqa.index.tokenize import tokenize

    return tokenize(lexical), scan_units(text), extract_abbreviations(text)


@dataclass
class Previous:
    vectors: dict[str, np.ndarray] = field(default_factory=dict)
    sentence_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    spans: dict[str, list[list[int]]] = field(default_factory=dict)
    # passage key -> (its BM25 tokens, its synonym-scan units, its abbreviations): all per text, so they keep
    tokens: dict[str, Features] = field(default_factory=dict)
    # library document id -> (its files' fingerprint, its passages, its catalogue entry)
    documents: dict[str, tuple[str, list[Passage], dict[str, Any]]] = field(default_factory=dict)


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def load_structure(root: Path, pipeline: str) -> Previous:
    """Spans and library passages of the live index, when it was built by this pipeline (else nothing)."""
    try:
        live = store.live_dir(root)
        manifest = store.read_manifest(live)
    except store.IndexStoreError:
        return Previous()
    if manifest.get("pipeline_sha256") != pipeline:
        return Previous()
    try:
        keys = _json(live / "keys.json")
        rows = _json(live / "sentences.json")
        catalogue = _json(live / "documents.json")
        passages = [Passage.from_dict(d) for d in store.read_jsonl(live / "passages.jsonl")]
    except (OSError, ValueError, KeyError, TypeError):
        return Previous()
    if not len(keys) == len(rows) == len(passages):
        return Previous()
    out = Previous(spans=dict(zip(keys, rows, strict=True)))
    try:
        tokens = _json(live / "tokens.json")
        if len(tokens["lexical"]) == len(tokens["scan"]) == len(tokens["abbreviations"]) == len(keys):
            out.tokens = {k: (lex, scan, abbrev)  # scan units stay [token, kind] lists: read as pairs all the same
                          for k, lex, scan, abbrev in zip(keys, tokens["lexical"], tokens["scan"],
                                                          tokens["abbreviations"], strict=True)}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    by_doc: dict[str, list[Passage]] = {}
    for p in passages:
        by_doc.setdefault(p.document, []).append(p)
    for doc_id, entry in catalogue.items():
        fp = entry.get("fingerprint")
        if fp and doc_id in by_doc:
            out.documents[doc_id] = (fp, by_doc[doc_id], entry)
    return out


def add_vectors(previous: Previous, root: Path, whash: str) -> None:
    """Passage and sentence vectors of the live index by key, when it was built with the same model."""
    try:
        live = store.live_dir(root)
        manifest = store.read_manifest(live)
    except store.IndexStoreError:
        return
    if manifest.get("model_weights_sha256") != whash:
        return
    try:
        keys = _json(live / "keys.json")
        vectors = np.load(live / "vectors.npy", allow_pickle=False)
        previous.vectors = {k: vectors[i] for i, k in enumerate(keys)}
        if (live / "sentence_keys.json").exists():
            skeys = _json(live / "sentence_keys.json")
            svecs = np.load(live / "sentence_vectors.npy", allow_pickle=False)
            previous.sentence_vectors = {k: svecs[j] for j, k in enumerate(skeys)}
    except (OSError, ValueError, IndexError):
        previous.vectors, previous.sentence_vectors = {}, {}
