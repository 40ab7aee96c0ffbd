"""Fetch open-access abstracts of the cited papers from Europe PMC into ``corpus/references/{n}.md``.

Optional and networked: ``tzqa references fetch`` calls it; a build never does.
For each reference with a DOI, Europe PMC's REST search is asked for the record
(``DOI:"..."``, core result type); the abstract is written only when the record
carries an open licence (Creative Commons or public domain), with a header that
names the title, DOI, licence and source. Anything else is reported and skipped.
The HTTP client is a parameter, so tests run on recorded responses.
"""
from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from .models import Document, Reference
from .papers import REFERENCES_DIR, ingest, normalise_doi

EUROPE_PMC_SEARCH = "https://www.ebi.ac.uk/europepmc/webservices/rest/search"
EUROPE_PMC_ARTICLE = "https://europepmc.org/article/{source}/{id}"
TIMEOUT_SECONDS = 20.0
USER_AGENT = "tzqa/0.1 (cited-paper abstracts for a local literature search)"
_OPEN = re.compile(r"\s*(?:cc[\s-]*(?:by|0|zero)|creative\s+commons|public[\s-]+domain)\b", re.IGNORECASE)

# What happened to each reference; "written" and "would write" are the good outcomes.
STATUSES = ("written", "would write", "exists", "supplied", "no doi", "no hits", "no licence", "not open",
            "no abstract", "error")


class FetchError(RuntimeError):
    """Europe PMC cannot be reached at all (offline, DNS, proxy, timeout)."""


@dataclass(frozen=True)
class FetchResult:
    number: int
    status: str  # one of STATUSES
    detail: str = ""
    path: str | None = None  # relative to the corpus folder, for "written" / "would write" / "exists" / "supplied"


def make_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT_SECONDS, headers={"User-Agent": USER_AGENT}, transport=transport,
                        follow_redirects=True)


def is_open_licence(licence: str | None) -> bool:
    """"cc by", "CC BY-NC-ND", "cc0", "public domain" are open; none, "other", "author manuscript" are not."""
    return bool(licence and _OPEN.match(licence))


def search_params(doi: str) -> dict[str, str]:
    return {"query": f'DOI:"{doi}"', "resultType": "core", "format": "json", "pageSize": "5"}


def lookup(client: httpx.Client, doi: str) -> dict[str, Any] | None:
    """The Europe PMC record whose DOI is ``doi`` (case-insensitive), or None when there is none.

    Raises :class:`FetchError` when the service cannot be reached, ``httpx.HTTPStatusError``
    on an HTTP error and ``ValueError`` on a reply that is not the expected JSON.
    """
    try:
        response = client.get(EUROPE_PMC_SEARCH, params=search_params(doi))
    except httpx.TransportError as exc:  # ConnectError, TimeoutException, ProxyError, ...
        raise FetchError(f"cannot reach Europe PMC (offline?): {exc.__class__.__name__}: {exc}") from exc
    response.raise_for_status()
    data = response.json()
    if not isinstance(data, dict):
        raise ValueError("reply is not a JSON object")
    results = (data.get("resultList") or {}).get("result") or []
    want = normalise_doi(doi)
    for rec in results:
        if isinstance(rec, dict) and normalise_doi(str(rec.get("doi") or "")) == want:
            return rec
    return None


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def abstract_paragraphs(abstract_html: str) -> list[str]:
    """Europe PMC's abstract (HTML-ish, ``<h4>`` for structured parts) -> markdown paragraphs."""
    text = re.sub(r"(?is)<h\d[^>]*>(.*?)</h\d>", lambda m: f"\n\n### {_plain(m.group(1)).rstrip(':.')}\n\n",
                  abstract_html)
    text = re.sub(r"(?i)<br\s*/?>|</?p[^>]*>", "\n\n", text)
    return [p for p in (_plain(part) if not part.strip().startswith("### ") else part.strip()
                        for part in re.split(r"\n\s*\n", text)) if p]


def source_url(rec: dict[str, Any]) -> str:
    if rec.get("source") and rec.get("id"):
        return EUROPE_PMC_ARTICLE.format(source=rec["source"], id=rec["id"])
    return f"https://europepmc.org/search?query=DOI%3A%22{rec.get('doi', '')}%22"


