"""The notebook in the repo is executed, so the documented notebook API cannot rot."""
from pathlib import Path

import nbformat
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "retrieval.ipynb"


def test_notebook_runs(index_root, monkeypatch):
    # Reuse the session's index instead of building into the checkout.
    monkeypatch.setenv("TZQA_INDEX", str(index_root))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "<table>" in html and "MUC4" in html
