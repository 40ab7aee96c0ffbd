"""Extractive cited answers: the sentences of the top passages that answer, each with its references.

Why extractive: every word of an answer is a sentence of the review (or an added paper), so
nothing can be invented and every claim keeps the reference numbers it carries in the text.

How sentences are chosen:
- candidates are the sentences of the top passages (3 for a question, 8 for a list question
  such as "which biomarkers ..."), reference-list entries only when the question is about a paper
  or the entry ranks first (it beat the entry penalty: its title states what was asked);
- a sentence scores its cosine to the question, plus a small share of query words it holds, plus
  the weighted share of the question's focus it names (focus.py: "neratinib", "adverse events" for
  "side effects"), minus a little per rank of its passage; when some candidate names a focus
  *name* (a drug, gene, trial), sentences naming none lose ``OFF_FOCUS``, and a sentence speaking of
  other drugs only (drugs.py; named in it, or last in its passage before it) loses ``OTHER_DRUG``:
  a sentence about T-DXd does not answer a question about neratinib; a sentence naming no drug, after one of
  its passage that named the asked one, still speaks of it (``FOCUS_CARRIES``);
- the best sentence always leads, and others join when they score within ``MARGIN`` of it (more after a
  sentence that only introduces its subject, unless the question asks what the subject is: ``INTRO_EXTRA``)
  (``LIST_MARGIN`` for lists, two items per passage at most), up to ``MAX_SENTENCES``;
- a question about a cited paper (its author, journal, year, title words) is answered with the
  review's sentences that cite that paper, then its entry;
- a sentence that opens with an anaphor ("This", "These", "Such", "It") comes with the sentence
  before it, which says what "this" is;
- near-duplicates (token Jaccard above 0.8) are dropped, and the answer is put back in
  reading order (passage order, then sentence order);
- a sentence's ``refs`` are its own markers; numbers it would inherit from later in its paragraph
  are in ``refs_from_paragraph`` (attribution.py); a Table 1 row or a reference entry carries its own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tzqa.index.tokenize import tokenize
from tzqa.search.coverage import (
    ASKING,
    covered_names,
    partial_note,
    plain_name,
    question_parts,
    title_note,
    without_questions_naming,
    written_as_a_name,
)
from tzqa.search.drugs import drug_mentions, drugs_named, prior_treatments
from tzqa.search.focus import coverage_of, question_form_tokens
from tzqa.search.naming import (
    asked_drugs,
    entry_by_author,
    join_names,
    named_as_written,
    names_an_item,
    only_in_titles,
    specific_count,
    topic_drugs,
)
from tzqa.search.results import Answer, AnswerSentence
from tzqa.search.sentence_kinds import (
    ANAPHOR,
    CAUSE,
    DEFINITION_Q,
    FILLER,
    FORECAST,
    INTRO,
    META,
    OUTLOOK_Q,
    WHY_Q,
    question_examples,
)

if TYPE_CHECKING:
    from tzqa.search.retriever import Explained, Retriever

__all__ = ["extract_answer"]

def _pack_settings() -> dict[str, float]:
    """The answer's selection settings from the domain pack (``levers.json``, "answer"), over the defaults below."""
    from tzqa.domain import pack

    try:
        return {k.upper(): v for k, v in pack.load("levers.json").get("answer", {}).items()}
    except FileNotFoundError:
        return {}


