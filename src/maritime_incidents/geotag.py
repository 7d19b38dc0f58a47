"""Apply the geocoder to a dataset's incidents: check that the points follow from the words."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .geocode import GeoResult, geocode
from .io import write_atomic
from .schema import INCIDENTS

GEO_COLUMNS = ("latitude", "longitude", "geo_precision", "uncertainty_km", "geo_rule")


def derive(row: dict[str, str]) -> GeoResult:
    """The point a row's words give; a 'reported' row keeps its own coordinates."""
    reported = None
    if row.get("geo_precision") == "reported":
        reported = (float(row["latitude"]), float(row["longitude"]))
    return geocode(row["location_text"], row["region"], reported)


def as_cells(result: GeoResult) -> dict[str, str]:
    return {
        "latitude": f"{result.latitude:.4f}",
        "longitude": f"{result.longitude:.4f}",
        "geo_precision": result.geo_precision,
        "uncertainty_km": f"{result.uncertainty_km:.1f}",
        "geo_rule": result.geo_rule,
    }


def geotag_folder(folder: Path, *, write: bool = False) -> list[str]:
    """Differences between each row's geo columns and what its words give; with write, fix them."""
    file = folder / INCIDENTS.filename
    with open(file, newline="", encoding="utf-8-sig") as f:  # a spreadsheet's BOM is not part of the header
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    diffs = []
    for line, row in enumerate(rows, start=2):
        want = as_cells(derive(row))
        changed = {k: (row.get(k, ""), v) for k, v in want.items() if row.get(k, "") != v}
        if changed:
            diffs.append(f"{file.name}:{line} {row['incident_id']}: " + ", ".join(f"{k} {a!r} -> {b!r}" for k, (a, b) in changed.items()))
            row.update(want)
    if write and diffs:
        buf = io.StringIO()
        w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
        write_atomic(file, lambda tmp: tmp.write_text(buf.getvalue(), encoding="utf-8"))
    return diffs
