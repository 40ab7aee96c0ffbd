"""JATS XML (what PubMed Central and Europe PMC publish) -> :class:`~.records.Article`.

The file is untrusted: it is parsed by lxml with no network access, no DTD loading and no entity
expansion, and a file that declares entities of its own (the XXE and "billion laughs" attacks) is
refused outright, as is one over the size limit. In-text citations come from ``<xref ref-type="bibr">``
and are resolved to the article's own ``<ref-list>`` by id, ranges (``<xref>3</xref>–<xref>5</xref>``)
filled in; superscript citations are written ``[n]`` so the passage reads as the page did.
"""
from __future__ import annotations

import re
from pathlib import Path

from tzqa.ingest.library.limits import MAX_FILE_BYTES, DocumentError
from tzqa.ingest.library.records import Article, Block, DocRecord, Table, make_id
from tzqa.ingest.library.reflist import parse_reference
from tzqa.models import Reference

_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_XLINK = "{http://www.w3.org/1999/xlink}href"


def _parser():  # type: ignore[no-untyped-def]
    from lxml import etree

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def parse_xml(data: bytes):  # type: ignore[no-untyped-def]
    """The root element of untrusted XML bytes; raises :class:`DocumentError` with the reason for refusing it."""
    from lxml import etree

    if len(data) > MAX_FILE_BYTES:
        raise DocumentError(f"too large ({len(data) / 2**20:.1f} MB; the limit is {MAX_FILE_BYTES / 2**20:g} MB)")
    if _ENTITY_DECL.search(data[:1_000_000]):
        raise DocumentError("refused: the XML declares its own entities (external entities and entity "
                            "expansion are not allowed)")
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"not well-formed XML ({exc})") from exc
    if root is None:
        raise DocumentError("empty XML document")
    return root


def _local(tag: object) -> str:
    return tag.split("}")[-1] if isinstance(tag, str) else ""


def _text(el) -> str:  # type: ignore[no-untyped-def]
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip() if el is not None else ""


def _find(el, path: str):  # type: ignore[no-untyped-def]
    found = el.xpath(path)
    return found[0] if found else None


_SKIP = frozenset({"table-wrap", "table-wrap-group", "fig", "fig-group", "sec", "title", "list", "object-id",
                   "label"})
# children that are blocks of their own: rendered apart by a space, so "below.</p><p>At least" cannot glue
_BLOCKY = frozenset({"p", "list-item", "def", "disp-quote", "caption", "title", "term", "def-item"})


class _Citations:
    """Reference ids -> numbers, and the rendering of a paragraph with its citations."""

    def __init__(self, refs: dict[str, int]) -> None:
        self.refs = refs

    def render(self, el, skip: frozenset[str] = _SKIP):  # type: ignore[no-untyped-def]
        """(text, cited numbers) of a paragraph-like element; nested tables/figures/sections left out."""
        text, cited, _ = self.render_spans(el, skip)
        return text, cited

    def render_spans(self, el, skip: frozenset[str] = _SKIP):  # type: ignore[no-untyped-def]
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
                name = _local(child.tag)
                if name in skip:
                    pass
                elif name == "disp-formula":
                    alt = _text(_find(child, ".//*[local-name()='alt-text' or local-name()='textual-form']"))
                    parts.append(f" {alt or _FORMULA} ")
                elif name == "xref" and child.get("ref-type") == "bibr":
                    nums = [self.refs[r] for r in (child.get("rid") or "").split() if r in self.refs]
                    if last_xref and nums and re.fullmatch(r"\s*[–—-]\s*", _unmarked(parts[-1]) if parts else ""):
                        lo, hi = last_xref[-1], nums[0]
                        if 0 < hi - lo <= 50:
                            nums = list(range(lo + 1, hi)) + nums
                    label = _text(child) or ",".join(map(str, nums))
                    shown = f"[{label}]" if in_sup or _local(node.tag) == "sup" else label
                    if nums:
                        parts.append(f"{_OPEN}{len(sites)}{_MID}{shown}{_CLOSE}")
                        sites.append(tuple(nums))
                    else:
                        parts.append(shown)
                    cited.extend(nums)
                    last_xref = nums
                elif name == "sup" and any(_local(x.tag) == "xref" for x in child):
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


def _join(pieces: list[tuple[str, Spans]], sep: str = " ") -> tuple[str, Spans]:
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


def _sentence_end(text: str) -> str:
    """An item or a caption title ends a sentence, so the sentence splitter keeps it apart from what follows."""
    return text if not text or text[-1] in ".?!:;" else text + "."


