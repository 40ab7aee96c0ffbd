"""Citations found in plain text (PDF, text files): author–year item by item, and what is not a citation.

The real-text check re-reads the paragraphs of real JATS articles as plain text and compares the numbers
found with the xrefs the publisher encoded (the ground truth, independent of the text matcher).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tzqa.ingest.library import cite
from tzqa.ingest.library.jats import read_jats
from tzqa.models import Reference

DATA = Path(__file__).parent / "data" / "realdocs"


def _ref(number: int, authors: tuple[str, ...], year: int | None, raw: str = "", et_al: bool = False) -> Reference:
    return Reference(number, authors, et_al, f"Title {number}", "J", year, "", None, raw)


REFS = [
    _ref(1, ("American Cancer Society",), 2007),
    _ref(2, ("De Alwis N", "Kim A", "Ross B"), 2009),
    _ref(3, ("Ekman C", "Li D", "Ma E"), 2010, "Ekman C, Li D, Ma E. 2010a. First."),
    _ref(4, ("Ekman C", "Li D", "Ma E"), 2010, "Ekman C, Li D, Ma E. 2010b. Second."),
    _ref(5, ("Gerhardsson de Verdier M", "London S"), 1992),
    _ref(6, ("Yasukawa T", "Reyes A", "Cluett T"), 2005),
    _ref(7, ("Yasukawa T", "Reyes A", "Cluett T"), 2006),
    _ref(8, ("Zagórska A", "Través P", "Lew E"), 2014),
    _ref(9, ("Lee K", "Park S"), 2020),
    _ref(10, ("Lee K", "Choi S"), 2020),
    _ref(11, ("van Meer G", "Voelker D", "Feigenson G"), 2008),
    _ref(12, (), 2011, "World Health Organization 2011 Global status report on noncommunicable diseases"),
]


def _nums(text: str, problems: list[str] | None = None) -> tuple[int, ...]:
    return cite.resolve_spans(text, len(REFS), REFS, problems=problems)[1]


@pytest.mark.parametrize("text, expected", [
    ("(Yasukawa et al., 2005, 2006)", (6, 7)),  # a year pair
    ("(Ekman et al., 2010a, 2010b)", (3, 4)),  # suffixed years
    ("(Ekman et al., 2010b, a)", (4, 3)),  # a suffix alone continues the year
    ("(De Alwis et al., 2009)", (2,)),  # a particle, capitalised
    ("(Gerhardsson de Verdier and London, 1992)", (5,)),  # a particle inside the surname
    ("(van Meer et al., 2008)", (11,)),  # a lower-case particle first
    ("(American Cancer Society, 2007)", (1,)),  # an organisation
    ("(World Health Organization, 2011)", (12,)),  # an organisation only in the entry's raw text
    ("(Zagorska et al, 2014)", (8,)),  # "et al," and no accent
    ("(see Yasukawa et al., 2005; reviewed in De Alwis et al., 2009)", (6, 2)),  # extra words per item
    ("(Lee and Park, 2020)", (9,)),  # the second author tells two 2020 papers apart
    ("as Lee and Choi (2020) and Yasukawa et al. (2005, 2006) showed", (10, 6, 7)),  # narrative
    ("[Yasukawa et al., 2005]", (6,)),  # in square brackets
])
def test_author_year_items(text, expected):
    assert _nums(text) == expected


def test_each_item_of_a_group_is_resolved_on_its_own_and_failures_are_reported():
    problems: list[str] = []
    text = "(Yasukawa et al., 2005; Nobody et al., 2001; Lee et al., 2020; see 'Materials and methods')"
    assert _nums(text, problems) == (6,)
    assert any("Nobody" in p and "no entry" in p for p in problems)
    assert any("Lee" in p and "matches 2 entries" in p for p in problems), "ambiguous: reported, not guessed"


@pytest.mark.parametrize("text", [
    "Mutations are (1) somatically acquired in the tumour or (2) low-level heteroplasmies.",
    "Patients could reply excellent (1), very good (2), good (3), fair (4), or poor (5).",
    "Scored never (0), hardly ever (1), occasionally (2) and often (3).",
    "Fitted as in equation (4) and step (2).",
    "A positive relationship (F[1,12] = 8.42, p = 0.0133) and (χ2[2] = 5.1).",
])
def test_what_is_not_a_citation(text):
    assert _nums(text) == ()


def test_ranges_written_as_two_markers_and_brackets_only_documents():
    assert _nums("as reported [2]–[5] and [9]") == (2, 3, 4, 5, 9)
    texts = ["Shown [1], [2] and [3-4].", "Known [5, 6].", "Also [7] and [8].", "Scores ranged from (1) to (5) in step (2)."]
    assert cite.cites_in_brackets(texts, 12)
    assert cite.resolve_spans("a (2) and [3]", 12, parentheses=False)[1] == (3,)


def test_spans_point_at_the_citation_in_the_rewritten_text():
    words = cite.standalone_words(["resistance is common"])
    text, nums, spans = cite.resolve_spans("Drives resistance12,13. Seen (Yasukawa et al., 2005).", 20, REFS, words)
    assert nums == (12, 13, 6)
    assert [text[a:e] for a, e, _ in spans] == ["[12,13]", "(Yasukawa et al., 2005)"]


@pytest.mark.parametrize("name", ["elife02935.xml", "elife03385.xml"])
def test_author_year_on_real_text_finds_what_the_publisher_encoded(name):
    """Real eLife paragraphs, read as plain text: the numbers found are the xrefs' (≥ 98%, nothing extra)."""
    art = read_jats((DATA / name).read_bytes())
    truth = found = correct = 0
    for b in art.abstract + art.blocks + art.captions:
        tn = {n for _, _, nums in b.citation_spans for n in nums}
        got = set(cite.resolve_spans(b.text, len(art.references), art.references)[1])
        truth, found, correct = truth + len(tn), found + len(got), correct + len(got & tn)
    assert truth > 80
    assert correct >= 0.98 * truth and correct == found


