"""Cited papers supplied by users in corpus/references/: linking files to reference numbers, cleaning,
passages, the index. The files are read and cut by the library's readers, as ``tzqa add`` reads them."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tzqa.ingest.clean import CleanText, clean_pages
from tzqa.ingest.library.collect import supplied_passages
from tzqa.ingest.library.doi import normalise_doi
from tzqa.ingest.library.files import read_pages
from tzqa.ingest.library.limits import MAX_FILE_BYTES
from tzqa.ingest.library.passages import article_passages
from tzqa.ingest.library.supplied import filename_number, short_citation, supplied_papers
from tzqa.models import Passage


def read_paper(path: Path) -> CleanText:
    """A file's pages, cleaned (what the library's text reader builds its article from)."""
    return clean_pages(read_pages(path), markdown=path.suffix == ".md")


def paper_passages(corpus: Path, doc) -> tuple[list[Passage], list[str]]:  # type: ignore[no-untyped-def]
    """The supplied papers' passages, as the build collects them, and the lines for files skipped."""
    passages, _, messages = supplied_passages(corpus, doc)
    return passages, messages


@pytest.fixture(scope="module")
def doc(source):  # type: ignore[no-untyped-def]
    """Cited papers are linked against the review as the index reads it (its Article)."""
    from tzqa.ingest.library.numbered import article_of
    from tzqa.ingest.parser import parse_review

    return article_of(parse_review(source), source, "review.txt")

ROOT = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# A made-up but plausible study filed under reference 13 (Qiu N et al., Cullin7, Cancer Lett 2019).
# "Tralomerin" appears nowhere in the review, so only the paper can answer questions about it.
QIU_DOI = "10.1016/j.canlet.2019.08.008"
HEADER = "Qiu et al. · Cancer Letters 463 (2019) 1–12"
PAPER = [
    ("line", "Cullin7 enhances resistance to trastuzumab therapy in Her2 positive breast cancer"),
    ("line", f"Cancer Letters, 2019. doi: {QIU_DOI}"),
    ("h", "Abstract"),
    ("p", "Trastuzumab improves survival in HER2-positive breast cancer, but most advanced tumours stop "
          "responding within a year. We show that the ubiquitin ligase scaffold Cullin7 is overexpressed in "
          "trastuzumab-resistant cells and that it acts through a previously undescribed adaptor protein, "
          "tralomerin, which protects HER3 from lysosomal degradation."),
    ("h", "1. Introduction"),
    ("p", "HER2 amplification occurs in about one fifth of breast cancers and defines a subtype with poor "
          "prognosis before targeted therapy. Primary and acquired resistance limit the benefit of the "
          "monoclonal antibody, and compensatory signalling through HER3 is a recurring theme in resistant "
          "disease. Cullin-RING ligases control the turnover of many receptor tyrosine kinases."),
    ("p", "Cullin7 is a scaffold of the CRL7 complex whose substrates in breast epithelium remain poorly "
          "characterised. We asked whether Cullin7 contributes to the survival of HER2-positive cells under "
          "sustained antibody pressure, and through which partners it signals. Heregulin, the HER3 ligand, "
          "was used to stimulate the receptor where indicated."),
    ("h", "2. Materials and methods"),
    ("p", "BT474 and SKBR3 cells were cultured with increasing concentrations of trastuzumab for six months to "
          "derive resistant sublines. Knockdown used two independent short hairpin RNAs per gene, and protein "
          "half-life was measured with cycloheximide chase followed by immunoblotting. Organoids were derived "
          "from core biopsies of twelve patients who progressed on trastuzumab."),
    ("lines", ["Proximity labelling with BirA fused to Cullin7 identified candidate partners, of which the",
               "most enriched was an uncharacterised 38 kDa protein that we named tralomerin. Cells were",
               "starved overnight and then stimulated with heregu-",
               "lin for fifteen minutes before lysis."]),
    ("h", "3. Results"),
    ("p", "Cullin7 protein was threefold higher in both resistant sublines than in their parental cells, and "
          "its depletion restored growth inhibition by trastuzumab. Tralomerin bound the cullin scaffold "
          "through its amino-terminal coiled coil, and knockdown of tralomerin phenocopied loss of Cullin7."),
    ("p", "Mechanistically, tralomerin shielded HER3 from lysosomal degradation: in tralomerin-depleted "
          "cells the half-life of HER3 fell from nine hours to under three, phosphorylated AKT declined, and "
          "the cells became sensitive to trastuzumab again. Re-expression of a tralomerin mutant that cannot "
          "bind Cullin7 failed to rescue HER3 levels."),
    ("p", "In organoids from patients who progressed on trastuzumab, high tralomerin staining marked the "
          "cultures that kept growing under the antibody, while low-tralomerin organoids responded. Combined "
          "treatment with trastuzumab and a neddylation inhibitor that inactivates cullin ligases suppressed "
          "growth of the resistant organoids."),
    ("h", "4. Discussion"),
    ("p", "Our data place a cullin scaffold and its adaptor upstream of HER3 stability in trastuzumab-"
          "resistant breast cancer. Because neddylation inhibitors are already in clinical testing, the "
          "Cullin7 and tralomerin axis could be targeted in patients whose tumours escape HER2 blockade. "
          "Prospective studies should test tralomerin staining as a predictive biomarker."),
    ("h", "Acknowledgements"),
    ("p", "We thank the Zephyrine Foundation for funding and the patients who donated tissue."),
    ("h", "References"),
    ("p", "1. Choi HJ, Jin S, Cho H, et al. CDK12 drives breast tumor initiation and trastuzumab resistance "
          "via WNT and IRS1-ErbB-PI3K signaling. EMBO Rep (2019) 20:e48058. doi: 10.15252/embr.201948058"),
    ("p", "2. Berns K, Sonnenblick A, Gennissen A, et al. Loss of ARID1A activates ANXA1, which serves as a "
          "predictive biomarker for trastuzumab resistance. Clin Cancer Res (2016) 22:5238-48. "
          "Obscurotaxin retention index reference entry."),
]
DISTINCT = "tralomerin"
REF_LIST_WORD = "Obscurotaxin"  # appears only in the paper's reference list


