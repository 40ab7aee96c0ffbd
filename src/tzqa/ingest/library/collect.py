"""Collecting every document the index will hold: their passages and their catalogue entries.

Named apart from :mod:`tzqa.search.catalogue`, which *reads* the catalogue at query time: this module
*writes* it at build time. The catalogue is saved with the index (``documents.json``) so that a hit's
reference numbers are resolved against *its* document's list, and ``GET /documents`` can say what is
searchable.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from tzqa.ingest.library.folder import LIBRARY_DIR, document_folders, load_document
from tzqa.ingest.library.limits import DocumentError
from tzqa.ingest.library.passages import article_passages
from tzqa.ingest.library.records import REVIEW_ID, Article
from tzqa.models import Document, Passage


def doc_id(p: Passage) -> str:
    """The document a passage belongs to: "review", "ref-12" for a file in corpus/references/, or a library id."""
    if p.kind == "paper" and p.source_kind == "reference" and p.document.startswith("references/"):
        return f"ref-{p.source_ref}"
    return p.document


def review_entry(doc: Document, source: str, text: str = "") -> dict[str, Any]:
    """The bundled review's record; year, journal, DOI and licence read from its own front matter."""
    return {"id": REVIEW_ID, "kind": "review", "title": doc.title, "authors": _authors(doc.authors),
            "source_file": source, "origin": "bundled", "cited_as": None, "references": None,
            **front_record(text[:text.find(doc.abstract[:80]) if doc.abstract and doc.abstract[:80] in text else 6000])}


def _authors(names: str) -> list[str]:
    """"A, B and C" -> ["A", "B", "C"]."""
    return [a.strip() for a in re.split(r",\s*|\s+and\s+", names) if a.strip()] if names else []


def front_record(front: str) -> dict[str, Any]:
    """Year, journal, DOI and licence from an article's front matter, as journals print its citation line:
    "… (2022) Title. *Front. Oncol.* 12:1006429. doi: 10.3389/…" and "… Creative Commons Attribution
    License (CC BY)". Missing pieces stay empty."""
    from tzqa.ingest.library.reflist import find_doi

    doi = find_doi(front)
    line = next((ln for ln in front.splitlines() if doi and doi in ln), "")
    year = re.search(r"\(((?:19|20)\d\d)\)", line)
    journal = re.search(r"\*([^*]+)\*", line)
    licence = re.search(r"Creative Commons Attribution[^()]*\((CC[ -]BY[^)]*)\)|\b(CC[ -]BY(?:[ -][A-Z]{2})*(?: \d\.\d)?)",
                        front)
    return {"year": int(year.group(1)) if year else None, "journal": journal.group(1).strip() if journal else "",
            "doi": doi, "licence": (licence.group(1) or licence.group(2)) if licence else None}


def supplied_entries(doc: Document, passages: list[Passage]) -> dict[str, dict[str, Any]]:
    """One entry per paper in corpus/references/ (its reference-list entry gives title, authors, DOI)."""
    out: dict[str, dict[str, Any]] = {}
    for p in passages:
        if p.kind != "paper" or doc_id(p) in out or p.source_ref is None:
            continue
        ref = doc.reference(p.source_ref)
        out[doc_id(p)] = {"id": doc_id(p), "kind": "paper", "title": ref.title, "authors": list(ref.authors),
                          "year": ref.year, "journal": ref.journal, "doi": ref.doi, "licence": None,
                          "source_file": p.document, "origin": "file (corpus/references)",
                          "cited_as": p.source_ref, "references": None}
    return out


def doc_fingerprint(fingerprint: dict[str, str], doc_id: str, review_key: str) -> str:
    """One document's files (and the review's, whose list it may be linked to), as one hash."""
    prefix = f"{LIBRARY_DIR}/{doc_id}/"
    parts = sorted((k, v) for k, v in fingerprint.items() if k.startswith(prefix) or k == review_key)
    return hashlib.sha256("\n".join(f"{k}\t{v}" for k, v in parts).encode()).hexdigest()


def library_passages(directory: Path, doc: Document, fingerprint: dict[str, str] | None = None,
                     cached: dict[str, tuple[str, list[Passage], dict[str, Any]]] | None = None,
                     parsed: dict[str, Article] | None = None,
                     ) -> tuple[list[Passage], dict[str, dict[str, Any]], list[str]]:
    """Passages and catalogue entries of every library document, and a line for each one skipped.

    A document whose files hash as in ``cached`` (the live index's, same pipeline code) is taken from
    there instead of being parsed again, so a build's cost grows with what changed, not with the library.
    A document in ``parsed`` (stored by this process a moment ago, as it will be indexed) is not parsed again.
    """
    from tzqa.ingest.papers import normalise_doi

    fingerprint = fingerprint or {}
    cached = cached or {}
    review_key = next((k for k in fingerprint if "/" not in k), "")
    review_dois = {normalise_doi(r.doi): r.number for r in doc.references if r.doi}
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
        entries[a.record.id] = dict(a.record.to_dict(), source_file=f"{LIBRARY_DIR}/{a.record.id}/"
                                    f"{a.record.source_file}", passages=len(ps), notes=list(a.notes),
                                    sections=list(a.sections), tables=len(a.tables), fingerprint=fp,
                                    references=[r.to_dict() for r in a.references])
    return passages, entries, problems