_DOI_ONLY = re.compile(r"(?i)^(?:doi:?\s*)?(?:https?://\S+|10\.\d{4,9}/\S+)$")


def _no_content(text: str) -> bool:
    """A paragraph that is only a DOI ("DOI: http://dx.doi.org/10.7554/eLife.02935.001") or only punctuation."""
    return bool(_DOI_ONLY.match(text.strip())) or not re.search(r"[A-Za-z]{2}", text)


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


def _person(name) -> str:  # type: ignore[no-untyped-def]
    """"Smith JA" from ``<name><surname>Smith</surname><given-names>John A</given-names></name>``."""
    surname = _text(_find(name, "./*[local-name()='surname']"))
    given = _text(_find(name, "./*[local-name()='given-names']"))
    return f"{surname} {''.join(w[0] for w in given.replace('-', ' ').split() if w)}".strip()


def _references(root) -> tuple[list[Reference], dict[str, int]]:  # type: ignore[no-untyped-def]
    out: list[Reference] = []
    ids: dict[str, int] = {}
    for i, ref in enumerate(root.xpath("./*[local-name()='back']//*[local-name()='ref']"), start=1):
        label = _text(_find(ref, "./*[local-name()='label']")).strip("[].")
        number = int(label) if label.isdigit() and int(label) == i else i
        cit = _find(ref, "./*[local-name()='element-citation' or local-name()='mixed-citation' or "
                         "local-name()='citation']")
        raw = re.sub(r"\s+([.,;:])", r"\1", " ".join(t.strip() for t in (cit if cit is not None else ref).itertext()
                                                    if t.strip()))
        if label and raw.startswith(label):
            raw = raw[len(label):].strip(" .")
        parsed = parse_reference(number, raw)
        if cit is not None:
            names = [_person(n) if _local(n.tag) == "name" else _text(n)  # a consortium is an author too
                     for n in cit.xpath(".//*[local-name()='name' or local-name()='collab']")]
            title = _text(_find(cit, "./*[local-name()='article-title' or local-name()='chapter-title']"))
            source = _text(_find(cit, "./*[local-name()='source']"))
            year = _text(_find(cit, "./*[local-name()='year']"))
            doi = _text(_find(cit, "./*[local-name()='pub-id'][@pub-id-type='doi']")) or parsed.doi
            vol = _text(_find(cit, "./*[local-name()='volume']"))
            fp, lp = _text(_find(cit, "./*[local-name()='fpage']")), _text(_find(cit, "./*[local-name()='lpage']"))
            pages = f"{fp}-{lp}" if fp and lp else fp
            parsed = Reference(
                number=number, authors=tuple(n for n in names if n) or parsed.authors,
                et_al=bool(cit.xpath(".//*[local-name()='etal']")) or parsed.et_al,
                title=title.rstrip(".") or parsed.title, journal=source or parsed.journal,
                year=int(year[:4]) if year[:4].isdigit() else parsed.year,
                volume_pages=(f"{vol}:{pages}" if vol and pages else vol or pages) or parsed.volume_pages,
                doi=doi or None, raw=raw)
        out.append(parsed)
        if ref.get("id"):
            ids[ref.get("id")] = number
    return out, ids


def _record(root, doc_id: str | None, source_file: str) -> DocRecord:  # type: ignore[no-untyped-def]
    meta = _find(root, "//*[local-name()='front']/*[local-name()='article-meta']")
    if meta is None:
        raise DocumentError("not a JATS article (no <front>/<article-meta>)")

    def article_id(*kinds: str) -> str | None:
        for k in kinds:
            v = _text(_find(meta, f"./*[local-name()='article-id'][@pub-id-type='{k}']"))
            if v:
                return v
        return None

    authors = []
    for c in meta.xpath(".//*[local-name()='contrib'][@contrib-type='author']"):
        name = _find(c, ".//*[local-name()='name']")
        coll = _text(_find(c, ".//*[local-name()='collab']"))
        if name is not None:
            authors.append(_person(name))
        elif coll:
            authors.append(coll)
    year = None
    for y in meta.xpath("./*[local-name()='pub-date']/*[local-name()='year']"):
        if _text(y)[:4].isdigit():
            year = int(_text(y)[:4])
            break
    lic = _find(meta, ".//*[local-name()='license']")
    licence = None
    if lic is not None:
        href = lic.get(_XLINK) or _text(_find(lic, ".//*[local-name()='license_ref']"))
        licence = (href or _text(lic))[:300] or None
    statement = _text(_find(meta, ".//*[local-name()='copyright-statement']"))
    if licence is None and re.search(r"(?i)creative commons|open[- ]access|public domain", statement):
        licence = statement[:300]  # older PLOS files state the licence only here
    pmcid = article_id("pmcid", "pmc")
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = f"PMC{pmcid}"
    doi = article_id("doi")
    pmid = article_id("pmid")
    title = _text(_find(meta, "./*[local-name()='title-group']/*[local-name()='article-title']"))
    kind = "review" if (root.get("article-type") or "").lower() == "review-article" else "paper"
    return DocRecord(
        id=doc_id or make_id(pmcid, f"pmid-{pmid}" if pmid else None, doi, title[:60]), kind=kind, title=title,
        authors=tuple(authors), year=year,
        journal=_text(_find(root, "//*[local-name()='journal-meta']//*[local-name()='journal-title']")),
        doi=doi, pmid=pmid, pmcid=pmcid, licence=licence, source_file=source_file)