_CHOSEN = _pack_settings()
# Defaults (the pack's values are the tuned ones; each chosen on dev with the strict sentence metric):
MAX_SENTENCES = int(_CHOSEN.get("MAX_SENTENCES", 4))
MAX_LIST_ITEMS = int(_CHOSEN.get("MAX_LIST_ITEMS", 8))
MARGIN = float(_CHOSEN.get("MARGIN", 0.24))  # the most answering sentences at <= 2.6 per answer
LIST_MARGIN = float(_CHOSEN.get("LIST_MARGIN", 0.15))
LIST_PER_PASSAGE = int(_CHOSEN.get("LIST_PER_PASSAGE", 2))  # a list can name two items of one passage
RANK_STEP = float(_CHOSEN.get("RANK_STEP", 0.03))
LEXICAL_WEIGHT = float(_CHOSEN.get("LEXICAL_WEIGHT", 0.15))
FOCUS_WEIGHT = float(_CHOSEN.get("FOCUS_WEIGHT", 0.15))
OFF_FOCUS = float(_CHOSEN.get("OFF_FOCUS", 0.1))
PAPER_SENTENCES = int(_CHOSEN.get("PAPER_SENTENCES", 2))
# Information: a sentence naming specific things beats one about the subject in general (dev: +2 questions).
SPECIFIC_WEIGHT = float(_CHOSEN.get("SPECIFIC_WEIGHT", 0.1))
SPECIFIC_CAP = int(_CHOSEN.get("SPECIFIC_CAP", 8))
# dev among 0 / 0.05 / 0.1 / 0.2: answer-sentence@ 0.897 -> 0.904, precision 0.796 -> 0.799
META_PENALTY = float(_CHOSEN.get("META_PENALTY", 0.05))
# ... and one saying a thing matters or will help (sentence_kinds.FILLER) pays this besides. Dev 0 / 0.1 / 0.2 / 0.3:
# answer-sentence@ 0.935 / 0.935 / 0.933 / 0.926, precision 0.774 / 0.778 / 0.781 / 0.780, sentences 2.81 / 2.81 /
# 2.78 / 2.77 (the one question lost at 0.2 now gets Table 1's rows, which its judgements omit); training 0.901 / 0.899.
FILLER_PENALTY = float(_CHOSEN.get("FILLER_PENALTY", 0.0))
# A list or broad question ("which microRNAs …") is answered by sentences naming items, not by the one saying
# microRNAs matter (dev, list and broad penalised, 0 / 0.1 / 0.2 / 0.3: answer-sentence@ 0.915 / 0.923 / 0.930 / 0.923).
ITEMLESS_PENALTY = float(_CHOSEN.get("ITEMLESS_PENALTY", 0.0))
ITEMLESS_BROAD = bool(_CHOSEN.get("ITEMLESS_BROAD", False))
# A sentence naming other drugs and none of those the question asks about (drugs.py) answers another question;
# one naming none speaks of the last drug its passage named (dev, 0 / 0.1 / 0.2 / 0.3: precision 0.775 / 0.779 /
# 0.783 / 0.783, answer-sentence@ 0.933 throughout, 2.76 -> 2.74 sentences; training questions unchanged)
OTHER_DRUG = float(_CHOSEN.get("OTHER_DRUG", 0.0))
# A sentence after one naming the asked drug or gene, in the same passage and naming no other drug, still speaks of
# it ("<drug> is …. An extended phase Ib study found a 19% response rate …"): it is not off the focus. Dev:
# answer-sentence@ 0.930 -> 0.933, precision 0.787 -> 0.786; training questions 0.891 -> 0.896, 0.686 -> 0.689.
FOCUS_CARRIES = bool(_CHOSEN.get("FOCUS_CARRIES", False))
# A sentence naming another numbered trial of a series the question names one of (NAME-Study01 for a question
# on NAME-Study03), and not the asked one, answers another question.
OTHER_TRIAL = float(_CHOSEN.get("OTHER_TRIAL", 0.0))
# ... and a sentence naming no member speaks of the last one its passage named ("In the same population, …").
# Dev 0.2 -> 0.5 with the context: answer-sentence@ 0.935 unchanged, 2.811 -> 2.807 sentences; training precision
# 0.693 -> 0.695.
TRIAL_CONTEXT = bool(_CHOSEN.get("TRIAL_CONTEXT", False))
# A reference entry chosen for an answer brings the sentences citing it alone (``PAPER_SENTENCES``), before it.
# Dev: answer-sentence@ 0.935 unchanged, precision 0.774 -> 0.773; training questions precision 0.700 -> 0.693
# (their judgements hold the entry only). Adopted for what a reader sees: the finding, not the title alone.
ENTRY_CITING = bool(_CHOSEN.get("ENTRY_CITING", False))
# Why questions: causal sentences (sentence_kinds.CAUSE) join within MARGIN of the best causal one when the best
# sentence gives no cause.
WHY_CAUSES = bool(_CHOSEN.get("WHY_CAUSES", True))
# ... and so do they for "how does <name> cause/confer/drive resistance?" whose best sentence only introduces the name
# (dev and training unchanged: such answers are rare there; a new user's "how does <variant> confer resistance?" got
# the definition alone).
HOW_CAUSES = bool(_CHOSEN.get("HOW_CAUSES", False))
# ... and in such a why question, a sentence giving no cause ("the problem of resistance has limited its efficacy",
# "<drug> is still irreplaceable") pays this when some candidate gives one.
WHY_NONCAUSE = float(_CHOSEN.get("WHY_NONCAUSE", 0.0))
# A question asking one aspect of a drug in lay words ("side effects" -> adverse events of <drug>): when some candidate
# names the aspect, the others (the drug's name alone, its promise) pay this.
ASPECT_OFF = float(_CHOSEN.get("ASPECT_OFF", 0.0))
# ... and the aspect may be any word of the question's focus that names no thing, the rarest ("response rate" of
# <drug> in patients treated with <other drug>: the trial's population sentence and the drug's definition pay, the
# sentence giving the rate does not). Dev (759 answerable): answer-sentence@ 0.942 -> 0.947, precision 0.787 ->
# 0.790, 2.81 -> 2.78 sentences; training 0.906 -> 0.911, precision 0.701 -> 0.705 (fifth session).
ASPECT_ANY = bool(_CHOSEN.get("ASPECT_ANY", False))
# A sentence that introduces its subject (sentence_kinds.INTRO) answers "what is it"; for any other question it
# leads, by cosine, the sentences that answer, which then need a wider margin to join it. Dev 0 / 0.1 / 0.2:
# answer-sentence@ 0.933 / 0.939 / 0.939, 2.73 / 2.79 / 2.83 sentences; training questions 0.896 / 0.901 / 0.901.
# At an equal length a wider MARGIN does less (0.25: 0.936, 0.896).
INTRO_EXTRA = float(_CHOSEN.get("INTRO_EXTRA", 0.0))
# ... or, instead, the introducing sentence gives way to the ones that answer (non-definition questions): dev 0 / 0.05
# / 0.1 / 0.15 (INTRO_EXTRA 0.1): precision 0.785 / 0.786 / 0.790 / 0.790, answer-sentence@ 0.941 / 0.941 / 0.941 /
# 0.935; 0.1 with INTRO_EXTRA 0: 0.941, 0.792, 2.73 sentences (was 2.78); training questions 0.904 throughout,
# precision 0.688 -> 0.694, 2.62 -> 2.58 sentences. The pack sets 0.1 and INTRO_EXTRA 0.
INTRO_PENALTY = float(_CHOSEN.get("INTRO_PENALTY", 0.0))


