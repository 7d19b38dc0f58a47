"""Shared fixtures: the bundled data folder and a writable copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from maritime_incidents.io import bundled_data_dir

REPO = Path(__file__).resolve().parents[1]
ASAM = REPO.parent / "shared" / "datasets" / "asam" / "asam_2022-06-21.csv"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled dataset that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), dst)
    return dst
