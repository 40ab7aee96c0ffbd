"""Many documents in one call: files, folders, zips, many-paper exports and identifiers -> one report.

:func:`store_many` expands every source into the documents it holds (see :mod:`.exports` and
:mod:`.archive`) and stores each one through :func:`.folder.store`: parsed once, refused with the reason
and nothing written when it cannot be used. A refusal never stops the batch; every source ends up in
the report as added, refused (with why) or skipped (with why). Identifiers are fetched through Europe
PMC with one HTTP client; once Europe PMC cannot be reached, the batch's remaining identifiers are
refused without trying again. The index is not this stage's: :func:`tzqa.index.library.add_many`
stores a batch this way and then rebuilds the index *once*, so the embedding model is loaded once for
the batch, not once per file.
"""
from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from tzqa.ingest.library import archive, exports
from tzqa.ingest.library.doi import normalise_doi
from tzqa.ingest.library.limits import MAX_FILE_BYTES, SUPPORTED_SUFFIXES, DocumentError
from tzqa.ingest.library.records import Article, DocRecord

MAX_BATCH_DOCUMENTS = 10_000
Status = Literal["added", "refused", "skipped"]
_SETS = {"pmc-articleset": exports.split_articleset, "PubmedArticleSet": exports.pubmed_abstracts}
_EXPORTS = {".jsonl": exports.jsonl_records, ".ris": exports.ris_identifiers, ".bib": exports.bibtex_identifiers,
            ".nbib": exports.nbib_identifiers}


@dataclass(frozen=True)
class Entry:
    """What became of one document (or of a source that gave none): added, refused or skipped, and why."""

    source: str  # what the user gave, and where in it: "papers.zip!a/b.pdf", "set.xml article 3", "refs.ris entry 2"
    status: Status
    reason: str = ""  # why it was refused or skipped
    id: str = ""
    title: str = ""
    got: str = ""  # "file" | "Europe PMC (full text)" | "Europe PMC (abstract)"
    passages: int | None = None  # None: not counted (a batch's counts come from the index build)
    paragraphs: int = 0  # abstract and body paragraphs read
    references: int = 0
    tables: int = 0
    cited_as: int | None = None
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        d = asdict(self)
        d["notes"] = list(self.notes)
        return d


@dataclass
class BatchReport:
    """Every entry in the order the sources gave them, the index build (None when not built), the time taken."""

    entries: list[Entry] = field(default_factory=list)
    build: Any = None  # tzqa.index.build.BuildReport, set by tzqa.index.library.add_many
    seconds: float = 0.0

    def _with(self, status: Status) -> list[Entry]:
        return [e for e in self.entries if e.status == status]

    @property
    def added(self) -> list[Entry]:
        return self._with("added")

    @property
    def refused(self) -> list[Entry]:
        return self._with("refused")

    @property
    def skipped(self) -> list[Entry]:
        return self._with("skipped")

    def to_dict(self) -> dict[str, Any]:
        b = self.build
        build = None if b is None else {"passages": b.passages, "embedded": b.embedded, "reused": b.reused,
                                        "seconds": round(b.seconds, 3), "skipped_files": list(b.skipped_files)}
        return {"added": len(self.added), "refused": len(self.refused), "skipped": len(self.skipped),
                "seconds": round(self.seconds, 3), "build": build, "entries": [e.to_dict() for e in self.entries]}


@dataclass(frozen=True)
class _Item:
    """One document to store: where it came from, the name to store it under, how to get its bytes."""

    source: str
    filename: str
    load: Callable[[], bytes | Path] | None = None
    record: DocRecord = field(default_factory=lambda: DocRecord(id="", kind=""))
    ident: Any = None  # europepmc.Identifier: fetch instead of load


def _parts(label: str, parts: list[exports.Part]) -> Iterator[_Item | Entry]:
    for p in parts:
        where = f"{label} {p.where}"
        if p.refused:
            yield Entry(where, "refused", p.refused)
        elif p.ident is not None:
            yield _Item(where, "", ident=p.ident)
        else:
            yield _Item(where, p.filename, (lambda d=p.data: d), p.record)


