"""What a question or a sentence names, measured against the corpus's topic.

Why apart from the answer's selection (answer.py): "the drugs a question asks about", "does this sentence name a
specific item" and "how many specific words it holds" are facts about text and corpus frequencies that several
selection rules weigh; here they are read and tested on their own. The corpus's topic (the drug or gene named in
most passages) names nothing specific.
"""
from __future__ import annotations

import re
import weakref
from typing import TYPE_CHECKING

from tzqa.domain.agents import load_agents
from tzqa.index.tokenize import tokenize
from tzqa.search.drugs import drugs_named, prior_treatments
from tzqa.search.focus import GENERIC_SHARE, disease_words
from tzqa.search.spelling import english_frequency
from tzqa.search.stems import drug_stem

if TYPE_CHECKING:
    from tzqa.search.catalogue import Catalogue
    from tzqa.search.retriever import Retriever

__all__ = ["CLASS_HEAD", "ENDPOINTS", "absent_agent_beside_mechanism", "absent_drug_is_subject", "asked_drugs",
           "covered_class_of", "entry_by_author", "join_names", "names_an_item", "never_named", "surname_words",
           "named_as_written", "named_in_passing", "only_in_titles", "specific_count", "topic_drugs"]


def join_names(items: list[str], last: str = "and") -> str:
    """"A", "A and B", "A, B and C" (or "or")."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + f" {last} " + items[-1]


def asked_drugs(retriever: Retriever, question: str) -> frozenset[str]:
    """The drugs the question names, less the corpus's topic drug (named in most passages): a question about
    neratinib "in disease resistant to <the topic drug>" asks about neratinib."""
    return drugs_named(question) - topic_drugs(retriever, question)


def topic_drugs(retriever: Retriever, text: str) -> frozenset[str]:
    """The drugs ``text`` names whose every word is the corpus's topic (named in most passages): the topic drug
    itself, not an ADC whose name holds it beside a rarer word."""
    n = max(1, len(retriever.passages))
    return frozenset(d for d in drugs_named(text)
                     if all(retriever.document_frequency(t) / n > GENERIC_SHARE for t in tokenize(d)))


_CODE = re.compile(r"\b(?:[A-Za-z][\w-]*\d[\w-]*|\d+[A-Za-z][\w-]*|[A-Z][\w-]*[A-Z][\w-]*)\b")  # PTEN, miR-21


def names_an_item(retriever: Retriever, text: str, qtokens: set[str]) -> bool:
    """Whether a sentence names a specific thing the question does not: a gene, a microRNA, a drug, a trial
    ("miR-125a-5p", "PTEN", a drug by its INN stem, a numbered trial), not the corpus's topic (the gene a review is about)."""
    n = max(1, len(retriever.passages))
    # a drug by its INN stem on a word no English dictionary has ("concept" ends in -cept), as drugs.py reads them
    names = [m.group(0) for m in _CODE.finditer(text)] + [w for w in re.findall(r"[a-z]{5,}", text)
                                                          if drug_stem(w) and not english_frequency(w)]
    for name in names:
        toks = [t for t in tokenize(name) if t not in qtokens]
        if not toks or not all(0 < retriever.document_frequency(t) / n <= GENERIC_SHARE for t in toks):
            continue
        # a name is as common as its most common form: a gene's alias is the topic when the gene is
        forms = [tokenize(f) for fs in retriever.expander.expansions_for(name).values() for f in fs]
        if all(min(retriever.document_frequency(t) for t in f) / n <= GENERIC_SHARE for f in forms if f):
            return True
    return False


def specific_count(retriever: Retriever, toks: list[str], qtokens: set[str]) -> int:
    """How many of a sentence's tokens, not the question's, are specific: in some passages but few."""
    n = max(1, len(retriever.passages))
    return sum(1 for t in set(toks) - qtokens if 0 < retriever.document_frequency(t) / n <= GENERIC_SHARE)


