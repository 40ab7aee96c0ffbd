"""Shared fixtures: the real bundled corpus, parsed once per session."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "corpus" / "trastuzumab-resistance-review.txt"


@pytest.fixture(scope="session")
def source() -> str:
    return REVIEW.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def doc(source):  # type: ignore[no-untyped-def]
    from tzqa.parser import parse_review

    return parse_review(source)


@pytest.fixture(scope="session")
def passages(doc):  # type: ignore[no-untyped-def]
    from tzqa.chunking import document_passages

    return document_passages(doc)
