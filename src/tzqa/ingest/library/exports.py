"""Files that hold many papers: a PMC ``<pmc-articleset>``, a PubMed ``<PubmedArticleSet>``, JSON lines,
and reference-manager exports (RIS, BibTeX, PubMed's MEDLINE ``.nbib``) that only name papers.

Each function turns one such file into parts, one per paper, each either a document to store or the
reason it cannot be one — so one bad entry is refused with its position and the rest go on:

- a PMC article set is split into one JATS document per ``<article>`` (read later by :mod:`.jats`);
- a PubMed set has abstracts only: each ``<PubmedArticle>`` becomes an abstract-only Markdown document
  (title, structured abstract, with PMID, DOI, authors, year and journal in its record). The file is the
  user's, so it is stored as given, offline; ``tzqa add pmid:N`` fetches the open full text instead;
- JSON lines: ``{"id", "title", "text"}`` per line (``doi``, ``pmid``, ``pmcid``, ``year``, ``authors``,
  ``journal``, ``kind``, ``licence`` optional) become Markdown documents;
- RIS, BibTeX and MEDLINE give identifiers (PMCID, PMID or DOI) that are fetched through Europe PMC.

XML is parsed by lxml with no network, no DTD and no entity expansion, and a file declaring entities is
refused, as :mod:`.jats` does; every file here is held to :data:`MAX_EXPORT_BYTES`.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from tzqa.ingest.library.europepmc import Identifier, parse_identifier
from tzqa.ingest.library.limits import DocumentError
from tzqa.ingest.library.records import DocRecord, make_id

MAX_EXPORT_BYTES = 256 * 2**20
EXPORT_SUFFIXES = (".jsonl", ".ris", ".bib", ".nbib")
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)
_FIRST_TAG = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>", re.DOTALL | re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    """One paper from a many-paper file: a document to store, an identifier to fetch, or a refusal."""

    where: str  # its position in the file: "article 3", "line 12", "entry 4 (smith2020)"
    filename: str = ""
    data: bytes = b""
    record: DocRecord = field(default_factory=lambda: DocRecord(id="", kind=""))
    ident: Identifier | None = None
    refused: str = ""


def _check_size(data: bytes) -> None:
    if len(data) > MAX_EXPORT_BYTES:
        raise DocumentError(f"too large ({len(data) / 2**20:.1f} MB; the limit is {MAX_EXPORT_BYTES / 2**20:g} MB)")


# -- XML -------------------------------------------------------------------------------------------
def root_name(head: bytes) -> str:
    """The root element's local name from the first bytes of an XML file ("" when there is none)."""
    m = _FIRST_TAG.search(_PROLOG.sub(b"", head))
    return m.group(1).decode("ascii", "replace").split(":")[-1] if m else ""


def _parse(data: bytes):  # type: ignore[no-untyped-def]
    from lxml import etree

    _check_size(data)
    if _ENTITY_DECL.search(data[:1_000_000]):
        raise DocumentError("refused: the XML declares its own entities (external entities and entity "
                            "expansion are not allowed)")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise DocumentError(f"not well-formed XML ({exc})") from exc


def _local(el: Any) -> str:
    tag = el.tag if isinstance(el.tag, str) else ""
    return tag.rsplit("}", 1)[-1]


def _text(el: Any) -> str:
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip() if el is not None else ""


def split_articleset(data: bytes) -> list[Part]:
    """A ``<pmc-articleset>``: one JATS document (bytes) per ``<article>``, named by its PMCID when it has one."""
    from lxml import etree

    root = _parse(data)
    parts = []
    articles = [el for el in root if _local(el) == "article"]
    if not articles:
        raise DocumentError("a pmc-articleset with no <article>")
    for n, art in enumerate(articles, 1):
        ids = {el.get("pub-id-type"): _text(el) for el in art.xpath(".//*[local-name()='article-meta']"
                                                                    "/*[local-name()='article-id']")}
        pmcid = ids.get("pmcid") or ids.get("pmc") or ""
        if pmcid and not pmcid.upper().startswith("PMC"):
            pmcid = f"PMC{pmcid}"
        name = f"{pmcid or make_id(ids.get('pmid'), ids.get('doi'), f'article-{n}')}.xml"
        parts.append(Part(f"article {n}", name, etree.tostring(art, encoding="UTF-8", xml_declaration=True)))
    return parts


def _pubmed_markdown(title: str, paragraphs: list[tuple[str, str]]) -> str:
    lines = [f"# {title or 'Untitled'}", "", "## Abstract", ""]
    for label, text in paragraphs:
        lines += [f"{label}: {text}" if label else text, ""]
    return "\n".join(lines).rstrip() + "\n"


