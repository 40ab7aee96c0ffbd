"""What the second 2026-12-07 held-out set showed (docs/library.md, "Held out again … second set"), as small cases."""
from __future__ import annotations


def test_a_word_broken_at_a_line_end_is_rejoined_when_it_is_an_english_word():
    """Four ACL/ACM papers kept "impor-tance", "demon-strate", "Pro-ceedings": the break was rejoined only when the
    paper printed the whole word elsewhere, and most broken words occur once. Compounds keep their hyphen."""
    from tzqa.ingest.clean import clean_pages

    page = ("Introduction\n\n"
            "This shows the impor-\ntance of features, and we demon-\nstrate it on cross-\ntalk between HER2-\n"
            "positive lines, co-\noperative state-of-the-\nart models and non-\nindependent features, a cross-\ndocument "
            "task; Kaplan-\nMeier curves and an equal-\nweight mix. We use an equal-weight mix.\n\n"
            "References\n\nAnn Smith and Bo Jones. 2003. A study of the features that matter. In Pro-\n"
            "ceedings of the Conference, pages 1-9.")
    paper = clean_pages([page])
    text = paper.blocks[0].text
    for word in ("importance", "demonstrate", "cross-talk", "HER2-positive", "state-of-the-art",
                 "non-independent", "co-operative", "cross-document", "Kaplan-Meier", "equal-weight mix"):
        assert word in text, word
    assert "Proceedings of the Conference" in paper.references_text
