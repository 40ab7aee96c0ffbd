"""Which references belong to which sentence: a sentence's own citation markers, and the ones it
only inherits from later in its paragraph.

Why: reviews cite at the end of a run of sentences, so a sentence without a marker is often
backed by the next one.  But "often" is not "always": the next marker may belong to a sentence
three lines later about something else.  A cited answer shows a sentence's own numbers as its
own, and the inherited ones separately, marked as the paragraph's (``refs_from_paragraph``), so a
reader never takes a paragraph's citation for the sentence's.

Computed once per passage and cached by the retriever: answers, highlights and evidence use the same numbers.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tzqa.models import Passage
    from tzqa.search.catalogue import Catalogue

__all__ = ["SentenceCitations", "passage_sentence_citations"]


@dataclass(frozen=True)
class SentenceCitations:
    own: tuple[int, ...]             # markers in the sentence itself
    from_paragraph: tuple[int, ...]  # numbers it would inherit: the next marker of its passage, or its paragraph's;
    #                                  the one before it for a sentence summing up what came before ("These …")


def passage_sentence_citations(catalogue: Catalogue, p: Passage, sentences: list[str],
                               following: list[str] | None = None,
                               offsets: list[tuple[int, int]] | None = None) -> list[SentenceCitations]:
    """One :class:`SentenceCitations` per sentence of ``p``, in order.

    A table row or a reference-list entry is one item whose numbers are its own. In a paragraph, a
    sentence without a marker inherits the next marker in its passage (one summing up what came before,
    "All of these …", "Thus …", the marker before it); when no later sentence has
    one, the first marker of the rest of its paragraph (``following``: the sentences of the passages
    the paragraph continues in); else nothing.
    A passage whose citations the source encoded with positions (``Passage.cites``, JATS) gives each
    sentence (``offsets`` in the passage) the citations that start in it, never a re-guess from text
    ("(1) … (2)" in such a passage is an enumeration); it inherits only within the passage.
    """
    if p.kind not in ("paragraph", "caption"):
        return [SentenceCitations(tuple(p.refs), ()) for _ in sentences]
    encoded = p.cites is not None and offsets is not None
    if encoded:  # positions the source encoded: a sentence owns the citations in it
        own = [tuple(dict.fromkeys(n for a, _, nums in p.cites or () if s <= a < e for n in nums))
               for s, e in offsets or ()]
    else:
        own = [tuple(catalogue.sentence_refs(p, s)) for s in sentences]
    # Only a marker that comes later can be inherited: a number the passage was credited with from an
    # earlier chunk of its paragraph ("Perou 2000" cited two chunks before) backs nothing here.
    trailing = () if encoded else next(
        (tuple(nums) for t in following or [] if (nums := catalogue.sentence_refs(p, t))), ())
    out: list[SentenceCitations] = []
    for j, nums in enumerate(own):
        if nums:
            out.append(SentenceCitations(nums, ()))
            continue
        # "All of these factors could predict …" sums up what came before: the markers before it back it, not
        # the next one, which belongs to the next claim
        earlier = own[j - 1] if j and _SUMS_UP.match(sentences[j]) else ()  # the sentence just before it
        later = next((o for o in own[j + 1:] if o), trailing)
        out.append(SentenceCitations((), earlier or later))
    return out


# A sentence opening by pointing back ("These", "All of these", "Thus", "Taken together"): it speaks of what came
# before it.
_SUMS_UP = re.compile(r"(?i)^\W*(?:(?:all|both|each|most|many|some|none) of (?:these|those|them|the above)\b"
                      r"|(?:this|these|those|such)\b(?!\s+(?:article|review|paper)\b)"
                      r"|(?:thus|therefore|hence|taken together|collectively|in summary|in conclusion|in all)\b)")
