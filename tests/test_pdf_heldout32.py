"""What the eighth 2026-12-07 held-out set showed (docs/library.md, "Eighth held-out set"), as small cases."""
from __future__ import annotations

_JATS = """<article><front><article-meta><title-group><article-title>Tools</article-title></title-group>
</article-meta></front><body><sec><title>Caffe</title>
<p>Caffe is scalable, written in C++ and provides bindings for Python as well as MATLAB.</p>
<p><bold>Pros.</bold><list list-type="bullet"><list-item><p>Easy to deploy;</p></list-item>
<list-item><p>Faster training speed.</p></list-item></list><bold>Cons.</bold><list list-type="bullet">
<list-item><p>No support for distributed training.</p></list-item></list></p></sec>
<sec><title>Torch</title><p>Torch is a scientific computing framework with a powerful deep learning library.</p>
<p><bold>Pros.</bold></p><p><list list-type="bullet"><list-item><p>User friendly;</p></list-item>
<list-item><p>Highly modular.</p></list-item></list><bold>Cons.</bold><list list-type="bullet">
<list-item><p>Less documentation available.</p></list-item></list><fig id="F1"><label>Fig. 1</label>
<caption><p>Relative comparison of the tools.</p></caption></fig></p>
<p><bold>Note.</bold> A paragraph that opens with a label and goes on is a paragraph.</p></sec></body></article>"""


def test_run_in_labels_over_lists_lead_their_list_and_are_no_passages():
    """Springer's Cognitive Computation review (EuropePMC JATS) sets each tool's pros and cons as
    "<p><bold>Pros.</bold><list>…</list><bold>Cons.</bold><list>…</list></p>", or "<p><bold>Pros.</bold></p>"
    before a paragraph that opens with the list: the lists are read as blocks of their own, so 32 passages were
    "Pros.", "Cons." or "Pros.Cons." (the measure's "empty 32") and each list lost the word saying what it lists."""
    from tzqa.ingest.library.jats import read_jats

    texts = [b.text for b in read_jats(_JATS.encode()).blocks]
    assert texts == [
        "Caffe is scalable, written in C++ and provides bindings for Python as well as MATLAB.",
        "Pros. Easy to deploy; Faster training speed.",
        "Cons. No support for distributed training.",
        "Torch is a scientific computing framework with a powerful deep learning library.",
        "Pros. User friendly; Highly modular.",
        "Cons. Less documentation available.",
        "Note. A paragraph that opens with a label and goes on is a paragraph."]


_LEFT = ["Deep learning has shown explosive growth", "in its application to bioinformatics and",
         "has demonstrated promising power to mine", "the complex relationships hidden in large",
         "biological and biomedical data sets. A", "number of comprehensive reviews have been",
         "published on such applications, ranging", "from reviews with future perspectives to",
         "those mainly serving as tutorials today."]
_MIDDLE = ["Machine learning has been the main force", "behind the recent resurgence of artificial",
           "intelligence. The most essential piece of", "modern machine learning is deep learning,",
           "founded on artificial neural networks that", "approximate any nonlinear function within",
           "any accuracy (Hornik, 1991) and have been", "used to solve various computational tasks",
           "(Li et al., 2019) across many disciplines."]
_RIGHT = ["Attention mechanisms, first proposed for", "machine translation (Vaswani et al., 2017),",
          "can alleviate the problems recurrent nets", "meet on long biological sequences, and so",
          "widen their applications in bioinformatics", "such as the prediction of enhancer and",
          "promoter interactions from the sequences", "alone, where the attention layer weighs",
          "each position against all of the others."]
_ENTRIES = [["Hornik, K. (1991). Approximation capabil-", "  ities of multilayer feedforward networks.",
             "  Neural Netw. 4, 251–257.", "Hou, H., Gan, T., Yang, Y., et al. (2019).",
             "  Using deep reinforcement learning to", "  speed up collective cell migration. BMC",
             "  Bioinformatics 20, 571.", "Hu, Y.-J., Lin, S.-C., Lin, Y.-L., et al.",
             "  (2014). A meta-learning approach for", "  B-cell conformational epitope prediction.",
             "  BMC Bioinformatics 15, 378."],
            ["Li, Y., Huang, C., Ding, L., et al. (2019).", "  Deep learning in bioinformatics: intro-",
             "  duction, application, and perspective in", "  the big data era. Methods 166, 4–21.",
             "Lopez, R., Regier, J., Cole, M.B., et al.", "  (2018). Deep generative modeling for",
             "  single-cell transcriptomics. Nat. Meth-", "  ods 15, 1053.",
             "Mnih, V., Kavukcuoglu, K., Silver, D., et", "  al. (2015). Human-level control through",
             "  deep reinforcement learning. Nature 518."],
            ["Vaswani, A., Shazeer, N., Parmar, N., et", "  al. (2017). ‘Attention is all you need’.",
             "  In: Advances in Neural Information Pro-", "  cessing Systems 30, Long Beach, USA.",
             "Wang, Z., Wang, D., Li, C., et al. (2018).", "  Deep reinforcement learning of cell",
             "  movement in the early stage of C. ele-", "  gans embryogenesis. Bioinformatics 34.",
             "Zou, Z., Tian, S., Gao, X., et al. (2018).", "  mldeepre: multi-functional enzyme func-",
             "  tion prediction. Front. Genet. 9, 714."]]


