"""Shared fixtures: the real bundled corpus, parsed once per session."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).parent))

ROOT = Path(__file__).resolve().parents[1]
REVIEW = ROOT / "corpus" / "trastuzumab-resistance-review.txt"
# Fixtures that build or load the real index with the real model: a test using any of them (directly or
# through another fixture) is in the "model" tier, which the fast default run leaves out.
MODEL_FIXTURES = {"index_root", "retriever", "scratch", "library"}


def pytest_collection_modifyitems(config, items):  # type: ignore[no-untyped-def]
    """Tiers: "model" (the real model and index), "slow" (also long), "browser" (Chromium). The default
    `pytest` runs the rest — the fast tier; `make test` (and CI) runs every tier."""
    for item in items:
        if MODEL_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.model)


@pytest.fixture(scope="session")
def source() -> str:
    return REVIEW.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def doc(source):  # type: ignore[no-untyped-def]
    from tzqa.ingest.parser import parse_review

    return parse_review(source)


@pytest.fixture(scope="session")
def review(doc, source):  # type: ignore[no-untyped-def]
    """The bundled review as the index reads it: an Article, by the numbered-text reader."""
    from tzqa.ingest.library.numbered import article_of

    return article_of(doc, source, REVIEW.name)


@pytest.fixture(scope="session")
def passages(review):  # type: ignore[no-untyped-def]
    from tzqa.ingest.library.passages import article_passages

    return article_passages(review)


@pytest.fixture(scope="session")
def index_root(tmp_path_factory):  # type: ignore[no-untyped-def]
    """A real index of the bundled corpus with the real model, built once per test session."""
    from tzqa.index.build import build_index

    root = tmp_path_factory.mktemp("index")
    build_index(root=root, directory=ROOT / "corpus", progress=False)
    return root


@pytest.fixture(scope="session")
def retriever(index_root):  # type: ignore[no-untyped-def]
    from tzqa.search.retriever import Retriever

    return Retriever.load(index_root, ROOT / "corpus", build=False)


@pytest.fixture()
def scratch(tmp_path, index_root):  # type: ignore[no-untyped-def]
    """A private copy of the corpus and the index, so a test can break, edit or rebuild them."""
    corpus = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("references"))
    root = tmp_path / "index"
    # keep "current" a symlink into versions/; leases belong to the processes reading the original
    shutil.copytree(index_root, root, symlinks=True, ignore=shutil.ignore_patterns("leases"))
    return corpus, root


@pytest.fixture(scope="session")
def library(tmp_path_factory, index_root):  # type: ignore[no-untyped-def]
    """A copy of the corpus and index with both test documents added (JATS, PDF), and a retriever over it."""
    from library_fixtures import jats_article, pdf_article
    from typer.testing import CliRunner

    from tzqa.cli.main import app
    from tzqa.index.build import build_index
    from tzqa.search.retriever import Retriever

    base = tmp_path_factory.mktemp("library")
    corpus, root = base / "corpus", base / "index"
    shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("references", "library"))
    shutil.copytree(index_root, root, symlinks=True, ignore=shutil.ignore_patterns("leases"))
    xml = base / "zongertinib-organoids.xml"
    xml.write_bytes(jats_article())
    pdf = pdf_article(base / "Collagen markers.pdf")
    for f in (xml, pdf):
        res = CliRunner().invoke(app, ["add", str(f), "--no-build", "--corpus", str(corpus)])
        assert res.exit_code == 0, res.output
    report = build_index(root=root, directory=corpus, progress=False)
    return corpus, root, report, Retriever.load(root, corpus, build=False)


@pytest.fixture(scope="module")
def fake(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The fast tier's embedder: a small generated model, no real weights (tests/fake_embedder.py)."""
    from fake_embedder import fake_embedder

    return fake_embedder(tmp_path_factory.mktemp("fake-model"))
