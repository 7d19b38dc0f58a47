"""`import asam` on what a large or odd export holds: a cell past the csv module's limit, progress in bytes."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

import maritime_incidents as mi
from maritime_incidents.asam import EXPECTED_COLUMNS, import_asam
from maritime_incidents.cli import cli

ROW = {
    "reference": "2022-1",
    "date": "2022-01-05",
    "position": "1°07'00\"N\n103°31'00\"E",
    "navArea": "XI",
    "subreg": "71",
    "hostility": "Robbers",
    "victim": "Tanker X",
    "description": "SINGAPORE STRAIT: robbers boarded.",
}


def write_asam(path: Path, rows: list[dict]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=EXPECTED_COLUMNS)
        w.writeheader()
        w.writerows(rows)
    return path


def test_a_cell_over_131072_characters_is_imported_and_reported_once(tmp_path: Path):
    long = {**ROW, "reference": "2022-2", "description": "STRAIT: " + "x" * 200_000}
    src = write_asam(tmp_path / "asam.csv", [ROW, long, {**ROW, "reference": "2022-3"}])
    result = CliRunner().invoke(cli, ["import", "asam", str(src), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "3 rows read, 3 imported" in result.output and "please report" not in result.output
    report = list(csv.DictReader(open(tmp_path / "out" / "import_report.csv", newline="", encoding="utf-8")))
    assert [(r["reference"], r["rule"]) for r in report] == [("2022-2", "text.too_long")]
    notes = mi.load(tmp_path / "out").set_index("incident_id").loc["ASAM-2022-2", "notes"]
    assert len(notes) <= 10_000 and notes.startswith("STRAIT: xxx")


def test_progress_counts_every_byte(tmp_path: Path):
    src = write_asam(tmp_path / "asam.csv", [{**ROW, "reference": f"2022-{i}"} for i in range(1, 5001)])
    seen: list[int] = []
    report = import_asam(src, tmp_path / "out", progress=seen.append)
    assert report.rows_imported == 5000
    assert len(seen) > 1 and sum(seen) == src.stat().st_size


def test_update_links_survive_the_chunks(tmp_path: Path, monkeypatch):
    """The earlier entry is marked merged even when its update comes chunks later."""
    monkeypatch.setattr("maritime_incidents.asam.CHUNK_ROWS", 2)
    rows = [{**ROW, "reference": f"2022-{i}"} for i in range(1, 8)]
    rows[6]["description"] = "STRAIT: (Update of entry 2022-1) more."
    import_asam(write_asam(tmp_path / "asam.csv", rows), tmp_path / "out")
    gdf = mi.load(tmp_path / "out").set_index("incident_id")
    assert gdf.loc["ASAM-2022-1", "status"] == "merged" and gdf.loc["ASAM-2022-1", "superseded_by"] == "ASAM-2022-7"
    assert (gdf.drop(index="ASAM-2022-1").status == "active").all()
