"""Hybrid retrieval: dense (FAISS) + lexical (BM25 with synonym expansion), fused, filtered, explained.

One :class:`Retriever` serves the notebook API, the CLI and the HTTP service;
query-time work is single-threaded by design (two cores, many requests).
"""
from __future__ import annotations

import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

import numpy as np

from tzqa.errors import QueryError, UnknownDocumentError, UnknownReferenceError
from tzqa.index.build import LoadedIndex, ensure_index, load_index
from tzqa.index.embedding import Embedder
from tzqa.index.encoders import load_embedder
from tzqa.index.tokenize import tokenize
from tzqa.models import SOURCE_KINDS, TOPICS, Passage
from tzqa.search.answerability import Verdict, assess, packaged_calibration, unknown_surfaces
from tzqa.search.attribution import SentenceCitations, passage_sentence_citations
from tzqa.search.catalogue import Catalogue
from tzqa.search.concepts import unsupported
from tzqa.search.focus import FocusGroup, focus_found, question_focus
from tzqa.search.lookups import (
    BiomarkerRow,
    CitingPassage,
    DocumentDetail,
    DocumentSummary,
    DocumentTable,
    Health,
    ReferenceDetail,
    ReferenceEntry,
)
from tzqa.search.naming import (
    entry_by_author,
    names_an_item,
    surname_words,
)
from tzqa.search.partial import decide_coverage
from tzqa.search.query import LayTerms, QueryAnalysis, analyse_query, contains_run
from tzqa.search.ranking import best_sentence_scores, fuse, passage_roles
from tzqa.search.results import Answer, EvidenceResults, Hit, ReferenceInfo, SearchResults, Timings
from tzqa.search.spelling import Vocabulary
from tzqa.threads import faiss_threads

MAX_QUERY_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # NUL and friends: never echoed back
MAX_K = 50
ITEM_DEPTH = 20  # candidates a list question's item check reads
FULL_SCAN = 20_000  # up to here every passage gets a dense score (exact and cheap); above, a candidate list
EXACT_FILTERED = 50_000  # a filter keeping at most this many passages is scored exactly (cheap, and complete)
CONCEPT_DEPTH = 10  # candidate passages a key clinical concept (concepts.py) must be spoken to in
FOCUS_DEPTH = 3  # passages whose words the question's focus is looked for in (answerability's focus_found)
_TABLE = re.compile(r"(?i)\btable\s*(\d+)\b")  # a question naming a table: "table 1: which biomarkers …"
PHRASE_SCAN = 500  # passages tokenised at most to learn whether the corpus uses a lay phrase (cached per phrase)
Mode = Literal["hybrid", "dense", "lexical"]


__all__ = ["QueryError", "UnknownReferenceError", "UnknownDocumentError", "Retriever", "SearchConfig"]


@dataclass(frozen=True)
class SearchConfig:
    """Retrieval settings; the defaults are the ones the gold-set evaluation chose (docs/evaluation.md)."""

    mode: Mode = "hybrid"
    fusion: Literal["rrf", "weighted"] = "weighted"
    rrf_k: int = 60
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    alpha: float = 0.8  # weighted fusion: dense share (first release 0.5; 0.7 before the adapter; 0.9 before dev-3)
    synonyms: bool = True
    expand_dense: bool = True  # also append expansions to the text the model embeds
    dense_depth: int = 200  # candidates from FAISS when the corpus is large
    highlight_lexical_weight: float = 0.15
    # Levers for questions as people type them (module ranking.py, query.py); chosen on the
    # dev split of eval/questions.jsonl by `tzqa eval --tune`. All off = the first release.
    spelling: bool = True           # repair misspelt words to corpus words
    lay_terms: bool = True          # "stopped working" -> resistance, "blood test" -> liquid biopsy ...
    rename_agents: bool = True      # a brand or code leaves the BM25 query once its corpus name is added
    sentence_weight: float = 0.5    # share of the best sentence's cosine in the dense score
    hub_weight: float = 0.25        # subtract this x (cosine to the corpus centroid - median)
    overview_bonus: float = 0.2     # added to overview passages for broad questions
    entry_penalty: float = 0.2      # subtracted from reference-list entries unless the question is about a paper
    paper_bonus: float = 0.0        # added to the entry a question names by its first author and the passages citing it
    table_bonus: float = 0.0        # added to the rows of the table a question names ("in Table 1, which markers …")
    itemless_penalty: float = 0.0   # subtracted, for a list question, from a paragraph that names no item (a lead)
    # A question naming something the corpus lacks beside content it covers is answered for the covered
    # part when the question without the missing terms is answerable at least this confidently.
    partial_confidence: float = 0.5

    @classmethod
    def from_pack(cls) -> SearchConfig:
        """The levers the active domain pack holds (``levers.json``, written by ``tzqa eval --tune``) over the
        code's defaults. Why data: the tuned values belong to the subject, like the answerability model, and a
        re-tune should not need a code edit. An unknown name in the file is an error, not silently ignored."""
        from tzqa.domain import pack

        try:
            chosen = dict(pack.load("levers.json").get("search", {}))
        except FileNotFoundError:
            return cls()
        unknown = set(chosen) - set(cls.__dataclass_fields__)
        if unknown:
            raise ValueError(f"levers.json names unknown search settings: {', '.join(sorted(unknown))}")
        return cls(**chosen)

    @classmethod
    def previous_release(cls) -> SearchConfig:
        """The first release's ranking (the baseline of the paired tests)."""
        return cls(alpha=0.5, spelling=False, lay_terms=False, rename_agents=False, sentence_weight=0.0,
                   hub_weight=0.0, overview_bonus=0.0, entry_penalty=0.0)