def test_a_text_document_stores_where_its_citations_are_and_reports_unresolved_ones(tmp_path):
    from tzqa.ingest.library.passages import article_passages
    from tzqa.ingest.library.textdoc import read_text_document

    body = ("Introduction\n\nMitochondrial mutations are either (1) somatically acquired in the tumour or (2) "
            "low-level inherited heteroplasmies (Yasukawa et al., 2005, 2006). Replication errors dominate "
            "(Nobody et al., 2001; De Alwis et al., 2009). The strand bias is strong.\n\n")
    refs = ("References\n\n1. De Alwis N, Kim A, Ross B. Strand bias in mtDNA. Cell. 2009;1:1-2.\n"
            "2. Yasukawa T, Reyes A, Cluett T. Replication of mtDNA. EMBO J. 2005;2:3-4.\n"
            "3. Yasukawa T, Reyes A, Cluett T. Replication again. EMBO J. 2006;3:5-6.\n")
    path = tmp_path / "paper.txt"
    path.write_text("A study of mtDNA\n\n" + body + refs, encoding="utf-8")
    art = read_text_document(path)
    assert art.citations_located
    passages = [p for p in article_passages(art) if "Mitochondrial" in p.text]
    assert passages and passages[0].cites is not None
    p = passages[0]
    assert [p.text[a:e] for a, e, _ in p.cites] == ["(Yasukawa et al., 2005, 2006)",
                                                     "(Nobody et al., 2001; De Alwis et al., 2009)"]
    assert p.refs == (2, 3, 1), "(1) and (2) enumerate; each item of a group resolves on its own"
    assert any("Nobody" in n for n in art.notes), "an unresolved author-year citation is reported"


def test_an_unnumbered_author_year_list_is_split_into_entries_in_order():
    from tzqa.ingest.library.reflist import parse_list

    apa = ("Alzheimer’s Disease International. (2009). World Alzheimer Report. Available at: http://www.alz.co.uk/ "
           "research; last accessed 23 October 2013. American Psychiatric Association. (2000). Diagnostic and "
           "Statistical Manual, 4th ed. Washington, DC. Baumeister, R. F., Bratslavsky, E. and Vohs, K. D. (2001). "
           "Bad is stronger than good. Review of General Psychology, 5, 323–370. doi:10.1037/1089-2680.5.4.323.\n"
           "van der Berg, K. and Smith, J. (2003). Particles first. J Test, 1, 1–2.")
    refs = parse_list(apa)
    assert [r.raw.split(".")[0].split(",")[0] for r in refs] == [
        "Alzheimer’s Disease International", "American Psychiatric Association", "Baumeister", "van der Berg"]
    assert [r.year for r in refs] == [2009, 2000, 2001, 2003], "the year in parentheses after the authors"
    vancouver = ("Afgan E, Baker D, van den Beek M. 2016. The Galaxy platform. Nucleic Acids Research 44:W3–W10.\n"
                 "Altschul SF, Madden TL. 1997. Gapped BLAST. Nucleic Acids Research 25(17):3389–3402.\n"
                 "Alvarez-Ponce D, Aguade M, Rozas J. 2009. Network-level analysis. Genome Research 19:234–242.")
    refs = parse_list(vancouver)
    assert [r.number for r in refs] == [1, 2, 3] and refs[2].year == 2009
    problems: list[str] = []
    found = cite.resolve_spans("(Alvarez-Ponce, Aguade and Rozas, 2009; Altschul et al., 1997; "
                               "American Psychiatric Association, 2000)", 3, refs, problems=problems)[1]
    assert found == (3, 2) and any("American Psychiatric" in p for p in problems)


