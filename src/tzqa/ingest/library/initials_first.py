"""Authors written initials first and closed by a full stop, the year at the entry's end, as JMLR, IJCAI, CVPR
and many computer-science lists print them: "G. E. Dahl, M. Ranzato, and G. E. Hinton. Phone recognition …
In Advances in Neural Information Processing Systems 23, pages 469–477, 2010."

Why a reader of its own: the general reader splits an entry into sentences at every full stop, so "G. E. Dahl"
fell apart into initials, the entry kept no authors and its year was not where an author–year list puts it;
"(Dahl et al., 2010)" then found no entry. Each name is turned round into the list's usual "Surname GI" form
("G. E. Hinton" -> "Hinton GE", "L. van der Maaten" -> "van der Maaten L"), so the surname is what
:mod:`.authoryear` reads first, and the year is the last one the entry prints.
"""
from __future__ import annotations

import re

from tzqa.ingest.library.names_first import turned
from tzqa.models import Reference

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_PARTICLE = r"(?:van|von|de|der|den|da|del|di|du|la|le|dos|das|ten|ter)"
_INITIALS = rf"[{_UPPER}]\.(?:\s?-?[{_UPPER}]\.){{0,3}}"  # "G. E.", "M.-H.", "P.-A."
# a surname, a second capitalised word of it ("C. Change Loy", "D. Babu Sam"), a TeX font's spacing accents
_SURNAME = rf"(?:{_PARTICLE}\s+){{0,3}}[˜´¨`ˇ]?[{_UPPER}][\w'’´¨˚`˜ˇ\-]+(?:\s+[{_UPPER}][\w'’´¨˚`˜ˇ\-]+)?"
_NAME = rf"{_INITIALS}\s?{_SURNAME}"
_HEAD = re.compile(rf"^(?P<names>{_NAME}(?:(?:,\s*|,?\s+and\s+){_NAME}){{0,60}}(?:,?\s+et\s+al\.?)?)\.\s+"
                   rf"(?P<rest>[^\s].*)$", re.S)
_SPLIT = re.compile(r",?\s+and\s+|,\s*")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)[a-z]?(?!\d)")


def initials_first_reference(number: int, raw: str, body: str, doi: str | None) -> Reference | None:
    """The entry read with initials-first authors (see the module's docstring), or None for another shape.
    ``body`` is ``raw`` without its DOI. Title: the sentence after the authors; venue: the rest; year: the last
    year printed (an entry with none is another shape)."""
    m = _HEAD.match(body.strip())
    if m is None:
        return None
    names = m.group("names")
    et_al = bool(re.search(r"\bet\s+al\.?$", names))
    names = re.sub(r",?\s+et\s+al\.?$", "", names)
    authors = tuple(turned(p.strip()) for p in _SPLIT.split(names) if p.strip())
    rest = m.group("rest").strip()
    years = list(_YEAR.finditer(rest))
    if not authors or not years:
        return None
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9\"“*])", rest) if s.strip()]
    title = sentences[0].rstrip(".") if sentences else ""
    venue = re.sub(r"^In\s+", "", " ".join(sentences[1:])).strip().rstrip(".")
    return Reference(number=number, authors=authors, et_al=et_al, title=title, journal=venue,
                     year=int(years[-1].group(1)), volume_pages="", doi=doi, raw=raw)