@dataclass
class _Candidate:
    score: float
    passage: int
    sentence: int
    text: str
    passage_id: str
    row: int = -1  # row in the sentence matrix (-1: a whole table row or entry)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, len(a | b))


def extract_answer(retriever: Retriever, ex: Explained, took_ms: float = 0.0) -> Answer:
    """Build the cited answer from a search's hits (see the module docstring for the rules)."""
    found, qa = ex.results, ex.analysis
    base = dict(query=found.query, answerable=found.answerable, confidence=found.confidence, results=found.results,
                note=found.note, list_question=qa.list_question, corrected_query=found.corrected_query,
                took_ms=took_ms, coverage=found.coverage, missing=found.missing)
    if not found.answerable or not found.results:
        return Answer(answer=[], references=[], **base)
    chosen = _paper_answer(retriever, ex) if qa.about_paper else []
    titled = _titles_naming(retriever, ex) if not chosen else None
    if titled:  # sentences about other drugs would answer for a drug the review's text never discusses
        chosen, names = titled
        lacking = [m for m in found.missing if m not in names]  # what the corpus lacks altogether, said first
        # "which mutations are activating, and is <drug> effective …": the other question is answered as usual
        own = _other_questions(retriever, ex, names)
        base.update(coverage="partial", missing=[*lacking, *names],
                    note=title_note(lacking, names, len(chosen), rest=bool(own)))
        chosen = own + chosen
    if not chosen:
        chosen = _select(retriever, ex, _candidates(retriever, ex))
        if ENTRY_CITING:
            chosen = _entries_with_their_citing(retriever, ex, chosen)
    if not chosen:
        return Answer(answer=[], references=[], **base)
    chosen = _with_antecedents(retriever, chosen)
    chosen.sort(key=lambda c: (c.passage, c.sentence))
    sentences = []
    for c in chosen:
        p = retriever.passages[c.passage]
        cites = retriever.sentence_citations(c.passage)
        own = list(p.refs) if c.row < 0 else list(cites[c.sentence].own)
        inherited = [] if c.row < 0 else list(cites[c.sentence].from_paragraph)
        sentences.append(AnswerSentence(text=c.text, refs=own, refs_from_paragraph=inherited, passage_id=c.passage_id,
                                        doc=str(retriever.catalogue.doc_of[c.passage]), sentence=c.sentence))
    if found.coverage == "partial" and not titled:  # "on IGF-1R they say:" above sentences never naming IGF-1R
        toks = tokenize(" ".join(s.text for s in sentences))
        focus = [g for g in ex.focus if g.found_in(toks) and not topic_drugs(retriever, g.surface)]  # not "<topic>-resistant"
        covered = [c for c in ex.covered if _named_in(retriever, c, set(toks))]
        base["note"] = partial_note(list(found.missing), focus, covered, ex.discussed)
    # "…, and does <drug> help?" with no word on it (a partly covered question's note says already what is left out)
    if found.coverage == "full" and (unnamed := _parts_left_unanswered(retriever, ex, sentences)):
        said = f"Nothing quoted here names {join_names(unnamed, 'or')}, which the question also asks about."
        base["note"] = f"{said} {base['note']}".strip()
    # Numbers are per document: the review's 12 and a library paper's 12 are two references.
    keys = sorted({(s.doc, n) for s in sentences for n in [*s.refs, *s.refs_from_paragraph]
                   if n in retriever.catalogue.refs_of(s.doc)},
                  key=lambda x: (x[0] != retriever.catalogue.primary, x[0], x[1]))
    return Answer(answer=sentences, references=[retriever.reference_info(n, d) for d, n in keys], **base)


