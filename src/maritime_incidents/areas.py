"""The incidents' areas (`areas.geojson`): load them, and check them against the words.

An area is the region that holds every place a row's sources name (see `geocode.py`); the
row's point is a representative point inside it. The file holds one feature per distinct
area with the `incident_ids` it stands for ("; "-separated), so the rows known only as "in the
eastern Pacific" share one polygon. `geotag --write` makes it; the rules below check it, so a
hand-edited or stale area is reported like any other problem.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import shapely
from shapely.geometry import Point, shape

from . import shapes
from ._errors import Problem
from .geocode import is_land_row, named_places, unplaced_phrases

AREAS_FILE = "areas.geojson"
POINT_TOLERANCE_DEG = 0.001  # the file's vertices sit on a 0.001° grid
PLACE_TOLERANCE_KM = 1.0
HIERARCHY = ("basin", "sea", "sub_area", "waters")


def read_areas(folder: Path, problems: list[Problem]) -> dict[str, shapely.Geometry] | None:
    """incident_id -> area polygon, or None when the folder has no areas file."""
    file = folder / AREAS_FILE
    if not file.exists():
        return None
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
        features = doc["features"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError) as e:
        problems.append(Problem(AREAS_FILE, 0, "", "file.parse", type(e).__name__, f"not a GeoJSON FeatureCollection: {e}"))
        return None
    out: dict[str, shapely.Geometry] = {}
    for n, feature in enumerate(features, start=1):
        try:
            ids = [i.strip() for i in str(feature["properties"]["incident_ids"]).split(";") if i.strip()]
            geom = shape(feature["geometry"])
        except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.GEOSException) as e:
            problems.append(Problem(AREAS_FILE, n, "geometry", "area.invalid", type(e).__name__, f"feature {n} is not an area: {e}"))
            continue
        if geom.is_empty or geom.geom_type not in ("Polygon", "MultiPolygon") or not geom.is_valid:
            problems.append(Problem(AREAS_FILE, n, "geometry", "area.invalid", geom.geom_type, f"feature {n} is not a valid polygon"))
            continue
        for i in ids:
            if i in out:
                problems.append(
                    Problem(AREAS_FILE, n, "incident_ids", "key.unique", i, "incident already has an area in an earlier feature")
                )
            out[i] = geom
    return out


def check_areas(folder: Path, incidents: list[dict[str, str]], problems: list[Problem]) -> None:
    """Every located row has an area; its point and every place its words name lie inside it."""
    areas = read_areas(folder, problems)
    if areas is None:
        return
    known = {r.get("incident_id", "") for r in incidents}
    for i in sorted(set(areas) - known):
        problems.append(Problem(AREAS_FILE, 0, "incident_ids", "link.incident", i, "no incident has this id"))
    for row in incidents:
        line, iid = int(row["__line__"]), row.get("incident_id", "")
        area = areas.get(iid)
        check_unplaced_words(row, line, problems)
        if row.get("geo_precision") == "unknown":
            if area is not None:
                problems.append(
                    Problem("incidents.csv", line, "geo_precision", "area.unknown_has_area", iid, "an unknown place has no area")
                )
            continue
        if area is None:
            problems.append(
                Problem("incidents.csv", line, "incident_id", "area.missing", iid, f"located incident has no area in {AREAS_FILE}")
            )
            continue
        check_point_inside(row, area, line, problems)
        check_places_inside(row, area, line, problems)


def check_unplaced_words(row: dict[str, str], line: int, problems: list[Problem]) -> None:
    """A row that fell back to its region or to 'unknown' while its words name a place the gazetteer
    does not know is reported: its area would otherwise be a silent guess."""
    if row.get("geo_precision") not in ("region", "unknown"):
        return
    for phrase in unplaced_phrases(row.get("location_text", "")):
        problems.append(
            Problem(
                "incidents.csv",
                line,
                "location_text",
                "geo.unplaced",
                phrase,
                f"the gazetteer cannot place {phrase!r}, so the row fell back to {row.get('geo_precision')}: add it to the gazetteer",
            )
        )


def check_point_inside(row: dict[str, str], area: shapely.Geometry, line: int, problems: list[Problem]) -> None:
    try:
        lat, lon = float(row["latitude"]), float(row["longitude"])
    except (KeyError, ValueError):
        return  # the cell rules report a missing or broken coordinate
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        return  # likewise: nan, inf or out of range is a cell problem, not an area one
    if not area.buffer(POINT_TOLERANCE_DEG).covers(Point(lon, lat)):
        km = shapes.distance_km(lon, lat, area)
        problems.append(
            Problem("incidents.csv", line, "latitude", "area.point_outside", f"{lat}, {lon}", f"point lies {km:.0f} km outside its area")
        )


def check_places_inside(row: dict[str, str], area: shapely.Geometry, line: int, problems: list[Problem]) -> None:
    """Each gazetteer place the words name as the incident's location must lie in the area."""
    for named in named_places(row.get("location_text", ""), row.get("region", ""), on_land=is_land_row(row)):
        if named.role != "location":
            continue
        km = shapes.distance_km(named.lon, named.lat, area)
        if km > PLACE_TOLERANCE_KM:
            problems.append(
                Problem(
                    "incidents.csv",
                    line,
                    "location_text",
                    "area.place_outside",
                    named.key,
                    f"the words name {named.key}, {km:.0f} km outside the area",
                )
            )
