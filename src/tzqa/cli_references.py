"""``tzqa references list`` and ``tzqa references fetch``: the review's cited papers."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

console = Console()
err = Console(stderr=True)

CORPUS_HELP = "Corpus folder (default: TZQA_CORPUS or the bundled corpus/)."


def _doc_and_dir(corpus: Path | None):  # type: ignore[no-untyped-def]
    from .corpus import corpus_dir, load_review, review_path

    directory = corpus or corpus_dir()
    try:
        return load_review(review_path(directory)), directory
    except FileNotFoundError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def list_references(
    corpus: Path | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """The review's references and, for each, the paper file you supplied (and its passage count)."""
    from .papers import ingest, short_citation

    doc, directory = _doc_and_dir(corpus)
    papers, messages = ingest(directory, doc)
    by_number = {p.number: p for p in papers}
    rows = []
    for r in doc.references:
        p = by_number.get(r.number)
        rows.append({"number": r.number, "short": short_citation(r), "citation": r.citation, "doi": r.doi,
                     "file": p.path if p else None, "linked_by": p.how if p else None,
                     "passages": len(p.passages) if p else 0})
    if as_json:
        out = {"references": rows, "problems": messages}
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        return
    t = Table(title=f"{len(rows)} references, {len(papers)} with a supplied paper ({directory / 'references'})")
    columns = {"#": {"justify": "right"}, "reference": {}, "title": {"overflow": "ellipsis", "no_wrap": True,
               "max_width": 60}, "file": {}, "by": {}, "passages": {"justify": "right"}}
    for c, kw in columns.items():
        t.add_column(c, **kw)
    for row, r in zip(rows, doc.references, strict=True):
        t.add_row(str(row["number"]), escape(row["short"]), escape(r.title), escape(row["file"] or "—"),
                  row["linked_by"] or "", str(row["passages"]) if row["file"] else "")
    console.print(t)
    for m in messages:
        err.print(f"[yellow]skipped[/yellow] {escape(m)}", highlight=False, soft_wrap=True)


def fetch(
    only: str | None = typer.Option(None, "--only", help="Reference numbers, e.g. 12,13 or 20-25."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Query Europe PMC and report, but write nothing."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace existing references/{n}.md files."),
    corpus: Path | None = typer.Option(None, "--corpus", help=CORPUS_HELP),
) -> None:
    """Download open-access abstracts from Europe PMC into references/{n}.md (needs the network).

    Only records with an open licence (Creative Commons, public domain) are written.

    Each file starts with the title, DOI, licence and source URL. Run `tzqa build` after.
    """
    from . import fetch as fetch_mod

    doc, directory = _doc_and_dir(corpus)
    try:
        wanted = fetch_mod.parse_only(only)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--only") from None
    try:
        with fetch_mod.make_client() as client:
            results = fetch_mod.fetch_abstracts(doc, directory, client, only=wanted, dry_run=dry_run,
                                                overwrite=overwrite, progress=sys.stderr.isatty())
    except fetch_mod.FetchError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--only") from None
    t = Table(title="Europe PMC abstracts" + (" (dry run: nothing written)" if dry_run else ""))
    for c in ("#", "status", "detail"):
        t.add_column(c)
    for r in results:
        style = "green" if r.status in ("written", "would write") else "red" if r.status == "error" else ""
        t.add_row(str(r.number), f"[{style}]{r.status}[/{style}]" if style else r.status,
                  escape((r.path + ": " if r.path and r.status in ("written", "would write") else "") + r.detail))
    console.print(t)
    counts: dict[str, int] = {}
    for r in results:
        counts[r.status] = counts.get(r.status, 0) + 1
    console.print(", ".join(f"{k}: {v}" for k, v in counts.items()) or "nothing to do")
    if counts.get("written"):
        console.print("run `tzqa build` to index them")


def register(app: typer.Typer) -> None:
    refs = typer.Typer(no_args_is_help=True, help="The review's cited papers: what you supplied, open abstracts.")
    refs.command("list")(list_references)
    refs.command("fetch")(fetch)
    app.add_typer(refs, name="references")
