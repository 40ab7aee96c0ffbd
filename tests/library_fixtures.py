"""Test documents for the library, written for tzqa's tests (their findings are invented, not literature).

- :func:`jats_article`: a JATS research article with 72 references, bracketed, ranged and superscript
  ``<xref>`` citations, and two tables.
- :func:`pdf_article`: a four-page, two-column PDF with a running header and page numbers, bracketed
  and superscript citations, two full-width tables and 66 numbered references.
Each holds one finding no other document in the corpus states, so a question about it has one answer.
"""
from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
JATS_DOI = "10.99999/tzqa.fixture.jats"
PDF_DOI = "10.99999/tzqa.fixture.pdf"
# The findings a question must find (fixture text, invented for the tests).
JATS_FINDING = ("Zongertinib restored sensitivity in all eleven trastuzumab-refractory organoid lines carrying the "
                "HER2 exon 20 insertion YVMA, while sparing wild-type EGFR signalling in matched normal tissue")
PDF_FINDING = ("Serum collagen fragment C4M rose a median of nine weeks before radiological progression on "
               "trastuzumab deruxtecan in the Helsinki cohort of 212 patients")


def _ref_title(n: int) -> str:
    topics = ["kinase signalling", "antibody–drug conjugates", "tumour immunity", "receptor trafficking",
              "metabolic rewiring", "clinical trial design"]
    return f"Fixture study {n} on {topics[n % len(topics)]} in breast cancer models"


