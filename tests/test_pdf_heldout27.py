"""What the third 2026-12-07 held-out set showed (docs/library.md, "Held out again (third set)"), as small cases."""
from __future__ import annotations


def _nature_page() -> list:
    """A Nature page's lines as pdfminer gives them: two justified columns 9.4 pt apart (293.3 | 302.7), a
    paragraph's short last lines, and a figure's labels, a few of them across the gap."""
    from tzqa.ingest.pdf_lines import Line

    lines = []
    for k in range(50):
        top = 60.0 + 11 * k
        lines.append(Line(42.5, 293.3 if k % 7 else 180.0, top, top + 9, f"left column line {k}"))
        lines.append(Line(302.7 if k % 7 else 314.0, 553.5, top, top + 9, f"right column line {k}"))
    for k, (x0, x1) in enumerate([(242.1, 308.9), (280.4, 301.2), (300.5, 308.9), (291.3, 302.9)]):
        lines.append(Line(x0, x1, 620.0 + 12 * k, 628.0 + 12 * k, "0.4"))
    return lines


def test_two_columns_closer_than_ten_points_are_read_one_after_the_other():
    """Nature Neuroscience 2011 sets its columns 9.4 pt apart; the gutter wanted a 10 pt clear band, found
    none, and read the page's two columns line by line into each other ("the synapses. … affect behavior,
    enhancing"), and its reference list too (36 of 50 entries). Two straight edges make a narrow gap a gutter."""
    from tzqa.ingest.pdf_regions import column_gutter

    gutter = column_gutter(_nature_page(), 594.0)
    assert gutter is not None and 293.3 < gutter < 302.7


def test_a_narrow_gap_in_one_column_of_justified_text_is_not_a_gutter():
    """A justified line that pdfminer cut at a stretched space leaves a gap near the middle, but at a word's
    end, a different x on every line: no straight edges, so one column stays one column."""
    from tzqa.ingest.pdf_lines import Line
    from tzqa.ingest.pdf_regions import column_gutter

    lines = []
    for k in range(60):
        top = 60.0 + 11 * k
        cut = 250.0 + (k * 37) % 90  # where this line's stretched space fell
        lines += [Line(42.5, cut, top, top + 9, "words before"), Line(cut + 7, 553.5, top, top + 9, "words after")]
    assert column_gutter(lines, 594.0) is None
