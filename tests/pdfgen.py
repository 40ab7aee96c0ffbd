"""Test helper: render text as a PDF (fpdf2) the way a journal page lays it out.

Paragraphs wrap and run over page breaks, a blank line leaves a gap, and
tab-separated lines become table cells at fixed column positions.
"""
from __future__ import annotations

from pathlib import Path

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
TABLE_WIDTHS = (20, 58, 36, 42, 34)  # mm; A4 leaves 190 mm between the margins


def render_pdf(text: str, out: Path, *, header: str | None = None, footer_page_numbers: bool = False) -> Path:
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:  # noqa: D102 - fpdf hook
            if header:
                self.set_font("DejaVu", size=7)
                self.cell(0, 5, header, align="C")
                self.ln(8)

        def footer(self) -> None:  # noqa: D102 - fpdf hook
            if footer_page_numbers:
                self.set_y(-12)
                self.set_font("DejaVu", size=7)
                self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Doc(format="A4")
    pdf.set_margins(10, 12, 10)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    for line in text.split("\n"):
        if not line.strip():
            pdf.ln(4)
        elif "\t" in line:
            pdf.set_font("DejaVu", size=6)
            for width, cell in zip(TABLE_WIDTHS, line.split("\t"), strict=False):
                pdf.cell(width, 4, cell.strip())
            pdf.ln(4)
            pdf.set_font("DejaVu", size=9)
        else:
            pdf.multi_cell(0, 5, line.strip(), align="J")
    pdf.output(str(out))
    return out


def render_columns(pages: list[tuple[list[str], list[str]]], out: Path, *, head: str | None = None,
                   head_right: bool = True, foot: str | None = None, folio: bool = True, head_y: float = 14.0,
                   top: float = 30.0, front: tuple[str, ...] = (),
                   band: tuple[float, list[str], list[str]] | None = None,
                   columns_x: tuple[float, float] = (15.0, 110.0),
                   notes: tuple[float, float, list[str]] | None = None) -> Path:
    """Two-column pages, each given as (left lines, right lines), one printed line per string (no wrapping).

    A blank string leaves a line's gap; a line with tabs is a table row whose cells sit in that column. ``head``
    is printed over one column only (the right one unless ``head_right`` is false), ``foot`` under the left
    column, and the page number at the bottom right, as many journals set them, so that a reader going
    column by column meets them mid-page. ``head_y`` and ``top`` (mm) are where the head and the columns start;
    ``front`` lines are set across both columns at the top of the first page (a title and abstract), the
    columns below them. ``band`` (y in mm, left lines, right lines) draws a rule across the first page at y and
    sets two more columns under it (F1000Research's reference list under its acknowledgements); a left line
    starting with "^" is printed just above the rule (a heading set on it). ``columns_x`` (mm) are where the
    columns start; ``notes`` (x and y in mm, lines) is a column of notes in the margin of the first page (The
    Lancet's citation, dates and affiliations beside its two columns). A line starting with "~" is set in 7-point
    type, the others in 9-point.
    """
    from fpdf import FPDF

    pdf = FPDF(format="A4")  # 210 x 297 mm: columns at 15-100 and 110-195 mm
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_auto_page_break(False)
    for number, (left, right) in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=8)
        if head:
            pdf.text(150 if head_right else 15, head_y, head)
        if foot:
            pdf.text(15, 287, foot)
        if folio:
            pdf.text(192, 287, str(number))
        pdf.set_font("DejaVu", size=9)
        start = top
        if number == 1 and front:
            for k, line in enumerate(front):
                pdf.text(15, top + 4.5 * k, line)
            start = top + 4.5 * len(front) + 6
        if number == 1 and notes:
            for k, line in enumerate(notes[2]):
                pdf.text(notes[0], notes[1] + 4.5 * k, line)
        for x0, lines in ((columns_x[0], left), (columns_x[1], right)):
            y = start
            for line in lines:
                if "\t" in line:
                    for k, cell in enumerate(line.split("\t")):
                        pdf.text(x0 + 4 + 30 * k, y, cell.strip())
                elif line.startswith("~"):  # a line in smaller type (a reference list under the back matter)
                    pdf.set_font("DejaVu", size=7)
                    pdf.text(x0, y, line[1:])
                    pdf.set_font("DejaVu", size=9)
                elif line.strip():
                    pdf.text(x0, y, line)
                y += 4.5
        if number == 1 and band:
            rule, below_left, below_right = band
            pdf.line(15, rule, 195, rule)
            for x0, lines in ((15.0, below_left), (110.0, below_right)):
                y = rule + 6
                for line in lines:
                    if line.startswith("^"):
                        pdf.text(x0, rule - 1.5, line[1:])
                        continue
                    pdf.text(x0, y, line)
                    y += 4.5
    pdf.output(str(out))
    return out


