"""Partly covered questions: what is left of a question once the terms the corpus lacks are taken
out, and the note that says so.

Why: "Does MUC4 or CD44 mask the antibody's epitope?" is half answerable: the review covers MUC4
and never mentions CD44.  Throwing the whole question away hides what the review does say; answering
it as if it were covered hides what it does not.  ``partial.decide_coverage`` (called by ``Retriever.search_explained``)
searches again without the missing terms and, when that is answerable and still about something
specific, answers the covered part under a note naming what is missing.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from tzqa.index.tokenize import STOPWORDS, tokenize
from tzqa.ingest.english import english_frequency
from tzqa.search.concepts import asked
from tzqa.search.naming import join_names

if TYPE_CHECKING:
    from tzqa.search.focus import FocusGroup
    from tzqa.search.retriever import Retriever

__all__ = ["ASKING", "absent_note", "covered_names", "in_a_question_of_its_own", "missing_is_secondary", "offers_alternative",
           "names_a_trial", "nearest_material", "partial_note", "plain_name", "question_parts", "residual_question", "title_note",
           "without_questions_asking", "without_questions_naming", "written_as_a_name"]

_COORD = (r"\s*(?:\bor\b|\band\b|\bvs\.?|\bversus\b|\bcompared (?:with|to)\b|/|,"
          r"|\b(?:better|worse|safer|more \w+|less \w+) than\b)\s*")

_ALTERNATIVE = (r"\s*,?\s*(?:\bor\b|\bvs\.?|\bversus\b|\bcompared (?:with|to)\b|/"
                r"|\b(?:better|worse|safer|more \w+|less \w+) than\b)\s*")
# one \s* per joiner, not two: "(\s*J\s*)+" lets the space between two joiners belong to either, and twenty commas
# beside a missing term took seconds (a review found it; exponential backtracking)
_JOINER = r"(?:\s*(?:\b(?:or|and|vs\.?|versus|plus|with|nor)\b|[/,+&]))+\s*"
_JOINERS = re.compile(rf"(?i){_JOINER}$|^{_JOINER}")


def residual_question(text: str, missing: list[str] | tuple[str, ...]) -> str:
    """``text`` without the ``missing`` terms (and the "or"/"and"/"/" left dangling beside them); "" if nothing is left."""
    out = text
    for term in sorted(missing, key=len, reverse=True):
        out = re.sub(rf"(?i)(?:\s*(?:\bor\b|\band\b|/|\bvs\.?|\bversus\b|\bplus\b|\+)\s*)?(?<![\w-]){re.escape(term)}s?(?![\w-])",
                     " ", out)
    out = re.sub(r"\(\s*\)", " ", out)
    out = re.sub(r"\s+", " ", out).strip()
    out = _JOINERS.sub("", out).strip()
    return out if re.search(r"\w{3,}", out) else ""


# A protein variant in HGVS short form (a residue, its position, the new residue: "X123Y"), written with the word
# mutation: a question about one mutation of a gene is answered in part by what the corpus says of its mutations.
_VARIANT = re.compile(r"[ACDEFGHIKLMNPQRSTVWY]\d{2,4}[ACDEFGHIKLMNPQRSTVWY*]")
_MUTATION = re.compile(r"(?i)\b(?:mutat\w*|mutant|variant|substitution)")  # a cell line (T47D) is shaped alike


def missing_is_secondary(text: str, missing: list[str] | tuple[str, ...], covered: list[str],
                         absent: list[str] | tuple[str, ...] = ()) -> bool:
    """Whether the missing terms are a side part of the question, not its subject.

    "How does MUC4 cause resistance, and does CD44 …": a covered name comes first, so the question is
    about MUC4 and asks about CD44 besides. "Is tucatinib or epertinib better …": the missing name is
    coordinated with a covered one. "tucatinib plus capecitabine after antibody failure": the
    missing name is the subject; what follows is its context, and the question is not covered.
    Technical words the corpus lacks (``absent``, "macrophages") are a side part only after a covered
    name: "FCGR3A polymorphism and ADCC" is about the polymorphism, however it is coordinated. A protein
    variant ("X123Y mutation") is a side part: the gene's mutations are what the rest of the question asks.
    """
    if missing and all(_VARIANT.fullmatch(m) for m in missing) and _MUTATION.search(text):  # one gene's mutation
        return True
    # "<drug> (<its trial>) or <drug> (<its trial>)": asides in parentheses do not part the alternatives; an
    # aside holding a missing term stays ("MUC4 (and CD44)") unless it stands beside a missing term itself
    def aside(g: re.Match[str]) -> str:
        before = text[:g.start()].lower().rstrip()
        beside_missing = any(before.endswith(m.lower()) for m in missing)
        holds_missing = any(_word_at(g.group(1).lower(), m) >= 0 for m in missing)
        return g.group(0) if holds_missing and not beside_missing else ""

    text = re.sub(r"\s*\(([^()]{1,60})\)", aside, text)
    before = set(missing)
    missing, absent = _with_their_words(text, list(missing), list(absent))
    if absent and not _after_covered(text, absent, covered):
        return False
    if not missing:
        return bool(absent)

    def beside(m: str, c: str) -> bool:
        # a name with its technical word ("FCGR3A polymorphism") is a subject unless offered as an alternative
        joiner = _COORD if m in before else _ALTERNATIVE
        # "<name> data vs <covered>", "<covered> expression or <name>": one plain word may stand before an "or"
        # (offered as an alternative, never merely listed after a comma: "<covered> disease, <trial> results")
        # one word may open the other alternative too: "<missing> or <antibody> <payload>" (an ADC named by two words)
        return bool(re.search(rf"(?i){re.escape(m)}{joiner}{re.escape(c)}|{re.escape(c)}{joiner}{re.escape(m)}"
                              rf"|{re.escape(m)}{_ALTERNATIVE}[a-z]+\s+{re.escape(c)}"
                              rf"|{re.escape(m)}\s+[a-z]+{_ALTERNATIVE}{re.escape(c)}"
                              rf"|{re.escape(c)}\s+[a-z]+{_ALTERNATIVE}{re.escape(m)}"
                              rf"|\bcompar\w*\s+{re.escape(m)}\s+(?:with|to|and)\s+{re.escape(c)}", text))

    return _after_covered(text, missing, covered) or any(beside(m, c) for m in missing for c in covered) \
        or _subject_listed_with_others(text, missing, covered)


def _subject_listed_with_others(text: str, missing: list[str] | tuple[str, ...], covered: list[str]) -> bool:
    """A subject the corpus never discusses (a side effect, a treatment type: key concepts) listed with other
    things the question asks of a covered name: "is losing hair and being worn out a side effect of <drug>?"
    asks about fatigue too. Alone ("does <drug> cause hair loss?") it is the question's subject."""
    if not covered:
        return False
    subjects = [c for c in asked(text) if c.subject]
    listed = r"(?:\s+\w+)?\s*(?:,|\band\b|\bor\b)\s*(?:\w+\s+){0,2}\w{3,}"
    return bool(subjects) and all(
        any(c.ask.search(m) for c in subjects)
        and re.search(rf"(?i)(?<![\w-]){re.escape(m)}{listed}|\w{{3,}}(?:\s+\w+){{0,2}}\s*(?:,|\band\b|\bor\b)\s*"
                      rf"(?:\w+\s+){{0,1}}{re.escape(m)}(?![\w-])", text)
        for m in missing)


