"""The map's pure JavaScript core (projection, filter, clustering, sums, URL state), unit-tested
with Node's own test runner (`node --test`, Debian's nodejs: `scripts/setup.sh test` installs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from maritime_incidents.map import ASSETS, MAP_SCRIPTS

JS_TESTS = Path(__file__).parent / "js"


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if not found:
        pytest.fail("Node.js is missing: run scripts/setup.sh test (it installs Debian's nodejs)")
    return found


def test_core_unit_tests_pass():
    # the core of the package this process imported (the one the maps are built from), not a path of the checkout
    env = {**os.environ, "MI_CORE": str(ASSETS / "mi_core.js")}
    result = subprocess.run([node(), "--test", str(JS_TESTS)], capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass " in result.stdout


def test_every_map_script_parses():
    """Each part the page concatenates is valid JavaScript on its own (a syntax error would blank the map)."""
    for name in MAP_SCRIPTS:
        result = subprocess.run([node(), "--check", str(ASSETS / name)], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, f"{name}: {result.stderr}"
