"""Rules of the test suite itself: one Chromium per session, started only by browser tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_only_conftest_starts_a_browser():
    """A second sync_playwright() beside the session's fails (and would start a second Chromium)."""
    starters = [p.name for p in HERE.glob("test_*.py") if "sync_playwright(" in p.read_text(encoding="utf-8") and p != Path(__file__)]
    assert starters == []


def fixtures_used(*args: str) -> set[str]:
    """The fixtures the selected tests use, from `pytest --fixtures-per-test`."""
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "--fixtures-per-test", "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        cwd=HERE.parent,
    ).stdout
    return {line.split(" -- ")[0] for line in out.splitlines() if " -- " in line and not line.startswith(" ")}


def test_not_browser_selects_no_test_that_asks_for_the_browser():
    """`-m "not browser"` deselects every test that asks for the browser fixture, marked or not."""
    assert "browser" in fixtures_used("-m", "browser", str(HERE / "test_hardening.py"))  # the listing works
    assert "browser" not in fixtures_used("-m", "not browser", str(HERE))
