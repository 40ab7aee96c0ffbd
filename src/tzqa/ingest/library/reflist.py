"""A reference list in plain text -> :class:`~tzqa.models.Reference` entries: the one reader of lists for every
document (PDF, text, JATS entries, and the numbered-text review).

Entries are found by their numbers running in sequence (``1.``, ``[2]``, ``3)``, or a bare ``4`` before
an author's name, "4 Smith, J.", as some journals set them, at a line start or mid-line once the layout's
lines are joined): the text between number *n* and number *n + 1* is entry *n*, wherever the layout broke
its lines. The last entry ends with its paragraph once it has a year, so what a page prints after the list
(a "Cite this article" box, a footer DOI, supplementary material) is not taken into it. A list printed one
entry a paragraph, with the layout's damage to mend (entries split by notes, a lost number), is put back
together by :func:`assemble`. Fields are read the way Vancouver-style lists print them — authors, title,
journal, year, volume/pages, DOI (re-joined where a line break split it, and kept only when it is a whole
DOI), and the "Journal (year) volume" order with the journal in emphasis — and every entry keeps its raw
text, so a style this does not read still shows and still resolves by number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from tzqa.ingest.library.initials_first import initials_first_reference
from tzqa.ingest.library.labels import split_labelled
from tzqa.ingest.library.names_first import names_first_reference
from tzqa.ingest.library.refshapes import DOI_BROKEN as _DOI_BROKEN
from tzqa.ingest.library.refshapes import DOI_BROKEN_AT_SLASH as _DOI_BROKEN_AT_SLASH
from tzqa.ingest.library.refshapes import PARTICLES as _PARTICLES
from tzqa.ingest.library.refshapes import UPPER as _UPPER
from tzqa.ingest.library.refshapes import YEAR as _YEAR
from tzqa.ingest.library.surname_year import surname_year_reference
from tzqa.ingest.library.unnumbered import split_unnumbered
from tzqa.ingest.text import MappedText
from tzqa.models import Reference

# "1." / "[1]" / "1)" anywhere after a space; a bare "1" at a line start before a capital, or mid-line before
# an author's name ("Smith, J." / "Smith J," / "Smith JA."), which a volume or page number is not followed by,
# or before any capital right after the end of the previous entry (its pages, "660–669 41 Collaborative ...").
_START = (r"(?:(?:(?<=\s)|^)(?:\[{n}\]\s*|{n}[.)]\s+)|^{n}\s+(?=[A-Z])"
          r"|(?<=\s){n}\s+(?=[A-Z][\w'’\-]+(?:,\s*[A-Z]\.|\s+[A-Z]{{1,3}}[,.]|,\s+[A-Z][a-z]+\s))"
          r"|(?<=[\d.)]\s){n}\s+(?=[A-Z]))")
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE)
_WHOLE_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]*[A-Za-z0-9)][^\s\"<>]*")
# an author as a list prints one: "Smith JA", "van de Rijn M", "J. Smith", "Smith, J."
_INITIALS = re.compile(rf"^{_PARTICLES}[A-Z][\w'’\-]+(?: [A-Z][\w'’\-]+)* [A-Z]{{1,3}}$"
                       r"|^[A-Z]\.(?: ?[A-Z]\.)* [A-Z][\w'’\-]+$|^[A-Z][\w'’\-]+, [A-Z]\.(?: ?[A-Z]\.)*$")
# A Vancouver author list closed by a full stop, whatever follows: "Fu R, Tong JS. miR-126 …"
_NAME = r"[^\W\d_][\w'’\-]*(?: [^\W\d_][\w'’\-]*)*"
_AUTHOR = rf"{_NAME} [{_UPPER}]{{1,3}}(?:-[{_UPPER}])?"
_AUTHOR_LIST = re.compile(rf"^((?:{_AUTHOR}, )*(?:{_AUTHOR}|et al))\.\s+")
# Nature's style, surname first with initials and "&" before the last: "Nielsen, M. A. & Chuang, I. L. Quantum …",
# "Zhu, S.-L., Monroe, C. & Duan, L.-M. …", "Ladd, T. D. et al. Quantum computers." (its initials' full stops
# would otherwise end the authors' sentence at "Nielsen, M")
_SURNAME_INITIALS = rf"{_PARTICLES}[{_UPPER}][\w'’\-]+(?: [{_UPPER}][\w'’\-]+)*, [{_UPPER}]\.(?:\s?-?[{_UPPER}]\.)*"
_NATURE_AUTHORS = re.compile(rf"^({_SURNAME_INITIALS}(?:, {_SURNAME_INITIALS})*(?:,? & {_SURNAME_INITIALS})?)"
                             r"( et al\.)?\s+(?=[A-Z0-9\"“*])")
# A journal name set in emphasis just before a parenthesised year, as a list kept with its markup prints it:
# "Title. *Cancers (Basel)* (2020) 12(5):1108" -- the emphasis, not a full stop, ends the title.
_EMPHASISED_JOURNAL = re.compile(r"\*[^*]+\*\s*(?=\((?:19|20)\d\d\))")
_EMPHASIS = re.compile(r"\*([^*]+)\*")


def split_entries(text: str, first: int = 1) -> list[tuple[int, str]]:
    """(number, text) of each entry of a numbered list; numbering must run on without gaps, but for one number
    the list passes over and goes on after.

    Why the one gap: a publisher may print no entry for a number (Elsevier's Science in One Health list runs
    [56], [58] … [75]; the text cites "[56, 57]"), and a lost label leaves the same gap. Read as the list's end,
    the gap dropped every entry after it (18 of 74). A gap is passed over only where the next two numbers follow
    it, so a stray number after the last entry is never read as more of the list. Entries keep their printed
    numbers, so citations resolve to the entry they name (:func:`highest_number`, not the count, bounds them)."""
    out: list[tuple[int, str]] = []
    n = first
    m = re.compile(_START.format(n=n), re.M).search(text)
    if m is None:
        return []
    pos = m.end()
    while True:
        nxt = re.compile(_START.format(n=n + 1), re.M).search(text, pos)
        step = 1
        if nxt is None and n > first and (skip := re.compile(_START.format(n=n + 2), re.M).search(text, pos)) \
                and re.compile(_START.format(n=n + 3), re.M).search(text, skip.end()):
            nxt, step = skip, 2
        end = nxt.start() if nxt else len(text)
        if nxt is None:
            out.append((n, re.sub(r"\s+", " ", _last_entry(text[pos:end], max((len(t) for _, t in out), default=0))).strip()))
            break
        out.append((n, re.sub(r"\s+", " ", text[pos:end]).strip()))
        n, pos = n + step, nxt.end()
    return out


def highest_number(references: list[Reference] | tuple[Reference, ...]) -> int:
    """The highest number a list's entries carry: a citation above it cites nothing. The count of entries where
    the list skips a number (:func:`split_entries`) would leave its last entries uncitable."""
    return max((r.number for r in references), default=0)


def _last_entry(text: str, longest: int) -> str:
    """The last entry ends at the first line break after its year and an entry's end (pages, a year, "."
    after a digit), or where it grows well past the list's longest entry."""
    pos = 0
    cap = max(400, int(1.3 * longest))
    for line in text.split("\n"):
        pos += len(line) + 1
        head = text[:pos].rstrip()
        if (_YEAR.search(head) and re.search(r"(?:\d|\d[.)]|\))$", head)) or pos >= cap:
            return head
    return text