def test_author_year_lists_printed_names_first_then_the_year_are_split_at_each_first_author():
    """Three styles a held-out check found split mid-author or not at all: ACL's full names closed by ". 2013.",
    initials first ("M. A. F. Pimentel, L. Clifton" is one entry's authors, not a new entry at "Pimentel, L."),
    and the JSS style whose first author a "Surname XY (year)." further on used to clip off."""
    from tzqa.ingest.library.reflist import parse_list

    acl = ("Alexandr Andoni and Piotr Indyk. 2008. Near-optimal hashing. Commun. ACM, 51(1):117–\n122, January.\n"
           "Marco Baroni, Georgiana Dinu, and Germ´an Kruszewski. 2014. Don’t count, predict! In Proceedings\n"
           "of ACL, Baltimore, MD.\nJ¨org Tiedemann. 2012. Parallel data, tools and interfaces in opus. In LREC.\n"
           "Tomas Mikolov, Quoc Le, and Ilya Sutskever. 2013b. Exploiting similarities among languages.")
    assert [r.raw.split(".")[0] for r in parse_list(acl)] == [
        "Alexandr Andoni and Piotr Indyk", "Marco Baroni, Georgiana Dinu, and Germ´an Kruszewski",
        "J¨org Tiedemann", "Tomas Mikolov, Quoc Le, and Ilya Sutskever"]
    initials = ("M. A. Alvarez, L. Rosasco, and N. D. Lawrence. Kernels for vector valued functions. Arxiv, 2012.\n"
                "R. Durichen, M. A. F. Pimentel, L. Clifton, and et al. Multitask gaussian processes. IEEE\n"
                "Transactions on Biomedical Engineering, 61(1), 2015.\n"
                "S. Cheng-Xian Li and B. Marlin. A scalable adapter. NIPS, 2016.\n"
                "W. Hoiles and M. van der Schaar. A non-parametric learning method. MLHC, 2016.")
    assert [r.raw.split(",")[0].split(" and")[0] for r in parse_list(initials)] == [
        "M. A. Alvarez", "R. Durichen", "S. Cheng-Xian Li", "W. Hoiles"]
    jss = ("Godfrey K (1983). Compartmental Models. Academic Press, London.\n"
           "Golub GH, LeVeque RJ (1979). “Extensions of the Algorithm.” In Proceedings, pp. 1–12.\n"
           "Laptenok S, Mullen KM, van Stokkum IHM, Visser AJWG (2007). “FLIM with TIMP.” JSS, 18(8).\n"
           "R Development Core Team (2006). R: A Language. Vienna, Austria.\n"
           "van Stokkum IHM (1997). “Parameter Precision.” IEEE Trans, 46(4), 764–768.")
    assert [r.raw.split(" (")[0] for r in parse_list(jss)] == [
        "Godfrey K", "Golub GH, LeVeque RJ", "Laptenok S, Mullen KM, van Stokkum IHM, Visser AJWG",
        "R Development Core Team", "van Stokkum IHM"]


def test_a_numbered_list_is_still_read_by_its_numbers():
    from tzqa.ingest.library.reflist import parse_list

    refs = parse_list("1. Smith J. One. J 2001;1:1. 2. Lee K. Two. J 2002;2:2. 3. Doe A. Three. J 2003;3:3.")
    assert [(r.number, r.year) for r in refs] == [(1, 2001), (2, 2002), (3, 2003)]


