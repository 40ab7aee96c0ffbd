"""Library readers on small generated inputs: refusals of untrusted XML, citation styles, reference lists."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tzqa.cli.main import app
from tzqa.ingest.library import cite
from tzqa.ingest.library.jats import read_jats
from tzqa.ingest.library.limits import DocumentError
from tzqa.ingest.library.reflist import parse_list, split_entries
from tzqa.models import Reference

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()

MINIMAL = b"""<?xml version="1.0"?>%s
<article><front><article-meta><title-group><article-title>T</article-title></title-group></article-meta></front>
<body><p>Body text &amp; more %s.</p></body></article>"""


def test_xxe_and_entity_bombs_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    xxe = MINIMAL % (f'<!DOCTYPE article [<!ENTITY x SYSTEM "file://{secret}">]>'.encode(), b"&x;")
    with pytest.raises(DocumentError, match="declares its own entities"):
        read_jats(xxe)
    bomb = MINIMAL % (b'<!DOCTYPE article [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>',
                      b"&b;")
    with pytest.raises(DocumentError, match="declares its own entities"):
        read_jats(bomb)


def test_external_dtd_is_not_fetched_and_bad_xml_is_reported():
    external = MINIMAL % (b'<!DOCTYPE article SYSTEM "http://example.invalid/never-fetched.dtd">', b"")
    article = read_jats(external)  # would hang or fail if the DTD were fetched: there is no network
    assert article.blocks[0].text == "Body text & more ."
    with pytest.raises(DocumentError, match="not well-formed"):
        read_jats(b"<article><body>")
    with pytest.raises(DocumentError, match="not a JATS article"):
        read_jats(b"<html><body><p>hi</p></body></html>")


def test_add_refuses_bad_files_and_writes_nothing(tmp_path, monkeypatch):
    import shutil

    from tzqa.ingest.library import folder

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("references", "library"))
    cases = {"notes.docx": (b"PK\x03\x04", "unsupported file type"),
             "empty.txt": (b"", "empty file"),
             "fake.pdf": (b"hello, not a pdf", "not a PDF"),
             "bomb.xml": (MINIMAL % (b'<!DOCTYPE a [<!ENTITY a "x">]>', b"&a;"), "declares its own entities")}
    for name, (data, reason) in cases.items():
        (tmp_path / name).write_bytes(data)
        res = runner.invoke(app, ["add", str(tmp_path / name), "--no-build", "--corpus", str(corpus)])
        assert res.exit_code == 2 and reason in res.output, (name, res.output)
    monkeypatch.setattr(folder, "MAX_FILE_BYTES", 10)
    (tmp_path / "big.txt").write_text("x" * 100, encoding="utf-8")
    res = runner.invoke(app, ["add", str(tmp_path / "big.txt"), "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "too large" in res.output
    assert not (corpus / "library").exists() or not [p for p in (corpus / "library").iterdir()]


def test_a_text_file_of_one_paragraph_is_its_text_not_its_title(tmp_path):
    """The first line of a text file is read as its title; a file that is one paragraph keeps it as its text."""
    from tzqa.ingest.library.folder import read_article

    one = tmp_path / "one.txt"
    one.write_text("Only one paragraph of findings (12 of 40 patients responded).\n", encoding="utf-8")
    assert [b.text for b in read_article(one).blocks] == ["Only one paragraph of findings (12 of 40 patients responded)."]
    two = tmp_path / "two.txt"
    two.write_text("A title line\n\nThe text under it.\n", encoding="utf-8")
    article = read_article(two)
    assert article.record.title == "A title line" and [b.text for b in article.blocks] == ["The text under it."]


def test_bracket_paren_and_range_citations_have_no_fixed_cap():
    text = "Shown before [3–5], [1, 64-66] and (75); not NCT04208178, 12(3) or (2019)."
    assert cite.resolve(text, 80)[1] == (3, 4, 5, 1, 64, 65, 66, 75)
    assert cite.resolve(text, 70)[1] == (3, 4, 5, 1, 64, 65, 66)  # 75 is beyond a 70-entry list


def test_glued_superscripts_only_after_plain_words():
    text = "Loss of PTEN drives resistance12,13. Cdc42 and miR21 are names; HER2 too."
    fixed, nums = cite.resolve(text, 40, words=cite.standalone_words([text]))
    assert nums == (12, 13) and "resistance[12,13]." in fixed and "Cdc42" in fixed and "miR21" in fixed
    assert cite.resolve("as reported ¹²", 20)[1] == (12,)


def test_author_year_citations_match_the_list():
    refs = [Reference(1, ("Smith J",), True, "A", "J", 2019, "", None, ""),
            Reference(2, ("Lee K", "Park S"), False, "B", "J", 2020, "", None, "")]
    _, nums = cite.resolve("Resistance rose (Smith et al., 2019; Lee and Park 2020) but not (Doe 2018).", 2, refs)
    assert nums == (1, 2)


def test_reference_list_splitting_and_fields():
    text = ("1. Smith J, Lee KW, et al. HER2 loss after trastuzumab. J Clin Oncol. 2019;37(4):100-110. "
            "doi:10.1200/JCO.2019.001\n2. Doe A. Kinases in\ncells. Nature. 2020;5:1-2. https://doi.org/10.1038/x.1\n"
            "[3] Brown T, Green P. Third study. Cancer Res 2018; 78: 12-19.\n5. Not in sequence, so part of 3.")
    assert [n for n, _ in split_entries(text)] == [1, 2, 3]
    r1, r2, r3 = parse_list(text)
    assert r1.authors == ("Smith J", "Lee KW") and r1.et_al and r1.title == "HER2 loss after trastuzumab"
    assert (r1.journal, r1.year, r1.doi) == ("J Clin Oncol", 2019, "10.1200/JCO.2019.001")
    assert r2.title == "Kinases in cells" and r2.doi == "10.1038/x.1"
    assert r3.authors == ("Brown T", "Green P") and r3.year == 2018
    assert "Not in sequence" not in r3.raw, "the list ends where the references end"


def test_topics_of_added_documents_come_from_the_pack_taxonomy():
    from tzqa.ingest.library.topics import classify

    assert classify("Loss of the receptor and activation of a bypass signalling pathway drive resistance.") \
        == "mechanism"
    assert classify("A predictive biomarker: expression level correlated with response rate.") == "biomarker"
    assert classify("The inhibitor was given at a fixed dose in a phase II trial.") == "agent"
    assert classify("We thank the patients and their families.") == "background"


def test_a_broken_library_document_is_reported_kept_and_removable(tmp_path):
    import shutil

    from library_fixtures import jats_article

    from tzqa.ingest.corpus import load_review
    from tzqa.ingest.library.collect import library_passages

    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("references", "library"))
    (tmp_path / "a.xml").write_bytes(jats_article())
    assert runner.invoke(app, ["add", str(tmp_path / "a.xml"), "--no-build", "--corpus", str(corpus)]).exit_code == 0
    (corpus / "library" / "pmc9900001" / "record.json").write_text("{not json", encoding="utf-8")
    passages, _, problems = library_passages(corpus, load_review(corpus / "trastuzumab-resistance-review.txt").references)
    assert passages == [] and problems and "record.json cannot be read" in problems[0]
    res = runner.invoke(app, ["add", str(tmp_path / "a.xml"), "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 2 and "already in the library" in res.output  # not silently overwritten
    res = runner.invoke(app, ["remove", "pmc9900001", "--no-build", "--corpus", str(corpus)])
    assert res.exit_code == 0 and not (corpus / "library" / "pmc9900001").exists()