def _rejoin_dois(text: str) -> str:
    """``text`` with the DOIs a line break split made whole again."""
    return _DOI_BROKEN.sub(r"\1", _DOI_BROKEN_AT_SLASH.sub(r"\1", text))


def find_doi(text: str) -> str | None:
    """The first whole DOI in ``text``, re-joined where a line break split it; None for a cut one ("10.1053/j")."""
    joined = _rejoin_dois(text)
    for m in _DOI.finditer(joined):
        doi = m.group(1).rstrip(".,;")
        if doi.endswith(")") and doi.count(")") > doi.count("("):
            doi = doi[:-1]
        if _WHOLE_DOI.fullmatch(doi) and len(doi.split("/", 1)[1]) >= 3:
            return doi
    return None


def parse_reference(number: int, raw: str, author_year: bool = False) -> Reference:
    """Best-effort fields of one entry; ``raw`` is kept whole."""
    raw = re.sub(r"\s+", " ", raw).strip()
    doi = find_doi(raw)
    body = raw
    dm = _DOI.search(_rejoin_dois(raw))
    if dm:
        joined = _rejoin_dois(raw)
        body = (joined[:dm.start()] + joined[dm.end():]).strip()
    if author_year and (named := names_first_reference(number, raw, body, doi)) is not None:
        return named  # "Waleed Ammar, Matthew E. Peters, and … . 2017. Title. In ACL." (names_first)
    if author_year and (initials := initials_first_reference(number, raw, body, doi)) is not None:
        return initials  # "G. E. Dahl, M. Ranzato, and G. E. Hinton. Title. In NIPS, 2010." (initials_first)
    if author_year and (surnamed := surname_year_reference(number, raw, body, doi)) is not None:
        return surnamed  # "Allamandola L. J., Tielens A. G. G. M., 1985, ApJ, 290, L25" (surname_year)
    authors: tuple[str, ...] = ()
    et_al = False
    nature = _NATURE_AUTHORS.match(body)
    if nature:
        authors = tuple(m.group(0) for m in re.finditer(_SURNAME_INITIALS, nature.group(1)))
        et_al, body = bool(nature.group(2)), body[nature.end():]
    sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9\"“*])", body) if s.strip()]
    if sentences and not nature:
        names = [a.strip() for a in re.split(r",\s*(?=[A-Z]|et al)|;\s*", sentences[0].rstrip("."))]
        if names and names[-1].lower().rstrip(".") == "et al":
            et_al = True
            names = names[:-1]
        elif names and names[-1].lower().endswith(" et al"):
            et_al = True
            names[-1] = names[-1][: -len(" et al")]
        if names and all(_INITIALS.match(n) for n in names):
            authors = tuple(names)
            sentences = sentences[1:]
        elif listed := _AUTHOR_LIST.match(body):
            # a title that starts in lower case ("Tong JS. miR-126 reduces …") did not end the authors'
            # sentence; names beyond ASCII or with particles ("Diaz-Lagares Á", "van de Rijn M")
            names = [a.strip() for a in listed.group(1).split(",")]
            et_al = names[-1] == "et al"
            authors = tuple(n for n in names if n != "et al")
            sentences = [s.strip() for s in re.split(r"(?<=[.?!])\s+(?=[A-Z0-9\"“*])", body[listed.end():])
                         if s.strip()]
    after = " ".join(sentences)
    journal_mark = _EMPHASISED_JOURNAL.search(after)
    if journal_mark:
        title, rest = after[:journal_mark.start()].strip().rstrip("."), after[journal_mark.start():]
    else:
        title = sentences[0].rstrip(".") if sentences else raw
        rest = " ".join(sentences[1:])
    # an author–year list prints the year in parentheses after the authors: "Smith, J. (2001)." (in a numbered
    # list a parenthesised year may be a title's: "Global cancer statistics (2018)")
    paren = re.search(r"\((?:19|20)\d\d[a-z]?\)", raw[:300]) if author_year else None
    year_match = (_YEAR.search(raw, paren.start()) if paren else None) or _YEAR.search(rest) or _YEAR.search(raw)
    year = int(year_match.group(1)) if year_match else None
    journal, volume_pages = rest, ""
    if year_match and year_match.string is rest:
        journal = rest[:year_match.start()].strip().rstrip(".,;( ")
        volume_pages = rest[year_match.end():].strip().lstrip(";:,) ").rstrip(".")
    # markup read, not shown: "*via*" in a title, "*Nature*"; a volume printed "10 (4)" is "10(4)"
    title, journal = _EMPHASIS.sub(r"\1", title).strip(), _EMPHASIS.sub(r"\1", journal).strip()
    volume_pages = re.sub(r"(\d) \(", r"\1(", volume_pages)
    return Reference(number=number, authors=authors, et_al=et_al, title=title, journal=journal, year=year,
                     volume_pages=volume_pages, doi=doi, raw=raw)


