"""`maritime-incidents export`: each option (README: `export -o DIR`; `--data`, `-q`, `-v`, `-h`), what
it writes checked against the data it read, and the usage errors that write nothing.

The formats themselves (RFC 7946, GeoParquet metadata, GDAL, DuckDB, frictionless) are read back in
test_export.py; here the question is whether the command exports the right data where it was told.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from click.testing import CliRunner, Result

import maritime_incidents as mi
from maritime_incidents.cli import cli
from maritime_incidents.datafiles import read_rows

from .conftest import MINI
from .test_rules import STK, edit

WROTE = re.compile(r"^wrote (?P<path>.+) \((?P<kb>\d+) kB\)$")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["export", *args])


@pytest.fixture(scope="module")
def mini_export(tmp_path_factory) -> tuple[Result, Path]:
    """`export -o DIR --data tests/fixtures/mini`, run once for the tests that read what it wrote."""
    out = tmp_path_factory.mktemp("cli_export") / "out"
    return run("-o", str(out), "--data", str(MINI)), out


def exported_ids(folder: Path) -> list[str]:
    doc = json.loads((folder / "incidents.geojson").read_text(encoding="utf-8"))
    return [f["id"] for f in doc["features"]]


def test_output_gets_every_table_of_the_data_in_every_format(mini_export):
    result, out = mini_export
    assert result.exit_code == 0, result.output
    data = mi.load(MINI)
    ids = list(data.incident_id)
    assert exported_ids(out) == ids
    assert list(gpd.read_parquet(out / "incidents.parquet").incident_id) == ids
    assert list(pyogrio.read_dataframe(out / "incidents.gpkg", layer="incidents").incident_id) == ids
    # every table of the dataset folder leaves as CSV with the same rows (the file as the data keep it)
    for src in sorted(MINI.glob("*.csv")):
        assert read_rows(out / src.name) == read_rows(src), src.name
    # the data package describes exactly the files written beside it
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in pkg["resources"]} | {"datapackage.json"} == {p.name for p in out.iterdir()}


def test_the_summary_names_each_file_written_and_its_size(mini_export):
    result, out = mini_export
    lines = result.stdout.splitlines()
    found = [WROTE.match(line) for line in lines]
    assert all(found), lines
    written = {Path(m["path"]) for m in found if m}
    assert written == set(out.iterdir())
    for m in found:
        assert m and int(m["kb"]) == round(Path(m["path"]).stat().st_size / 1e3)
    assert result.stderr == ""


def test_data_defaults_to_the_bundled_dataset(tmp_path: Path):
    out = tmp_path / "out"
    result = run("-o", str(out))
    assert result.exit_code == 0, result.output
    bundled = list(mi.load().incident_id)
    assert exported_ids(out) == bundled
    assert bundled != list(mi.load(MINI).incident_id)  # so the --data test above tells the two apart


def test_data_exports_a_changed_folder_as_it_is_now(tmp_path: Path, mini_copy: Path):
    edit(mini_copy, "incidents.csv", STK, notes="changed for the export test")
    out = tmp_path / "out"
    assert run("-o", str(out), "--data", str(mini_copy)).exit_code == 0
    doc = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    notes = {f["id"]: f["properties"]["notes"] for f in doc["features"]}
    assert notes[read_rows(mini_copy / "incidents.csv")[1][STK - 2]["incident_id"]] == "changed for the export test"


def test_quiet_writes_the_same_files_and_prints_nothing(tmp_path: Path, mini_export):
    _, loud = mini_export
    out = tmp_path / "out"
    result = run("-o", str(out), "--data", str(MINI), "-q")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in loud.iterdir())
    assert exported_ids(out) == exported_ids(loud)


def test_verbose_still_exports_and_summarises(tmp_path: Path):
    out = tmp_path / "out"
    result = run("-o", str(out), "--data", str(MINI), "-v")
    assert result.exit_code == 0, result.output
    assert {Path(m["path"]) for m in map(WROTE.match, result.stdout.splitlines()) if m} == set(out.iterdir())


def test_help_lists_every_option():
    result = run("-h")
    assert result.exit_code == 0
    for option in ("-o, --output DIRECTORY", "--data DIRECTORY", "-q, --quiet", "-v, --verbose", "-h, --help"):
        assert option in result.stdout, option


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["-o", "-"], "an export is a folder of files; name a folder"),
        ([], "Missing option '-o'"),
        (["-o", "a-file.txt"], "is a file"),
    ],
    ids=["stdout", "no output", "a file"],
)
def test_usage_errors_exit_2_and_write_nothing(tmp_path: Path, monkeypatch, args: list[str], says: str):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a-file.txt").write_text("kept", encoding="utf-8")
    result = run(*args, "--data", str(MINI))
    assert result.exit_code == 2 and says in result.stderr, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file.txt"]
    assert (tmp_path / "a-file.txt").read_text(encoding="utf-8") == "kept"


def test_a_missing_data_folder_is_one_problem_and_nothing_is_written(tmp_path: Path):
    out = tmp_path / "out"
    result = run("-o", str(out), "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 1 and "folder.exists" in result.stderr and "Traceback" not in result.output
    assert not out.exists()


def test_invalid_data_write_nothing_and_print_the_report(tmp_path: Path, mini_copy: Path):
    edit(mini_copy, "incidents.csv", STK, incident_type="airstrike")
    out = tmp_path / "out"
    result = run("-o", str(out), "--data", str(mini_copy))
    assert result.exit_code == 1 and "Traceback" not in result.output and result.stdout == ""
    assert f"incidents.csv:{STK} [incident_type] vocab:" in result.stderr and "'airstrike'" in result.stderr
    assert not out.exists()