def make_pdf(path: Path, blocks=PAPER, header: str | tuple[str, str] | None = HEADER,
             page_numbers: bool = True) -> Path:
    """A journal-like PDF: running header (or odd/even pair), page-number footer, headings, broken lines."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:
            if header:
                self.set_font("DejaVu", size=7)
                text = header if isinstance(header, str) else header[self.page_no() % 2]
                self.cell(0, 5, text, align="C")
                self.ln(8)

        def footer(self) -> None:
            if page_numbers:
                self.set_y(-12)
                self.set_font("DejaVu", size=7)
                self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Doc(format=(148, 210))
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    for kind, body in blocks:
        if kind == "h":
            pdf.ln(3)
            pdf.set_font("DejaVu", size=11)
            pdf.cell(0, 6, body)
            pdf.ln(8)
        elif kind == "line":
            pdf.set_font("DejaVu", size=9)
            pdf.cell(0, 5, body)
            pdf.ln(7)
        elif kind == "lines":
            pdf.set_font("DejaVu", size=9)
            for line in body:
                pdf.cell(0, 5, line)
                pdf.ln(5)
            pdf.ln(4)
        else:
            pdf.set_font("DejaVu", size=9)
            pdf.multi_cell(0, 5, body, align="J")
            pdf.ln(4)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def qiu_pdf(tmp_path_factory) -> Path:
    return make_pdf(tmp_path_factory.mktemp("qiu") / "13.pdf")


@pytest.fixture(scope="module")
def qiu(qiu_pdf) -> CleanText:
    return read_paper(qiu_pdf)


def corpus_copy(dest: Path) -> Path:
    """The bundled review in a private corpus folder with an empty ``references/``."""
    shutil.copytree(ROOT / "corpus", dest, ignore=shutil.ignore_patterns("references"))
    (dest / "references").mkdir()
    return dest


# -- cleaning ---------------------------------------------------------------------------------
def test_pdf_has_what_cleaning_must_undo(qiu_pdf):
    from tzqa.ingest.pdf import pdf_pages

    pages = pdf_pages(qiu_pdf)
    assert len(pages) >= 3
    assert all(HEADER.split(" · ")[0] in p for p in pages)
    assert all(p.rstrip().endswith(str(i)) for i, p in enumerate(pages, 1))
    raw = "\n".join(pages)
    assert "heregu-\n" in raw and REF_LIST_WORD in raw


def test_cleaning(qiu):
    text = qiu.text
    assert "Cancer Letters 463" not in text and "Qiu et al. ·" not in text  # running header
    assert all(not line.strip().isdigit() for line in text.splitlines())  # page numbers
    assert "stimulated with heregulin for fifteen minutes" in text  # hyphenation undone
    assert "trastuzumab-resistant" in text  # a real hyphen kept
    assert REF_LIST_WORD not in text and "Choi HJ, Jin S" not in text  # the paper's reference list
    assert "Zephyrine" not in text  # back matter
    assert qiu.references_dropped
    # Wrapped lines re-joined: each paragraph is one block, whole sentences, no line breaks inside.
    assert all("\n" not in b.text for b in qiu.blocks)
    assert any(b.text.startswith("Mechanistically, tralomerin shielded HER3") and b.text.endswith(
        "failed to rescue HER3 levels.") for b in qiu.blocks)
    assert qiu.sections == ("Text", "Abstract", "Introduction", "Materials and methods", "Results", "Discussion")
    for b in qiu.blocks:
        assert text[b.start:b.end] == b.text
    assert QIU_DOI in qiu.front and REF_LIST_WORD not in qiu.front


def test_paragraph_over_a_page_break_is_one(tmp_path):
    long = " ".join(f"Sentence number {i} describes observation {i * 7} in cell line BT{i}." for i in range(90))
    path = make_pdf(tmp_path / "1.pdf", [("h", "Results"), ("p", long), ("h", "Discussion"), ("p", "Short end.")])
    paper = read_paper(path)
    assert [b.text for b in paper.blocks] == [long, "Short end."]
    assert [b.section for b in paper.blocks] == ["Results", "Discussion"]


def test_alternating_headers_and_page_x_of_y(tmp_path):
    text = " ".join(f"Finding {i} concerns kinase K{i} in line M{i % 5} and its partner P{i * 3}." for i in range(260))
    path = make_pdf(tmp_path / "a.pdf", [("h", "Results"), ("p", text)],
                    header=("Qiu et al. Cullin7 and trastuzumab", "Cancer Letters 463 (2019)"), page_numbers=True)
    from tzqa.ingest.pdf import pdf_pages

    assert len(pdf_pages(path)) >= 5
    paper = read_paper(path)
    assert [b.text for b in paper.blocks] == [text]
    assert {"qiu et al. cullin# and trastuzumab", "cancer letters # (#)", "#"} <= set(paper.removed)


def test_two_column_pages_read_column_by_column(tmp_path):
    from fpdf import FPDF

    left = " ".join(f"Left column sentence {i} about kinase {i}." for i in range(40))
    right = " ".join(f"Right column sentence {i} about ligand {i}." for i in range(40))
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", size=9)
    with pdf.text_columns(ncols=2, gutter=10) as cols:
        cols.write(left)
        cols.ln()
        cols.new_column()
        cols.write(right)
    path = tmp_path / "2col.pdf"
    pdf.output(str(path))
    text = read_paper(path).text
    assert left in text and right in text


def test_text_and_markdown(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("Introduction\n\nThe first para-\ngraph wraps over\nthree lines of anti-\nHER2 and co-\n"
                   "operative text.\n\nResults\n\nA paragraph here.\n\nReferences\n\n1. Someone. A title.\n",
                   encoding="utf-8")
    paper = read_paper(txt)
    assert [(b.section, b.text) for b in paper.blocks] == [
        ("Introduction", "The first paragraph wraps over three lines of anti-HER2 and co-operative text."),
        ("Results", "A paragraph here.")]
    md = tmp_path / "b.md"
    md.write_text("# A title line\n\n- DOI: 10.1/x\n- Licence: cc by\n\n## Abstract\n\n**Bold** text with a "
                  "[link](http://x.org).\n\n### Conclusions\n\nThe end.\n", encoding="utf-8")
    paper = read_paper(md)
    assert [(b.section, b.text) for b in paper.blocks] == [
        ("Abstract", "Bold text with a link."), ("Conclusions", "The end.")]
    assert "10.1/x" in paper.front
    md.write_text("# Introduction\n\nSections as level-one headings.\n\n# Results\n\n- a list\n- of findings\n")
    assert [(b.section, b.text) for b in read_paper(md).blocks] == [
        ("Introduction", "Sections as level-one headings."), ("Results", "a list of findings")]
    # One paragraph per line (the corpus format) is kept paragraph by paragraph.
    one = tmp_path / "c.txt"
    one.write_text("\n".join(f"Paragraph {i}. " + "word " * 60 for i in range(3)), encoding="utf-8")
    assert len(read_paper(one).blocks) == 3


# -- bad files --------------------------------------------------------------------------------
def _bad_files(refs: Path) -> dict[str, str]:
    """file name -> the words its report must contain."""
    from fpdf import FPDF

    (refs / "20.pdf").write_bytes(b"this is not a pdf at all")
    (refs / "21.pdf").write_bytes(b"")
    (refs / "22.pdf").write_bytes(b"%PDF-1.7\n garbage garbage")
    blank = FPDF()
    blank.add_page()
    blank.output(str(refs / "23.pdf"))
    enc = FPDF()
    enc.add_page()
    enc.set_font("Helvetica", size=10)
    enc.cell(0, 5, "secret")
    enc.set_encryption(owner_password="o", user_password="u")
    enc.output(str(refs / "24.pdf"))
    with (refs / "25.pdf").open("wb") as f:  # sparse: over the size limit without using the disk
        f.write(b"%PDF-1.4\n")
        f.truncate(MAX_FILE_BYTES + 1)
    (refs / "26.txt").write_bytes(bytes(range(256)) * 4)
    (refs / "27.txt").write_bytes("caf\xe9 latin-1 text".encode("latin-1"))
    (refs / "28.txt").write_text("   \n\n  ")
    (refs / "29.docx").write_bytes(b"PK\x03\x04")
    (refs / "30.txt").write_text("References\n\n1. Only a reference list. 2001.\n")
    return {"20.pdf": "not a PDF", "21.pdf": "empty", "22.pdf": "not a readable PDF", "23.pdf": "no text layer",
            "24.pdf": "encrypted", "25.pdf": "too large", "26.txt": "binary", "27.txt": "not UTF-8",
            "28.txt": "empty", "29.docx": "unsupported file type", "30.txt": "no body text"}


def test_bad_files_are_reported_and_skipped(tmp_path, doc, qiu_pdf):
    corpus = corpus_copy(tmp_path / "corpus")
    refs = corpus / "references"
    expected = _bad_files(refs)
    shutil.copy(qiu_pdf, refs / "13.pdf")
    passages, messages = paper_passages(corpus, doc)
    assert {p.source_ref for p in passages} == {13}  # the good paper is not lost
    for name, words in expected.items():
        hits = [m for m in messages if m.startswith(f"references/{name}: skipped")]
        assert len(hits) == 1 and words in hits[0], (name, messages)
    assert len(messages) == len(expected)


def test_too_many_pages_or_characters(tmp_path, doc, qiu_pdf, monkeypatch):
    monkeypatch.setattr("tzqa.ingest.library.files.MAX_PAGES", 2)
    monkeypatch.setattr("tzqa.ingest.library.textdoc.MAX_TEXT_CHARS", 1000)
    corpus = corpus_copy(tmp_path / "corpus")
    shutil.copy(qiu_pdf, corpus / "references" / "13.pdf")
    (corpus / "references" / "12.txt").write_text("A long paper. " * 100, encoding="utf-8")
    (corpus / "references" / "14.txt").write_text("A short one.", encoding="utf-8")
    passages, messages = paper_passages(corpus, doc)
    assert {p.source_ref for p in passages} == {14}
    assert messages == ["references/12.txt: skipped: too long (1,399 characters; the limit is 1,000)",
                        "references/13.pdf: skipped: too many pages (3; the limit is 2)"]


def test_an_unexpected_failure_skips_only_that_file(tmp_path, doc, monkeypatch):
    import tzqa.ingest.library.textdoc

    real = tzqa.ingest.library.textdoc.clean_pages

    def flaky(pages, markdown=False):  # type: ignore[no-untyped-def]
        if "boom" in pages[0]:
            raise RecursionError("maximum recursion depth exceeded")
        return real(pages, markdown)

    monkeypatch.setattr(tzqa.ingest.library.textdoc, "clean_pages", flaky)
    corpus = corpus_copy(tmp_path / "corpus")
    (corpus / "references" / "12.txt").write_text("boom", encoding="utf-8")
    (corpus / "references" / "14.txt").write_text("Fine text.", encoding="utf-8")
    passages, messages = paper_passages(corpus, doc)
    assert {p.source_ref for p in passages} == {14}
    assert messages == ["references/12.txt: skipped: could not be read (RecursionError: maximum recursion "
                        "depth exceeded)"]


# -- linking files to references ----------------------------------------------------------------
def test_filename_numbers():
    assert [filename_number(n) for n in ("12.pdf", "ref-12.txt", "12_choi2019.pdf", "ref12.md", "Reference 7.pdf",
                                         "2019_choi.pdf", "choi.pdf", "12abc.pdf")] == [12, 12, 12, 12, 7, None,
                                                                                       None, None]
    assert normalise_doi("https://doi.org/10.15252/EMBR.201948058.") == "10.15252/embr.201948058"


def test_linking(tmp_path, doc, qiu_pdf):
    corpus = corpus_copy(tmp_path / "corpus")
    refs = corpus / "references"
    shutil.copy(qiu_pdf, refs / "qiu2019.pdf")  # by the DOI printed on its first page
    (refs / "choi notes.txt").write_text(  # by the title of reference 12
        "Our reading of: CDK12 drives breast tumor initiation and trastuzumab resistance via WNT and\n"
        "IRS1-ErbB-PI3K signaling.\n\nCDK12 and the invented gene Vorlasin co-amplify.\n", encoding="utf-8")
    (refs / "mine.md").write_text("## Notes\n\nNothing that points at any reference.\n", encoding="utf-8")
    (refs / "both.txt").write_text(  # DOIs of two references and neither title: ambiguous
        "See 10.15252/embr.201948058 and 10.1016/j.canlet.2019.08.008 for details.\n", encoding="utf-8")
    (refs / "ref-55.txt").write_text("Trastuzumab deruxtecan results in HER2-low disease.\n", encoding="utf-8")
    (refs / "99_extra.txt").write_text("A file named for a number the review does not have.\n", encoding="utf-8")
    (refs / "sub").mkdir()
    (refs / "sub" / "scan.txt").write_text("Filed in a subfolder under the manifest.\n", encoding="utf-8")
    (refs / "manifest.json").write_text(json.dumps({"sub/scan.txt": 40, "nope.pdf": 3, "mine.md": None,
                                                    "99_extra.txt": 999}))
    papers, messages = supplied_papers(corpus, doc)
    got = {p.number: (p.path, p.how) for p in papers}
    assert got == {13: ("references/qiu2019.pdf", "doi"), 12: ("references/choi notes.txt", "title"),
                   55: ("references/ref-55.txt", "filename"), 40: ("references/sub/scan.txt", "manifest")}
    text = "\n".join(messages)
    assert "references/both.txt: skipped: ambiguous" in text and "12, 13" in text
    assert "references/99_extra.txt: skipped: not linked" in text and "not in the review's list" in text
    assert "'nope.pdf': no such file" in text and "999 is not a reference number" in text
    assert "mine.md" not in text  # left out on purpose by the manifest
    assert len(messages) == 4
    p12 = article_passages(next(p for p in papers if p.number == 12).article)
    # its first line is its title, as `tzqa add` reads it; its text is what follows
    assert p12[0].text == "CDK12 and the invented gene Vorlasin co-amplify." and p12[0].document == "ref-12"
    assert p12[0].source_kind == "reference" and p12[0].source_ref == 12


def test_conflicts_keep_the_most_explicit(tmp_path, doc):
    corpus = corpus_copy(tmp_path / "corpus")
    refs = corpus / "references"
    (refs / "12.txt").write_text("Named for twelve.\n", encoding="utf-8")
    (refs / "choi.txt").write_text("DOI 10.15252/embr.201948058 claims twelve as well.\n", encoding="utf-8")
    (refs / "14-a.txt").write_text("One file for fourteen.\n", encoding="utf-8")
    (refs / "14-b.txt").write_text("Another file for fourteen.\n", encoding="utf-8")
    (refs / "x.txt").write_text("Mapped to fifteen by the manifest.\n", encoding="utf-8")
    (refs / "15.txt").write_text("Named fifteen.\n", encoding="utf-8")
    (refs / "manifest.json").write_text('{"x.txt": "15"}')
    papers, messages = supplied_papers(corpus, doc)
    assert {p.number: p.path for p in papers} == {12: "references/12.txt", 15: "references/x.txt"}
    text = "\n".join(messages)
    assert "references/choi.txt: skipped: conflict, reference 12 is already supplied by references/12.txt " \
           "(filename beats doi)" in text
    assert "references/15.txt: skipped: conflict, reference 15 is already supplied by references/x.txt " \
           "(manifest beats filename)" in text
    assert "reference 14: conflict, references/14-a.txt and references/14-b.txt claim it equally" in text
    assert len(messages) == 3


def test_bad_manifest_is_reported_not_fatal(tmp_path, doc):
    corpus = corpus_copy(tmp_path / "corpus")
    (corpus / "references" / "manifest.json").write_text("{not json")
    (corpus / "references" / "7.txt").write_text("Neratinib text.\n", encoding="utf-8")
    passages, messages = paper_passages(corpus, doc)
    assert {p.source_ref for p in passages} == {7}
    assert len(messages) == 1 and "manifest.json: not valid JSON" in messages[0]


def test_readme_and_hidden_files_are_not_papers(tmp_path, doc):
    from tzqa.index.build import corpus_fingerprint

    corpus = corpus_copy(tmp_path / "corpus")
    before = corpus_fingerprint(corpus)
    (corpus / "references" / "README.md").write_text("# How to add papers\n\nSee 10.15252/embr.201948058\n")
    (corpus / "references" / ".gitkeep").write_text("")
    (corpus / "references" / ".DS_Store").write_bytes(b"\x00\x01")
    assert paper_passages(corpus, doc) == ([], [])
    assert corpus_fingerprint(corpus) == before  # editing the docs does not make the index stale
    assert paper_passages(ROOT / "corpus", doc)[1] == []


# -- passages -----------------------------------------------------------------------------------
def test_passages(tmp_path, qiu, qiu_pdf, doc):
    """A supplied paper is a library document with its number: ids, kinds and sections are the library's."""
    ref = doc.reference(13)
    assert short_citation(ref) == "Qiu 2019" and short_citation(doc.reference(9)) == "Cordo Russo 2015"
    corpus = corpus_copy(tmp_path / "corpus")
    shutil.copy(qiu_pdf, corpus / "references" / "13.pdf")
    ps, entries, messages = supplied_passages(corpus, doc)
    assert messages == [] and list(entries) == ["ref-13"]
    assert [p.id for p in ps] == [f"ref-13:{k}" for k in range(len(ps))]
    for p in ps:
        assert p.kind == "paragraph" and p.source_kind == "reference" and p.source_ref == 13
        assert p.refs == ()  # its own numbers, in its own list: the paper cites none of its entries in the text
        assert p.document == "ref-13" and p.section_path[0] == "Qiu 2019"
        assert p.text in qiu.text and 0 < len(p.text) <= 1200
    assert {p.section for p in ps} == {"Abstract", "Introduction", "Materials and methods", "Results", "Discussion"}
    entry = entries["ref-13"]
    assert entry["title"] == ref.title and entry["doi"] == QIU_DOI and entry["cited_as"] == 13
    assert entry["source_file"] == "references/13.pdf" and entry["origin"] == "file (corpus/references)"
    assert [r["number"] for r in entry["references"]] == [1, 2]  # its own list, read like any document's