# Where one question ends and another begins: a sentence break, or "and"/a comma before a question word
# ("does it cause heart problems and how soon does it stop working"); ", which targets …" is a relative clause.
_ASKS = r"(?:how|what|why|when|where|which|who|whether|does|do|did|is|are|can|could|will|would|should|has|have|anything)\b"
ASKING = re.compile(rf"(?i)\s*(?:and\s+|also\s+|but\s+)?{_ASKS}")
_QUESTION_BREAK = re.compile(rf"(?i)[?;.]\s+|,?\s+(?:\band|\+)\s+(?={_ASKS})|,\s+(?!(?:which|who|when|where)\b)(?={_ASKS})")


def question_parts(text: str) -> list[str]:
    """The questions ``text`` asks, split at :data:`_QUESTION_BREAK`, pieces without a word left out."""
    return [p for p in _QUESTION_BREAK.split(text) if re.search(r"\w{3,}", p)]


def in_a_question_of_its_own(text: str, missing: list[str] | tuple[str, ...], names: Callable[[str], bool]) -> bool:
    """Whether the missing terms sit in questions of their own beside one the corpus may answer.

    Users ask two things at once: "does <drug> cause heart problems and how soon does it usually stop
    working". The second question is covered whatever the first asks. Each part is judged by what it
    names (``names``: a drug or name the corpus has): the part with the missing term must name one too
    ("<drug>"), or another part must ("…, what newer options are there like <other drug>") -- "my mum is on
    <absent drug>, what should she expect" asks about the absent drug throughout.
    """
    parts = question_parts(text)
    if len(parts) < 2:
        return False
    with_missing = [any(_word_at(p.lower(), m) >= 0 for m in missing) for p in parts]
    if all(with_missing) or not any(with_missing):
        return False
    return any(names(p) for p in parts)


