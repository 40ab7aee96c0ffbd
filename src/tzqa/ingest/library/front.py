"""A PDF's title, authors and year, from its first page (the largest type) or its metadata, and its DOI.

Running headers print the journal, volume and pages in the first line, and a label ("RESEARCH ARTICLE
Open Access") often comes before the title, so the first line is not the title: the title is the run of
lines set in the largest type on the first page that reads as words, or the PDF's own Title field when
the first page prints it. The authors are the lines after the title that read as a list of names; the
year is the latest the first page prints outside citations (header, copyright, received/published dates):
the most frequent one was often the year of the newest work the first page cites.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from tzqa.ingest.library.furniture import _EMAIL, _INSTITUTION
from tzqa.ingest.library.refshapes import UPPER

_YEAR = re.compile(r"(?<!\d)((?:19[5-9]|20[0-4])\d)(?!\d)")
_LABEL = re.compile(r"^(?:research|original|review|short|brief)?\s*(?:article|report|communication|paper)\s+",
                    re.IGNORECASE)  # "Research Article Patient Experiences ...": the label set in the title's type
# a year inside a citation: "(Chen et al., 2017)", "[Smith 2003]", "et al., 2019", or cut from its group where the
# first page's columns interleave ("2020; Eisenschlos", "2000), give")
# (not a journal's line, its year in parentheses before the volume: "Nephrol Dial Transplant (2022) 37: 1014–1023")
_CITED_YEARS = re.compile(r"(?<!\d\s)\((?!(?:19|20)\d\d\)\s*\d{1,4}\s*[:(])[^()]*?(?:19|20)\d\d[a-z]?[^()]*\)"
                          r"|\[[^\[\]]*\]|\bet al\.?,?\s*\(?(?:19|20)\d\d"
                          r"|(?<!\()(?:19|20)\d\d[a-z]?\s*(?:\)|;\s*(?!\d))")
# the article's own citation on a download's cover page, "To cite this article: Thomas Meyer, … & André Maier (2023)
# Remote digital assessment …": its year is the article's, though it stands as a citation's does
_OWN_CITATION = re.compile(r"cite\s+this\s+article(?:\s+as)?\s*:[^()]{0,800}?\(((?:19|20)\d\d)\)", re.IGNORECASE)
_MARKS = re.compile(r"[\d*∗†‡§¶#,]+$|\[[\d,\s–-]+\]")
# an ORCID badge drawn as "ID" after the name it follows ("Paolo RodiID", PLOS), or an affiliation's letter set apart
# after it ("Irwin Hecker a", Elsevier)
_BADGE = re.compile(r"(?<=[a-z])ID$|\s[a-z]$")
# a given name left at a line's end, its surname on the next line: "…, Ute Weyen, Robert" / "Steinbach, …"
_DANGLING = re.compile(r"(?:,|\band|&)\s*[A-Z][\w'’\-]+\s*$")
# a group's name after the authors: "Amer Joseph14; on behalf of the" / "FIDELIO-DKD and FIGARO-DKD Investigators"
_ON_BEHALF = re.compile(r"[;,]?\s*\b(?:on\s+behalf\s+of|for\s+the)\b.*$", re.IGNORECASE)


@dataclass(frozen=True)
class Front:
    title: str | None
    authors: tuple[str, ...]
    year: int | None


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z]{2,}", s.lower())


# A title of two words in the largest type, its subtitle right under it in smaller type (Springer's "Primary
# aldosteronism" / "A Japanese perspective"): the subtitle alone is not the article's title
_SHORT_TITLE = re.compile(r"[A-Z][a-z]{3,}\s+[a-z][a-z\-]{3,}")


def _is_title(s: str) -> bool:
    words = s.split()
    return len(words) >= 3 and sum(len(w) == 1 for w in words) < 0.5 * len(words)  # not "R E V I E W"


def _names(line: str) -> tuple[str, ...]:
    """The names a line of an author block lists, or () when it is not one. Names are parted by commas, "and",
    "&", or by the marks that point to affiliations ("Arman Cohan†∗ Sergey Feldman†∗", ACM's "David Adrian¶ …")."""
    # REVTeX glues each affiliation's number to the next name: "A.N. Villano,1,∗M. Fritts,2N. Mast,2…,1and V. Mandic2"
    line = re.sub(r"(?<=\d)(?=and\s)", " ", line.replace("\xa0", " "))  # a name's no-break space is a space
    line = _ON_BEHALF.sub("", line)
    # (an affiliation's letter set apart parts two names as a mark does: "Santiago Zanella-Béguelin k Paul Zimmermann",
    # ACM's "‖" read as a raised "k"; Wiley parts its names with bars: "Jason Smith2 | Lin Zhang3")
    parts = [p.strip() for p in re.split(r",|\band\b|&|[†‡§¶∗*|]|\s{2,}|\s[a-z](?=\s+[A-Z])", line) if p.strip()]
    names = []
    for p in parts:
        p = _MARKS.sub("", re.sub(r"\[[^\]]*\]", "", p)).strip(" *∗†‡§")
        p = _BADGE.sub("", re.sub(r"^\d{1,2}\s*(?=[A-Z])", "", p)).strip()
        if not p or re.fullmatch(r"[a-z]", p):
            continue  # "Theurer2,3": the affiliation marks after the comma; "b, c,d": letters
        if not re.fullmatch(rf"[{UPPER}][\w'’.˛¸ˇ´`¨\-]*(?:\s+[{UPPER}][\w'’.˛¸ˇ´`¨\-]*){{1,4}}", p) or _INSTITUTION.search(p) \
                or all(w.isupper() and len(w) > 1 for w in p.split()):  # "ATOMIC AND MOLECULAR": a subject label
            return ()
        names.append(p)
    return tuple(names)


def _authors(lines: list[str]) -> tuple[str, ...]:
    """The authors in the lines after the title: the first run of lines that list names, whether two or more a
    line or one a line as ACL sets them side by side ("Andrew McCallum" / "Fuchun Peng"); one name alone only when
    an address or an e-mail follows it. Lines before the run (figure labels, a side panel's label) are passed over.
    Affiliation letters glued to every surname ("Roisina", "Flandrea") are taken off."""
    found: list[str] = []
    after = len(lines)
    k = 0
    while k < len(lines):
        names = _names(lines[k])
        if not names and k + 1 < len(lines) and (given := _DANGLING.search(lines[k])) \
                and len(_names(lines[k][:given.start()])) >= 2 and (names := _names(f"{lines[k]} {lines[k + 1]}")):
            k += 1  # a name broken over two lines: "…, Ute Weyen, Robert" / "Steinbach, Dagmar Kettemann, …"
        if names:
            found += names
        elif found:
            after = k
            break
        k += 1
    if len(found) == 1 and not any(_EMAIL.search(ln) or _INSTITUTION.search(ln) for ln in lines[after:after + 2]):
        return ()
    ends = {n[-1] for n in found}
    if len(found) >= 3 and len(ends) == 1 and ends <= set("abcdef") and all(re.search(r"[a-z]{2}$", n) for n in found):
        found = [n[:-1] for n in found]
    return tuple(found)


def _side_authors(lines: list[tuple[float, str]]) -> tuple[str, ...]:
    """Authors set one a line in their own type in a column beside the abstract (Dove's first page): read in
    order of height, each name's line sits between two of the abstract's, so no run of name lines is found.
    The lines in the first name's type size are read alone; two names or more are the authors."""
    first = next(((size, k) for k, (size, text) in enumerate(lines) if _names(text)), None)
    if first is None:
        return ()
    found: list[str] = []
    for size, text in lines[first[1]:]:
        if size != first[0]:
            continue
        names = _names(text)
        if not names:
            break
        found += names
    return tuple(found) if len(found) >= 2 else ()


def read_front(path: Path) -> Front:
    """Title, authors and year of the PDF at ``path``; fields it cannot find are None / empty."""
    import pypdf

    from tzqa.ingest.pdf_layout import first_page_lines

    lines = first_page_lines(path)
    text = "\n".join(t for _, t in lines)
    title = None
    made = None  # the year a TeX-made PDF was compiled
    try:
        meta = pypdf.PdfReader(str(path)).metadata
        meta_title = str(meta.get("/Title") or "").strip() if meta else ""
        made = _tex_year(meta) if meta else None
    except Exception:  # metadata is a hint only
        meta_title = ""
    page_words = set(_words(text))
    meta_title = " ".join(meta_title.split())
    if _is_title(meta_title) and not re.search(r"\.(?:docx?|dvi|tex|pdf)\b|^microsoft", meta_title, re.I) \
            and set(_words(meta_title)) <= page_words:
        title = meta_title
    end = 0
    lead: tuple[str, int] | None = None  # a two-word title in the largest type, and the line after it
    for size in sorted({s for s, _ in lines}, reverse=True):
        idx = [i for i, (s, _) in enumerate(lines) if s == size]
        run = [idx[0]]
        for i in idx[1:]:
            if i <= run[-1] + 3:  # a side panel's or a running head's line may sit between a title's lines
                run.append(i)
            else:
                break
        candidate = " ".join(lines[i][1] for i in run)
        if _is_title(candidate) and len(candidate) >= 20:
            if lead and run[0] == lead[1] and candidate[:1].isupper():
                candidate = f"{lead[0]}: {candidate}"  # "Primary aldosteronism" over "A Japanese perspective"
            printed = _LABEL.sub("", re.sub(r"\s+", " ", candidate))
            if title and len(printed) > len(title) and printed.startswith(title):
                title = None  # the Title field cut short ("… rating scale – a multicenter o", Taylor & Francis's)
            title = title or printed
            end = run[-1] + 1
            break
        lead = (candidate, run[-1] + 1) if lead is None and _SHORT_TITLE.fullmatch(candidate) else lead
    if title is not None and title == meta_title and (after := _after_printed(lines, title)) is not None:
        end = after  # the Title field's title, printed in smaller type than the journal's name over it
    authors = _authors([t for _, t in lines[end:end + 8]]) or _side_authors(lines[end:end + 16])
    # the paper's year is the latest its first page prints outside citations ("(Chen et al., 2017)", "[3]",
    # "Herzig et al.,\n2020;" where columns interleave): a received date, a volume line, a copyright
    years = {int(y) for y in _YEAR.findall(_CITED_YEARS.sub(" ", text))} | {int(y) for y in _OWN_CITATION.findall(text)}
    year = max(years) if years else None
    if made and (year is None or not made - 1 <= year <= made):
        year = made  # a preprint's first page printed only the years of the work it cites
    return Front(title, authors, year)


def _after_printed(lines: list[tuple[float, str]], title: str) -> int | None:
    """The index after the run of first-page lines that print ``title``, or None: where its authors are looked for.
    (SSM Population Health sets its journal's name larger than the title above it, "Impact of work arrangements …":
    the authors were looked for after the journal's name, and the last of them fell outside the lines read.)"""
    flat = re.sub(r"\W+", "", title.lower())
    hits = [len(key) >= 8 and key in flat for key in (re.sub(r"\W+", "", t.lower()) for _, t in lines)]
    if True not in hits:
        return None
    k = hits.index(True)
    while k < len(hits) and hits[k]:
        k += 1
    return k


def _tex_year(meta: object) -> int | None:
    """The creation year of a PDF that TeX made (pdfTeX, LuaTeX, XeTeX, dvips): an author's own build, so the year
    the paper was written. A preprint's first page prints no date (arXiv's stamp is set sideways in the margin,
    which is not read), and the latest year it prints is a cited work's (a letter of 2023 read as 2019). A
    publisher's PDF, made by other software, may be built years after its paper (a back issue's scan), so its
    date is not used."""
    producer = " ".join(str(meta.get(k) or "") for k in ("/Producer", "/Creator"))  # type: ignore[attr-defined]
    if not re.search(r"\b(?:pdfTeX|LuaTeX|XeTeX|dvips|LaTeX)\b", producer, re.IGNORECASE):
        return None
    m = re.match(r"D:((?:19|20)\d\d)", str(meta.get("/CreationDate") or ""))  # type: ignore[attr-defined]
    return int(m.group(1)) if m else None
