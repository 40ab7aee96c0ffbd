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
