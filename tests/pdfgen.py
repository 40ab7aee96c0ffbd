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
