"""The planted-bugs list (`benchmarks/planted_bugs.py`) stays true to the code: every plant applies
exactly once and names tests that exist, so a change that moves the code says so here, not in a
silent "does not apply" row of `benchmarks/planted.md`."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SCRIPT = REPO / "benchmarks" / "planted_bugs.py"


def planted_bugs():
    spec = importlib.util.spec_from_file_location("planted_bugs", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["planted_bugs"] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


PB = planted_bugs()


@pytest.mark.parametrize("plant", PB.PLANTS, ids=lambda p: p.name)
def test_every_plant_applies_once_and_names_real_tests(plant):
    assert PB.occurrences(plant) == 1
    assert plant.old != plant.new
    for test in plant.tests:
        file, _, name = test.partition("::")
        assert (REPO / file).is_file(), test
        if name:
            assert re.search(rf"^def {re.escape(name)}\(", (REPO / file).read_text(encoding="utf-8"), re.M), test


def test_a_plant_that_no_longer_applies_is_reported_not_run(tmp_path: Path):
    stale = PB.Plant("stale", "nothing", "counting.py", "text that is in no file", "x", ("tests/test_counting.py",))
    assert PB.try_plant(stale)["result"] == "does not apply (0 occurrences)"


def test_names_are_unique():
    names = [p.name for p in PB.PLANTS]
    assert len(names) == len(set(names))
