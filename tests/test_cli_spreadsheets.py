"""Files saved by Excel, Google Sheets or pandas are read as meant; `--strict` and `fmt` bring back the kept form;
the validator and the exported data package (read by frictionless) give the same verdict on the same cells."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from frictionless import Package

import maritime_incidents as mi
from maritime_incidents.cli import cli
from maritime_incidents.schema import TABLES

TABLE_FILES = [t.filename for t in TABLES.values()]


def rows_of(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def save_as_excel_csv_utf8(folder: Path) -> None:
    """Excel's "CSV UTF-8": a byte-order mark, CRLF after every record, LF inside quoted cells."""
    for name in TABLE_FILES:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows_of(folder / name))
        (folder / name).write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def save_as_google_sheets(folder: Path) -> None:
    """Google Sheets' CSV download: CRLF between records, none after the last."""
    for name in TABLE_FILES:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(rows_of(folder / name))
        (folder / name).write_bytes(buf.getvalue().removesuffix("\r\n").encode("utf-8"))


def pandas_round_trip(folder: Path) -> None:
    """What `pd.read_csv(f).to_csv(f)` does: an index column, 3.0 for counts with gaps."""
    for name in TABLE_FILES:
        pd.read_csv(folder / name).to_csv(folder / name)


def spaces_and_short_dates(folder: Path) -> None:
    """Hand edits a spreadsheet keeps: a space after a name and a count, a date without leading zeros."""
    f = folder / "incidents.csv"
    frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    pick = frame.date_start.str.match(r"\d{4}-0\d-0\d") & (frame.date_end == frame.date_start) & (frame.vessel_name != "")
    i = frame.index[pick][0]
    frame.loc[i, "vessel_name"] += " "
    frame.loc[i, "killed"] = " " + frame.loc[i, "killed"] if frame.loc[i, "killed"] else ""
    y, m, d = frame.loc[i, "date_start"].split("-")
    frame.loc[i, ["date_start", "date_end"]] = f"{y}-{int(m)}-{int(d)}"
    frame.to_csv(f, index=False, lineterminator="\n")


SPREADSHEETS = {
    "excel": save_as_excel_csv_utf8,
    "sheets": save_as_google_sheets,
    "pandas": pandas_round_trip,
    "hand": spaces_and_short_dates,
}


@pytest.mark.parametrize("kind", SPREADSHEETS)
def test_spreadsheet_files_validate_load_and_format_back(data_copy: Path, kind: str):
    original = {n: (data_copy / n).read_bytes() for n in TABLE_FILES}
    want = mi.load(data_copy)
    SPREADSHEETS[kind](data_copy)
    assert any((data_copy / n).read_bytes() != original[n] for n in TABLE_FILES)
    runner = CliRunner()
    result = runner.invoke(cli, ["validate", str(data_copy)])
    assert result.exit_code == 0, result.output
    pd.testing.assert_frame_equal(mi.load(data_copy), want)
    strict = runner.invoke(cli, ["validate", "--strict", "--json", str(data_copy)])
    assert strict.exit_code == 1 and '"rule"' in strict.output and "fmt" in strict.output
    assert runner.invoke(cli, ["fmt", "--check", str(data_copy)]).exit_code == 1
    assert runner.invoke(cli, ["fmt", str(data_copy)]).exit_code == 0
    # a hand edit leaves its trimmed space and padded date, and pandas drops a decimal's trailing zeros
    # (12.6960 -> 12.696, the same number): the kept form, not the old bytes
    if kind in ("excel", "sheets"):
        assert {n: (data_copy / n).read_bytes() for n in TABLE_FILES} == original
    pd.testing.assert_frame_equal(mi.load(data_copy), want)
    assert runner.invoke(cli, ["validate", "--strict", str(data_copy)]).exit_code == 0
    assert runner.invoke(cli, ["fmt", "--check", str(data_copy)]).exit_code == 0


def test_fmt_leaves_an_unreadable_folder_untouched(data_copy: Path):
    save_as_excel_csv_utf8(data_copy)
    before = {n: (data_copy / n).read_bytes() for n in TABLE_FILES}
    (data_copy / "sources.csv").write_bytes(before["sources.csv"] + b'X,"unterminated\r\n')
    result = CliRunner().invoke(cli, ["fmt", str(data_copy)])
    assert result.exit_code == 1 and "sources.csv" in result.output and "Traceback" not in result.output
    assert (data_copy / "incidents.csv").read_bytes() == before["incidents.csv"]


def test_export_of_a_spreadsheet_folder_is_in_the_kept_form(data_copy: Path, tmp_path: Path):
    expected = (data_copy / "incidents.csv").read_bytes()
    save_as_excel_csv_utf8(data_copy)
    mi.export(tmp_path / "out", data_copy)
    assert (tmp_path / "out" / "incidents.csv").read_bytes() == expected


def test_a_long_cell_is_one_problem(data_copy: Path):
    f = data_copy / "sources.csv"
    frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    frame.loc[5, "claims"] = "x" * 200_000  # past the csv module's 131,072-character field limit
    frame.to_csv(f, index=False, lineterminator="\n")
    problems = mi.validate(data_copy).problems
    assert [(p.file, p.row, p.column, p.rule) for p in problems] == [("sources.csv", 7, "claims", "text.too_long")]


