"""How well a real article survives the library's readers, measured against the article itself.

Why: the product exists to put the right reference numbers on the right text, and the JATS XML a
publisher deposits says exactly where every citation is. So the ground truth is taken from the XML,
independently of the reader: each ``<xref ref-type="bibr">`` of the main article (not of a decision
letter or reply) is a *site*, found in the passages by the words just before it and its label; a site
is carried when the passage holding those words cites every number the xref points at. Precision is the
other direction: of the numbers each passage cites, the share some xref in that passage backs.
Passages that carry no content (only a DOI, only a label) are counted too, as is the reference list.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tzqa.evaluation.library_pdf import PdfMeasure, measure
from tzqa.models import Passage

_WINDOW = 40  # letters and digits before a citation that place it in a passage
_MAIN = "not(ancestor::*[local-name()='sub-article' or local-name()='response'])"


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", text.lower())


@dataclass
class JatsFigures:
    """One JATS article: citation links as the XML encodes them, and what the reader kept."""

    name: str
    links: int = 0  # (xref site, reference number) pairs in the main article
    links_carried: int = 0  # ... on the passage holding the site
    sites_unplaced: int = 0  # sites whose words are in no passage (content dropped)
    passage_links: int = 0  # (passage, number) pairs the passages cite
    passage_links_backed: int = 0  # ... that an xref inside the passage cites
    references_xml: int = 0
    references_read: int = 0
    passages: int = 0
    empty_passages: list[str] = field(default_factory=list)  # only a DOI, a label or punctuation
    captions_xml: int = 0  # <fig>/<table-wrap> captions with text
    captions_read: int = 0

    @property
    def recall(self) -> float:
        return self.links_carried / self.links if self.links else 1.0

    @property
    def precision(self) -> float:
        return self.passage_links_backed / self.passage_links if self.passage_links else 1.0

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "recall": round(self.recall, 4), "precision": round(self.precision, 4)}


def _sites(root, number: dict[str, int]) -> list[tuple[tuple[str, str], set[int]]]:  # type: ignore[no-untyped-def]
    """((words before + label, label + words after), numbers) of every bibr xref of the main article, outside
    the reference list. Two windows, because a passage may start or end right at a citation.

    A range written as two xrefs and a dash ("13–17", the dash also in an element of its own, as SciELO sets
    "13<sup>-</sup>15") cites the numbers between as well, as the page does.
    """
    out: list[tuple[tuple[str, str], set[int]]] = []
    for x in root.xpath(f"//*[local-name()='xref'][@ref-type='bibr'][{_MAIN}]"
                        "[not(ancestor::*[local-name()='ref-list'])]"):
        holder = x.getparent()
        while holder is not None and holder.tag.split("}")[-1] in ("sup", "italic", "bold", "sc", "named-content",
                                                                    "xref", "underline", "sub", "ext-link"):
            holder = holder.getparent()
        label = "".join(x.itertext())
        prior = "".join(_text_before(holder, x)) if holder is not None else ""
        nums = {number[r] for r in (x.get("rid") or "").split() if r in number}
        prev, dash = x.getprevious(), ""
        if prev is not None and prev.tag != x.tag and re.fullmatch(r"\s*[–—-]\s*", "".join(prev.itertext())) \
                and not (prev.tail or "").strip():  # the dash set in an element of its own: "13<sup>-</sup>15"
            prev, dash = prev.getprevious(), "".join(prev.itertext())
        if (nums and prev is not None and prev.tag == x.tag and prev.get("ref-type") == "bibr"
                and re.fullmatch(r"\s*[–—-]\s*", (prev.tail or "") + dash)):
            lo = max((number[r] for r in (prev.get("rid") or "").split() if r in number), default=0)
            hi = min(nums)
            if 0 < hi - lo <= 50:
                nums |= set(range(lo + 1, hi))
        before, tag = _alnum(prior), _alnum(label)
        after = _alnum("".join(holder.itertext()))[len(before) + len(tag):] if holder is not None else ""
        out.append(((before[-_WINDOW:] + tag, tag + after[:_WINDOW]), nums))
    return out


def _text_before(holder, target) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text fragment of ``holder`` that comes before ``target`` in document order."""
    parts: list[str] = []

    def walk(node) -> bool:  # type: ignore[no-untyped-def]
        if node is target:
            return True
        if node.text:
            parts.append(node.text)
        for child in node:
            if walk(child):
                return True
            if child.tail:
                parts.append(child.tail)
        return False

    walk(holder)
    return parts