def render_three_columns(pages: list[tuple[list[str], list[str], list[str]]], out: Path, *,
                         head: str | None = None, front: tuple[str, ...] = ()) -> Path:
    """Three-column pages (Oxford's Journal of Molecular Cell Biology), each given as (left, middle, right) lines,
    one printed line per string, in 7-point type: columns at 15-70, 77-132 and 139-194 mm. ``head`` is set over the
    right column; ``front`` lines across the page at the top of the first page, the columns below them."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_auto_page_break(False)
    for number, columns in enumerate(pages, start=1):
        pdf.add_page()
        pdf.set_font("DejaVu", size=7)
        if head:
            pdf.text(150, 14, head)
        pdf.set_font("DejaVu", size=7)
        start = 26.0
        if number == 1 and front:
            for k, line in enumerate(front):
                pdf.text(15, start + 4.5 * k, line)
            start += 4.5 * len(front) + 6
        for x0, lines in zip((15.0, 77.0, 139.0), columns, strict=True):
            for k, line in enumerate(lines):
                if line.strip():
                    pdf.text(x0, start + 4 * k, line)
    pdf.output(str(out))
    return out


def symbol_font_pdf(pieces: list[list[tuple[bool, str]]], path: Path, *, symbolic: bool = True) -> Path:
    """A one-page PDF whose lines mix Helvetica with a math font that names its "=" and "+" "onequarter" and
    "thorn" (codes 188 and 254, no ToUnicode), as the typesetters' symbol fonts do; each line is (in the math
    font?, text) pieces, the math pieces written with "¼" and "þ". ``symbolic``: the font's descriptor says
    symbolic (flag 4) and its program holds no letter; else non-symbolic (32), with letters, as a text font."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    letters = [] if symbolic else ["a", "b"]
    order = [".notdef", "onequarter", "thorn", *letters]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({})
    glyphs = {}
    for name in order:
        pen = T2CharStringPen(500, None)
        if name != ".notdef":
            for x, y in ((50, 0), (450, 0), (450, 500)):
                (pen.lineTo if x != 50 else pen.moveTo)((x, y))
            pen.closePath()
        glyphs[name] = pen.getCharString()
    fb.setupCFF("TestMath", {"FullName": "TestMath"}, glyphs, {})
    buf = io.BytesIO()
    fb.font["CFF "].cff.compile(buf, fb.font)
    font = buf.getvalue()
    ops = ["BT"]
    for k, line in enumerate(pieces):
        ops.append(f"1 0 0 1 72 {700 - 14 * k} Tm")
        for math, text in line:
            esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            esc = esc.replace("¼", "\\274").replace("þ", "\\376")
            ops.append(f"/F{2 if math else 1} 10 Tf ({esc}) Tj")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    widths = " ".join(["500"] * 256).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R /F2 6 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /TestMath /FirstChar 0 /LastChar 255 /Widths [" + widths
            + b"] /Encoding << /Type /Encoding /Differences [188 /onequarter 254 /thorn] >> /FontDescriptor 7 0 R >>",
            b"<< /Type /FontDescriptor /FontName /TestMath /Flags %d /FontBBox [0 0 500 500] /ItalicAngle 0 "
            b"/Ascent 500 /Descent 0 /CapHeight 500 /StemV 80 /FontFile3 8 0 R >>" % (4 if symbolic else 32),
            b"<< /Subtype /Type1C /Length %d >>\nstream\n" % len(font) + font + b"\nendstream"]
    return _write_pdf(objs, path)


def _text_ops(lines: list[str], flip: bool = False) -> bytes:
    """A content stream setting ``lines`` in Helvetica 10, 14 pt apart from the top-left (flipped: as TeX's Type 3)."""
    ops = ["BT /F1 10 Tf"]
    for k, line in enumerate(lines):
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"1 0 0 {-1 if flip else 1} 72 {700 - 14 * k} Tm ({esc}) Tj")
    ops.append("ET")
    return "\n".join(ops).encode()


def first_page_pdf(pieces: list[tuple[float, float, float, str]], out: Path, *, title_field: str | None = None) -> Path:
    """A one-page PDF of pieces of text, each (x, y in mm, size in points, text), drawn in the order given, so a
    printed line may be drawn in pieces and out of order, as publishers' files draw their first pages (positions
    with :func:`text_width`). ``title_field`` is the PDF's Title field."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_auto_page_break(False)
    if title_field is not None:
        pdf.set_title(title_field)
    pdf.add_page()
    for x, y, size, text in pieces:
        pdf.set_font("DejaVu", size=size)
        pdf.text(x, y, text)
    pdf.output(str(out))
    return out


def text_width(text: str, size: float) -> float:
    """The width (mm) :func:`first_page_pdf` gives ``text`` in ``size`` points."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.set_font("DejaVu", size=size)
    return pdf.get_string_width(text)


