"""Collecting every document the index will hold: their passages and their catalogue entries.

Named apart from :mod:`tzqa.search.catalogue`, which *reads* the catalogue at query time: this module
*writes* it at build time. The catalogue is saved with the index (``documents.json``) so that a hit's
reference numbers are resolved against *its* document's list, and ``GET /documents`` can say what is
searchable.
"""
from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from tzqa.ingest.library.doi import normalise_doi
from tzqa.ingest.library.folder import LIBRARY_DIR, document_folders, load_document
from tzqa.ingest.library.limits import DocumentError
from tzqa.ingest.library.passages import article_passages
from tzqa.ingest.library.records import Article
from tzqa.models import Passage, Reference


def doc_id(p: Passage) -> str:
    """The document a passage belongs to: the bundled review's id, a library id, or "ref-12" for the file
    supplied in corpus/references/ as reference 12 (every document's passages carry their own id)."""
    return p.document


def document_entry(article: Article, passages: list[Passage], source_file: str, **extra: Any) -> dict[str, Any]:
    """An article's catalogue entry: its record, what it holds, its tables (``table_contents``, whole) and
    its own reference list (``extra``: more fields, or overrides)."""
    return dict(article.record.to_dict(), source_file=source_file, passages=len(passages), notes=list(article.notes),
                sections=list(article.sections), tables=len(article.tables),
                table_contents=[t.to_dict() for t in article.tables],
                references=[r.to_dict() for r in article.references]) | extra


def supplied_passages(directory: Path, review: Article) -> tuple[list[Passage], dict[str, dict[str, Any]], list[str]]:
    """Passages and catalogue entries of the papers in corpus/references/, and a line for each file skipped.

    Each is cut and catalogued like any library document (:func:`article_passages`, :func:`document_entry`),
    with its own reference list; only its link to the review's list (``cited_as``) comes from the folder
    (:mod:`.supplied`). Not cached between builds: the files are few, and their vectors are reused by text."""
    from tzqa.ingest.library.supplied import supplied_papers

    papers, problems = supplied_papers(directory, review)
    taken = {f.name for f in document_folders(directory)}
    passages: list[Passage] = []
    entries: dict[str, dict[str, Any]] = {}
    for s in papers:
        a = s.article
        if a.record.id in taken:
            problems.append(f"{s.path}: skipped: the library holds a document with its id {a.record.id!r}; "
                            f"remove one of them")
            continue
        ps = article_passages(a)
        if not ps:
            problems.append(f"{s.path}: skipped: no text to index")
            continue
        passages.extend(ps)
        entries[a.record.id] = document_entry(a, ps, s.path)
    return passages, entries, problems


def doc_fingerprint(fingerprint: dict[str, str], doc_id: str, review_key: str) -> str:
    """One document's files (and the review's, whose list it may be linked to), as one hash."""
    prefix = f"{LIBRARY_DIR}/{doc_id}/"
    parts = sorted((k, v) for k, v in fingerprint.items() if k.startswith(prefix) or k == review_key)
    return hashlib.sha256("\n".join(f"{k}\t{v}" for k, v in parts).encode()).hexdigest()


def library_passages(directory: Path, review_refs: Sequence[Reference] = (), fingerprint: dict[str, str] | None = None,
                     cached: dict[str, tuple[str, list[Passage], dict[str, Any]]] | None = None,
                     parsed: dict[str, Article] | None = None,
                     ) -> tuple[list[Passage], dict[str, dict[str, Any]], list[str]]:
    """Passages and catalogue entries of every library document, and a line for each one skipped.

    A document whose files hash as in ``cached`` (the live index's, same pipeline code) is taken from
    there instead of being parsed again, so a build's cost grows with what changed, not with the library.
    A document in ``parsed`` (stored by this process a moment ago, as it will be indexed) is not parsed again.
    ``review_refs``: the bundled review's list, so a paper it cites is linked to its number by DOI.
    """
    fingerprint = fingerprint or {}
    cached = cached or {}
    review_key = next((k for k in fingerprint if "/" not in k), "")
    review_dois = {normalise_doi(r.doi): r.number for r in review_refs if r.doi}
    passages: list[Passage] = []
    entries: dict[str, dict[str, Any]] = {}
    problems: list[str] = []
    for folder in document_folders(directory):
        fp = doc_fingerprint(fingerprint, folder.name, review_key)
        hit = cached.get(folder.name)
        if hit and hit[0] == fp:
            passages.extend(hit[1])
            entries[folder.name] = hit[2]
            continue
        try:
            a = (parsed or {}).get(folder.name) or load_document(folder)
        except DocumentError as exc:
            problems.append(f"{LIBRARY_DIR}/{folder.name}: skipped: {exc}")
            continue
        except Exception as exc:  # one odd file must not stop the build
            problems.append(f"{LIBRARY_DIR}/{folder.name}: skipped: could not be processed "
                            f"({exc.__class__.__name__}: {exc})")
            continue
        if a.record.cited_as is None and a.record.doi and normalise_doi(a.record.doi) in review_dois:
            a = replace(a, record=replace(a.record, cited_as=review_dois[normalise_doi(a.record.doi)]))
        ps = article_passages(a)
        if not ps:
            problems.append(f"{LIBRARY_DIR}/{a.record.id}: skipped: no text to index")
            continue
        passages.extend(ps)
        entries[a.record.id] = document_entry(a, ps, f"{LIBRARY_DIR}/{a.record.id}/{a.record.source_file}",
                                              fingerprint=fp)
    return passages, entries, problems