def _blob(label: str, name: str, size: int, read: Callable[[], bytes], head: Callable[[], bytes], path: Path | None,
          explicit: bool) -> Iterator[_Item | Entry]:
    """One file (on disk or in a zip): a document, or a many-paper export expanded into its documents."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix in _EXPORTS:
            yield from _parts(label, _EXPORTS[suffix](read()))
            return
        if suffix in (".xml", ".nxml") and size > 0:
            kind = exports.root_name(head())
            if kind in _SETS:
                if size > exports.MAX_EXPORT_BYTES:
                    raise DocumentError(f"too large ({size / 2**20:.1f} MB; the limit is "
                                        f"{exports.MAX_EXPORT_BYTES / 2**20:g} MB)")
                yield from _parts(label, _SETS[kind](read()))
                return
    except DocumentError as exc:
        yield Entry(label, "refused", str(exc))
        return
    except OSError as exc:
        yield Entry(label, "refused", f"cannot be read ({exc.strerror or exc})")
        return
    if suffix not in SUPPORTED_SUFFIXES and not explicit:  # a file the user named is refused by the reader, as before
        yield Entry(label, "skipped", f"not a document type tzqa reads ({suffix or 'no suffix'})")
        return
    yield _Item(label, Path(name).name, (lambda: path) if path is not None else read)


def _zip(label: str, path: Path) -> Iterator[_Item | Entry]:
    try:
        members = archive.members(path, max(MAX_FILE_BYTES, exports.MAX_EXPORT_BYTES))
    except DocumentError as exc:
        yield Entry(label, "refused", str(exc))
        return
    for m in members:
        where = f"{label}!{m.name}"
        if m.skip:
            yield Entry(where, "skipped", m.skip)
            continue
        is_export = Path(m.name).suffix.lower() in (*_EXPORTS, ".xml", ".nxml")
        if m.size > MAX_FILE_BYTES and not is_export:
            yield Entry(where, "skipped", f"too large ({m.size / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:g} MB)")
            continue
        yield from _blob(where, m.name, m.size, lambda m=m: archive.read_member(path, m),
                         lambda m=m: archive.read_head(path, m), None, explicit=False)


def _folder(folder: Path) -> Iterator[_Item | Entry]:
    """Every file under ``folder`` (symbolic links to folders are not followed), hidden ones reported as skipped."""
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(top) / name
            if name.startswith("."):
                yield Entry(str(path), "skipped", "hidden file")
                continue
            yield from _file(path, explicit=False)


def _file(path: Path, explicit: bool) -> Iterator[_Item | Entry]:
    if path.suffix.lower() == ".zip":
        yield from _zip(str(path), path)
        return
    try:
        size = path.stat().st_size
    except OSError as exc:
        yield Entry(str(path), "refused", f"cannot be read ({exc.strerror or exc})")
        return
    def head() -> bytes:
        with path.open("rb") as f:
            return f.read(65536)

    yield from _blob(str(path), path.name, size, path.read_bytes, head, path, explicit)


def expand(sources: Sequence[str | Path]) -> Iterator[_Item | Entry]:
    """Every document the sources hold, in order, or an entry saying why one is refused or skipped."""
    from tzqa.ingest.library import europepmc

    for src in sources:
        path = Path(src).expanduser()
        if path.is_dir():
            yield from _folder(path)
        elif path.is_file():
            yield from _file(path, explicit=True)
        else:
            try:
                ident = europepmc.parse_identifier(str(src))
            except ValueError as exc:
                yield Entry(str(src), "refused", str(exc))
                continue
            if ident is None:
                yield Entry(str(src), "refused", "neither a file nor an identifier (pmid:…, pmcid:PMC…, doi:10.…) "
                            "nor a folder")
            else:
                yield _Item(str(src), "", ident=ident)


class _Fetcher:
    """One Europe PMC client for the batch; after the first failure to reach it, no more attempts."""

    def __init__(self, client: Any = None) -> None:
        self.client, self.own, self.down = client, client is None, ""

    def fetch(self, ident: Any, kind: str) -> Any:
        from tzqa.ingest import fetch as fetch_mod
        from tzqa.ingest.library import europepmc

        if self.down:
            raise fetch_mod.FetchError(f"not fetched: {self.down}")
        if self.client is None:
            self.client = fetch_mod.make_client()
        try:
            return europepmc.fetch(self.client, ident, kind)
        except fetch_mod.FetchError as exc:
            self.down = str(exc)
            raise

    def close(self) -> None:
        if self.own and self.client is not None:
            self.client.close()


def _review_dois(corpus: Path) -> dict[str, int]:
    from tzqa.ingest.corpus import read_bundled, review_path

    try:
        doc = read_bundled(review_path(corpus))
    except FileNotFoundError:  # a library without the bundled review: nothing to link to
        return {}
    return {normalise_doi(r.doi): r.number for r in doc.references if r.doi}


def _store_one(corpus: Path, item: _Item, overrides: DocRecord, dois: dict[str, int], replace_existing: bool,
               fetcher: _Fetcher, count_passages: bool, others: list[DocRecord],
               parsed: dict[str, Article] | None = None) -> Entry:
    from tzqa.ingest.fetch import FetchError
    from tzqa.ingest.library import europepmc
    from tzqa.ingest.library.folder import LibraryError, store
    from tzqa.ingest.library.passages import article_passages

    set_fields = {k: v for k, v in overrides.to_dict().items() if v not in (None, "", [], ())}
    set_fields.pop("authors", None)
    try:
        if item.ident is not None:
            fetched = fetcher.fetch(item.ident, overrides.kind)
            record, data, name = replace(fetched.record, **set_fields), fetched.data, fetched.filename
            got = f"Europe PMC ({fetched.what})"
        else:
            assert item.load is not None
            record, data, name, got = replace(item.record, **set_fields), item.load(), item.filename, "file"
        article = store(corpus, data, name, record, dois, replace_existing, others)
        others.append(article.record)
        if parsed is not None:
            parsed[article.record.id] = article
    except FetchError as exc:
        return Entry(item.source, "refused", f"{exc}. Identifiers need the network; add a downloaded file instead")
    except (DocumentError, LibraryError, europepmc.NotFound) as exc:
        return Entry(item.source, "refused", str(exc))
    except Exception as exc:  # a document that breaks a reader is refused; the batch goes on
        return Entry(item.source, "refused", f"could not be read ({exc.__class__.__name__}: {exc})")
    rec = article.record
    return Entry(item.source, "added", id=rec.id, title=rec.title, got=got,
                 passages=len(article_passages(article)) if count_passages else None,
                 paragraphs=len(article.abstract) + len(article.blocks), references=len(article.references),
                 tables=len(article.tables), cited_as=rec.cited_as, notes=tuple(article.notes))


def store_many(
    corpus: Path, sources: Sequence[str | Path], *, kind: str = "", doc_id: str | None = None,
    title: str | None = None, replace_existing: bool = False, progress: bool | None = None, client: Any = None,
    on_entry: Callable[[Entry], None] | None = None, count_passages: bool | None = None,
    parsed: dict[str, Article] | None = None,
) -> BatchReport:
    """Store every document the sources hold (no index build: :func:`tzqa.index.library.add_many` does both).

    ``sources``: files (``.xml``/``.nxml`` JATS or a PMC/PubMed set, ``.pdf``, ``.txt``, ``.md``, ``.jsonl``,
    ``.ris``, ``.bib``, ``.nbib``, ``.zip``), folders (recursively) and identifiers (``pmid:``, ``pmcid:``,
    ``doi:``). ``doc_id`` and ``title`` name one document, so they are refused (``ValueError``) when the
    sources hold more than one. ``progress``: a bar on stderr (default: when stderr is a terminal).
    ``client``: the httpx client for Europe PMC (default: :func:`tzqa.ingest.fetch.make_client`).
    ``count_passages``: cut each document into passages to report how many (default: only when there is
    one document). Cutting means splitting every sentence, which costs several times the parse and is
    done again by the index build, so a batch leaves it to the build (``add_many`` reports its counts).
    ``parsed``: filled with each stored document as it will be indexed, by id, so the build that follows
    does not parse it again (:func:`tzqa.index.library.add_many`).
    """
    from tqdm import tqdm

    t0 = time.perf_counter()
    report = BatchReport()
    expanded = list(expand(sources))
    items = [x for x in expanded if isinstance(x, _Item)]
    if (doc_id or title) and len(items) > 1:
        raise ValueError(f"--id and --title name one document; these sources hold {len(items)}")
    if len(items) > MAX_BATCH_DOCUMENTS:
        raise ValueError(f"{len(items)} documents in one batch; the limit is {MAX_BATCH_DOCUMENTS}")
    overrides = DocRecord(id=doc_id or "", kind=kind or "", title=title or "", origin="")
    dois = _review_dois(corpus) if items else {}
    fetcher = _Fetcher(client)
    show = sys.stderr.isatty() if progress is None else progress
    count = len(items) == 1 if count_passages is None else count_passages
    from tzqa.ingest.library.folder import documents

    others = documents(corpus) if items else []  # kept up to date as the batch stores
    try:
        with tqdm(total=len(expanded), unit="doc", disable=not show, file=sys.stderr, leave=False) as bar:
            for x in expanded:
                entry = x if isinstance(x, Entry) else _store_one(corpus, x, overrides, dois, replace_existing,
                                                                   fetcher, count, others, parsed)
                report.entries.append(entry)
                if on_entry is not None:
                    on_entry(entry)
                bar.update(1)
    finally:
        fetcher.close()
    report.seconds = time.perf_counter() - t0
    return report
