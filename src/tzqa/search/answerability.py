"""Can the corpus answer this question at all?  An absolute confidence and a note that says why not.

Why: fused scores are normalised per query, so ten results always look confident.  Two
kinds of evidence decide instead:

1. **A key name the corpus never uses.**  A word of the question that is not in the index
   (nor a synonym, nor a repairable misspelling of a corpus word), that is not an English
   word, and that looks like a name (a drug by its INN stem, a capitalised or all-caps word,
   a code with digits): "zongertinib", "CLEOPATRA", "NCT02614794", "BRCA1".  Then the
   question is not answerable, whatever the scores say.
2. **Weak evidence.**  Absolute cosines of the best passage and best sentence, and how much of
   the question's rarer words the corpus holds, combined by a logistic model fitted on the
   dev split of ``eval/questions.jsonl`` (``tzqa eval --tune`` refits it; the coefficients
   and threshold live in the domain pack's ``answerability.json``).  Its output is the ``confidence``.
"""
from __future__ import annotations

import bisect
import math
import re
import weakref
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from tzqa.domain import pack
from tzqa.domain.agents import load_agents
from tzqa.index.tokenize import STOPWORDS, iter_tokens, tokenize
from tzqa.ingest.english import misspelt_english
from tzqa.search.drugs import drugs_named
from tzqa.search.naming import CLASS_HEAD, covered_class_of, join_names, never_named, only_in_titles
from tzqa.search.query import names_an_author
from tzqa.search.spelling import WORD, english_frequency
from tzqa.search.stems import drug_stem
from tzqa.search.topicality import subject_words

if TYPE_CHECKING:
    from tzqa.search.query import QueryAnalysis
    from tzqa.search.retriever import Retriever

__all__ = ["FEATURES", "Verdict", "absent_concepts", "assess", "family_of_known", "features_for", "merge_adjacent",
           "missing_terms", "outermost", "unknown_surfaces"]

FEATURES = ("max_cosine", "max_sentence_cosine", "unknown_share", "max_unknown_rarity", "missing_name", "focus_found")
_TRIAL_ID = re.compile(r"(?i)^nct\d{6,}$")


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    confidence: float
    note: str
    missing: tuple[str, ...] = ()
    features: tuple[float, ...] = ()
    # technical English words the corpus never uses ("macrophages"): a side part of the question the
    # corpus cannot answer, reported as missing when the rest is covered, never a reason to decline alone
    absent: tuple[str, ...] = ()
    # key concepts no candidate passage speaks to (concepts.py), also in ``missing``: the corpus may use
    # the word elsewhere ("liver metastases"), so a note says it does not *discuss* them
    unsupported: tuple[str, ...] = ()


@dataclass(frozen=True)
class Calibration:
    weights: tuple[float, ...]
    bias: float
    threshold: float


@lru_cache(maxsize=1)
def packaged_calibration() -> Calibration:
    d = pack.load("answerability.json")
    if tuple(d["features"]) != FEATURES:
        raise ValueError("the domain pack's answerability.json was fitted on other features; run `tzqa eval --tune`")
    return Calibration(tuple(d["weights"]), float(d["bias"]), float(d["threshold"]))


def _content_words(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if w.lower() not in STOPWORDS and (len(w) >= 3 or any(c.isdigit() for c in w))]


