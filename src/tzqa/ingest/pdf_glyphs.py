"""Glyphs a PDF font maps to no character: named from the embedded font program, or restored by the words.

pdfminer.six reads a character from the font's ToUnicode map or its encoding; a glyph outside both
comes out as "(cid:N)" and used to be dropped, so a font that sets "fi" and "ff" as single glyphs
lost them ("le" for "file", "efcient" for "efficient", "rst" for "first"). Two ways back, in order:

1. **The glyph's name.** A subset Type 1 font stored as CFF ("FontFile3") usually carries its own
   encoding, code -> glyph name ("fi", "endash", "quotedblleft"); the Adobe glyph list that pdfminer
   ships turns the name into its character. A TrueType program's cmap does the same for a simple font.
2. **The words around it.** A glyph with no usable name ("C2", ".notdef") stays a marker,
   ``(cid:F:N)`` (font F of the document, code N). Once the whole document is read, each marker is tried
   as each Latin ligature (ff, fi, fl, ffi, ffl): the one that turns the words it sits in into English
   words (pyspellchecker's list) is that glyph everywhere, if it repairs two distinct words or more, three
   times as many as any other, and half the distinct words the glyph sits in. Only the places where a glyph
   was lost change, so a good word is never rewritten ("eluent" stays "eluent"); a marker no ligature
   explains (a symbol: a minus, a degree sign) is dropped.

A math font may also name its glyphs wrongly: the typesetters' symbol fonts (Advent 3B2's, TeX's CM symbols
as some converters embed them) call their "=", "+", "(" and ")" by the Latin-1 letters at the same codes,
"onequarter", "thorn", "eth" and "Thorn", and are read "p ¼ 0.01", "36.9 þ 5.5", "ðPÞ" (Taylor & Francis,
Elsevier, OUP, PLOS). In a symbol font (:func:`_symbol_font`) those four are the signs they draw.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Generator
from pathlib import Path

MARKER = re.compile(r"\(cid:(\d+):(\d+)\)")
_ANY_CID = re.compile(r"\(cid:[\d:]+\)")
LIGATURES = ("ff", "fi", "fl", "ffi", "ffl")
# A word a lost glyph sits in: letters around one marker or more (the markers all of one font and code), not glued
# to a digit before it: a mark after a number is a symbol's ("14◦27′N", a minute's prime before the compass point),
# and read as a word ("′N" as "fiN") it voted for a ligature no word holds
_WORD = re.compile(r"(?<!\d)[A-Za-z]*(?:\(cid:\d+:\d+\)[A-Za-z]*)+")


def _cff(descriptor: dict) -> object | None:  # type: ignore[type-arg]
    """The top dictionary of the CFF font program a font descriptor embeds ("FontFile3"), or None."""
    from pdfminer.pdftypes import stream_value

    if "FontFile3" not in descriptor:
        return None
    from fontTools.cffLib import CFFFontSet

    cff = CFFFontSet()
    cff.decompile(io.BytesIO(stream_value(descriptor["FontFile3"]).get_data()), None)
    return cff[cff.fontNames[0]]


def _glyph_names(font: object) -> dict[int, str]:
    """code -> glyph name from the font program embedded in a simple font; {} when there is none to read."""
    from pdfminer.pdftypes import stream_value

    descriptor = getattr(font, "descriptor", None) or {}
    try:
        if (top := _cff(descriptor)) is not None:
            encoding = getattr(top, "Encoding", None)
            return dict(enumerate(encoding)) if isinstance(encoding, list) else {}
        if "FontFile2" in descriptor:
            from fontTools.ttLib import TTFont

            tt = TTFont(io.BytesIO(stream_value(descriptor["FontFile2"]).get_data()), lazy=True)
            out: dict[int, str] = {}
            for table in tt["cmap"].tables:
                if (table.platformID, table.platEncID) in ((3, 0), (1, 0)):
                    out.update({code & 0xFF: name for code, name in table.cmap.items()})
            return out
    except Exception:  # noqa: BLE001 - a font program fontTools cannot read: the words decide instead
        return {}
    return {}


# Text rendering modes that paint nothing: 3 (neither fill nor stroke) and 7 (clip only). A typesetter's queries to
# the author left in the published file are set so ("AU: Please check that the edits to the sentence …", PLOS
# Medicine: in 11 places, 6 of them inside reference entries), and so is an OCR layer over a scanned page's image.
# On a page that also draws visible text, invisible characters are not on the page; a page drawn only invisibly (the
# OCR layer) is read as it is.
_INVISIBLE = (3, 7)

# the Latin-1 letters a math font's signs are named after (:func:`_symbol_font`), and the signs they draw
_MISNAMED = {"¼": "=", "þ": "+", "ð": "(", "Þ": ")"}


def _symbol_font(font: object) -> bool:
    """Whether ``font`` is a symbol font, not a text font: its descriptor says symbolic (flag 4) and not
    non-symbolic (flag 32), or its CFF program names no Latin letter (Elsevier's subset holding only "thorn" is
    flagged non-symbolic). A text font sets "þ" and "¼" among its letters ("Þórsdóttir", "1¼ cups")."""
    descriptor = getattr(font, "descriptor", None) or {}
    flags = descriptor.get("Flags")
    if isinstance(flags, int) and flags & 4 and not flags & 32:
        return True
    try:
        top = _cff(descriptor)
    except Exception:  # noqa: BLE001 - a font program fontTools cannot read: a text font, as read
        return False
    return top is not None and not any(len(name) == 1 and name.isalpha() for name in top.charset)  # type: ignore[attr-defined]


def _character(name: str | None) -> str | None:
    """The character(s) an Adobe glyph name stands for ("fi" -> "ﬁ", "uni2212" -> "−"); None if unknown."""
    from pdfminer.encodingdb import name2unicode

    if not name or name.startswith("."):
        return None
    try:
        return name2unicode(name)
    except (KeyError, ValueError):
        return None


def _aggregator(rsrc: object, laparams: object) -> object:
    from pdfminer.converter import PDFPageAggregator

    class GlyphAggregator(PDFPageAggregator):
        """pdfminer's page aggregator, with a glyph the font leaves unmapped named or marked by font and code."""

        def __init__(self) -> None:
            super().__init__(rsrc, laparams=laparams)  # type: ignore[arg-type]
            self.fonts: dict[int, tuple[int, dict[int, str]]] = {}  # id(font) -> (its number, code -> glyph name)
            self.symbol: dict[int, bool] = {}  # id(font) -> whether it is a symbol font (:func:`_symbol_font`)
            self.invisible = False  # the string being drawn is set in an invisible rendering mode
            self.hidden: list[tuple[object, object]] = []  # (container, character) drawn invisibly on this page
            self.drawn = 0  # characters drawn on this page

        def render_string(self, textstate, *args):  # type: ignore[no-untyped-def]  # noqa: D102 - pdfminer hook
            self.invisible = textstate.render in _INVISIBLE
            try:
                super().render_string(textstate, *args)
            finally:
                self.invisible = False

        def end_page(self, page):  # type: ignore[no-untyped-def]  # noqa: D102 - pdfminer hook
            if self.hidden and len(self.hidden) < self.drawn:  # see _INVISIBLE
                for container, item in self.hidden:
                    container._objs.remove(item)  # type: ignore[attr-defined]
            self.hidden, self.drawn = [], 0
            super().end_page(page)

        def handle_undefined_char(self, font, cid):  # type: ignore[no-untyped-def]  # noqa: D102 - pdfminer hook
            key = id(font)
            if key not in self.fonts:
                self.fonts[key] = (len(self.fonts), _glyph_names(font))
            number, names = self.fonts[key]
            return _character(names.get(cid)) or f"(cid:{number}:{cid})"

        def render_char(self, matrix, font, *args):  # type: ignore[no-untyped-def]  # noqa: D102 - pdfminer hook
            advance = super().render_char(matrix, font, *args)
            item = self.cur_item._objs[-1]  # type: ignore[attr-defined]  # the character just laid out
            self.drawn += 1
            if self.invisible:
                self.hidden.append((self.cur_item, item))
            if item.get_text() in _MISNAMED:
                if id(font) not in self.symbol:
                    self.symbol[id(font)] = _symbol_font(font)
                if self.symbol[id(font)]:
                    item._text = _MISNAMED[item.get_text()]
            return advance

    return GlyphAggregator()


