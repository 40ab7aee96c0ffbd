"""Evaluation on natural questions (``eval/questions.jsonl``): graded passages, abstention, cited answers.

The set: questions written the way researchers, clinicians and patients type them (broad,
why/how, definitions, comparisons, lists, yes/no, lay words, brand names, terse keywords,
typos), each judged over every passage (2 = answers it, 1 = partly), plus questions the corpus
does not answer (absent drugs, trials, genes, therapy classes, clinical topics; off-topic).
A fixed split (field ``split``: stratified by type, alternating in SHA-1 order of the id)
is documented in ``eval/README.md``: every setting is chosen on ``dev``; ``test`` is reported.

Conventions (ranx, graded qrels):
- hit@1 / hit@3: a grade-2 passage at rank 1 / in the top 3 (``hit_rate@k-l2``);
- MRR@10: reciprocal rank of the first grade-2 passage (``mrr@10-l2``);
- nDCG@10: graded gains 2 and 1, log2 discount (ranx ``ndcg@10``);
- answer@ (lenient): the cited answer holds a sentence taken from a grade-2 passage;
- answer-sentence@ (strict): the answer holds a sentence judged to answer (``answer_sentences``);
- answer precision: share of the answer's sentences judged answering or supporting
- answer recall: share of the sentences judged answering that the answer shows (a list question's items)
  (``support_sentences``); sentences and characters per answer (what a reader reads);
- abstain (absent questions) / false abstain (answerable ones): share with coverage "none";
- partial ok (type ``partial``): answered for the covered part (coverage "partial") with the
  absent term named in ``missing``.
Intervals: 95% percentile bootstrap over questions (2,000 resamples, seed 0).
"""
from __future__ import annotations

import json
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from tzqa.ingest.corpus import project_root
from tzqa.ingest.english import english_frequency

__all__ = ["NaturalQuestion", "bootstrap_ci", "evaluate_natural", "load_questions"]

RANK_METRICS = {"hit@1": "hit_rate@1-l2", "hit@3": "hit_rate@3-l2", "MRR@10": "mrr@10-l2", "nDCG@10": "ndcg@10"}
BOOTSTRAP = 2000


@dataclass(frozen=True)
class NaturalQuestion:
    id: str
    question: str
    type: str
    persona: str
    answerable: bool
    split: str
    judgements: dict[str, int] = field(default_factory=dict)
    missing: str = ""
    answer_sentences: tuple[tuple[str, str], ...] = ()   # (passage id, sentence text) judged to answer
    support_sentences: tuple[tuple[str, str], ...] = ()  # (passage id, sentence text) judged supporting
    batch: str = ""


def questions_path() -> Path:
    return project_root() / "eval" / "questions.jsonl"


def load_questions(path: Path | None = None, split: str | None = None) -> list[NaturalQuestion]:
    """The natural questions, optionally one split ("dev" or "test")."""
    out = []
    for line in (path or questions_path()).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            q = NaturalQuestion(d["id"], d["question"], d["type"], d["persona"], bool(d["answerable"]), d["split"],
                                {k: int(v) for k, v in d.get("judgements", {}).items()}, d.get("missing", ""),
                                _sentences(d.get("answer_sentences", [])), _sentences(d.get("support_sentences", [])),
                                d.get("batch", ""))
            if split is None or q.split == split:
                out.append(q)
    return out


def _sentences(rows: list[dict[str, Any]]) -> tuple[tuple[str, str], ...]:
    return tuple((r["passage"], r["text"]) for r in rows)


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def holds(answer: list[tuple[str, str]], judged: tuple[tuple[str, str], ...]) -> list[bool]:
    """For each (passage id, text) of ``answer``: does it hold, or lie within, a judged sentence of the same passage?

    Containment both ways: an answer item may be a whole Table 1 row (several judged sentences),
    and a judged sentence may be shown with the sentence before it."""
    out = []
    for pid, text in answer:
        t = _norm(text)
        out.append(any(p == pid and (_norm(j) in t or t in _norm(j)) for p, j in judged))
    return out


