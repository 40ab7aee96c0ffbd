"""Facts about a model folder on disk: the error for one that cannot be used, and its content hash.

A module of its own so that both the embedder (``embedding``) and the pack's adapter merge
(``adapter``) can name them without importing each other.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from tzqa.errors import TzqaError

__all__ = ["ModelLoadError", "weights_hash"]


class ModelLoadError(TzqaError, RuntimeError):
    """The embedding model cannot be found or loaded from local disk."""


def weights_hash(folder: Path) -> str:
    """SHA-256 over every file of the model folder: weights, tokenizer, config and pooling alike.

    A changed tokenizer or pooling layer changes the vectors as surely as new weights do.
    Caches (``__pycache__``, ``.git``, ``.cache``) are not part of the model. The folder
    must hold weights; an empty or weightless folder is a :class:`ModelLoadError`.
    """
    files = sorted(p for p in folder.rglob("*") if p.is_file()
                   and not any(part in {"__pycache__", ".git", ".cache"} for part in p.relative_to(folder).parts))
    if not any(p.suffix in {".safetensors", ".bin", ".onnx"} for p in files):
        raise ModelLoadError(f"no weight files in {folder}")
    h = hashlib.sha256()
    for p in files:
        h.update(p.relative_to(folder).as_posix().encode() + b"\0")
        with p.open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
    return h.hexdigest()
