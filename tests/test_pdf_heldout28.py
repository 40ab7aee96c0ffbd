"""What the fourth 2026-12-07 held-out set showed (docs/library.md, "Held out again (fourth set)"), as small cases."""
from __future__ import annotations

_BODY = ("The detector was cooled to thirty millikelvin and read out with six phonon channels on one side, "
         "as described before [1] and calibrated with a source [2].")


def _entries(first: int, last: int) -> list[str]:
    """Numbered entries in REVTeX's shape, some broken by a blank line the layout left inside them."""
    out = []
    for n in range(first, last + 1):
        if n % 3 == 0:
            out += [f" [{n}] A. B. Author{n} et al. (Some Collaboration), Phys. Rev.", "",
                    f"    Lett. {100 + n}, {1000 + n} (20{10 + n % 10})."]
        else:
            out.append(f" [{n}] C. D. Writer{n}, Phys. Rev. D {90 + n}, {2000 + n} (19{70 + n})."
                       if n != 7 else " [7] E. F. Name, K. Harris, and M. Fritts, (2021), https:")
            if n == 7:
                out += ["", "    //doi.org/10.17605/OSF.IO/G4ENQ."]
    return out


def _pages(last_page: list[str]) -> list[str]:
    body = "\n\n".join(_BODY for _ in range(12))
    return ["Introduction\n\n" + body, "Conclusions\n\n" + body, "\n".join(last_page)]


def test_a_list_with_no_heading_under_a_footnote_is_the_reference_list():
    """2110.02751 (REVTeX) prints its list with no heading, right under the first page's footnote
    "∗Corresponding author: …", which the layout joined to entry [1]; the list was read as 'Conclusions'
    paragraphs (0 of 51 entries, 0 of 33 bracketed passages resolved)."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    paper = clean_pages(_pages(["  ∗Corresponding author: someone@example.edu", *_entries(1, 12)]))
    refs = parse_list(paper.references_text)
    assert [r.number for r in refs] == list(range(1, 13))
    assert not any("[4]" in b.text or "Phys. Rev." in b.text for b in paper.blocks)
    assert refs[6].raw.endswith("//doi.org/10.17605/OSF.IO/G4ENQ.")  # the link a blank line broke


def test_a_list_whose_page_joined_it_to_the_last_paragraph_is_found():
    """2304.10117 (REVTeX letter): the page before the list ends on a full line, so the list's first entries
    were read into the acknowledgements' last paragraph and the whole list was dropped with the back matter
    (0 of 33)."""
    from tzqa.ingest.clean import clean_pages
    from tzqa.ingest.library.reflist import parse_list

    full = "x" * 70
    pages = _pages([])[:2] + [f"Acknowledgments\n\nThis work is supported by a grant of the foundation.\n{full} "
                              "institutes.", "\n".join(_entries(1, 12))]
    paper = clean_pages(pages)
    assert [r.number for r in parse_list(paper.references_text)] == list(range(1, 13))


def test_a_body_paragraph_citing_1_is_not_cut_into_a_list():
    """The cut is kept only when a list is found after it: a paragraph with "… end. [1] The …" stays whole."""
    from tzqa.ingest.clean import clean_pages

    text = "We used the method of the first paper. [1] Then we repeated it twice with [2] and [3]."
    paper = clean_pages(["Introduction\n\n" + text + "\n\n" + _BODY])
    assert paper.references_text == ""
    assert any(b.text == text for b in paper.blocks)
