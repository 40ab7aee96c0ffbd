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


class _Citations:
    """Reference ids -> numbers, and the rendering of a paragraph with its citations."""

    def __init__(self, refs: dict[str, int]) -> None:
        self.refs = refs

    def render(self, el, skip: frozenset[str] = frozenset({"table-wrap", "fig", "sec", "title"})):  # type: ignore[no-untyped-def]
        """(text, cited numbers) of a paragraph-like element; nested tables/figures/sections left out."""
        text, cited, _ = self.render_spans(el, skip)
        return text, cited

    def render_spans(self, el, skip: frozenset[str] = frozenset({"table-wrap", "fig", "sec", "title"})):  # type: ignore[no-untyped-def]
        """(text, cited numbers, spans): ``spans`` are (start, end, numbers) of each citation in ``text``.

        Why positions: a paragraph is cut into passages (and sentences), and each must carry the
        citations the publisher encoded in it, not a re-guess from the rendered text ("Ju et al.,
        2014, 2015" defeats any pattern). Each xref is wrapped in private-use marks while the text
        is rendered and normalised, and the marks are turned into offsets at the end.
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
        return text, tuple(dict.fromkeys(cited)), spans


_OPEN, _MID, _CLOSE = "\ue000", "\ue001", "\ue002"  # private-use marks around a rendered xref


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
    for i, ref in enumerate(root.xpath("//*[local-name()='back']//*[local-name()='ref']"), start=1):
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
            names = [_person(n) for n in cit.xpath(".//*[local-name()='name']")]
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


def _blocks(container, cites: _Citations, default: str) -> list[Block]:  # type: ignore[no-untyped-def]
    out: list[Block] = []

    def walk(node, path: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
        for child in node:
            name = _local(child.tag)
            if name == "sec":
                title = _text(_find(child, "./*[local-name()='title']"))
                label = _text(_find(child, "./*[local-name()='label']"))
                walk(child, (*path, f"{label} {title}".strip() or default))
            elif name in ("p", "list", "disp-quote"):
                text, cited, spans = cites.render_spans(child)
                if text:
                    out.append(Block(" › ".join(path) or default, text, cited, spans))
            elif name == "fig":
                text, cited = cites.render(_find(child, "./*[local-name()='caption']") if
                                           _find(child, "./*[local-name()='caption']") is not None else child)
                label = _text(_find(child, "./*[local-name()='label']")) or "Figure"
                if text:
                    out.append(Block(f"{label}", text, cited))

    walk(container, ())
    return out


def _tables(root, cites: _Citations) -> list[Table]:  # type: ignore[no-untyped-def]
    out: list[Table] = []
    for tw in root.xpath("//*[local-name()='body']//*[local-name()='table-wrap']"):
        label = _text(_find(tw, "./*[local-name()='label']")) or f"Table {len(out) + 1}"
        caption = _text(_find(tw, "./*[local-name()='caption']"))
        rows = tw.xpath(".//*[local-name()='tr']")
        if not rows:
            continue
        head = tw.xpath(".//*[local-name()='thead']//*[local-name()='tr']")
        columns = tuple(_text(c) for c in (head[0] if head else rows[0]) if _local(c.tag) in ("th", "td"))
        body_rows = [r for r in rows if r not in head and (head or r is not rows[0])]
        cells: list[tuple[str, ...]] = []
        citations: list[tuple[int, ...]] = []
        for r in body_rows:
            rendered = [cites.render(c) for c in r if _local(c.tag) in ("th", "td")]
            cells.append(tuple(t for t, _ in rendered))
            citations.append(tuple(dict.fromkeys(n for _, c in rendered for n in c)))
        out.append(Table(label, caption, columns, tuple(cells), tuple(citations)))
    return out


def read_jats(data: bytes, doc_id: str | None = None, source_file: str = "") -> Article:
    """A JATS article from untrusted bytes; raises :class:`DocumentError` when it cannot be used."""
    root = parse_xml(data)
    record = _record(root, doc_id, source_file)
    references, ids = _references(root)
    cites = _Citations(ids)
    abstract: list[Block] = []
    for ab in root.xpath("//*[local-name()='article-meta']/*[local-name()='abstract']"):
        if ab.get("abstract-type") in ("graphical", "teaser"):
            continue
        abstract += [Block(b.section if b.section == "Abstract" else f"Abstract › {b.section}", b.text, b.citations,
                           b.citation_spans) for b in _blocks(ab, cites, "Abstract")]
    body = _find(root, "//*[local-name()='body']")
    blocks = _blocks(body, cites, "Text") if body is not None else []
    notes: list[str] = []
    if not blocks:
        notes.append("no body text (abstract only)")
    if not blocks and not abstract:
        raise DocumentError("no body text and no abstract")
    return Article(record, tuple(abstract), tuple(blocks), tuple(_tables(root, cites)), tuple(references),
                   tuple(notes))


def read_jats_file(path: Path, doc_id: str | None = None) -> Article:
    return read_jats(path.read_bytes(), doc_id, path.name)
