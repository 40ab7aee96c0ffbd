"""How well a PDF becomes a library article: its reference list, page furniture in passages, citations.

The figures are the issue's targets for real PDFs, measured from the outside (the parsed
:class:`~tzqa.ingest.library.records.Article` and its passages), so a change to the reader can be
judged by them and the real-article tests can assert the behaviour behind them:

- reference entries found against the true count (read by a person from the PDF) and against the
  highest number the text cites; entries beyond the true count are extra;
- passages that are page furniture: a line the raw pages repeat on 30% of the pages or more (digits
  normalised), set apart from the text on half of them (inside a passage, not where a year follows it: a
  running head of author names is also their author–year citation), a "Page n of m" or bare page number, or
  a short copyright/licence/journal line;
- of the passages carrying a bracketed citation (``[3]``, ``[5,6]``, ``[3-35]``; not a bracket glued to a
  digit after it, "([2016]215)"), the share whose numbers all resolve to an entry of the list (an entry the list
  prints: a number it skips resolves to nothing); in a document that sets its numbers in parentheses (``(3)``,
  ``(1, 2)``: three such groups or more, more than twice its bracketed ones, and citing half the list's entries
  or more: an author–year paper's numbers in parentheses are a few equations' or list items'), of the passages
  carrying those,
  a list's items ("(1) the similarity …; (2) the role …; (3) …") and a value's count or spread ("39.2 (743)") not
  counted;
- words restored from a ligature glyph the font left unmapped, decided by the words it sits in
  (:mod:`tzqa.ingest.pdf_glyphs`; a glyph named by the font program is not counted: nothing was guessed).
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tzqa.ingest.library.cite import after_a_value, expand_numbers, range_span

# a bracket glued to a digit after it is part of a number ("approved by the Ethics Committee ([2016]215)", a Chinese
# approval number), not a citation; glued to a word it cites (Wiley-VCH's superscripts: "conserved.[10,11]The fly")
_BRACKETS = re.compile(r"\[(\d{1,4}(?:\s*[,;\-–—]\s*\d{1,4})*)\](?!\d)")
# numbers in parentheses, not glued to a word or a number ("12(3)" is a volume and issue); a year has four digits
_PARENTHESES = re.compile(r"(?<![\w(])\((\d{1,3}(?:\s*[,;\-–—]\s*\d{1,3})*)\)")
_FURNITURE = re.compile(
    r"^(?:page\s+\d+\s+(?:of|/)\s+\d+|\d{1,4}|©.*|\(?c\)?\s*\d{4}\b.*|.*\blicen[cs]ee?\b.*|"
    r".*creative\s*commons.*|https?://\S+|(?:doi:?\s*)?10\.\d{4,9}/\S+|original\s+article|research\s+article.*)$",
    re.IGNORECASE)


@dataclass(frozen=True)
class PdfMeasure:
    """What reading one PDF gave, against what the PDF holds."""

    file: str
    references_found: int
    references_true: int | None
    highest_cited: int
    extra_entries: int
    passages: int
    furniture: tuple[str, ...]
    bracket_passages: int
    bracket_resolved: int
    title: str
    authors: tuple[str, ...]
    year: int | None
    doi: str | None
    unresolved_examples: tuple[str, ...] = field(default=())
    words_restored: int = 0  # words whose ligature glyph the font left unmapped, restored by the words around it
    cited_as: str = "[n]"  # the form of numeric citation measured: "[n]", or "(n)" for a document that cites so

    @property
    def reference_recall(self) -> float | None:
        return None if not self.references_true else min(self.references_found, self.references_true) \
            / self.references_true

    @property
    def resolved_share(self) -> float:
        return self.bracket_resolved / self.bracket_passages if self.bracket_passages else 1.0

    @property
    def name(self) -> str:
        return self.file

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "reference_recall": self.reference_recall, "resolved_share": self.resolved_share}

    def summary(self) -> str:
        rec = "n/a" if self.reference_recall is None else f"{self.reference_recall:.0%}"
        return (f"{self.file}: refs {self.references_found}/{self.references_true} ({rec}), extra "
                f"{self.extra_entries}, highest cited {self.highest_cited}; furniture passages "
                f"{len(self.furniture)}/{self.passages}; {self.cited_as} citations resolved "
                f"{self.bracket_resolved}/{self.bracket_passages} ({self.resolved_share:.0%}); "
                f"title {self.title[:70]!r}; authors {len(self.authors)} ({', '.join(self.authors[:2])}); "
                f"year {self.year}; doi {self.doi}; ligature words restored {self.words_restored}")


def _norm(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def repeated_lines(pages: list[str], share: float = 0.3) -> set[str]:
    """Lines (digits normalised, 15+ characters) that the raw pages repeat on ``share`` of the pages or more,
    standing apart (blank lines or the page's edge above and below) on at least half of those pages.

    A running line is set apart from the text; a line that figure legends repeat word for word ("broken line
    represent the summary" in three forest plots' legends) sits inside its legend, between its other lines.
    """
    seen: Counter[str] = Counter()
    apart: Counter[str] = Counter()
    for page in pages:
        lines = page.split("\n")
        keys = [{_norm(seg) for seg in re.split(r"\s{3,}", ln) if seg.strip()} for ln in lines]
        seen.update(set().union(*keys) if keys else set())
        alone = set()
        for i, k in enumerate(keys):
            if (i == 0 or not lines[i - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip()):
                alone |= k
        apart.update(alone)
    need = max(2, math.ceil(share * len(pages)))
    # A single word ("participants") recurs in any paper; a running line has several, or is a web address.
    return {k for k, c in seen.items() if c >= need and len(k) >= 15 and re.search(r"[\s.]", k) and 2 * apart[k] >= c}


def printed_pieces(pages: list[str]) -> set[str]:
    """Every piece of every raw line (digits normalised; pieces are parted by three spaces or more), and every
    line with a word broken at its end joined to the next line ("… website of the Japa-" / "nese Gastric Cancer
    Association (JGCA) to …"): the passage reads the word whole."""
    out: set[str] = set()
    for page in pages:
        lines = page.split("\n")
        for ln, nxt in zip(lines, [*lines[1:], ""], strict=True):
            out |= {_norm(seg) for seg in re.split(r"\s{3,}", ln) if seg.strip()}
            if re.search(r"[^\W\d_]-$", ln.rstrip()) and re.match(r"\s*[a-z]", nxt):
                head = re.split(r"\s{3,}", ln.strip())[-1]
                tail = re.split(r"\s{3,}", nxt.strip())[0]
                out.add(_norm(head[:-1] + tail))
    return out


def _own_words(key: str, start: int, end: int, printed: set[str] | frozenset[str]) -> bool:
    """Whether the repeated piece at ``key[start:end]`` is the passage's own words: a raw line prints it with the
    words around it. A running head leaked into a passage sits between words no line of the page sets beside it;
    a caption that opens with the running title ("FIGURE 5 | Antimycotoxin activity of OSEO was performed …",
    under the head "Antimycotoxin activity of OSEO") is printed so."""
    a = key.rfind(" ", 0, max(0, start - 12)) + 1 if start > 12 else 0
    b = key.find(" ", end + 12)
    window = key[a:b if b != -1 else len(key)].strip()
    # the words on either side of it are enough: a line that ends or starts with it ("… for this category. The
    # Japanese Gastric Cancer Association" / "and Japan Esophageal Society …", under a running head printing
    # the association's name) prints it with the words before or after it, a running head with neither
    sides = [w.strip() for w in (key[a:end], key[start:b if b != -1 else len(key)])]
    return any(len(w) > end - start + 3 and any(w in p for p in printed) for w in (window, *sides))


def is_furniture(text: str, repeated: set[str] | frozenset[str] = frozenset(),
                 printed: set[str] | frozenset[str] = frozenset()) -> bool:
    """A passage that is a page's furniture rather than the article's text (``printed``: the raw lines' pieces,
    :func:`printed_pieces`, to tell a repeated line that the text itself prints from one leaked into it)."""
    s = re.sub(r"\s+", " ", text.strip())
    if len(s) <= 160 and _FURNITURE.fullmatch(s):
        return True
    key = _norm(s)
    # A one-token repeat ("www.clinsci.org") inside a sentence is the text's own link; alone it is furniture. A
    # running head of author names ("Range and Virányi") inside the text followed by a year is a citation of them.
    return key in repeated or any(not _own_words(key, m.start(), m.end(), printed)
                                  for r in repeated if " " in r
                                  for m in re.finditer(re.escape(r) + r"(?!,?\s*\(?#)", key))


def measure(path: Path, references_true: int | None = None) -> PdfMeasure:
    """Read ``path`` as ``tzqa add`` does and measure the result."""
    from tzqa.ingest.library.folder import read_article
    from tzqa.ingest.library.passages import article_passages
    from tzqa.ingest.pdf_layout import layout_pages_counted

    article = read_article(path)
    passages = article_passages(article)
    pages, restored = layout_pages_counted(path) if path.suffix.lower() == ".pdf" else ([], 0)
    repeated = repeated_lines(pages) if pages else set()
    printed = printed_pieces(pages) if repeated else set()
    n = len(article.references)
    entries = {r.number for r in article.references}  # a list may skip a number: "[56, 57]" with no entry 57
    furniture = tuple(p.text[:100] for p in passages
                      if p.kind == "paragraph" and is_furniture(p.text, repeated, printed))
    highest = 0
    with_brackets = resolved = 0
    unresolved: list[str] = []
    form = _cited_form([p.text for p in passages], n)
    for p in passages:
        items = _list_items(p.text) | _values(p.text) if form is _PARENTHESES else set()
        nums = [x for m in form.finditer(p.text) if m.start() not in items
                for x in expand_numbers(m.group(1).replace(";", ","), 10_000)]
        if not nums:
            continue
        highest = max(highest, *nums)
        with_brackets += 1
        if n and all(x in entries for x in nums) and set(nums) <= set(p.refs):
            resolved += 1
        elif len(unresolved) < 5:
            unresolved.append(p.text[:160])
    extra = max(0, n - references_true) if references_true is not None else 0
    rec = article.record
    return PdfMeasure(path.name, n, references_true, highest, extra, len(passages), furniture, with_brackets,
                      resolved, rec.title, rec.authors, rec.year, rec.doi, tuple(unresolved), restored,
                      "(n)" if form is _PARENTHESES else "[n]")


def _cited_form(texts: list[str], n_refs: int) -> re.Pattern[str]:
    """How the passages set numeric citations: in parentheses when they hold three such groups or more, more than
    twice as many as groups in brackets, and between them cite half the list's entries or more (Med J Islam Repub
    Iran: "China (1, 2)", all 23 entries; measured by brackets alone it had no citation. J Hydrol's "(1)", "Eq. (2)"
    are seven equations of an author–year paper of 26 entries), else in brackets."""
    brackets = sum(len(_BRACKETS.findall(t)) for t in texts)
    parentheses = sum(1 for t in texts for m in _PARENTHESES.finditer(t) if not after_a_value(t, m.start()))
    if parentheses < 3 or parentheses <= 2 * brackets:
        return _BRACKETS
    span = range_span(n_refs)  # a long list's "(167–190)" cites every number between, as the reader reads it
    cited = {x for t in texts for m in _PARENTHESES.finditer(t) if not after_a_value(t, m.start())
             for x in expand_numbers(m.group(1).replace(";", ","), n_refs, span)}
    return _PARENTHESES if len(cited) >= max(3, n_refs / 2) else _BRACKETS


def _values(text: str) -> set[int]:
    """Where a passage's numbers in parentheses follow a number that is not a year: a value's count, share or
    spread, "female, % (n): 39.2 (743)", "62.8 (11.5, 19.7–90.2)" (:func:`tzqa.ingest.library.cite.after_a_value`),
    which a table's rows print by the dozen; a citation in parentheses follows words."""
    return {m.start() for m in _PARENTHESES.finditer(text) if after_a_value(text, m.start())}


def _list_items(text: str) -> set[int]:
    """Where a passage's numbered list items stand: single numbers in parentheses, each followed by a word, that
    count 1, 2, 3 … (three at least), "eg, (1) the similarity …; (2) the role …; (3) the diagnostic …"."""
    marks = [(m.start(), int(m.group(1))) for m in re.finditer(r"\((\d{1,2})\)(?=\s*[A-Za-z])", text)]
    numbers = [n for _, n in marks]
    run = 0
    while run + 1 in numbers:
        run += 1
    return {start for start, n in marks if n <= run} if run >= 3 else set()
