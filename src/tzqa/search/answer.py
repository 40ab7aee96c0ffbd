"""Extractive cited answers: the sentences of the top passages that answer, each with its references.

Why extractive: every word of an answer is a sentence of the review (or an added paper), so
nothing can be invented and every claim keeps the reference numbers it carries in the text.

How sentences are chosen:
- candidates are the sentences of the top passages (3 for a question, 8 for a list question
  such as "which biomarkers ..."), reference-list entries only when the question is about a paper
  or the entry ranks first (it beat the entry penalty: its title states what was asked);
- a sentence scores its cosine to the question, plus a small share of query words it holds,
  minus a little per rank of its passage; the best sentence always leads, and others join
  when they score within ``MARGIN`` of it (``LIST_MARGIN`` for lists, one item per passage);
- near-duplicates (token Jaccard above 0.8) are dropped, and the answer is put back in
  reading order (passage order, then sentence order);
- a sentence's references are the citation markers in it; a sentence without one takes the
  next marker in its passage (the review cites at the end of a run of sentences); a Table 1
  row or a reference entry carries its own.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tzqa.index.tokenize import tokenize
from tzqa.search.results import Answer, AnswerSentence, SearchResults

if TYPE_CHECKING:
    from tzqa.models import Passage
    from tzqa.search.query import QueryAnalysis
    from tzqa.search.retriever import Retriever

__all__ = ["extract_answer"]

MAX_SENTENCES = 4
MAX_LIST_ITEMS = 8
MARGIN = 0.16  # chosen on dev for the adapted encoder, which spreads sentence scores: at 0.08 answers shrank to 1.6 sentences
LIST_MARGIN = 0.15
RANK_STEP = 0.03
LEXICAL_WEIGHT = 0.15


def _refs_for(retriever: Retriever, p: Passage, sentences: list[str], j: int) -> list[int]:
    for s in sentences[j:]:
        nums = retriever.catalogue.sentence_refs(p, s)
        if nums:
            return nums
    return []


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def extract_answer(retriever: Retriever, found: SearchResults, qvec: np.ndarray, qa: QueryAnalysis,
                   took_ms: float = 0.0) -> Answer:
    """Build the cited answer from a search's hits (see the module docstring for the rules)."""
    base = dict(query=found.query, answerable=found.answerable, confidence=found.confidence, results=found.results,
                note=found.note, list_question=qa.list_question, corrected_query=found.corrected_query,
                took_ms=took_ms)
    if not found.answerable or not found.results:
        return Answer(answer=[], references=[], **base)
    depth = 8 if qa.list_question else 3
    qtokens = set(tokenize(qa.text))
    cands: list[tuple[float, int, int, str, list[int], str]] = []  # score, passage index, sentence no, text, refs, id
    for h in found.results[:depth]:
        i = retriever.passage_index(h.passage_id)
        p = retriever.passages[i]
        if p.kind == "reference_entry" and not qa.about_paper and h.rank > 1:
            continue
        sents = retriever.sentences_of(i)
        texts = [t for t, _ in sents]
        scores = []
        for text, row in sents:
            toks = set(tokenize(text))
            scores.append(float(retriever.index.sentence_vectors[row] @ qvec)
                          + LEXICAL_WEIGHT * len(toks & qtokens) / max(1, len(qtokens)) - RANK_STEP * (h.rank - 1))
        if not scores:
            continue
        if p.kind != "paragraph":  # a table row or an entry is one item; a row without its table caption
            text = " ".join(texts[1:]) if p.kind == "table_row" and len(texts) > 1 else " ".join(texts)
            cands.append((max(scores), i, 0, text, list(p.refs), p.id))
            continue
        for j, text in enumerate(texts):
            cands.append((scores[j], i, j, text, _refs_for(retriever, p, texts, j), p.id))
    if not cands:
        return Answer(answer=[], references=[], **base)
    cands.sort(key=lambda c: -c[0])
    best = cands[0][0]
    chosen: list[tuple[float, int, int, str, list[int], str]] = []
    used_passages: set[int] = set()
    limit, margin = (MAX_LIST_ITEMS, LIST_MARGIN) if qa.list_question else (MAX_SENTENCES, MARGIN)
    for c in cands:
        if len(chosen) >= limit or c[0] < best - margin:
            break
        if qa.list_question and c[1] in used_passages:
            continue
        toks = set(tokenize(c[3]))
        if any(_jaccard(toks, set(tokenize(o[3]))) > 0.8 for o in chosen):
            continue
        chosen.append(c)
        used_passages.add(c[1])
    chosen.sort(key=lambda c: (c[1], c[2]))
    doc_of = {c[5]: retriever.catalogue.doc_of[c[1]] for c in chosen}
    sentences = [AnswerSentence(text=c[3], refs=c[4], passage_id=c[5], doc=str(doc_of[c[5]])) for c in chosen]
    # Numbers are per document: the review's 12 and a library paper's 12 are two references.
    keys = sorted({(s.doc, n) for s in sentences for n in s.refs
                   if n in retriever.catalogue.refs_of(s.doc)}, key=lambda x: (x[0] != "review", x[0], x[1]))
    return Answer(answer=sentences, references=[retriever.reference_info(n, d) for d, n in keys], **base)
