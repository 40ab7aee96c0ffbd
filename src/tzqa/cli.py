"""The ``tzqa`` command line: corpus, build, search, eval, serve, bench, references."""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Literature-grounded retrieval on trastuzumab resistance.")
console = Console()
err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """tzqa: ranked, cited passages from the review and the papers it cites."""


@app.command()
def corpus(
    path: Optional[Path] = typer.Option(None, help="Review file (.txt or .pdf); default: the bundled corpus."),
    jsonl: Optional[Path] = typer.Option(None, "--jsonl", help="Write every passage as JSON lines here ('-' for stdout)."),
) -> None:
    """Parse the review and print counts of sections, paragraphs, passages, citations and references."""
    from .chunking import document_passages
    from .corpus import load_review

    doc = load_review(path)
    passages = document_passages(doc)
    from .citations import find_citations

    markers = sum(len(find_citations(p.text)) for p in doc.paragraphs)
    cited = doc.cited_numbers
    counts = {
        "sections": len(doc.sections),
        "paragraphs": len(doc.paragraphs),
        "table_rows": len(doc.table_rows),
        "references": len(doc.references),
        "passages": len(passages),
        "citation_markers": markers,
        "citation_links": sum(len(p.citations) for p in doc.paragraphs),
        "distinct_cited": len(cited),
        "never_cited": sorted(set(range(1, len(doc.references) + 1)) - cited),
        "references_with_doi": sum(1 for r in doc.references if r.doi),
    }
    if jsonl is not None:
        lines = "".join(json.dumps(p.to_dict(), ensure_ascii=False) + "\n" for p in passages)
        if str(jsonl) == "-":
            sys.stdout.write(lines)
            return
        jsonl.write_text(lines, encoding="utf-8")
    table = Table(title=doc.title)
    table.add_column("what")
    table.add_column("count", justify="right")
    for k, v in counts.items():
        table.add_row(k, str(v))
    console.print(table)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
