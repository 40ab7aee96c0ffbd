"""What kind of sentence it is, by its wording: framing, introducing, anaphoric; and what a question asks (a
definition) or gives as examples.

Why apart from the answer's selection (answer.py): these are facts about English scientific prose, true of any
article, that the selection weighs; kept here they are tested and read on their own.
"""
from __future__ import annotations

import re

__all__ = ["ANAPHOR", "CAUSE", "DEFINITION_Q", "INTRO", "META", "WHY_Q", "question_examples"]

# Sentences about the writing rather than the findings ("In this review we summarise…", "markers are needed",
# "remains unclear", "has been developed"): true of any article, they frame an answer but do not give one.
META = re.compile(
    r"\b(?:in this (?:review|paper|article|study)"
    r"|(?:we|this (?:review|paper|article)) (?:summari[sz]es?|reviews?|discuss(?:es)?|describes?|focus(?:es)?"
    r"|analy[sz]es?|provides?)"
    r"|(?:is|are|remains?) (?:urgently |still )?(?:needed|required|unclear|unknown|elusive|lacking)"
    r"|(?:have|has) been (?:developed|proposed|explored|investigated)|further (?:studies|research|investigation)"
    r"|our study|remains? an? (?:top |major |key |important )?(?:priority|challenge)"
    r"|(?:deeper|better|full) (?:better )?understanding of|will (?:enable|help|allow|facilitate) (?:the |us )?"
    r"|of (?:great|crucial|vital) importance|attracted (?:much |increasing |great )?attention|stresses the need"
    r"|(?:will|would) have an? (?:significant|great|major) impact)\b", re.I)
# Of those, the ones that say a thing matters or will help, rather than what the text covers ("understanding X will
# have a significant impact", "remains a top priority", "we believe … will lay the foundation"): no reader's answer.
FILLER = re.compile(
    r"\b(?:(?:will|would) (?:have an? (?:significant|great|major|profound) impact|enable|help|allow|facilitate"
    r"|lay (?:the|a) foundation|pave the way|provide (?:new|novel) (?:insights?|ideas?|strategies|directions?))"
    r"|remains? an? (?:top |major |key |important )?(?:priority|challenge)|stresses the need"
    r"|(?:is|are) (?:urgently |still )?needed(?! (?:for|to|in|by)\b)|of (?:great|crucial|vital) importance"
    r"|attracted (?:much |increasing |great )?attention|(?:it is|is) (?:very |extremely |therefore )?important to"
    r"|we believe|pave the way)\b", re.I)
# A forecast or a progress report ("are expected to improve …", "is also currently making good progress"): filler,
# except for a question about where things are heading (OUTLOOK_Q), which a forecast answers.
FORECAST = re.compile(r"\b(?:(?:is|are) expected to (?:improve|play|become|bring)"
                      r"|(?:is|are) (?:also )?(?:currently )?making (?:good |great |significant |rapid )?progress)\b", re.I)
# not "could facilitate motility", "is required for PI3K activation": findings
OUTLOOK_Q = re.compile(r"(?i)\b(?:outlook|future|prospects?|where\b.{0,60}\bheading|going forward|next steps?|"
                       r"what(?:'s| is) coming|on the horizon|pipeline)\b")
# A sentence that introduces its subject ("<drug> (code) is a powerful inhibitor …"): it answers "what is it".
INTRO = re.compile(r"^(?:\([^)]{0,60}\)|[^,;:(]){0,100}?\b(?:is|are|was)\s+(?:a|an|another|the|one of|currently)\b",
                   re.I)  # a parenthesis of codes may sit in the subject: "<drug> (DS-8201a, T-DXd) is another …"
# A question asking what something is: an introducing sentence is its answer.
DEFINITION_Q = re.compile(r"^\s*(?:what|who)(?:'s|\s+is|\s+are)\b|\bdefin|\bwhat does .{1,60} mean\b|\bwhat kind of\b"
                          r"|\bwhat type of\b", re.I)
# A question asking for a cause, and a sentence that gives one (a mechanism, what leads to or mediates what):
# "why did it stop working after a year?" is not answered by "70% become resistant within one year" alone. The
# word "mechanisms" alone is no cause ("understanding these mechanisms will enable …"); what they are is.
WHY_Q = re.compile(r"\bwhy\b|\bhow come\b|\bwhat (?:causes|caused|makes|made)\b|\breasons? (?:for|why)\b", re.I)
CAUSE = re.compile(r"\b(?:because|due to|caus(?:e|es|ed|ing)|result(?:s|ed|ing)? in"
                   r"|induc(?:e|es|ed|ing)|mediat(?:e|es|ed|ing)|account(?:s)? for|contribut(?:e|es|ed|ing) to"
                   r"|activat(?:e|es|ed|ing|ion of)|mutations?|alterations?)\b", re.I)  # not "leading to": a consequence
# A sentence opening with an anaphor ("This in turn induces …"): it needs the sentence before it.
# "This article" (the document itself) needs none; "This study" refers back to the study just described.
ANAPHOR = re.compile(r"^(?:(?:this|these|those|such)\b(?!\s+(?:article|review|paper)\b)"
                     r"|(?:it|its|they|their|thus|therefore|moreover|however,? this)\b)", re.I)


# Words a question gives as examples: "e.g. miR-21", "such as PTEN" ("like" and "say" are everyday words).
_EXAMPLE = re.compile(r"(?i)\b(?:e\.?\s?g\.?|for example|for instance|such as|including)[,:]?\s+(.{1,80}?)(?:[?.;)]|$)")


def question_examples(question: str) -> set[str]:
    """The names a question gives as examples ("e.g. miR-21 or miR-210", "such as PTEN"), lower-cased, without
    hyphens (as focus terms are written: "mir21"); the plain words after them ("… predict response to") are not."""
    from tzqa.search.coverage import plain_name

    out: set[str] = set()
    for m in _EXAMPLE.finditer(question):
        for w in re.findall(r"[\w-]+", m.group(1)):  # the run of names joined by "or"/"and"/commas, no further
            if w.lower() in ("or", "and"):
                continue
            if not plain_name(w) or w.isdigit():
                break
            out.add(w.lower().replace("-", ""))
    return out