def bootstrap_ci(values: list[float] | np.ndarray, n: int = BOOTSTRAP, seed: int = 0) -> tuple[float, float]:
    """95% percentile bootstrap interval of the mean."""
    v = np.asarray(values, dtype=float)
    if not len(v):
        return (float("nan"), float("nan"))
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, len(v), size=(n, len(v)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


@dataclass
class SystemRun:
    """What one system returned for every question."""

    ranked: dict[str, list[str]]
    answerable: dict[str, bool]
    confidence: dict[str, float]
    answer_passages: dict[str, list[str]] = field(default_factory=dict)
    answer_sentences: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    coverage: dict[str, str] = field(default_factory=dict)
    missing: dict[str, list[str]] = field(default_factory=dict)


def run_system(questions: list[NaturalQuestion], search: Callable[[str], Any],
               answer: Callable[[str], Any] | None = None, k: int = 10) -> SystemRun:
    """Run ``search`` (and ``answer``) on every question."""
    run = SystemRun({}, {}, {})
    for q in questions:
        res = search(q.question, k)
        run.ranked[q.id] = [h.passage_id for h in res.results]
        run.answerable[q.id] = res.answerable
        run.confidence[q.id] = res.confidence
        run.coverage[q.id] = getattr(res, "coverage", "full" if res.answerable else "none")
        run.missing[q.id] = list(getattr(res, "missing", []))
        if answer is not None and q.answerable:
            ans = answer(q.question, k)
            run.answer_passages[q.id] = [s.passage_id for s in ans.answer]
            run.answer_sentences[q.id] = [(s.passage_id, s.text) for s in ans.answer]
    return run


def per_question(questions: list[NaturalQuestion], run: SystemRun) -> dict[str, dict[str, float]]:
    """Every metric for every question (rank metrics only for answerable ones)."""
    from ranx import Qrels, Run, evaluate

    answerable = [q for q in questions if q.answerable]
    out: dict[str, dict[str, float]] = {q.id: {} for q in questions}
    if answerable:
        qrels = Qrels({q.id: q.judgements for q in answerable})
        rn = Run({q.id: ({pid: 1.0 / r for r, pid in enumerate(run.ranked[q.id], 1)} or {"__none__": 0.0})
                  for q in answerable})
        with warnings.catch_warnings():  # ranx's numba kernels warn of a harmless uint64->int64 cast
            warnings.filterwarnings("ignore", message="unsafe cast from uint64 to int64")
            scores = evaluate(qrels, rn, list(RANK_METRICS.values()), return_mean=False)
        ids = list(qrels.keys())
        for label, metric in RANK_METRICS.items():
            for qid, v in zip(ids, scores[metric], strict=True):
                out[qid][label] = float(v)
    for qid, metrics in answer_metrics(questions, run).items():
        out[qid].update(metrics)
    return out


def answer_metrics(questions: list[NaturalQuestion], run: SystemRun) -> dict[str, dict[str, float]]:
    """The answer and coverage metrics of :func:`per_question` (no rank metrics, so no ranx: cheap to test)."""
    out: dict[str, dict[str, float]] = {q.id: {} for q in questions}
    for q in questions:
        flagged = not run.answerable[q.id]
        if q.answerable:
            out[q.id]["false abstain"] = float(flagged)
            if q.id in run.answer_passages:
                out[q.id]["answer@"] = float(any(q.judgements.get(p) == 2 for p in run.answer_passages[q.id]))
            if q.id in run.answer_sentences and q.answer_sentences:
                out[q.id].update(sentence_metrics(run.answer_sentences[q.id], q))
            if q.type == "partial" and q.missing:
                named = any(_names(m, q.missing) for m in run.missing.get(q.id, []))
                out[q.id]["partial ok"] = float(run.coverage.get(q.id) == "partial" and named)
        else:
            out[q.id]["abstain"] = float(flagged)
    return out


def _names(found: str, wanted: str) -> bool:
    """Whether a reported missing term names the judged one: one holds the other ("CD44" in "CD44 /
    hyaluronan"), or both carry the same name ("CAR-T cell therapy" names "CAR-T cells"; a name is a
    word no English dictionary has, so sharing "cells" or "therapy" is not enough)."""
    f, w = _norm(found), _norm(wanted)
    if not f:
        return False
    names = {t for t in re.findall(r"[\w-]+", f) if english_frequency(t) == 0 and not t.isdigit()}
    return f in w or w in f or bool(names & set(re.findall(r"[\w-]+", w))) or _same_concept(found, wanted)


def _same_concept(found: str, wanted: str) -> bool:
    """A point (a key concept reported by its name) names the judged word it is asked by ("dosing" for "dose", "cost" for
    "price"); an abbreviation names its long form ("TIL" for "tumor-infiltrating")."""
    from tzqa.domain import pack
    from tzqa.search.concepts import key_concepts

    if any(not c.subject and c.name.lower() == found.lower() and c.ask.search(wanted) for c in key_concepts()):
        return True
    try:
        longs = pack.load("abbreviations.json")["abbreviations"].get(found, [])
    except FileNotFoundError:
        return False
    w = _norm(wanted)  # most of the long form, as words: "survival" names no "progression-free survival"
    return any(w and re.search(rf"(?<!\w){re.escape(w)}(?!\w)", _norm(long)) and 2 * len(w) >= len(_norm(long))
               for long in longs)


def sentence_metrics(answer: list[tuple[str, str]], q: NaturalQuestion) -> dict[str, float]:
    """Strict answer metrics of one cited answer (see the module docstring)."""
    if not answer:
        return {"answer-sentence@": 0.0, "sentences": 0.0, "characters": 0.0}
    answering = holds(answer, q.answer_sentences)
    useful = holds(answer, q.answer_sentences + q.support_sentences)
    # recall: how many of the judged answering sentences the answer shows (a list question's items)
    found = [any(holds([a], (j,))[0] for a in answer) for j in q.answer_sentences]
    return {"answer-sentence@": float(any(answering)), "answer precision": sum(useful) / len(useful),
            "answer recall": sum(found) / len(found) if found else 0.0,
            "sentences": float(len(answer)), "characters": float(sum(len(t) for _, t in answer))}


def summarise(questions: list[NaturalQuestion], perq: dict[str, dict[str, float]]) -> dict[str, Any]:
    """Mean and 95% interval of each metric, overall and per question type."""
    def block(qs: list[NaturalQuestion]) -> dict[str, Any]:
        metrics: dict[str, Any] = {"n": len(qs)}
        names = sorted({m for q in qs for m in perq[q.id]})
        for m in names:
            vals = [perq[q.id][m] for q in qs if m in perq[q.id]]
            lo, hi = bootstrap_ci(vals)
            metrics[m] = {"mean": float(np.mean(vals)), "ci95": [lo, hi], "n": len(vals)}
        return metrics

    by_type: dict[str, list[NaturalQuestion]] = {}
    for q in questions:
        by_type.setdefault(q.type, []).append(q)
    return {"all": block(questions), "types": {t: block(qs) for t, qs in sorted(by_type.items())}}


def paired_test(questions: list[NaturalQuestion], a: dict[str, dict[str, float]], b: dict[str, dict[str, float]],
                metric: str, n: int = 10_000, seed: int = 0) -> dict[str, float]:
    """Two-sided paired randomisation test (sign flips of per-question differences), as ranx's "fisher"."""
    ids = [q.id for q in questions if metric in a[q.id] and metric in b[q.id]]
    d = np.array([a[i][metric] - b[i][metric] for i in ids])
    if not len(d):
        return {"diff": float("nan"), "p": float("nan"), "n": 0}
    rng = np.random.default_rng(seed)
    signs = rng.choice([-1.0, 1.0], size=(n, len(d)))
    observed = abs(d.mean())
    p = (np.sum(np.abs((signs * d).mean(axis=1)) >= observed - 1e-12) + 1) / (n + 1)
    return {"diff": float(d.mean()), "p": float(p), "n": len(d)}


def evaluate_natural(systems: dict[str, tuple[Callable[[str], Any], Callable[[str], Any] | None]],
                     questions: list[NaturalQuestion], baseline: str = "full",
                     compare_to: tuple[str, ...] = ("previous-release", "bm25")) -> dict[str, Any]:
    """Every system on ``questions``: summaries with intervals, and paired tests of ``baseline`` vs others."""
    report: dict[str, Any] = {"questions": len(questions), "systems": {}, "paired": {}}
    perqs: dict[str, dict[str, dict[str, float]]] = {}
    runs: dict[str, SystemRun] = {}
    for name, (search, answer) in systems.items():
        runs[name] = run_system(questions, search, answer)
        perqs[name] = per_question(questions, runs[name])
        report["systems"][name] = summarise(questions, perqs[name])
    for other in compare_to:
        if other in perqs and baseline in perqs:
            report["paired"][f"{baseline} vs {other}"] = {
                m: paired_test(questions, perqs[baseline], perqs[other], m)
                for m in ("hit@1", "hit@3", "MRR@10", "nDCG@10", "abstain", "false abstain")}
    if baseline in runs:
        r = runs[baseline]
        report["per_question"] = {
            q.id: {"question": q.question, "type": q.type, "split": q.split, "answerable": q.answerable,
                   "predicted_answerable": r.answerable[q.id], "confidence": r.confidence[q.id],
                   "top3": r.ranked[q.id][:3], "metrics": perqs[baseline][q.id],
                   "coverage": r.coverage.get(q.id), "missing": r.missing.get(q.id, []),
                   "answer": r.answer_sentences.get(q.id, []),
                   "best": sorted((p for p, g in q.judgements.items() if g == 2))}
            for q in questions}
    return report


def format_summary(report: dict[str, Any], systems: tuple[str, ...] | None = None) -> str:
    """Markdown: one row per system, mean [95% CI] per metric."""
    cols = ["hit@1", "hit@3", "MRR@10", "nDCG@10", "answer-sentence@", "answer precision", "answer recall", "sentences",
            "characters", "answer@", "abstain", "false abstain", "partial ok"]
    lines = ["| system | " + " | ".join(cols) + " |", "|---" * (len(cols) + 1) + "|"]
    for name, summ in report["systems"].items():
        if systems and name not in systems:
            continue
        cells = []
        for c in cols:
            m = summ["all"].get(c)
            if m and c in ("sentences", "characters"):
                cells.append(f"{m['mean']:.1f}" if c == "sentences" else f"{m['mean']:.0f}")
            else:
                cells.append(f"{m['mean']:.3f} [{m['ci95'][0]:.2f}, {m['ci95'][1]:.2f}]" if m else "–")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_types(report: dict[str, Any], system: str = "full") -> str:
    """Markdown: one row per question type for ``system``."""
    cols = ["hit@1", "hit@3", "nDCG@10", "answer-sentence@", "answer precision", "answer recall", "sentences", "answer@",
            "abstain", "false abstain", "partial ok"]
    lines = ["| type | n | " + " | ".join(cols) + " |", "|---" * (len(cols) + 2) + "|"]
    for t, summ in report["systems"][system]["types"].items():
        cells = [f"{summ[c]['mean']:.2f}" if c in summ else "–" for c in cols]
        lines.append(f"| {t} | {summ['n']} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def format_paired(report: dict[str, Any]) -> str:
    lines = ["| comparison | " + " | ".join(["hit@1", "hit@3", "MRR@10", "nDCG@10", "abstain"]) + " |",
             "|---" * 6 + "|"]
    for name, tests in report["paired"].items():
        cells = [f"{tests[m]['diff']:+.3f} (p={tests[m]['p']:.3f})" for m in ("hit@1", "hit@3", "MRR@10", "nDCG@10",
                                                                               "abstain")]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
