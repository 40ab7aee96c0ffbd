"""What the ninth 2026-12-07 held-out set showed (docs/library.md, "Ninth held-out set"), as small cases."""
from __future__ import annotations

_BACK_LEFT = ["The raw data supporting the conclusions", "of this article will be made available by",
              "the authors, without undue reservation.", "", "Author contributions",
              "SO: Conceptualization, Data curation,", "Formal analysis, Investigation. SA:"]
_BACK_RIGHT = ["Conceptualization, Methodology. LPA:", "Writing, review and editing.", "",
               "Publisher's note", "All claims expressed in this article are", "solely those of the authors and do not",
               "necessarily represent those of the publisher."]
_LIST_LEFT = ["1. Abaidia A, Daab W, Bouzid MA. Effects", "of fasting on physical performance.",
              "Sports Med. (2020) 50:1009-26.", "2. Meckel Y, Ismaeel A, Eliakim A. The",
              "effect of the fast on physical performance.", "Eur J Appl Physiol. (2008) 102:651-7."]
_LIST_RIGHT = ["3. Fashi M, Ahmadizad S, Nobari H. Effect", "of acute fasting on muscle function.",
               "Healthcare. (2021) 9:397.", "4. Leiper JB, Molla AM. Effects on health",
               "of fluid restriction during fasting.", "Eur J Clin Nutr. (2003) 57:S30-8."]


def test_a_heading_alone_across_both_columns_opens_a_band(tmp_path):
    """Frontiers' 2023+ layout sets its back matter in two columns, then "References" alone in the left column
    (no rule) and the list in two columns of smaller type under it: read column by column, entries 1-5 fell between
    the back matter's columns and the list reader stopped at the right column's back matter (5 of 42 entries)."""
    from pdfgen import render_columns

    from tzqa.ingest.library.reflist import parse_list
    from tzqa.ingest.pdf_layout import layout_pages

    left = _BACK_LEFT + ["", "References", ""] + ["~" + r for r in _LIST_LEFT]
    right = _BACK_RIGHT + ["", "", ""] + ["~" + r for r in _LIST_RIGHT]
    page = layout_pages(render_columns([(left, right)], tmp_path / "frontiers.pdf", folio=False))[0]
    rows = [" ".join(r.split()) for r in page.split("\n") if r.strip()]
    assert rows == [r for r in _BACK_LEFT + _BACK_RIGHT + ["References"] + _LIST_LEFT + _LIST_RIGHT if r]
    refs = parse_list(page.split("References", 1)[1])
    assert [r.number for r in refs] == [1, 2, 3, 4] and refs[3].raw.startswith("Leiper JB")


def test_a_heading_beside_the_other_columns_text_or_gap_opens_no_band(tmp_path):
    """A heading in one column with the other column's text running beside it is a section of that column; so is
    one beside a gap in the other column (a table's or a figure's place) with the text going on in the same type
    (Frontiers Psychology's "Generalized anxiety disorder" beside its Table 2)."""
    from pdfgen import render_columns

    from tzqa.ingest.pdf_layout import layout_pages

    left = _BACK_LEFT + ["", "References", ""] + ["~" + r for r in _LIST_LEFT]
    right = _BACK_RIGHT + ["is not guaranteed or endorsed by the", "publisher, the editors and the", "reviewers."] \
        + ["~" + r for r in _LIST_RIGHT]
    page = layout_pages(render_columns([(left, right)], tmp_path / "running.pdf", folio=False))[0]
    rows = [" ".join(r.split()) for r in page.split("\n") if r.strip()]
    assert rows == [r.lstrip("~") for r in left + right if r]
    left = _BACK_LEFT + ["", "Results", ""] + _BACK_LEFT
    right = _BACK_RIGHT + ["", "", ""] + _BACK_RIGHT
    page = layout_pages(render_columns([(left, right)], tmp_path / "same.pdf", folio=False))[0]
    rows = [" ".join(r.split()) for r in page.split("\n") if r.strip()]
    assert rows == [r for r in left + right if r]


_LANCET_LEFT = [f"left column line {k} of the running text read" for k in range(1, 25)]
_LANCET_RIGHT = [f"right column line {k} of the running text" for k in range(1, 25)]
_NOTES = ["Lancet Glob Health 2019;", "7: e1046-53", "Published Online", "June 27, 2019",
          "Correspondence to:", "Dr A Author, Department", "of Medicine, University"]


