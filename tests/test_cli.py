import json

from typer.testing import CliRunner

from tzqa.cli.main import app

runner = CliRunner()


def test_corpus_counts_and_jsonl(tmp_path):
    out = tmp_path / "p.jsonl"
    res = runner.invoke(app, ["corpus", "--jsonl", str(out)])
    assert res.exit_code == 0, res.output
    assert "references" in res.output and "60" in res.output
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 112 and {"id", "refs", "section_path", "topic", "start", "end", "text"} <= set(rows[0])


def test_search_json_and_table(index_root, monkeypatch):
    monkeypatch.setenv("TZQA_INDEX", str(index_root))
    res = runner.invoke(app, ["search", "EPHA5 deficiency and Notch1", "-k", "3", "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output[res.output.index("{"):])
    assert data["results"][0]["refs"] == [20] and len(data["results"]) == 3
    table = runner.invoke(app, ["search", "EPHA5 deficiency and Notch1", "-k", "2"])
    assert table.exit_code == 0 and "3.1.5" in table.output
    ev = runner.invoke(app, ["search", "EPHA5 deficiency and Notch1", "--evidence", "--json"])
    assert json.loads(ev.output[ev.output.index("{"):])["references"][0]["number"] == 20


def test_search_bad_input_is_a_clear_error(index_root, monkeypatch):
    monkeypatch.setenv("TZQA_INDEX", str(index_root))
    res = runner.invoke(app, ["search", "her2", "--topic", "genes"])
    assert res.exit_code == 2 and "unknown topic" in res.output
    res = runner.invoke(app, ["search", "   "])
    assert res.exit_code == 2 and "empty" in res.output


def test_eval_dev_only_lists_dev_misses_and_never_reads_test(retriever, tmp_path, monkeypatch):
    from rich.console import Console

    from tzqa.cli.evaluate import natural_report
    from tzqa.evaluation import natural

    asked = []
    real = natural.load_questions

    def few(split=None):  # type: ignore[no-untyped-def]
        asked.append(split)
        return real(split=split)[:6]

    monkeypatch.setattr(natural, "load_questions", few)
    console = Console(record=True, width=200)
    natural_report(retriever, console, tmp_path, ("dev",))
    text = console.export_text()
    assert asked == ["dev"]
    assert "dev split" in text and "test split" not in text and "dev questions still wrong" in text
    assert set(json.loads((tmp_path / "natural.json").read_text())) == {"dev"}


def test_eval_rejects_an_unknown_split():
    res = runner.invoke(app, ["eval", "--split", "train"])
    assert res.exit_code == 2 and "both" in res.output


def test_search_says_why_it_rebuilt_a_corrupt_index(scratch, monkeypatch):
    _, root = scratch
    (root / "current" / "manifest.json").write_text("{not json")
    monkeypatch.setenv("TZQA_INDEX", str(root))
    res = runner.invoke(app, ["search", "EPHA5 deficiency and Notch1", "-k", "1", "--json"])
    assert res.exit_code == 0, res.output
    assert "tzqa: index rebuilt" in res.output and "manifest" in res.output
    assert json.loads(res.output[res.output.index("{"):])["results"][0]["refs"] == [20]
    again = runner.invoke(app, ["search", "EPHA5 deficiency and Notch1", "-k", "1", "--json"])
    assert again.exit_code == 0 and "rebuilt" not in again.output


def test_piped_output_keeps_dois_and_numbers_whole_at_80_columns(index_root, monkeypatch):
    """Not a terminal (a pipe, a file): plain blocks, no hard wrap, so a DOI or a number is never split."""
    import re

    monkeypatch.setenv("TZQA_INDEX", str(index_root))
    monkeypatch.setenv("COLUMNS", "80")
    res = runner.invoke(app, ["search", "what is the role of PTEN loss", "-k", "5"])
    assert res.exit_code == 0, res.output
    refs = [ln for ln in res.output.splitlines() if ln.strip().startswith("ref:")]
    assert refs and all(re.fullmatch(r"\s+ref: \d+ (?:10\.\d{4,9}/\S+|\(no DOI\))", ln) for ln in refs), refs
    assert "━" not in res.output, "no table squeezed into 80 columns"
    res = runner.invoke(app, ["references", "list"])
    assert res.exit_code == 0
    numbered = [ln for ln in res.output.splitlines() if re.match(r"\d+\. \S", ln)]
    assert len(numbered) == 60 and numbered[0].startswith("1. ")
    dois = [ln.strip() for ln in res.output.splitlines() if ln.strip().startswith("doi:")]
    assert dois and all(re.fullmatch(r"doi: 10\.\d{4,9}/\S+", d) for d in dois)
