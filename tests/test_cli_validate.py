"""`maritime-incidents validate`: exit codes, where the report goes, and how it reads."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from maritime_incidents.cli import cli
from maritime_incidents.schema import INCIDENT_TYPES

from .conftest import MINI
from .test_rules import DEP, STK, edit


def run(*args: str):
    return CliRunner().invoke(cli, ["validate", *args])


def test_a_valid_folder_is_ok_on_stdout():
    result = run(str(MINI))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"OK: {MINI} passes every rule\n"
    assert result.stderr == ""


def test_problems_go_to_stderr_sorted_by_file_and_line(mini_copy: Path):
    edit(mini_copy, "incidents.csv", STK, incident_type="airstrike", survivors="NaN")
    edit(mini_copy, "incidents.csv", DEP, date_start="2025-02-30")
    edit(mini_copy, "people.csv", 2, age="old")
    result = run(str(mini_copy))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == "4 problem(s) in 2 file(s):"
    assert lines[1:] == [
        f"  incidents.csv:{DEP} [date_start] type.date: no such calendar date (value: '2025-02-30')",
        f"  incidents.csv:{STK} [incident_type] vocab: not one of: {', '.join(INCIDENT_TYPES)} (value: 'airstrike')",
        f"  incidents.csv:{STK} [survivors] missing_token: write a missing value as an empty cell, not as a word (value: 'NaN')",
        "  people.csv:2 [age] type.int: not a whole number >= 0 (value: 'old')",
    ]


def test_a_long_value_is_cut_in_the_report(mini_copy: Path):
    edit(mini_copy, "incidents.csv", STK, notes="x" * 10_001)
    (line,) = [x for x in run(str(mini_copy)).stderr.splitlines() if "text.too_long" in x]
    assert re.search(r"\(value: 'x{57}\.\.\.'\)$", line)


def test_a_missing_folder_is_one_problem(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("nowhere")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "1 problem(s) in 1 file(s):",
        "  nowhere folder.exists: dataset folder not found (value: 'nowhere')",
    ]


def test_a_file_is_not_a_folder(tmp_path: Path):
    (tmp_path / "f.csv").write_text("x\n", encoding="utf-8")
    result = run(str(tmp_path / "f.csv"))
    assert result.exit_code == 2 and "is a file" in result.output
