"""A PDF's title, authors and year, from its first page (the largest type) or its metadata, and its DOI.

Running headers print the journal, volume and pages in the first line, and a label ("RESEARCH ARTICLE
Open Access") often comes before the title, so the first line is not the title: the title is the run of
lines set in the largest type on the first page that reads as words, or the PDF's own Title field when
the first page prints it. The authors are the lines after the title that read as a list of names; the
year is the one the first page prints most often (header, copyright, received/published dates).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

_YEAR = re.compile(r"(?<!\d)((?:19[5-9]|20[0-4])\d)(?!\d)")
_LABEL = re.compile(r"^(?:research|original|review|short|brief)?\s*(?:article|report|communication|paper)\s+",
                    re.IGNORECASE)  # "Research Article Patient Experiences ...": the label set in the title's type
_MARKS = re.compile(r"[\d*∗†‡§¶#,]+$|\[[\d,\s–-]+\]")


@dataclass(frozen=True)
class Front:
    title: str | None
    authors: tuple[str, ...]
    year: int | None


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z]{2,}", s.lower())


def _is_title(s: str) -> bool:
    words = s.split()
    return len(words) >= 3 and sum(len(w) == 1 for w in words) < 0.5 * len(words)  # not "R E V I E W"


def _names(line: str) -> tuple[str, ...]:
    parts = [p.strip() for p in re.split(r",|\band\b|&", line) if p.strip()]
    names = []
    for p in parts:
        p = _MARKS.sub("", re.sub(r"\[[^\]]*\]", "", p)).strip(" *∗†‡§")
        if not p:
            continue  # "Theurer2,3": the affiliation marks after the comma
        if not re.fullmatch(r"[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){1,4}", p):
            return ()
        names.append(p)
    return tuple(names)


def read_front(path: Path) -> Front:
    """Title, authors and year of the PDF at ``path``; fields it cannot find are None / empty."""
    import pypdf

    from tzqa.ingest.pdf_layout import first_page_lines

    lines = first_page_lines(path)
    text = "\n".join(t for _, t in lines)
    title = None
    try:
        meta = pypdf.PdfReader(str(path)).metadata
        meta_title = str(meta.get("/Title") or "").strip() if meta else ""
    except Exception:  # metadata is a hint only
        meta_title = ""
    page_words = set(_words(text))
    if _is_title(meta_title) and not re.search(r"\.(?:docx?|dvi|tex|pdf)\b|^microsoft", meta_title, re.I) \
            and set(_words(meta_title)) <= page_words:
        title = meta_title
    end = 0
    for size in sorted({s for s, _ in lines}, reverse=True):
        idx = [i for i, (s, _) in enumerate(lines) if s == size]
        run = [idx[0]]
        for i in idx[1:]:
            if i == run[-1] + 1:
                run.append(i)
            else:
                break
        candidate = " ".join(lines[i][1] for i in run)
        if _is_title(candidate) and len(candidate) >= 20:
            title = title or _LABEL.sub("", re.sub(r"\s+", " ", candidate))
            end = run[-1] + 1
            break
    authors: tuple[str, ...] = ()
    for _, line in lines[end:end + 4]:
        authors = _names(line)
        if len(authors) >= 1 and (len(authors) > 1 or " and " in line):
            break
        authors = ()
    years = Counter(int(y) for y in _YEAR.findall(text))
    year = max(years, key=lambda y: (years[y], y)) if years else None
    return Front(title, authors, year)