def without_questions_asking(text: str, asks: list[re.Pattern[str]]) -> str:
    """The question without its parts that ask what ``asks`` match; "" unless another part is left.

    "<drug> tox profile + what starting dose was used?": the corpus gives no dosing, a point the question
    asks in words of its own ("dose"), not by a name that :func:`residual_question` could take out; the
    first question is still answered.
    """
    parts = question_parts(text)
    kept = [p for p in parts if not any(a.search(p) for a in asks)]
    if 0 < len(kept) < len(parts):
        return " ".join(kept)
    # the point asked in a last coordinated phrase, not a question of its own: "<drug> ORR in <setting> and the
    # recommended dose?" asks the response rate, then the dose
    head, _, tail = _split_last(text)
    if tail and any(a.search(tail) for a in asks) and not any(a.search(head) for a in asks) \
            and len(tokenize(head)) >= 2:
        return head
    return ""


_LAST_COORDINATE = re.compile(r"(?i)\s*(?:,\s*)?(?:\band\b|\+|&)\s+(?:also\s+)?(?:the|its|a|an|any|what)?\s*(?=[^,;]*$)")


def _split_last(text: str) -> tuple[str, str, str]:
    """``text`` split at its last "and"/"+"/"&" (head, joiner, tail); the tail empty when there is none."""
    found = list(_LAST_COORDINATE.finditer(text))
    if not found:
        return text, "", ""
    m = found[-1]
    return text[:m.start()], m.group(0), text[m.end():]


_TRIAL_WORD = r"(?:\s+(?:phase\s+)?(?:[1-4]|i{1,3}|iv|ib|ii/iii|iii)\b)?\s+(?:\w+\s+)?(?:trials?|stud(?:y|ies))\b"


def names_a_trial(text: str, missing: list[str] | tuple[str, ...]) -> bool:
    """Whether a missing term is the name of a trial ("the <NAME> phase 3 trial", "<NAME> study"): asked beside a drug
    the corpus covers, it is that drug's trial, which the corpus may report without naming it."""
    return any(re.search(rf"(?i)(?<![\w-]){re.escape(m)}{_TRIAL_WORD}", text) for m in missing)


def offers_alternative(text: str, missing: list[str] | tuple[str, ...], covered: list[str]) -> bool:
    """Whether ``text`` offers a missing term and a covered name as alternatives ("<missing>, or is <covered>
    better", "<covered> vs <missing>"), a word or two apart at most."""
    gap = r"(?:[a-z]+\s+){0,2}"
    return any(re.search(rf"(?i)(?<![\w-]){re.escape(m)}{_ALTERNATIVE}{gap}{re.escape(c)}(?![\w-])"
                         rf"|(?<![\w-]){re.escape(c)}{_ALTERNATIVE}{gap}{re.escape(m)}(?![\w-])", text)
               for m in missing for c in covered)


def without_questions_naming(text: str, terms: list[str] | tuple[str, ...],
                             offered_beside: Callable[[str], bool] | None = None) -> str:
    """The question without its parts that name any of ``terms``; "" unless another part is left.

    "does resistance happen a lot, and can <drug> damage the heart?": the second question is the one the
    corpus cannot answer; the first is searched whole, not with "heart" cut out of the second. A part that
    offers a covered name as an alternative to a term (``offered_beside``, given the part) is not dropped:
    "should I ask about <absent drug>, or is <covered drug> the better next step?" asks about the covered drug
    too, so the terms are taken out of it instead ("" here; :func:`residual_question` does that).
    """
    parts = question_parts(text)
    kept = [p for p in parts if not any(_word_at(p.lower(), t) >= 0 for t in terms)]
    if offered_beside is not None and any(offered_beside(p) for p in parts if p not in kept):
        return ""
    # a part dropped must be a question of its own ("can it damage the heart?"), not the context the others ask
    # about ("In the pan-tumour sequencing of 5,000 samples, what other mutations …")
    if not all(ASKING.match(p) for p in parts if p not in kept):
        return ""
    rest = ", ".join(kept)
    # what is left must ask something ("…? yes/no" leaves nothing to search)
    return rest if 0 < len(kept) < len(parts) and len(tokenize(rest)) >= 2 else ""