@pytest.mark.parametrize("text, expected", [
    ("HER2 is amplified in breast cancer (1). It predicts poor outcome (2), and trastuzumab improves survival (3).",
     (1, 2, 3)),  # Vancouver numbers in order of first citation are citations, not a list
    ("HER2 is amplified (1) and overexpressed (2) in tumours.", (1, 2)),
    ("approved in 1998 (12) and pertuzumab later (13) in the adjuvant setting.", (12, 13)),
    ("treatment groups (14) and prediction models (7, 8)", (14, 7, 8)),
    ("Data at https://example.org/data)[3] and (see www.who.int)[4].", (3, 4)),
])
def test_parenthesised_numbers_that_do_cite(text, expected):
    """Found by review: the enumeration, named-item and link rules must not swallow real citations."""
    assert cite.resolve_spans(text, 40)[1] == expected


def test_author_year_edge_cases_found_by_review():
    import time

    from tzqa.ingest.library.authoryear import _NARRATIVE

    t0 = time.perf_counter()
    list(_NARRATIVE.finditer("Van Der " * 400))
    assert time.perf_counter() - t0 < 2, "no catastrophic backtracking on untrusted text"
    refs = [_ref(1, ("Smith J",), 2001), _ref(2, ("WHO",), 2016, "WHO 2016"), _ref(5, ("Smith J",), 2005)]
    assert _nums_in("as reported (Smith, 2001)–(Smith, 2005)", refs) == (1, 5), "no range between author-year"
    assert _nums_in("the (WHO 2016 classification)", refs) == (), "the year must end the item"


def _nums_in(text: str, refs: list[Reference]) -> tuple[int, ...]:
    return cite.resolve_spans(text, max(r.number for r in refs), refs)[1]


def test_a_title_year_in_a_numbered_list_is_not_the_entry_year():
    from tzqa.ingest.library.reflist import parse_list

    refs = parse_list("1. Smith J. Global cancer statistics (2018). CA Cancer J Clin. 2019;69:1-2.\n"
                      "2. Lee K. Two. J 2002;2:2.\n3. Doe A. Three. J 2003;3:3.")
    assert refs[0].year == 2019


def test_an_author_year_document_has_no_numeric_citations():
    """JSS and ICML papers cite by names and years; their equation numbers "(7)" and R code's "model[1]" were read
    as citations of entries 7 and 1. A document whose list is author–year reads no number as a citation."""
    from tzqa.ingest.library.reflist import is_author_year, parse_list

    text = ("Golub GH, LeVeque RJ (1979). Extensions. In Proceedings, pp. 1–12.\n"
            "Godfrey K (1983). Compartmental Models. Academic Press.\n"
            "Moshier SL (1992). Cephes Mathematical Library.\n")
    assert is_author_year(text) and not is_author_year("1. Smith J. One. J 2001. 2. Lee K. Two. J 2002. "
                                                       "3. Doe A. Three. J 2003.")
    refs = parse_list(text)
    passage = "as in Godfrey (1983), the residual is minimised (2) and model[1] <- fit(3)"
    fixed, cited, _ = cite.resolve_spans(passage, len(refs), refs, numeric=False)
    assert cited == (2,) and fixed == passage


def test_a_document_citing_in_parentheses_reads_no_number_glued_to_a_word():
    """TraceMonkey cites "(10)": its code "st sp[8]", "mov edi(8)", its benchmark "crypto-md5" and its footnote
    mark "double.1" were read as citations 8, 8, 5 and 1."""
    words = frozenset({"double", "md", "crypto", "compiler"})
    passage = "a simple compiler (10). st sp[8], v1 and mov edi(8), esi for crypto-md5 and a double.1 Then"
    fixed, cited, _ = cite.resolve_spans(passage, 19, words=words, glued=False)
    assert cited == (10,) and fixed == passage
    assert cite.cites_in_parentheses(["compiler (10).", "value (6).", "browser (2), which"], 19)
    assert not cite.cites_in_parentheses(["compiler [10].", "value [6].", "browser [2], which"], 19)
    assert cite.resolve_spans("mov edi(8), esi", 19)[1] == (), "a parenthesis glued to a name is its operand"


def test_a_raised_number_after_mathematics_is_an_exponent():
    """In JCAP's "⟨Θ⟩²" the angle bracket is a lost glyph's marker ending in ")", and "(1 + z)³" closes an
    expression: both raised numbers became citations "[2]", "[3]"."""
    from tzqa.ingest.pdf_lines import _cites_after

    assert not _cites_after("Q ≡ (cid:1:3)Θ(cid:1:4)")
    assert not _cites_after("Ωmat(1 + ˜z)")
    assert _cites_after("resistance") and _cites_after("staining (IHC)")