def abstract_markdown(ref: Reference, rec: dict[str, Any], retrieved: date | None = None) -> str:
    """The file written for one reference: a header naming title, DOI, licence and source, then the abstract."""
    title = _plain(str(rec.get("title") or ref.title)).rstrip(".")
    lines = [
        f"# {title}",
        "",
        f"- Reference: [{ref.number}] {ref.citation}",
        f"- DOI: {rec.get('doi') or ref.doi}",
        f"- Licence: {rec.get('license')} (as recorded by Europe PMC; reuse must follow it)",
        f"- Source: {source_url(rec)}",
        f"- Retrieved: {(retrieved or date.today()).isoformat()} via the Europe PMC REST API",
        "",
        "## Abstract",
        "",
    ]
    for para in abstract_paragraphs(str(rec.get("abstractText") or "")):
        lines += [para, ""]
    return "\n".join(lines).rstrip() + "\n"


def parse_only(spec: str | None) -> set[int] | None:
    """"12,13,20-22" -> {12, 13, 20, 21, 22}; raises ValueError on anything else."""
    if spec is None or not spec.strip():
        return None
    out: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", part)
        if not m:
            raise ValueError(f"{part!r} is not a reference number or range (e.g. 12,13,20-25)")
        a, b = int(m.group(1)), int(m.group(2) or m.group(1))
        if b < a:
            raise ValueError(f"{part!r}: the range runs backwards")
        out.update(range(a, b + 1))
    return out


def fetch_abstracts(
    doc: Document, directory: Path, client: httpx.Client | None = None, only: Iterable[int] | None = None,
    dry_run: bool = False, overwrite: bool = False, progress: bool = True,
) -> list[FetchResult]:
    """Query Europe PMC for each reference (or ``only`` these) and write open-access abstracts.

    ``dry_run`` queries but writes nothing; ``overwrite`` replaces an existing ``{n}.md``.
    A reference another file already supplies (``12.pdf``, a manifest entry...) is left alone.
    Raises :class:`FetchError` when Europe PMC cannot be reached.
    """
    from tqdm import tqdm

    numbers = {r.number for r in doc.references}
    wanted = sorted(numbers if only is None else set(only))
    unknown = [n for n in wanted if n not in numbers]
    if unknown:
        raise ValueError(f"not in the review's reference list ({min(numbers)}..{max(numbers)}): "
                         f"{', '.join(map(str, unknown))}")
    refs_dir = directory / REFERENCES_DIR
    supplied = {p.number: p.path for p in ingest(directory, doc)[0]}
    own = client is None
    client = client or make_client()
    out: list[FetchResult] = []
    try:
        for n in tqdm(wanted, desc="Europe PMC", unit="ref", disable=not progress):
            out.append(_fetch_one(client, doc.reference(n), refs_dir, supplied.get(n), dry_run, overwrite))
    finally:
        if own:
            client.close()
    return out


def _fetch_one(client: httpx.Client, ref: Reference, refs_dir: Path, supplied_by: str | None, dry_run: bool,
               overwrite: bool) -> FetchResult:
    n = ref.number
    target = refs_dir / f"{n}.md"
    rel = f"{REFERENCES_DIR}/{target.name}"
    if not ref.doi:
        return FetchResult(n, "no doi", "the review gives no DOI for this reference")
    if supplied_by and supplied_by != rel:
        return FetchResult(n, "supplied", f"already supplied by {supplied_by}", supplied_by)
    if target.exists() and not overwrite:
        return FetchResult(n, "exists", f"{rel} exists (use --overwrite to replace it)", rel)
    try:
        rec = lookup(client, ref.doi)
    except httpx.HTTPStatusError as exc:
        return FetchResult(n, "error", f"Europe PMC answered HTTP {exc.response.status_code}")
    except ValueError as exc:
        return FetchResult(n, "error", f"unexpected reply from Europe PMC ({exc})")
    if rec is None:
        return FetchResult(n, "no hits", f"no Europe PMC record with DOI {ref.doi}")
    licence = rec.get("license")
    if not licence:
        return FetchResult(n, "no licence", "the record states no licence; not copied")
    if not is_open_licence(str(licence)):
        return FetchResult(n, "not open", f"licence {licence!r} is not an open one; not copied")
    if not str(rec.get("abstractText") or "").strip():
        return FetchResult(n, "no abstract", "the record has no abstract")
    if dry_run:
        return FetchResult(n, "would write", f"licence {licence}", rel)
    refs_dir.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_text(abstract_markdown(ref, rec), encoding="utf-8")
    os.replace(tmp, target)
    return FetchResult(n, "written", f"licence {licence}", rel)