def _with_their_words(text: str, missing: list[str], absent: list[str]) -> tuple[list[str], list[str]]:
    """A technical word the corpus lacks written beside a missing name is part of it: "FCGR3A polymorphisms" is
    one missing term, which "or MUC4 expression" can stand beside, not a name and a word to place apart."""
    kept = []
    for a in absent:
        for k, m in enumerate(missing):
            joined = next((p for p in (f"{m} {a}", f"{a} {m}") if re.search(rf"(?i)(?<!\w){re.escape(p)}(?!\w)", text)), "")
            if joined:
                missing[k] = re.search(rf"(?i)(?<!\w){re.escape(joined)}(?!\w)", text).group(0)  # type: ignore[union-attr]
                break
        else:
            kept.append(a)
    return missing, kept


def _after_covered(text: str, missing: list[str] | tuple[str, ...], covered: list[str]) -> bool:
    """A covered name comes before every missing term, outside the missing term's own phrase.

    "does neratinib cause diarrhoea, and does diet help": neratinib is the subject, diet a side part.
    "therapeutic cancer vaccines": "therapeutic" modifies the missing term, so it does not count.
    """
    low = text.lower()
    miss_at = [at for m in missing if (at := _word_at(low, m)) >= 0]
    if not miss_at:
        return False
    first = min(miss_at)
    for c in covered:
        at = _word_at(low, c)
        if 0 <= at < first and _apart(low[at + len(c):first]):
            return True
    return False


def _word_at(low: str, term: str) -> int:
    """Where ``term`` first stands as a word in ``low`` (-1 if nowhere): "ER" is not in "neratinib"."""
    m = re.search(rf"(?<!\w){re.escape(term.lower())}(?!\w)", low)
    return m.start() if m else -1


def _apart(gap: str) -> bool:
    """Words between two terms that put them in different phrases: punctuation, a function word (except
    "of": in "the survival results of <trial>" the missing trial is what the covered words are about), or
    "like"/"such as" ("<covered> inhibitors like <missing>": an example of what the corpus covers)."""
    return (bool(re.search(r"[,;:?()]|\b(?:like|such as|e\.g|for example|including)\b", gap))  # an example of it
            or any(w in STOPWORDS and w != "of" for w in re.findall(r"[a-z]+", gap.lower())))


# A trial phase or a type in Roman numerals or digits ("phase Ib", "II", "2a"): capitals, but no name to report.
_PHASE = re.compile(r"(?i)(?:i{1,3}|iv|[1-4])[ab]?")


def partial_note(missing: list[str], focus: tuple[FocusGroup, ...] | list[FocusGroup],
                 covered: list[str] | tuple[str, ...] = (), discussed: bool = False) -> str:
    """"The review and the added papers do not mention CD44; on MUC4 they say:" (names as the question wrote them).

    ``covered``: the question's own covered names (:func:`covered_names`), named before the focus's.
    ``discussed``: a missing term is a concept no candidate passage speaks to ("liver"), which the
    corpus may still name elsewhere ("liver metastases"): "do not discuss", never a false "do not mention".
    """
    lacking = join_names(missing)
    # only what is plainly a name ("MUC4", "neuromedin"): "on mediate and stem they say" reads as noise
    names = [g for g in focus if g.entity and plain_name(g.surface) and not _PHASE.fullmatch(g.surface)
             and not g.surface.isdigit()]  # a year ("Palomeras 2019") dates a paper; it names nothing
    ordered = list(dict.fromkeys([*(c for c in covered if not c.isdigit()),
                                  *(g.surface for g in sorted(names, key=lambda g: -g.weight))]))
    # one name once: "T-DXd" as the question wrote it, not again as the index's token "tdxd"
    firsts: dict[str, str] = {}
    for n in ordered:
        firsts.setdefault(re.sub(r"\W", "", n.lower()), n)
    ordered = list(firsts.values())
    # "Study01" is a part of "NAME-Study01", not a second name
    about = [n for n in ordered if not any(n != o and n.lower() in re.split(r"[-/ ]", o.lower()) for o in ordered)][:2]
    on = f"; on {join_names(about)} they say:" if about else "; on the rest of the question they say:"
    verb = "discuss" if discussed else "mention"
    return f"The review and the added papers do not {verb} {lacking}{on}"