# Clinical-trial endpoints (CONSORT / FDA endpoint vocabulary): what a question measures, never what it is about.
ENDPOINTS = frozenset({"pfs", "os", "orr", "dfs", "idfs", "efs", "dcr", "pcr", "dor", "cbr", "ddfs", "rfs", "ttp"})


# The head nouns of a treatment class's name: "<word> inhibitors", "<word> therapy".
CLASS_HEAD = r"(?:inhibitors?|blockers?|blockade|antagonists?|agonists?|vaccines?|therap(?:y|ies)|drugs?)"
_CLASS = re.compile(rf"(?i)\b{CLASS_HEAD}$")


def absent_agent_beside_mechanism(retriever: Retriever, missing: list[str], text: str, names: list[str],
                                  shown: list[str]) -> bool:
    """Whether every missing term is a drug or a class of them ("<drug>", "<word> inhibitors") that the question has
    act on a covered mechanism, a gene, protein or pathway that is no drug and no endpoint ("could <absent drug> block
    <pathway> in resistant cells?", "<absent drug> … since the variant signals through <kinase>"), and the passages
    ``shown`` for the rest of the question name it. That mechanism is what the corpus can speak to, so the question is
    answered for it, the drug reported missing, as a question naming something absent beside covered content is. A
    rate, a target or a mechanism of the absent drug itself ("the response rate of <drug> in patients with <gene>
    overexpression") is not: the rest would quote other drugs' results."""
    def agent(m: str) -> bool:
        return bool(drugs_named(m) or _CLASS.search(m)
                    or re.search(rf"(?i)(?<![\w-]){re.escape(m)}\s+{CLASS_HEAD}\b", text))

    if not missing or not all(agent(m) for m in missing):
        return False
    return any(_mechanism(retriever, n, text) and _acted_on(n, text)
               and any(re.search(rf"(?i)(?<![\w-]){re.escape(n)}(?![\w])", t) for t in shown) for n in names)


# The words by which a question has a drug act on a mechanism: "block(ing) X", "through X", "X inhibitor", "X-driven".
_ACTS = r"(?:block\w*|inhibit\w*|target\w*|suppress\w*|revers\w*|undo\w*|stop\w*|prevent\w*|through|via|by)"
_ACTED = rf"(?:{CLASS_HEAD}|pathway|signal\w*|driven|mediated|dependent|axis)"


def _acted_on(name: str, text: str) -> bool:
    n = re.escape(name)
    return bool(re.search(rf"(?i)\b{_ACTS}\s+(?:the\s+|its\s+)?{n}(?![\w])", text)
                or re.search(rf"(?i)(?<![\w-]){n}[\s-]+{_ACTED}\b", text))


def _mechanism(retriever: Retriever, name: str, text: str) -> bool:
    """A gene, protein or pathway the question names as such: letters, no drug, no endpoint, not the corpus's topic,
    not a disease's abbreviation, and not a subgroup's marker ("ER positive", "ER+ disease")."""
    if not re.search(r"[A-Za-z]", name) or drugs_named(name) or name.lower() in ENDPOINTS or topic_drugs(retriever, name):
        return False
    if any(disease_words().search(f) for fs in retriever.expander.expansions_for(name).values() for f in fs):
        return False
    return not re.search(rf"(?<![\w-]){re.escape(name)}(?:\s*[+\u2212](?![\w-])|[\s-]+(?:positive|negative|low|high)\b)",
                         text, re.I)


def absent_drug_is_subject(retriever: Retriever, missing: list[str], rest: str, covered: list[str]) -> bool:
    """Whether a drug (or a class of them) the corpus lacks is what the question asks about: it names one, and without the
    absent terms it names no drug but the corpus's topic one and no covered name but endpoints. "What PFS gain did
    <absent drug> give when added to <topic drug>?" asks for that drug's result; the PFS of other drugs does not
    answer it in part, while "does MUC4 cause resistance, and would <absent drug> help" is about MUC4."""
    if not any(drugs_named(m) or _CLASS.search(m) for m in missing) or asked_drugs(retriever, rest):
        return False
    # an endpoint, or the topic drug in a compound ("<topic>-resistant"), is no subject of its own
    return all(c.lower() in ENDPOINTS or (drugs_named(c) and drugs_named(c) <= topic_drugs(retriever, c))
               for c in covered)


