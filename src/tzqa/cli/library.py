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
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from tzqa.cli.output import as_table, make_console, print_blocks, print_table

if TYPE_CHECKING:
    from tzqa.ingest.library.batch import Entry

console = make_console()
err = make_console(stderr=True)
CORPUS_HELP = "Corpus folder (default: TZQA_CORPUS or the bundled corpus/)."


def _fail(msg: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {escape(msg)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _rebuild(directory: Path) -> None:
    from tzqa.index.build import build_index

    report = build_index(directory=directory, progress=sys.stderr.isatty())
    console.print(f"index rebuilt: {report.passages} passages, embedded {report.embedded} new, "
                  f"reused {report.reused} ({report.seconds:.1f} s)")
    for s in report.skipped_files:
        err.print(f"[yellow]skipped[/yellow] {escape(s)}", highlight=False, soft_wrap=True)


def _count(e: Entry) -> str:
    return f"{e.passages} passages" if e.passages is not None else f"{e.paragraphs} paragraphs"


def add(
    targets: list[str] = typer.Argument(
        ..., help="Files (.xml JATS or a PMC/PubMed XML set, .pdf, .txt, .md, .jsonl, .ris, .bib, .nbib, .zip), "
                  "folders (searched recursively), or pmid:N, pmcid:PMCN, doi:10.…; as many as you like."),
    doc_id: str | None = typer.Option(None, "--id", help="Document id (default: from the PMCID, PMID, DOI or name); "
                                                         "one document only."),
    kind: str | None = typer.Option(None, "--kind", help="review | paper (default: what the file says, else paper)."),
    title: str | None = typer.Option(None, "--title", help="Title, when the file does not give a good one; "
                                                           "one document only."),
    replace_existing: bool = typer.Option(False, "--replace", help="Replace a document with the same id."),
    build: bool = typer.Option(True, "--build/--no-build", help="Rebuild the index after adding (default): "
                                                                "once, however many documents."),
    corpus: Path | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print the per-document report as JSON on stdout."),
) -> None:
    """Add documents to the library: files, folders, zips, exports, or identifiers resolved through Europe PMC.

    Each document is parsed once; one that cannot be used is refused with the reason, nothing of it stored.

    The index is rebuilt once at the end, however many documents (the model is loaded once).

    Exit status: 0 when every document was added, 1 when some were refused, 2 when none was added.
    """
    from tzqa.index.library import add_many
    from tzqa.ingest.corpus import corpus_dir
    from tzqa.ingest.library.records import DOC_KINDS

    directory = corpus or corpus_dir()
    if kind and kind not in DOC_KINDS:
        _fail(f"kind must be one of {', '.join(DOC_KINDS)}")
    try:
        report = add_many(directory, targets, kind=kind or "", doc_id=doc_id, title=title,
                          replace_existing=replace_existing, build=build)
    except ValueError as exc:
        _fail(str(exc))
    added, refused = report.added, report.refused
    code = 0 if not refused and added else 1 if added else 2
    if as_json:
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=1) + "\n")
        raise typer.Exit(code)
    single = len(report.entries) == 1
    for e in report.entries:
        if e.status == "added":
            linked = f"; it is reference {e.cited_as} of the review" if e.cited_as else ""
            console.print(f"added [bold]{escape(e.id)}[/bold] from {e.got}: {escape(e.title or '(untitled)')} — "
                          f"{_count(e)}, {e.references} references, {e.tables} tables{linked}",
                          highlight=False)
            for note in e.notes:
                err.print(f"[yellow]note[/yellow] {escape(note)}", highlight=False)
        elif single:
            _fail(f"{e.source}: {e.reason}")
        else:
            colour = "red" if e.status == "refused" else "yellow"
            err.print(f"[{colour}]{e.status}[/{colour}] {escape(e.source)}: {escape(e.reason)}", highlight=False,
                      soft_wrap=True)
    if not single:
        console.print(f"{len(added)} added, {len(refused)} refused, {len(report.skipped)} skipped "
                      f"({report.seconds:.1f} s)")
    if not report.entries:
        _fail("the sources hold no documents")
    if not added and not refused:
        _fail("nothing was added: every file was skipped (see above)")
    b = report.build
    if b is not None:
        console.print(f"index rebuilt: {b.passages} passages, embedded {b.embedded} new, "
                      f"reused {b.reused} ({b.seconds:.1f} s)")
        for s in b.skipped_files:
            err.print(f"[yellow]skipped[/yellow] {escape(s)}", highlight=False, soft_wrap=True)
    elif added and not build:
        console.print("run `tzqa build` to index " + ("it" if len(added) == 1 else "them"))
    if code:
        raise typer.Exit(code)


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
    title = f"{len(records)} documents in {library_dir(directory)} (plus the bundled review)"
    rows = [(r.id, r.kind, str(r.year or ""), r.title, r.doi or "", r.origin.replace("europepmc:", "EPMC "),
             str(r.cited_as or ""), re.sub(r"^https?://creativecommons\.org/licenses/", "CC ", r.licence or "").rstrip("/"))
            for r in records]
    if as_table(console):
        print_table(console, title, [("id", {"no_wrap": True}), ("kind", {}), ("year", {}),
                                     ("title", {"no_wrap": True, "overflow": "ellipsis", "ratio": 1}),
                                     ("DOI", {"no_wrap": True}), ("from", {}), ("cited as", {"justify": "right"}),
                                     ("licence", {"no_wrap": True})], rows)
    else:
        print_blocks(console, title, [(f"{i} · {kind} · {year}".rstrip(" ·"), [
            ("", t), ("doi", doi), ("from", origin), ("cited as", cited), ("licence", lic)])
            for i, kind, year, t, doi, origin, cited, lic in rows])


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
