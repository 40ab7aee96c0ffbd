"""A ``.zip`` of papers, opened as untrusted input: nothing is extracted to disk, and limits come first.

The whole archive is refused before anything is read from it when its central directory lists too
many members, would unpack to too much, compresses implausibly well (a zip bomb), or names a member
with an absolute path or a ``..`` part (path traversal): such an archive was not made by someone
exporting papers, and refusing it whole means nothing from it is stored. Single members that cannot
be used (encrypted, a symbolic link, a zip inside the zip, over the per-file limit, a size that does
not match the directory) are skipped with the reason; the others are read into memory one at a time,
never more than their declared size.
"""
from __future__ import annotations

import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from tzqa.ingest.library.limits import DocumentError

MAX_ZIP_MEMBERS = 2000
MAX_ZIP_BYTES = 512 * 2**20  # total uncompressed size of every member
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR bytes
RATIO_FLOOR = 1 * 2**20


@dataclass(frozen=True)
class Member:
    """One file in the archive: its name as stored, its declared size, or why it is skipped."""

    name: str
    size: int
    skip: str = ""  # non-empty: the reason this member is not read


def _unsafe(name: str) -> bool:
    if "\x00" in name or name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part == ".." for part in re.split(r"[\\/]", name))


def _hidden(name: str) -> bool:
    return any(part.startswith(".") or part == "__MACOSX" for part in PurePosixPath(name).parts)


def members(path: Path, max_member_bytes: int) -> list[Member]:
    """The archive's files, by name; raises :class:`DocumentError` when the archive is refused whole."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(f"not a readable zip archive ({exc})") from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise DocumentError(f"too many members ({len(infos)}; the limit is {MAX_ZIP_MEMBERS}); nothing was added")
    bad = next((i.filename for i in infos if _unsafe(i.filename)), None)
    if bad is not None:
        raise DocumentError(f"member {bad!r} has an unsafe name (absolute path or '..': path traversal); "
                            "nothing was added")
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_BYTES:
        raise DocumentError(f"would unpack to {total / 2**20:.0f} MB (the limit is {MAX_ZIP_BYTES / 2**20:g} MB); "
                            "nothing was added")
    bomb = next((i for i in infos if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1)),
                None)
    if bomb is not None:
        raise DocumentError(f"member {bomb.filename!r} compresses {bomb.file_size // max(bomb.compress_size, 1)}:1 "
                            f"(a zip bomb?); nothing was added")
    out = []
    for i in sorted(infos, key=lambda i: i.filename):
        if i.is_dir():
            continue
        mode = i.external_attr >> 16
        skip = ""
        if _hidden(i.filename):
            skip = "hidden or system file"
        elif i.flag_bits & 0x1:
            skip = "encrypted"
        elif stat.S_ISLNK(mode):
            skip = "a symbolic link"
        elif i.filename.lower().endswith(".zip"):
            skip = "a zip inside a zip is not opened"
        elif i.file_size > max_member_bytes:
            skip = f"too large ({i.file_size / 2**20:.1f} MB; the limit is {max_member_bytes / 2**20:g} MB)"
        out.append(Member(i.filename, i.file_size, skip))
    return out


def read_head(path: Path, member: Member, n: int = 65536) -> bytes:
    """A member's first ``n`` bytes (enough to tell what kind of XML it is), without inflating the rest."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member.name) as f:
            return f.read(min(n, member.size))
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise DocumentError(f"cannot be read from the archive ({exc.__class__.__name__}: {exc})") from exc


def read_member(path: Path, member: Member) -> bytes:
    """A member's bytes, never more than its declared size (a lying directory is a refusal)."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open(member.name) as f:
            data = f.read(member.size + 1)
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError, EOFError) as exc:
        raise DocumentError(f"cannot be read from the archive ({exc.__class__.__name__}: {exc})") from exc
    if len(data) != member.size:
        raise DocumentError("its size does not match the archive's directory; refused")
    return data