def pdf_pages(path: Path, maxpages: int = 0) -> Generator[object, None, None]:
    """pdfminer's laid-out pages of the PDF at ``path`` (as ``extract_pages``), lost glyphs named or marked, and
    a page's text set inside a form laid out too (:func:`tzqa.ingest.pdf_lines.lay_out_forms`)."""
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    from tzqa.ingest.pdf_lines import lay_out_forms

    laparams = LAParams()
    rsrc = PDFResourceManager(caching=True)
    device = _aggregator(rsrc, laparams)
    interpreter = PDFPageInterpreter(rsrc, device)  # type: ignore[arg-type]
    with open(path, "rb") as fp:
        for page in PDFPage.get_pages(fp, maxpages=maxpages):
            interpreter.process_page(page)
            page_out = device.get_result()  # type: ignore[attr-defined]
            lay_out_forms(page_out, laparams)
            yield page_out


def choose_ligatures(texts: list[str]) -> dict[tuple[str, str], str]:
    """(font, code) -> the ligature the words around that lost glyph ask for, where they agree (see module).

    Words are counted once each (a frequent short word, "flu" for a math accent over "u", does not outvote the
    rest), and the ligature must make English of half the distinct words the glyph sits in or more."""
    from tzqa.ingest.english import is_english

    words: dict[tuple[str, str], set[str]] = {}
    for text in texts:
        for m in _WORD.finditer(text):
            word = m.group()
            keys = set(MARKER.findall(word))
            if len(keys) == 1 and MARKER.sub("", word):  # one font's glyph, with letters beside it
                words.setdefault(keys.pop(), set()).add(word.lower())
    out = {}
    for key, types in words.items():
        tally = Counter({lig: sum(is_english(MARKER.sub(lig, w)) for w in types) for lig in LIGATURES})
        (best, n), (_, second) = tally.most_common(2)
        if n >= 2 and n >= 3 * second and 2 * n >= len(types):
            out[key] = best
    return out


def restore_ligatures(texts: list[str]) -> tuple[list[str], int]:
    """``texts`` with each marked glyph the words decide replaced by its ligature (between letters only) and every
    other marker removed; and how many words were repaired."""
    chosen = choose_ligatures(texts)
    repaired = 0

    def word(m: re.Match[str]) -> str:
        nonlocal repaired
        w = m.group()
        keys = set(MARKER.findall(w))
        if len(keys) == 1 and MARKER.sub("", w) and (lig := chosen.get(next(iter(keys)))):
            repaired += 1
            return MARKER.sub(lig, w)
        return w

    out = [_ANY_CID.sub("", _WORD.sub(word, t)) for t in texts]
    return out, repaired
