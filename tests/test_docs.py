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


def test_every_command_in_the_readme_exists():
    """The README's command lines name real commands and options (docs tested against the CLI)."""
    from click.testing import CliRunner

    from maritime_incidents.cli import cli

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [line.split("#")[0].split() for line in readme.splitlines() if line.strip().startswith("maritime-incidents ")]
    assert len(lines) >= 8
    for words in lines:
        command = [w for w in words[1:3] if not w.isupper() and not w.startswith(("-", "[", "<"))]
        result = CliRunner().invoke(cli, [*command, "--help"])
        assert result.exit_code == 0, f"README names a command that does not exist: {' '.join(words)}"
        for option in (w.split("=")[0] for w in words if w.startswith("--")):
            assert option in result.output, f"{' '.join(command)} has no option {option}"