@dataclass(frozen=True)
class Explained:
    """A search's results with what produced them: the query vector, the query's reading, the verdict.

    For a partly covered question, ``qvec`` and ``analysis`` are those of the covered part (the
    question without the missing terms), which the results and the answer are for.
    """

    results: SearchResults
    qvec: np.ndarray
    analysis: QueryAnalysis
    verdict: Verdict
    focus: tuple[FocusGroup, ...] = ()
    # a partly covered question: the question's covered names and whether the note says "discuss" (the answer
    # writes the note again naming only what its sentences speak of)
    covered: tuple[str, ...] = ()
    discussed: bool = False


class Retriever:
    """Load once, then ``search`` / ``evidence`` / ``reference`` as often as needed."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, config: SearchConfig | None = None) -> None:
        from tzqa.index.synonyms import SynonymExpander

        self.index = index
        self.embedder = embedder
        self.config = config or SearchConfig.from_pack()
        self.expander = SynonymExpander.from_dict(index.synonyms)
        self.passages: list[Passage] = index.passages
        self._topic = np.array([p.topic for p in self.passages])
        self._kind = np.array([p.source_kind for p in self.passages])
        self._by_id = {p.id: i for i, p in enumerate(self.passages)}
        self.catalogue = Catalogue(self.passages, index.documents, index.references)
        by_ref: dict[int, list[int]] = {}
        for i, p in enumerate(self.passages):
            for n in self.catalogue.review_list_numbers(p):
                by_ref.setdefault(n, []).append(i)
        self._by_ref = {n: np.array(ids) for n, ids in by_ref.items()}  # ref filter without a per-query scan
        self._sentence_tokens: dict[int, frozenset[str]] = {}  # sentence row -> its tokens (highlights)
        self._sentence_token_lists: dict[int, list[str]] = {}  # sentence row -> its tokens in order (answers)
        self._passage_tokens: dict[int, list[str]] = {}  # passage -> its tokens in order (focus)
        self._citations: dict[int, list[SentenceCitations]] = {}  # passage -> its sentences' own/inherited refs
        self._token_df: dict[str, int] = {}  # token -> passages holding it
        self._phrases: dict[tuple[str, ...], int] = {}  # lay phrase -> passages that use it
        self.roles = passage_roles(self.passages, index.vectors)
        self.vocabulary = Vocabulary.from_texts(
            [p.text for p in self.passages] + [ph for e in self.expander.entries for ph in e.match])
        self.known_tokens = set(index.lexical.vocabulary()) | self.expander.match_tokens()
        # surnames; a particle's ("La Ferla", "van der Berg") last word too, as a question writes it
        self.author_names = frozenset(
            w.lower() for r in index.references.values() for a in r.authors if a.split()
            for w in surname_words(a))
        self.lay = LayTerms.packaged()
        self.calibration = packaged_calibration()

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def load(cls, index_dir: Path | None = None, corpus: Path | None = None, model: str | None = None,
             build: bool = True, config: SearchConfig | None = None,
             report: Callable[[str], None] | None = None) -> Retriever:
        """The one-liner for notebooks: load the index, building it first if missing or stale (``build``).

        A build says so, and a rebuild says why ("rebuilt (index file keys.json does not match its manifest
        hash)"), through ``report`` (default: a line on stderr): a corrupt index is never replaced silently.
        """
        embedder = load_embedder(model)
        if build:
            index, what = ensure_index(index_dir, corpus, model, progress=True)
            if what != "loaded":
                (report or _stderr_line)(f"tzqa: index {what}")
        else:
            index = load_index(index_dir, corpus, embedder)
        return cls(index, embedder, config)

    def with_config(self, **changes: object) -> Retriever:
        """A view of the same index with other settings (used by the ablation)."""
        clone = object.__new__(Retriever)
        clone.__dict__.update(self.__dict__)
        clone.config = replace(self.config, **changes)  # type: ignore[arg-type]
        return clone

    # -- validation ---------------------------------------------------------------------------
    def _validate(self, query: str, k: int, topic: str | None, source: str | None,
                  ref: int | None, doc: str | None = None) -> str:
        if not isinstance(query, str) or not _CONTROL.sub(" ", query).strip():
            raise QueryError("query is empty")
        if len(query) > MAX_QUERY_CHARS:
            raise QueryError(f"query is {len(query)} characters; the limit is {MAX_QUERY_CHARS}")
        if not isinstance(k, int) or isinstance(k, bool) or k < 1:
            raise QueryError("k must be a whole number of at least 1")
        if topic is not None and topic not in TOPICS:
            raise QueryError(f"unknown topic {topic!r}; use one of {', '.join(TOPICS)}")
        if source is not None and source not in SOURCE_KINDS:
            raise QueryError(f"unknown source {source!r}; use one of {', '.join(SOURCE_KINDS)}")
        if ref is not None and ref not in self.index.references:
            raise UnknownReferenceError(f"reference {ref} is not in the review's list ({self._ref_range()})")
        if doc is not None:
            self.catalogue.validate(doc)
        return _CONTROL.sub(" ", query).strip()

    def _mask(self, topic: str | None, source: str | None, ref: int | None, doc: str | None = None) -> np.ndarray:
        mask = self.catalogue.mask(doc) if doc is not None else np.ones(len(self.passages), dtype=bool)
        if topic:
            mask &= self._topic == topic
        if source:
            mask &= self._kind == source
        if ref is not None:
            citing = np.zeros(len(self.passages), dtype=bool)
            citing[self._by_ref.get(ref, np.array([], dtype=int))] = True
            mask &= citing
        return mask

    # -- search -------------------------------------------------------------------------------
    def search(self, query: str, k: int = 10, topic: str | None = None, source: str | None = None,
               ref: int | None = None, doc: str | None = None) -> SearchResults:
        """Top ``k`` passages for ``query``, optionally filtered by topic, source kind, reference number or document."""
        return self.search_explained(query, k, topic, source, ref, doc).results

    def answer(self, query: str, k: int = 10, topic: str | None = None, source: str | None = None,
               ref: int | None = None, doc: str | None = None) -> Answer:
        """The sentences that answer ``query``, verbatim from the top passages, with their references."""
        from tzqa.search.answer import extract_answer

        t0 = time.perf_counter()
        ex = self.search_explained(query, k, topic, source, ref, doc)
        return extract_answer(self, ex, took_ms=_ms(t0))

    def search_explained(self, query: str, k: int = 10, topic: str | None = None, source: str | None = None,
                         ref: int | None = None, doc: str | None = None) -> Explained:
        """:meth:`search`, plus the query vector and the query's reading (what :meth:`answer` builds on).

        Coverage: a question naming something the corpus lacks ("CD44") beside content it covers
        ("MUC4") is answered for the covered part (``coverage`` "partial", the lacking terms in
        ``missing``) when the question without them is answerable; otherwise it is not covered.
        """
        t0 = time.perf_counter()
        ex = self.search_question(query, k, topic, source, ref, doc)
        ex = decide_coverage(self, ex, lambda text: self.search_question(text, k, topic, source, ref, doc))
        return replace(ex, results=ex.results.model_copy(update={"took_ms": _ms(t0)}))

    def search_question(self, query: str, k: int, topic: str | None, source: str | None, ref: int | None,
                     doc: str | None = None) -> Explained:
        """One search of ``query`` as given: no partial-coverage step (what the answerability model is fitted on)."""
        t0 = time.perf_counter()
        query = self._validate(query, k, topic, source, ref, doc)
        cfg = self.config
        timings = Timings()
        qa = self.analyse(query)
        text = qa.text
        expansions = self.expander.expansions_for(text) if cfg.synonyms else {}
        if qa.lay_expansions:
            expansions["plain language"] = list(qa.lay_expansions)
        extra = [t for terms in expansions.values() for t in terms]
        mask = self._mask(topic, source, ref, doc)
        n = len(self.passages)

        qvec = None
        dense = np.full(n, -np.inf, dtype=np.float32)
        raw_dense = dense
        sent = np.full(n, -np.inf, dtype=np.float32)  # best sentence cosine per passage
        if cfg.mode in ("hybrid", "dense"):
            t = time.perf_counter()
            dense_text = f"{text} ({'; '.join(extra[:8])})" if extra and cfg.expand_dense else text
            qvec = self.embedder.encode_query(dense_text)
            timings.encode = _ms(t)
            t = time.perf_counter()
            with faiss_threads(1):  # per call: the OpenMP setting is the calling thread's
                if n <= FULL_SCAN:
                    scores, ids = self.index.dense.search(qvec, n)
                else:  # large corpus: a bounded candidate list, filtered inside FAISS
                    depth = max(cfg.dense_depth, 20 * k)
                    allowed = None if mask.all() else np.flatnonzero(mask)
                    if allowed is not None and self.index.dense.kind == "hnsw" and len(allowed) <= EXACT_FILTERED:
                        ids = allowed  # few allowed passages: exact scores over them (HNSW would miss some)
                        scores = self.index.vectors[allowed] @ qvec
                    else:
                        scores, ids = self.index.dense.search(qvec, depth, allowed)
            dense[ids] = scores
            raw_dense = dense.copy()
            best = best_sentence_scores(self.index.sentence_vectors, self.index.sentence_offsets, qvec, ids)
            sent[ids] = best
            if cfg.sentence_weight:
                mix = np.where(np.isfinite(best), best, scores)
                dense[ids] = (1 - cfg.sentence_weight) * scores + cfg.sentence_weight * mix
            if cfg.hub_weight:
                dense[ids] -= cfg.hub_weight * self.roles.hubness[ids]
            timings.dense = _ms(t)
        lexical = np.zeros(n, dtype=np.float32)
        if cfg.mode in ("hybrid", "lexical"):
            t = time.perf_counter()
            drop = self.renamed_tokens(text) if cfg.rename_agents and cfg.synonyms else set()
            tokens = [tok for tok in tokenize(text) if tok not in drop] + [tok for term in extra for tok in tokenize(term)]
            lexical = self.index.lexical.scores(tokens)
            timings.lexical = _ms(t)

        t = time.perf_counter()
        fused = self._fuse(dense, lexical, mask)
        if qa.broad and cfg.overview_bonus:
            fused[self.roles.overview] += cfg.overview_bonus
        if not qa.about_paper and cfg.entry_penalty:
            fused[self.roles.reference_entry] -= cfg.entry_penalty
        if cfg.table_bonus and (tables := _TABLE.findall(text)):
            fused[self._rows_of({f"table {n}" for n in tables})] += cfg.table_bonus
        if qa.about_paper and cfg.paper_bonus and (named := entry_by_author(self.catalogue, text)) is not None:
            citing = self._citing(*named)  # the review's sentences say what the paper found; its entry, less
            fused[citing] += np.where(self.roles.reference_entry[citing], cfg.paper_bonus / 2, cfg.paper_bonus)
        if qa.list_question and cfg.itemless_penalty:
            self._penalise_itemless(fused, text, cfg.itemless_penalty)
        top = top_k(fused, k)
        timings.fusion = _ms(t)

        t = time.perf_counter()
        if qvec is None:
            qvec = self.embedder.encode_query(text)
        qtokens = set(tokenize(text + " " + " ".join(extra)))
        hits = [self._hit(rank, i, float(fused[i]), qvec, qtokens) for rank, i in enumerate(top, 1)]
        timings.highlight = _ms(t)
        focus = tuple(question_focus(self, qa, expansions))
        top_tokens = [t for i in top[:FOCUS_DEPTH] for t in self.passage_tokens(i)]
        found_share = focus_found(list(focus), top_tokens, len(unknown_surfaces(qa, self)), len(self.passages))
        concepts = unsupported(text, [self.passages[i].text for i in top_k(fused, CONCEPT_DEPTH)])
        verdict = assess(self, qa, raw_dense, sent, lexical, mask, found_share, concepts, shown=fused)
        terms = [w for w in re.findall(r"[\w\-/]+", text) if len(w) >= 3] + extra
        found = SearchResults(query=query, took_ms=_ms(t0), results=hits, query_terms=terms,
                              expansions=expansions, timings=timings, answerable=verdict.answerable,
                              confidence=verdict.confidence, note=verdict.note,
                              corrected_query=text if text != query else None)
        return Explained(found, qvec, qa, verdict, focus)

    def _penalise_itemless(self, fused: np.ndarray, text: str, penalty: float) -> None:
        """A list question ("which pathways …") is answered by passages that name the items; a section's lead that
        announces them ("several molecules have been identified …") is not an answer. Only the leading candidates
        are read, so the cost does not grow with the library."""
        qtokens = set(tokenize(text))
        for i in top_k(fused, ITEM_DEPTH):
            p = self.passages[i]
            if p.kind == "paragraph" and not names_an_item(self, p.text, qtokens):
                fused[i] -= penalty

    def renamed_tokens(self, text: str) -> set[str]:
        """Tokens of a drug name that the corpus uses less than another name of the same drug.

        A brand name said once in a review that uses the INN everywhere: left in the BM25
        query it acts as a rare word and ranks the one passage that happens to say it first.
        The expansion adds the common name, so the rare one can go.
        """
        out: set[str] = set()
        for key, names in self.expander.agent_matches(text):
            others = [tuple(tokenize(n)) for n in names]
            if max((self._df(o) for o in others if o and o != key), default=0) > self._df(key):
                out.update(key)
        return out

    def _df(self, tokens: tuple[str, ...]) -> int:
        """Passages holding every one of ``tokens`` (lexical index)."""
        if not tokens:
            return 0
        held = np.ones(len(self.passages), dtype=bool)
        for t in tokens:
            held &= self.index.lexical.scores([t]) > 0
        return int(held.sum())

    def analyse(self, query: str) -> QueryAnalysis:
        """The question's repaired spelling, plain-language expansions and shape (see query.py)."""
        cfg = self.config
        return analyse_query(query, self.vocabulary if cfg.spelling else None, self.known_tokens,
                             self.author_names, self.lay if cfg.lay_terms else None, self.phrase_in_corpus)

    def phrase_in_corpus(self, tokens: tuple[str, ...]) -> int:
        """How many passages hold ``tokens`` in this order, adjacent (a lay phrase the corpus uses is not lay);
        0 when none does. Counted over at most ``PHRASE_SCAN`` candidate passages."""
        if len(tokens) == 1:
            return self.document_frequency(tokens[0])
        found = self._phrases.get(tokens)
        if found is None:
            held = np.ones(len(self.passages), dtype=bool)
            for t in set(tokens):
                held &= self.index.lexical.scores([t]) > 0
            found = sum(contains_run(tokenize(self.passages[i].text), tokens)
                        for i in np.flatnonzero(held)[:PHRASE_SCAN])
            self._phrases[tokens] = found
        return found

    def _rows_of(self, tables: set[str]) -> np.ndarray:
        """Mask of the table rows whose table ("Table 1", as their section names it) is one of ``tables``."""
        return np.array([p.kind == "table_row" and p.section.lower() in tables for p in self.passages], dtype=bool)

    def _citing(self, n: int, doc: str) -> np.ndarray:
        """Mask of document ``doc``'s passages that cite its reference ``n`` (its entry among them)."""
        return np.array([p.document == doc and n in p.refs for p in self.passages], dtype=bool)

    def document_frequency(self, token: str) -> int:
        """How many passages hold ``token`` (cached: a question's focus weighs its words by it)."""
        n = self._token_df.get(token)
        if n is None:
            n = self._token_df[token] = int((self.index.lexical.scores([token]) > 0).sum()) if token in self.known_tokens else 0
        return n

    def sentence_citations(self, i: int) -> list[SentenceCitations]:
        """Each sentence of passage ``i``: its own reference numbers and the ones it inherits (attribution.py)."""
        found = self._citations.get(i)
        if found is None:
            texts = [t for t, _ in self._sentences(i)]
            found = self._citations[i] = passage_sentence_citations(
                self.catalogue, self.passages[i], texts, self._rest_of_paragraph(i),
                [(int(a), int(b)) for a, b in self.index.sentence_spans[i]])
        return found

    def passage_tokens(self, i: int) -> list[str]:
        """The tokens of passage ``i``, in order (tokenised once; an answer's focus is looked for in them)."""
        toks = self._passage_tokens.get(i)
        if toks is None:
            toks = self._passage_tokens[i] = tokenize(self.passages[i].text)
        return toks

    def _rest_of_paragraph(self, i: int) -> list[str]:
        """Sentences of the passages that continue passage ``i``'s paragraph ("…:0.0" -> "…:0.1", "…:0.2")."""
        head = self.passages[i].id.rsplit(".", 1)[0] + "."
        out: list[str] = []
        j = i + 1
        while j < len(self.passages) and self.passages[j].id.startswith(head) and self.passages[j].kind == "paragraph":
            out.extend(t for t, _ in self._sentences(j))
            j += 1
        return out

    def sentence_tokens(self, row: int, text: str) -> list[str]:
        """The tokens of one sentence (by its row in the sentence matrix), tokenised once."""
        toks = self._sentence_token_lists.get(row)
        if toks is None:
            toks = self._sentence_token_lists[row] = tokenize(text)
        return toks

    def _fuse(self, dense: np.ndarray, lexical: np.ndarray, mask: np.ndarray) -> np.ndarray:
        return fuse(self.config, dense, lexical, mask)

    def passage_index(self, passage_id: str) -> int:
        return self._by_id[passage_id]

    def sentences_of(self, i: int) -> list[tuple[str, int]]:
        """(sentence, row in the sentence-vector matrix) for passage ``i``."""
        return self._sentences(i)

    def reference_info(self, n: int, doc: str = "review") -> ReferenceInfo:
        return self.catalogue.reference_info(n, doc)

    def _sentences(self, i: int) -> list[tuple[str, int]]:
        """(sentence, row in the sentence-vector matrix) for passage ``i``."""
        text = self.passages[i].text
        base = int(self.index.sentence_offsets[i])
        return [(text[s:e], base + j) for j, (s, e) in enumerate(self.index.sentence_spans[i])]

    def _highlight(self, i: int, qvec: np.ndarray, qtokens: set[str]) -> str:
        sents = self._sentences(i)
        if not sents:
            return self.passages[i].text[:300]
        best, best_score = sents[0][0], -np.inf
        for text, row in sents:
            toks = self._sentence_tokens.get(row)
            if toks is None:  # tokenised once per sentence, not once per hit (it was most of the query time)
                toks = self._sentence_tokens[row] = frozenset(tokenize(text))
            overlap = len(toks & qtokens) / max(1, len(qtokens))
            score = float(self.index.sentence_vectors[row] @ qvec) + self.config.highlight_lexical_weight * overlap
            if score > best_score:
                best, best_score = text, score
        return best

    def _ref_info(self, n: int) -> ReferenceInfo:
        return self.catalogue.reference_info(n)

    def _hit(self, rank: int, i: int, score: float, qvec: np.ndarray, qtokens: set[str]) -> Hit:
        p = self.passages[i]
        return Hit(
            rank=rank, score=round(score, 6), passage_id=p.id, text=p.text,
            highlight=self._highlight(i, qvec, qtokens), section=p.section, section_path=list(p.section_path),
            topic=p.topic, source=self.catalogue.source(p), refs=list(p.refs),
            references=self.catalogue.hit_references(p),
            kind=p.kind, start=p.start, end=p.end,
        )

    # -- evidence by reference ------------------------------------------------------------------
    def evidence(self, query: str, k: int = 10, depth: int = 10, topic: str | None = None,
                 doc: str | None = None) -> EvidenceResults:
        """Cited references ranked by the support the top ``depth`` passages give them (evidence.py).

        References are those of one list: the review's unless ``doc`` names a library document."""
        from tzqa.search.evidence import rank_references

        t0 = time.perf_counter()
        found = self.search(query, k=max(depth, 1), topic=topic, doc=doc)
        refs = rank_references(self, found.results, k, doc)
        return EvidenceResults(query=found.query, took_ms=_ms(t0), references=refs)

    # -- lookups --------------------------------------------------------------------------------
    def reference(self, n: int) -> ReferenceDetail:
        """One reference-list entry with the passages that cite it."""
        if n not in self.index.references:
            raise UnknownReferenceError(f"reference {n} is not in the review's list ({self._ref_range()})")
        r = self.index.references[n]
        on_list = self.catalogue.doc_of == self.catalogue.primary  # other documents cite by their own lists
        cited_by = [CitingPassage(passage_id=p.id, section=p.section, text=p.text)
                    for p, own in zip(self.passages, on_list, strict=True)
                    if own and n in p.refs and p.kind != "reference_entry"]
        return ReferenceDetail(**r.to_dict(), cited_by=cited_by)

    def _ref_range(self) -> str:
        refs = self.index.references
        return f"1..{max(refs)}" if refs else "the list is empty"

    def references(self) -> list[ReferenceEntry]:
        return [ReferenceEntry(**r.to_dict()) for r in sorted(self.index.references.values(), key=lambda r: r.number)]

    def tables(self, doc: str) -> list[DocumentTable]:
        """Every table of document ``doc`` (``GET /documents/{id}/tables``); unknown ``doc``: UnknownDocumentError."""
        return [DocumentTable(**t) for t in self.catalogue.tables(doc)]

    def biomarkers(self) -> list[BiomarkerRow]:
        """The rows of the table the domain pack names "biomarkers" (``review.json``: ``named_tables``), its
        columns read as the pack's fields, with their references resolved: a view over a document table."""
        from tzqa.domain import pack

        spec = pack.load("review.json").get("named_tables", {}).get("biomarkers")
        if not spec or spec["document"] not in self.catalogue.documents:
            return []
        doc, fields = spec["document"], list(spec["fields"])
        table = next((t for t in self.tables(doc) if t.label == spec["label"]), None)
        out: list[BiomarkerRow] = []
        for r, row in enumerate(table.rows if table else []):
            source = table.source_rows[r] if r < len(table.source_rows) else row  # type: ignore[union-attr]
            refs = table.citations[r] if r < len(table.citations) else []  # type: ignore[union-attr]
            cells = dict(zip(fields, row, strict=False)) | {name: source[fields.index(of)] for name, of
                                                            in spec.get("source_fields", {}).items()}
            out.append(BiomarkerRow(**cells, refs=refs,
                                    references=[self.catalogue.reference_info(n, doc) for n in refs]))
        return out

    def documents(self) -> list[DocumentSummary]:
        """Every document in the index, the review first (``GET /documents``)."""
        return [DocumentSummary(**d) for d in self.catalogue.listing()]

    def document(self, doc: str) -> DocumentDetail:
        """One document with its sections and its own reference list (``GET /documents/{id}``)."""
        return DocumentDetail(**self.catalogue.detail(doc))

    def health(self) -> Health:
        from tzqa.domain import pack

        m = self.index.manifest
        return Health(status="ok", passages=len(self.passages), references=len(self.index.references),
                      documents=len(self.catalogue.documents), model=m.get("model_id", ""),
                      index_built=m.get("built_at", ""), index_version=self.index.version,
                      corpus=pack.load("review.json")["attribution"], primary_document=self.catalogue.primary)


def top_k(scores: np.ndarray, k: int) -> list[int]:
    """Indices of the ``k`` best finite scores, best first, ties by index (as a stable full sort would).

    ``argpartition`` keeps this linear in the corpus size: a full sort costs ~20 ms at 1M passages.
    """
    finite = np.flatnonzero(np.isfinite(scores))
    if len(finite) > k:
        part = np.argpartition(-scores[finite], k - 1)[:k]
        kth = scores[finite[part]].min()
        finite = finite[scores[finite] >= kth]  # keep every tie at the cut, then order exactly
    order = finite[np.lexsort((finite, -scores[finite]))]
    return [int(i) for i in order[:k]]


def _ms(t: float) -> float:
    return round((time.perf_counter() - t) * 1000, 3)


def _stderr_line(message: str) -> None:
    print(message, file=sys.stderr)
