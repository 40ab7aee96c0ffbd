"""Which document each passage belongs to, and each document's own reference list, at query time.

A hit's ``refs`` are numbers in *its* document's list: every document's own, kept in its catalogue entry
(the papers filed under ``corpus/references/`` too: they are read like any library document); an entry
without a list falls back to the primary document's, the one the pack names. This module resolves them,
builds a hit's ``source`` (kind, document id and title, label), filters by document, and answers
``GET /documents``. No document is special-cased by its id: what differs is in the entries.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from tzqa.errors import UnknownDocumentError
from tzqa.ingest.library import cite
from tzqa.ingest.library.collect import doc_id
from tzqa.models import Passage, Reference
from tzqa.search.results import SOURCE_LABELS, ReferenceInfo, Source

_LIBRARY_LABELS = {"review": "Review (library)", "paper": "Paper (library)", "reference": "Cited paper (library)"}


class Catalogue:
    def __init__(self, passages: list[Passage], documents: dict[str, Any], review_refs: dict[int, Reference],
                 primary: str | None = None) -> None:
        """``review_refs``: the primary document's list as ``document.json`` keeps it (for an index whose
        catalogue entry lacks it); ``primary``: its id (default: the pack's)."""
        from tzqa.domain.pack import primary_document

        self.documents = documents
        self.review_refs = review_refs
        self.primary = primary or primary_document()
        self.doc_of = np.array([doc_id(p) for p in passages]) if passages else np.array([], dtype=str)
        self._refs: dict[str, dict[int, Reference]] = {}
        for d, entry in documents.items():
            if entry.get("references") is not None:
                self._refs[d] = {int(r["number"]): Reference.from_dict(r) for r in entry["references"]}
        self._refs.setdefault(self.primary, review_refs)

    def list_of(self, doc: str) -> str:
        """The document whose reference list ``doc``'s numbers are in: its own; for an unknown id or an entry
        without a list, the primary document's."""
        return doc if doc in self._refs else self.primary

    def uses_review_list(self, doc: str) -> bool:
        """True for the primary document (and a document whose entry has no list of its own)."""
        return self.list_of(doc) == self.primary

    def refs_of(self, doc: str) -> dict[int, Reference]:
        return self._refs.get(self.list_of(doc), {})

    def validate(self, doc: str) -> None:
        if doc not in self.documents:
            known = ", ".join(sorted(self.documents)[:20])
            raise UnknownDocumentError(f"no document {doc!r} in the index (documents: {known}; GET /documents "
                                       f"lists them)")

    def mask(self, doc: str) -> np.ndarray:
        return self.doc_of == doc

    def review_list_numbers(self, p: Passage) -> set[int]:
        """The review's reference numbers a passage cites or is (for the ``ref`` filter)."""
        d = doc_id(p)
        if self.uses_review_list(d):
            return {*p.refs, *([p.source_ref] if p.source_ref else [])}
        return {p.source_ref} if p.source_ref else set()

    def reference_info(self, n: int, doc: str | None = None) -> ReferenceInfo:
        """Entry ``n`` of ``doc``'s list (default: the primary document's); ``doc`` in the result names the list."""
        owner = self.list_of(doc or self.primary)
        r = self._refs[owner][n]
        return ReferenceInfo(number=n, citation=r.citation, doi=r.doi, doc=owner)

    def hit_references(self, p: Passage) -> list[ReferenceInfo]:
        d = doc_id(p)
        refs = self.refs_of(d)
        return [self.reference_info(n, d) for n in p.refs if n in refs]

    def source(self, p: Passage) -> Source:
        d = doc_id(p)
        entry = self.documents.get(d, {})
        if self.uses_review_list(d) or p.kind == "reference_entry":
            label = SOURCE_LABELS.get(p.kind, "")
        else:
            label = _LIBRARY_LABELS.get(p.source_kind, "Library")
            if p.kind in ("table_row", "caption"):  # "Library paper · Figure 3"
                label = f"{label} · {p.section}"
        return Source(kind=p.source_kind, ref=p.source_ref, label=label, doc=d, title=entry.get("title", ""))

    def sentence_refs(self, p: Passage, text: str) -> list[int]:
        """Reference numbers cited in one sentence of ``p``, in its own document's list."""
        d = doc_id(p)
        if self.uses_review_list(d):
            nums = [n for c in cite.find_markers(text, len(self.refs_of(d)), style=cite.STRICT) for n in c.numbers]
        else:
            refs = self._refs[d]
            nums = [n for m in cite.find_markers(text, len(refs), tuple(refs.values())) for n in m.numbers]
        return list(dict.fromkeys(nums))

    def listing(self) -> list[dict[str, Any]]:
        """One summary per document (no reference lists), the review first."""
        counts: dict[str, int] = {}
        for d in self.doc_of.tolist():
            counts[d] = counts.get(d, 0) + 1
        out = []
        for d, entry in self.documents.items():
            out.append({k: v for k, v in entry.items()
                        if k not in ("references", "notes", "sections", "table_contents")}
                       | {"passages": counts.get(d, 0), "reference_count": len(self._refs.get(d, {}))})
        return out

    def detail(self, doc: str) -> dict[str, Any]:
        self.validate(doc)
        summary = next(e for e in self.listing() if e["id"] == doc)
        entry = self.documents[doc]
        refs = [r.to_dict() for r in sorted(self._refs.get(doc, {}).values(), key=lambda r: r.number)]
        return summary | {"sections": entry.get("sections", []), "notes": entry.get("notes", []), "references": refs}

    def tables(self, doc: str) -> list[dict[str, Any]]:
        """The tables of ``doc`` as its reader read them (label, caption, columns, rows, citations per row)."""
        self.validate(doc)
        return list(self.documents[doc].get("table_contents", []))
