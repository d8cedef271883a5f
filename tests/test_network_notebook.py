"""The analyst's notebook: stored without outputs, and runs from scratch on the real build.

The kernel is the venv's own Python (a kernel spec written to a temporary
JUPYTER_PATH), so the notebook imports the same ``kg`` as the tests. If no
kernel can start here (no ipykernel, no ZeroMQ...), the test is skipped and
says why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from kg.settings import ROOT

NOTEBOOK = ROOT / "notebooks" / "institutional_overlaps.ipynb"
CELL_TIMEOUT_S = 180


def test_notebook_is_stored_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "the notebook has no code"
    for c in code:
        assert c.get("outputs") == [] and c.get("execution_count") is None, "clear the outputs before committing"


@pytest.fixture
def venv_kernel(tmp_path, monkeypatch):
    """A kernel spec named napkg-test that runs this interpreter; skip when no kernel can start."""
    pytest.importorskip("nbclient", reason="nbclient is not installed (pip install nbclient nbformat ipykernel)")
    pytest.importorskip("ipykernel", reason="ipykernel is not installed in this interpreter")
    spec = tmp_path / "jupyter" / "kernels" / "napkg-test"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "napkg (test)", "language": "python"}))
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    from jupyter_client.manager import start_new_kernel

    try:
        km, kc = start_new_kernel(kernel_name="napkg-test", startup_timeout=60)
    except Exception as e:  # any failure to start is a skip, with the reason
        pytest.skip(f"no Jupyter kernel can start here: {type(e).__name__}: {e}")
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return "napkg-test"


@pytest.mark.slow
def test_notebook_runs_from_scratch(built, venv_kernel, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.setenv("NAPKG_STORE_DIR", str(built.store_dir))
    monkeypatch.setenv("NAPKG_DATA_DIR", str(built.data_dir))
    monkeypatch.setenv("NAPKG_CACHE_DIR", str(built.cache_dir))
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(nb, kernel_name=venv_kernel, timeout=CELL_TIMEOUT_S,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "build:" in text
    assert "FPS Justice" in text or "SPF Justice" in text  # a recurring Belgian body is named
    figures = sum(1 for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {}))
    assert figures >= 4  # actions carried, brokerage, the network, the heatmaps
