"""Authors written given names first and closed by the year as a sentence of its own, as ACL, NAACL and NeurIPS
lists print them: "Waleed Ammar, Matthew E. Peters, and Russell Power. 2017. The ai2 system … In ACL."

Why a reader of its own: the Vancouver reader takes the first sentence as the authors only when every name is
"Smith JA" or "J. Smith", so these entries kept no authors and the names became the title; an author–year
citation "(Ammar et al., 2017)" then found no entry, because the index of first authors wants a surname, and
the raw entry starts with "Waleed". Each name is turned round into the list's usual "Surname GI" form
("Matthew E. Peters" -> "Peters ME", "Madeleine van Zuylen" -> "van Zuylen M"), so the surname is what
:mod:`.authoryear` reads first.
"""
from __future__ import annotations

import re

from tzqa.models import Reference

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_PARTICLE = r"(?:van|von|de|der|den|da|del|di|du|la|le|dos|das|ten|ter)"
# One name: capitalised words and initials, a lower-case particle before the surname, a given name's second
# part in lower case ("Xiang qian Qi") only between capitalised words; a TeX font's spacing accents ("Baudiˇs",
# "ˇSediv`y", "Pas¸ca"). The full stop before the year is sometimes missing: "H. Ney, U. Essen, and R. Kneser 1995."
_WORD = rf"(?:[ˇ´¨˚`˜]?[{_UPPER}][\w'’´¨˚˘˙˝`˜ˇ¸\-]*\.?|(?<=\s)(?:{_PARTICLE}|[a-z]{{2,6}})(?=\s+(?:[{_UPPER}]|{_PARTICLE}\s)))"
_NAME = rf"{_WORD}(?:[ \-]{_WORD}){{0,5}}"
_NAMES = rf"{_NAME}(?:(?:,\s*|,?\s+and\s+){_NAME}){{0,60}}(?:,?\s+et\s+al\.?)?"
_HEAD = re.compile(rf"^(?P<names>{_NAMES})\.?\s+(?P<year>(?:19|20)\d\d[a-z]?)\.\s+(?P<rest>.*)$", re.S)
_SPLIT = re.compile(r",?\s+and\s+|,\s*")


def turned(name: str) -> str:
    """"Matthew E. Peters" -> "Peters ME"; "Laurens van der Maaten" -> "van der Maaten L";
    "Christophe Van Gysel" -> "Van Gysel C"."""
    words = name.replace(".", ". ").split()
    if len(words) < 2:
        return name.strip()
    k = len(words) - 1
    while k > 1 and re.fullmatch(_PARTICLE, words[k - 1], re.IGNORECASE):
        k -= 1  # the particles belong to the surname
    given, surname = words[:k], " ".join(words[k:])
    initials = "".join(part[0] for w in given for part in w.split("-") if part[:1].isalpha() and part[0].isupper())
    return f"{surname} {initials}".strip()


def read_names_first(raw: str) -> tuple[tuple[str, ...], bool, int, str] | None:
    """(authors as "Surname GI", et al., year, the text after the year) of an entry whose authors are written
    given names first and closed by ". 2017."; None for an entry of another shape. A name with no given name
    ("Hal Daumé" has one; "OpenAI" has none) is kept as printed."""
    m = _HEAD.match(raw.strip())
    if m is None:
        return None
    names = m.group("names")
    names = names if re.search(r"\bal\.$", names) else names.rstrip(".")  # the closing stop the name took
    et_al = bool(re.search(r"\bet\s+al\.?$", names))
    names = re.sub(r",?\s+et\s+al\.?$", "", names)
    parts = [p.strip() for p in _SPLIT.split(names) if p.strip()]
    # "Smith, J." would split into a surname and an initial: that is another style, read elsewhere
    if not parts or any(re.fullmatch(rf"(?:[{_UPPER}]\.?\s?){{1,3}}", p) for p in parts):
        return None
    # "Ho B, Baryshnikova A, Brown GW. 2018.": Vancouver's "Surname GI" names (G3, eLife) are already turned
    # round; turned again they became "B H", and "(Ho et al. 2018)" found no entry
    vancouver = all(re.fullmatch(rf"\S.*\s(?!I{{2,3}}$|IV$)[{_UPPER}]{{1,3}}", p) for p in parts)
    return tuple(p if vancouver else turned(p) for p in parts), et_al, int(m.group("year")[:4]), m.group("rest").strip()


def names_first_reference(number: int, raw: str, body: str, doi: str | None) -> Reference | None:
    """The entry read as :func:`read_names_first` reads it (title the sentence after the year, the rest its
    venue), or None when its authors are not written that way. ``body`` is ``raw`` without its DOI."""
    head = read_names_first(body)
    if head is None:
        return None
    authors, et_al, year, rest = head
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9\"“*])", rest) if s.strip()]
    title = sentences[0].rstrip(".") if sentences else ""
    venue = " ".join(sentences[1:]).strip().rstrip(".")
    venue = re.sub(r"^In\s+", "", venue)
    return Reference(number=number, authors=authors, et_al=et_al, title=title, journal=venue, year=year,
                     volume_pages="", doi=doi, raw=raw)
