"""The cited papers users supply: files in ``corpus/references/`` -> cleaned text -> passages.

A file is linked to one entry of the review's reference list, most explicit
first: ``manifest.json`` (``{"choi.pdf": 12}``), then a number in its name
(``12.pdf``, ``ref-12.txt``, ``12_choi2019.pdf``), then the DOI printed in it,
then the entry's title found in its text. A file nothing links, or that links
to several entries, is reported and left out, never guessed; so is the loser
when two files claim one number.

Reading and cleaning a file is :mod:`tzqa.ingest.paper_text`; bad files are reported
and skipped, and the build goes on without them.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tzqa.ingest.chunking import MAX_PASSAGE_CHARS, paragraph_spans
from tzqa.ingest.paper_text import MIN_TITLE_CHARS, CleanPaper, PaperError, read_paper
from tzqa.models import Passage, Reference

if TYPE_CHECKING:
    from tzqa.ingest.library.records import Article

MANIFEST_NAME = "manifest.json"
REFERENCES_DIR = "references"
# How a file was linked to its number, most explicit first; the more explicit one wins a conflict.
HOW = ("manifest", "filename", "doi", "title")


@dataclass(frozen=True)
class SuppliedPaper:
    """A file linked to a reference number, and the passages made from it."""

    number: int
    path: str  # relative to the corpus folder, e.g. "references/12.pdf"
    how: str  # one of HOW
    passages: tuple[Passage, ...]


# -- linking files to reference numbers ---------------------------------------------------------
_DOI = re.compile(r"10\.\d{4,9}/\s?[^\s\"<>]+", re.IGNORECASE)
_NAME_NUMBER = re.compile(r"(?:ref(?:erence)?s?[-_ ]?|no[-_ ]?|#)?(\d{1,3})(?:[-_ .,(].*)?", re.IGNORECASE)


def normalise_doi(doi: str) -> str:
    d = doi.strip().lower()
    d = re.sub(r"^(?:https?://)?(?:dx\.)?doi\.org/|^doi:\s*", "", d)
    return re.sub(r"\s+", "", d).rstrip(".,;:)]}>'\"")


def normalise_title(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: robust to line breaks and hyphens."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "", t.lower())


def dois_in(text: str) -> set[str]:
    return {normalise_doi(m.group(0)) for m in _DOI.finditer(text)}


def filename_number(name: str) -> int | None:
    """The reference number a file name gives (``12.pdf``, ``ref-12.txt``, ``12_choi2019.pdf``), if any."""
    m = _NAME_NUMBER.fullmatch(Path(name).stem)
    return int(m.group(1)) if m else None


def short_citation(ref: Reference) -> str:
    """"Choi 2019": first author's surname and the year (the title's first words when there are no authors)."""
    if ref.authors:
        parts = ref.authors[0].split()
        if len(parts) > 1 and re.fullmatch(r"[A-Z][A-Z\-.]{0,3}", parts[-1]):
            parts = parts[:-1]
        who = " ".join(parts)
    else:
        who = " ".join(ref.title.split()[:4])
    return f"{who} {ref.year}" if ref.year else who


def read_manifest(refs_dir: Path, doc: Article) -> tuple[dict[str, int | None], list[str]]:
    """``manifest.json``: relative file path -> reference number (``null`` leaves a file out)."""
    path = refs_dir / MANIFEST_NAME
    if not path.exists():
        return {}, []
    where = f"{REFERENCES_DIR}/{MANIFEST_NAME}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [f"{where}: not valid JSON ({exc}); ignored"]
    if not isinstance(data, dict):
        return {}, [f"{where}: must be an object like {{\"choi.pdf\": 12}}; ignored"]
    numbers = {r.number for r in doc.references}
    out: dict[str, int | None] = {}
    messages: list[str] = []
    for name, value in data.items():
        key = Path(str(name).replace("\\", "/")).as_posix()
        if value is None:
            out[key] = None
            continue
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or value not in numbers:
            messages.append(f"{where}: entry {name!r}: {value!r} is not a reference number of the review "
                            f"({min(numbers)}..{max(numbers)}); entry ignored")
            continue
        if not (refs_dir / key).is_file():
            messages.append(f"{where}: entry {name!r}: no such file in {REFERENCES_DIR}/")
            continue
        out[key] = value
    return out, messages


def paper_files(refs_dir: Path) -> list[Path]:
    """Every file a user put in ``references/``, except hidden ones, README and the manifest."""
    if not refs_dir.is_dir():
        return []
    out = []
    for p in sorted(refs_dir.rglob("*")):
        rel = p.relative_to(refs_dir)
        if not p.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        if rel.as_posix() == MANIFEST_NAME or p.stem.upper() == "README":
            continue
        out.append(p)
    return out


def _match_text(paper: CleanPaper, doc: Article) -> tuple[list[int], str]:
    """Reference numbers a paper's text points at by DOI, else by title; and how."""
    numbers = {normalise_doi(r.doi): r.number for r in doc.references if r.doi}
    by_doi = sorted({numbers[d] for d in dois_in(paper.front) if d in numbers})
    body = normalise_title(paper.front)
    titles = {r.number: normalise_title(r.title) for r in doc.references}
    by_title = [n for n, t in titles.items() if len(t) >= MIN_TITLE_CHARS and t in body]
    # A title found only because it is part of a longer matching title does not count.
    by_title = sorted(n for n in by_title if not any(m != n and titles[n] in titles[m] for m in by_title))
    if len(by_doi) == 1:
        return by_doi, "doi"
    if len(by_doi) > 1:
        narrowed = [n for n in by_title if n in by_doi]
        return (narrowed, "title") if len(narrowed) == 1 else (by_doi, "doi")
    return by_title, "title"


