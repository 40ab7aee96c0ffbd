"""Identifiers (``pmid:``, ``pmcid:``, ``doi:``) -> library documents, through Europe PMC's REST API.

The record (metadata, abstract, licence) comes from the search endpoint; when the article is in the
open-access subset its full text is fetched as JATS XML and read by :mod:`.jats`, otherwise the
abstract is stored as a Markdown document — only under an open licence (Creative Commons, public
domain), the same rule ``tzqa references fetch`` has always followed. Every document records its
source URL, licence and retrieval date. The HTTP client is a parameter, so tests run on recorded
responses; no network at all is a :class:`~tzqa.ingest.fetch.FetchError` with a clear message.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from tzqa.errors import TzqaError
from tzqa.ingest.fetch import EUROPE_PMC_SEARCH, FetchError, abstract_paragraphs, is_open_licence, source_url
from tzqa.ingest.library.doi import normalise_doi
from tzqa.ingest.library.records import DocRecord, make_id

FULL_TEXT_XML = "https://www.ebi.ac.uk/europepmc/webservices/rest/{pmcid}/fullTextXML"
_ID = re.compile(r"^\s*(?:(pmid|pmcid|doi)\s*:\s*)?(\S+)\s*$", re.IGNORECASE)


class NotFound(TzqaError, LookupError):
    """Europe PMC has no record for the identifier, or no text it may be copied with."""


@dataclass(frozen=True)
class Identifier:
    scheme: str  # "pmid" | "pmcid" | "doi"
    value: str

    @property
    def query(self) -> str:
        if self.scheme == "pmid":
            return f"EXT_ID:{self.value} AND SRC:MED"
        if self.scheme == "pmcid":
            return f"PMCID:{self.value}"
        return f'DOI:"{self.value}"'

    def __str__(self) -> str:
        return f"{self.scheme}:{self.value}"


def parse_identifier(text: str) -> Identifier | None:
    """``pmid:31512345``, ``pmcid:PMC123``, ``doi:10.1/x`` (or a bare PMCID or DOI); None for anything else."""
    m = _ID.match(text)
    if not m:
        return None
    scheme, value = (m.group(1) or "").lower(), m.group(2)
    if not scheme:
        if re.fullmatch(r"PMC\d+", value, re.IGNORECASE):
            scheme = "pmcid"
        elif re.match(r"10\.\d{4,9}/", value):
            scheme = "doi"
        else:
            return None
    if scheme == "pmid" and not value.isdigit():
        raise ValueError(f"{text!r}: a PMID is digits only")
    if scheme == "pmcid":
        value = value.upper() if value.upper().startswith("PMC") else f"PMC{value}"
        if not re.fullmatch(r"PMC\d+", value):
            raise ValueError(f"{text!r}: a PMCID is PMC followed by digits")
    if scheme == "doi":
        value = normalise_doi(value)
        if not re.match(r"10\.\d{4,9}/\S+", value):
            raise ValueError(f"{text!r}: a DOI starts 10.NNNN/")
    return Identifier(scheme, value)


def _get(client: httpx.Client, url: str, **params: str) -> httpx.Response:
    try:
        return client.get(url, params=params or None)
    except httpx.TransportError as exc:
        raise FetchError(f"cannot reach Europe PMC (offline?): {exc.__class__.__name__}: {exc}") from exc


def find_record(client: httpx.Client, ident: Identifier) -> dict[str, Any]:
    """The Europe PMC core record for ``ident``; :class:`NotFound` when there is none."""
    response = _get(client, EUROPE_PMC_SEARCH, query=ident.query, resultType="core", format="json", pageSize="5")
    if response.status_code >= 400:
        raise NotFound(f"Europe PMC answered HTTP {response.status_code} for {ident}")
    try:
        results = (response.json().get("resultList") or {}).get("result") or []
    except (ValueError, AttributeError) as exc:
        raise NotFound(f"unexpected reply from Europe PMC for {ident} ({exc})") from exc
    key = {"pmid": "pmid", "pmcid": "pmcid", "doi": "doi"}[ident.scheme]
    for rec in results:
        if isinstance(rec, dict) and str(rec.get(key) or "").lower() == ident.value.lower():
            return rec
    raise NotFound(f"Europe PMC has no record for {ident}")


def full_text(client: httpx.Client, rec: dict[str, Any]) -> bytes | None:
    """The JATS full text of an open-access record, or None when it has none."""
    pmcid = rec.get("pmcid")
    if not pmcid or rec.get("isOpenAccess") != "Y":
        return None
    response = _get(client, FULL_TEXT_XML.format(pmcid=pmcid))
    if response.status_code != 200 or not response.content.strip():
        return None
    return response.content


def record_of(rec: dict[str, Any], kind: str = "", cited_as: int | None = None, origin: str = "") -> DocRecord:
    """A :class:`DocRecord` from a Europe PMC core record."""
    authors = tuple(a.strip() for a in str(rec.get("authorString") or "").rstrip(".").split(",") if a.strip())
    journal = ((rec.get("journalInfo") or {}).get("journal") or {}).get("title", "") if isinstance(
        rec.get("journalInfo"), dict) else ""
    year = str(rec.get("pubYear") or "")
    pmcid, pmid = rec.get("pmcid"), rec.get("pmid")
    return DocRecord(
        id=make_id(pmcid, f"pmid-{pmid}" if pmid else None, rec.get("doi")), kind=kind,
        title=re.sub(r"<[^>]+>", "", str(rec.get("title") or "")).strip().rstrip("."), authors=authors,
        year=int(year) if year.isdigit() else None, journal=journal, doi=rec.get("doi"), pmid=pmid, pmcid=pmcid,
        licence=rec.get("license"), origin=origin, source_url=source_url(rec),
        retrieved=date.today().isoformat(), cited_as=cited_as)


def abstract_document(rec: dict[str, Any]) -> str:
    """The Markdown stored for an abstract-only document: title, then the abstract's paragraphs."""
    title = re.sub(r"<[^>]+>", "", str(rec.get("title") or "Untitled")).strip()
    lines = [f"# {title}", "", "## Abstract", ""]
    label = ""
    for para in abstract_paragraphs(str(rec.get("abstractText") or "")):
        if para.startswith("### "):  # a structured abstract's part: it labels the paragraph, not a section
            label = para[4:].strip()
            continue
        lines += [f"{label}: {para}" if label else para, ""]
        label = ""
    return "\n".join(lines).rstrip() + "\n"


