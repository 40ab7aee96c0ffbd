"""JATS XML (what PubMed Central and Europe PMC publish) -> :class:`~.records.Article`.

The file is untrusted: it is parsed by lxml with no network access, no DTD loading and no entity
expansion, and a file that declares entities of its own (the XXE and "billion laughs" attacks) is
refused outright, as is one over the size limit. In-text citations come from ``<xref ref-type="bibr">``
and are resolved to the article's own ``<ref-list>`` by id, ranges (``<xref>3</xref>–<xref>5</xref>``)
filled in (:mod:`.jats_render`); paragraphs, lists, captions and tables are read by :mod:`.jats_blocks`.
"""
from __future__ import annotations

import re
from pathlib import Path

from tzqa.ingest.library.jats_back import back_blocks, text_notes
from tzqa.ingest.library.jats_blocks import captions, section_blocks, tables, under
from tzqa.ingest.library.jats_render import Citations, find, local, text_of
from tzqa.ingest.library.limits import MAX_FILE_BYTES, DocumentError
from tzqa.ingest.library.records import Article, Block, DocRecord, make_id
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


def _person(name) -> str:  # type: ignore[no-untyped-def]
    """"Smith JA" from ``<name><surname>Smith</surname><given-names>John A</given-names></name>``."""
    surname = text_of(find(name, "./*[local-name()='surname']"))
    given = text_of(find(name, "./*[local-name()='given-names']"))
    return f"{surname} {''.join(w[0] for w in given.replace('-', ' ').split() if w)}".strip()


def _references(root) -> tuple[list[Reference], dict[str, int]]:  # type: ignore[no-untyped-def]
    out: list[Reference] = []
    ids: dict[str, int] = {}
    for i, ref in enumerate(root.xpath("./*[local-name()='back']//*[local-name()='ref']"), start=1):
        label = text_of(find(ref, "./*[local-name()='label']")).strip("[].")
        number = int(label) if label.isdigit() and int(label) == i else i
        cit = find(ref, "./*[local-name()='element-citation' or local-name()='mixed-citation' or "
                         "local-name()='citation']")
        raw = re.sub(r"\s+([.,;:])", r"\1", " ".join(t.strip() for t in (cit if cit is not None else ref).itertext()
                                                    if t.strip()))
        if label and raw.startswith(label):
            raw = raw[len(label):].strip(" .")
        parsed = parse_reference(number, raw)
        if cit is not None:
            names = [_person(n) if local(n.tag) == "name" else text_of(n)  # a consortium is an author too
                     for n in cit.xpath(".//*[local-name()='name' or local-name()='collab']")]
            title = text_of(find(cit, "./*[local-name()='article-title' or local-name()='chapter-title']"))
            source = text_of(find(cit, "./*[local-name()='source']"))
            year = text_of(find(cit, "./*[local-name()='year']"))
            doi = text_of(find(cit, "./*[local-name()='pub-id'][@pub-id-type='doi']")) or parsed.doi
            vol = text_of(find(cit, "./*[local-name()='volume']"))
            fp, lp = text_of(find(cit, "./*[local-name()='fpage']")), text_of(find(cit, "./*[local-name()='lpage']"))
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
    meta = find(root, "//*[local-name()='front']/*[local-name()='article-meta']")
    if meta is None:
        raise DocumentError("not a JATS article (no <front>/<article-meta>)")

    def article_id(*kinds: str) -> str | None:
        for k in kinds:
            v = text_of(find(meta, f"./*[local-name()='article-id'][@pub-id-type='{k}']"))
            if v:
                return v
        return None

    authors = []
    for c in meta.xpath(".//*[local-name()='contrib'][@contrib-type='author']"):
        name = find(c, ".//*[local-name()='name']")
        coll = text_of(find(c, ".//*[local-name()='collab']"))
        if name is not None:
            authors.append(_person(name))
        elif coll:
            authors.append(coll)
    year = None
    for y in meta.xpath("./*[local-name()='pub-date']/*[local-name()='year']"):
        if text_of(y)[:4].isdigit():
            year = int(text_of(y)[:4])
            break
    lic = find(meta, ".//*[local-name()='license']")
    licence = None
    if lic is not None:
        href = lic.get(_XLINK) or text_of(find(lic, ".//*[local-name()='license_ref']"))
        licence = (href or text_of(lic))[:300] or None
    statement = text_of(find(meta, ".//*[local-name()='copyright-statement']"))
    if licence is None and re.search(r"(?i)creative commons|open[- ]access|public domain", statement):
        licence = statement[:300]  # older PLOS files state the licence only here
    pmcid = article_id("pmcid", "pmc")
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = f"PMC{pmcid}"
    doi = article_id("doi")
    pmid = article_id("pmid")
    title = text_of(find(meta, "./*[local-name()='title-group']/*[local-name()='article-title']"))
    kind = "review" if (root.get("article-type") or "").lower() == "review-article" else "paper"
    return DocRecord(
        id=doc_id or make_id(pmcid, f"pmid-{pmid}" if pmid else None, doi, title[:60]), kind=kind, title=title,
        authors=tuple(authors), year=year,
        journal=text_of(find(root, "//*[local-name()='journal-meta']//*[local-name()='journal-title']")),
        doi=doi, pmid=pmid, pmcid=pmcid, licence=licence, source_file=source_file)



