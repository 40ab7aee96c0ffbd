"""Europe PMC's REST API: the HTTP client, the open-licence rule, abstracts as Markdown paragraphs, and --only.

Optional and networked: ``tzqa add pmid:…`` and ``tzqa references fetch`` call it (through
:mod:`tzqa.ingest.library.europepmc`); a build never does. The HTTP client is a parameter, so tests
run on recorded responses.
"""
from __future__ import annotations

import html
import re
from typing import Any

import httpx

from tzqa.errors import TzqaError

EUROPE_PMC_SEARCH = "https://www.ebi.ac.uk/europepmc/webservices/rest/search"
EUROPE_PMC_ARTICLE = "https://europepmc.org/article/{source}/{id}"
TIMEOUT_SECONDS = 20.0
USER_AGENT = "tzqa/0.1 (cited-paper abstracts for a local literature search)"
_OPEN = re.compile(r"\s*(?:cc[\s-]*(?:by|0|zero)|creative\s+commons|public[\s-]+domain)\b", re.IGNORECASE)



class FetchError(TzqaError, RuntimeError):
    """Europe PMC cannot be reached at all (offline, DNS, proxy, timeout)."""


def make_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(timeout=TIMEOUT_SECONDS, headers={"User-Agent": USER_AGENT}, transport=transport,
                        follow_redirects=True)


def is_open_licence(licence: str | None) -> bool:
    """"cc by", "CC BY-NC-ND", "cc0", "public domain" are open; none, "other", "author manuscript" are not."""
    return bool(licence and _OPEN.match(licence))


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