def pubmed_abstracts(data: bytes) -> list[Part]:
    """A ``<PubmedArticleSet>``: one abstract-only Markdown document per ``<PubmedArticle>`` that has an abstract."""
    root = _parse(data)
    parts = []
    arts = [el for el in root if _local(el) in ("PubmedArticle", "PubmedBookArticle", "DeleteCitation")]
    if not arts:
        raise DocumentError("a PubmedArticleSet with no <PubmedArticle>")
    for n, art in enumerate(arts, 1):
        if _local(art) != "PubmedArticle":
            parts.append(Part(f"article {n}", refused=f"a <{_local(art)}> (only journal articles are read)"))
            continue
        pmid = _text(art.find(".//MedlineCitation/PMID"))
        ids = {el.get("IdType"): _text(el) for el in art.findall(".//PubmedData/ArticleIdList/ArticleId")}
        doi, pmcid = ids.get("doi") or None, ids.get("pmc") or None
        where = f"article {n}" + (f" (pmid {pmid})" if pmid else "")
        title = _text(art.find(".//Article/ArticleTitle")).rstrip(".")
        paras = [(el.get("Label") or "", _text(el)) for el in art.findall(".//Article/Abstract/AbstractText")]
        paras = [(label.title() if label.isupper() else label, t) for label, t in paras if t]
        if not paras:
            parts.append(Part(where, refused="no abstract in the PubMed record (add the paper's file, or pmid:N "
                                              "to fetch its open full text)"))
            continue
        authors = []
        for a in art.findall(".//Article/AuthorList/Author"):
            name = _text(a.find("CollectiveName")) or " ".join(
                x for x in (_text(a.find("LastName")), _text(a.find("Initials"))) if x)
            if name:
                authors.append(name)
        year_text = _text(art.find(".//Article/Journal/JournalIssue/PubDate/Year")) or \
            _text(art.find(".//Article/Journal/JournalIssue/PubDate/MedlineDate"))[:4]
        record = DocRecord(id=make_id(pmcid, f"pmid-{pmid}" if pmid else None, doi, f"pubmed-{n}"),
                           title=title, authors=tuple(authors),
                           year=int(year_text) if year_text.isdigit() else None,
                           journal=_text(art.find(".//Article/Journal/Title")), doi=doi, pmid=pmid or None,
                           pmcid=pmcid, origin="file (PubMed abstract)",
                           kind="review" if any(_text(t) == "Review" for t in
                                                art.findall(".//Article/PublicationTypeList/PublicationType"))
                           else "paper")
        parts.append(Part(where, f"{record.id}.md", _pubmed_markdown(title, paras).encode("utf-8"), record))
    return parts


# -- JSON lines ------------------------------------------------------------------------------------
_JSONL_FIELDS = {"id", "title", "text", "doi", "pmid", "pmcid", "year", "authors", "journal", "kind", "licence"}


def _jsonl_part(n: int, line: str) -> Part:
    where = f"line {n}"
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return Part(where, refused=f"not JSON ({exc})")
    if not isinstance(obj, dict):
        return Part(where, refused="not a JSON object")
    text, title, doc_id = obj.get("text"), obj.get("title") or "", obj.get("id")
    if not isinstance(text, str) or not text.strip():
        return Part(where, refused="no \"text\" (a non-empty string is needed)")
    if not isinstance(title, str) or (doc_id is not None and not isinstance(doc_id, str)):
        return Part(where, refused="\"id\" and \"title\" must be strings")
    unknown = sorted(set(obj) - _JSONL_FIELDS)
    if unknown:
        return Part(where, refused=f"unknown field(s) {', '.join(unknown)} (known: {', '.join(sorted(_JSONL_FIELDS))})")
    authors = obj.get("authors") or []
    if isinstance(authors, str):
        authors = [authors]
    year = obj.get("year")
    try:
        record = DocRecord(id=doc_id or "", kind=str(obj.get("kind") or ""), title=title.strip(),
                           authors=tuple(str(a) for a in authors), year=int(year) if year not in (None, "") else None,
                           journal=str(obj.get("journal") or ""), doi=obj.get("doi") or None,
                           pmid=str(obj["pmid"]) if obj.get("pmid") else None, pmcid=obj.get("pmcid") or None,
                           licence=obj.get("licence") or None, origin="file (JSON lines)")
    except (TypeError, ValueError) as exc:
        return Part(where, refused=f"bad field value ({exc})")
    body = text.strip()
    doc = f"# {title.strip()}\n\n{body}\n" if title.strip() else f"{body}\n"
    name = f"{make_id(doc_id, title, f'record-{n}')}.md"
    return Part(where, name, doc.encode("utf-8"), record)


