"""The shell conventions: --version, -h, --json, -q/-v, progress on stderr, -o - for stdout.

Run as a real process where stdout and stderr must be told apart (click's test runner mixes them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents.cli import cli

COMMANDS = [["validate"], ["fmt"], ["codebook"], ["geotag"], ["map"], ["export"], ["correct"], ["reconcile"], ["docs"], ["import", "asam"]]


EXE = Path(sys.executable).parent / "maritime-incidents"


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, **kwargs)


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and mi.__version__ in result.output


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_dash_h_on_every_command(command):
    result = CliRunner().invoke(cli, [*command, "-h"])
    assert result.exit_code == 0 and "Usage:" in result.output and "Exit codes" in result.output


@pytest.mark.parametrize("command", [c for c in COMMANDS if c[0] not in ("codebook",)], ids=" ".join)
def test_quiet_and_verbose_on_every_command(command):
    out = CliRunner().invoke(cli, [*command, "-h"]).output
    assert "-q, --quiet" in out and "-v, --verbose" in out


def test_validate_json(data_copy: Path):
    ok = CliRunner().invoke(cli, ["validate", "--json", str(data_copy)])
    assert ok.exit_code == 0 and json.loads(ok.output)["ok"] is True
    f = data_copy / "incidents.csv"
    f.write_text(f.read_text(encoding="utf-8").replace(",strike,", ",airstrike,", 1), encoding="utf-8")
    bad = CliRunner().invoke(cli, ["validate", "--json", str(data_copy)])
    doc = json.loads(bad.output)
    assert bad.exit_code == 1 and doc["ok"] is False
    assert doc["problems"][0] == {
        "file": "incidents.csv",
        "line": doc["problems"][0]["line"],
        "column": "incident_type",
        "rule": "vocab",
        "value": "airstrike",
        "message": doc["problems"][0]["message"],
    }


def test_reconcile_json():
    result = CliRunner().invoke(cli, ["reconcile", "--json"])
    doc = json.loads(result.output)
    assert {"statements", "unexplained", "written"} <= set(doc)
    assert len(doc["statements"]) == len(mi.load_official_totals())
    assert result.exit_code == (1 if doc["unexplained"] else 0)


def test_geotag_json():
    result = CliRunner().invoke(cli, ["geotag", "--json"])
    doc = json.loads(result.output)
    assert result.exit_code == (1 if doc["differences"] else 0) and doc["written"] is False


def test_quiet_prints_nothing_on_success_and_errors_still(tmp_path: Path):
    assert run("validate", "-q").stdout == ""
    result = run("map", "-q", "-o", str(tmp_path / "m.html"))
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    bad = run("validate", "-q", str(tmp_path / "nowhere"))
    assert bad.returncode == 1 and "folder.exists" in bad.stderr


def test_progress_goes_to_stderr_and_stdout_stays_clean(tmp_path: Path):
    """-v shows the bar even off a terminal; the page on stdout is the page alone."""
    result = run("map", "-v", "-o", "-")
    assert result.returncode == 0
    assert result.stdout.startswith("<!DOCTYPE html>") and result.stdout.rstrip().endswith("</html>")
    assert "building the map" in result.stderr  # -v logs each stage; the bar itself appears past a second
    assert "building the map" not in result.stdout


def test_dash_o_dash_writes_the_map_to_stdout(tmp_path: Path):
    from maritime_incidents.map import map_html

    result = run("map", "-o", "-", cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == map_html()  # the page is deterministic
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", [["export"], ["import", "asam", __file__]], ids=" ".join)
def test_dash_o_dash_is_refused_where_the_output_is_a_folder(command, tmp_path: Path):
    result = run(*command, "-o", "-", cwd=tmp_path)
    assert result.returncode == 2 and "name a folder" in result.stderr
    assert not (tmp_path / "-").exists()


def test_validation_reports_progress_row_by_row(data_copy: Path):
    seen: list[int] = []
    mi.validate(data_copy, progress=seen.append)
    from maritime_incidents.io import read_table
    from maritime_incidents.schema import TABLES

    tables = [read_table(data_copy, t) for t in TABLES.values() if (data_copy / t.filename).exists()]
    assert len(tables) >= 6 and sum(seen) == sum(len(t) for t in tables)
