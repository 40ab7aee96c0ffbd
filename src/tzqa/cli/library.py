"""``tzqa add``, ``tzqa library``, ``tzqa remove``: documents beyond the review.

Adding a document parses it first (a file that cannot be used is refused with the reason and
nothing is stored), links it to the review's reference list by DOI, then rebuilds the index,
which embeds only the new document's passages (everything else is reused by content).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err = Console(stderr=True)
CORPUS_HELP = "Corpus folder (default: TZQA_CORPUS or the bundled corpus/)."


def _fail(msg: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {escape(msg)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _review_dois(directory: Path) -> dict[str, int]:
    from tzqa.ingest.corpus import load_review, review_path
    from tzqa.ingest.papers import normalise_doi

    doc = load_review(review_path(directory))
    return {normalise_doi(r.doi): r.number for r in doc.references if r.doi}


def _rebuild(directory: Path) -> None:
    from tzqa.index.build import build_index

    report = build_index(directory=directory, progress=sys.stderr.isatty())
    console.print(f"index rebuilt: {report.passages} passages, embedded {report.embedded} new, "
                  f"reused {report.reused} ({report.seconds:.1f} s)")
    for s in report.skipped_files:
        err.print(f"[yellow]skipped[/yellow] {escape(s)}", highlight=False, soft_wrap=True)


def add(
    target: str = typer.Argument(..., help="A file (.xml JATS, .pdf, .txt, .md) or pmid:N, pmcid:PMCN, doi:10.…"),
    doc_id: str | None = typer.Option(None, "--id", help="Document id (default: from the PMCID, PMID, DOI or name)."),
    kind: str | None = typer.Option(None, "--kind", help="review | paper (default: what the file says, else paper)."),
    title: str | None = typer.Option(None, "--title", help="Title, when the file does not give a good one."),
    replace_existing: bool = typer.Option(False, "--replace", help="Replace a document with the same id."),
    build: bool = typer.Option(True, "--build/--no-build", help="Rebuild the index after adding (default)."),
    corpus: Path | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
) -> None:
    """Add a document to the library, from a file or an identifier resolved through Europe PMC."""
    from tzqa.ingest.corpus import corpus_dir
    from tzqa.ingest.fetch import FetchError, make_client
    from tzqa.ingest.library import europepmc
    from tzqa.ingest.library.folder import LibraryError, store
    from tzqa.ingest.library.limits import DocumentError
    from tzqa.ingest.library.passages import article_passages
    from tzqa.ingest.library.records import DocRecord

    directory = corpus or corpus_dir()
    record = DocRecord(id=doc_id or "", kind=kind or "", title=title or "")
    path = Path(target).expanduser()
    try:
        dois = _review_dois(directory)
        if path.is_file():
            article = store(directory, path, path.name, record, dois, replace_existing)
            got = "file"
        else:
            try:
                ident = europepmc.parse_identifier(target)
            except ValueError as exc:
                _fail(str(exc))
            if ident is None:
                _fail(f"{target!r} is neither a file nor an identifier (pmid:…, pmcid:PMC…, doi:10.…)")
            with make_client() as client:
                fetched = europepmc.fetch(client, ident, kind or "")
            rec = fetched.record
            from dataclasses import replace

            rec = replace(rec, id=doc_id or rec.id, title=title or rec.title, kind=kind or rec.kind)
            article = store(directory, fetched.data, fetched.filename, rec, dois, replace_existing)
            got = f"Europe PMC ({fetched.what})"
    except FetchError as exc:
        _fail(f"{exc}. Identifiers need the network; add a downloaded file instead")
    except europepmc.NotFound as exc:
        _fail(str(exc))
    except (DocumentError, LibraryError) as exc:
        _fail(f"{target}: {exc}")
    rec = article.record
    n = len(article_passages(article))
    linked = f"; it is reference {rec.cited_as} of the review" if rec.cited_as else ""
    console.print(f"added [bold]{escape(rec.id)}[/bold] from {got}: {escape(rec.title or '(untitled)')} — "
                  f"{n} passages, {len(article.references)} references, {len(article.tables)} tables{linked}",
                  highlight=False)
    for note in article.notes:
        err.print(f"[yellow]note[/yellow] {escape(note)}", highlight=False)
    if build:
        _rebuild(directory)
    else:
        console.print("run `tzqa build` to index it")


def library(
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
    corpus: Path | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
) -> None:
    """List the documents in the library (the bundled review is always there and is not listed)."""
    from tzqa.ingest.corpus import corpus_dir
    from tzqa.ingest.library.folder import documents, library_dir

    directory = corpus or corpus_dir()
    records = documents(directory)
    if as_json:
        sys.stdout.write(json.dumps([r.to_dict() for r in records], ensure_ascii=False, indent=1) + "\n")
        return
    t = Table(title=f"{len(records)} documents in {library_dir(directory)} (plus the bundled review)")
    for c, kw in (("id", {"no_wrap": True}), ("kind", {}), ("year", {}),
                  ("title", {"no_wrap": True, "overflow": "ellipsis", "ratio": 1}), ("DOI", {"no_wrap": True}),
                  ("from", {}), ("cited as", {"justify": "right"}), ("licence", {"no_wrap": True})):
        t.add_column(c, **kw)
    for r in records:
        licence = re.sub(r"^https?://creativecommons\.org/licenses/", "CC ", r.licence or "").rstrip("/")
        t.add_row(escape(r.id), r.kind, str(r.year or ""), escape(r.title), escape(r.doi or ""),
                  r.origin.replace("europepmc:", "EPMC "), str(r.cited_as or ""), escape(licence))
    console.print(t)


def remove(
    doc_id: str = typer.Argument(..., help="The document's id (see `tzqa library`)."),
    build: bool = typer.Option(True, "--build/--no-build", help="Rebuild the index after removing (default)."),
    corpus: Path | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
) -> None:
    """Remove a document from the library (its file and record), then rebuild the index."""
    from tzqa.ingest.corpus import corpus_dir
    from tzqa.ingest.library.folder import LibraryError
    from tzqa.ingest.library.folder import remove as remove_doc

    directory = corpus or corpus_dir()
    try:
        rec = remove_doc(directory, doc_id)
    except LibraryError as exc:
        _fail(str(exc))
    console.print(f"removed {escape(rec.id)}: {escape(rec.title)}", highlight=False)
    if build:
        _rebuild(directory)


def register(app: typer.Typer) -> None:
    app.command("add")(add)
    app.command("library")(library)
    app.command("remove")(remove)
