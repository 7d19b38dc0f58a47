"""Shared fixtures: the bundled data folder and a writable copy of it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from maritime_incidents.io import bundled_data_dir

REPO = Path(__file__).resolve().parents[1]
ASAM_NAME = Path("datasets") / "asam" / "asam_2022-06-21.csv"


def find_asam() -> Path:
    """The shared NGA ASAM export (never edited): ../shared beside the checkout, else the workplace's."""
    candidates = [Path(p) for p in os.environ.get("MARITIME_ASAM", "").split(os.pathsep) if p]
    candidates += [REPO.parent / "shared" / ASAM_NAME, Path("/work/shared") / ASAM_NAME]
    return next((c for c in candidates if c.exists()), candidates[-1])


ASAM = find_asam()


@pytest.fixture(autouse=True)
def _needs_asam(request):
    """Tests that read the ASAM export say so clearly when it is not on this machine."""
    if "asam" in request.node.nodeid.lower() and not ASAM.exists():
        pytest.skip(f"the shared ASAM export is not on this machine (looked for {ASAM}; set MARITIME_ASAM)")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled dataset that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), dst)
    return dst
