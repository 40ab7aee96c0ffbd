"""One Settings model for the environment: every TZQA_* variable is declared there and read nowhere else."""
from __future__ import annotations

import re
from pathlib import Path

from tzqa.settings import Settings, settings

SRC = Path(__file__).resolve().parents[1] / "src" / "tzqa"


def test_settings_follow_the_environment_when_it_changes(monkeypatch, tmp_path):
    from tzqa.paths import corpus_dir, index_root

    monkeypatch.setenv("TZQA_INDEX", str(tmp_path / "idx"))
    monkeypatch.setenv("TZQA_CORPUS", str(tmp_path / "corp"))
    monkeypatch.setenv("TZQA_ADAPTER", "off")
    assert index_root() == tmp_path / "idx" and corpus_dir() == tmp_path / "corp"
    assert settings().adapter_on is False
    monkeypatch.delenv("TZQA_ADAPTER")
    assert settings().adapter_on is True and settings().encoder == "onnx"


def test_no_module_reads_a_tzqa_variable_itself():
    """Modules ask tzqa.settings; benchmarks may still *set* variables for the servers they start."""
    readers = []
    for f in SRC.rglob("*.py"):
        text = f.read_text(encoding="utf-8")
        for m in re.finditer(r"os\.environ(?:\.get)?\(?\[?[\"'](TZQA_\w+)", text):
            readers.append(f"{f.relative_to(SRC)}: {m.group(1)}")
    assert readers == []
    declared = {f"TZQA_{name.upper()}" for name in Settings.model_fields}
    mentioned = {m for f in SRC.rglob("*.py") for m in re.findall(r"TZQA_[A-Z_]+[A-Z]", f.read_text(encoding="utf-8"))}
    assert mentioned <= declared, mentioned - declared


def test_tuned_levers_are_pack_data_that_a_retune_writes(monkeypatch, tmp_path):
    """Ranking levers and answer settings live in the pack's levers.json; `tzqa eval --tune` writes the search
    part back, keeping the rest; an unknown name is an error, not ignored."""
    import json
    import shutil

    import pytest

    from tzqa.domain import pack
    from tzqa.evaluation.tuning import write_levers
    from tzqa.search.retriever import SearchConfig

    copy = tmp_path / "pack"
    shutil.copytree(pack.pack_dir(), copy, ignore=shutil.ignore_patterns("encoder-adapter"))
    monkeypatch.setenv("TZQA_PACK", str(copy))
    pack._load.cache_clear()
    try:
        shipped = json.loads((copy / "levers.json").read_text(encoding="utf-8"))
        assert SearchConfig.from_pack().alpha == shipped["search"]["alpha"]
        written = write_levers(SearchConfig(alpha=0.33))
        assert written == copy / "levers.json"
        assert SearchConfig.from_pack().alpha == 0.33
        assert json.loads(written.read_text(encoding="utf-8"))["answer"] == shipped["answer"]
        data = json.loads(written.read_text(encoding="utf-8"))
        data["search"]["no_such_lever"] = 1
        written.write_text(json.dumps(data), encoding="utf-8")
        pack._load.cache_clear()
        with pytest.raises(ValueError, match="no_such_lever"):
            SearchConfig.from_pack()
    finally:
        pack._load.cache_clear()
