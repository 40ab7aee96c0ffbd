"""DOIs compared as identifiers: one normal form, so a record, a reference entry and a printed DOI match.

Kept apart from the readers (``reflist.find_doi`` reads a DOI out of an entry's text) because linking,
storing and fetching all compare DOIs and none of them should import another's internals to do it.
"""
from __future__ import annotations

import re

_DOI = re.compile(r"10\.\d{4,9}/\s?[^\s\"<>]+", re.IGNORECASE)


def normalise_doi(doi: str) -> str:
    """Lower case, no resolver prefix ("https://doi.org/", "doi:"), no spaces, no trailing punctuation."""
    d = doi.strip().lower()
    d = re.sub(r"^(?:https?://)?(?:dx\.)?doi\.org/|^doi:\s*", "", d)
    return re.sub(r"\s+", "", d).rstrip(".,;:)]}>'\"")


def dois_in(text: str) -> set[str]:
    """Every DOI printed in ``text``, normalised (a file may print several: its own, a related article's)."""
    return {normalise_doi(m.group(0)) for m in _DOI.finditer(text)}
