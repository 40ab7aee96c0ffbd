"""The ``tzqa`` command line: corpus, build, search, eval, serve, bench, references."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.table import Table

from tzqa.cli.output import as_table, make_console, print_blocks, print_table

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Literature-grounded retrieval: cited passages from a review, its papers and your library.")
console = make_console()
err = make_console(stderr=True)


@app.callback()
def _root() -> None:
    """tzqa: ranked, cited passages from the review and the papers it cites."""


@app.command()
def corpus(
    path: Path | None = typer.Option(None, help="Review file (.txt or .pdf); default: the bundled corpus."),
    jsonl: Path | None = typer.Option(None, "--jsonl", help="Write every passage as JSON lines here ('-' for stdout)."),
) -> None:
    """Parse the review and print counts of sections, paragraphs, passages, citations and references."""
    from tzqa.ingest.corpus import read_review_text, review_path
    from tzqa.ingest.library.cite import find_citations
    from tzqa.ingest.library.numbered import article_of
    from tzqa.ingest.library.passages import article_passages
    from tzqa.ingest.parser import parse_review

    source = path or review_path()
    text = read_review_text(source)
    doc = parse_review(text)  # the numbered-text parse, for its counts; passages as the index makes them
    passages = article_passages(article_of(doc, text, source.name))

    markers = sum(len(find_citations(p.text, len(doc.references))) for p in doc.paragraphs)
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


def _fail(msg: str, code: int = 2) -> None:
    err.print(f"[red]error:[/red] {msg}")
    raise typer.Exit(code)


@app.command()
def build(
    model: str | None = typer.Option(None, help="Local sentence-transformers folder (default: packaged all-MiniLM-L6-v2)."),
    full: bool = typer.Option(False, "--full", help="Re-embed everything instead of reusing unchanged passages."),
) -> None:
    """Build a new index version under index/ and publish it atomically (waits for a build already running)."""
    from tzqa.index.build import build_index
    from tzqa.index.embedding import ModelLoadError
    from tzqa.index.store import IndexStoreError

    try:
        report = build_index(model=model, reuse=not full, on_wait=_waiting)
    except (ModelLoadError, FileNotFoundError, IndexStoreError) as exc:
        _fail(str(exc))
    console.print(f"built {report.folder}: {report.passages} passages, embedded {report.embedded}, "
                  f"reused {report.reused}, {report.seconds:.1f}s")
    for s in report.skipped_files:
        err.print(f"[yellow]skipped[/yellow] {s}")


@app.command()
def search(
    query: str = typer.Argument(..., help="A question in your own words."),
    k: int = typer.Option(10, "-k", min=1, max=50),
    topic: str | None = typer.Option(None, help="mechanism | biomarker | agent | background"),
    source: str | None = typer.Option(None, help="review | reference | paper"),
    ref: int | None = typer.Option(None, help="Only passages citing (or from) this reference number."),
    doc: str | None = typer.Option(None, "--doc", help="Only this document (an id from `tzqa library`, or review)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON the HTTP API returns."),
    evidence: bool = typer.Option(False, "--evidence", help="Rank the cited references instead of passages."),
) -> None:
    """Search the index (built first if missing or stale)."""
    from tzqa.search.retriever import QueryError

    retriever = _retriever()
    try:
        if evidence:
            ev = retriever.evidence(query, k=k, topic=topic, doc=doc)
            if as_json:
                sys.stdout.write(ev.model_dump_json(indent=1) + "\n")
                return
            rows = [(str(r.number), f"{r.score:.2f}", r.citation, r.sentences[0] if r.sentences else "")
                    for r in ev.references]
            if as_table(console):
                print_table(console, f"references supporting: {query}",
                            [("ref", {"no_wrap": True}), ("support", {}), ("citation", {}), ("sentence", {})], rows)
            else:
                print_blocks(console, f"references supporting: {query}",
                             [(f"[{n}] {citation}", [("support", score), ("", sentence)])
                              for n, score, citation, sentence in rows])
            return
        res = retriever.search(query, k=k, topic=topic, source=source, ref=ref, doc=doc)
    except QueryError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(res.model_dump_json(indent=1) + "\n")
        return
    title = f"{query}  ({res.took_ms:.0f} ms)"
    if as_table(console):
        print_table(console, title, [("#", {}), ("passage", {"overflow": "fold"}), ("source", {}),
                                     ("highlight", {"ratio": 3}), ("refs · DOI", {"no_wrap": True})],
                    [(str(h.rank), f"{h.passage_id}\n{h.section}", h.source.label, h.highlight,
                      "\n".join(f"{r.number} {r.doi or '(no DOI)'}" for r in h.references)) for h in res.results])
    else:
        print_blocks(console, title, [(f"{h.rank}. {h.passage_id} · {h.source.label} · {h.section}",
                                       [("", h.highlight), *[("ref", f"{r.number} {r.doi or '(no DOI)'}")
                                                               for r in h.references]]) for h in res.results])
    if not res.answerable:
        console.print(f"[yellow]Not covered:[/yellow] {res.note}")


_COVERAGE_MEANS = {"full": "the literature here speaks to every part of the question",
                   "partial": "the literature here speaks to part of the question",
                   "none": "the literature here does not speak to the question"}


@app.command()
def ask(
    query: str = typer.Argument(..., help="A question in your own words."),
    k: int = typer.Option(10, "-k", min=1, max=50, help="How many passages to draw the answer from and show."),
    topic: str | None = typer.Option(None, help="mechanism | biomarker | agent | background"),
    source: str | None = typer.Option(None, help="review | reference | paper"),
    doc: str | None = typer.Option(None, "--doc", help="Only this document (an id from `tzqa library`, or review)."),
    as_json: bool = typer.Option(False, "--json", help="Print the JSON the HTTP API returns (/answer)."),
) -> None:
    """A cited answer: sentences taken verbatim from the top passages, with their references, or "not covered"."""
    from tzqa.search.answerability import NO_WORDS, OFF_TOPIC
    from tzqa.search.retriever import QueryError

    retriever = _retriever()
    try:
        ans = retriever.answer(query, k=k, topic=topic, source=source, doc=doc)
    except QueryError as exc:
        _fail(str(exc))
    if as_json:
        sys.stdout.write(ans.model_dump_json(indent=1) + "\n")
        return
    if ans.corrected_query:
        console.print(f"[dim]searched for:[/dim] {ans.corrected_query}", markup=True)
    missing = f"; missing: {', '.join(ans.missing)}" if ans.missing else ""
    # "full" was read as "fully answered" by a new user: say what it measures (the literature, not the answer)
    console.print(f"coverage: {ans.coverage} ({_COVERAGE_MEANS[ans.coverage]}){missing}", markup=False,
                  highlight=False)
    if not ans.answerable:
        # no score here: "confidence 0.02" next to a refusal told users nothing (it stays in --json)
        console.print("[yellow]Not covered[/yellow]: ", end="", markup=True)
        console.print(ans.note, markup=False, highlight=False)
        if ans.note != OFF_TOPIC and not ans.note.startswith(NO_WORDS):  # nothing near an off-topic question
            _passage_lines(ans.results, "Nearest passages (what the literature here has closest; not an answer)")
        return
    if ans.note:  # what is missing (partly covered), or a part of the question nothing quoted names
        console.print(ans.note, markup=False, highlight=False)
    console.print(f"[bold]Answer[/bold] (confidence {ans.confidence:.2f}, extractive):")
    for s in ans.answer:
        refs = f" [{', '.join(map(str, s.refs))}]" if s.refs else ""
        inherited = (f" (not its own citation; its paragraph cites: [{', '.join(map(str, s.refs_from_paragraph))}])"
                     if s.refs_from_paragraph else "")
        section = retriever.passages[retriever.passage_index(s.passage_id)].section
        where = f"{section} · {s.passage_id}" if section else s.passage_id
        console.print(f"  • {s.text}{refs}{inherited}  ({where})", markup=False, highlight=False)
    if ans.references:
        console.print("[bold]References[/bold]")
        for r in ans.references:
            where = "" if r.doc == retriever.catalogue.primary else f"[{r.doc}] "
            console.print(f"  {where}{r.number}. {r.citation}", markup=False, highlight=False)
    _passage_lines(ans.results, "Top-ranked passages")


def _passage_lines(results: list, heading: str) -> None:  # type: ignore[type-arg]
    """The ranked passages, one line each (``-k`` of them): where to read on, also under "not covered"."""
    if not results:
        return
    console.print(f"[bold]{heading}[/bold]", markup=True)
    for h in results:
        line = h.highlight or h.text  # the passage's sentence nearest the question
        text = line if len(line) <= 110 else line[:107].rstrip() + "…"
        console.print(f"  {h.rank}. {h.section or h.passage_id} · {h.passage_id}: {text}", markup=False,
                      highlight=False)


@app.command("eval")
def eval_cmd(
    out: Path = typer.Option(Path("eval/out"), help="Folder for report.json and run.trec."),
    tune: bool = typer.Option(False, help="Choose levers and the answerability model on dev; also fusion variants."),
    split: str = typer.Option("all", help="Natural questions to report: all (dev, the blind batch and test), both "
                              "(dev and test), or dev alone (then its misses are listed) while choosing anything, so "
                              "test misses stay unread."),
    library: list[Path] = typer.Option(None, "--library", help="Instead: measure how real articles (JATS, PDF, "
                                       "text files, or folders of them) survive the library's readers. Repeatable."),
    refs: list[str] = typer.Option(None, "--refs", help="With --library: NAME=N, the true number of entries in the "
                                   "reference list of the PDF named NAME (counted by reading it). Repeatable."),
) -> None:
    """Evaluate: the factoid gold set, then the natural questions (dev and test, intervals, paired tests, per type).

    With --tune the ranking levers and the answerability model are first chosen on the dev split
    (and the answerability model is written to the package's data folder). With --library, the
    readers instead: citation links against the XML's own xrefs, reference lists, furniture.
    """
    if library:
        from tzqa.cli.evaluate import library_report

        missing = [str(p) for p in library if not p.exists()]
        if missing:
            raise typer.BadParameter(f"no such file or folder: {', '.join(missing)}", param_hint="--library")
        true: dict[str, int] = {}
        for item in refs or []:
            name, _, count = item.rpartition("=")
            if not name or not count.isdigit():
                raise typer.BadParameter(f"{item!r}: write NAME=N, e.g. paper.pdf=38", param_hint="--refs")
            true[Path(name).name] = int(count)
        library_report(library, console, out, true)
        return
    splits = {"all": ("dev", "blind", "test"), "both": ("dev", "test"), "dev": ("dev",)}
    if split not in splits:
        raise typer.BadParameter("choose 'all', 'both' or 'dev'", param_hint="--split")
    try:
        import ranx  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        err.print("[red]error:[/red] tzqa eval needs the evaluation extra: pip install 'tzqa[eval]' "
                  "(`make eval` installs it)", soft_wrap=True)
        raise typer.Exit(2) from None
    from tzqa.cli.evaluate import natural_report
    from tzqa.evaluation.gold import LABELS, evaluate_system, format_table

    retriever = _retriever()
    if tune:
        from tzqa.cli.evaluate import tune_on_dev

        retriever = tune_on_dev(retriever, console)
    console.print("[bold]Factoid gold set[/bold] (eval/gold.jsonl)")
    with console.status("factoid gold set: 111 questions × the ablation systems"):
        report = evaluate_system(retriever, out_dir=out, tune=tune)
    console.print(format_table(report), markup=False, soft_wrap=True)
    console.print("\nper category (full system):")
    for cat, m in report["categories"].items():
        console.print(f"  {cat:<12} n={m['n']:<3} " + " ".join(
            f"{LABELS[k]}={v:.3f}" for k, v in m.items() if k != "n"), markup=False, soft_wrap=True)
    console.print(f"\nmisses: {len(report['misses'])}  report: {out / 'report.json'}  run: {out / 'run.trec'}")
    natural_report(retriever, console, out, splits[split])


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port."),
) -> None:
    """Serve the HTTP API and search page, building the index first when missing or stale."""
    import uvicorn

    console.print("tzqa: checking the index (the first run builds it: about 15 s on 2 cores)…")
    what = _prepare_in_child()
    console.print(f"tzqa: index {what}; starting the server on http://{host}:{port} (Ctrl-C stops it)")
    try:
        uvicorn.run("tzqa.api.main:app", host=host, port=port, workers=1, log_level="info")
    except KeyboardInterrupt:  # uvicorn re-raises Ctrl-C after a clean shutdown; that is a normal stop
        pass
    console.print("tzqa: server stopped")


def _prepare_in_child() -> str:
    """Build the index (and merge the adapter, export the query encoder) if needed, in a child process.

    Why a child: building loads torch and the full model (~820 MB resident); a server that did it
    itself would keep that memory until restarted, while one that only loads the index stays near
    300 MB. The child exits when done and the server starts clean."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(_prepare_index).result()


def _prepare_index() -> str:
    """In the child: the index fresh on disk, and the query encoder the server will load ready in its cache."""
    from tzqa.index.build import ensure_index
    from tzqa.search.retriever import Retriever

    _, what = ensure_index(progress=True, on_wait=_waiting)
    Retriever.load(build=False).search("what is known", k=1)  # merges/exports what the server's encoder needs
    return what


def _waiting(holder: dict | None) -> None:
    """Told once when another process holds the build lock."""
    who = f"pid {holder.get('pid')}, since {holder.get('since')}" if holder else "another process"
    err.print(f"[yellow]another build is running ({who}); waiting for it to finish…[/yellow]")


def _retriever():  # type: ignore[no-untyped-def]
    from tzqa.index.embedding import ModelLoadError
    from tzqa.index.store import IndexStoreError
    from tzqa.search.retriever import Retriever

    try:
        return Retriever.load(build=True, report=lambda line: err.print(line, highlight=False))
    except (ModelLoadError, IndexStoreError, FileNotFoundError) as exc:
        _fail(str(exc))


def _register_extras() -> None:
    """Commands that live in their own modules (benchmarks, library, cited-paper tools)."""
    from tzqa.cli import bench, library, references

    bench.register(app)
    library.register(app)
    references.register(app)


_register_extras()


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