def _parts_left_unanswered(retriever: Retriever, ex: Explained, sentences: list[AnswerSentence]) -> list[str]:
    """The names (a drug, a gene: a word with a digit or capitals inside) that a part of a question of several parts
    asks about alone and that no answer sentence names: "<variant>: how does it cause resistance, and does <drug>
    overcome it?" answered on the variant alone says so, rather than dropping the second question silently. Only a
    part that asks (a question word or a question mark) counts: "She was on <drug> before." is background. The names
    are given as the question writes them."""
    text = ex.analysis.text
    parts = question_parts(text)
    toks = tokenize(" ".join(s.text for s in sentences))
    if len(parts) < 2:
        return _coordinated_names_left(retriever, ex, text, toks)
    out: list[str] = []
    for k, part in enumerate(parts):
        if not (ASKING.match(part) or part.rstrip().endswith("?") or text.split(part, 1)[-1].lstrip().startswith("?")):
            continue
        own = set(tokenize(part))
        rest = set(tokenize(" ".join(p for j, p in enumerate(parts) if j != k)))
        for g in ex.focus:
            first = set(g.alternatives[0])
            topic = bool(topic_drugs(retriever, g.surface))  # the corpus's own drug ("<drug>-resistant") is no part
            named_so = written_as_a_name(g.surface) or bool(drugs_named(g.surface))
            if g.entity and named_so and not topic and first <= own and not first <= rest and not g.found_in(toks):
                out.append(_as_written(part, g.surface, first))
    return list(dict.fromkeys(out))


_JOINED = r"\W*(?:[a-z]+\s+){0,2}(?:/|,|\band\b|\bor\b|\bvs\.?|\bversus\b|\bplus\b|\+)\s*"


def _coordinated_names_left(retriever: Retriever, ex: Explained, text: str, toks: list[str]) -> list[str]:
    """In a question of one part, the names it asks about side by side ("<gene> mut / <gene> loss as resistance
    mechanism?", "<gene> or <gene>") that no answer sentence names, when another of them is named: the answer
    speaks to one and says nothing of the other."""
    # a receptor status ("ER+", "PR-") names a subgroup, not a thing asked beside another
    names = [g for g in ex.focus if g.entity and (written_as_a_name(g.surface) or drugs_named(g.surface))
             and not topic_drugs(retriever, g.surface)
             and not re.search(rf"(?<![\w-]){re.escape(g.surface)}\s*[+\-\u2212](?![\w])", text)]
    found = [g for g in names if g.found_in(toks)]
    if not found:
        return []
    out = []
    for g in names:
        if g in found:
            continue
        a = re.escape(_as_written(text, g.surface, set(g.alternatives[0])))
        if any(re.search(rf"(?i){a}{_JOINED}{re.escape(f.surface)}|{re.escape(f.surface)}{_JOINED}{a}", text)
               for f in found):
            out.append(_as_written(text, g.surface, set(g.alternatives[0])))
    return out


