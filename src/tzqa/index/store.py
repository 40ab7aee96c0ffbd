"""The on-disk index: immutable, versioned folders and one atomic pointer.

Layout under the index root::

    versions/<stamp>-<id>/   one complete index each, never modified after it is published
    current -> versions/<v>  a relative symlink, replaced with os.replace (atomic on POSIX)
    leases/<v>.<pid>         "process <pid> reads version <v>": old versions are removed only
                             when no live process holds a lease on them
    .build.lock / .build.json  the cross-process build lock (filelock) and who holds it
    .staging-<id>/           a build in progress (only the lock holder writes here)

Why: readers resolve ``current`` once and read only that folder, so a build publishing a new
version can never hand them a half-swapped or mixed index; a crash at any point leaves
``current`` pointing at a complete version. Repairs happen only in the builder, under the lock,
never in a reader. Every file's SHA-256 is in the manifest: a truncated or edited file is caught
at load time, never silently used.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tzqa.errors import TzqaError

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CURRENT = "current"
VERSIONS = "versions"
LEASES = "leases"
KEEP_PREVIOUS = 1  # versions kept besides the current one, so a process that just loaded it never loses it


class IndexStoreError(TzqaError, RuntimeError):
    """Base for index problems; the message says what to do."""


class MissingIndexError(IndexStoreError):
    pass


class CorruptIndexError(IndexStoreError):
    pass


class StaleIndexError(IndexStoreError):
    pass


class BuildLockTimeout(IndexStoreError):
    """Another process holds the build lock for longer than we were willing to wait."""


IndexError_ = IndexStoreError  # the old name, kept for code written against it


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def write_json(path: Path, data: Any, pretty: bool = False) -> None:
    """``pretty`` for files people read (the manifest); bulk data compact, where json's C encoder is 10x faster."""
    text = json.dumps(data, ensure_ascii=False, indent=1) if pretty else json.dumps(data, ensure_ascii=False,
                                                                                     separators=(",", ":"))
    path.write_text(text, encoding="utf-8")


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


# -- readers ------------------------------------------------------------------------------------
def live_dir(root: Path) -> Path:
    """The folder ``current`` points at, resolved once (readers then use only this path).

    Never repairs anything: a missing pointer is a :class:`MissingIndexError`.
    """
    pointer = root / CURRENT
    if pointer.is_symlink():
        target = Path(os.readlink(pointer))
        return (root / target).resolve() if not target.is_absolute() else target
    if pointer.is_dir():  # an index written before versioned folders; the next build migrates it
        return pointer
    raise MissingIndexError(f"no index at {root} (run `tzqa build`)")


def current_version(root: Path) -> str | None:
    """The name ``current`` points at (cheap: one readlink), or None when there is no index."""
    pointer = root / CURRENT
    try:
        return Path(os.readlink(pointer)).name
    except OSError:
        return "legacy" if pointer.is_dir() else None


def take_lease(root: Path, folder: Path) -> Path | None:
    """Record that this process reads ``folder`` so builders do not delete it under us."""
    if folder.parent.name != VERSIONS:
        return None
    leases = root / LEASES
    leases.mkdir(parents=True, exist_ok=True)
    lease = leases / f"{folder.name}.{os.getpid()}"
    lease.touch()
    return lease


def drop_lease(lease: Path | None) -> None:
    if lease is not None:
        lease.unlink(missing_ok=True)


def read_manifest(folder: Path, verify: bool = True) -> dict[str, Any]:
    """The manifest, after checking the format version and (``verify``) every file's hash."""
    mpath = folder / MANIFEST
    if not mpath.exists():
        raise MissingIndexError(f"no index at {folder} (run `tzqa build`)")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise CorruptIndexError(f"index manifest {mpath} is not valid JSON: {exc}") from exc
    if not isinstance(manifest, dict):
        raise CorruptIndexError(f"index manifest {mpath} is not a JSON object")
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


