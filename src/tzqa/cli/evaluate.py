"""The natural-question part of ``tzqa eval``: dev and test, intervals, paired tests, per type, misses."""
from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console

from tzqa.search.retriever import Retriever, SearchConfig

SYSTEMS = {
    "full": {},
    "previous-release": SearchConfig.previous_release().__dict__,
    "bm25": {"mode": "lexical", "synonyms": False},
    "dense": {"mode": "dense", "synonyms": False},
}

# Systems that had no abstention: the first release answered everything, BM25 alone has no absolute score.
NO_ABSTENTION = ("previous-release", "bm25")


def _never_abstains(r: Retriever):  # type: ignore[no-untyped-def]
    return lambda q, k: r.search(q, k=k).model_copy(update={"answerable": True, "confidence": 1.0,
                                                            "coverage": "full", "missing": []})


def tune_on_dev(retriever: Retriever, console: Console) -> Retriever:
    """Choose the levers and fit the answerability model on dev; print what was chosen."""
    from tzqa.evaluation.gold import evaluate_system, load_gold
    from tzqa.evaluation.natural import load_questions
    from tzqa.evaluation.tuning import fit_answerability, tune_levers

    dev = load_questions(split="dev")
    floor = evaluate_system(retriever.with_config(**SearchConfig.previous_release().__dict__),
                            load_gold())["systems"]["full"]
    cfg, trace = tune_levers(retriever, dev, {"hit_rate@1": floor["hit_rate@1"], "mrr@10": floor["mrr@10"]})
    from tzqa.evaluation.tuning import write_levers

    written = write_levers(cfg)
    console.print("[bold]Levers chosen on dev[/bold] (coordinate ascent; gold set kept ≥ the first release; "
                  f"written to {written}):")
    for step in trace[1:]:
        console.print(f"  {step['set']} = {step['to']}  -> objective {step['objective']:.4f}", markup=False)
    tuned = retriever.with_config(**cfg.__dict__)
    fitted = fit_answerability(tuned, dev)
    from tzqa.search.answerability import packaged_calibration

    packaged_calibration.cache_clear()
    tuned.calibration = packaged_calibration()
    console.print(f"  answerability: weights {fitted['weights']}, bias {fitted['bias']}, "
                  f"threshold {fitted['threshold']}", soft_wrap=True, markup=False)
    return tuned


def natural_report(retriever: Retriever, console: Console, out: Path,
                   splits: tuple[str, ...] = ("dev", "test")) -> None:
    """Evaluate the natural questions per split and print the tables; write natural.json.

    The misses listed are the last split's: test's in a full report, dev's when only dev is asked
    for (what a developer choosing a lever may read)."""
    from tzqa.evaluation.natural import evaluate_natural, format_paired, format_summary, format_types, load_questions

    reports = {}
    for split in splits:
        qs = load_questions(split=split)
        systems = {}
        for name, changes in SYSTEMS.items():
            r = retriever.with_config(**changes) if changes else retriever
            search = _never_abstains(r) if name in NO_ABSTENTION else (lambda q, k, r=r: r.search(q, k=k))
            systems[name] = (search, (lambda q, k, r=r: r.answer(q, k=k)) if name == "full" else None)
        with console.status(f"natural questions, {split} split ({len(qs)} questions × {len(systems)} systems)"):
            rep = evaluate_natural(systems, qs)
        reports[split] = rep
        console.print(f"\n[bold]Natural questions — {split} split[/bold] ({len(qs)} questions; mean [95% bootstrap CI])")
        console.print(format_summary(rep), markup=False, soft_wrap=True)
        console.print(f"\npaired randomisation tests ({split}, difference of means, two-sided p):")
        console.print(format_paired(rep), markup=False, soft_wrap=True)
        console.print(f"\nper question type ({split}, full system):")
        console.print(format_types(rep), markup=False, soft_wrap=True)
    misses = [dict(id=qid, **{k: v for k, v in d.items() if k in ("question", "type", "top3", "best", "confidence")})
              for qid, d in reports[splits[-1]]["per_question"].items()
              if (d["answerable"] and (d["metrics"].get("hit@1", 1) < 1 or not d["predicted_answerable"]))
              or (not d["answerable"] and d["predicted_answerable"])]
    console.print(f"\n{splits[-1]} questions still wrong (passage not first, or abstention wrong): {len(misses)}")
    for m in misses:
        console.print(f"  {m['id']} [{m['type']}] {m['question'][:70]} -> {m['top3'][:1]} (want {m['best'][:2]})",
                      markup=False, soft_wrap=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "natural.json").write_text(json.dumps(reports, indent=1), encoding="utf-8")
    console.print(f"\nreport: {out / 'natural.json'}")


def library_report(paths: list[Path], console: Console, out: Path,
                   references_true: dict[str, int] | None = None) -> None:
    """``tzqa eval --library``: one row per article, the issue's bars beside the figures; writes library.json.

    ``references_true`` (file name -> entries, from ``--refs``) adds the true count and the extra entries."""
    from tzqa.cli.output import print_rows
    from tzqa.evaluation.library import JatsFigures, Refused, measure_paths
    from tzqa.evaluation.library_pdf import PdfMeasure

    figures = measure_paths(paths, references_true)
    jats = [f for f in figures if isinstance(f, JatsFigures)]
    pdfs = [f for f in figures if isinstance(f, PdfMeasure)]
    if jats:
        print_rows(console, "JATS: citation links as the XML encodes them (bar: recall ≥ 0.98, precision 1, every entry)",
                   ("article", "links", "recall", "precision", "refs", "captions", "empty"),
                   [(f.name, str(f.links), f"{f.recall:.3f}", f"{f.precision:.3f}", f"{f.references_read}/{f.references_xml}",
                     f"{f.captions_read}/{f.captions_xml}", str(len(f.empty_passages))) for f in jats])
    if pdfs:
        print_rows(console, "PDF/text (bar: the whole list, no furniture passage, ≥ 95% of passages with numbered "
                   "citations resolved: in brackets, or (n) where the paper sets them so)",
                   ("article", "refs", "max cited", "furniture", "resolved", "year", "ligature words"),
                   [(g.file, str(g.references_found) + ("" if g.references_true is None else
                                                        f"/{g.references_true} (extra {g.extra_entries})"),
                     str(g.highest_cited), f"{len(g.furniture)}/{g.passages}",
                     f"{g.bracket_resolved}/{g.bracket_passages}" + (" (n)" if g.cited_as == "(n)" else ""),
                     str(g.year or "–"), str(g.words_restored))
                    for g in pdfs])
    for r in figures:
        if isinstance(r, Refused):
            console.print(f"[yellow]{r.name}[/yellow]: refused: {r.reason}", soft_wrap=True, highlight=False)
    out.mkdir(parents=True, exist_ok=True)
    (out / "library.json").write_text(json.dumps([f.as_dict() for f in figures], indent=1), encoding="utf-8")
    console.print(f"{len(figures)} article(s); report: {out / 'library.json'}")