def ingest(directory: Path, doc: Article) -> tuple[list[SuppliedPaper], list[str]]:
    """Read, link and chunk every supplied paper; returns the papers by number and the problems found."""
    refs_dir = directory / REFERENCES_DIR
    files = paper_files(refs_dir)
    if not files:
        return [], []
    manifest, messages = read_manifest(refs_dir, doc)
    numbers = {r.number for r in doc.references}
    lo, hi = min(numbers), max(numbers)
    claims: dict[int, list[tuple[int, str, Path, CleanPaper]]] = {}
    for path in files:
        rel = path.relative_to(refs_dir).as_posix()
        where = f"{REFERENCES_DIR}/{rel}"
        if rel in manifest and manifest[rel] is None:
            continue  # left out on purpose
        try:
            paper = read_paper(path)
        except PaperError as exc:
            messages.append(f"{where}: skipped: {exc}")
            continue
        except Exception as exc:  # whatever else one odd file does, the build goes on without it
            messages.append(f"{where}: skipped: could not be processed ({exc.__class__.__name__}: {exc})")
            continue
        named = filename_number(path.name)
        if rel in manifest:
            number, how = manifest[rel], "manifest"
        elif named in numbers:
            number, how = named, "filename"
        else:
            found, how = _match_text(paper, doc)
            if len(found) != 1:
                hint = (f"its name gives {named}, which is not in the review's list ({lo}..{hi}); " if named else "")
                if found:
                    messages.append(f"{where}: skipped: ambiguous, its {how}s match references "
                                    f"{', '.join(map(str, found))}; {hint}name it by number or add it "
                                    f"to {MANIFEST_NAME}")
                else:
                    messages.append(f"{where}: skipped: not linked to any reference ({hint}no number in its "
                                    f"name, no reference DOI or title in its text); name it by number or add "
                                    f"it to {MANIFEST_NAME}")
                continue
            number = found[0]
        assert number is not None
        claims.setdefault(number, []).append((HOW.index(how), how, path, paper))

    from tzqa.ingest.library.passages import reference_topics

    topics = reference_topics(doc)
    out: list[SuppliedPaper] = []
    for number in sorted(claims):
        ranked = sorted(claims[number], key=lambda c: (c[0], c[2].as_posix()))
        best = ranked[0]
        ties = [c for c in ranked if c[0] == best[0]]
        names = {id(c): f"{REFERENCES_DIR}/{c[2].relative_to(refs_dir).as_posix()}" for c in ranked}
        if len(ties) > 1:
            messages.append(f"reference {number}: conflict, " + " and ".join(names[id(c)] for c in ties)
                            + f" claim it equally (by {best[1]}); skipped them all, say which one in "
                            f"{MANIFEST_NAME}")
            for c in ranked[len(ties):]:
                messages.append(f"{names[id(c)]}: skipped: reference {number} is also claimed by {best[1]}")
            continue
        for c in ranked[1:]:
            messages.append(f"{names[id(c)]}: skipped: conflict, reference {number} is already supplied by "
                            f"{names[id(best)]} ({best[1]} beats {c[1]})")
        ref = doc.reference(number)
        rel = names[id(best)]
        out.append(SuppliedPaper(number, rel, best[1],
                                 tuple(paper_passages_for(best[3], ref, rel, topics.get(number, "background")))))
    return out, messages


# -- passages -----------------------------------------------------------------------------------
def paper_passages_for(paper: CleanPaper, ref: Reference, document: str, topic: str,
                       limit: int = MAX_PASSAGE_CHARS) -> list[Passage]:
    """Passages of one paper: sentence-packed within each paragraph, labelled with the paper and section."""
    short = short_citation(ref)
    out: list[Passage] = []
    for block in paper.blocks:
        for i, j in paragraph_spans(block.text, limit):
            start, end = block.start + i, block.start + j
            out.append(Passage(
                id=f"paper:{ref.number}:{len(out)}", kind="paper", source_kind="reference",
                source_ref=ref.number, section=f"{short} — {block.section}",
                section_path=("References", f"[{ref.number}] {short}", block.section),
                topic=topic,  # type: ignore[arg-type]
                start=start, end=end, refs=(ref.number,), text=paper.text[start:end], document=document,
            ))
    return out


def paper_passages(directory: Path, doc: Article) -> tuple[list[Passage], list[str]]:
    """Passages of every supplied paper, by reference number; and messages on files reported and skipped."""
    papers, messages = ingest(directory, doc)
    return [p for paper in papers for p in paper.passages], messages