def test_a_broken_row_does_not_echo_through_the_links(data_copy: Path):
    f = data_copy / "sources.csv"
    f.write_text(f.read_text(encoding="utf-8").replace("\n", '\nX,"unterminated\n', 1), encoding="utf-8")
    rules = [p.rule for p in mi.validate(data_copy).problems]
    assert rules == ["format.csv"], rules


# --- the validator and the data package agree ---------------------------------------------

#: (table, column, cell, valid?) -- the verdict both must give.
AGREE = [
    ("incidents", "date_start", "2025-9-2", True),
    ("incidents", "date_start", "2025-09-02 ", False),
    ("incidents", "date_start", "2025-02-30", False),
    ("incidents", "date_start", "02/09/2025", False),
    ("incidents", "killed", " 3", True),
    ("incidents", "killed", "3 ", True),
    ("incidents", "killed", "+3", True),
    ("incidents", "killed", "3.5", False),
    ("incidents", "killed", "-1", False),
    ("incidents", "killed", "three", False),
    ("incidents", "latitude", " 13.5", True),
    ("incidents", "latitude", "13,5", False),
    ("incidents", "latitude", "91", False),
    ("incidents", "vessel_name", "Name with a trailing space ", True),
    ("incidents", "vessel_name", "bell\x07char", False),
    ("incidents", "vessel_name", "x" * 10_001, False),
    ("incidents", "incident_type", "strike ", False),
    ("incidents", "incident_type", "Strike", False),
    ("incidents", "superseded_by", "has space", False),
    ("incidents", "superseded_by", "é", False),
    ("sources", "url", "javascript:alert(1)", False),
    ("sources", "url", "example.org", False),
    ("sources", "url", "https://example.org/a b", False),
    ("sources", "url", "HTTPS://example.org/", True),
    ("incidents", "imo", "9304667", True),
    ("incidents", "imo", "930466", False),
    ("incidents", "imo", "9304667; 9206310", True),
    ("incidents", "latitude", "nan", False),
    ("incidents", "latitude", "inf", False),
]

#: Where frictionless's type parsing differs and cannot be told otherwise by a schema: (table, column, cell,
#: validator's verdict). Python's int() takes other scripts' digits and "_"; frictionless refuses 3.0 as an
#: integer and 9304667.0 as an IMO number, which pandas writes and the validator reads as 3 and 9304667
#: (an export writes them 3 and 9304667, so the exported files always agree).
DIFFER = [
    ("incidents", "killed", "٣", False),
    ("incidents", "killed", "1_000", False),
    ("incidents", "killed", "3.0", True),
    ("incidents", "imo", "9304667.0", True),
]


@pytest.fixture(scope="module")
def package_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pkg") / "export"
    mi.export(out)
    return out


def verdicts(package_dir: Path, tmp_path: Path, table: str, column: str, cell: str) -> tuple[bool, bool]:
    """(validator says valid, frictionless says valid) for one cell put into a row of the export."""
    folder = tmp_path / "pkg"
    shutil.copytree(package_dir, folder)
    f = folder / TABLES[table].filename
    frame = pd.read_csv(f, dtype=str, keep_default_na=False)
    row = 3 if column != "killed" else int(frame.index[frame.killed != ""][0])
    frame.loc[row, column] = cell
    frame.to_csv(f, index=False, lineterminator="\n")
    line = row + 2
    ours = [p for p in mi.validate(folder).problems if p.file == f.name and p.row == line and p.column == column]
    cell_level = ("type", "range", "vocab", "whitespace", "text", "missing_token", "required", "pattern")
    cell_rules = [p for p in ours if p.rule.split(".")[0] in cell_level]
    report = Package(folder / "datapackage.json").validate()
    theirs = [
        e
        for task in report.tasks
        if task.name == table
        for e in task.errors
        if getattr(e, "row_number", None) == line
        and getattr(e, "field_name", None) == column
        and e.type in ("type-error", "constraint-error")
    ]
    return not cell_rules, not theirs


@pytest.mark.parametrize(("table", "column", "cell", "valid"), AGREE, ids=[f"{c}={v[:20]!r}" for _, c, v, _ in AGREE])
def test_validator_and_data_package_agree(package_dir: Path, tmp_path: Path, table, column, cell, valid):
    ours, theirs = verdicts(package_dir, tmp_path, table, column, cell)
    assert (ours, theirs) == (valid, valid)


@pytest.mark.parametrize(("table", "column", "cell", "valid"), DIFFER, ids=[f"{c}={v!r}" for _, c, v, _ in DIFFER])
def test_known_differences_stay_known(package_dir: Path, tmp_path: Path, table, column, cell, valid):
    """If frictionless starts to agree, move the case to AGREE; if the validator changes, it shows here."""
    ours, theirs = verdicts(package_dir, tmp_path, table, column, cell)
    assert (ours, theirs) == (valid, not valid)
