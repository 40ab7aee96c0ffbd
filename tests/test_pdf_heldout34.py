"""What the tenth 2026-12-07 held-out set showed (docs/library.md, "Tenth held-out set"), as small cases."""
from __future__ import annotations

_QUERY = "AU: Please check that the edits to the sentence capture your meaning. If not, please provide correct wording."


def test_invisible_text_on_a_page_with_visible_text_is_not_read(tmp_path):
    """PLOS Medicine's published file keeps the typesetter's queries to the author as text set in rendering mode 3,
    painted nowhere: 11 of them ran into passages ("Recognising the AU: Please check …: substantial political weight")
    and 6 into reference entries. A page drawn only invisibly (an OCR layer over a scanned image) is read all the same."""
    from pdfgen import invisible_text_pdf

    from tzqa.ingest.pdf_layout import layout_pages

    body = [[(False, "Recognising the "), (True, _QUERY), (False, " substantial political weight of the UNGA,")],
            [(False, "meetings were held for five health topics.")]]
    scanned = [[(True, "A scanned page whose only text is its OCR layer,")], [(True, "read as it is.")]]
    first, second = layout_pages(invisible_text_pdf([body, scanned], tmp_path / "queries.pdf"))
    assert "AU:" not in first and "Please check" not in first
    assert "Recognising the" in first and "substantial political weight" in first
    assert "A scanned page whose only text is its OCR layer," in second and "read as it is." in second