def _as_written(part: str, surface: str, toks: set[str]) -> str:
    """A focus term as the question wrote it: "T-DM1" rather than the index's "tdm1", a drug's whole name."""
    drugs = drugs_named(surface)
    for name in drug_mentions(part):  # a drug by the name the question gives it ("<antibody> <payload>")
        if (drugs and drugs_named(name) == drugs) or toks <= set(tokenize(name)):
            return name
    for m in re.finditer(r"[\w][\w-]*", part):
        if set(tokenize(m.group(0))) == toks:
            return m.group(0)
    return surface


def _named_in(retriever: Retriever, name: str, tokens: set[str]) -> bool:
    """Whether text of these tokens names ``name`` by any of its forms ("Kadcyla" by "T-DM1")."""
    forms = [tokenize(name)] + [tokenize(f) for fs in retriever.expander.expansions_for(name).values() for f in fs]
    return any(f and set(f) <= tokens for f in forms)


def _candidates(retriever: Retriever, ex: Explained) -> list[_Candidate]:
    found, qvec, qa = ex.results, ex.qvec, ex.analysis
    depth = 8 if qa.list_question else 3
    qtokens = set(tokenize(qa.text)) - question_form_tokens(qa.text)  # "is that common?" is no word to share
    names = [g for g in ex.focus if g.entity]
    if qa.list_question:  # "which microRNAs …, e.g. miR-21": an example is one item, not what every item must name
        examples = question_examples(qa.text)
        names = [g for g in names if g.surface.lower().replace("-", "") not in examples]
    asked = asked_drugs(retriever, qa.text) if OTHER_DRUG else frozenset()
    trials = _numbered(qtokens) if OTHER_TRIAL else {}
    cands: list[_Candidate] = []
    named: list[bool] = []
    definition = bool(DEFINITION_Q.search(qa.text))
    outlook = bool(OUTLOOK_Q.search(qa.text))  # a forecast answers "what is the outlook"
    for h in found.results[:depth]:
        i = retriever.passage_index(h.passage_id)
        p = retriever.passages[i]
        if p.kind == "reference_entry" and not qa.about_paper and h.rank > 1:
            continue
        sents = retriever.sentences_of(i)
        if not sents:
            continue
        scored = []
        context: frozenset[str] = frozenset()
        carried = False  # an earlier sentence of this passage named the focus, and none since named another drug
        trial_context: list[str] = []  # the tokens of the last sentence naming a member of an asked series
        for text, row in sents:
            toks = retriever.sentence_tokens(row, text)
            focus_share = coverage_of(list(ex.focus), toks)
            score = (float(retriever.index.sentence_vectors[row] @ qvec)
                     + LEXICAL_WEIGHT * len(set(toks) & qtokens) / max(1, len(qtokens))
                     + FOCUS_WEIGHT * focus_share - RANK_STEP * (h.rank - 1))
            if SPECIFIC_WEIGHT:
                score += SPECIFIC_WEIGHT * min(SPECIFIC_CAP, specific_count(retriever, toks, qtokens)) / SPECIFIC_CAP
            if META_PENALTY and META.search(text):
                score -= META_PENALTY
            if FILLER_PENALTY and (FILLER.search(text) or (FORECAST.search(text) and not outlook)):
                score -= FILLER_PENALTY
            if INTRO_PENALTY and not definition and INTRO.match(text):
                score -= INTRO_PENALTY
            # the drugs a sentence names, the topic drug aside
            # (a population's earlier treatments aside: "had been treated with <drug>" reports on another)
            others = drugs_named(text) - topic_drugs(retriever, text) - prior_treatments(text) \
                if asked or FOCUS_CARRIES else frozenset()
            if asked:  # the drugs a sentence speaks of: its own, else its passage's last
                context = others or context
                if context and not context & asked:  # another drug's adverse events answer nothing asked
                    score -= OTHER_DRUG + FOCUS_WEIGHT * focus_share
            if trials:  # NAME-Study01 does not answer for NAME-Study03; nor does "in the same population, …" after it
                if _numbered(toks).keys() & trials.keys():
                    trial_context = toks
                if _other_numbered(trials, trial_context if TRIAL_CONTEXT else toks):
                    score -= OTHER_TRIAL
            if ITEMLESS_PENALTY and (qa.list_question or (ITEMLESS_BROAD and qa.broad)) \
                    and not names_an_item(retriever, text, qtokens):
                score -= ITEMLESS_PENALTY
            has_name = any(g.found_in(toks) for g in names)
            if FOCUS_CARRIES:
                carried = has_name or (carried and not others)
                has_name = carried
            scored.append((score, has_name))
        if p.kind not in ("paragraph", "caption"):  # a table row or an entry is one item; a row without its table caption
            texts = [t for t, _ in sents]
            text = " ".join(texts[1:]) if p.kind == "table_row" and len(texts) > 1 else " ".join(texts)
            cands.append(_Candidate(max(s for s, _ in scored), i, 0, text, p.id))
            named.append(any(n for _, n in scored))
            continue
        for j, ((text, row), (score, has_name)) in enumerate(zip(sents, scored, strict=True)):
            cands.append(_Candidate(score, i, j, text, p.id, row))
            named.append(has_name)
    _unless_some(cands, named, OFF_FOCUS)  # some candidate names what was asked about: the others do not answer it
    if ASPECT_OFF and asked_drugs(retriever, qa.text):
        lay = {" ".join(seq) for seq, _ in qa.lay_concepts}
        # the rarest such concept is the aspect asked ("side effects" of "the newer drugs like <a> and <b>")
        aspect = sorted((g for g in ex.focus if not g.entity and (ASPECT_ANY or g.surface in lay)),
                        key=lambda g: -g.weight)[:1]
        _unless_some(cands, [any(g.found_in(tokenize(c.text)) for g in aspect) for c in cands], ASPECT_OFF)
    return cands


