"""Shared fixtures: the bundled data folder and a writable copy of it, the small fixture dataset,
and one headless Chromium for the whole session."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from maritime_incidents.io import bundled_data_dir

REPO = Path(__file__).resolve().parents[1]
MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
ASAM_NAME = Path("datasets") / "asam" / "asam_2022-06-21.csv"


def find_asam() -> Path:
    """The shared NGA ASAM export (never edited): $MARITIME_ASAM when set (only there), else ../shared
    beside the checkout, else the workplace's."""
    if os.environ.get("MARITIME_ASAM"):
        return Path(os.environ["MARITIME_ASAM"])
    candidates = [REPO.parent / "shared" / ASAM_NAME, Path("/work/shared") / ASAM_NAME]
    return next((c for c in candidates if c.exists()), candidates[0])


ASAM = find_asam()


def pytest_collection_modifyitems(config, items):
    """A test that asks for the browser is a browser test, whatever its decorators say: so
    `-m "not browser"` never starts Chromium."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def asam_export() -> Path:
    """The shared ASAM export; a test that needs it is skipped, with the reason, where it is absent."""
    if not ASAM.exists():
        pytest.skip(f"the shared ASAM export is not on this machine (looked for {ASAM}; set MARITIME_ASAM)")
    return ASAM


@pytest.fixture(scope="session")
def browser(request):
    """One Debian Chromium for every browser test of the session (each test opens its own page)."""
    from playwright.sync_api import sync_playwright

    markexpr = request.config.getoption("markexpr") or ""
    assert "not browser" not in markexpr, "a test outside the browser marker asked for Chromium"

    from .browser import ARGS, CHROMIUM

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: run scripts/setup.sh test"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled dataset that a test may break."""
    dst = tmp_path / "data"
    shutil.copytree(bundled_data_dir(), dst)
    return dst


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A copy of the small fixture dataset (tests/fixtures/mini) that a test may break."""
    dst = tmp_path / "mini"
    shutil.copytree(MINI, dst)
    return dst


@pytest.fixture(scope="session")
def exported(tmp_path_factory) -> Path:
    """The bundled data exported once for every test that reads the exports back."""
    import maritime_incidents as mi

    out = tmp_path_factory.mktemp("export")
    mi.export(out)
    return out


@pytest.fixture
def duckdb_spatial():
    """A DuckDB connection with the spatial extension the PyPI package ships (no download)."""
    from importlib.resources import files

    import duckdb

    ext = next(Path(str(files("duckdb_extension_spatial"))).rglob("spatial.duckdb_extension"))
    con = duckdb.connect()
    con.sql(f"LOAD '{ext}'")
    return con
