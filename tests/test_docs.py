"""The data README's generated blocks match the code and the data; the README's commands exist."""

from __future__ import annotations

import re
from pathlib import Path

from maritime_incidents import docs
from maritime_incidents.io import bundled_data_dir
from maritime_incidents.schema import TABLES

REPO = Path(__file__).resolve().parents[1]


def test_data_readme_blocks_are_fresh():
    text = (bundled_data_dir() / "README.md").read_text(encoding="utf-8")
    assert docs.render(text) == text, "run `maritime-incidents docs --write`"


def test_codebook_lists_every_column():
    text = (bundled_data_dir() / "README.md").read_text(encoding="utf-8")
    for table in TABLES.values():
        for col in table.column_names:
            assert f"| `{col}` |" in text, col


def test_readme_starts_with_two_commands_and_ci_runs_the_test_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", readme, re.DOTALL)
    assert blocks, "README has no command block"
    commands = [line for line in blocks[0].splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci
