"""What the seventh 2026-12-07 held-out set showed (docs/library.md, "Seventh held-out set"), as small cases."""
from __future__ import annotations

from pdfgen import render_columns

_TEXT = ["The key diagnostic step in patients who want",
         "to pursue a surgical cure is to distinguish",
         "between unilateral and bilateral aldosterone",
         "hypersecretion. Small adenomas may not be",
         "detectable on adrenal computed tomography,",
         "and incidentalomas may coexist [1, 2]."] * 3
_ENTRIES = ["1. Ganguly A. Primary aldosteronism. N Engl",
            "   J Med. 1998;339:1828–34.",
            "2. Kaplan NM. Hypokalemia in the hypertensive",
            "   patient, with observations on the incidence",
            "   of primary aldosteronism. Ann Intern Med.",
            "   1967;66:1079–90.",
            "3. Fardella CE, Mosso L, Gómez-Sánchez C, et",
            "   al. Primary hyperaldosteronism in essential",
            "   hypertensives. J Clin Endocrinol Metab.",
            "   2000;85:1863–7."]


def test_a_heading_row_at_the_top_of_both_columns_is_no_running_head(tmp_path):
    """Springer (Rev Endocr Metab Disord 2011) sets "7 Subtype differentiation of PA" over the left column and
    "References" over the right one on the first row under the running head: taken for a second header row, the
    heading was read above the columns, so no list was found (0/30 entries, 0/12 passages resolved). A second row
    nearer the body than the running head above it is the columns' first row."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list
    from tzqa.ingest.pdf_layout import layout_pages

    left = ["7 Subtype differentiation of PA", ""] + _TEXT
    right = ["References", ""] + _ENTRIES
    pdf = render_columns([(_TEXT, _TEXT), (left, right)], tmp_path / "springer.pdf",
                         head="Rev Endocr Metab Disord (2011) 12:11–14", head_y=12, top=26)
    paper = clean_pages(layout_pages(pdf))
    refs = parse_list(paper.references_text)
    assert [r.number for r in refs] == [1, 2, 3], paper.references_text