def test_a_page_in_three_columns_is_read_column_by_column(tmp_path):
    """Oxford's Journal of Molecular Cell Biology sets its pages in three columns: the reader found one gutter
    and read the two columns beyond it row by row ("Deep learning (DL) has shown explo- principled DL field, and
    postulate sive growth …"), and the reference list's entries ran into each other (17 of 30 entries)."""
    from pdfgen import render_three_columns

    from tzqa.ingest.library.reflist import parse_list
    from tzqa.ingest.pdf_layout import layout_pages

    pdf = render_three_columns([(_LEFT, _MIDDLE, _RIGHT), tuple(_ENTRIES)], tmp_path / "jmcb.pdf",
                               head="Modern DL in bioinformatics | 825",
                               front=("Modern deep learning in bioinformatics, a perspective on the field",))
    first, second = layout_pages(pdf)
    rows = [" ".join(r.split()) for r in first.split("\n") if r.strip()]
    assert [r for r in rows if r in _LEFT + _MIDDLE + _RIGHT] == _LEFT + _MIDDLE + _RIGHT
    refs = parse_list(second.split("\n", 1)[1])  # under the running head
    assert [r.raw.split(",")[0] for r in refs] == ["Hornik", "Hou", "Hu", "Li", "Lopez", "Mnih", "Vaswani",
                                                  "Wang", "Zou"]


def test_two_column_pages_are_not_three_columns(tmp_path):
    """A page's third of its width crossed by two columns' lines is no gutter (the check every earlier PDF passes)."""
    from pdfgen import render_columns

    from tzqa.ingest.pdf_glyphs import pdf_pages
    from tzqa.ingest.pdf_lines import page_lines
    from tzqa.ingest.pdf_regions import three_columns

    text = ["Lorem ipsum dolor sit amet, consectetuer adipiscing", "elit, sed diam nonummy nibh euismod tincidunt ut"] * 12
    pdf = render_columns([(text, text)], tmp_path / "two.pdf")
    page = next(pdf_pages(pdf))
    assert three_columns(page_lines(page), page.width) is None


def test_the_authors_copyright_line_and_an_address_tail_are_front_furniture():
    """Oxford draws "©" as a "C" set in a circle glyph, read "VC": "VCThe Author(s) (2020). Published by Oxford
    University Press on behalf of …" was a passage (the measure, looking for "©", missed it), and so was the tail
    of an affiliation wrapped onto the line of the equal-contribution note."""
    from tzqa.ingest.library.furniture import is_front_furniture

    assert is_front_furniture("VCThe Author(s) (2020). Published by Oxford University Press on behalf of Journal of "
                              "Molecular Cell Biology, IBCB, SIBS, CAS.")
    assert is_front_furniture("2021 The Author(s). Published by Informa UK Limited, trading as Taylor & Francis Group.")
    assert is_front_furniture("30602, USA †These authors contributed equally to this work.")
    assert not is_front_furniture("The authors (2020) published by far the largest cohort; we extend it to 2024.")
    assert not is_front_furniture("In the trial, these authors contributed equally to the design and the analysis "
                                  "of every outcome the protocol named, as the registry shows.")


_ELSEVIER = ("[55] W. Lutz, A population policy rationale for the twenty-first century, Popul. Dev. Rev. 40 (3) (2014)\n"
             "527–544. [56] D.E. Bloom, D. Canning, D.T. Jamison, Health, wealth and welfare, IMF, Washington, DC,\n"
             "2004, p. 64. [58] M. Mamdani, M. Bangser, Poor people's experiences of health services in Tanzania,\n"
             "Reprod. Health Matters 12 (24) (2004) 138–153. [59] D. Sanders, M. Chopra, Key challenges to achieving\n"
             "health for all, Am. J. Publ. Health 96 (1) (2006) 73–78. [60] J. Zinsstag, One Health, Prev. Vet. Med.\n"
             "101 (2011) 148–156.")


