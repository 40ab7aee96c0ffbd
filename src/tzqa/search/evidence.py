"""Evidence by reference: which cited papers back up the passages a question retrieved.

Support is the sum of 1/rank over the passages that cite (or are) the reference, so one strong
passage outweighs several weak ones; each reference comes with the sentence that best answers
the question and the sentences that carry its citation (its reference-list entry only when no
passage sentence supports it).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tzqa.search.results import EvidenceRef, Hit

if TYPE_CHECKING:
    from tzqa.search.retriever import Retriever

__all__ = ["rank_references"]


def rank_references(retriever: Retriever, hits: list[Hit], k: int, doc: str | None = None) -> list[EvidenceRef]:
    """The ``k`` best-supported references of ``hits`` (best first; ties by number), in ``doc``'s list
    (default: the primary document's).

    Only hits whose numbers belong to that list count: a library paper's "[3]" is not the review's 3.
    """
    cat = retriever.catalogue
    doc = doc or cat.primary
    hits = [h for h in hits if (cat.uses_review_list(h.source.doc) if cat.uses_review_list(doc)
                                else h.source.doc == doc)]
    support: dict[int, float] = {}
    passages: dict[int, list[str]] = {}
    sentences: dict[int, list[str]] = {}
    entries: dict[int, str] = {}
    for h in hits:
        w = 1.0 / h.rank
        i = retriever.passage_index(h.passage_id)
        for n in h.refs:
            support[n] = support.get(n, 0.0) + w
            passages.setdefault(n, []).append(h.passage_id)
            if h.kind == "reference_entry":
                entries.setdefault(n, h.text)  # used only when no passage sentence supports n
                continue
            # The sentence that best answers the query, then the ones carrying the citation.
            cites = retriever.sentence_citations(i)
            citing = [s for j, (s, _) in enumerate(retriever.sentences_of(i)) if n in cites[j].own]
            for s in [h.highlight, *citing]:
                if s not in sentences.setdefault(n, []):
                    sentences[n].append(s)
    for n, text in entries.items():
        if not sentences.get(n):
            sentences[n] = [text]
    refs = cat.refs_of(doc)
    ranked = sorted(support, key=lambda n: (-support[n], n))[:k]
    return [EvidenceRef(number=n, citation=refs[n].citation, doi=refs[n].doi, score=round(support[n], 4),
                        passages=passages[n], sentences=sentences[n][:3])
            for n in ranked if n in refs]
