"""An author–year reference list with no numbers -> its entries (:func:`split_unnumbered`), for :mod:`.reflist`.

Each entry starts with its first author right after the previous entry ended and holds a year; the shapes of
an entry's start are below, one pattern per way lists print their authors.
"""
from __future__ import annotations

import re

from tzqa.ingest.headings import BACK_STATEMENT
from tzqa.ingest.library.refshapes import DOI_BROKEN as _DOI_BROKEN
from tzqa.ingest.library.refshapes import PARTICLE as _PARTICLE
from tzqa.ingest.library.refshapes import PARTICLES as _PARTICLES
from tzqa.ingest.library.refshapes import UPPER as _UPPER
from tzqa.ingest.library.refshapes import YEAR as _YEAR
from tzqa.ingest.library.surname_year import starts as surname_year_starts

# Where an entry of an unnumbered (author–year) list starts: after the end of the previous one (a full stop,
# a closing parenthesis, a DOI), an author written "Smith, J." / "Smith JA," / "Smith J." /
# "van der Berg, K." or an organisation followed by its year, "American Psychiatric Association. (2000)", "Eli
# Lilly and Company (2021)."; or
# anywhere, a Vancouver author list closed by a colon, "Smith JA, Jones B, et al.: Title", as F1000Research
# prints it after the previous entry's link labels ("… 143–154. Publisher Full Text Bonham K, …").
# a surname may carry a spacing accent a TeX font sets apart ("Ostoji´c", "R¨omer")
_SURNAME = rf"{_PARTICLES}[{_UPPER}][\w'’´¨\-]+"
_VANCOUVER = rf"{_SURNAME}\s+[A-Z]{{1,3}}(?:\s+(?:Jr|Sr|I{{2,3}}|IV))?"  # "Driggers WB III"
# a surname of two or three capitalised words before its initials: "O’Neil Rodriguez, K. A.", "Trindade Júnior, S.
# C.", "Ngoc Cong Duong, K." (after a link, which it had run on from)
_AUTHOR_AHEAD = (rf"{_SURNAME}(?:\s[{_UPPER}][\w'’´¨\-]+){{0,2}},\s*(?:[{_UPPER}]\.\s?){{1,3}}"
                 rf"|{_SURNAME}\s+[A-Z]{{1,3}}[,.](?:\s|$)")
# the small words inside an organisation's name: "Eli Lilly and Company (2021).", "Janssen Research & Development";
# its acronym in brackets before the year: "World Health Organization [WHO] (2016).", "Clinical and Laboratory
# Standards Institute [CLSI]. (2008)."; or the acronym or name alone, closed by a full stop: "IARC. (1999).", "JECFA.
# (2000).", "Insee. (2020)." (France's statistics office, after "… INTL LABOUR OFFICE.")
_JOINS = r"(?:and|&|of|for|the|on|in)"
_ENTRY_START = re.compile(
    rf"(?:^|(?<=[.)\]\d])\s+)(?=(?:{_AUTHOR_AHEAD}))"
    rf"|(?:^|(?<=\s))(?<![,;]\s)(?={_PARTICLES}[A-Z][\w'’\-]*\s+(?:(?:[A-Z][\w'’\-]*|{_JOINS})\s+){{0,5}}?"
    rf"[A-Z][\w'’\-]*\.?\s+(?:\[[A-Z]{{2,10}}\]\.?\s+)?\((?:19|20)\d\d[a-z]?\)\.)"
    rf"|(?:^|(?<=\s))(?<![,;]\s)(?=[A-Z](?:[A-Z]{{1,9}}|[a-z]{{2,20}})\.\s+\((?:19|20)\d\d[a-z]?\)\.)", re.M)
# Names written in full or initials first, closed by the year as a sentence of its own, as ACL and NeurIPS lists
# print them: "Jacob Andreas and Zoubin Ghahramani. 2013. A generative model …". Never right after a middle
# initial ("Matthew E. Peters, …", "Andrew D. McCallum. 2017."): the names from there on also run to the year.
# Twenty-odd authors run to 60 words and more; "…, Xiaowei Xu, et al. 1996."; a TeX font's spacing accents
# ("J¨org", "ˇReh˚uˇrek", "Pas¸ca"). Chicago's author–date lists write the first name surname first and print a
# name's own script after it, an alias in brackets, and the editors' mark before the year: "Bai, Lian 白练. 1985.",
# "Li, Shujiang 李树江, and Zhengwei Wang 王正伟, eds. 1985.", "Weise 唯色 [Tsering Woeser]. 2003.", an organisation's
# romanised name in lower case before its own script ("Huizu jianshi bianxie zu 《回族简史》编写组, ed. 2009."); a
# name may be hyphenated with Unicode's hyphens ("Ben‑dor", "Schiaffini‑Vedani").
_OWN_SCRIPT = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff《》〈〉"
_NAME_WORD = rf"(?:[ˇ´¨˚`˜]?[{_UPPER}][\w'’´¨˚˘˙˝`˜ˇ¸\-‐‑]*\.?|{_PARTICLE})"
_NAME_WORD_ON = (rf"(?:{_NAME_WORD}|[a-z]{{2,6}}(?=\s+[{_UPPER}])"  # a given name's part: "Xiang qian Qi"
                 rf"|[{_OWN_SCRIPT}]+|\[[^\[\]\d]{{2,40}}\]|[a-z]{{2,8}}(?=(?:\s+[a-z]{{2,8}})*\s+[{_OWN_SCRIPT}]))")