def _before_late_numbers(text: str) -> str:
    """``text`` up to where a numbered run starts after three author–year entries or more: numbers that begin
    only after such a list are an appendix's ("1. Random … 2. Doc2Vec …" under "A Appendix"), not the list's."""
    if len(split_entries(text)) >= 3:
        m = re.compile(_START.format(n=1), re.M).search(text)
        if m and len(split_unnumbered(text[:m.start()])) >= 3:
            return text[:m.start()]
    return text


def is_author_year(text: str) -> bool:
    """Whether the list is read as author–year entries (no numbers running in sequence): then the document cites
    by names and years, and a number in brackets in its text ("(7)" an equation's, "model[1]" code's) is not a
    citation."""
    text = _before_late_numbers(text)
    if len(split_entries(text)) >= 3 or not text.strip():
        return False
    return bool(split_labelled(text)) or len(split_unnumbered(text)) >= 3  # "[Gad06]": labels of names, years


def parse_list(text: str) -> list[Reference]:
    """Entries of a reference list: numbered when its numbers run in sequence, else author–year entries in the
    order printed (numbered 1, 2, … so citations resolve to them like any other list)."""
    text = _before_late_numbers(text)
    numbered = split_entries(text)
    if len(numbered) >= 3 or not text.strip():
        return [parse_reference(n, t) for n, t in numbered]
    if labelled := split_labelled(text):  # "[Gad06] A. Gadsby, …": numbered as printed, labels kept
        return [replace(parse_reference(i, t, author_year=True), label=label)
                for i, (label, t) in enumerate(labelled, start=1)]
    unnumbered = split_unnumbered(text)
    if len(unnumbered) >= 3:
        return [parse_reference(i, t, author_year=True) for i, t in enumerate(unnumbered, start=1)]
    return [parse_reference(n, t) for n, t in numbered]


