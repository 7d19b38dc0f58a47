"""people.csv: every person is named by a source read for the incident; loaded, exported, counted."""

from __future__ import annotations

import csv
from pathlib import Path

import pyogrio
import pytest

import maritime_incidents as mi
from maritime_incidents import docs
from maritime_incidents.schema import FATES, PEOPLE


def append_row(path: Path, row: dict[str, str]) -> int:
    """Append one row to a CSV (header kept); return the line number it lands on."""
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    rows.append({h: row.get(h, "") for h in header})
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return len(rows) + 1  # the header is line 1


PLANTED = {
    "incident_id": "STK-20250902-01",
    "name": "A Name From A Post",
    "fate": "killed",
    "source_url": "https://example.org/an-unsourced-post",
    "claim": "a name that circulated on social media",
}


def test_bundled_people_all_have_a_source():
    people = mi.load_people()
    sources = mi.load_sources(validate=False)
    read = set(zip(sources["incident_id"], sources["url"], strict=True))
    assert len(people) > 0
    for p in people.itertuples():
        assert (p.incident_id, p.source_url) in read, p.name
        assert p.fate in FATES


def test_a_person_without_a_source_is_refused_with_file_line_column_rule(data_copy: Path):
    line = append_row(data_copy / PEOPLE.filename, PLANTED)
    report = mi.validate(data_copy)
    hits = [p for p in report.problems if p.rule == "people.unsourced"]
    assert len(hits) == 1, str(report)
    assert (hits[0].file, hits[0].row, hits[0].column, hits[0].value) == ("people.csv", line, "source_url", PLANTED["source_url"])
    with pytest.raises(mi.ValidationError):
        mi.load_people(data_copy)


def test_a_source_of_another_incident_does_not_count(data_copy: Path):
    """The URL is a real source row, but of a different incident: still unsourced for this one."""
    other = mi.load_sources(data_copy, validate=False)
    url = other[other["incident_id"] == "STK-20251014-01"]["url"].iloc[0]
    line = append_row(data_copy / PEOPLE.filename, PLANTED | {"source_url": url})
    hits = [p for p in mi.validate(data_copy).problems if p.rule == "people.unsourced"]
    assert [(h.row, h.column) for h in hits] == [(line, "source_url")]


def test_a_person_of_no_incident_and_an_unknown_fate_are_reported(data_copy: Path):
    line = append_row(data_copy / PEOPLE.filename, PLANTED | {"incident_id": "STK-19990101-01", "fate": "missing"})
    found = {(p.rule, p.column, p.row) for p in mi.validate(data_copy).problems if p.file == "people.csv"}
    assert ("link.incident", "incident_id", line) in found
    assert ("vocab", "fate", line) in found


def test_people_is_optional(data_copy: Path):
    (data_copy / PEOPLE.filename).unlink()
    assert mi.validate(data_copy).ok
    assert mi.load_people(data_copy).empty


def test_nationality_counts_in_the_readme_block_come_from_the_rows():
    people = mi.load_people()
    block = docs.people_table()
    for nationality, n in people["nationality"].fillna("not reported").value_counts().items():
        assert f"| {nationality} | {n} |" in block
    assert f"| **all** | **{len(people)}** |" in block


def test_export_writes_people_csv_and_a_gpkg_table(tmp_path: Path):
    written = mi.export(tmp_path / "out")
    assert tmp_path / "out" / "people.csv" in written
    layers = {name for name, _ in pyogrio.list_layers(tmp_path / "out" / "incidents.gpkg")}
    assert "people" in layers
    back = pyogrio.read_dataframe(tmp_path / "out" / "incidents.gpkg", layer="people", read_geometry=False)
    assert sorted(back["name"]) == sorted(mi.load_people()["name"])
