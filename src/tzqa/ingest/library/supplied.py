"""The cited papers a user drops in ``corpus/references/``: which of the review's references each file is.

Such a file is a library document like any other: read by the reader ``tzqa add`` uses for its type
(:func:`.folder.read_article`) and cut into passages the same way. Only two things differ, and they are
this module: the file stays where the user put it (no ``record.json``), and its number in the review's
list (``record.cited_as``) comes from the folder's rules instead of ``tzqa add``'s DOI match. Most
explicit first: ``manifest.json`` (``{"choi.pdf": 12}``), then a number in the file's name (``12.pdf``,
``ref-12.txt``, ``12_choi2019.pdf``), then the reference's DOI printed in it, then the reference's title
found in its text. A file nothing links, or that links to several references, is reported and left out,
never guessed; so is the loser when two files claim one number.
"""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path

from tzqa.ingest.library.doi import dois_in, normalise_doi
from tzqa.ingest.library.folder import read_article
from tzqa.ingest.library.limits import DocumentError
from tzqa.ingest.library.records import Article
from tzqa.models import Reference

MANIFEST_NAME = "manifest.json"
REFERENCES_DIR = "references"
ORIGIN = "file (corpus/references)"
# How a file was linked to its number, most explicit first; the more explicit one wins a conflict.
HOW = ("manifest", "filename", "doi", "title")
MIN_TITLE_CHARS = 25  # a normalised title shorter than this is too generic to match on
_NAME_NUMBER = re.compile(r"(?:ref(?:erence)?s?[-_ ]?|no[-_ ]?|#)?(\d{1,3})(?:[-_ .,(].*)?", re.IGNORECASE)


@dataclass(frozen=True)
class Supplied:
    """A file linked to a reference number, read as the library document it is indexed as."""

    number: int
    path: str  # relative to the corpus folder, e.g. "references/12.pdf"
    how: str  # one of HOW
    article: Article  # id "ref-<number>", cited_as <number>; title, authors, year, DOI from the review's entry


def supplied_id(number: int) -> str:
    """The document id of the paper supplied for reference ``number`` (what ``doc=`` filters take)."""
    return f"ref-{number}"


def normalise_title(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: robust to line breaks and hyphens."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]+", "", t.lower())


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
                            f"({_range(numbers)}); entry ignored")
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


def _range(numbers: set[int]) -> str:
    return f"{min(numbers)}..{max(numbers)}" if numbers else "it has none"


def _match_text(article: Article, doc: Article) -> tuple[list[int], str]:
    """Reference numbers a file's text points at by DOI, else by title; and how. The text is what the file
    prints before its own reference list (``Article.front``); for a reader that leaves none, its record's."""
    front = article.front or f"{article.record.doi or ''}\n{article.record.title}"
    numbers = {normalise_doi(r.doi): r.number for r in doc.references if r.doi}
    by_doi = sorted({numbers[d] for d in dois_in(front) if d in numbers})
    body = normalise_title(front)
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


def _as_cited(article: Article, ref: Reference) -> Article:
    """The article as reference ``ref.number``: the review's entry says who wrote it and where it appeared
    (as a ``record.json`` would for a stored document), and the id names the number."""
    rec = article.record
    return replace(article, record=replace(
        rec, id=supplied_id(ref.number), cited_as=ref.number, title=ref.title or rec.title,
        authors=ref.authors or rec.authors, year=ref.year or rec.year, journal=ref.journal or rec.journal,
        doi=ref.doi or rec.doi, origin=ORIGIN))


def supplied_papers(directory: Path, doc: Article) -> tuple[list[Supplied], list[str]]:
    """Read and link every file in ``directory/references/`` against ``doc``'s list; returns the papers by
    number and a line for each file reported and skipped."""
    refs_dir = directory / REFERENCES_DIR
    files = paper_files(refs_dir)
    if not files:
        return [], []
    manifest, messages = read_manifest(refs_dir, doc)
    numbers = {r.number for r in doc.references}
    claims: dict[int, list[tuple[int, str, str, Article]]] = {}
    for path in files:
        rel = path.relative_to(refs_dir).as_posix()
        where = f"{REFERENCES_DIR}/{rel}"
        if rel in manifest and manifest[rel] is None:
            continue  # left out on purpose
        try:
            article = read_article(path)
        except DocumentError as exc:
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
            found, how = _match_text(article, doc)
            if len(found) != 1:
                hint = (f"its name gives {named}, which is not in the review's list ({_range(numbers)}); "
                        if named else "")
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
        claims.setdefault(number, []).append((HOW.index(how), how, where, article))
    return _settle(claims, doc, messages)


def _settle(claims: dict[int, list[tuple[int, str, str, Article]]], doc: Article,
            messages: list[str]) -> tuple[list[Supplied], list[str]]:
    """One file per number: the most explicit claim wins; equally explicit claims are all left out."""
    out: list[Supplied] = []
    for number in sorted(claims):
        ranked = sorted(claims[number], key=lambda c: (c[0], c[2]))
        best = ranked[0]
        ties = [c for c in ranked if c[0] == best[0]]
        if len(ties) > 1:
            messages.append(f"reference {number}: conflict, " + " and ".join(c[2] for c in ties)
                            + f" claim it equally (by {best[1]}); skipped them all, say which one in "
                            f"{MANIFEST_NAME}")
            for c in ranked[len(ties):]:
                messages.append(f"{c[2]}: skipped: reference {number} is also claimed by {best[1]}")
            continue
        for c in ranked[1:]:
            messages.append(f"{c[2]}: skipped: conflict, reference {number} is already supplied by "
                            f"{best[2]} ({best[1]} beats {c[1]})")
        out.append(Supplied(number, best[2], best[1], _as_cited(best[3], doc.reference(number))))
    return out, messages