_NAMES_THEN_YEAR = re.compile(
    rf"(?:^|(?<=[.)\]\d])\s+)(?<!(?<!\w)[{_UPPER}]\.\s)(?={_NAME_WORD}(?:(?:\s+|,\s*|,?\s+and\s+){_NAME_WORD_ON})"
    rf"{{0,150}}(?:,?\s+et\s+al|,\s+eds?)?\.\s+(?:19|20)\d\d[a-z]?\.)")
_AFTER_INITIAL = re.compile(rf"(?<!\w)[{_UPPER}]\.\s$")
_SURNAME_COMMA = re.compile(rf"\s*{_PARTICLES}[{_UPPER}][\w'’\-‐‑]+(?:\s[{_UPPER}][\w'’\-‐‑]+)?,\s")  # "Gladney, "
# An author written initials first, "R. C. Bone, C. J. Fisher, and …": in a list of these, "Pimentel, L." inside
# "M. A. F. Pimentel, L. Clifton" is not an entry's start, as it would be in a list of "Smith, J." authors.
# A single author is closed by a full stop before the title: "V. Mnih. CUDAMat: …", "R. M. Neal. Bayesian …".
_INITIALS_FIRST = (rf"(?:[{_UPPER}]\.\s?(?:-[{_UPPER}]\.\s?)?){{1,4}}{_SURNAME}(?:\s+[{_UPPER}][\w'’\-]+)?"
                   rf"(?:,|\s+and\s|\.\s+[{_UPPER}])")
_INITIALS_FIRST_START = re.compile(rf"(?:^|(?<=[.)\d])\s+)(?<!(?<!\w)[{_UPPER}]\.\s)(?={_INITIALS_FIRST})")
_AUTHORS_COLON = re.compile(rf"(?:^|(?<=\s))(?<!,\s){_VANCOUVER}(?:,\s*{_VANCOUVER})*(?:,\s*et al\.)?:\s")  # whole
# What continues an entry, though a year in it made it look like one: its venue ("In Proceedings of NAACL-2000."),
# or a publisher and year with no title after them ("Kluwer. 2000.") -- an entry has a title.
_CONTINUATION = re.compile(r"In\s|[A-Z][\w&\-]*(?:\s[A-Z][\w&\-]*)?\.\s+(?:19|20)\d\d[a-z]?\.?$")
# An entry that ends with its DOI, whatever the DOI's last character ("…0257-z Werdenich, D., and Huber, L.").
_AFTER_DOI = re.compile(rf"(?:doi:\s*)?10\.\d{{4,9}}/\S+\s+(?={_AUTHOR_AHEAD})", re.IGNORECASE)


def split_unnumbered(text: str) -> list[str]:
    """Entries of an author–year list with no numbers: each starts with its first author (or organisation)
    right after the previous entry ended, and holds a year; a piece without one belongs to the entry before."""
    flat = _DOI_BROKEN.sub(r"\1", re.sub(r"\s+", " ", text).strip())  # "…0310.2011. 01919.x" is one DOI
    lines = text.split("\n")
    initials_first = sum(bool(re.match(_INITIALS_FIRST, ln.strip())) for ln in lines) > sum(
        bool(re.match(_AUTHOR_AHEAD, ln.strip())) for ln in lines)
    by_author = _INITIALS_FIRST_START if initials_first else _ENTRY_START
    starts = [m.start() for m in by_author.finditer(flat)
              if not re.search(rf"(?:^|\s)(?:[A-Z](?:[\w'’\-]*[^\W\d])?|{_PARTICLE})(?:\s+{_JOINS})?\s*$",
                               flat[max(0, m.start() - 40):m.start()])]
    names_first = [m.start() for m in _NAMES_THEN_YEAR.finditer(flat)]
    if len(names_first) >= 3:  # names written in full: "Erik M. van Mulligen, C. Christiaan …" starts nothing
        starts = [a for a in starts if not _AFTER_INITIAL.search(flat[max(0, a - 4):a + 1])]
    starts = sorted({*starts, *(m.start() for m in _AUTHORS_COLON.finditer(flat)),
                     *names_first, *surname_year_starts(flat),
                     *(m.end() for m in _AFTER_DOI.finditer(flat))})
    if len(names_first) >= 3:  # in Chicago's "Gladney, Dru C. 1996." the given names read as "Surname I. year"
        given = {m.end() for b in names_first if (m := _SURNAME_COMMA.match(flat, b))}
        starts = [a for a in starts if a not in given]
    # (not inside a run of capitalised words: "Alzheimer’s Disease International. (2009)" starts at its first, and
    # "Clinical and Laboratory Standards Institute [CLSI]. (2008)." at "Clinical", not after its "and")
    if not starts or starts[0] > 0:
        starts = [0, *starts]
    pieces = [flat[a:b].strip() for a, b in zip(starts, [*starts[1:], len(flat)], strict=True)]
    out: list[str] = []
    for piece in pieces:
        if out and (not _YEAR.search(piece) or _CONTINUATION.match(piece)):
            out[-1] = f"{out[-1]} {piece}"  # "(2001). Bad is stronger than good." split off a name list
        elif piece:
            out.append(piece)
    out = [e for e in out if _YEAR.search(e)]
    if out:  # the last entry ends where a back-matter statement follows it ("… 9001 Conflict of Interest Statement: …")
        end = re.search(rf"\s(?={BACK_STATEMENT.pattern})", out[-1], re.IGNORECASE)
        out[-1] = out[-1][:end.start()] if end else out[-1]
    return out
