"""A PDF page's characters -> its text lines, with their boxes (pdfminer.six): the first step of
:mod:`.pdf_layout`, which puts the lines in reading order.

- characters set smaller and raised above the line are superscripts: a run of digits after a
  lower-case word or punctuation ("resistance¹²", "RCTs²⁵ᵉ³²" as Elsevier fonts set an en dash) becomes a
  bracketed citation "[25–32]"; other superscripts (units, residue numbers and affiliation marks after a
  name) stay as they were;
- ligatures (U+FB00–FB06, "ﬁ") are decomposed by Unicode compatibility normalisation (NFKC); a glyph the
  font maps to no character is named from the font program or restored from its words (:mod:`.pdf_glyphs`);
- text that is not upright (a rotated margin note) is left out, and so are rules drawn in dots (:func:`no_dot_rules`);
- lines whose font gives them no height (Type 3 fonts) get the height their baselines' spacing implies;
- a page whose text is set inside a form (an XObject drawn once, as the ACL Anthology stamps its pages) has that
  text laid out in lines like any other (:func:`lay_out_forms`);
- for the first page's title and authors, lines with their sizes, a printed line's pieces joined left to right and
  characters drawn out of order put in order (:func:`lines_with_size`, :func:`printed_lines`).
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_SUPER_RUN = re.compile(r"\d{1,3}(?:[,–\-e]\d{1,3})*,?")
# After a lower-case word ("cells", "al."), a plural acronym ("RCTs") or a bracket, a raised number cites;
# after a unit ("cm²", "R²") or a name ("His³⁸⁸", a residue; "Smith¹", an affiliation) it does not.
_AFTER_WORD = re.compile(r"(?:(?<![A-Za-z])[a-z]{3,}|(?<![A-Za-z])[a-z]{2}\.|(?<![A-Za-z])[A-Z]{2,}s|\))[.,;:]?$")


def _cites_after(so_far: str) -> bool:
    """Whether a raised number after ``so_far`` is a citation: after a word (``_AFTER_WORD``), not after
    mathematics. A lost glyph's marker ("(cid:1:4)", an angle bracket around "Θ") is no closing parenthesis, and a
    parenthesis closing an expression ("(1 + z)³", "(x)²") or a quantity ("(1GeV)³") holds no word: its raised
    number is an exponent."""
    plain = re.sub(r"\(cid:[\d:]+\)", "", so_far)
    if not _AFTER_WORD.search(plain):
        return False
    if plain.rstrip(".,;:").endswith(")"):
        inner = plain.rstrip(".,;:")[plain.rfind("(") + 1:-1]
        if re.fullmatch(r"\s*[\d.,]+\s*[A-Za-zµ]{1,4}\s*", inner):
            return False  # a quantity raised to a power: "(1 GeV)³", "(10 nm)²"
        return bool(re.search(r"[A-Za-z]{2,}", inner)) and not re.search(r"[=+−×/^]", inner)
    return True


# A rule drawn as a row of dot glyphs, or a leader of dots between a table of contents' entry and its page: eight
# dots or more in a row are never prose (an ellipsis is three)
_DOT_RULE = re.compile(r"[.·∙•⋅…](?:\s?[.·∙•⋅…]){7,}")


def no_dot_rules(text: str) -> str:
    """``text`` without its runs of dots: a leader between two pieces of text becomes the three spaces that part
    two cells, and a line that is only dots becomes empty.

    Why: some publishers draw their column and table rules as rows of dot glyphs (a vertical rule in the gutter is
    a pile of dots that pdfminer reads as one line, as tall as the column). Read as text they were passages of dots,
    and a rule crossing the gutter parted a column's paragraph in two."""
    return _DOT_RULE.sub("   ", text)


# A power of ten, "10⁴", "× 10⁻³": its raised exponent glued to "10" read as another number ("104")
_POWER_OF_TEN = re.compile(r"(?:^|[^\d.,])10$")


