"""What a new user meets first: offline docs, labels that say what a passage is, a clean Ctrl-C, quiet output."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tzqa.api.main import create_app

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def client(retriever):  # type: ignore[no-untyped-def]
    with TestClient(create_app(retriever=retriever), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_need_no_network(client, page):
    html = client.get(page)
    assert html.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', html.text)
    assert assets and not [a for a in assets if a.startswith(("http://", "https://", "//"))], assets
    for a in assets:
        if a.endswith((".js", ".css")):
            r = client.get(a)
            assert r.status_code == 200 and len(r.content) > 1000, a


def test_hits_say_what_they_are(retriever):
    hits = retriever.search("p95HER2 truncated receptor poor prognosis", k=20).results
    labels = {h.source.label for h in hits}
    assert "Review" in labels
    for h in hits:
        if h.kind == "reference_entry":
            assert h.source.label == "Reference list entry"
        if h.kind == "table_row":
            assert h.source.label == "Review · Table 1"
    assert any(h.kind == "reference_entry" for h in retriever.search("Truncated p110 ERBB2", k=5, source="reference"))


def test_cli_search_table_shows_passage_ids_labels_and_dois(index_root, monkeypatch):
    from tzqa.cli.main import app

    monkeypatch.setenv("TZQA_INDEX", str(index_root))
    monkeypatch.setenv("COLUMNS", "200")
    res = CliRunner().invoke(app, ["search", "Truncated p110 ERBB2 induces mammary epithelial cell migration", "-k", "3"])
    assert res.exit_code == 0, res.output
    assert "ref:" in res.output and "Reference" in res.output  # the label (rich may wrap it in the cell)
    assert "10." in res.output  # a DOI
    assert "Loading weights" not in res.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_stops_cleanly_on_ctrl_c(index_root):
    port = _free_port()
    env = dict(os.environ, TZQA_INDEX=str(index_root), HF_HUB_OFFLINE="1")
    proc = subprocess.Popen([sys.executable, "-m", "tzqa.cli.main", "serve", "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        else:
            pytest.fail("the server did not come up")
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, out[-2000:]
    assert "server stopped" in out and "Traceback" not in out


@pytest.mark.slow
def test_a_first_start_builds_in_a_child_so_the_server_never_holds_torch(tmp_path):
    """`tzqa serve` on an empty index folder: the build (torch, the full model) runs in a child process that
    exits, so the process that goes on to serve has not imported torch."""
    code = ("import sys; from tzqa.cli.main import _prepare_in_child; what = _prepare_in_child(); "
            "print(what, 'torch' in sys.modules, 'sentence_transformers' in sys.modules)")
    env = dict(os.environ, TZQA_INDEX=str(tmp_path / "index"), HF_HUB_OFFLINE="1")
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[-3:] == ["built", "False", "False"], out.stdout
    assert (tmp_path / "index" / "current").exists()
