"""Where things live: the checkout, the corpus and the index (a leaf module, so every stage can ask)."""
from __future__ import annotations

from pathlib import Path


def project_root() -> Path:
    """The checkout root (``src/tzqa/../..``), where ``corpus/`` and ``index/`` live."""
    return Path(__file__).resolve().parents[2]


def corpus_dir() -> Path:
    from tzqa.settings import settings

    return settings().corpus or project_root() / "corpus"


def index_root() -> Path:
    from tzqa.settings import settings

    return settings().index or project_root() / "index"