@dataclass
class Line:
    """One text line of a page and its box, in points; mutable only so :func:`with_heights` can set ``top``."""

    x0: float
    x1: float
    top: float  # distance from the page's top edge
    bottom: float
    text: str


def _ligatures(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", c) if "\ufb00" <= c <= "\ufb06" else c for c in s)


def _line_text(line: object) -> str:
    """A pdfminer text line's text, superscript citations bracketed."""
    from pdfminer.layout import LTChar

    chars = [c for c in line if isinstance(c, LTChar)]  # type: ignore[attr-defined]
    if not chars:
        return ""
    size = statistics.median(c.size for c in chars)
    base = statistics.median(c.y0 for c in chars if c.size >= 0.9 * size) if any(
        c.size >= 0.9 * size for c in chars) else min(c.y0 for c in chars)

    def raised(c: object) -> bool:
        return isinstance(c, LTChar) and c.size <= 0.8 * size and c.y0 >= base + 0.2 * size

    out: list[str] = []
    run: list[str] = []
    spaced = False  # a space came after the raised run

    def flush(following: str = "") -> None:
        nonlocal spaced
        if not run:
            return
        sup = "".join(run).strip()
        run.clear()
        after = " " if spaced else ""
        spaced = False
        joined = "".join(out)
        so_far = joined.rstrip()
        # "the ¹H NMR", "¹³C": a number raised before a word it is set against, apart from the word before, is
        # that word's prefix (a mass number), not a citation
        prefix = joined != so_far and not after and following[:1].isalpha()
        if not prefix and _SUPER_RUN.fullmatch(sup) and any(ch.isdigit() for ch in sup) and _cites_after(so_far):
            nums = sup.rstrip(",").replace("e", "–")
            out[:] = [so_far, f"[{nums}]", after]
        elif joined == so_far and _POWER_OF_TEN.search(so_far) and re.fullmatch(r"[−-]?\d{1,3}", sup):
            out.extend(["^" + sup, after])  # "10⁴[23]" was read "104[23]"; "10^4", as Unicode "10⁴" would cite [4]
        else:  # a unit's or a name's mark stays glued to it ("cm2"): spaced, it would read as a citation
            out.extend([sup, after if joined != so_far else ""])

    for item in line:  # type: ignore[attr-defined]
        if isinstance(item, LTChar) and raised(item):
            run.append(item.get_text())
            continue
        text = item.get_text()
        if run and text == " ":
            spaced = True  # a space after the raised run: kept after a citation ("data,¹³ it" -> "data,[13] it")
            continue
        flush(text)
        out.append(text)
    flush()
    return tex_accents(_spacing(_ligatures("".join(out).replace("\n", " ").rstrip())))  # a lost glyph's marker stays


# TeX sets an accent as a glyph of its own before the letter (after it for a cedilla), which text extraction
# reads as a spacing accent: "Schunov´a", "Vereˇs", "R¨omer", "Pas¸ca", and Elsevier's grave as a backtick, "Sol`ene",
# "Pal`encia". Each is the combining mark's spacing form.
_ACCENT_BEFORE = {"´": "\u0301", "ˇ": "\u030c", "¨": "\u0308", "˜": "\u0303", "˚": "\u030a", "˘": "\u0306",
                  "˙": "\u0307", "˝": "\u030b", "ˆ": "\u0302", "`": "\u0300"}
# Inside a word only, or before a name's capital for the accents names take ("´Etienne", "ˇSediv"): a hat or a
# dot set apart in mathematics ("d n+ ˆs") and a ring before a unit ("2.2 ˚A") stay as read. (An acute before a
# closing "s" or "t" is an apostrophe typed as one: "it´s", "author´s".)
_ACCENTED = re.compile(r"(?P<prev>[^\W\d_])(?P<acc>´(?![st]\b)|[ˇ¨˜˚˘˙˝ˆ`])(?P<next>[^\W\d_])"
                       r"|(?<![^\W\d_])(?P<lead>[´ˇ¨])(?P<cap>[A-Z])|(?P<cedilla>[^\W\d_])¸")
_VOWELS = set("aeiouyAEIOUYı")


def _accented(letter: str, mark: str) -> str | None:
    composed = unicodedata.normalize("NFC", letter.replace("ı", "i") + mark)
    return composed if len(composed) == 1 else None


def tex_accents(text: str) -> str:
    """"Schunov´a" -> "Schunová", "Mart´ınez" -> "Martínez", "Pas¸ca" -> "Paşca": an accent glyph set apart
    inside a word joined to its letter, where Unicode has the accented letter (anything else stays as read).
    Other fonts set a vowel's acute after it ("Re´seau"): an acute between a vowel and a consonant is the
    vowel's (TeX's tilde in "Mu˜noz" is the consonant's, as it sets it)."""
    def join(m: re.Match[str]) -> str:
        if m.group("cedilla"):
            return _accented(m.group("cedilla"), "\u0327") or m.group(0)
        if m.group("lead"):
            return _accented(m.group("cap"), _ACCENT_BEFORE[m.group("lead")]) or m.group(0)
        prev, acc, nxt = m.group("prev"), m.group("acc"), m.group("next")
        mark = _ACCENT_BEFORE[acc]
        if acc == "´" and prev in _VOWELS and nxt not in _VOWELS and (before := _accented(prev, mark)):
            return before + nxt
        return prev + ((_accented(nxt, mark)) or acc + nxt)

    return _ACCENTED.sub(join, text) if any(c in text for c in "´ˇ¨˜˚˘˙˝ˆ¸`") else text


def _spacing(text: str) -> str:
    """Word spaces some publishers' fonts set as other characters, and headings set letter by letter.

    Wiley's fonts space words with tab glyphs in the text and soft hyphens (U+00AD) in titles, and set one more
    after the hyphen of a compound: read as printed, "SARS-\tCoV-\t2" stays split and "vaccination\xadand"
    glued. Either character is a space, and nothing right after a hyphen. A heading spaced out letter by letter
    ("R E F E R E N C E S") is its word: spaced, no reference list was found."""
    text = re.sub(r"[\t\xad]+", " ", re.sub(r"(?<=[-‐‑])[\t\xad]+", "", text))
    parts = re.split(r"\s{2,}", text.strip())
    if all(re.fullmatch(r"(?:[A-Z] )+[A-Z]", p) for p in parts) and sum(len(p) for p in parts) >= 7:
        return " ".join(p.replace(" ", "") for p in parts)
    return text


def _text_lines(obj: object) -> Iterator[object]:
    """Every horizontal text line pdfminer laid out on a page, in its layout tree's order."""
    from pdfminer.layout import LTChar, LTTextLineHorizontal

    if isinstance(obj, LTTextLineHorizontal):
        yield obj
    elif isinstance(obj, Iterable) and not isinstance(obj, LTChar):
        for child in obj:
            yield from _text_lines(child)


def page_lines(page: object) -> list[Line]:
    from pdfminer.layout import LTChar

    height = page.height  # type: ignore[attr-defined]

    out = []
    for ln in _text_lines(page):
        chars = [c for c in ln if isinstance(c, LTChar)]  # type: ignore[attr-defined]
        if not chars or sum(_upright(c) for c in chars) < 0.5 * len(chars):
            continue
        text = no_dot_rules(_line_text(ln))
        if text.strip():
            out.append(Line(ln.x0, ln.x1, height - ln.y1, height - ln.y0, text))  # type: ignore[attr-defined]
    return with_heights(out)


def _upright(c: object) -> bool:
    """Set left to right on a horizontal baseline. pdfminer's own test also wants the glyph's vertical scale
    positive, which a Type 3 font's flipped matrix (TeX's dvips bitmap fonts: [1 0 0 -1]) is not, though its
    text prints upright; a rotated margin note has a skewed or turned matrix and is still left out."""
    a, b, c_, _d, _e, _f = c.matrix  # type: ignore[attr-defined]
    return a > 0 and abs(b) < 1e-6 * a and abs(c_) < 1e-6 * a


def with_heights(lines: list[Line]) -> list[Line]:
    """Lines whose fonts give no height (a Type 3 font's boxes are a fraction of a point tall) get the height the
    spacing of their baselines implies, so gaps, rows and margins are measured as on any other page."""
    if not lines or statistics.median(ln.bottom - ln.top for ln in lines) >= 2.0:
        return lines
    ordered = sorted(lines, key=lambda ln: ln.bottom)
    steps = []  # from each line to the next one below it that it overlaps (in its column): the line spacing
    for k, ln in enumerate(ordered):
        nxt = next((x for x in ordered[k + 1:] if x.bottom - ln.bottom >= 2.0 and x.x0 < ln.x1 and ln.x0 < x.x1), None)
        if nxt is not None:
            steps.append(round(nxt.bottom - ln.bottom))
    tall = 0.8 * Counter(steps).most_common(1)[0][0] if steps else 10.0  # the body's line spacing
    for ln in lines:
        if ln.bottom - ln.top < 2.0:
            ln.top = ln.bottom - tall
    return lines


def lay_out_forms(page: object, laparams: object) -> None:
    """Group into lines the characters of each form on ``page`` that holds most of the page's text.

    pdfminer treats a form XObject as a figure and leaves its characters loose (a plot's axis labels should not
    read as prose), so a page drawn wholly inside a form came out with only its header and folio. A form with
    half the page's characters or more is the page's text, not a figure's labels, and is laid out in place.
    Forms nest (the NAACL 2018 pages: a stamped page form drawing the article's own page form), so the form holding
    the text is looked for inside such a form as well: laying out only the outer one leaves the inner one's
    characters loose."""
    from pdfminer.layout import LTFigure, LTLayoutContainer

    total = max(sum(1 for _ in all_chars(page)), 1)
    containers = [page]
    while containers:
        for item in containers.pop():  # type: ignore[attr-defined]
            if isinstance(item, LTFigure) and 2 * sum(1 for _ in all_chars(item)) >= total:
                LTLayoutContainer.analyze(item, laparams)  # type: ignore[arg-type]
                containers.append(item)


def all_chars(obj: object) -> Iterator[object]:
    """Every character of a page's layout tree (to measure the page's typical character width)."""
    from pdfminer.layout import LTChar

    if isinstance(obj, LTChar):
        yield obj
    elif isinstance(obj, Iterable):
        for child in obj:
            yield from all_chars(child)

@dataclass(frozen=True)
class SizedLine:
    """One upright text line of a page with its median font size: where it sits (points; ``top`` is minus its top
    edge's height, so lines sort top first; ``base`` is its characters' median bottom), its text, and its visible
    characters' (x0, x1, text), to put a printed line's pieces back in order (:func:`printed_lines`)."""

    top: float
    base: float
    x0: float
    x1: float
    size: float
    text: str
    chars: tuple[tuple[float, float, str], ...] = ()


def lines_with_size(page: object) -> Iterator[SizedLine]:
    """Each upright line of ``page`` with its size and place: where a title is printed."""
    from pdfminer.layout import LTChar

    for ln in _text_lines(page):
        chars = [c for c in ln if isinstance(c, LTChar) and c.get_text().strip()]  # type: ignore[attr-defined]
        if chars and all(_upright(c) for c in chars):
            size = round(statistics.median(c.size for c in chars), 1)
            base = statistics.median(c.y0 for c in chars if c.size >= 0.9 * size)
            boxes = tuple((c.x0, c.x1, c.get_text()) for c in ln if isinstance(c, LTChar))  # type: ignore[attr-defined]
            text = ""
            for c in ln:  # type: ignore[attr-defined]
                t = c.get_text()
                if isinstance(c, LTChar) and t.islower() and c.size <= 0.8 * size and c.y0 >= base + 0.2 * size \
                        and text[-1:].isalpha():  # an affiliation's letter raised after a name: "Lane" "a,c"
                    t = " " + t
                text += t
            if any(b[0] < a[0] - 0.25 * size for a, b in zip(boxes, boxes[1:], strict=False)):
                text = _left_to_right(boxes, size)  # drawn out of order: "(202 )2 37:" is "(2022) 37:" (an accent
                # drawn over the letter before it, "Andr´e", steps back less than its letter's width)
            yield SizedLine(-ln.y1, statistics.median(c.y0 for c in chars), ln.x0,  # type: ignore[attr-defined]
                            ln.x1, size, tex_accents(_ligatures(text).strip()), boxes)  # type: ignore[attr-defined]


def printed_lines(lines: list[SizedLine]) -> list[SizedLine]:
    """``lines`` (top first) with the pieces of one printed line joined, left to right: pieces on one baseline, in
    one size, within two ems of each other.

    Why: pdfminer makes a line of the characters a PDF draws one after another, so a line drawn out of order is
    several, read top first by their raised parts: Oxford's header "Nephrol Dial Transplant (2022) 37: 1014–1023",
    its digits drawn after the parenthesis, read "(202 )", "2 37:", "014", "1", "–10", "23" (no year 2022); PLOS's
    author line, cut at each ORCID badge, read "1,2*, Werner Obermeyer3, …" before "Paolo Rodi", its first author.
    Pieces that overlap are joined character by character; others with nothing between them, a space, or three
    spaces (a gap wider than an em, which the author-line reader takes for a gap between names)."""
    rows: list[list[SizedLine]] = []
    for ln in lines:
        row = next((r for r in rows if abs(r[0].base - ln.base) <= 0.25 * ln.size and abs(r[0].size - ln.size) <= 0.5
                    and min(x.x0 for x in r) - 2 * ln.size <= ln.x1 and ln.x0 <= max(x.x1 for x in r) + 2 * ln.size),
                   None)
        if row is None:
            rows.append([ln])
        else:
            row.append(ln)
    for mark in [r for r in rows if len(r) == 1 and _MARK.fullmatch(r[0].text)]:  # a raised mark after a name
        m = mark[0]
        host = next((r for r in rows if r is not mark and r[0].size > m.size and r[0].base - 1 <= m.base
                     <= r[0].base + r[0].size and abs(m.x0 - max(x.x1 for x in r)) <= 0.5 * r[0].size), None)
        if host is not None:
            host.append(m)
            rows.remove(mark)
    return [r[0] if len(r) == 1 else _joined(sorted(r, key=lambda x: x.x0)) for r in rows]


_MARK = re.compile(r"[\d,*∗†‡§¶]{1,6}")  # an affiliation's mark, raised in smaller type: "1", "1,2*"


def _left_to_right(chars: list[tuple[float, float, str]] | tuple[tuple[float, float, str], ...], size: float) -> str:
    """The text of characters (x0, x1, text) in the order they stand, a space where they stand apart (a space
    character drawn out of order stands anywhere: only the gaps tell)."""
    ordered = sorted((c for c in chars if c[2].strip()), key=lambda c: c[0])
    text = ordered[0][2] + "".join(("" if b[0] - a[1] <= 0.2 * size else " ") + b[2]
                                   for a, b in zip(ordered, ordered[1:], strict=False))
    return re.sub(r" {2,}", " ", text).strip()


def _joined(pieces: list[SizedLine]) -> SizedLine:
    size = max(p.size for p in pieces)
    if any(b.x0 < a.x1 - 0.5 * size for a, b in zip(pieces, pieces[1:], strict=False)):  # drawn out of order
        text = _left_to_right([c for p in pieces for c in p.chars], size)
    else:
        text = pieces[0].text
        for a, b in zip(pieces, pieces[1:], strict=False):
            gap = b.x0 - a.x1
            text += ("" if gap <= 0.2 * size else " " if gap <= size else "   ") + b.text
    main = max(pieces, key=lambda p: p.size)
    return SizedLine(min(p.top for p in pieces), main.base, pieces[0].x0, max(p.x1 for p in pieces), size,
                     tex_accents(_ligatures(text)), tuple(c for p in pieces for c in p.chars))