def _name_like(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return (bool(drug_stem(word)) or any(c.isdigit() for c in word) or _TRIAL_ID.match(word) is not None
            or (len(letters) >= 2 and sum(c.isupper() for c in letters) >= 2) or word[:1].isupper())


# Words that frame a question rather than name its subject: relations ("my mom"), likelihood ("what
# are the chances"), conversation, a clinician's framing ("tumor board q: pt progressed …, what does the
# literature offer"), a request's form ("want the full list"). General English, not this corpus's subject.
FRAMING_WORDS = frozenset("""
mom mum mother mom's mum's dad father wife husband partner sister brother daughter son friend aunt uncle
grandma grandmother grandpa grandfather family relative relatives wife's husband's sister's mother's
chance chances likely likelihood unlikely odds probability probably possible possibly percent
happen happens happened happening worry worried worrying scared afraid concerned wondering wonder
please thanks thank hi hello anyone someone somebody know tell explain simple simply words layman
literature board offer offers offered newer latest pt pts q
want wants wanted full complete list
instead else take takes taking took
""".split())


def understood(surface: str, token: str, qa: QueryAnalysis, retriever: Retriever) -> bool:
    """Whether a word of the question is understood although no passage has it.

    The glossary mapped it ("stop working" -> resistance), or it frames the question ("chances",
    "my mom"): such words say how someone asks, not what they ask about.  Other English words the
    corpus lacks ("pregnant", "vaccine") stay unknown: they are evidence that the subject is absent,
    but never a missing *name* (:func:`missing_terms`).
    """
    return (token in retriever.known_tokens or token in qa.lay_tokens or surface.lower() in STOPWORDS
            or surface.lower() in FRAMING_WORDS)


def unknown_surfaces(qa: QueryAnalysis, retriever: Retriever) -> list[str]:
    """Surface forms of the question's tokens that no passage, synonym phrase or glossary entry has."""
    out: list[str] = []
    for tok in iter_tokens(qa.text):
        surface = tok.surface
        if (understood(surface, tok.text, qa, retriever) or _compound_of_known(surface, retriever)
                or _head_of_known(tok.text, retriever) or family_of_known(tok.text, retriever)):
            continue
        written = re.search(rf"(?<![\w-]){re.escape(surface)}s(?![\w-])", qa.text)
        surface = written.group(0) if written and surface.isupper() else surface  # "TILs", as asked
        if (len(surface) >= 3 or any(c.isdigit() for c in surface)) and surface not in out:
            out.append(surface)
    for word in WORD.findall(qa.text):  # "CAR-T": its parts ("car") may be known words, the name is not
        if "-" in word and word not in out and not all(t in retriever.known_tokens or _head_of_known(t, retriever)
                                                       for t in tokenize(word)):  # "p95-positive": p95 of "p95ERK"
            acronym = sum(c.isupper() for c in word) >= 2
            if acronym or (english_frequency(word.replace("-", "")) == 0 and not _compound_of_known(word, retriever)):
                # the whole name replaces its parts and its normalised form ("mir155" of "miR-155")
                out = [o for o in out if o not in word and o.lower() != word.lower().replace("-", "")] + [word]
    # "cross-talk" is one unknown word, not three ("cross", "talk", "cross-talk"); a name stays apart
    # from the English word joined to it ("zongertinib" in "zongertinib-based")
    compounds = [w for w in out if "-" in w and all(english_frequency(p) > 0 for p in w.split("-") if p)]
    return [w for w in out if not any(w != c and w.lower() in c.lower().split("-") for c in compounds)]


def _head_of_known(token: str, retriever: Retriever) -> bool:
    """"p95" when the corpus writes "p95ERK" only: a numbered name the corpus only writes joined to
    another known name, so the question asks about something the corpus has."""
    if not (any(c.isdigit() for c in token) and any(c.isalpha() for c in token)):
        return False
    known = _sorted_known(retriever)
    i = bisect.bisect_left(known, token)
    while i < len(known) and known[i].startswith(token):  # only the tokens with this prefix, not the vocabulary
        rest = known[i][len(token):]
        if len(rest) >= 3 and rest[0].isalpha() and rest in retriever.known_tokens:  # "p95"+"erk", not "s"+"222"
            return True
        i += 1
    return False


FAMILY_WORD = 3000  # pyspellchecker count: "notch" (2479) may name a family, "yes", "alpha", "raft" may not


def family_of_known(token: str, retriever: Retriever) -> bool:
    """"FGFR" when the corpus writes "FGFR2", "Notch" for "Notch1": a family of genes named by its members'
    common stem and a number, so a question about the family asks about something the corpus has."""
    if not (token.isalpha() and len(token) >= 3) or english_frequency(token) >= FAMILY_WORD:  # "Yes" of YES1
        return False
    known = _sorted_known(retriever)
    i = bisect.bisect_left(known, token)
    while i < len(known) and known[i].startswith(token):
        if re.fullmatch(r"\d{1,2}[a-z]?", known[i][len(token):]):
            return True
        i += 1
    return False


_SORTED: weakref.WeakKeyDictionary[Retriever, list[str]] = weakref.WeakKeyDictionary()


def _sorted_known(retriever: Retriever) -> list[str]:
    """The corpus's tokens in order (once per retriever), so a prefix is found by bisection."""
    if retriever not in _SORTED:
        _SORTED[retriever] = sorted(retriever.known_tokens)
    return _SORTED[retriever]


def _compound_of_known(surface: str, retriever: Retriever) -> bool:
    """"tumour-associated": the corpus has both words, written apart; the compound asks nothing new."""
    parts = [p for p in re.split(r"[-/]", surface) if p]
    return len(parts) > 1 and all(
        (toks := tokenize(p)) and all(t in retriever.known_tokens for t in toks) for p in parts)


def missing_terms(qa: QueryAnalysis, retriever: Retriever) -> list[str]:
    """Name-like words of the (repaired) question that occur nowhere in the corpus or its synonym table.

    A question naming an author of the reference list is about a paper; its journal
    abbreviations and the like are not missing topics.
    """
    about_paper = names_an_author(qa.text, retriever.author_names)
    out = []
    for word in unknown_surfaces(qa, retriever):
        # a journal's words ("Oncol", "Nat Rev"), capitalised in a citation; "HSP90" is still a name, and so is a
        # lower-case word ("did they try decitabine?"), which no journal title is written as
        if about_paper and not _letters_and_digits(word) and not word.islower():
            continue
        parts = [p for p in re.split(r"[-/]", word) if p]
        # a part mixing letters and digits ("Study09" in "NAME-Study09", "CLIMB02") numbers a name: never English
        english = all(english_frequency(p) > 0 for p in parts if p.isalpha()) and any(p.isalpha() for p in parts) \
            and not any(re.search(r"[A-Za-z]", p) and re.search(r"\d", p) for p in parts) \
            and not (len(parts) > 1 and parts[-1].isdigit())  # "miR-155", "CD-44": a numbered name
        # an acronym the question writes in capitals ("TILs", "EMT") although it spells an English word;
        # not when the whole question is in capitals
        caps = (_capitals(word) and sum(c.isalpha() for c in word) >= 3
                and not _capitals("".join(WORD.findall(qa.text))))
        # A word that is neither English nor in the corpus is a name whatever its case ("datroway"),
        # unless it is a misspelt English word the corpus-based repair could not mend ("shoud").
        if misspelt_english(word):
            continue
        if (not english or (caps and _name_like(word)) or _titled_mid_sentence(word, qa.text)) \
                and not _known_name_plus_words(parts, retriever):
            out.append(word)
    # a drug the pack's class lists name ("TNF blockers such as infliximab") but no passage does: its token is
    # known through the synonym table, yet the corpus says nothing of it
    unnamed = never_named(retriever, qa.text)
    for word in WORD.findall(qa.text) if unnamed else []:
        if word not in out and (drugs := drugs_named(word)) and drugs <= unnamed:
            out.append(word)
    # "zongertinib-based": the name is "zongertinib" (reported on its own), not the compound
    return [w for w in out if not any(o != w and o in re.split(r"[-/]", w) for o in out)]


TITLED_NAME = 3_000  # pyspellchecker count: "Hedgehog" (817) written capitalised mid-sentence names a pathway


def _titled_mid_sentence(word: str, text: str) -> bool:
    """A rare English word the question capitalises inside a sentence ("Notch and Hedgehog crosstalk"): a name
    (a pathway, a gene, a trial) the corpus lacks, not the word; everyday words ("Mom") are common."""
    if not (word[:1].isupper() and word[1:].islower() and word.isalpha()) or english_frequency(word) >= TITLED_NAME:
        return False
    words = re.findall(r"[A-Za-z]{3,}", text)
    if sum(w[0].isupper() for w in words) * 2 > len(words):  # "How Common Is Relapse …": a title, not names
        return False
    return any(text[:m.start()].rstrip() and text[:m.start()].rstrip()[-1] not in ".?!:;\"'("
               for m in re.finditer(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text))


def _letters_and_digits(word: str) -> bool:
    return bool(re.search(r"[A-Za-z]", word) and re.search(r"\d", word))


def _capitals(word: str) -> bool:
    """All capitals but a plural "s" ("TILs", "ADCs")."""
    core = word[:-1] if len(word) > 3 and word.endswith("s") else word
    return core.isupper()


# A technical English word: pyspellchecker counts at or below this (its floor is 50). Chosen on the
# dev split and the adapter's training questions: "macrophages" 50, "polymorphism" 50,
# "radiotherapy" 93, "interstitial" 150 name subjects the corpus lacks; "refractory" 172,
# "peptide" 171, "infusions" 170 and everyday words above are how people ask.
RARE_ENGLISH = 150
_ADJECTIVE = re.compile(r"(?i)(?:al|ar|ic|ous|ive|ing|ary)$")



def absent_concepts(qa: QueryAnalysis, retriever: Retriever, missing: list[str] | None = None) -> list[str]:
    """Technical English words of the question that the corpus never uses, as the question's phrase.

    "do they act through macrophages?", "how common was interstitial lung disease?": English, so never
    a missing *name* (:func:`missing_terms`), but a subject the corpus cannot speak to. An adjective
    takes the words after it ("interstitial lung disease"), so the note names the thing.
    """
    missing = missing if missing is not None else missing_terms(qa, retriever)
    out: list[str] = []
    for word in unknown_surfaces(qa, retriever):
        if word in missing or not word.isalpha() or misspelt_english(word):
            continue
        # an English word naming a class of treatment ("checkpoint inhibitors") is technical however common
        # (a verb's form before it is no class: "testing drugs")
        cls = None if re.search(r"(?i)(?:ing|ed)$", word) else \
            re.search(rf"(?i)(?<![\w-]){re.escape(word)}\s+{CLASS_HEAD}\b", qa.text)
        if cls:
            out.append(cls.group(0))
            continue
        if len(word) < 6 or not 0 < english_frequency(word) <= RARE_ENGLISH or word.lower().endswith("ed"):
            continue  # a past participle says what was done ("trialled"), not a subject the corpus lacks
        if _relates_two_names(word, qa.text, retriever):
            continue
        phrase = word
        if _ADJECTIVE.search(word):
            m = re.search(rf"(?i)(?<![\w-]){re.escape(word)}((?:\s+[a-z]{{3,}}){{1,2}})", qa.text)
            tail = [t for t in (m.group(1).split() if m else [])]
            kept: list[str] = []
            for t in tail:
                if t.lower() in STOPWORDS:
                    break
                kept.append(t)
            phrase = " ".join([word, *kept])
        out.append(phrase)
    return out


def _covered_name(word: str, retriever: Retriever) -> bool:
    """A name the corpus has: capitals or digits inside ("IGF-1R", "EGFR"), not a capitalised first word."""
    letters = [c for c in word if c.isalpha()]
    name = any(c.isdigit() for c in word) or sum(c.isupper() for c in letters) >= 2 or bool(drug_stem(word))
    toks = tokenize(word)
    return name and bool(toks) and all(t in retriever.known_tokens for t in toks)


_LINK = frozenset("with and to between among of via through".split())


# English nouns that name how things act on each other: beside a name the corpus has ("IGF-1R crosstalk in
# resistance") they ask what it says of that name, not about a subject of their own
_RELATION_WORDS = frozenset("crosstalk interplay interaction interactions cooperation coupling".split())


def _relates_two_names(word: str, text: str, retriever: Retriever) -> bool:
    """"IGF-1R crosstalk with EGFR", "crosstalk between IGF-1R and EGFR": an English word naming how two
    names the corpus has relate asks what the corpus says about them together, so it is no absent subject
    (a new user's "crosstalk" question was answered as partly covered, "crosstalk" missing)."""
    words = WORD.findall(text)
    at = [k for k, w in enumerate(words) if w.lower() == word.lower()]
    for k in at:
        after = [w for w in words[k + 1:k + 5] if w.lower() not in _LINK]
        before = words[k - 1] if k > 0 else ""
        if _covered_name(before, retriever) and after and _covered_name(after[0], retriever):
            return True
        if word.lower() in _RELATION_WORDS and (_covered_name(before, retriever)
                                                or (k + 1 < len(words) and _covered_name(words[k + 1], retriever))):
            return True
        if len(after) >= 2 and words[k + 1:k + 2] and words[k + 1].lower() in _LINK \
                and _covered_name(after[0], retriever) and _covered_name(after[1], retriever):
            return True
    return False


def _known_name_plus_words(parts: list[str], retriever: Retriever) -> bool:
    """"Fc-engineered", "p53-driven": the name part is in the corpus and what is not is plain English."""
    def known(part: str) -> bool:
        toks = tokenize(part)
        return bool(toks) and all(t in retriever.known_tokens for t in toks)

    unknown = [p for p in parts if not known(p)]
    return (len(parts) > 1 and len(unknown) < len(parts) and bool(unknown)
            and all(p.isalpha() and p.islower() and english_frequency(p) > 0 for p in unknown))


def features_for(retriever: Retriever, qa: QueryAnalysis, raw_dense: np.ndarray, sent: np.ndarray,
                 mask: np.ndarray, focus_found: float = 1.0) -> tuple[list[float], list[str]]:
    """The model's inputs (in :data:`FEATURES` order) and the missing names.

    ``focus_found``: the weighted share of the question's focus (focus.py) that the top passages
    name. "Should the adjuvant antibody be given for 6 or 12 months?" shares "months" and the drug
    with many passages and "adjuvant" (its key concept) with none of the top ones.
    """
    allowed = mask & np.isfinite(raw_dense)
    max_cos = float(raw_dense[allowed].max()) if allowed.any() else 0.0
    sent_ok = mask & np.isfinite(sent)
    max_sent = float(sent[sent_ok].max()) if sent_ok.any() else max_cos
    words = _content_words(qa.text)
    unknown = unknown_surfaces(qa, retriever)
    share = min(1.0, len(unknown) / len(words)) if words else 0.0
    rarity = max((_rarity(w) for w in unknown), default=0.0)
    missing = missing_terms(qa, retriever)
    return [max_cos, max_sent, share, rarity, float(bool(missing)), focus_found], missing


def _rarity(word: str) -> float:
    """How specific a word is in English: -log10 of its relative frequency (capped; 0 for "the")."""
    parts = [p for p in word.split("-") if p]
    if len(parts) > 1 and all(p.isalpha() and english_frequency(p) > 0 for p in parts):
        return max(_rarity(p) for p in parts)  # "cross-talk" is as rare as "cross" and "talk"
    if misspelt_english(word):
        return 0.0  # "doesnt": a common word typed without its apostrophe
    f = english_frequency(word)
    return min(8.0, 9.0 - math.log10(f + 1)) / 8.0


def assess(retriever: Retriever, qa: QueryAnalysis, raw_dense: np.ndarray, sent: np.ndarray,
           lexical: np.ndarray, mask: np.ndarray, focus_found: float = 1.0,
           unsupported: list[str] | tuple[str, ...] = (), shown: np.ndarray | None = None) -> Verdict:
    """Answerable or not, with a calibrated confidence and, when not, a note naming what is missing.

    ``unsupported``: key clinical concepts the question asks and no candidate passage speaks to
    (concepts.py, "treatment duration"): missing, whatever the scores say. ``shown``: the scores the results
    are ranked by; the note's "nearest material" is the section of the first result shown (default: the dense
    cosine), so that the note and the list under it agree.
    """
    if not _content_words(qa.text):  # "the and of", "???": nothing to search for, whatever the scores say
        return Verdict(False, 0.0, NO_WORDS + ": ask about a gene, a drug, a mechanism "
                                   "or a finding.")
    if not np.isfinite(raw_dense).any():  # lexical-only mode: no absolute score to judge by
        ok = bool((lexical[mask] > 0).any()) if mask.any() else False
        return Verdict(ok, 1.0 if ok else 0.0, "" if ok else "No passage shares a word with the question.")
    feats, missing = features_for(retriever, qa, raw_dense, sent, mask, focus_found)
    cal = retriever.calibration
    z = cal.bias + sum(w * x for w, x in zip(cal.weights, feats, strict=True))
    confidence = round(1.0 / (1.0 + math.exp(-z)), 4)
    # no word of the question is this corpus's subject ("renew my passport"): off-topic, however it scores
    topical = qa.about_review or bool(subject_words(qa, retriever))
    answerable = qa.about_review or (not missing and not unsupported and topical and confidence >= cal.threshold)
    absent = () if qa.about_review else tuple(absent_concepts(qa, retriever, missing))
    if answerable:
        return Verdict(True, confidence, "", (), tuple(feats), absent)
    missing = outermost([*merge_adjacent(missing, qa.text), *unsupported])
    ranked = raw_dense if shown is None else shown
    note = _note(retriever, missing or list(absent), ranked, mask) if topical or missing else OFF_TOPIC
    return Verdict(False, confidence, note, tuple(missing), tuple(feats), absent, tuple(unsupported))


NO_WORDS = "The question has no words to search for"
OFF_TOPIC = ("This question's subject is not one the review or the added papers discuss: none of its words is "
             "specific to them.")


def _note(retriever: Retriever, missing: list[str], ranked: np.ndarray, mask: np.ndarray) -> str:
    nearest = ""
    review = mask & np.isfinite(ranked) & ~retriever.roles.reference_entry
    if review.any():
        best = int(np.flatnonzero(review)[np.argmax(ranked[review])])
        nearest = retriever.passages[best].section
    if not missing:
        where = f" The nearest material is in {nearest}." if nearest else ""
        return f"No passage answers this question closely.{where}"
    parts = [f"The review and the added papers do not discuss {join_names(missing)}."]
    member = next(((m, c) for m in missing if (c := covered_class_of(m))), None)
    if member:  # "infliximab": the pack lists it among a class the review discusses
        parts.append(_capital(f"{member[0]} is one of the {member[1]}, which the review discusses."))
        nearest = _where_discussed(retriever, [member[1]]) or nearest
        missing = []  # no second note from its name's stem
    # the drug's own name, not a run of missing names merged around it ("<TRIAL> tucatinib capecitabine"); a
    # two-word INN ("disitamab vedotin") stays whole
    stems = [(name if not any(o != w and not o.islower() for o in name.split()) else w, drug_stem(w))
             for name in missing for w in name.split()]
    stems = [(n, st) for n, st in stems if st is not None]
    # a payload name ("vedotin") says more than the antibody's "-mab": prefer the most specific kind
    stems.sort(key=lambda x: x[1].kind != "ADC")
    for word, stem in stems[:1]:
        # a drug named only in a cited paper's title is not one the review's text speaks of
        agents = [a for a in load_agents() if stem.kind and a.kind == stem.kind and a.corpus_forms
                  and not only_in_titles(retriever, drugs_named(a.name))]
        covered = [a.name for a in agents]
        if covered:
            names = join_names(covered)
            parts.append(_capital(f"{word} is one of the {stem.drug_class}; the review's text names ") + names + ".")
            nearest = _where_discussed(retriever, [f for a in agents for f in a.corpus_forms]) or nearest
        else:
            # "a class the review does not cover" was read as false where the review names the target (CDK12)
            parts.append(_capital(f"{word} is one of the {stem.drug_class}; the review names no drug of that class."))
    if nearest:
        parts.append(f"The nearest material is in {nearest}.")
    return " ".join(parts)


def outermost(terms: list[str]) -> list[str]:
    """Each term once, and none that another term contains ("CAR-T" inside "CAR-T cell therapy")."""
    terms = list(dict.fromkeys(terms))
    return [t for t in terms if not any(
        t != u and re.search(rf"(?i)(?<![\w-]){re.escape(t)}(?![\w-])", u) for u in terms)]  # "CD4" is not in "CD44"


def merge_adjacent(missing: list[str], text: str) -> list[str]:
    """["disitamab", "vedotin"] -> ["disitamab vedotin"], ["CDK4", "6"] -> ["CDK4/6"]: as the question writes them."""
    out: list[str] = []
    for word in missing:
        joined = next((f"{out[-1]}{sep}{word}" for sep in (" ", "/", "-") if out and f"{out[-1]}{sep}{word}" in text), "")
        if joined:
            out[-1] = joined
        else:
            out.append(word)
    return out


def _where_discussed(retriever: Retriever, names: list[str]) -> str:
    """The section of the review passage that names the most of ``names`` (where a class is discussed)."""
    lowered = [n.lower() for n in names]
    best, best_count = "", 0
    for p in retriever.passages:
        if p.kind != "paragraph":
            continue
        text = p.text.lower()
        count = sum(1 for n in lowered if n in text)
        if count > best_count:
            best, best_count = p.section, count
    return best


def _capital(sentence: str) -> str:
    """A note's sentence starts with a capital even when it opens with a lower-case drug name."""
    return sentence[:1].upper() + sentence[1:]

