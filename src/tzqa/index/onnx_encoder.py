"""Query encoding with ONNX Runtime: the packaged MiniLM exported once, offline, then run without torch.

Why: one query on one thread spends most of its time in the model, and ONNX Runtime
runs the same graph about twice as fast as torch eager on these CPUs (``tzqa bench
--only onnx`` measures both side by side, and the gold-set metrics with each).

What is exported: the transformer *plus* sentence-transformers' mean pooling and L2
normalisation, so the graph's output is the finished sentence vector. The export is
``torch.onnx.export`` of the local model (never the hub), cached by the hash of the
weights, the torch version and the variant, so it happens once per model.

Only *queries* go through ONNX (``OnnxEmbedder.encode_query``): batch encoding for
index builds stays on torch, so an index is byte-for-byte the same whichever encoder
serves queries. Variants: ``fp32`` (same numbers up to float rounding) and ``int8``
(dynamic weight quantisation via ``onnxruntime.quantization``; needs the ``onnx``
package, smaller and faster but not exact: the benchmark says by how much).
"""
from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tzqa.index.embedding import Embedder
from tzqa.index.model_files import ModelLoadError, weights_hash

VARIANTS = ("fp32", "int8")
OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
_LOCK = threading.Lock()


class OnnxUnavailable(ModelLoadError):
    """The ONNX path cannot be used for this model or environment; the message says why."""


def default_cache_dir() -> Path:
    """``TZQA_ONNX_CACHE``, else ``<index root>/onnx-cache`` (beside ``current``, untouched by rebuilds)."""
    from tzqa.settings import settings

    env = settings().onnx_cache
    if env:
        return env
    from tzqa.paths import index_root

    return index_root() / "onnx-cache"


def _check_pipeline(st: object) -> int:
    """The sentence-transformers pipeline must be Transformer -> mean Pooling [-> Normalize]; returns max length."""
    modules = list(st)  # type: ignore[call-overload]
    names = [type(m).__name__ for m in modules]
    if len(modules) < 2 or names[0] != "Transformer" or names[1] != "Pooling" or \
            any(n != "Normalize" for n in names[2:]):
        raise OnnxUnavailable(f"ONNX export supports Transformer+Pooling(+Normalize) models, not {names}")
    pooling = modules[1]
    mode = getattr(pooling, "pooling_mode", None) or (
        "mean" if getattr(pooling, "pooling_mode_mean_tokens", False) else None)
    cfg = pooling.get_config_dict() if hasattr(pooling, "get_config_dict") else {}
    mode = mode or cfg.get("pooling_mode") or ("mean" if cfg.get("pooling_mode_mean_tokens") else None)
    if mode != "mean":
        raise OnnxUnavailable(f"ONNX export supports mean pooling only, not {mode!r}")
    return int(getattr(st, "max_seq_length", 0) or getattr(modules[0], "max_seq_length", 0) or 512)