def _unless_some(cands: list[_Candidate], has: list[bool], penalty: float) -> None:
    """When some candidate has what the question asks for, the ones without it pay ``penalty``."""
    if penalty and any(has):
        for c, h in zip(cands, has, strict=True):
            if not h:
                c.score -= penalty


HOW_CAUSE_Q = re.compile(r"(?i)\bhow (?:does|do|did|can|could|might|would|is|are) .{0,60}?\b(?:caus|confer|lead|driv|mediat"
                         r"|induc|promot|contribut|result|make|produc|creat|trigger|link)")
_RESISTANCE_WHY = re.compile(r"(?i)\b(?:stop(?:s|ped)?|quit|stopping) (?:working|responding)|\bresist|\b(?:came|come|comes)"
                             r" back|\bfail(?:s|ed)?\b|\bnot (?:work|respond)")


_NUMBERED = re.compile(r"^([a-z]{4,})(\d{2,3})$")  # "study03" of NAME-Study03, as the tokenizer writes it


def _numbered(tokens: set[str] | list[str]) -> dict[str, set[str]]:
    """Numbered members of a series the tokens name, by series: {"study": {"03"}} for NAME-Study03."""
    out: dict[str, set[str]] = {}
    for t in tokens:
        if m := _NUMBERED.match(t):
            out.setdefault(m.group(1), set()).add(m.group(2))
    return out


def _other_numbered(asked: dict[str, set[str]], toks: list[str]) -> bool:
    """Whether a sentence names another member of a series the question asks one of, and not the asked one."""
    named = _numbered(toks)
    return any(series in named and not named[series] & numbers for series, numbers in asked.items())


def _select(retriever: Retriever, ex: Explained, cands: list[_Candidate]) -> list[_Candidate]:
    if not cands:
        return []
    qa = ex.analysis
    if WHY_NONCAUSE and _RESISTANCE_WHY.search(qa.text) and WHY_Q.search(qa.text) and not any(g.entity for g in ex.focus):
        _unless_some(cands, [bool(CAUSE.search(c.text)) for c in cands], WHY_NONCAUSE)
    cands = sorted(cands, key=lambda c: -c.score)
    best = cands[0].score
    limit, margin = (MAX_LIST_ITEMS, LIST_MARGIN) if qa.list_question else (MAX_SENTENCES, MARGIN)
    if INTRO_EXTRA and INTRO.match(cands[0].text) and not DEFINITION_Q.search(qa.text):
        margin += INTRO_EXTRA
    # a why question whose best sentence gives no cause: the sentences that do join within the margin of the best
    # of them (``WHY_CAUSES``)
    causal = best
    # (why resistance arises at all, "why did it stop working …", not why one named thing does what it does)
    # ... or how a named thing causes it, when the best sentence only introduces the thing ("<variant> is a splice
    # variant derived from …" for "how does <variant> confer resistance?")
    how_named = HOW_CAUSES and bool(HOW_CAUSE_Q.search(qa.text)) and bool(INTRO.match(cands[0].text))
    if WHY_CAUSES and _RESISTANCE_WHY.search(qa.text) and not CAUSE.search(cands[0].text) \
            and (how_named or (WHY_Q.search(qa.text) and not any(g.entity for g in ex.focus))):
        causal = next((c.score for c in cands if CAUSE.search(c.text)), best)
        causal = max(causal, best - 2 * margin)  # a cause far below the best answers nothing asked
    chosen: list[_Candidate] = []
    used: dict[int, int] = {}
    for c in cands:
        if len(chosen) >= limit:
            break
        if c.score < best - margin and not (CAUSE.search(c.text) and c.score >= causal - margin):
            if c.score < causal - margin:
                break
            continue
        if qa.list_question and used.get(c.passage, 0) >= LIST_PER_PASSAGE:
            continue
        toks = set(tokenize(c.text))
        if any(_jaccard(toks, set(tokenize(o.text))) > 0.8 for o in chosen):
            continue
        chosen.append(c)
        used[c.passage] = used.get(c.passage, 0) + 1
    return chosen


