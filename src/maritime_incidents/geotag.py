"""Apply the geocoder to a dataset: every area, point and sea level follows from the words.

`geotag_folder` re-derives, from each row's `location_text` and `region`, the geo columns of
`incidents.csv` and `waypoints.csv` and the polygons of `areas.geojson`, and lists every
difference; with `write=True` it rewrites them. A test runs it on the shipped data, so no area
or point in the repository is placed by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping

from .datafiles import csv_text, read_rows
from .files import write_text
from .geocode import Location, is_land_row, locate, unplaced_phrases
from .schema import INCIDENTS, WAYPOINTS, Table

AREAS_FILE = "areas.geojson"
AREA_DECIMALS = 3


def derive(row: dict[str, str]) -> Location:
    """The area and point a row's words give; a 'reported' row keeps its own coordinates."""
    reported = None
    if row.get("geo_precision") == "reported":
        reported = (float(row["latitude"]), float(row["longitude"]))
    return locate(row["location_text"], row["region"], reported, on_land=is_land_row(row))


def as_cells(loc: Location, table: Table = INCIDENTS) -> dict[str, str]:
    """The geo columns of a row, as the CSV holds them (empty where nothing is known)."""
    cells = {
        "latitude": "" if loc.latitude is None else f"{loc.latitude:.4f}",
        "longitude": "" if loc.longitude is None else f"{loc.longitude:.4f}",
        "geo_precision": loc.geo_precision,
        "uncertainty_km": "" if loc.uncertainty_km is None else f"{loc.uncertainty_km:.1f}",
        "geo_rule": loc.geo_rule,
        "basin": loc.basin,
        "sea": loc.sea,
        "sub_area": loc.sub_area,
        "waters": loc.waters,
    }
    return {k: v for k, v in cells.items() if k in table.column_names}


def areas_geojson_text(areas: dict[str, shapely.Geometry]) -> str:
    """areas.geojson: one feature per distinct area with the ids of the incidents it holds.

    Thirty strikes known only as "in the eastern Pacific" share one polygon; storing it once
    keeps the file small and says plainly that those rows cannot be told apart by place.
    Sorted by first id and rounded to AREA_DECIMALS, so the same data give the same bytes."""
    groups: dict[bytes, list[str]] = {}
    shapes_by_key: dict[bytes, shapely.Geometry] = {}
    for incident_id in sorted(areas):
        rounded = shapely.transform(areas[incident_id], lambda xy: np.round(xy, AREA_DECIMALS))
        key = shapely.to_wkb(rounded)
        groups.setdefault(key, []).append(incident_id)
        shapes_by_key[key] = rounded
    features = [
        {"type": "Feature", "properties": {"incident_ids": "; ".join(ids)}, "geometry": mapping(shapes_by_key[key])}
        for key, ids in sorted(groups.items(), key=lambda kv: kv[1][0])
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n"


def with_geo_columns(header: list[str], table: Table) -> list[str]:
    """The header with any missing geo column added where the codebook puts it."""
    wanted = set(header) | set(as_cells(Location(None, None, "unknown", None, ""), table))
    return [c for c in table.column_names if c in wanted] + [c for c in header if c not in table.column_names]


def retag(file: Path, table: Table, key: str, diffs: list[str]) -> tuple[str, dict[str, Location]]:
    """New text of one table with its geo columns re-derived, and each row's location."""
    header, rows = read_rows(file)
    new_header = with_geo_columns(header, table)
    if new_header != header:
        diffs.append(f"{file.name}: columns {', '.join(c for c in new_header if c not in header)} added")
    located: dict[str, Location] = {}
    for line, row in enumerate(rows, start=2):
        loc = derive(row)
        want = as_cells(loc, table)
        ident = row.get(key, str(line)) + (f"#{row['seq']}" if "seq" in row else "")
        changed = {k: (row.get(k, ""), v) for k, v in want.items() if row.get(k, "") != v}
        if changed:
            diffs.append(f"{file.name}:{line} {ident}: " + ", ".join(f"{k} {a!r} -> {b!r}" for k, (a, b) in changed.items()))
            row.update(want)
        located[ident] = loc
    return csv_text(new_header, rows), located


def geotag_folder(folder: Path, *, write: bool = False) -> list[str]:
    """Differences between the stored geography and what the words give; with write, fix them."""
    diffs: list[str] = []
    outputs: dict[Path, str] = {}
    incidents_text, located = retag(folder / INCIDENTS.filename, INCIDENTS, "incident_id", diffs)
    outputs[folder / INCIDENTS.filename] = incidents_text
    areas = {i: loc.area for i, loc in located.items() if loc.area is not None}
    areas_text = areas_geojson_text(areas)
    areas_file = folder / AREAS_FILE
    old = areas_file.read_text(encoding="utf-8") if areas_file.exists() else ""
    if old != areas_text:
        diffs.append(f"{AREAS_FILE}: the areas differ from what the words give ({len(areas)} areas)")
    outputs[areas_file] = areas_text
    if (folder / WAYPOINTS.filename).exists():
        text, _ = retag(folder / WAYPOINTS.filename, WAYPOINTS, "track_id", diffs)
        outputs[folder / WAYPOINTS.filename] = text
    if write and diffs:
        for path, text in outputs.items():
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                write_text(path, text)
    return diffs


def unplaced_notes(folder: Path) -> list[str]:
    """Place names in the words that the gazetteer does not know, row by row: what to add to it."""
    _, rows = read_rows(folder / INCIDENTS.filename)
    notes = []
    for line, row in enumerate(rows, start=2):
        phrases = unplaced_phrases(row.get("location_text", ""))
        if phrases:
            notes.append(f"note: {INCIDENTS.filename}:{line} {row.get('incident_id', '')}: not placed: " + "; ".join(phrases))
    return notes
