"""Authors written surname first with initials, closed by the year, as astronomy and physics journals print
their author–year lists: AASTeX "Boslough, M., Brown, P., & Harris, A. W. 2015, in Aerospace Conference, 1-12",
"Mainzer et al. 2011, ApJ, 741, 90"; MNRAS "Allamandola L. J., Tielens A. G. G. M., Barker J. R., 1985, ApJ,
290, L25", "Brown M. J. I., et al., 2014, ApJS, 212, 18".

Why a reader of its own: these entries end with a volume and page and the next starts with a surname, so the
general start rule ("Smith, J." after a full stop) missed "Czigány Z., …" after "…, 208, 6" (a single initial
then a comma) and "Fowler, J. W." after "…, 0E", and merged entries in pairs (32 of 94); the Vancouver author
reader cut "Allamandola L. J." at its first initial. Here an entry's start is a whole author block followed by
its year, which text inside an entry seldom holds, and the authors are turned into the usual "Surname IJ".
"""
from __future__ import annotations

import re

from tzqa.ingest.library.refshapes import PARTICLES, UPPER
from tzqa.models import Reference

# a surname holds a lower-case letter ("MA", "AJ" are not names); a second word of it ("Muñoz Caro"); a TeX
# font's spacing accents ("Spurn´y", "Svoreˇn")
# (one possessive run, the lower-case letter looked for ahead: a word split two ways made a failing list of sixty
# names backtrack for minutes)
_WORD = rf"(?:d[’'])?[{UPPER}](?=[\w'’´¨ˇ˚`˜\-]*[a-zß-ÿ'’´¨ˇ])[\w'’´¨ˇ˚`˜\-]++"  # "d’Hendecourt"
_SURNAME = rf"{PARTICLES}{_WORD}(?:\s{_WORD})?"
_INITIALS = rf"[{UPPER}]\.(?:\s?-?[{UPPER}]\.){{0,4}}"  # "A. G. G. M.", "J.-P."
_AUTHOR = rf"(?>{_SURNAME},?\s{_INITIALS})"  # atomic: "Van Der Smith" read one way, not every way, on a failure
_SEP = r"(?:,\s*(?:&\s*|and\s+)?|\s+(?:&|and)\s+)"
_AUTHORS = rf"(?:{_AUTHOR}(?>{_SEP}{_AUTHOR}){{0,60}}(?:,?\s+et\s+al\.)?|(?>{_SURNAME})\s+et\s+al\.)"
_YEAR = r"(?P<year>(?:19|20)\d\d)(?P<letter>[a-z]?)"
# where an entry starts: its author block and year, not right after an initial (that is a name inside a list
# the pattern did not read whole: "Chiar J. E., A G G Adamson A. J., …"); a page "67P" may end the entry before
# The match takes the whole block, so no name inside it ("Muñoz Caro G. M." after "…, A., ") starts another.
START = re.compile(rf"(?<!\S)(?<!(?<!\S)[{UPPER}]\s)(?<![{UPPER}][.,]\s)(?<![{UPPER}]\.,\s)"
                   rf"{_AUTHORS},?\s+(?:19|20)\d\d[a-z]?(?=[,.;:\s])")
_HEAD = re.compile(rf"^(?P<names>{_AUTHORS}),?\s+{_YEAR}(?=[,.;:\s])[,.;:]?\s*(?P<rest>.*)$", re.S)
_ONE = re.compile(rf"({_SURNAME}),?\s({_INITIALS})")


def starts(flat: str) -> list[int]:
    """Offsets in ``flat`` (one line) where an entry of this shape starts."""
    return [m.start() for m in START.finditer(flat)]


def surname_year_reference(number: int, raw: str, body: str, doi: str | None) -> Reference | None:
    """The entry read as the module's docstring says, or None for another shape. ``body`` is ``raw`` without
    its DOI. The venue is what follows the year; a title is kept only where one is printed as a sentence
    after the year ("1992. IRAS asteroid data processing. In …")."""
    m = _HEAD.match(body.strip())
    if m is None:
        return None
    names = m.group("names")
    et_al = bool(re.search(r"\bet\s+al\.$", names))
    authors = tuple(f"{s} {re.sub(rf'[^{UPPER}]', '', i)}".strip()
                    for s, i in _ONE.findall(names)) or (re.sub(r"\s+et\s+al\.$", "", names),)
    rest = m.group("rest").strip()
    title = ""
    sentences = [s.strip() for s in re.split(r"(?<=[a-z?!])\.\s+(?=[A-Z\"“])", rest) if s.strip()]
    if body.strip()[m.end("letter"):m.end("letter") + 1] == "." and len(sentences) > 1:
        title, rest = sentences[0].rstrip("."), " ".join(sentences[1:])
    venue = re.sub(r"^In\s+", "", rest).strip().rstrip(".")
    return Reference(number=number, authors=authors, et_al=et_al, title=title, journal=venue,
                     year=int(m.group("year")), volume_pages="", doi=doi, raw=raw)