def _other_questions(retriever: Retriever, ex: Explained, names: list[str]) -> list[_Candidate]:
    """The answer to the questions of ``ex`` that do not name ``names`` (coverage.without_questions_naming), when
    they are answerable; [] otherwise."""
    rest = without_questions_naming(ex.analysis.text, names)
    # it must name a thing of its own (a gene, a code): "…, and what are the diarrhea side effects like?" still
    # asks about the drug
    if not rest or not any(plain_name(w) for w in re.findall(r"[\w-]+", rest) if len(w) >= 3 and not w.islower()):
        return []
    part = retriever.search_explained(rest, max(3, len(ex.results.results)))
    if not part.results.answerable or part.results.coverage == "none":
        return []
    return _select(retriever, part, _candidates(retriever, part))


def _entries_with_their_citing(retriever: Retriever, ex: Explained, chosen: list[_Candidate]) -> list[_Candidate]:
    """A reference entry in the answer comes after the sentences citing it: "e.g. in the <trial>" named only in a
    cited title is answered by what the text says that paper found, not by the title alone."""
    out: list[_Candidate] = []
    keys = {(c.passage, c.sentence) for c in chosen}
    for c in chosen:
        p = retriever.passages[c.passage]
        if p.kind == "reference_entry" and len(p.refs) == 1:
            n = p.refs[0]
            for x in _citing_then_entry(retriever, ex.qvec, n, str(retriever.catalogue.doc_of[c.passage]), p.id)[:-1]:
                # a sentence citing several papers reports on them together, not on this one's finding
                if (x.passage, x.sentence) not in keys and set(retriever.sentence_citations(x.passage)[x.sentence].own) <= {n}:
                    keys.add((x.passage, x.sentence))
                    out.append(x)
        out.append(c)
    return out


# A question about a paper naming no author ("saw it in an article about p95 — what does DDFS mean?") is answered
# with an entry's citing sentences only when that entry is the first passage: an entry third below two paragraphs
# that answer is not what the question is about. Dev (blind-16 joined): 3 -> 1 right four answers (a definition,
# a list, a table question), lost none; training answers identical.
PAPER_ENTRY_DEPTH = int(_CHOSEN.get("PAPER_ENTRY_DEPTH", 3))


def _paper_answer(retriever: Retriever, ex: Explained) -> list[_Candidate]:
    """For a question about one cited paper: the review's sentences citing it (best first), then its entry."""
    entry = next((h for h in ex.results.results[:PAPER_ENTRY_DEPTH] if h.kind == "reference_entry" and h.source.ref),
                 None)
    named = entry_by_author(retriever.catalogue, ex.analysis.text)
    if named is not None:  # "Chumsri 2018 - what was the finding?": the entry of that first author, not the top hit
        n, doc = named
        entry_id = next((p.id for p in retriever.passages if p.kind == "reference_entry" and p.document == doc
                         and p.refs == (n,)), None)
        if entry_id is None:
            named = None
    if named is None:
        if entry is None:
            return []
        n, doc, entry_id = entry.source.ref, entry.source.doc, entry.passage_id
    return _citing_then_entry(retriever, ex.qvec, n, doc, entry_id)


