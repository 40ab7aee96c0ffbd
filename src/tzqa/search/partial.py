"""A question's coverage — full, partial or none — once its reading and first search are known.

Why a module of its own: the retriever ranks passages; whether the corpus covers a question in full, in part (a
term it lacks beside content it covers: "Does MUC4 or CD44 mask the epitope?") or not at all is a separate decision,
made of the text rules in ``coverage.py``, the naming rules in ``naming.py`` and one more search of the covered part.
``decide_coverage`` takes the first search (``Retriever.search_question``) and a way to search again, and returns the
``Explained`` the answer is built on, with ``coverage`` and ``missing`` set.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from tzqa.search.answerability import merge_adjacent, outermost
from tzqa.search.concepts import asked
from tzqa.search.coverage import (
    absent_note,
    covered_names,
    in_a_question_of_its_own,
    missing_is_secondary,
    names_a_trial,
    nearest_material,
    offers_alternative,
    partial_note,
    question_parts,
    residual_question,
    without_questions_asking,
    without_questions_naming,
)
from tzqa.search.drugs import drugs_named
from tzqa.search.naming import (
    absent_agent_beside_mechanism,
    absent_drug_is_subject,
    asked_drugs,
    covered_class_of,
    entry_by_author,
    join_names,
    named_as_written,
    named_in_passing,
    numbered_member,
    trial_reported,
)

if TYPE_CHECKING:
    from tzqa.search.retriever import Explained, Retriever

__all__ = ["decide_coverage"]

# An absent trial name beside a drug the corpus covers ("the <NAME> phase 3 trial of <drug>") is that drug's trial: the
# covered part is answered (dev-measured setting).
TRIAL_BESIDE_DRUG = True
# an absent drug or class beside a covered gene or pathway: answered for the pathway (naming.absent_agent_beside_mechanism)
AGENT_BESIDE_MECHANISM = True
# A question asking what a mention in passing says (a population's earlier treatments, where a drug binds): the
# corpus's mention answers it.
_ASKS_PASSING = re.compile(r"(?i)\b(?:prior|previous(?:ly)?|already (?:had|received|been)|pre-?treated|had (?:been )?"
                           r"treated|received|progressed (?:on|after)|bind\w*|bound|domains?|epitopes?)\b")
ONLY_IN_PASSING = True  # a question on a drug the corpus names only in passing is not covered (fifth session)


def decide_coverage(retriever: Retriever, ex: Explained, search: Callable[[str], Explained]) -> Explained:
    """``ex`` (the question's first search) with its coverage decided; ``search`` searches another text the same
    way (the covered part of a partly covered question). See ``Retriever.search_explained``."""
    if (passing := _asked_only_in_passing(retriever, ex)):
        names = named_as_written(ex.analysis.original, passing)
        it = "it" if len(names) == 1 else "them"
        # what the corpus lacks altogether is said too ("<absent trial> … <drug named in passing>")
        others = [m for m in ex.verdict.missing if not drugs_named(m) & passing]
        lack = f"do not mention {join_names(others)}, and " if others else ""
        note = (f"The review and the added papers {lack}name {join_names(names)} only in passing (as a treatment "
                f"patients had before, or a binding site); they report nothing on {it}.{nearest_material(_nearest(ex))}")
        ex = replace(ex, results=ex.results.model_copy(update={"note": note}))
        return _with_coverage(ex, "none", [*others, *names])
    v = ex.verdict
    # names the corpus lacks, then technical words it never uses ("macrophages"): the latter alone
    # never decline a question the model finds answerable, but a side part made of them is reported
    # as the question writes them together: "FCGR3A polymorphisms", not "FCGR3A" and "polymorphisms"
    lacking = outermost(merge_adjacent([*v.missing, *(a for a in v.absent if a not in v.missing)], ex.analysis.text))
    if v.answerable and not v.absent:
        return _with_coverage(ex, "full", [])
    # a lacking term in a question of its own ("…, and can it damage the heart?") leaves the other questions
    # whole; taking the term out of its question leaves a fragment ("can it damage the ?") instead
    absent_drugs = drugs_named(" ".join(lacking))

    def names_known(part_text: str) -> bool:  # a drug or name of the corpus
        return bool(drugs_named(part_text) - absent_drugs) or bool(covered_names(part_text, retriever))

    def offered_beside(part_text: str) -> bool:  # "<absent drug>, or is <covered drug> better?"
        return offers_alternative(part_text, lacking, covered_names(part_text, retriever))

    apart = without_questions_naming(ex.analysis.text, lacking, offered_beside) if lacking else ""
    rest = (apart or residual_question(ex.analysis.text, lacking)) if lacking else ""
    # a subject the corpus never discusses (a population, a side effect: key concepts), asked in a question of its
    # own beside one it answers: the drug-name check of in_a_question_of_its_own is for absent drugs. Only as a
    # question that follows: "should my mom exercise, does it help it work better?" asks the rest of exercise
    subject_apart = bool(apart) and all(any(c.subject and c.ask.search(m) for c in asked(m)) for m in lacking) \
        and apart.startswith(question_parts(ex.analysis.text)[0])
    # a point the corpus never gives ("dosing"), asked in a question of its own
    points = [c.ask for c in asked(ex.analysis.text) if c.name in lacking and not c.subject]
    own_question = bool(points) and rest in ("", ex.analysis.text) and \
        bool(rest := without_questions_asking(ex.analysis.text, points) or rest)
    if rest and rest != ex.analysis.text:  # a key concept ("treatment duration") is not the question's words
        part = search(rest)
        names = covered_names(rest, retriever)
        covered = [g.surface for g in part.focus if g.entity] + names
        # a question the model finds answerable loses nothing by saying what the corpus lacks, wherever
        # it sits ("how common is interstitial lung disease with T-DXd?"); otherwise it must be a side part
        subject_absent = absent_drug_is_subject(retriever, lacking, rest, covered)
        if (part.verdict.answerable and part.verdict.confidence >= retriever.config.partial_confidence
                and not subject_absent and not _follows_up(ex.analysis.text, apart, lacking)
                and (v.answerable or own_question or subject_apart
                     or (all(covered_class_of(m) for m in lacking) and bool(names))
                     or (TRIAL_BESIDE_DRUG and names_a_trial(ex.analysis.text, lacking)
                         and not any(numbered_member(retriever, m) for m in lacking)
                         and bool(trial_reported(retriever, asked_drugs(retriever, rest))))
                     or missing_is_secondary(ex.analysis.text, v.missing, covered, v.absent)
                     # "<author> <year> <gene> methylation": the paper is in the list; the word its entry and
                     # the review lack is what the question asks of it
                     or (ex.analysis.about_paper and entry_by_author(retriever.catalogue, ex.analysis.text) is not None)
                     or (AGENT_BESIDE_MECHANISM and absent_agent_beside_mechanism(
                         retriever, lacking, ex.analysis.text, names, [h.text for h in part.results.results[:3]]))
                     or in_a_question_of_its_own(ex.analysis.text, lacking, names_known))):
            note = partial_note(lacking, part.focus, names, discussed=bool(v.unsupported))
            results = part.results.model_copy(update={
                "query": ex.results.query, "note": note, "corrected_query": ex.results.corrected_query})
            return _with_coverage(replace(part, results=results, covered=tuple(names),
                                          discussed=bool(v.unsupported)), "partial", lacking)
        if subject_absent:  # the model found it answerable, so no note says what is absent yet
            if not ex.results.note:
                note = absent_note(lacking, _nearest(ex))
                ex = replace(ex, results=ex.results.model_copy(update={"note": note}))
            return _with_coverage(ex, "none", lacking)
    if v.answerable:
        return _with_coverage(ex, "full", [])
    return _with_coverage(ex, "none", lacking)


def _asked_only_in_passing(retriever: Retriever, ex: Explained) -> frozenset[str]:
    """The drugs a question asks about when every one is a drug the corpus names only in passing
    (``naming.named_in_passing``) and the question asks of nothing else it covers; a question about a
    population's earlier treatments ("what % had prior <drug>?") or where a drug binds is answered as usual."""
    if not ONLY_IN_PASSING or _ASKS_PASSING.search(ex.analysis.text):
        return frozenset()
    asked = asked_drugs(retriever, ex.analysis.text)
    passing = named_in_passing(retriever, asked)
    if not asked or passing != asked:
        return frozenset()
    if any(not drugs_named(n) & passing for n in covered_names(ex.analysis.text, retriever)):
        return frozenset()  # "<gene> and <drug>": the gene is answered as usual
    return passing


# "…, does it help …?", "is that safe?": a yes/no question whose subject is a pronoun asks about what came before
_PRONOUN_QUESTION = re.compile(r"(?i)^\W*(?:and\s+|so\s+)?(?:does|do|did|is|are|was|were|can|could|will|would|should|"
                               r"might|may)\s+(?:it|that|this|they|these|those)\b")


def _follows_up(text: str, rest: str, lacking: list[str]) -> bool:
    """Whether the questions left after the lacking part's own question (``rest``, from ``without_questions_naming``)
    open with a pronoun's question about that part:
    "should my mom exercise during <drug> treatment, does it help it work better?" asks whether exercise helps;
    the rest alone ("does it help it work better?") would be answered with anything on the drug working."""
    first = question_parts(text)[:1]
    return bool(first and rest and _PRONOUN_QUESTION.match(rest)
                and any(m.lower() in first[0].lower() for m in lacking))


def _nearest(ex: Explained) -> str:
    """The section of the first passage shown, which a note points to as the nearest material."""
    return ex.results.results[0].section if ex.results.results else ""


def _with_coverage(ex: Explained, coverage: str, missing: list[str]) -> Explained:
    results = ex.results.model_copy(update={"coverage": coverage, "missing": missing, "answerable": coverage != "none"})
    return replace(ex, results=results)