def jsonl_records(data: bytes) -> list[Part]:
    """One Markdown document per line of ``{id, title, text}``; a bad line is refused with its number."""
    _check_size(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError(f"not UTF-8 text (byte {exc.start})") from exc
    return [_jsonl_part(n, line) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


# -- reference-manager exports ---------------------------------------------------------------------
def _ident(pmcid: str | None, pmid: str | None, doi: str | None) -> Identifier | None:
    """The best identifier to fetch by: a PMCID (full text), a PMID, then a DOI; None when none parses."""
    for text in (f"pmcid:{pmcid}" if pmcid else None, f"pmid:{pmid}" if pmid else None,
                 f"doi:{doi}" if doi else None):
        if text:
            try:
                ident = parse_identifier(text)
            except ValueError:
                continue
            if ident is not None:
                return ident
    return None


def _ident_part(where: str, pmcid: str | None, pmid: str | None, doi: str | None) -> Part:
    ident = _ident(pmcid, pmid, doi)
    if ident is None:
        return Part(where, refused="no DOI, PMID or PMCID to fetch it by")
    return Part(f"{where} ({ident})", ident=ident)


_DOI_IN = re.compile(r"(10\.\d{4,9}/[^\s\"<>{}]+)")
_PMID_IN = re.compile(r"\bPMID:?\s*(\d{1,9})\b", re.IGNORECASE)
_PMCID_IN = re.compile(r"\b(PMC\d{1,9})\b", re.IGNORECASE)


def _decode(data: bytes) -> str:
    _check_size(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # old reference managers write Latin-1; identifiers are ASCII either way


def ris_identifiers(data: bytes) -> list[Part]:
    """RIS (``TY  -`` … ``ER  -``): ``DO`` or a doi.org ``UR`` for the DOI, ``AN``/``PMID:`` for the PMID, ``PMC…``."""
    parts, fields, n = [], [], 0
    for line in _decode(data).splitlines() + ["ER  - "]:
        m = re.match(r"^([A-Z][A-Z0-9])\s{1,2}-\s?(.*)$", line.strip("\ufeff"))
        if not m:
            continue
        tag, value = m.group(1), m.group(2).strip()
        if tag == "ER":
            if fields:
                n += 1
                get = {}
                for t, v in fields:
                    get.setdefault(t, v)
                title = get.get("TI") or get.get("T1") or ""
                rest = " ".join(v for _, v in fields)
                doi = get.get("DO") or next((m.group(1) for t, v in fields if t in ("UR", "L2", "M3", "N1")
                                             for m in [_DOI_IN.search(v)] if m), None)
                an = get.get("AN", "")
                pmid = an if an.isdigit() else next((m.group(1) for m in [_PMID_IN.search(rest)] if m), None)
                pmcid = next((m.group(1) for m in [_PMCID_IN.search(rest)] if m), None)
                parts.append(_ident_part(f"entry {n}" + (f" ({title[:40]})" if title and not (doi or pmid or pmcid)
                                                         else ""), pmcid, pmid, doi))
            fields = []
        else:
            fields.append((tag, value))
    return parts


_BIB_ENTRY = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)\s*,", re.IGNORECASE)
_BIB_FIELD = re.compile(r"(\w+)\s*=\s*(?:\{((?:[^{}]|\{[^{}]*\})*)\}|\"([^\"]*)\"|(\d+))", re.DOTALL)


def bibtex_identifiers(data: bytes) -> list[Part]:
    """BibTeX: ``doi``, ``pmid``, ``pmcid`` fields (or ``eprint`` with ``eprinttype = pubmed``, a doi.org ``url``)."""
    text = _decode(data)
    starts = [m for m in _BIB_ENTRY.finditer(text) if m.group(1).lower() not in ("comment", "string", "preamble")]
    parts = []
    for n, m in enumerate(starts, 1):
        end = starts[n].start() if n < len(starts) else len(text)
        fields = {f.group(1).lower(): (f.group(2) or f.group(3) or f.group(4) or "").strip()
                  for f in _BIB_FIELD.finditer(text, m.end(), end)}
        doi = fields.get("doi") or next((d.group(1) for d in [_DOI_IN.search(fields.get("url", ""))] if d), None)
        pmid = fields.get("pmid") or (fields.get("eprint") if fields.get("eprinttype", "").lower() == "pubmed"
                                      else None)
        parts.append(_ident_part(f"entry {n} ({m.group(2)})", fields.get("pmcid"), pmid, doi))
    return parts


def nbib_identifiers(data: bytes) -> list[Part]:
    """PubMed's MEDLINE format (``.nbib``): ``PMID-``, ``PMC -`` and ``AID - … [doi]`` lines, records split by blank lines."""
    parts = []
    for n, block in enumerate((b for b in re.split(r"\n\s*\n", _decode(data).replace("\r", "")) if b.strip()), 1):
        pmid = next(iter(re.findall(r"^PMID-\s*(\d+)", block, re.M)), None)
        pmcid = next(iter(re.findall(r"^PMC\s*-\s*(PMC\d+)", block, re.M)), None)
        doi = next(iter(re.findall(r"^(?:AID|LID)\s*-\s*(\S+)\s*\[doi\]", block, re.M)), None)
        parts.append(_ident_part(f"record {n}", pmcid, pmid, doi))
    return parts
