"""``tzqa eval --library``: the readers measured on real articles against what the files themselves say."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from tzqa.cli.main import app
from tzqa.evaluation.library import measure_jats
from tzqa.evaluation.library_pdf import is_furniture
from tzqa.ingest.library.jats import read_jats
from tzqa.ingest.library.passages import article_passages

DATA = Path(__file__).parent / "data" / "realdocs"
runner = CliRunner()


def test_the_library_report_measures_each_article_and_refuses_bad_ones_in_their_row(tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_bytes(b"<article><unclosed>")
    res = runner.invoke(app, ["eval", "--library", str(DATA / "elife03385.xml"), "--library", str(bad),
                              "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    rows = {r["name"]: r for r in json.loads((tmp_path / "out" / "library.json").read_text())}
    assert rows["elife03385.xml"]["links"] > 100 and rows["elife03385.xml"]["recall"] >= 0.98
    assert "not well-formed" in rows["broken.xml"]["reason"]
    assert "broken.xml" in res.output


def test_a_missing_path_is_a_clear_error():
    res = runner.invoke(app, ["eval", "--library", "/no/such/folder"])
    assert res.exit_code == 2 and "no such file or folder" in res.output


def test_the_measure_catches_a_reader_that_drops_or_invents_citations():
    """The ground truth comes from the XML, not the reader: a reader that loses captions or cites extra
    numbers is caught."""
    honest = measure_jats(DATA / "elife02935.xml")
    ps = article_passages(read_jats((DATA / "elife02935.xml").read_bytes()))
    no_captions = [p for p in ps if p.kind != "caption"]
    dropped = measure_jats(DATA / "elife02935.xml", no_captions)
    assert dropped.recall < honest.recall and dropped.sites_unplaced > 0
    from dataclasses import replace

    invented = [replace(p, refs=(*p.refs, 1)) if p.kind == "paragraph" and 1 not in p.refs else p for p in ps]
    assert measure_jats(DATA / "elife02935.xml", invented).precision < 1.0


def test_furniture_is_recognised_and_text_is_not():
    for s in ("Page 2 of 10", "305", "© 2014 The Author(s)", "RESEARCH ARTICLE Open Access",
              "Original article", "http://www.biomedcentral.com/1472-6963/14/1"):
        assert is_furniture(s), s
    for s in ("Page 2 of the protocol lists the doses given to each patient.", "Results", "HER2 loss in 30%."):
        assert not is_furniture(s), s


def test_a_repeated_line_is_furniture_only_when_it_stands_apart():
    """A running line is set apart from the text; a line that three figure legends repeat word for word sits
    between its legend's other lines, and is the article's text (Postgrad Med J: 3 passages counted before)."""
    from tzqa.evaluation.library_pdf import repeated_lines

    pages = [f"The {word} were randomised.\n\nTo appear in Proc. Tests 2026\n\nFigure {k} Forest plot of "
             f"subgroup {k}.\nbroken line represent the summary\nestimate. The result favours"
             for k, word in enumerate(("adults", "children", "nurses", "wards"))]
    assert repeated_lines(pages) == {"to appear in proc. tests #"}


def test_a_running_head_of_author_names_is_not_furniture_where_it_is_cited():
    """A running head that is the authors' names ("Range and Virányi", on every page of a Front Psychol article) is
    also how the text cites them: followed by a year it is a citation (8 passages were counted as furniture),
    anywhere else in a passage it is still a running head read into the text."""
    repeated = {"range and virányi", "www.journal.org"}
    assert not is_furniture("Wolves cooperate (Range and Virányi, 2013, 2014) as predicted.", repeated)
    assert not is_furniture("As Range and Virányi (2014) proposed, wolves attend to others.", repeated)
    assert is_furniture("Wolves attend to others Range and Virányi when they hunt.", repeated)


def test_the_true_reference_count_of_a_pdf_is_given_with_refs(tmp_path):
    """A PDF does not say how long its reference list is: ``--refs NAME=N`` gives the count read by a person,
    and the report shows found/true and the extra entries."""
    res = runner.invoke(app, ["eval", "--library", str(DATA / "hindawi_rrp_heart_failure.pdf"),
                              "--refs", "hindawi_rrp_heart_failure.pdf=17", "--out", str(tmp_path / "out")])
    assert res.exit_code == 0, res.output
    row = json.loads((tmp_path / "out" / "library.json").read_text())[0]
    assert row["references_true"] == 17 and row["reference_recall"] == 1.0 and row["extra_entries"] == 0
    assert "17/17 (extra 0)" in res.output
    bad = runner.invoke(app, ["eval", "--library", str(DATA / "hindawi_rrp_heart_failure.pdf"), "--refs", "17"])
    assert bad.exit_code == 2 and "NAME=N" in bad.output
