"""The domain pack: the one folder of data that makes tzqa about a subject (here, one review's field).

Everything subject-specific lives there as JSON — the drug table, gene aliases, plain-language terms,
the topic taxonomy, the answerability model fitted on that subject's questions, the bundled review's
file name and page furniture, the tokenizer's special forms, the extraction's known bad joins. The
code reads it through :func:`load`; another subject is another folder (``TZQA_PACK=/path/to/pack``).
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

# Pack files whose content changes passages, tokens or synonyms (editing one makes the index stale).
INDEX_FILES = ("pack.json", "agents.json", "genes.json", "abbreviations.json", "topics.json", "tokens.json", "review.json")


def pack_dir() -> Path:
    """``TZQA_PACK`` (a folder), else the one pack shipped with the package (``src/tzqa/packs/<name>``)."""
    from tzqa.settings import settings

    env = settings().pack
    if env:
        return env
    shipped = sorted(p for p in (Path(__file__).resolve().parents[1] / "packs").iterdir()
                     if (p / "pack.json").is_file())
    if len(shipped) != 1:
        raise FileNotFoundError("set TZQA_PACK to a domain pack folder (one with a pack.json)")
    return shipped[0]


@lru_cache(maxsize=32)
def _load(folder: str, name: str) -> Any:
    path = Path(folder) / name
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileNotFoundError(f"the domain pack at {folder} has no {name}") from None


def load(name: str) -> Any:
    """One JSON file of the active pack, parsed once per process."""
    return _load(str(pack_dir()), name)


def path(name: str) -> Path:
    """Where one file of the active pack lives (for writers, e.g. the tuned answerability model)."""
    return pack_dir() / name


def primary_document() -> str:
    """The id the pack's bundled review is indexed under (``review.json``: ``document``): the primary document,
    whose reference list the cited papers in ``corpus/references/`` are numbered in. Code asks this instead of
    comparing ids with a literal, so the first document is a document like any other."""
    return str(load("review.json").get("document", "review"))