def jats_article(n_refs: int = 72) -> bytes:
    def xref(n: int) -> str:
        return f'<xref ref-type="bibr" rid="B{n}">{n}</xref>'

    refs = "\n".join(
        f'<ref id="B{n}"><label>{n}</label><element-citation publication-type="journal">'
        f'<person-group person-group-type="author"><name><surname>Author{n}</surname><given-names>Alex B</given-names>'
        f'</name><etal/></person-group><article-title>{_ref_title(n)}</article-title><source>J Fixture Oncol</source>'
        f'<year>{2000 + n % 24}</year><volume>{n}</volume><fpage>{n * 10}</fpage><lpage>{n * 10 + 9}</lpage>'
        f'<pub-id pub-id-type="doi">10.99999/fixture.ref.{n}</pub-id></element-citation></ref>'
        for n in range(1, n_refs + 1))
    rows1 = "".join(f"<tr><td>Line {i}</td><td>exon 20 YVMA</td><td>{20 + i} nM</td><td>[{xref(60 + i)}]</td></tr>"
                    for i in range(1, 5))
    rows2 = "".join(f"<tr><td>Grade {i}</td><td>{5 * i}%</td><td>{'rash' if i % 2 else 'diarrhoea'}</td></tr>"
                    for i in range(1, 4))
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.2 20190208//EN" "JATS-archivearticle1.dtd">
<article xmlns:xlink="http://www.w3.org/1999/xlink" article-type="research-article">
<front>
<journal-meta><journal-title-group><journal-title>Journal of Fixture Oncology</journal-title></journal-title-group></journal-meta>
<article-meta>
<article-id pub-id-type="pmcid">PMC9900001</article-id>
<article-id pub-id-type="pmid">99000001</article-id>
<article-id pub-id-type="doi">{JATS_DOI}</article-id>
<title-group><article-title>Zongertinib in trastuzumab-refractory HER2 exon 20 organoids (a test fixture)</article-title></title-group>
<contrib-group><contrib contrib-type="author"><name><surname>Fixture</surname><given-names>Alice M</given-names></name></contrib>
<contrib contrib-type="author"><name><surname>Tester</surname><given-names>Bob</given-names></name></contrib></contrib-group>
<pub-date pub-type="epub"><year>2025</year></pub-date>
<permissions><license xlink:href="https://creativecommons.org/licenses/by/4.0/"><license-p>CC BY 4.0</license-p></license></permissions>
<abstract><p>Test fixture text, written for tzqa's tests: we tested an irreversible HER2-selective kinase inhibitor in organoids that no longer respond to trastuzumab.</p></abstract>
</article-meta>
</front>
<body>
<sec><title>Introduction</title>
<p>Resistance to trastuzumab follows several routes [{xref(1)}], including receptor shedding [{xref(3)}–{xref(5)}] and compensatory signalling through HER3<sup>{xref(7)}</sup>. Newer selective inhibitors were designed to spare EGFR [{xref(61)}, {xref(75 if n_refs >= 75 else n_refs)}].</p>
</sec>
<sec><title>Results</title>
<sec><title>Organoid response</title>
<p>{escape(JATS_FINDING)} [{xref(64)}]. Responses lasted through the fourteen-day observation window [{xref(12)}].</p>
<table-wrap id="T1"><label>Table 1</label><caption><title>Half-maximal inhibitory concentrations in organoid lines.</title></caption>
<table><thead><tr><th>Organoid</th><th>HER2 alteration</th><th>IC50</th><th>Reference</th></tr></thead><tbody>{rows1}</tbody></table></table-wrap>
<table-wrap id="T2"><label>Table 2</label><caption><title>Adverse events by grade in the companion safety study.</title></caption>
<table><thead><tr><th>Grade</th><th>Frequency</th><th>Most common event</th></tr></thead><tbody>{rows2}</tbody></table></table-wrap>
</sec>
</sec>
<sec><title>Discussion</title>
<p>These organoid data agree with earlier cell-line work [{xref(2)}, {xref(70)}] and with the clinical activity reported for selective HER2 inhibitors [{xref(72 if n_refs >= 72 else n_refs)}].</p>
</sec>
</body>
<back><ref-list><title>References</title>
{refs}
</ref-list></back>
</article>
""".encode()


def pdf_article(out: Path, n_refs: int = 66) -> Path:
    """A journal-like PDF: running header, page numbers, two columns, two tables, numbered references."""
    from fpdf import FPDF

    class Doc(FPDF):
        def header(self) -> None:  # noqa: D102 - fpdf hook
            self.set_font("DejaVu", size=7)
            self.cell(0, 5, "J Fixture Breast Res · 2025 · doi:" + PDF_DOI, align="C")
            self.ln(8)

        def footer(self) -> None:  # noqa: D102 - fpdf hook
            self.set_y(-12)
            self.set_font("DejaVu", size=7)
            self.cell(0, 5, f"Page {self.page_no()}", align="C")

    pdf = Doc(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_font("DejaVu", "", FONT)
    pdf.add_page()
    pdf.set_font("DejaVu", size=14)
    pdf.multi_cell(0, 7, "Collagen turnover markers and progression on trastuzumab deruxtecan (a test fixture)")
    pdf.ln(4)
    pdf.set_font("DejaVu", size=9)

    def column_text(paragraphs: list[tuple[str, str | None, str]]) -> None:
        with pdf.text_columns(ncols=2, gutter=8, text_align="J") as cols:
            for before, sup, after in paragraphs:
                with cols.paragraph() as par:
                    par.write(text=before)
                    if sup:
                        pdf.char_vpos = "SUP"
                        par.write(text=sup)
                        pdf.char_vpos = "LINE"
                    par.write(text=after)
                cols.ln()
        pdf.ln(4)

    filler = ("Test fixture text, written for tzqa's tests. Extracellular matrix remodelling accompanies "
              "treatment in many solid tumours, and circulating fragments of collagen can be measured "
              "repeatedly in serum without a biopsy, which makes them attractive for monitoring.")
    column_text([("Abstract", None, ""),
                 ("We followed serum markers of collagen turnover during antibody–drug conjugate treatment "
                  "and asked whether they anticipate progression", "1,2", ". " + filler),
                 ("1. Introduction", None, ""),
                 *[(f"{filler} Earlier work described matrix stiffening [{i}] and its link to drug "
                    f"delivery [{i + 1}–{i + 3}]", None, f". {filler}") for i in (3, 8, 13)],
                 ("Matrix-derived signals also modulate receptor signalling in tumour cells", "18", f". {filler}"),
                 ("2. Results", None, ""),
                 (f"{PDF_FINDING} [62]. The rise preceded imaging in most patients [63, 65].", None, ""),
                 *[(f"{filler} Sensitivity analyses excluded patients with liver metastases [{i}]", None,
                    f". {filler}") for i in (20, 25, 30, 35)]])
    for label, caption, header, rows in (
        ("Table 1.", "Baseline characteristics of the Helsinki cohort.",
         ["Characteristic", "Value", "Range"], [["Age (years)", "54", "31-79"], ["Prior lines", "2", "1-6"],
                                                ["Hormone receptor positive", "61%", "-"]]),
        ("Table 2.", "Collagen fragments and time to progression.",
         ["Marker", "Median lead time", "Hazard ratio"], [["C4M", "9 weeks", "2.4"], ["C3M", "3 weeks", "1.3"],
                                                          ["PRO-C6", "none", "1.0"]]),
    ):
        pdf.set_font("DejaVu", size=9)
        pdf.set_x(pdf.l_margin)
        pdf.cell(0, 5, f"{label} {caption}")
        pdf.ln(6)
        for row in [header, *rows]:
            for cell in row:
                pdf.cell(60, 5, cell)
            pdf.ln(5)
        pdf.ln(6)
        column_text([(f"{filler} The table above summarises the measurements [{40 + len(label)}]", None,
                      f". {filler}") for _ in range(3)])
    pdf.set_font("DejaVu", size=11)
    pdf.set_x(pdf.l_margin)
    pdf.cell(0, 6, "References")
    pdf.ln(8)
    pdf.set_font("DejaVu", size=8)
    for n in range(1, n_refs + 1):
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(0, 4, f"{n}. Author{n} A, Writer B, et al. {_ref_title(n)}. J Fixture Oncol. "
                             f"{2000 + n % 24};{n}:{n * 10}-{n * 10 + 9}. doi:10.99999/fixture.pdfref.{n}")
    pdf.output(str(out))
    return out