def title_note(lacking: list[str], names: list[str], entries: int, rest: bool = False) -> str:
    """The note of a question about drugs the corpus names only in cited titles (answer.py), after what it lacks
    altogether: "... do not mention X. The review's text does not discuss Y; the title of a paper it cites names it:".
    ``rest``: the question's other questions are answered too, before the titles."""
    before = f"The review and the added papers do not mention {join_names(lacking)}. " if lacking else ""
    titles = "the title of a paper it cites names it" if entries == 1 else "titles of papers it cites name it"
    if rest:
        return (f"{before}The review's text does not discuss {join_names(names)} ({titles}, last below); "
                "on the rest of the question it says:")
    return f"{before}The review's text does not discuss {join_names(names)}; {titles}:"


def absent_note(missing: list[str], nearest: str) -> str:
    """The note of a question whose subject is absent: "... do not discuss X. The nearest material is in <section>."."""
    return f"The review and the added papers do not discuss {join_names(missing)}.{nearest_material(nearest)}"


def nearest_material(section: str) -> str:
    """" The nearest material is in <section>." (with its leading space), or "" when nothing was found."""
    return f" The nearest material is in {section}." if section else ""


def covered_names(text: str, retriever: Retriever) -> list[str]:
    """Names the question writes that the corpus has and that are not its topic ("Kadcyla", "MUC4").

    Why not only the focus: "Kadcyla or Trodelvy?" is half covered, and the question's focus can miss a
    brand. The corpus's topic (the drug a review is about, by any of its names) covers nothing by
    itself: "lncRNA HOTAIR and <topic drug> resistance" is about HOTAIR. A name counts as its most common
    form, each form as rare as its rarest word (an ADC's INN is not as common as its antibody's).
    """
    from tzqa.index.tokenize import tokenize
    from tzqa.search.answerability import family_of_known
    from tzqa.search.focus import GENERIC_SHARE

    n = max(1, len(retriever.passages))
    out = []
    for word in re.findall(r"\w[\w\-/.]*\w|\w", text):
        # "<gene>-directed": the name is its non-English part; "directed" says nothing about coverage
        parts = [p for p in re.split(r"[-/]", word) if p]
        word = "-".join(p for p in parts if not (p.isalpha() and p.islower() and english_frequency(p) > 0)) \
            if len(parts) > 1 else word
        toks = tokenize(word)
        if _PHASE.fullmatch(word) and not word.isdigit():  # "phase Ib": a trial's phase, no name
            continue
        # "Notch" (capitalised) for the corpus's "Notch1": a gene family is a name although an English word
        family = word[:1].isupper() and len(toks) == 1 and family_of_known(toks[0], retriever)
        if not toks or word in out or not (plain_name(word) or family) \
                or not (family or all(t in retriever.known_tokens for t in toks)):
            continue
        forms = [toks] + [tokenize(f) for fs in retriever.expander.expansions_for(word).values() for f in fs]
        common = max(min(retriever.document_frequency(t) for t in f) for f in forms if f)
        if common / n <= GENERIC_SHARE:
            out.append(word)
    return out


def written_as_a_name(surface: str) -> bool:
    """Written the way a gene, drug or code is: with a digit or two capitals in it ("IGF-1R", "T-DM1", "PTEN")."""
    letters = [c for c in surface if c.isalpha()]
    return any(c.isdigit() for c in surface) or sum(c.isupper() for c in letters) >= 2


def plain_name(surface: str) -> bool:
    """A gene, drug or code: digits, two capitals, or no English word at all."""
    return written_as_a_name(surface) or english_frequency(surface.replace("-", "")) == 0


