"""validate: the bundled data passes; every problem of a broken copy is reported at once."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents.cli import cli


def rewrite(path: Path, edit) -> None:
    """Apply edit(rows) to a CSV in place, keeping its header."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    edit(rows)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def test_bundled_data_passes():
    report = mi.validate()
    assert report.ok, str(report)


def test_cli_validate_bundled_exit_0():
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert "OK" in result.output


def break_everything(folder: Path) -> None:
    def edit(rows):
        rows[0]["incident_type"] = "airstrike"  # unknown vocabulary value
        rows[1]["date_start"] = "2025-02-30"  # no such date
        rows[2]["latitude"] = "13°14'00\"N"  # DMS in a decimal column
        rows[3]["latitude"], rows[3]["longitude"] = rows[3]["longitude"], rows[3]["latitude"]  # swapped
        rows[4]["date_end"] = "2025-01-01"  # before date_start
        rows[5]["killed_low"] = "99"  # above killed
        rows[6]["uncertainty_km"] = "0"  # approximate point with no radius
        rows[7]["incident_id"] = rows[8]["incident_id"]  # duplicate id
        rows[9]["latitude"], rows[9]["longitude"] = "10.5", "-66.9"  # Caracas: on land, no reason given
        rows[9]["on_land_reason"] = ""
        rows[10]["killed"] = "NaN"  # missing-value word in a count

    rewrite(folder / "incidents.csv", edit)

    def orphan(rows):
        rows[0]["incident_id"] = "STK-19990101-01"  # source for no incident

    rewrite(folder / "sources.csv", orphan)


def test_broken_copy_reports_every_problem(data_copy: Path):
    break_everything(data_copy)
    report = mi.validate(data_copy)
    rules = {(p.file, p.column, p.rule) for p in report.problems}
    expected = {
        ("incidents.csv", "incident_type", "vocab"),
        ("incidents.csv", "date_start", "type.date"),
        ("incidents.csv", "latitude", "type.decimal_degrees"),
        ("incidents.csv", "latitude", "geo.swapped"),
        ("incidents.csv", "date_end", "dates.order"),
        ("incidents.csv", "killed_low", "killed.range"),
        ("incidents.csv", "uncertainty_km", "geo.uncertainty"),
        ("incidents.csv", "incident_id", "key.unique"),
        ("incidents.csv", "latitude", "geo.on_land"),
        ("incidents.csv", "killed", "missing_token"),
        ("sources.csv", "incident_id", "link.incident"),
    }
    assert expected <= rules, sorted(expected - rules)
    # the row number is the CSV line: the first data row is line 2
    vocab = next(p for p in report.problems if p.rule == "vocab")
    assert vocab.row == 2 and vocab.value == "airstrike"


def test_missing_source_is_reported(data_copy: Path):
    first_id = mi.load(data_copy)["incident_id"].iloc[0]
    rewrite(data_copy / "sources.csv", lambda rows: rows.__setitem__(slice(None), [r for r in rows if r["incident_id"] != first_id]))
    report = mi.validate(data_copy)
    assert any(p.rule == "sources.missing" and p.value == first_id for p in report.problems)


def test_cli_reports_without_traceback(data_copy: Path):
    break_everything(data_copy)
    result = CliRunner().invoke(cli, ["validate", str(data_copy)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "incidents.csv:2 [incident_type] vocab" in result.output
    assert "sources.csv:" in result.output


def test_malformed_csv_is_reported(data_copy: Path):
    path = data_copy / "incidents.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + 'X-1,"unterminated\n', encoding="utf-8")
    report = mi.validate(data_copy)
    assert any(p.rule.startswith("format.") for p in report.problems), str(report)


def test_encoding_problems(data_copy: Path):
    path = data_copy / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    (data_copy / "corrections.csv").write_bytes(b"incident_id,changed_on\n" + b"\xff\xfe\n")
    rules = {p.rule for p in mi.validate(data_copy, strict=True).problems}
    assert {"encoding.bom", "format.line_endings", "encoding.utf8"} <= rules
    lenient = {p.rule for p in mi.validate(data_copy).problems}
    assert "encoding.utf8" in lenient and not {"encoding.bom", "format.line_endings"} & lenient  # BOM and CRLF are valid RFC 4180


def test_missing_and_unknown_columns(data_copy: Path):
    path = data_copy / "corrections.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("reason", "why")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = {(p.column, p.rule) for p in mi.validate(data_copy).problems}
    assert ("reason", "schema.missing_column") in found
    assert ("why", "schema.unknown_column") in found


def test_load_refuses_invalid_data(data_copy: Path):
    break_everything(data_copy)
    try:
        mi.load(data_copy)
    except mi.ValidationError as e:
        assert len(e.problems) >= 11
    else:
        raise AssertionError("load() accepted invalid data")
