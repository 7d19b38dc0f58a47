"""notebooks/explore.ipynb runs top to bottom; its outputs hold the charts and the map; git holds no outputs."""

from __future__ import annotations

import base64
import gzip
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "explore.ipynb"


def test_committed_notebook_has_no_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "strip outputs before committing"


@pytest.fixture(scope="module")
def executed():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return nb


def outputs(nb, mime: str) -> list[str]:
    return [o["data"][mime] for c in nb.cells if c.cell_type == "code" for o in c.outputs if "data" in o and mime in o["data"]]


def test_notebook_runs_and_shows_charts(executed):
    assert len(outputs(executed, "image/png")) >= 3


def test_notebook_shows_the_map(executed):
    maps = [h for h in outputs(executed, "text/html") if h.startswith('<div class="mi-notebook-map"')]
    assert len(maps) == 1
    assert "<iframe srcdoc=" in maps[0] and "<script" not in maps[0]  # the page is inside srcdoc, escaped
    packed = re.search(r"id=&quot;mi-packed&quot;&gt;([A-Za-z0-9+/=]+)&lt;", maps[0]).group(1)
    page = gzip.decompress(base64.b64decode(packed)).decode("utf-8")
    assert 'id="mi-data"' in page and len(maps[0]) < len(page) / 2  # stored gzipped, not the whole page
    assert "not trusted" in maps[0]  # what an untrusted notebook shows instead


def test_notebook_shows_nationality_counts(executed):
    """The people section shows every nationality people.csv holds, counted by fate."""
    import maritime_incidents as mi

    nationalities = mi.load_people()["nationality"].dropna().unique()
    assert len(nationalities) > 0
    tables = [h for h in outputs(executed, "text/html") if "<table" in h and "repatriated" in h]
    assert any(all(n in t for n in nationalities) for t in tables)