def _citing_then_entry(retriever: Retriever, qvec: np.ndarray, n: int, doc: str, entry_id: str) -> list[_Candidate]:
    """The sentences of ``doc`` citing its reference ``n`` (best for ``qvec`` first, ``PAPER_SENTENCES`` of them),
    then the entry itself: what the paper found, as the text reports it, before its title."""
    citing: list[_Candidate] = []
    cat = retriever.catalogue
    authors = cat.refs_of(doc)[n].authors if n in cat.refs_of(doc) else []
    first_author = authors[0].split()[0] if authors and authors[0].split() else ""
    for i in np.flatnonzero(cat.doc_of == doc):  # every document's numbers are in its own list
        i = int(i)
        p = retriever.passages[i]
        if p.kind not in ("paragraph", "caption") or n not in p.refs:
            continue
        cites = retriever.sentence_citations(i)
        for j, (text, row) in enumerate(retriever.sentences_of(i)):
            # "Liu et al. found that ..." states the finding; the marker often waits for the paragraph's end
            if n in cites[j].own or (n in cites[j].from_paragraph and _names_first_author(text, first_author)):
                citing.append(_Candidate(float(retriever.index.sentence_vectors[row] @ qvec), i, j, text, p.id, row))
    citing.sort(key=lambda c: -c.score)
    i = retriever.passage_index(entry_id)
    text = " ".join(t for t, _ in retriever.sentences_of(i)) or retriever.passages[i].text
    return citing[:PAPER_SENTENCES] + [_Candidate(0.0, i, 0, text, entry_id)]



def _names_first_author(text: str, surname: str) -> bool:
    """Whether a sentence names a paper by its first author ("Liu et al.", "Liu and Chen")."""
    return bool(surname) and re.search(rf"\b{re.escape(surname)}(?:\s+et\s+al\b|\s+and\s|\s*\()", text) is not None


def _titles_naming(retriever: Retriever, ex: Explained) -> tuple[list[_Candidate], list[str]] | None:
    """For a question about drugs the corpus names only in reference entries (``naming.only_in_titles``): those
    entries, and the drugs as the question writes them; None otherwise."""
    asked = asked_drugs(retriever, ex.analysis.text)
    title_only = only_in_titles(retriever, asked)
    if not asked or title_only != asked:
        return None
    # another covered name ("how does <gene> cause resistance, and does <drug> help") is answered as usual
    if any(not drugs_named(n) & title_only for n in covered_names(ex.analysis.text, retriever)):
        return None
    entries = [i for i, p in enumerate(retriever.passages)
               if p.kind == "reference_entry" and drugs_named(p.text) & title_only]
    if not entries:
        return None
    out = [_Candidate(0.0, i, 0, " ".join(t for t, _ in retriever.sentences_of(i)) or retriever.passages[i].text,
                      retriever.passages[i].id) for i in entries[:MAX_SENTENCES]]
    return out, named_as_written(ex.analysis.original, title_only)


def _with_antecedents(retriever: Retriever, chosen: list[_Candidate]) -> list[_Candidate]:
    """Add the sentence before each chosen one that opens with an anaphor ("This in turn induces ..."); for a
    passage's first sentence, the last of the passage its paragraph was cut from (:func:`_cut_from`)."""
    have = {(c.passage, c.sentence) for c in chosen}
    out = list(chosen)
    for c in chosen:
        if c.row < 0 or not ANAPHOR.match(c.text.strip()):
            continue
        passage, j = c.passage, c.sentence - 1
        if j < 0:
            passage = _cut_from(retriever, c.passage)
            if passage < 0:
                continue
            j = len(retriever.sentences_of(passage)) - 1
        while j >= 0 and (passage, j) not in have:
            text, row = retriever.sentences_of(passage)[j]
            out.append(_Candidate(c.score, passage, j, text, retriever.passages[passage].id, row))
            have.add((passage, j))
            if j == 0 or not ANAPHOR.match(text.strip()):
                break
            j -= 1
    return out


def _cut_from(retriever: Retriever, i: int) -> int:
    """The passage before ``i`` when both are pieces of one paragraph (the chunker cut a long paragraph at a
    sentence end: same document and section, one space apart), else -1."""
    if i == 0:
        return -1
    prev, p = retriever.passages[i - 1], retriever.passages[i]
    same = prev.document == p.document and prev.section == p.section and prev.kind == p.kind == "paragraph"
    return i - 1 if same and 0 <= p.start - prev.end <= 1 else -1