# -- the build lock -------------------------------------------------------------------------------
def lock_holder(root: Path) -> dict[str, Any] | None:
    """Who holds (or last held) the build lock: pid, host, since."""
    try:
        return json.loads((root / ".build.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


@contextmanager
def build_lock(root: Path, timeout: float | None = None, on_wait=None) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Hold the cross-process build lock; ``on_wait(holder)`` is called once if another build has it.

    ``timeout`` None waits for ever; otherwise :class:`BuildLockTimeout` names the holder.
    The OS releases the lock when its holder dies (kill -9 included), so it is never left stale.
    """
    from filelock import FileLock, Timeout

    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / ".build.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        holder = lock_holder(root)
        if on_wait is not None:
            on_wait(holder)
        try:
            lock.acquire(timeout=-1 if timeout is None else timeout)
        except Timeout as exc:
            raise BuildLockTimeout(f"another build holds the index lock ({_describe(holder)}); "
                                   f"waited {timeout:.0f} s") from exc
    try:
        holder_info = {"pid": os.getpid(), "host": os.uname().nodename,
                       "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        write_json(root / ".build.json", holder_info, pretty=True)
        yield
    finally:
        lock.release()


def _describe(holder: dict[str, Any] | None) -> str:
    if not holder:
        return "holder unknown"
    return f"pid {holder.get('pid')} on {holder.get('host')} since {holder.get('since')}"


# -- writers (only under the build lock) ------------------------------------------------------------
@dataclass
class Staging:
    """A folder a build writes into; ``commit`` publishes it as a new immutable version."""

    root: Path
    path: Path

    @classmethod
    def new(cls, root: Path) -> Staging:
        root.mkdir(parents=True, exist_ok=True)
        path = root / f".staging-{uuid.uuid4().hex[:12]}"
        path.mkdir()
        return cls(root, path)

    def commit(self, manifest: dict[str, Any]) -> Path:
        """Write the manifest (with every file's hash), publish the folder, point ``current`` at it."""
        files = sorted(p for p in self.path.rglob("*") if p.is_file() and p.name != MANIFEST)
        manifest = dict(manifest, format_version=FORMAT_VERSION,
                        files={p.relative_to(self.path).as_posix(): sha256_file(p) for p in files})
        write_json(self.path / MANIFEST, manifest, pretty=True)
        fsync_tree(self.path)
        versions = self.root / VERSIONS
        versions.mkdir(exist_ok=True)
        name = f"{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{uuid.uuid4().hex[:8]}"
        final = versions / name
        os.replace(self.path, final)
        point_current(self.root, final)
        collect_garbage(self.root)
        return final

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def point_current(root: Path, folder: Path) -> None:
    """Atomically make ``current`` point at ``folder`` (a new symlink renamed over the old one)."""
    tmp = root / f".current-{uuid.uuid4().hex[:8]}"
    os.symlink(os.path.relpath(folder, root), tmp)
    os.replace(tmp, root / CURRENT)
    fsync_dir(root)


def recover(root: Path) -> list[str]:
    """Builder-side repairs, under the lock: drop dead staging folders, migrate a legacy ``current``."""
    done = []
    for p in list(root.glob(".staging-*")) + list(root.glob(".tmp-*")) + list(root.glob(".old-*")):
        shutil.rmtree(p, ignore_errors=True)
        done.append(f"removed {p.name}")
    for p in root.glob(".current-*"):
        p.unlink(missing_ok=True)
    pointer = root / CURRENT
    if pointer.is_dir() and not pointer.is_symlink():
        versions = root / VERSIONS
        versions.mkdir(exist_ok=True)
        legacy = versions / f"legacy-{uuid.uuid4().hex[:8]}"
        os.replace(pointer, legacy)
        point_current(root, legacy)
        done.append(f"moved the unversioned index into {legacy.name}")
    return done


def collect_garbage(root: Path) -> list[str]:
    """Remove versions that are neither current, nor among the newest previous ones, nor leased by a live process."""
    versions = root / VERSIONS
    if not versions.is_dir():
        return []
    live = current_version(root)
    leased = _live_leases(root)
    folders = sorted((p for p in versions.iterdir() if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    previous = [p.name for p in folders if p.name != live][:KEEP_PREVIOUS]
    keep = {live, *previous} | leased
    removed = []
    for p in folders:
        if p.name not in keep:
            shutil.rmtree(p, ignore_errors=True)
            removed.append(p.name)
    return removed


def _live_leases(root: Path) -> set[str]:
    out: set[str] = set()
    leases = root / LEASES
    if not leases.is_dir():
        return out
    for lease in leases.iterdir():
        version, _, pid = lease.name.rpartition(".")
        if pid.isdigit() and _alive(int(pid)):
            out.add(version)
        else:
            lease.unlink(missing_ok=True)
    return out


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fsync_tree(folder: Path) -> None:
    for p in folder.rglob("*"):
        if p.is_file():
            with p.open("rb") as f:
                os.fsync(f.fileno())
    fsync_dir(folder)


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
