"""A JATS paragraph rendered as text with the exact place of each citation in it.

Why positions: a paragraph is cut into passages (and sentences), and each must carry the citations the
publisher encoded in it (``<xref ref-type="bibr">``), not a re-guess from the rendered text. Ranges written as
two xrefs and a dash (``<xref>3</xref>–<xref>5</xref>``) are filled in; superscript citations are written
``[n]`` so the passage reads as the page did.
"""
from __future__ import annotations

import re


def local(tag: object) -> str:
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def text_of(el) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip() if el is not None else ""


def find(el, path: str):  # type: ignore[no-untyped-def]
    found = el.xpath(path)
    return found[0] if found else None


SKIP = frozenset({"table-wrap", "table-wrap-group", "fig", "fig-group", "sec", "title", "list", "object-id",
                   "label"})
# children that are blocks of their own: rendered apart by a space, so "below.</p><p>At least" cannot glue
_BLOCKY = frozenset({"p", "list-item", "def", "disp-quote", "caption", "title", "term", "def-item"})


class Citations:
    """Reference ids -> numbers, and the rendering of a paragraph with its citations.

    ``notes``: the ids of the footnotes the article's text points at (``<xref ref-type="fn">``), its notes to
    the text, as against notes about the publication (an author's contribution, pointed at from the byline)."""

    def __init__(self, refs: dict[str, int], notes: frozenset[str] = frozenset()) -> None:
        self.refs = refs
        self.notes = notes

    def cites(self, el) -> bool:  # type: ignore[no-untyped-def]
        """Whether ``el`` holds a citation of an entry of the reference list."""
        return any(r in self.refs for x in el.xpath(".//*[local-name()='xref'][@ref-type='bibr']")
                   for r in (x.get("rid") or "").split())

    def render(self, el, skip: frozenset[str] = SKIP):  # type: ignore[no-untyped-def]
        """(text, cited numbers) of a paragraph-like element; nested tables/figures/sections left out."""
        text, cited, _ = self.render_spans(el, skip)
        return text, cited

    def render_spans(self, el, skip: frozenset[str] = SKIP):  # type: ignore[no-untyped-def]
        """(text, cited numbers, spans): ``spans`` are (start, end, numbers) of each citation in ``text``.

        Why positions: a paragraph is cut into passages (and sentences), and each must carry the
        citations the publisher encoded in it, not a re-guess from the rendered text ("Ju et al.,
        2014, 2015" defeats any pattern). Each xref is wrapped in private-use marks while the text
        is rendered and normalised, and the marks are turned into offsets at the end. Nested lists,
        figures and tables are left out (they are read as blocks of their own); a displayed formula
        is its text alternative when it has one, else ``[formula]`` (MathML flattened is noise).
        """
        parts: list[str] = []
        cited: list[int] = []
        sites: list[tuple[int, ...]] = []
        last_xref: list[int] = []

        def walk(node, in_sup: bool) -> None:  # type: ignore[no-untyped-def]
            nonlocal last_xref
            if node.text:
                parts.append(node.text)
            for child in node:
                name = local(child.tag)
                if name in skip:
                    pass
                elif name == "disp-formula":
                    alt = text_of(find(child, ".//*[local-name()='alt-text' or local-name()='textual-form']"))
                    parts.append(f" {alt or _FORMULA} ")
                elif name == "xref" and child.get("ref-type") == "bibr":
                    nums = [self.refs[r] for r in (child.get("rid") or "").split() if r in self.refs]
                    if last_xref and nums and re.fullmatch(r"\s*[–—-]\s*", _unmarked(parts[-1]) if parts else ""):
                        lo, hi = last_xref[-1], nums[0]
                        if 0 < hi - lo <= 50:
                            nums = list(range(lo + 1, hi)) + nums
                    label = text_of(child) or ",".join(map(str, nums))
                    shown = f"[{label}]" if in_sup or local(node.tag) == "sup" else label
                    if nums:
                        parts.append(f"{_OPEN}{len(sites)}{_MID}{shown}{_CLOSE}")
                        sites.append(tuple(nums))
                    else:
                        parts.append(shown)
                    cited.extend(nums)
                    last_xref = nums
                elif name == "sup" and any(local(x.tag) == "xref" for x in child):
                    walk(child, True)
                elif name in _BLOCKY:
                    parts.append(" ")
                    walk(child, in_sup)
                    parts.append(" ")
                else:
                    walk(child, in_sup)
                if child.tail:
                    parts.append(child.tail)
                    if child.tail.strip() and not re.fullmatch(r"\s*[–—,;-]\s*", child.tail):
                        last_xref = []

        walk(el, False)
        marked = re.sub(r"\s+", " ", "".join(parts)).strip()
        marked = re.sub(r"\[([^\[\]]+)\]\s*[,]?\s*\[([^\[\]]+)\]", r"[\1,\2]", marked)
        text, spans = _spans_of(marked, sites)
        if _FORMULA in text:  # after the bracket merge above, so two formulas are not "[formula,formula]"
            text, spans = _spans_of(_marked_spans(text, spans).replace(_FORMULA, "[formula]"), list(
                nums for _, _, nums in spans))
        return text, tuple(dict.fromkeys(cited)), spans


