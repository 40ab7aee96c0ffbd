"""Patterns the reference-list readers share (:mod:`.reflist`, :mod:`.unnumbered`): a year, a surname's particles,
capitals beyond ASCII, a DOI a line break split. One place, so both readers see an entry the same way."""
from __future__ import annotations

import re

# A DOI a line break split: "10.1016/ S0140-6736(07)61235-5", "10.1053/j. seminoncol.2004.01.002"
DOI_BROKEN = re.compile(r"(10\.\d{4,9}/(?:[^\s\"<>]*[./\-_])?)\s+(?=[A-Za-z0-9(][^\s\"<>]*[\d.]|\S+\))")
# ... or right after its slash, where any word continues it: "doi: 10.1000/ abc"
DOI_BROKEN_AT_SLASH = re.compile(r"(10\.\d{4,9}/)\s+(?=[A-Za-z0-9])")
YEAR = re.compile(r"\b((?:19|20)\d\d)[a-z]?\b")
PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]er|[Dd]en|[Vv]on|[Dd]a|[Dd]el|[Dd]i|[Dd]u|[Ll]a|[Ll]e)"
PARTICLES = rf"(?:{PARTICLE}\s+)*"
UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"  # "Á. Miklósi", "Ó. Kelly": initials and surnames beyond ASCII