def invisible_text_pdf(pages: list[list[list[tuple[bool, str]]]], path: Path) -> Path:
    """A PDF of one page per item, each a list of lines in Helvetica 10, each line (invisible?, text) pieces: an
    invisible piece is set in text rendering mode 3 (neither filled nor stroked), as a typesetter's queries to the
    author left in a published file are, and as an OCR layer over a scanned page's image is."""
    kids, objs = [], [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")  # 3
    for lines in pages:
        ops = ["BT /F1 10 Tf"]
        for k, pieces in enumerate(lines):
            ops.append(f"1 0 0 1 72 {700 - 14 * k} Tm")
            for invisible, text in pieces:
                esc = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(f"{3 if invisible else 0} Tr ({esc}) Tj")
        ops.append("ET")
        stream = "\n".join(ops).encode()
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (len(objs)))
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    return _write_pdf(objs, path)


def flipped_pdf(lines: list[str], path: Path) -> Path:
    """A one-page PDF whose text is set with a vertically flipped text matrix (as TeX's Type 3 fonts are)."""
    stream = _text_ops(lines, flip=True)
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    return _write_pdf(objs, path)


def form_pdf(lines: list[str], path: Path, *, folio: str = "1", nested: bool = False) -> Path:
    """A one-page PDF whose text is drawn by a form XObject (as the ACL Anthology stamps its pages), with only the
    page number set in the page's own content; ``nested``: the page's form only draws another form holding the
    text (as NAACL 2018's pages are stamped)."""
    form = _text_ops(lines)
    page = f"q /Fm1 Do Q BT /F1 10 Tf 1 0 0 1 300 40 Tm ({folio}) Tj ET".encode()
    font = b"/Resources << /Font << /F1 4 0 R >> >> "
    outer = b"q /Fm2 Do Q"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> "
            b"/XObject << /Fm1 6 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(page) + page + b"\nendstream"]
    if nested:
        objs += [b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /XObject << /Fm2 7 0 R >> >> "
                 b"/Length %d >>\nstream\n" % len(outer) + outer + b"\nendstream"]
    objs += [b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] " + font +
             b"/Length %d >>\nstream\n" % len(form) + form + b"\nendstream"]
    return _write_pdf(objs, path)


def _cff_font(ligature: str) -> bytes:
    """A bare CFF font (boxes for glyphs): a-z and space at their ASCII codes and a glyph named ``ligature`` at
    code 2, in the font's own encoding, as a TeX or typesetter's subset font sets "fi" outside ASCII."""
    import io

    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    letters = [chr(c) for c in range(ord("a"), ord("z") + 1)]
    order = [".notdef", "space", *letters, ligature]
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(order)
    fb.setupCharacterMap({ord(c): c for c in letters} | {32: "space"})
    glyphs = {}
    for name in order:
        pen = T2CharStringPen(500, None)
        if name not in (".notdef", "space"):
            for x, y in ((50, 0), (450, 0), (450, 500)):
                (pen.lineTo if x != 50 else pen.moveTo)((x, y))
            pen.closePath()
        glyphs[name] = pen.getCharString()
    fb.setupCFF("TestLigatures", {"FullName": "TestLigatures"}, glyphs, {})
    encoding = [".notdef"] * 256
    for name in order[1:]:
        encoding[32 if name == "space" else 2 if name == ligature else ord(name)] = name
    fb.font["CFF "].cff.topDictIndex[0].Encoding = encoding
    buf = io.BytesIO()
    fb.font["CFF "].cff.compile(buf, fb.font)
    return buf.getvalue()


def ligature_pdf(lines: list[str], path: Path, ligature: str = "fi") -> Path:
    """A one-page PDF in a font whose "\\x02" is a single glyph named ``ligature``, with no ToUnicode map and no
    /Encoding: only the font program says what the glyph is (or, with a name such as "g2", nothing does)."""
    font = _cff_font(ligature)
    ops = ["BT /F1 10 Tf"]
    for k, line in enumerate(lines):
        esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)").replace("\x02", "\\002")
        ops.append(f"1 0 0 1 72 {700 - 14 * k} Tm ({esc}) Tj")
    ops.append("ET")
    stream = "\n".join(ops).encode()
    widths = " ".join(["500"] * 256).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /TestLigatures /FirstChar 0 /LastChar 255 /Widths [" + widths
            + b"] /FontDescriptor 6 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /FontDescriptor /FontName /TestLigatures /Flags 32 /FontBBox [0 0 500 500] /ItalicAngle 0 "
            b"/Ascent 500 /Descent 0 /CapHeight 500 /StemV 80 /FontFile3 7 0 R >>",
            b"<< /Subtype /Type1C /Length %d >>\nstream\n" % len(font) + font + b"\nendstream"]
    return _write_pdf(objs, path)


def _write_pdf(objs: list[bytes], path: Path) -> Path:
    """A PDF file of these objects (numbered from 1; the first is the catalogue), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path
