"""``tzqa references list`` and ``tzqa references fetch``: the review's cited papers (files and library)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.markup import escape

from tzqa.cli.output import as_table, make_console, print_blocks, print_table

console = make_console()
err = make_console(stderr=True)

CORPUS_HELP = "Corpus folder (default: TZQA_CORPUS or the bundled corpus/)."


def _doc_and_dir(corpus: Path | None):  # type: ignore[no-untyped-def]
    from tzqa.ingest.corpus import corpus_dir, read_bundled, review_path

    directory = corpus or corpus_dir()
    try:
        return read_bundled(review_path(directory)), directory
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def list_references(
    corpus: Path | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """The review's references and, for each, the paper file you supplied (and its passage count)."""
    from tzqa.ingest.library.folder import LIBRARY_DIR, documents
    from tzqa.ingest.library.passages import article_passages
    from tzqa.ingest.library.supplied import short_citation, supplied_papers

    doc, directory = _doc_and_dir(corpus)
    papers, messages = supplied_papers(directory, doc)
    by_number = {p.number: p for p in papers}
    counts = {p.number: len(article_passages(p.article)) for p in papers}
    in_library = {r.cited_as: r for r in documents(directory) if r.cited_as}
    rows = []
    for r in doc.references:
        p = by_number.get(r.number)
        lib = in_library.get(r.number)
        file = p.path if p else f"{LIBRARY_DIR}/{lib.id}" if lib else None
        rows.append({"number": r.number, "short": short_citation(r), "citation": r.citation, "doi": r.doi,
                     "file": file, "linked_by": p.how if p else ("doi" if lib else None),
                     "passages": counts.get(r.number, 0), "library_id": lib.id if lib else None,
                     "library_origin": lib.origin if lib else None})
    if as_json:
        out = {"references": rows, "problems": messages}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return
    title = f"{len(rows)} references, {len(papers)} with a supplied paper ({directory / 'references'})"
    counts = [str(row["passages"]) if row["passages"] else ("library" if row["library_id"] else "") for row in rows]
    if as_table(console):
        columns = [("#", {"justify": "right", "no_wrap": True}), ("reference", {"no_wrap": True}),
                   ("title", {"overflow": "ellipsis", "no_wrap": True, "ratio": 1}), ("file", {}), ("by", {}),
                   ("passages", {"justify": "right", "no_wrap": True})]
        print_table(console, title, columns, [(str(row["number"]), row["short"], r.title, row["file"] or "—",
                                               row["linked_by"] or "", c)
                                              for row, r, c in zip(rows, doc.references, counts, strict=True)])
    else:
        print_blocks(console, title, [(f"{row['number']}. {row['short']}", [
            ("", r.title), ("doi", row["doi"] or ""), ("file", row["file"] or ""),
            ("passages", f"{c} ({row['linked_by']})" if c and row["linked_by"] else c)])
            for row, r, c in zip(rows, doc.references, counts, strict=True)])
    for m in messages:
        err.print(f"[yellow]skipped[/yellow] {escape(m)}", highlight=False, soft_wrap=True)


def fetch(
    only: str | None = typer.Option(None, "--only", help="Reference numbers, e.g. 12,13 or 20-25."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Query Europe PMC and report, but store nothing."),
    build: bool = typer.Option(True, "--build/--no-build", help="Rebuild the index when something was added."),
    corpus: Path | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
) -> None:
    """Fetch every cited paper into the library from Europe PMC (needs the network); resumable.

    Open-access full text (JATS) where there is one, else the abstract when its licence is open.
    References already in the library or in references/ are skipped, so a second run resumes.
    Ends with a table of what was found for each reference.
    """
    from tzqa.ingest import fetch as fetch_mod
    from tzqa.ingest.library.cited import fetch_references

    doc, directory = _doc_and_dir(corpus)
    try:
        wanted = fetch_mod.parse_only(only)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--only") from None
    try:
        with fetch_mod.make_client() as client:
            results = fetch_references(doc, directory, client, only=wanted, dry_run=dry_run,
                                       progress=sys.stderr.isatty())
    except fetch_mod.FetchError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--only") from None
    title = "Europe PMC, per reference" + (" (dry run: nothing stored)" if dry_run else "")
    rows = [(str(r.number), r.status, r.doc or "", r.detail) for r in results]
    if as_table(console):
        print_table(console, title, [("#", {"no_wrap": True}), ("status", {}), ("document", {}), ("detail", {})], rows)
    else:
        print_blocks(console, title, [(f"{n}. {status}", [("document", d), ("", detail)]) for n, status, d, detail in rows])
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    console.print(", ".join(f"{k}: {v}" for k, v in counts.items()) or "nothing to do")
    if (counts.get("full text") or counts.get("abstract")) and build:
        from tzqa.cli.library import _rebuild

        _rebuild(directory)


def register(app: typer.Typer) -> None:
    refs = typer.Typer(no_args_is_help=True, help="The review's cited papers: what you supplied, open abstracts.")
    refs.command("list")(list_references)
    refs.command("fetch")(fetch)
    app.add_typer(refs, name="references")