@dataclass(frozen=True)
class Fetched:
    """What Europe PMC gave for one identifier: the record, and the file to store (name, bytes)."""

    record: DocRecord
    filename: str
    data: bytes
    what: str  # "full text" | "abstract"


def fetch(client: httpx.Client, ident: Identifier, kind: str = "", cited_as: int | None = None) -> Fetched:
    """Resolve ``ident`` to a document: open-access full text when there is one, else an open abstract."""
    rec = find_record(client, ident)
    xml = full_text(client, rec)
    if xml is not None:
        record = record_of(rec, kind, cited_as, "europepmc:fulltext")
        return Fetched(record, f"{record.pmcid or record.id}.xml", xml, "full text")
    licence = rec.get("license")
    if not str(rec.get("abstractText") or "").strip():
        raise NotFound(f"{ident}: not in the open-access subset and the record has no abstract")
    if not is_open_licence(str(licence) if licence else None):
        raise NotFound(f"{ident}: not in the open-access subset, and its abstract's licence "
                       f"({licence or 'none stated'}) is not an open one; download the paper and "
                       f"`tzqa add` the file")
    record = record_of(rec, kind, cited_as, "europepmc:abstract")
    return Fetched(record, f"{record.id}.md", abstract_document(rec).encode("utf-8"), "abstract")