def _list_blocks(lst, cites: _Citations, section: str, depth: int = 0,  # type: ignore[no-untyped-def]
                 lead: str = "") -> list[Block]:
    """A ``<list>`` as items: each item's paragraphs together, short items packed into one block, nested
    lists after their item. Why: rendered as one string the items run together ("shown below.At least 4").
    ``lead``: the label the list is set under ("Pros."), read before its first item (:func:`_list_leads`)."""
    out: list[Block] = []
    pending: list[tuple[str, Spans, tuple[int, ...]]] = []  # text, spans, the numbers that item cites

    def flush() -> None:
        if pending:
            text, spans = _join([(t, sp) for t, sp, _ in pending])
            out.append(Block(section, text, tuple(dict.fromkeys(n for _, _, c in pending for n in c)), spans))
            pending.clear()

    for item in lst.xpath("./*[local-name()='list-item']"):
        label = _text(_find(item, "./*[local-name()='label']"))
        pieces: list[tuple[str, Spans]] = [(label, ())] if label else []
        if lead:
            pieces.insert(0, (lead, ()))
            lead = ""
        cited: list[int] = []
        for child in item:
            if _local(child.tag) in ("p", "title", "def", "disp-quote"):
                text, nums, spans = cites.render_spans(child)
                pieces.append((text, spans))
                cited.extend(nums)
        text, spans = _join(pieces)
        text = _sentence_end(text)
        if text and not _no_content(text):
            if pending and len(_join([(t, sp) for t, sp, _ in pending])[0]) + len(text) > 400:
                flush()
            pending.append((("– " * depth) + text, tuple((a + 2 * depth, e + 2 * depth, n) for a, e, n in spans),
                            tuple(cited)))
        nested = item.xpath("./*[local-name()='list'] | ./*[local-name()='p']/*[local-name()='list']")
        if nested:
            flush()
            for sub in nested:
                out += _list_blocks(sub, cites, section, depth + 1)
    flush()
    return out


# a run-in label set in emphasis over a list: "Pros.", "Cons.", "Advantages:" (three words at most, no digits)
_LEAD = re.compile(r"[^\W\d_][^\W\d_’'\-]*(?: [^\W\d_][^\W\d_’'\-]*){0,2}[.:]")
_EMPHASIS = ("bold", "italic", "underline", "sc")


def _lead_of(el) -> str:  # type: ignore[no-untyped-def]
    """The label ``el`` is, when it is one: an emphasised run-in label (:data:`_LEAD`) holding no citation."""
    if _local(el.tag) not in _EMPHASIS or el.xpath(".//*[local-name()='xref']"):
        return ""
    text = _text(el)
    return text if _LEAD.fullmatch(text) else ""


def _list_leads(p) -> dict[int, str] | None:  # type: ignore[no-untyped-def]
    """The labels a paragraph sets over its lists ("<p><bold>Pros.</bold><list>…</list><bold>Cons.</bold><list>…"),
    by the position of the list each stands over; None unless the paragraph's own text is those labels and
    nothing else.

    Why: the lists are read as blocks of their own after the paragraph, so its text was "Pros.Cons.", a
    passage of labels alone, and each list lost the word saying what it lists (Springer's Cognitive
    Computation review sets every tool's pros and cons so: 32 passages held only a label)."""
    leads: dict[int, str] = {}
    pending = ""
    if (p.text or "").strip():
        return None
    for k, child in enumerate(p):
        if _local(child.tag) == "list":
            if pending:
                leads[k], pending = pending, ""
        elif _local(child.tag) in _SKIP:
            pass  # a figure or table set inside the paragraph is read apart, as ever
        elif pending or not (pending := _lead_of(child)):
            return None
        if (child.tail or "").strip():
            return None
    return leads if leads and not pending else None


