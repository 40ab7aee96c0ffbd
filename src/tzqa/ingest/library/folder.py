"""The library on disk: ``corpus/library/<id>/`` holds a document's file and its ``record.json``.

A document is added whole or not at all: its file is read and parsed first (a file that cannot be
used is refused with the reason and nothing is written), then the folder is written under a
temporary name and renamed into place. ``record.json`` is authoritative for what the file does not
say (title, kind, licence, where it came from, which of the review's references it is).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import uuid
from dataclasses import replace
from pathlib import Path

from tzqa.errors import TzqaError
from tzqa.ingest.library.doi import normalise_doi
from tzqa.ingest.library.limits import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, DocumentError
from tzqa.ingest.library.records import DOC_KINDS, Article, DocRecord, valid_id

LIBRARY_DIR = "library"
RECORD = "record.json"
_BAD_ID = "{!r} is not a usable id (lower-case letters, digits, '.', '_', '-'; not 'review'); give one with --id"


class LibraryError(TzqaError, ValueError):
    """A library operation that cannot be done (unknown id, duplicate, bad option); the message says why."""


def library_dir(corpus: Path) -> Path:
    return corpus / LIBRARY_DIR


def _normalise_doi(doi: str | None) -> str | None:
    return normalise_doi(doi) if doi else None


def read_article(path: Path, doc_id: str | None = None, title: str | None = None, kind: str = "paper") -> Article:
    """Parse a file with the reader its suffix calls for; raises :class:`DocumentError` with the reason."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"unsupported file type {path.suffix or '(none)'!r}; use "
                            + ", ".join(SUPPORTED_SUFFIXES))
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(f"cannot be read ({exc.strerror or exc})") from exc
    if size > MAX_FILE_BYTES:
        raise DocumentError(f"too large ({size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:g} MB)")
    if suffix in (".xml", ".nxml"):
        from tzqa.ingest.library.jats import read_jats

        article = read_jats(path.read_bytes(), doc_id, path.name)
        if title:
            article = replace(article, record=replace(article.record, title=title))
        return article
    from tzqa.ingest.library.textdoc import read_text_document

    try:
        return read_text_document(path, doc_id, title, kind)
    except DocumentError:  # the file's own refusals (not a PDF, encrypted, binary...), with the reason
        raise
    except Exception as exc:  # a file that breaks a parser is refused with the reason, never half-added
        raise DocumentError(f"could not be read ({exc.__class__.__name__}: {exc})") from exc


def load_document(folder: Path) -> Article:
    """A stored document: its file parsed, with ``record.json``'s fields laid over what the file says."""
    try:
        stored = DocRecord.from_dict(json.loads((folder / RECORD).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError) as exc:
        raise DocumentError(f"{RECORD} cannot be read ({exc})") from exc
    article = read_article(folder / stored.source_file, stored.id, stored.title or None, stored.kind)
    return replace(article, record=_merge(article.record, stored))


def _merge(parsed: DocRecord, stored: DocRecord) -> DocRecord:
    fields = {k: v for k, v in stored.to_dict().items() if v not in (None, "", [], ())}
    fields["authors"] = tuple(fields.get("authors", parsed.authors))
    return replace(parsed, **fields)


def document_folders(corpus: Path) -> list[Path]:
    """The library's document folders, by id (hidden ones are adds or removals in progress)."""
    root = library_dir(corpus)
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def documents(corpus: Path) -> list[DocRecord]:
    """Every stored record, by id (records that cannot be read are left out; the build reports them)."""
    out = []
    for folder in document_folders(corpus):
        try:
            out.append(DocRecord.from_dict(json.loads((folder / RECORD).read_text(encoding="utf-8"))))
        except (OSError, ValueError, TypeError):
            continue
    return out


def _safe_name(name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem).strip("-.") or "document"
    return f"{stem[:80]}{Path(name).suffix.lower()}"


def store(corpus: Path, source: Path | bytes, filename: str, record: DocRecord, review_dois: dict[str, int],
          replace_existing: bool = False, others: list[DocRecord] | None = None) -> Article:
    """Parse, link and store one document; returns it as it will be indexed. Nothing is written on error.

    ``others``: the library's records, when the caller keeps them (a batch, which would otherwise read
    every ``record.json`` again for each document it stores); default: read from disk.
    """
    if record.kind and record.kind not in DOC_KINDS:
        raise LibraryError(f"kind must be one of {', '.join(DOC_KINDS)}")
    if record.id and not valid_id(record.id):
        raise LibraryError(_BAD_ID.format(record.id))
    root = library_dir(corpus)
    root.mkdir(parents=True, exist_ok=True)
    stage = root / f".add-{uuid.uuid4().hex[:8]}"
    stage.mkdir()
    try:
        name = _safe_name(filename)
        target = stage / name
        if isinstance(source, bytes):
            target.write_bytes(source)
        else:
            shutil.copyfile(source, target)
        parsed = read_article(target, record.id or None, record.title or None, record.kind or "paper")
        merged = _merge(parsed.record, replace(record, source_file=name))
        if not valid_id(merged.id):
            raise LibraryError(_BAD_ID.format(merged.id))
        doi = _normalise_doi(merged.doi)
        merged = replace(merged, cited_as=review_dois.get(doi) if doi else None) if merged.cited_as is None \
            else merged
        if (root / merged.id).exists() and not replace_existing:  # even one whose record is unreadable
            raise LibraryError(f"{merged.id!r} is already in the library (remove it first, or use --replace)")
        for other in documents(corpus) if others is None else others:
            if doi and other.id != merged.id and _normalise_doi(other.doi) == doi:
                raise LibraryError(f"this DOI is already in the library as {other.id!r}")
        (stage / RECORD).write_text(json.dumps(merged.to_dict(), ensure_ascii=False, indent=1) + "\n",
                                    encoding="utf-8")
        final = root / merged.id
        if final.exists():
            old = root / f".old-{uuid.uuid4().hex[:8]}"
            os.replace(final, old)
            os.replace(stage, final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(stage, final)
        return replace(parsed, record=merged)
    finally:
        if stage.exists():
            shutil.rmtree(stage, ignore_errors=True)


def remove(corpus: Path, doc_id: str) -> DocRecord:
    """Delete one document's folder; raises :class:`LibraryError` when there is no such document."""
    folder = library_dir(corpus) / doc_id
    if not valid_id(doc_id) or not folder.is_dir():
        known = ", ".join(r.id for r in documents(corpus)) or "the library is empty"
        raise LibraryError(f"no document {doc_id!r} in the library ({known})")
    try:
        record = DocRecord.from_dict(json.loads((folder / RECORD).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):  # a broken document can still be removed
        record = DocRecord(id=doc_id, title="(unreadable record)")
    trash = library_dir(corpus) / f".rm-{uuid.uuid4().hex[:8]}"
    os.replace(folder, trash)
    shutil.rmtree(trash, ignore_errors=True)
    return record
