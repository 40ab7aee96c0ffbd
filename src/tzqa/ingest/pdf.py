"""PDF -> the one-paragraph-per-line text the parser reads, via pypdf's layout mode.

Layout mode keeps vertical gaps (blank lines between paragraphs) and horizontal
positions (table columns), which plain extraction throws away. Wrapped lines are
re-joined; a paragraph that runs over a page break is re-joined when the page's
last line is a full line; a word hyphenated at a line end is re-joined without
its hyphen when the joined word occurs elsewhere in the document or is an English word.
"""
from __future__ import annotations

import re
from pathlib import Path

from tzqa.errors import TzqaError

_TABLE_START = re.compile(r"^\s*TABLE\s+\d+\b", re.IGNORECASE)
_CELL = re.compile(r"\S+(?: \S+)*")
_FULL_LINE = 0.85
SOFT_JOIN = "\x00"
HYPHENS = "[-\u2010\u2011]"  # a hyphen as fonts set it: ASCII's, Unicode's hyphen, the non-breaking hyphen
# pyspellchecker gives rare entries a count of 50; a compound of two words joined that rarely is not one word
_COMPOUND_FLOOR = 100
_SAME_VOWEL = re.compile(r"([aeiou])\1", re.IGNORECASE)


class PdfError(TzqaError, ValueError):
    """The file is not a readable PDF with a text layer."""


def pdf_pages(path: Path) -> list[str]:
    """Layout-mode text of each page; raises :class:`PdfError` for encrypted, broken or image-only PDFs."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise PdfError(f"{path.name}: PDF is encrypted")
        pages = [p.extract_text(extraction_mode="layout") or "" for p in reader.pages]
    except PdfError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as exc:
        raise PdfError(f"{path.name}: not a readable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not any(p.strip() for p in pages):
        raise PdfError(f"{path.name}: PDF has no text layer (scanned image?)")
    return pages


def _table_line(line: str, columns: list[int]) -> str:
    """Cells of a layout-mode table line, placed in the column whose start is nearest, joined by tabs."""
    cells = [""] * len(columns)
    for m in _CELL.finditer(line):
        j = min(range(len(columns)), key=lambda c: abs(columns[c] - m.start()))
        cells[j] = f"{cells[j]} {m.group(0)}".strip()
    return "\t".join(cells)


def _paragraphs(pages: list[str]) -> list[tuple[str, bool]]:
    """(text, is_table_line) blocks in reading order."""
    blocks: list[tuple[str, bool]] = []
    cur: list[str] = []
    columns: list[int] | None = None
    in_table = False

    def flush() -> None:
        if cur:
            blocks.append((" ".join(cur), False))
            cur.clear()

    for page_no, page in enumerate(pages):
        lines = [ln.rstrip() for ln in page.split("\n")]
        width = max((len(ln.strip()) for ln in lines), default=1) or 1
        last_text = ""
        for ln in lines:
            if not ln.strip():
                if not in_table:
                    flush()
                continue
            if _TABLE_START.match(ln):
                flush()
                blocks.append((ln.strip(), False))
                in_table, columns = True, None
                continue
            if in_table:
                cells = list(_CELL.finditer(ln))
                if columns is None and len(cells) >= 2 and re.search(r"\S {3,}\S", ln):
                    columns = [m.start() for m in cells]
                    blocks.append(("\t".join(m.group(0) for m in cells), True))
                    continue
                if columns is not None and (re.search(r"\S {3,}\S", ln) or ln.startswith(" " * 5)):
                    blocks.append((_table_line(ln, columns), True))
                    continue
                in_table = False
            piece = re.sub(r" {2,}", " ", ln.strip())
            if cur and re.search(r"\w-$", cur[-1]):
                cur[-1] = f"{cur[-1]}{SOFT_JOIN}{piece}"  # decided once the vocabulary is known
            else:
                cur.append(piece)
            last_text = ln.strip()
        # A paragraph whose page ends on a full line carries on over the page break.
        if cur and len(last_text) < _FULL_LINE * width and page_no < len(pages) - 1:
            flush()
    flush()
    return blocks


def _joins(left: str, right: str, vocabulary: set[str]) -> bool:
    """Whether "left-" at a line end and "right" on the next line are one word broken by the typesetter.

    The paper's own words decide first: a hyphenated form it prints elsewhere ("non-independent") is a
    compound, a joined form it prints elsewhere is the word. Most broken words occur once, so an English
    word list decides the rest ("impor-tance", "Pro-ceedings"). Two English words whose join is a rare
    entry in that list ("cross-talk" beside "crosstalk") stay a compound: the list holds many rare forms. A
    prefix ending in the vowel its stem starts with is hyphenated by spelling ("co-operative", "re-enter").
    """
    joined = left + right
    if f"{left}-{right}".lower() in vocabulary:
        return False
    if joined.lower() in vocabulary:
        return True
    if not (left.isalpha() and right.isalpha()) or not right.islower() or _SAME_VOWEL.match(left[-1] + right[0]):
        return False
    if min(len(left), len(right)) < 2:  # typesetters leave two letters at least on either side of a break
        return False
    from tzqa.ingest.english import english_frequency, is_english

    frequency = english_frequency(joined)
    if not frequency:
        return False
    both_words = is_english(left) and is_english(right)
    return not both_words or frequency >= _COMPOUND_FLOOR


def dehyphenate(text: str, vocabulary: set[str]) -> str:
    """"kin- ase" -> "kinase" when that is a word (:func:`_joins`); otherwise keep the hyphen, drop the break.

    The hyphen may be one of Unicode's (U+2010, or the non-breaking U+2011 some publishers' fonts set every hyphen
    with, line breaks' included: "nos‑" / "talgia"); kept, it stays as printed. ``vocabulary`` holds compounds
    with an ASCII hyphen."""

    def fix(m: re.Match[str]) -> str:
        left, hyphen, right = m.group(1), m.group(2), m.group(3)
        return left + right if _joins(left, right, vocabulary) else f"{left}{hyphen}{right}"

    text = re.sub(rf"(\w+)({HYPHENS}){SOFT_JOIN}(\w+)", fix, text)
    return text.replace(SOFT_JOIN, "")


def pdf_to_text(path: Path) -> str:
    """The text of a PDF in the corpus text format: one paragraph per line, blank lines between."""
    blocks = _paragraphs(pdf_pages(path))
    vocab = {w.lower() for b, _ in blocks for w in re.findall(r"[\w-]+", b.replace(SOFT_JOIN, " "))}
    out: list[str] = []
    for text, is_table in blocks:
        if is_table:
            out.append(text)
        else:
            out.append("")
            out.append(dehyphenate(text, vocab))
            out.append("")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip() + "\n"