def test_a_margin_column_beside_two_columns_set_off_centre(tmp_path):
    """The Lancet sets two columns beside a narrow column of notes (the citation, dates and affiliations on p. 1),
    so the gutter lies well off the page's middle, where it was not looked for, even on a page with no notes:
    the whole article was read row by row across both columns and the notes. The notes are read after the body."""
    from pdfgen import render_columns

    from tzqa.ingest.pdf_layout import layout_pages

    pdf = render_columns([(_LANCET_LEFT, _LANCET_RIGHT), (_LANCET_LEFT, _LANCET_RIGHT)], tmp_path / "lancet.pdf",
                         columns_x=(10.0, 88.0), notes=(170.0, 60.0, _NOTES), folio=False)
    first, second = layout_pages(pdf)
    rows = [" ".join(r.split()) for r in first.split("\n") if r.strip()]
    assert rows == _LANCET_LEFT + _LANCET_RIGHT + _NOTES
    assert [" ".join(r.split()) for r in second.split("\n") if r.strip()] == _LANCET_LEFT + _LANCET_RIGHT


def test_a_list_label_below_the_pages_index_is_no_page_number():
    """Axis ticks and table cells put small numbers on most pages, so a page-number offset is met by chance (Lancet
    Global Health: "0" on p. 4, "1" on p. 5, "2" on p. 6 ...); the label of entry 4 on p. 8, set apart from its
    entry ("4   The White House. Memorandum for …"), was dropped as the page's number and the entry ran into 3.
    No page number is below its page's index; a real one glued to a line of text still goes."""
    from tzqa.ingest.pages import strip_running_lines

    filler = [f"a line of running text number {k}" for k in range(8)]
    pages = [filler[:4] + [str(k - 3)] + filler[4:] if k >= 3 else list(filler) for k in range(8)]
    pages[7] = filler[:4] + ["4   The White House. Memorandum for the Secretary of Health and"] + filler[4:]
    out, _ = strip_running_lines(pages)
    assert "4   The White House. Memorandum for the Secretary of Health and" in out[7]
    folios = [filler[:4] + [f"{164 + k}   so-called shift-lag of the workers"] + filler[4:] for k in range(8)]
    out, _ = strip_running_lines(folios)
    assert all(page[4].strip() == "so-called shift-lag of the workers" for page in out)


def test_a_copyright_line_with_its_licence_is_no_passage():
    """The Lancet prints "Copyright © 2019 The Author(s). Published by Elsevier Ltd. This is an Open Access article
    under the CC BY 4.0 license." under its summary, one paragraph of its own: it was a passage (furniture 1)."""
    from tzqa.ingest.clean import clean_pages

    text = ("Findings We found a rise of approximately 40% in the abortion rate.\n\n"
            "Copyright © 2019 The Author(s). Published by Elsevier Ltd. This is an Open Access article under the "
            "CC BY 4.0 license.\n\nIntroduction\nDecisions about the allocation of resources are closely linked.")
    paragraphs = [p.text for p in clean_pages([text]).blocks]
    assert not any("Copyright" in p for p in paragraphs)
    assert any(p.startswith("Findings") for p in paragraphs)


def test_a_running_head_the_text_prints_across_a_line_end_is_the_texts_own():
    """Springer sets the corporate author's name, "Japanese Gastric Cancer Association", as the running head; the
    guideline's text names it too, at a line's end ("… for this category. The Japanese Gastric Cancer Association"
    / "and Japan Esophageal Society …") or broken over two lines ("… website of the Japa-" / "nese Gastric Cancer
    Association (JGCA) to …"). The measure took both passages for furniture (furniture 2/392): its own-words check
    wanted the words on both sides of the name on one printed line. The measure's error, not the reader's."""
    from tzqa.evaluation.library_pdf import is_furniture, printed_pieces, repeated_lines

    body = ["for this category. The Japanese Gastric Cancer Association", "and Japan Esophageal Society joined forces",
            "been published as quick bulletins on the website of the Japa-",
            "nese Gastric Cancer Association (JGCA) to supplement the"]
    pages = [f"{k}   Japanese Gastric Cancer Association\n\n" + "\n".join(body if k == 2 else ["other text"] * 4)
             for k in range(2, 12, 2)]
    repeated = repeated_lines(pages)
    printed = printed_pieces(pages)
    assert "japanese gastric cancer association" in repeated
    assert not is_furniture("For this category. The Japanese Gastric Cancer Association and Japan Esophageal Society "
                            "joined forces to conduct a prospective study.", repeated, printed)
    assert not is_furniture("Bulletins have been published as quick bulletins on the website of the Japanese Gastric "
                            "Cancer Association (JGCA) to supplement the previous edition.", repeated, printed)
    # leaked into a passage between its sentences, the head is still furniture
    assert is_furniture("The dose was reduced in the second week. Japanese Gastric Cancer Association Patients with "
                        "a relapse were treated again.", repeated, printed)