def export_onnx(embedder: Embedder, path: Path) -> Path:
    """Export the embedder's transformer + mean pooling + L2 normalisation to ``path`` (atomic)."""
    import torch

    st = embedder.model
    _check_pipeline(st)
    normalise = any(type(m).__name__ == "Normalize" for m in st)  # type: ignore[attr-defined]
    transformer = st[0].auto_model  # type: ignore[index]

    class _Sentence(torch.nn.Module):
        def __init__(self, model: torch.nn.Module) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask, token_type_ids):  # type: ignore[no-untyped-def]
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask,
                                token_type_ids=token_type_ids).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            vec = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(vec, p=2, dim=1) if normalise else vec

    wrapper = _Sentence(transformer).eval()
    # A padded batch, so the traced graph keeps the attention-mask path (an all-ones mask may be optimised away).
    ids = torch.tensor([[101, 2023, 2003, 1037, 3231, 102], [101, 2023, 102, 0, 0, 0]], dtype=torch.long)
    mask = (ids != 0).long()
    types = torch.zeros_like(ids)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
    axes["embedding"] = {0: "batch"}
    import warnings

    try:
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            torch.onnx.export(wrapper, (ids, mask, types), str(tmp), input_names=list(_INPUTS),
                              output_names=["embedding"], dynamic_axes=axes, opset_version=OPSET,
                              dynamo=False, do_constant_folding=True)
        os.replace(tmp, path)
    except OnnxUnavailable:
        raise
    except Exception as exc:  # the exporter raises many types
        raise OnnxUnavailable(f"ONNX export of {embedder.folder} failed: {exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)
    return path


def quantize_int8(src: Path, dst: Path) -> Path:
    """Dynamic int8 weight quantisation (activations stay float): needs the ``onnx`` package."""
    import logging

    root = logging.getLogger()
    level, handlers = root.level, list(root.handlers)
    try:
        import onnx  # noqa: F401

        # (importing the quantiser runs logging.basicConfig(level=INFO) in one of its modules: undone below)
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise OnnxUnavailable("int8 quantisation needs the `onnx` package (pip install onnx)") from exc
    finally:
        root.setLevel(level)
        root.handlers[:] = handlers
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    root.setLevel(logging.ERROR)  # the quantiser logs a generic "consider pre-processing" warning at root
    try:
        # MatMul weights only, per output channel, signed: cosine to fp32 ~0.994 on the gold questions,
        # where quantising every op per tensor gave 0.75-0.97 (measured; see bench/README.md).
        quantize_dynamic(str(src), str(tmp), weight_type=QuantType.QInt8, per_channel=True,
                         op_types_to_quantize=["MatMul"])
        os.replace(tmp, dst)
    finally:
        root.setLevel(level)
        tmp.unlink(missing_ok=True)
    return dst


def cached_onnx_paths(folder: Path, cache_dir: Path | None = None) -> dict[str, Path]:
    """Where the exported model lives for each variant, keyed by the model files and the exporter's
    version (read from package metadata, so finding the file never imports torch)."""
    import importlib.metadata as md

    try:
        torch_version = md.version("torch")
    except md.PackageNotFoundError:
        torch_version = "none"
    cache_dir = cache_dir or default_cache_dir()
    key = hashlib.sha256(f"{weights_hash(folder)}|torch {torch_version}|opset {OPSET}|q2".encode())
    stem = f"minilm-{key.hexdigest()[:16]}"
    return {v: cache_dir / f"{stem}-{v}.onnx" for v in VARIANTS}


def onnx_model_path(embedder: Embedder, variant: str = "fp32", cache_dir: Path | None = None) -> Path:
    """The cached ONNX file for this model and variant, exporting (and quantising) it on first use."""
    if variant not in VARIANTS:
        raise OnnxUnavailable(f"unknown ONNX variant {variant!r}; use one of {', '.join(VARIANTS)}")
    paths = cached_onnx_paths(embedder.folder, cache_dir)
    fp32 = paths["fp32"]
    with _LOCK:
        if not fp32.exists():
            export_onnx(embedder, fp32)
        if variant == "fp32":
            return fp32
        int8 = paths["int8"]
        if not int8.exists():
            quantize_int8(fp32, int8)
        return int8


class _Tokenizer:
    """The model's own fast tokenizer (``tokenizer.json``), truncating like sentence-transformers."""

    def __init__(self, folder: Path, max_length: int, fallback: object = None) -> None:
        self.max_length = max_length
        self._hf = None
        self._fast = None
        path = folder / "tokenizer.json"
        if path.exists():
            from tokenizers import Tokenizer

            tok = Tokenizer.from_file(str(path))
            tok.enable_truncation(max_length=max_length)
            pad_id = tok.token_to_id("[PAD]")
            tok.enable_padding(pad_id=0 if pad_id is None else pad_id, pad_token="[PAD]")
            self._fast = tok
        else:
            self._hf = fallback

    def __call__(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        if self._fast is not None:
            encs = self._fast.encode_batch(list(texts))
            return {"input_ids": np.array([e.ids for e in encs], dtype=np.int64),
                    "attention_mask": np.array([e.attention_mask for e in encs], dtype=np.int64),
                    "token_type_ids": np.array([e.type_ids for e in encs], dtype=np.int64)}
        if self._hf is None:
            raise OnnxUnavailable("no tokenizer.json and no tokenizer to fall back on")
        enc = self._hf(list(texts), padding=True, truncation=True, max_length=self.max_length,  # type: ignore[operator]
                       return_tensors="np")
        out = {k: np.asarray(enc[k], dtype=np.int64) for k in ("input_ids", "attention_mask")}
        out["token_type_ids"] = np.asarray(enc.get("token_type_ids", np.zeros_like(out["input_ids"])), dtype=np.int64)
        return out


class OnnxEncoder:
    """An ONNX Runtime session over the exported sentence model: texts in, normalised float32 vectors out."""

    def __init__(self, model_path: Path, folder: Path, max_length: int, threads: int = 1,
                 fallback_tokenizer: object = None) -> None:
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.intra_op_num_threads = max(1, threads)  # queries are single-threaded by design (2 cores, many requests)
        opts.inter_op_num_threads = 1
        opts.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.log_severity_level = 3
        self.path = model_path
        self.session = ort.InferenceSession(str(model_path), opts, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self.session.get_inputs()}
        self.tokenizer = _Tokenizer(folder, max_length, fallback_tokenizer)

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        out = []
        texts = list(texts)
        for s in range(0, len(texts), max(1, batch_size)):
            feeds = {k: v for k, v in self.tokenizer(texts[s:s + batch_size]).items() if k in self._inputs}
            out.append(self.session.run(None, feeds)[0])
        if not out:
            return np.zeros((0, 0), dtype=np.float32)
        return np.ascontiguousarray(np.concatenate(out), dtype=np.float32)


@dataclass
class OnnxEmbedder(Embedder):
    """An :class:`Embedder` whose *queries* run on ONNX Runtime; batch encoding (index builds) stays on torch.

    ``model`` is None when it was loaded without torch (the serving path): torch and
    sentence-transformers are then imported only if a batch encode or a token count is asked for.
    """

    onnx: OnnxEncoder | None = field(default=None, repr=False)
    variant: str = "fp32"
    model_arg: str | None = None

    def encode_query(self, text: str) -> np.ndarray:
        assert self.onnx is not None
        return self.onnx.encode([text])[0]

    def _torch(self) -> Embedder:
        from tzqa.index.embedding import _load_torch_embedder

        return _load_torch_embedder(self.model_arg)

    def encode(self, texts: Sequence[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        return self._torch().encode(texts, batch_size, progress) if self.model is None else \
            super().encode(texts, batch_size, progress)

    def token_count(self, text: str) -> int:
        return self._torch().token_count(text) if self.model is None else super().token_count(text)

    @property
    def max_tokens(self) -> int:
        return self.onnx.tokenizer.max_length if self.onnx is not None else super().max_tokens


def _sentence_config(folder: Path) -> tuple[int, int]:
    """(max length, dimension) from a sentence-transformers folder's own JSON, checking it is
    Transformer -> mean Pooling [-> Normalize] (what the exported graph computes)."""
    import json

    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        kinds = [m["type"].rsplit(".", 1)[-1] for m in modules]
        pooling_dir = next(folder / m["path"] for m in modules if m["type"].endswith("Pooling"))
        pooling = json.loads((pooling_dir / "config.json").read_text(encoding="utf-8"))
        max_length = int(json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
                         .get("max_seq_length") or 512)
    except (OSError, ValueError, KeyError, StopIteration) as exc:
        raise OnnxUnavailable(f"cannot read the sentence-transformers configuration in {folder}: {exc}") from exc
    if kinds[:2] != ["Transformer", "Pooling"] or any(k != "Normalize" for k in kinds[2:]):
        raise OnnxUnavailable(f"ONNX export supports Transformer+Pooling(+Normalize) models, not {kinds}")
    if not pooling.get("pooling_mode_mean_tokens"):
        raise OnnxUnavailable("ONNX export supports mean pooling only")
    return max_length, int(pooling["word_embedding_dimension"])


def onnx_query_embedder(model: str | None, variant: str = "fp32", cache_dir: Path | None = None,
                        threads: int = 1) -> OnnxEmbedder:
    """The query encoder of the serving path: from the cached ONNX file, without importing torch.

    Only when the model has never been exported (the first run) is torch loaded, once, to export it.
    """
    from tzqa.index.embedding import _load_torch_embedder, resolve_model_path

    model_id, folder = resolve_model_path(model)
    max_length, dim = _sentence_config(folder)
    path = cached_onnx_paths(folder, cache_dir)[variant] if variant in VARIANTS else None
    if path is None or not path.exists():
        base = onnx_embedder(_load_torch_embedder(model), variant, cache_dir, threads)
        base.model_arg = model
        return base
    try:
        enc = OnnxEncoder(path, folder, max_length, threads)
    except OnnxUnavailable:
        raise
    except Exception as exc:  # a corrupt cached file, an ORT error
        raise OnnxUnavailable(f"cannot load ONNX model {path}: {exc}") from exc
    return OnnxEmbedder(model_id=model_id, folder=folder, model=None, dim=dim, onnx=enc, variant=variant,
                        model_arg=model)


def onnx_embedder(base: Embedder, variant: str = "fp32", cache_dir: Path | None = None,
                  threads: int = 1) -> OnnxEmbedder:
    """Wrap a loaded torch :class:`Embedder` so its queries use ONNX (exported on first use, then cached)."""
    max_length = _check_pipeline(base.model)
    path = onnx_model_path(base, variant, cache_dir)
    try:
        enc = OnnxEncoder(path, base.folder, max_length, threads,
                          fallback_tokenizer=getattr(base.model, "tokenizer", None))
    except OnnxUnavailable:
        raise
    except Exception as exc:  # a corrupt cached file, an ORT error
        raise OnnxUnavailable(f"cannot load ONNX model {path}: {exc}") from exc
    return OnnxEmbedder(model_id=base.model_id, folder=base.folder, model=base.model, dim=base.dim,
                        onnx=enc, variant=variant)


def describe(emb: Embedder) -> dict[str, str]:
    """What encodes queries, for reports."""
    if isinstance(emb, OnnxEmbedder) and emb.onnx is not None:
        return {"encoder": f"onnx-{emb.variant}", "file": str(emb.onnx.path)}
    return {"encoder": "torch"}


__all__ = [
    "VARIANTS",
    "OnnxEmbedder",
    "OnnxEncoder",
    "OnnxUnavailable",
    "default_cache_dir",
    "describe",
    "export_onnx",
    "onnx_embedder",
    "onnx_model_path",
    "onnx_query_embedder",
    "quantize_int8",
]
