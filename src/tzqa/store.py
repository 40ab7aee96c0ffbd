"""The on-disk index: a folder of JSON / npy / FAISS files with a manifest, written atomically.

``index/current/`` is only ever replaced by renaming a fully written
``index/.tmp-*`` over it, so a crash mid-build leaves the previous index intact.
Every file's SHA-256 is in the manifest: a truncated or edited file is caught at
load time, never silently used.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT_VERSION = 1
MANIFEST = "manifest.json"


class IndexError_(RuntimeError):
    """Base for index problems; the message says what to do."""


class MissingIndexError(IndexError_):
    pass


class CorruptIndexError(IndexError_):
    pass


class StaleIndexError(IndexError_):
    pass


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@dataclass
class Staging:
    """A temp folder next to the live index; ``commit`` swaps it in with renames."""

    root: Path
    path: Path

    @classmethod
    def new(cls, root: Path) -> Staging:
        root.mkdir(parents=True, exist_ok=True)
        path = root / f".tmp-{uuid.uuid4().hex[:12]}"
        path.mkdir()
        return cls(root, path)

    def commit(self, manifest: dict[str, Any]) -> Path:
        files = sorted(p for p in self.path.rglob("*") if p.is_file() and p.name != MANIFEST)
        manifest = dict(manifest, format_version=FORMAT_VERSION,
                        files={p.relative_to(self.path).as_posix(): sha256_file(p) for p in files})
        write_json(self.path / MANIFEST, manifest)
        live = self.root / "current"
        old = self.root / f".old-{uuid.uuid4().hex[:12]}"
        if live.exists():
            os.replace(live, old)
        os.replace(self.path, live)
        shutil.rmtree(old, ignore_errors=True)
        return live

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def live_dir(root: Path) -> Path:
    """The live index folder, recovering from a crash between the two renames of a commit."""
    live = root / "current"
    if not live.exists():
        olds = sorted(root.glob(".old-*"), key=lambda p: p.stat().st_mtime, reverse=True)
        if olds:
            os.replace(olds[0], live)
    for tmp in root.glob(".tmp-*"):
        shutil.rmtree(tmp, ignore_errors=True) if _older_than(tmp, 3600) else None
    return live


def _older_than(path: Path, seconds: float) -> bool:
    import time

    return time.time() - path.stat().st_mtime > seconds


def read_manifest(folder: Path, verify: bool = True) -> dict[str, Any]:
    """The manifest, after checking the format version and (``verify``) every file's hash."""
    mpath = folder / MANIFEST
    if not mpath.exists():
        raise MissingIndexError(f"no index at {folder} (run `tzqa build`)")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CorruptIndexError(f"index manifest {mpath} is not valid JSON: {exc}") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise StaleIndexError(
            f"index format {manifest.get('format_version')} != {FORMAT_VERSION} (run `tzqa build`)")
    if verify:
        for name, digest in manifest.get("files", {}).items():
            p = folder / name
            if not p.exists():
                raise CorruptIndexError(f"index file {name} is missing (run `tzqa build`)")
            if sha256_file(p) != digest:
                raise CorruptIndexError(f"index file {name} does not match its manifest hash (run `tzqa build`)")
    return manifest
