"""The same structured document must come out of the review rendered as a PDF."""
from pathlib import Path

import pytest
from pdfgen import render_pdf

from tzqa.ingest.corpus import load_review
from tzqa.ingest.pdf import PdfError, pdf_to_text


@pytest.fixture(scope="module")
def pdf_doc(tmp_path_factory, source):
    out = tmp_path_factory.mktemp("pdf") / "trastuzumab-resistance-review.pdf"
    render_pdf(source, out)
    return load_review(out)


def _row(r):
    return (r.biomarker, r.mechanism, r.resistance, r.correlation, r.author, r.refs)


def test_pdf_gives_same_document(pdf_doc, doc):
    assert pdf_doc.title == doc.title and pdf_doc.abstract == doc.abstract and pdf_doc.keywords == doc.keywords
    assert [s.label for s in pdf_doc.sections] == [s.label for s in doc.sections]
    assert [p.text for p in pdf_doc.paragraphs] == [p.text for p in doc.paragraphs]
    assert [p.citations for p in pdf_doc.paragraphs] == [p.citations for p in doc.paragraphs]
    assert [_row(r) for r in pdf_doc.table_rows] == [_row(r) for r in doc.table_rows]
    assert pdf_doc.table_columns == doc.table_columns
    assert [r.citation for r in pdf_doc.references] == [r.citation for r in doc.references]


def test_hyphen_at_line_end_rejoined_only_when_safe(tmp_path):
    word = "supercalifragilistic"
    # Build the PDF by hand: two lines, the first ending in a hyphenated fragment.
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in [f"Our {word} finding holds and the anti-", "HER2 antibody works; the super-",
                 "califragilistic word again and trastu-", "zumab."]:
        pdf.cell(0, 5, line)
        pdf.ln(5)
    path = tmp_path / "h.pdf"
    pdf.output(str(path))
    out = pdf_to_text(path)
    assert "anti-HER2 antibody" in out  # not a known joined word: the hyphen stays
    assert "supercalifragilistic word again" in out  # known elsewhere: joined
    assert "trastu-zumab" in out  # unknown either way: kept hyphenated, nothing lost


def test_bad_pdfs(tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"this is not a pdf")
    with pytest.raises(PdfError):
        pdf_to_text(bad)
    from fpdf import FPDF

    blank = FPDF()
    blank.add_page()
    path = tmp_path / "blank.pdf"
    blank.output(str(path))
    with pytest.raises(PdfError, match="no text layer"):
        pdf_to_text(path)
    enc = FPDF()
    enc.add_page()
    enc.set_font("Helvetica", size=10)
    enc.cell(0, 5, "secret")
    enc.set_encryption(owner_password="o", user_password="u")
    epath = tmp_path / "enc.pdf"
    enc.output(str(epath))
    with pytest.raises(PdfError, match="encrypted"):
        pdf_to_text(epath)


def test_missing_file_is_clear(tmp_path):
    with pytest.raises(PdfError):
        pdf_to_text(Path(tmp_path / "nope.pdf"))
