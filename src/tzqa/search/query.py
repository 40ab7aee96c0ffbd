"""What a question asks for, read before retrieval: repaired spelling, plain words mapped to
clinical ones, and the question's shape (broad overview, list, about one paper).

Why: people type "why did <brand name> stop working", "wich biomarkers", "overview of
resistance" — the review says "<drug> resistance", "biomarkers", and answers broad
questions in its abstract and section leads.  Each reading here is a plain rule on English
(no topic words), so it serves any corpus; the ranking uses them as measured levers.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from tzqa.domain import pack
from tzqa.index.tokenize import tokenize
from tzqa.search.concepts import asked, concept_word
from tzqa.search.spelling import WORD, Repair, Vocabulary, english_frequency

__all__ = ["LayTerms", "QueryAnalysis", "analyse_query", "contains_run", "lay_sequence", "lay_tokenize", "names_an_author"]

# Questions that ask for the big picture rather than one fact.
_BROAD = re.compile(
    r"(?i)\b(overview|summar(?:y|ise|ize)|in general|big picture|state of (?:the )?(?:field|art|research)|landscape|"
    r"main (?:[a-z]+ )?(?:ways?|mechanisms?|reasons?|causes?|points?|"
    r"findings?|types?|kinds?|routes?)|key (?:[a-z]+ )?(?:points?|findings?|mechanisms?|messages?|takeaways?)|"
    r"what (?:is|are) known|explain|tell me about|take[- ]?home|conclu(?:de|des|sion|sions)|"
    r"outlook|future (?:directions?|research|perspectives?)|the review|this review|in a nutshell|broadly|"
    r"different (?:ways?|mechanisms?|reasons?)|categor(?:y|ies)|how (?:does|do) .{0,40}\b(?:arise|develop|happen|occur)"
    r"|why (?:does|do|did) .{0,40}\b(?:stop|fail|become|becomes|develop))\b")
# "Which biomarkers ...", "list the drugs", "what are the microRNAs": answers gathered across passages.
# The plural noun must follow the question word closely; 3rd-person verbs ("what causes") are not nouns.
_VERB_S = r"(?:is|was|has|does|causes|makes|happens|means|leads|drives|explains|predicts|works|helps|stops|goes)"
_LIST = re.compile(
    rf"(?i)^\W*(?:which|what|list|name|give me|are there|any|show me)\s+(?:(?:are|were|the|all|other|main|new|known|"
    rf"some|of|[a-z0-9\-]+)\s+){{0,3}}?(?!{_VERB_S}\b)(?P<noun>[a-z0-9\-]{{2,}}(?:s|ies|ae))\b(?!\s+(?:is|does)\b)"
    r"|\b(?:list|name|enumerate) (?:the|all|some|every|each|any)\b")
def _asks_a_list(text: str) -> bool:
    """Whether ``text`` asks for a list (:data:`_LIST`); an acronym in capitals ending in S is no plural noun:
    "what does DDFS mean?" asks one definition, "which TKIs …" a list."""
    shouted = text.isupper()  # "WHICH DRUGS …": capitals throughout name no acronym
    return any(shouted or not (m.group("noun") or "").isupper() for m in _LIST.finditer(text))


# Questions about the review (the corpus) itself: what it covers, concludes, recommends.
_REVIEW = re.compile(r"(?i)\b(?:the|this|that) (?:review|review article|article)\b|\breview (?:on|of|about)\b")
# Questions about a paper rather than the topic it studies.
_PAPER = re.compile(
    r"(?i)\b(?:paper|papers|article|articles|study by|studies by|et al|published|publication|authors?|journal|"
    r"who (?:wrote|showed|found|reported|described)|reference|references|citation|cited|cite)\b|\b(?:19|20)\d\d\b")


COMMON_WORD = 10_000  # occurrences in the English word list (spelling.py): above it a word is everyday


@dataclass(frozen=True)
class LayEntry:
    lay: tuple[tuple[str, ...], ...]   # token sequences that trigger the entry
    clinical: tuple[str, ...]


# A negation is a stopword to the index, but "doesn't work" is not "work": glossary matching keeps it as "not".
# One pattern for both spellings, "doesn't" and "doesnt" (_contractions restores the apostrophe for the index).
_NEGATED_AUX = r"(?:do|does|did|is|are|was|were|has|have|had|could|would|should|ca|wo|ai|must|need)"
_NEGATION = re.compile(rf"(?i)(?<![\w'’-])(?:not|no|never|cannot|nor|{_NEGATED_AUX}n['’]?t)(?![\w'’-])")
# "other drugs" is not "drugs": the glossary keeps "other" too (a stopword to the index)
_KEPT = re.compile(rf"(?i)(?<![\w'’-])(?:not|no|never|cannot|nor|{_NEGATED_AUX}n['’]?t|other|again)(?![\w'’-])")


def lay_tokenize(text: str) -> list[str]:
    """The index's tokens of ``text`` with each negation kept as "not", for matching glossary phrases; "never",
    "other" and "again" are kept as themselves ("work again" is not "work").

    The text between negations is tokenised whole, as the index reads it ("HER 2" is one token there too);
    "NO" in capitals is nitric oxide, not a negation."""
    out: list[str] = []
    pos = 0
    for m in _KEPT.finditer(text):
        if m.group() == "NO":
            continue
        out.extend(tokenize(text[pos:m.start()]))
        word = m.group().lower()
        # "never worked" (from the start) is not "doesn't work" (any more): "never" stays itself
        out.append(word if word in ("never", "other", "again") else "not")
        pos = m.end()
    out.extend(tokenize(text[pos:]))
    return out


def lay_sequence(phrase: str) -> tuple[str, ...]:
    """The tokens a lay phrase is matched by; empty when the phrase cannot be matched safely.

    A phrase of several words that tokenises to one common word ("was working" -> "work", "at
    first" -> "first") lost its meaning with its stopwords: it would fire on every question with that
    word.  A rare word keeps it ("latch on" -> "latch").
    """
    toks = tuple(lay_tokenize(phrase))
    if len(toks) != 1 or len(phrase.split()) == 1:
        return toks
    content = [w for w in phrase.split() if tokenize(w)]
    return toks if len(content) == 1 and english_frequency(content[0].lower()) < COMMON_WORD else ()


class LayTerms:
    """Plain-language phrases -> the clinical words a corpus uses (the domain pack's lay_terms.json)."""

    def __init__(self, entries: list[LayEntry]) -> None:
        self.entries = entries
        self.words = frozenset(t for e in entries for seq in e.lay for t in seq)  # every word of a lay phrase

    @classmethod
    @lru_cache(maxsize=1)
    def packaged(cls) -> LayTerms:
        return cls.from_rows(pack.load("lay_terms.json")["terms"])

    @classmethod
    def from_rows(cls, rows: list[dict]) -> LayTerms:
        entries = []
        for r in rows:
            seqs = tuple(seq for seq in map(lay_sequence, r["lay"]) if seq)
            if seqs:
                entries.append(LayEntry(seqs, tuple(r["clinical"])))
        return cls(entries)

    def expansions(self, query_tokens: list[str], known: set[str],
                   in_corpus: Callable[[tuple[str, ...]], int] | None = None) -> list[str]:
        """Clinical phrases whose tokens the corpus has (``known``) for the lay phrases in the query.

        A lay phrase that the corpus itself uses ("spread", "stem cell") is not lay here: the search
        already matches it, and expanding it would fire on specialists' questions too.  ``in_corpus``
        says whether a token sequence occurs in the corpus (default: one-token phrases in ``known``).
        """
        out: list[str] = []
        for _, clinical in self.concepts(query_tokens, known, in_corpus):
            out.extend(c for c in clinical if c not in out)
        return out

    def concepts(self, query_tokens: list[str], known: set[str],
                 in_corpus: Callable[[tuple[str, ...]], int] | None = None,
                 ) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
        """(the lay token sequence, the clinical phrases it adds) per glossary entry the query uses: one concept
        ("spread to the brain") named by any of its clinical forms, not three focus terms of its own."""
        out = []
        have = set(query_tokens)
        for e, seq in self.matches(query_tokens, known, in_corpus):
            clinical = tuple(c for c in e.clinical
                             if (toks := tokenize(c)) and set(toks) <= known and not set(toks) <= have)
            if clinical:
                out.append((seq, clinical))
        return out

    def matches(self, query_tokens: list[str], known: set[str],
                in_corpus: Callable[[tuple[str, ...]], int] | None = None) -> list[tuple[LayEntry, tuple[str, ...]]]:
        """(entry, the lay token sequence that matched) for each glossary entry the query uses (see expansions)."""
        out = []
        for e in self.entries:
            seq = next((seq for seq in e.lay if contains_run(query_tokens, seq) and not _corpus_word(e, seq, known, in_corpus)),
                       None)
            if seq is not None:
                out.append((e, seq))
        return out

    def understood(self, query_tokens: list[str], known: set[str],
                   in_corpus: Callable[[tuple[str, ...]], int] | None = None) -> frozenset[str]:
        """Every token of every lay phrase the query uses: an entry matched by "get around" may be written
        twice ("… signalling routes … get around …"), and each of its phrases is understood, not unknown."""
        return frozenset(t for e in self.entries for seq in e.lay
                         if contains_run(query_tokens, seq) and not _corpus_word(e, seq, known, in_corpus) for t in seq)


RARE_PHRASE = 2  # passages: a lay phrase the corpus writes this seldom, beside a commoner clinical form, is still lay


def _corpus_word(entry: LayEntry, seq: tuple[str, ...], known: set[str],
                 in_corpus: Callable[[tuple[str, ...]], int] | None) -> bool:
    """Whether the corpus itself uses the lay phrase ``seq``, so that the search already matches it.

    A phrase it writes once or twice ("reducing the side effects") while its clinical form is commoner
    ("adverse events" in more passages) is not the corpus's own word for the concept: it stays lay.
    """
    if in_corpus is None:
        return len(seq) == 1 and seq[0] in known
    n = in_corpus(seq)
    forms = [toks for c in entry.clinical if (toks := tuple(tokenize(c)))]
    if not n or len(seq) == 1 or n > RARE_PHRASE or any(contains_run(list(f), seq) for f in forms):
        return bool(n)  # "self renewing" is the clinical "self-renewal" as the corpus writes it
    return n >= max(in_corpus(f) for f in forms) if forms else True


def contains_run(tokens: list[str], seq: tuple[str, ...]) -> bool:
    """Whether ``seq`` occurs in ``tokens`` as adjacent tokens, in order."""
    n = len(seq)
    return any(tuple(tokens[i:i + n]) == seq for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class QueryAnalysis:
    """A question as typed, as repaired, and what shape of answer it wants."""

    original: str
    text: str                             # spelling repaired
    repairs: tuple[Repair, ...] = ()
    lay_expansions: tuple[str, ...] = ()
    lay_tokens: frozenset[str] = frozenset()  # tokens of the lay phrases the glossary mapped: understood words
    lay_concepts: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()  # (lay tokens, clinical phrases)
    broad: bool = False
    list_question: bool = False
    about_paper: bool = False
    about_review: bool = False  # "what does this review conclude": about the corpus itself, always covered
    tokens: tuple[str, ...] = field(default=())


# Negations typed without their apostrophe ("doesnt work", "cant", "wont"): the glossary's "doesn't work" must
# match them, and they are no unknown words.
_BARE_NEGATION = re.compile(rf"(?i)\b({_NEGATED_AUX})nt\b")


# ... and pronouns with theirs ("Ive had", "im on", "youre"), never taken for a name; "IM" (intramuscular) stays.
_BARE_PRONOUN = re.compile(r"\b(?:([Ii])(ve|m)|([Yy]ou|[Tt]hey)(re)|([Yy]ou|[Ww]e|[Tt]hey)(ve))\b"
                           r"(?!\s+(?:[A-Z]{1,3}\b|et al))")  # "Im SA et al.": a surname with its initials


def _contractions(text: str) -> str:
    """"doesnt" -> "doesn't", "cant" -> "can't", "wont" -> "won't"; "Ive" -> "I've", "youre" -> "you're"."""
    text = _BARE_NEGATION.sub(lambda m: m.group(1) + "n't", text)
    return _BARE_PRONOUN.sub(lambda m: f"{m.group(1) or m.group(3) or m.group(5)}'{m.group(2) or m.group(4) or m.group(6)}", text)


COMMON_WORD = 3000  # pyspellchecker count: "chow", "ward", "pan" and above are words first; "wang", "lee" names


def names_an_author(text: str, author_names: frozenset[str]) -> bool:
    """Whether ``text`` names a surname of the reference list. A surname that is also a common English word
    ("An", "Park", "Green", "Song") counts only when written with a capital after the first word: "can an
    X mutation and Y amplification be present" is no question about Dr An's paper. Rarer words
    ("wang", "chen": pyspellchecker lists many surnames) count in any case."""
    for k, word in enumerate(WORD.findall(text)):
        if word.lower() not in author_names:
            continue
        if english_frequency(word) < COMMON_WORD or (k > 0 and word[0].isupper()):
            return True
    return False


def analyse_query(query: str, vocabulary: Vocabulary | None, known_tokens: set[str],
                  author_names: frozenset[str] = frozenset(), lay: LayTerms | None = None,
                  in_corpus: Callable[[tuple[str, ...]], int] | None = None) -> QueryAnalysis:
    """Read ``query``: repair spelling against ``vocabulary``, map lay words, classify its shape.

    ``known_tokens`` are the lexical index's tokens (what BM25 can match); ``author_names``
    lower-cased surnames of the reference list's authors (a question naming one is about a paper).
    """
    # a typo of an English word the corpus lacks is mended when the word means something here: a lay phrase's word
    # ("stoped working"), a key concept ("excercise"); not otherwise ("importin" is a protein, not "importing")
    def meaningful(word: str) -> bool:
        return bool(asked(word)) or concept_word(word) or (lay is not None and any(t in lay.words for t in lay_sequence(word)))

    text, repairs = vocabulary.repair_text(_contractions(query), meaningful) if vocabulary is not None \
        else (_contractions(query), [])
    tokens = tokenize(text)
    lay_toks = lay_tokenize(text)
    concepts = lay.concepts(lay_toks, known_tokens, in_corpus) if lay is not None else []
    lay_terms = list(dict.fromkeys(c for _, clinical in concepts for c in clinical))
    lay_tokens = lay.understood(lay_toks, known_tokens, in_corpus) if lay is not None else frozenset()
    about_review = bool(_REVIEW.search(text))
    # "the Wang 2022 review": the corpus itself, not one of its cited papers (whose authors may share the name)
    about_paper = not about_review and (bool(_PAPER.search(text)) or names_an_author(text, author_names))
    list_q = _asks_a_list(text)
    return QueryAnalysis(original=query, text=text, repairs=tuple(repairs), lay_expansions=tuple(lay_terms),
                         lay_tokens=lay_tokens, lay_concepts=tuple(concepts),
                         broad=bool(_BROAD.search(text)), list_question=list_q, about_paper=about_paper,
                         about_review=about_review, tokens=tuple(tokens))