def _the_article(root):  # type: ignore[no-untyped-def]
    """The ``<article>`` element (the root, or the first one inside a wrapper such as ``<pmc-articleset>``)."""
    if local(root.tag) == "article":
        return root
    found = root.xpath("//*[local-name()='article']")
    if not found:
        raise DocumentError("not a JATS article (no <article>)")
    return found[0]


def read_jats(data: bytes, doc_id: str | None = None, source_file: str = "") -> Article:
    """A JATS article from untrusted bytes; raises :class:`DocumentError` when it cannot be used.

    Read: the abstract, summaries such as eLife's digest (under their own title), the body's
    paragraphs and lists, the appendices, notes to the text and back-matter parts that cite
    (:mod:`.jats_back`), figure and table captions, every table (also those PMC moves to
    ``<floats-group>``) and the reference list. Decision letters and author replies
    (``<sub-article>``) are another text by other authors: skipped, with a note.
    """
    root = _the_article(parse_xml(data))
    record = _record(root, doc_id, source_file)
    references, ids = _references(root)
    cites = Citations(ids, text_notes(root))
    abstract: list[Block] = []
    summaries: list[Block] = []
    for ab in root.xpath("./*[local-name()='front']/*[local-name()='article-meta']/*[local-name()='abstract'] | "
                         "./*[local-name()='front']/*[local-name()='article-meta']/*[local-name()='trans-abstract']"):
        kind = ab.get("abstract-type") or ""
        if kind in ("graphical", "teaser", "toc") or local(ab.tag) == "trans-abstract":
            continue
        title = text_of(find(ab, "./*[local-name()='title']"))
        if kind and kind != "abstract" and title:  # eLife digest, PLOS author summary: labelled as such
            summaries += under(title, section_blocks(ab, cites, title))
            continue
        abstract += under("Abstract", section_blocks(ab, cites, "Abstract"))
    body = find(root, "./*[local-name()='body']")
    body_blocks = section_blocks(body, cites, "Text") if body is not None else []
    notes: list[str] = []
    if not body_blocks:
        notes.append("no body text (abstract only)")
    blocks = summaries + body_blocks + back_blocks(root, cites)
    if not blocks and not abstract:
        raise DocumentError("no body text and no abstract")
    subs = root.xpath(".//*[local-name()='sub-article' or local-name()='response']")
    if subs:
        kinds = ", ".join(dict.fromkeys((s.get("article-type") or "sub-article").replace("-", " ") for s in subs))
        notes.append(f"skipped {len(subs)} sub-article(s) ({kinds}): another text, by other authors")
    return Article(record, tuple(abstract), tuple(blocks), tuple(tables(root, cites)), tuple(references),
                   tuple(notes), captions=tuple(captions(root, cites)), citations_located=True)


def read_jats_file(path: Path, doc_id: str | None = None) -> Article:
    return read_jats(path.read_bytes(), doc_id, path.name)