def _opens_with_list(el) -> bool:  # type: ignore[no-untyped-def]
    """Whether ``el`` is a list, or a paragraph whose first content is one."""
    if _local(el.tag) == "list":
        return True
    return _local(el.tag) == "p" and not (el.text or "").strip() and len(el) > 0 and _local(el[0].tag) == "list"


def _blocks(container, cites: _Citations, default: str) -> list[Block]:  # type: ignore[no-untyped-def]
    """Paragraphs of ``container`` under their section path; lists as items; DOI-only paragraphs dropped.

    A paragraph that is only a run-in label ("<p><bold>Pros.</bold></p>") right before a list, or labels
    inside a paragraph over each of its lists, are read as the first words of the list they stand over
    (:func:`_list_leads`), not as passages of their own."""
    out: list[Block] = []

    def walk(node, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        section = " › ".join(path) or default
        carried = ""  # a label paragraph's label, for the list that opens the next element
        children = list(node)
        for i, child in enumerate(children):
            name = _local(child.tag)
            lead, carried = carried, ""
            if name == "sec":
                title = _text(_find(child, "./*[local-name()='title']"))
                label = _text(_find(child, "./*[local-name()='label']"))
                walk(child, (*path, f"{label} {title}".strip() or default))
            elif name in ("p", "disp-quote"):
                lists = child.xpath("./*[local-name()='list']")
                leads = _list_leads(child) if name == "p" and lists else None
                if leads is not None:
                    for k, lst in enumerate(child):
                        if _local(lst.tag) == "list":
                            out.extend(_list_blocks(lst, cites, section, lead=lead or leads.get(k, "")))
                            lead = ""
                    continue
                if name == "p" and not lists and len(child) == 1 and not (child.text or "").strip() \
                        and not (child[0].tail or "").strip() and (label := _lead_of(child[0])) \
                        and i + 1 < len(children) and _opens_with_list(children[i + 1]):
                    carried = label
                    continue
                text, cited, spans = cites.render_spans(child)
                if text and not _no_content(text):
                    out.append(Block(section, text, cited, spans))
                for lst in lists:
                    out.extend(_list_blocks(lst, cites, section, lead=lead))
                    lead = ""
            elif name == "list":
                out.extend(_list_blocks(child, cites, section, lead=lead))
            elif name == "boxed-text":
                walk(child, path)

    walk(container, ())
    return out


def _main_floats(article, name: str) -> list:  # type: ignore[type-arg]
    """Every ``<fig>`` or ``<table-wrap>`` of the article itself, wherever the publisher put it (in a
    paragraph, a section, ``<floats-group>``), not those of its decision letter or reply."""
    return article.xpath(f".//*[local-name()='{name}'][not(ancestor::*[local-name()='sub-article' "
                         "or local-name()='response'])]")


def _captions(article, cites: _Citations) -> list[Block]:  # type: ignore[no-untyped-def]
    """Figure and table captions: label, title and text (a table's footnotes too), without the DOI eLife
    appends to each."""
    out: list[Block] = []
    for el in _main_floats(article, "fig") + _main_floats(article, "table-wrap"):
        caption = _find(el, "./*[local-name()='caption']")
        if caption is None:
            continue
        label = _text(_find(el, "./*[local-name()='label']")).rstrip(". ") or (
            "Figure" if _local(el.tag) == "fig" else "Table")
        pieces: list[tuple[str, Spans]] = []
        cited: list[int] = []
        foot = el.xpath("./*[local-name()='table-wrap-foot']//*[local-name()='p']")  # a table's notes cite too
        for child in [*caption, *foot]:
            if _local(child.tag) not in ("title", "p"):
                continue
            text, nums, spans = cites.render_spans(child)
            if text and not _no_content(text) and not text.lower().startswith("doi:"):
                pieces.append((_sentence_end(text), spans))
                cited.extend(nums)
        if not pieces:
            continue  # a label with no words ("Figure 1—figure supplement 1.") is no passage
        text, spans = _join([(_sentence_end(label), ()), *pieces])
        out.append(Block(label, text, tuple(dict.fromkeys(cited)), spans))
    return out


def _tables(article, cites: _Citations) -> list[Table]:  # type: ignore[no-untyped-def]
    out: list[Table] = []
    for tw in _main_floats(article, "table-wrap"):
        label = _text(_find(tw, "./*[local-name()='label']")) or f"Table {len(out) + 1}"
        caption = _text(_find(tw, "./*[local-name()='caption']"))
        rows = tw.xpath(".//*[local-name()='tr']")
        if not rows:
            continue
        head = tw.xpath(".//*[local-name()='thead']//*[local-name()='tr']")
        header = [c for c in (head[0] if head else rows[0]) if _local(c.tag) in ("th", "td")]
        columns = tuple(_text(c) for c in header)
        # a header's citation ("Toxicity assessment according to Ref. 2") is printed with every row's value under it
        header_cites = [cites.render(c)[1] for c in header]
        body_rows = [r for r in rows if r not in head and (head or r is not rows[0])]
        cells: list[tuple[str, ...]] = []
        citations: list[tuple[int, ...]] = []
        for r in body_rows:
            rendered = [cites.render(c) for c in r if _local(c.tag) in ("th", "td")]
            cells.append(tuple(t for t, _ in rendered))
            under = [n for (t, _), h in zip(rendered, header_cites, strict=False) if t for n in h]
            citations.append(tuple(dict.fromkeys([n for _, c in rendered for n in c] + under)))
        out.append(Table(label, caption, columns, tuple(cells), tuple(citations)))
    return out


def _the_article(root):  # type: ignore[no-untyped-def]
    """The ``<article>`` element (the root, or the first one inside a wrapper such as ``<pmc-articleset>``)."""
    if _local(root.tag) == "article":
        return root
    found = root.xpath("//*[local-name()='article']")
    if not found:
        raise DocumentError("not a JATS article (no <article>)")
    return found[0]


def read_jats(data: bytes, doc_id: str | None = None, source_file: str = "") -> Article:
    """A JATS article from untrusted bytes; raises :class:`DocumentError` when it cannot be used.

    Read: the abstract, summaries such as eLife's digest (under their own title), the body's
    paragraphs and lists, figure and table captions, every table (also those PMC moves to
    ``<floats-group>``) and the reference list. Decision letters and author replies
    (``<sub-article>``) are another text by other authors: skipped, with a note.
    """
    root = _the_article(parse_xml(data))
    record = _record(root, doc_id, source_file)
    references, ids = _references(root)
    cites = _Citations(ids)
    abstract: list[Block] = []
    summaries: list[Block] = []
    for ab in root.xpath("./*[local-name()='front']/*[local-name()='article-meta']/*[local-name()='abstract'] | "
                         "./*[local-name()='front']/*[local-name()='article-meta']/*[local-name()='trans-abstract']"):
        kind = ab.get("abstract-type") or ""
        if kind in ("graphical", "teaser", "toc") or _local(ab.tag) == "trans-abstract":
            continue
        title = _text(_find(ab, "./*[local-name()='title']"))
        if kind and kind != "abstract" and title:  # eLife digest, PLOS author summary: labelled as such
            summaries += [Block(title if b.section == title else f"{title} › {b.section}", b.text, b.citations,
                                b.citation_spans) for b in _blocks(ab, cites, title)]
            continue
        abstract += [Block(b.section if b.section == "Abstract" else f"Abstract › {b.section}", b.text, b.citations,
                           b.citation_spans) for b in _blocks(ab, cites, "Abstract")]
    body = _find(root, "./*[local-name()='body']")
    blocks = summaries + (_blocks(body, cites, "Text") if body is not None else [])
    notes: list[str] = []
    if body is None or len(blocks) == len(summaries):
        notes.append("no body text (abstract only)")
    if not blocks and not abstract:
        raise DocumentError("no body text and no abstract")
    subs = root.xpath(".//*[local-name()='sub-article' or local-name()='response']")
    if subs:
        kinds = ", ".join(dict.fromkeys((s.get("article-type") or "sub-article").replace("-", " ") for s in subs))
        notes.append(f"skipped {len(subs)} sub-article(s) ({kinds}): another text, by other authors")
    return Article(record, tuple(abstract), tuple(blocks), tuple(_tables(root, cites)), tuple(references),
                   tuple(notes), captions=tuple(_captions(root, cites)), citations_located=True)


def read_jats_file(path: Path, doc_id: str | None = None) -> Article:
    return read_jats(path.read_bytes(), doc_id, path.name)