def measure_jats(path: Path, passages: list[Passage] | None = None) -> JatsFigures:
    """Citation-link recall and precision, reference list and empty passages of one JATS file."""
    from tzqa.ingest.library.jats import parse_xml, read_jats
    from tzqa.ingest.library.passages import article_passages

    data = path.read_bytes()
    root = parse_xml(data)
    article = read_jats(data, source_file=path.name)
    passages = passages if passages is not None else article_passages(article)
    refs = root.xpath(f"//*[local-name()='back']//*[local-name()='ref'][{_MAIN}]")
    number = {r.get("id"): i for i, r in enumerate(refs, start=1) if r.get("id")}
    fig = JatsFigures(path.name, references_xml=len(refs), references_read=len(article.references),
                      passages=len(passages))
    texts = [_alnum(p.text) for p in passages]
    backed: list[set[int]] = [set() for _ in passages]
    for (window, window_after), nums in _sites(root, number):
        if not nums:
            continue
        fig.links += len(nums)
        holders = [i for i, t in enumerate(texts) if window in t] or [
            i for i, t in enumerate(texts) if window_after in t]
        if not holders:
            fig.sites_unplaced += 1
            continue
        for i in holders:
            backed[i] |= nums
        fig.links_carried += len(nums & set().union(*(set(passages[i].refs) for i in holders)))
    for p, ok in zip(passages, backed, strict=True):
        fig.passage_links += len(set(p.refs))
        fig.passage_links_backed += len(set(p.refs) & ok)
        body = re.sub(r"(?i)\bdoi:?\s*\S+|https?://\S+|\b(figure|table|fig\.?)\s*\d+[a-z]?\b", "", p.text)
        if len(_alnum(body)) < 12:
            fig.empty_passages.append(p.text[:80])
    caps = root.xpath(f"//*[local-name()='fig' or local-name()='table-wrap'][{_MAIN}]/*[local-name()='caption']")
    fig.captions_xml = sum(1 for c in caps if _alnum("".join(c.itertext())))
    fig.captions_read = len(article.captions)
    return fig


@dataclass(frozen=True)
class Refused:
    """A file the readers refused: its name and why (one bad file does not stop the report)."""

    name: str
    reason: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def measure_paths(paths: list[Path], references_true: dict[str, int] | None = None
                  ) -> list[JatsFigures | PdfMeasure | Refused]:
    """Every article under ``paths`` (files, or folders searched recursively for .xml, .nxml and .pdf),
    measured by its kind: JATS against its xrefs (here), PDF and text by :mod:`.library_pdf`, a PDF against
    the true length of its reference list when ``references_true`` gives it by file name (a person counts it
    by reading the PDF; nothing in the file says it)."""
    from tzqa.ingest.library.limits import DocumentError

    files: list[Path] = []
    for p in paths:  # in a folder, notes beside the articles (README.md, SOURCES.md) are not articles
        files += sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in (".xml", ".nxml", ".pdf")) \
            if p.is_dir() else [p]
    out: list[JatsFigures | PdfMeasure | Refused] = []
    for f in files:
        try:
            out.append(measure_jats(f) if f.suffix.lower() in (".xml", ".nxml")
                       else measure(f, (references_true or {}).get(f.name)))
        except DocumentError as exc:
            out.append(Refused(f.name, str(exc)))
    return out
