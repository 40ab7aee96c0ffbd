"""The domain pack's encoder adapter: MiniLM fitted to the way people ask about the pack's subject.

Why: general MiniLM places "my wife's drug stopped working" far from "acquired resistance"; the
ranking levers cannot move a passage the model never ranks near. A LoRA adapter (low-rank updates
of the attention and feed-forward weights, about 1.3 MB, in PEFT format) was trained on questions
written blind to the evaluation set, each judged over every passage (``scripts/train_adapter.py``,
``eval/train_questions.jsonl``). On the dev split it lifts the dense side alone from 0.72 to 0.83
hit@1 (docs/design.md, "Encoder adapter").

How it is used: the pack's ``encoder-adapter/`` folder is merged into the packaged model once and
written as an ordinary sentence-transformers folder under ``<index root>/model-cache/<key>``. From
there on it *is* a local model: the index manifest records its files' hash (so a new adapter makes
the index stale), the ONNX export and its cache key see the merged weights, and no query pays for
the merge. The key covers the base model's files, the adapter's files and the library versions,
so a change of any of them materialises a new folder instead of reusing a wrong one.
``TZQA_ADAPTER=off`` serves the plain model (for comparison); ``TZQA_MODEL`` naming another model
also leaves the adapter out, since it was fitted to MiniLM.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import warnings
from pathlib import Path

from tzqa.index.model_files import ModelLoadError, weights_hash
from tzqa.index.store import fsync_dir, fsync_tree

ADAPTER_DIR = "encoder-adapter"
COMPLETE = ".complete"  # <folder name> + this, beside the folder: the hash of its files, written last
MERGE_FORMAT = 1  # part of the cache key: bump when _merge changes what it writes
LOCK_TIMEOUT = 600  # s; a merge takes seconds, so this long means a stuck process


def adapter_folder() -> Path | None:
    """The active pack's adapter folder, or None when the pack has none or ``TZQA_ADAPTER`` is off."""
    from tzqa.settings import settings

    if not settings().adapter_on:
        return None
    from tzqa.domain.pack import pack_dir

    folder = pack_dir() / ADAPTER_DIR
    return folder if (folder / "adapter_config.json").is_file() else None


def model_cache_dir() -> Path:
    """``TZQA_MODEL_CACHE``, else ``<index root>/model-cache`` (beside ``current``, untouched by rebuilds)."""
    from tzqa.settings import settings

    env = settings().model_cache
    if env:
        return env
    from tzqa.paths import index_root

    return index_root() / "model-cache"


def _versions() -> str:
    import importlib.metadata as md

    out = []
    for name in ("torch", "transformers", "peft", "sentence-transformers"):
        try:
            out.append(f"{name} {md.version(name)}")
        except md.PackageNotFoundError:
            out.append(f"{name} none")
    return "|".join(out)


def adapted_model(base: Path, adapter: Path, cache_dir: Path | None = None) -> Path:
    """The merged model's folder, written on first use (atomically, under a file lock).

    A folder counts only while its files hash to what the marker beside it (``<name>.complete``)
    recorded, and the marker is written last, after every file is on disk: a crash mid-merge, or a
    file damaged later, leaves a folder that is removed and merged again, never one that is used.
    Leftover temporary folders of the same key are removed under the lock.
    """
    from filelock import FileLock, Timeout

    cache_dir = cache_dir or model_cache_dir()
    key = hashlib.sha256(f"{MERGE_FORMAT}|{weights_hash(base)}|{weights_hash(adapter)}|{_versions()}".encode())
    name = f"minilm-adapted-{key.hexdigest()[:16]}"
    target = cache_dir / name
    marker = cache_dir / (name + COMPLETE)
    if _intact(target, marker):
        return target
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        with FileLock(str(cache_dir / f".{name}.lock"), timeout=LOCK_TIMEOUT):
            if _intact(target, marker):
                return target
            marker.unlink(missing_ok=True)
            for stale in [target, *cache_dir.glob(f".merge-{name}-*")]:  # a dead merge's leftovers
                shutil.rmtree(stale, ignore_errors=True)
            tmp = Path(tempfile.mkdtemp(prefix=f".merge-{name}-", dir=cache_dir))
            try:
                _merge(base, adapter, tmp)
                fsync_tree(tmp)
                digest = weights_hash(tmp)
                os.replace(tmp, target)
                marker.write_text(digest + "\n", encoding="utf-8")
                fsync_dir(cache_dir)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            prune_superseded(cache_dir, keep=name)
    except Timeout:
        raise ModelLoadError(f"another process has been merging the encoder adapter into {target} for over "
                             f"{LOCK_TIMEOUT} s; if none is running, delete {cache_dir / ('.' + name + '.lock')}") from None
    except ModelLoadError:
        raise
    except OSError as exc:
        raise ModelLoadError(f"cannot write the merged encoder model under {cache_dir}: {exc} "
                             "(set TZQA_MODEL_CACHE to a writable folder)") from exc
    except Exception as exc:  # peft / transformers raise many types for a broken adapter
        raise ModelLoadError(f"cannot merge the encoder adapter {adapter} into {base}: {exc}") from exc
    return target


def prune_superseded(cache_dir: Path, keep: str) -> list[str]:
    """Remove the other merged models in ``cache_dir`` (an older adapter or library versions: 90 MB each).

    Called right after a new merge, so a checkout that upgrades its libraries or adapter keeps one
    merged model, not one per upgrade. A folder whose lock another process holds (it is merging) is
    left alone; a process that already loaded an old folder keeps working, its files being in memory.
    """
    from filelock import FileLock, Timeout

    removed = []
    for folder in sorted(cache_dir.glob("minilm-adapted-*")):
        name = folder.name.removesuffix(COMPLETE)
        if name == keep or not folder.is_dir():
            continue
        lock = cache_dir / f".{name}.lock"
        try:
            with FileLock(str(lock), timeout=0):
                (cache_dir / (name + COMPLETE)).unlink(missing_ok=True)
                shutil.rmtree(folder, ignore_errors=True)
        except Timeout:
            continue
        lock.unlink(missing_ok=True)
        removed.append(name)
    return removed


def _intact(folder: Path, marker: Path) -> bool:
    """The merged folder exists and its files are the ones the marker recorded (one hash, ~0.2 s)."""
    try:
        return folder.is_dir() and marker.read_text(encoding="utf-8").strip() == weights_hash(folder)
    except (OSError, ModelLoadError):
        return False


def _merge(base: Path, adapter: Path, out: Path) -> None:
    """Copy the base folder (tokenizer, pooling, configs), then overwrite its weights with the merged ones.

    Files are copied one by one with fresh permissions: an installed model may be read-only, files
    and folders alike, and the copy must stay ours to rewrite and to delete.
    """
    from peft import PeftModel
    from transformers import AutoModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # "Loading weights" / "Writing model shards" say nothing to a user
    for f in sorted(base.rglob("*")):
        rel = f.relative_to(base)
        if not f.is_file() or rel.name == "README.md" or any(p in {"__pycache__", ".cache", ".git"} for p in rel.parts):
            continue
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, out / rel)
    model = AutoModel.from_pretrained(str(base), local_files_only=True)
    with warnings.catch_warnings():  # transformers' deprecation notices from inside peft: nothing for a user to do
        warnings.simplefilter("ignore", FutureWarning)
        merged = PeftModel.from_pretrained(model, str(adapter), local_files_only=True).merge_and_unload()
    for stale in ("model.safetensors", "pytorch_model.bin"):
        (out / stale).unlink(missing_ok=True)
    merged.save_pretrained(str(out), safe_serialization=True)