Spans = tuple[tuple[int, int, tuple[int, ...]], ...]


def join(pieces: list[tuple[str, Spans]], sep: str = " ") -> tuple[str, Spans]:
    """Rendered pieces joined into one text, their citation spans moved to where each piece now starts."""
    text = ""
    spans: list[tuple[int, int, tuple[int, ...]]] = []
    for piece, piece_spans in pieces:
        if not piece:
            continue
        if text:
            text += sep
        spans += [(a + len(text), e + len(text), nums) for a, e, nums in piece_spans]
        text += piece
    return text, tuple(spans)


def sentence_end(text: str) -> str:
    """An item or a caption title ends a sentence, so the sentence splitter keeps it apart from what follows."""
    return text if not text or text[-1] in ".?!:;" else text + "."


_DOI_ONLY = re.compile(r"(?i)^(?:doi:?\s*)?(?:https?://\S+|10\.\d{4,9}/\S+)$")


def no_content(text: str) -> bool:
    """A paragraph that is only a DOI ("DOI: http://dx.doi.org/10.7554/eLife.02935.001"), only punctuation, or
    only displayed formulas that have no text alternative ("[formula]": nothing in it can be read or found)."""
    return bool(_DOI_ONLY.match(text.strip())) or not re.search(r"[A-Za-z]{2}", text.replace("[formula]", ""))


_OPEN, _MID, _CLOSE = "\ue000", "\ue001", "\ue002"  # private-use marks around a rendered xref
_FORMULA = "\ue003"  # a displayed formula, until the text is final


def _marked_spans(text: str, spans: Spans) -> str:
    """``text`` with its spans marked again (the inverse of :func:`_spans_of`), to edit it and keep them."""
    out, pos = [], 0
    for k, (a, e, _) in enumerate(spans):
        out += [text[pos:a], f"{_OPEN}{k}{_MID}", text[a:e], _CLOSE]
        pos = e
    return "".join(out) + text[pos:]


def _unmarked(text: str) -> str:
    return re.sub(f"{_OPEN}\\d+{_MID}|{_CLOSE}", "", text)


def _spans_of(marked: str, sites: list[tuple[int, ...]]) -> tuple[str, tuple[tuple[int, int, tuple[int, ...]], ...]]:
    """Text without the marks, and (start, end, numbers) of each marked citation in it."""
    out: list[str] = []
    spans: list[tuple[int, int, tuple[int, ...]]] = []
    pos = 0
    open_at: list[tuple[int, int]] = []
    for m in re.finditer(f"{_OPEN}(\\d+){_MID}|{_CLOSE}", marked):
        out.append(marked[pos:m.start()])
        length = sum(map(len, out))
        if m.group(1) is not None:
            open_at.append((int(m.group(1)), length))
        elif open_at:
            k, start = open_at.pop()
            spans.append((start, length, sites[k]))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), tuple(sorted(spans))
