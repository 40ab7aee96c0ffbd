"""``tzqa references fetch``: every paper the review cites, into the library, in one resumable run.

For each reference with a DOI: skipped when the library or ``corpus/references/`` already holds it
(so a second run picks up where the first stopped); otherwise resolved through Europe PMC
(:mod:`.europepmc`) — the open-access full text where there is one, else the abstract under an open
licence — and stored as a library document linked to its reference number. Every reference ends
with a status, for the table the command prints.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import httpx

from tzqa.ingest.library import europepmc
from tzqa.ingest.library.folder import LibraryError, documents, store
from tzqa.ingest.library.limits import DocumentError
from tzqa.ingest.library.records import Article

# What happened to each reference; the first three are the good outcomes.
STATUSES = ("full text", "abstract", "would add", "exists", "supplied", "no doi", "no hits", "not open",
            "no abstract", "error")


@dataclass(frozen=True)
class FetchResult:
    number: int
    status: str  # one of STATUSES
    detail: str = ""
    doc: str | None = None  # the library document id, for "full text" / "abstract" / "exists"


def fetch_references(doc: Article, directory: Path, client: httpx.Client, only: Iterable[int] | None = None,
                     dry_run: bool = False, progress: bool = True) -> list[FetchResult]:
    """Fetch the review's cited papers (or ``only`` these numbers) into the library.

    Raises :class:`~tzqa.ingest.fetch.FetchError` when Europe PMC cannot be reached at all (offline), so a
    run with no network stops at once with one clear message instead of sixty failures.
    """
    from tqdm import tqdm

    from tzqa.ingest.library.doi import normalise_doi
    from tzqa.ingest.library.supplied import supplied_papers

    numbers = {r.number for r in doc.references}
    wanted = sorted(numbers if only is None else set(only))
    unknown = [n for n in wanted if n not in numbers]
    if unknown:
        raise ValueError(f"not in the review's reference list ({min(numbers)}..{max(numbers)}): "
                         f"{', '.join(map(str, unknown))}")
    supplied = {p.number: p.path for p in supplied_papers(directory, doc)[0]}
    review_dois = {normalise_doi(r.doi): r.number for r in doc.references if r.doi}
    out: list[FetchResult] = []
    for n in tqdm(wanted, desc="Europe PMC", unit="ref", disable=not progress):
        held = {r.cited_as: r.id for r in documents(directory) if r.cited_as}
        ref = doc.reference(n)
        if n in held:
            out.append(FetchResult(n, "exists", f"in the library as {held[n]}", held[n]))
        elif n in supplied:
            out.append(FetchResult(n, "supplied", f"already supplied by {supplied[n]}"))
        elif not ref.doi:
            out.append(FetchResult(n, "no doi", "the review gives no DOI for this reference"))
        else:
            out.append(_fetch_one(client, n, ref.doi, directory, review_dois, dry_run))
    return out


def _fetch_one(client: httpx.Client, n: int, doi: str, directory: Path, review_dois: dict[str, int],
               dry_run: bool) -> FetchResult:
    try:
        got = europepmc.fetch(client, europepmc.Identifier("doi", doi.lower()), "paper", cited_as=n)
    except europepmc.NotFound as exc:
        msg = str(exc)
        status = ("no hits" if "no record" in msg else "not open" if "licence" in msg
                  else "no abstract" if "no abstract" in msg else "error")
        return FetchResult(n, status, msg)
    if dry_run:
        return FetchResult(n, "would add", f"{got.what}, licence {got.record.licence or 'none stated'}")
    try:
        article = store(directory, got.data, got.filename, replace(got.record, cited_as=n), review_dois)
    except (DocumentError, LibraryError) as exc:
        return FetchResult(n, "error", f"{got.what} could not be stored: {exc}")
    return FetchResult(n, got.what, f"licence {got.record.licence or 'none stated'}", article.record.id)