def covered_class_of(word: str) -> str:
    """The class a drug belongs to, as the corpus writes it, when the pack lists the drug as one of the class's
    examples and the corpus discusses the class ("infliximab" -> "TNF α blockers"); "" otherwise."""
    low = word.lower()
    for a in load_agents():
        if a.kind == "class" and a.corpus_forms and low in (e.lower() for e in a.examples):
            return a.corpus_forms[0]
    return ""


_DISCUSSED: weakref.WeakKeyDictionary[Retriever, frozenset[str]] = weakref.WeakKeyDictionary()


def only_in_titles(retriever: Retriever, drugs: frozenset[str]) -> frozenset[str]:
    """The ``drugs`` the corpus names in reference entries only, never in its own text: a cited paper's title
    says "<drug> is effective in …", and nothing the review writes speaks of the drug."""
    if retriever not in _DISCUSSED:
        _DISCUSSED[retriever] = frozenset(d for p in retriever.passages if p.kind != "reference_entry"
                                          for d in drugs_named(p.text))
    return frozenset(d for d in drugs if d not in _DISCUSSED[retriever])


def named_as_written(question: str, drugs: frozenset[str]) -> list[str]:
    """The ``drugs`` as ``question`` writes them, one name per drug, first written first ("<brand> (<INN>)" gives
    the brand); their keys when the question writes none of them as one word."""
    names: dict[str, str] = {}
    for m in re.finditer(r"[\w-]+", question):
        for d in drugs_named(m.group(0)) & drugs:
            names.setdefault(d, m.group(0))
    return list(names.values()) or sorted(drugs)


# "ECD2, which is the <drug> domain of binding": a binding site named after a drug, not the drug discussed
_SITE = re.compile(r"(?i)\b[\w-]+ (?:domains?|epitopes?|binding sites?)\b")
_PASSING: weakref.WeakKeyDictionary[Retriever, frozenset[str]] = weakref.WeakKeyDictionary()


def named_in_passing(retriever: Retriever, drugs: frozenset[str]) -> frozenset[str]:
    """The ``drugs`` the corpus's text names only in passing: as a population's earlier treatment ("66% had been
    treated with <drug>") or a binding site ("the <drug> domain"), never as what a sentence reports on. A question
    on such a drug's trials or effects is not answered by the sentence that lists it among earlier treatments."""
    if retriever not in _PASSING:
        named: set[str] = set()
        discussed: set[str] = set()
        for p in retriever.passages:
            if p.kind == "reference_entry":
                continue
            for sentence in re.split(r"(?<=[.;])\s+", p.text):
                named |= drugs_named(sentence)
                discussed |= drugs_named(_SITE.sub(" ", sentence)) - prior_treatments(sentence)
        _PASSING[retriever] = frozenset(named - discussed)
    return drugs & _PASSING[retriever]


_TRIAL = re.compile(r"(?i)\b(?:trials?|phase\s+(?:[1-4]|i{1,3}|iv|ib)\b|randomi[sz]ed)")


def trial_reported(retriever: Retriever, drugs: frozenset[str]) -> frozenset[str]:
    """The ``drugs`` whose trial the corpus's text reports: a sentence speaking of a trial whose subject is the drug.
    A question on "the <NAME> trial of <drug>" is then answered in part, though the text may not name the trial.

    A sentence's subject is the first drug it names (the corpus's topic drug and a population's earlier treatments
    aside: "had been treated with <drug>"), else the last one its paragraph named ("<drug> is …. A phase III trial
    showed …"); a comparator named later ("… than with <drug>") is no subject. Computed once per loaded index."""
    if retriever not in _TRIALED:
        _TRIALED[retriever] = _drugs_with_trials(retriever)
    return drugs & _TRIALED[retriever]