# A list printed one entry a paragraph (the numbered-text format): the layout may have split an entry across a
# page break with other text (funding, notes) between its parts, dropped an entry's leading number ("19."), or
# broken a DOI at a line end ("10.15252/ embr..."). ``assemble`` puts the entries back together, keeping each
# character's place in the file; ``parse_reference`` then reads them like any other list's.
_NUMBERED = re.compile(r"^(\d{1,3})\.\s+")
_PAREN_YEAR = re.compile(r"\(((?:19|20)\d{2})\)")
_REFLIKE = re.compile(r"\(\d{4}\)|\bdoi:|\d+\(\d+\):")


@dataclass
class _Entry:
    number: int
    parts: list[MappedText] = field(default_factory=list)
    recovered_number: bool = False

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.parts)

    def complete(self) -> bool:
        t = self.text
        return bool(_PAREN_YEAR.search(t)) and not t.rstrip().endswith("-")


def looks_like_reference(text: str) -> bool:
    """True for a fragment that carries bibliographic matter (a year, a DOI, vol(issue):pages)."""
    return bool(_REFLIKE.search(text))


def resumes_list(text: str) -> bool:
    """True when a line after a note heading is reference matter again (numbered or bibliographic)."""
    return bool(_NUMBERED.match(text)) or looks_like_reference(text)


def assemble(blocks: list[MappedText]) -> tuple[list[tuple[int, MappedText, bool]], list[MappedText]]:
    """Group the paragraphs after "References" into whole entries.

    Returns ``(entries, strays)``: each entry is ``(number, text, number_was_recovered)``;
    strays are blocks that are not reference matter (funding text interleaved by the layout).
    """
    entries: list[_Entry] = []
    strays: list[MappedText] = []
    for block in blocks:
        t = block.text.strip()
        if not t:
            continue
        m = _NUMBERED.match(t)
        prev = entries[-1] if entries else None
        if m and (prev is None or int(m.group(1)) == prev.number + 1):
            entries.append(_Entry(int(m.group(1)), [block.sub(_NUMBERED, "").strip()]))
        elif prev is not None and not prev.complete() and (looks_like_reference(t) or t[:1].islower()):
            prev.parts.append(block.strip())
        elif prev is not None and prev.complete() and looks_like_reference(t) and _AUTHOR_LIST.match(t):
            # An entry whose number fell off in extraction: it sits between prev and prev + 2.
            entries.append(_Entry(prev.number + 1, [block.strip()], recovered_number=True))
        else:
            strays.append(block)
    return [(e.number, _join_parts(e.parts), e.recovered_number) for e in entries], strays


def _join_parts(parts: list[MappedText]) -> MappedText:
    """Join fragments; a fragment ending in a hyphen continues the same compound ("IRS1-IGF-" + "PI3K")."""
    acc = parts[0]
    for p in parts[1:]:
        acc = MappedText.join([acc, p], "" if acc.text.endswith("-") else " ")
    return acc