def test_a_number_the_list_skips_does_not_end_it():
    """Elsevier's Science in One Health review prints its list [1]…[56], [58]…[75] (no entry 57; the text cites
    "[56, 57]"): read as the list's end, the gap lost 18 of 74 entries and every citation of them. The entries keep
    their printed numbers, and citations are bounded by the highest of them, not by the count."""
    from tzqa.ingest.library import cite
    from tzqa.ingest.library.reflist import highest_number, parse_list, split_entries

    text = "\n".join(f"[{k}] A. Author{k}, A title, J. Name {k} (2001) 1–9." for k in range(1, 55)) + "\n" + _ELSEVIER
    refs = parse_list(text)
    assert [r.number for r in refs][-5:] == [55, 56, 58, 59, 60]
    assert len(refs) == 59 and highest_number(refs) == 60
    assert refs[-4].raw.endswith("Washington, DC, 2004, p. 64.") and refs[-3].raw.startswith("M. Mamdani")
    _, cited, _ = cite.resolve_spans("as good health boosts productivity [56, 58] and growth [60].", highest_number(refs))
    assert cited == (56, 58, 60)
    # a number after the last entry is no more of the list: the gap is passed over only where the list goes on
    assert [n for n, _ in split_entries("1. A. B, T, J 1 (2001) 2–9.\n2. C. D, T, J 2 (2002) 4–7.\n4. Not an entry.")] == [1, 2]


def test_a_bracket_glued_to_the_number_after_it_is_no_citation():
    """Taylor & Francis's Renal Failure prints an ethics approval number "([2016]215)": the measure read "[2016]"
    as a citation ("max cited 2016", resolved 16/17); the reader never did. Glued to a word, a bracket still cites
    (Wiley-VCH's superscripts, read "[10,11]The fly")."""
    from tzqa.evaluation.library_pdf import _BRACKETS

    text = "approved by the Ethics Committee ([2016]215) as in [12], [3–5]; conserved.[10,11]The fly"
    assert [m.group(1) for m in _BRACKETS.finditer(text)] == ["12", "3–5", "10,11"]


def test_a_mark_glued_to_a_number_votes_for_no_ligature():
    """PeerJ's coordinates "14◦05′–14◦27′N" set the prime as a glyph the font leaves unmapped: "′N" and "′E" read as
    words voted it "fi" ("fin", "fie"), and two words were "restored" to "14◦27fiN" (the "ligature words 2")."""
    from tzqa.ingest.pdf_glyphs import restore_ligatures

    texts = ["The park lies at 14◦05(cid:0:48)–14◦27(cid:0:48)N and 36◦42(cid:0:48)–37◦39(cid:0:48)E."]
    assert restore_ligatures(texts) == (["The park lies at 14◦05–14◦27N and 36◦42–37◦39E."], 0)
    words = ["The (cid:1:2)rst (cid:1:2)eld was (cid:1:2)lled with (cid:1:2)ne sand."]
    assert restore_ligatures(words) == (["The first field was filled with fine sand."], 4)


def test_a_math_fonts_signs_named_after_latin_letters_are_read_as_the_signs(tmp_path):
    """Taylor & Francis's (and Elsevier's, OUP's, PLOS's) math font names its "=" and "+" "onequarter" and "thorn":
    Renal Failure read "p ¼ 0.01", "(n ¼ 1589)", "adjusted for model 2 þ DM history". In a symbol font they are
    the signs; in a text font "¼" and "þ" stay the letters they are."""
    from pdfgen import symbol_font_pdf

    from tzqa.ingest.pdf_layout import layout_pages

    lines = [[(False, "BMI (22.5 vs 21.6, p "), (True, "¼"), (False, " 0.01)")],
             [(False, "adjusted for model 2 "), (True, "þ"), (False, " DM history")]]
    assert layout_pages(symbol_font_pdf(lines, tmp_path / "tf.pdf")) == [
        "BMI (22.5 vs 21.6, p = 0.01)\nadjusted for model 2 + DM history"]
    kept = layout_pages(symbol_font_pdf(lines, tmp_path / "text.pdf", symbolic=False))[0]
    assert "¼" in kept and "þ" in kept