_TRIALED: weakref.WeakKeyDictionary[Retriever, frozenset[str]] = weakref.WeakKeyDictionary()


def _drugs_with_trials(retriever: Retriever) -> frozenset[str]:
    out: set[str] = set()
    for p in retriever.passages:
        if p.kind == "reference_entry" or not _TRIAL.search(p.text):
            continue
        subject: frozenset[str] = frozenset()
        for sentence in re.split(r"(?<=[.;])\s+", p.text):
            aside = prior_treatments(sentence) | topic_drugs(retriever, sentence)
            words = sentence.split()
            # the first drug named: a window of three words at each position (a name is at most that long)
            first = next((named for k in range(len(words))
                          if (named := drugs_named(" ".join(words[k:k + 3])) - aside)), frozenset())
            subject = first or subject
            if _TRIAL.search(sentence):
                out |= subject
    return frozenset(out)


def numbered_member(retriever: Retriever, term: str) -> bool:
    """Whether ``term`` is a numbered member of a series the corpus names others of ("NAME-Study05" beside the
    corpus's "NAME-Study01"): certainly another trial than the ones the corpus reports."""
    for tok in tokenize(term):
        if m := re.fullmatch(r"([a-z]{4,})(\d{2,3})", tok):
            if any(t != tok and re.fullmatch(rf"{m.group(1)}\d{{2,3}}", t) for t in retriever.known_tokens):
                return True
    return False


_PARTICLES = frozenset("la le de del della di da du van von der den ter dos das".split())


def surname_words(author: str) -> list[str]:
    """The words a question may name an author by: "Berns K" -> Berns; "La Ferla A" -> La, Ferla (not an initial
    after a particle: "De P" -> De)."""
    words = author.split()
    out = [words[0]]
    k = 0
    while k + 1 < len(words) and words[k].lower() in _PARTICLES:
        k += 1
        if len(words[k]) >= 3 and not words[k].isupper():
            out.append(words[k])
    return out


COMMON_SURNAME_WORD = 3_000  # a surname that is an everyday word ("Long", "Song") must be capitalised to count


def entry_by_author(cat: Catalogue, question: str) -> tuple[int, str] | None:
    """(number, document) of the one entry whose first author the question names as a capitalised surname, its
    year breaking a tie ("Chumsri 2018", "Liu et al. (Nat Commun 2018)"); None when none or several fit."""
    # as names_an_author reads them: any case ("chumsri 2018"), a particle's surname by its last word ("La Ferla")
    words = {w.lower() for w in re.findall(r"\b[A-Za-z][a-zA-Z'-]{2,}\b", question)}
    capitalised = {w.lower() for w in re.findall(r"\b[A-Z][a-zA-Z'-]{2,}\b", question)}
    years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", question)}
    fits: list[tuple[int, str, int | None]] = []
    for doc in cat.documents:
        for n, ref in cat.refs_of(doc).items():
            # "La Ferla A" is known by "Ferla": the surname's last word
            first = surname_words(ref.authors[0])[-1].lower() if ref.authors and ref.authors[0].split() else ""
            if len(first) >= 3 and (first in capitalised
                                    or (first in words and english_frequency(first) < COMMON_SURNAME_WORD)):
                fits.append((n, doc, ref.year))
    if years and len(fits) > 1:
        fits = [f for f in fits if f[2] in years] or fits
    return (fits[0][0], fits[0][1]) if len(fits) == 1 else None


_NAMED: weakref.WeakKeyDictionary[Retriever, frozenset[str]] = weakref.WeakKeyDictionary()


def never_named(retriever: Retriever, text: str) -> frozenset[str]:
    """The drugs ``text`` names (drugs.py: an INN, brand or code) that no passage names, entries included: the
    pack knows them ("infliximab", a TNF blocker), the corpus does not."""
    if retriever not in _NAMED:
        _NAMED[retriever] = frozenset(d for p in retriever.passages for d in drugs_named(p.text))
    return drugs_named(text) - _NAMED[retriever]