def test_long_paper_is_chunked_within_sections(tmp_path, doc):
    body = " ".join(f"Observation {i} links kinase K{i} to resistance in model M{i % 7}." for i in range(400))
    corpus = corpus_copy(tmp_path / "corpus")
    (corpus / "references" / "7.txt").write_text(f"Results\n\n{body}\n\nDiscussion\n\n{body}\n", encoding="utf-8")
    ps = paper_passages(corpus, doc)[0]
    assert all(len(p.text) <= 1200 for p in ps) and len(ps) >= 2 * len(body) // 1200
    assert "".join(p.text for p in ps if p.section == "Results").replace(" ", "") == body.replace(" ", "")


def test_a_file_of_one_paragraph_is_its_text(tmp_path, doc):
    """The reader takes a short first line as the title, but never the whole text of a file."""
    corpus = corpus_copy(tmp_path / "corpus")
    (corpus / "references" / "7.txt").write_text("Neratinib text.\n", encoding="utf-8")
    assert [p.text for p in paper_passages(corpus, doc)[0]] == ["Neratinib text."]


@pytest.mark.parametrize("name", ["13.pdf", "13.txt"])
def test_a_supplied_file_and_the_same_file_added_give_the_same_passages(tmp_path, qiu_pdf, doc, name):
    """One path for documents: a file in corpus/references/ and the same file stored by `tzqa add` are read
    by the same reader and cut the same way; only the document id (and what the record says) differs."""
    from typer.testing import CliRunner

    from tzqa.cli.main import app
    from tzqa.index.build import collect_passages

    corpus = corpus_copy(tmp_path / "corpus")
    src = tmp_path / name
    if name.endswith(".pdf"):
        shutil.copy(qiu_pdf, src)
    else:
        src.write_text("\n\n".join(b if isinstance(b, str) else "\n".join(b) for _, b in PAPER) + "\n",
                       encoding="utf-8")
    shutil.copy(src, corpus / "references" / name)
    res = CliRunner().invoke(app, ["add", str(src), "--id", "qiu-added", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 0, res.output
    _, passages, skipped, _, catalogue = collect_passages(corpus)
    assert skipped == []
    supplied = [p for p in passages if p.document == "ref-13"]
    added = [p for p in passages if p.document == "qiu-added"]
    assert supplied and [p.text for p in supplied] == [p.text for p in added]

    def shape(p: Passage) -> tuple:  # type: ignore[type-arg]
        return p.id.split(":", 1)[1], p.kind, p.section, p.start, p.end, p.refs, p.source_kind, p.source_ref

    assert [shape(p) for p in supplied] == [shape(p) for p in added]  # `tzqa add` links it to 13 by its DOI
    assert catalogue["ref-13"]["cited_as"] == catalogue["qiu-added"]["cited_as"] == 13


# -- the index: add, search, change, remove ---------------------------------------------------
def _keys(root: Path) -> list[str]:
    return json.loads((root / "current" / "keys.json").read_text())


def _paper_keys(corpus: Path, doc, n: int) -> list[str]:
    from tzqa.index.build import _text_key

    return [_text_key(p) for p in paper_passages(corpus, doc)[0] if p.source_ref == n]


@pytest.fixture(scope="module")
def added(tmp_path_factory, index_root, qiu_pdf, doc):
    """The session index of the bundled review, then the paper added: only its passages get embedded."""
    from tzqa.index.build import build_index

    base = tmp_path_factory.mktemp("added")
    corpus = corpus_copy(base / "corpus")
    root = base / "index"
    shutil.copytree(index_root, root)
    before = len(_keys(root))
    shutil.copy(qiu_pdf, corpus / "references" / "13.pdf")
    report = build_index(root=root, directory=corpus, progress=False)
    return corpus, root, report, before


def test_adding_a_paper_embeds_only_its_passages(added, doc):
    corpus, root, report, before = added
    n = len(_paper_keys(corpus, doc, 13))
    assert n >= 8
    assert report.embedded == n and report.reused == before and report.passages == before + n
    assert report.skipped_files == []


def test_paper_is_searchable(added):
    from tzqa.search.retriever import Retriever

    corpus, root, _, _ = added
    retriever = Retriever.load(root, corpus, build=False)
    res = retriever.search("Which adaptor protein protects HER3 from lysosomal degradation in resistant cells?", k=5)
    top = res[0]
    assert top.source.kind == "reference" and top.source.ref == 13 and top.kind == "paragraph"
    assert DISTINCT in top.text.lower() and top.source.doc == "ref-13"
    # the review's entry names it; its own numbers are in its own list (the text cites none of its entries)
    assert top.source.title.startswith("Cullin7 enhances resistance to trastuzumab") and top.references == []
    assert retriever.catalogue.documents["ref-13"]["doi"] == QIU_DOI
    only = retriever.search("tralomerin", k=3, source="reference", ref=13)
    assert only and {h.source.doc for h in only} == {"ref-13"}


@pytest.fixture(scope="module")
def changed(tmp_path_factory, added, doc):
    """The paper's Discussion rewritten: only the passages whose text changed get embedded."""
    from tzqa.index.build import build_index

    corpus0, root0, _, _ = added
    base = tmp_path_factory.mktemp("changed")
    corpus, root = base / "corpus", base / "index"
    shutil.copytree(corpus0, corpus)
    shutil.copytree(root0, root)
    old = set(_keys(root))
    blocks = [(k, b.replace("Prospective studies should test", "Prospective trials must now test")
               if isinstance(b, str) else b) for k, b in PAPER]
    make_pdf(corpus / "references" / "13.pdf", blocks)
    report = build_index(root=root, directory=corpus, progress=False)
    return corpus, root, report, old


def test_changing_a_paper_reembeds_only_its_changed_passages(changed, doc):
    corpus, root, report, old = changed
    new13 = _paper_keys(corpus, doc, 13)
    fresh = [k for k in new13 if k not in old]
    assert 1 <= len(fresh) < len(new13)
    assert report.embedded == len(fresh) and report.reused == report.passages - len(fresh)
    assert report.passages == len(old)


def test_removing_a_paper_drops_its_passages(tmp_path, changed, index_root, doc):
    from tzqa.index.build import build_index, load_index

    corpus0, root0, report0, _ = changed
    corpus, root = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(corpus0, corpus)
    shutil.copytree(root0, root)
    (corpus / "references" / "13.pdf").unlink()
    report = build_index(root=root, directory=corpus, progress=False)
    n13 = len(_paper_keys(corpus0, doc, 13))
    assert report.embedded == 0 and report.passages == report0.passages - n13
    idx = load_index(root, corpus)
    assert not [p for p in idx.passages if p.document == "ref-13"]
    assert len(idx.passages) == len(_keys(index_root))


def test_cli_references_list(tmp_path, qiu_pdf):
    from typer.testing import CliRunner

    from tzqa.cli.main import app

    corpus = corpus_copy(tmp_path / "corpus")
    shutil.copy(qiu_pdf, corpus / "references" / "qiu.pdf")
    (corpus / "references" / "junk.pdf").write_bytes(b"not a pdf")
    runner = CliRunner()
    res = runner.invoke(app, ["references", "list", "--corpus", str(corpus), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    rows = {r["number"]: r for r in data["references"]}
    assert len(rows) == 60 and sum(1 for r in rows.values() if r["file"]) == 1
    assert rows[13]["file"] == "references/qiu.pdf" and rows[13]["linked_by"] == "doi" and rows[13]["passages"] >= 8
    assert rows[12]["file"] is None and rows[12]["passages"] == 0
    assert len(data["problems"]) == 1 and "junk.pdf" in data["problems"][0]
    table = runner.invoke(app, ["references", "list", "--corpus", str(corpus)])
    assert table.exit_code == 0 and "60 references, 1 with a supplied paper" in table.stdout
