"""Tracks: the Bella 1 -> Marinera pursuit as a dated, sourced line; exports read back by GDAL and DuckDB."""

from __future__ import annotations

import csv
from pathlib import Path

import pyogrio
from shapely.geometry import Point

import maritime_incidents as mi
from maritime_incidents import geodata
from maritime_incidents.validate import validate


def test_bella_1_track_runs_from_the_caribbean_to_the_north_atlantic():
    tracks = mi.load_tracks()
    bella = tracks.set_index("track_id").loc["TRK-BELLA1"]
    assert "Bella 1" in bella.vessel_name and "Marinera" in bella.vessel_name
    assert bella.incident_ids == "PUR-20251220-01; SZR-20260107-01"
    coords = list(bella.geometry.coords)
    start, end = Point(coords[0]), Point(coords[-1])
    assert geodata.region_of([start.y], [start.x])[0] == "caribbean"
    assert end.y > 55 and -10 < end.x < 0  # escorted to the Moray Firth
    waypoints = mi.load_waypoints()
    pts = waypoints[waypoints.track_id == "TRK-BELLA1"]
    assert list(pts.seq) == sorted(pts.seq) and (pts.date_start.diff().dropna().dt.days >= 0).all()
    for lon, lat in zip(pts.longitude, pts.latitude, strict=True):  # every waypoint is a vertex, in order
        assert (round(lon, 4), round(lat, 4)) in coords
    assert len(coords) > 3 * len(pts)  # densified along great circles


def test_every_waypoint_cites_a_source_of_its_incident():
    sources = mi.load_sources()
    cited = set(zip(sources.incident_id, sources.url, strict=True))
    for row in mi.load_waypoints().itertuples():
        assert (row.incident_id, row.source_url) in cited


def test_validator_names_a_waypoint_without_its_source(data_copy: Path):
    path = data_copy / "waypoints.csv"
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    rows[1]["source_url"] = "https://example.org/not-a-source"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    (p,) = [p for p in validate(data_copy).problems if p.rule == "link.source"]
    assert (p.file, p.row, p.column, p.value) == ("waypoints.csv", 3, "source_url", "https://example.org/not-a-source")


def test_gdal_reads_areas_and_tracks_layers(exported):
    layers = dict(pyogrio.list_layers(exported / "incidents.gpkg"))
    area_layer = next(name for name in layers if "area" in name)
    assert layers[area_layer] in ("Polygon", "MultiPolygon") and layers["tracks"] == "LineString"
    areas = pyogrio.read_dataframe(exported / "incidents.gpkg", layer=area_layer)
    g = mi.load()
    assert len(areas) == int((g.geo_precision != "unknown").sum())
    assert {"incident_id", "basin", "sea", "sub_area", "waters"} <= set(areas.columns)
    geojson = pyogrio.read_dataframe(exported / "incident_areas.geojson")
    assert len(geojson) == len(areas) and geojson.crs.to_epsg() == 4326
    tracks = pyogrio.read_dataframe(exported / "tracks.geojson")
    assert list(tracks.track_id) == ["TRK-BELLA1"]


def test_duckdb_reads_areas_and_tracks_geoparquet(exported, duckdb_spatial):
    con = duckdb_spatial
    n, caribbean = con.sql(
        f"SELECT count(*), count(*) FILTER (WHERE sea = 'Caribbean Sea') FROM read_parquet('{exported / 'incident_areas.parquet'}') "
        "WHERE ST_GeometryType(geometry) IN ('POLYGON', 'MULTIPOLYGON') AND ST_Area(geometry) > 0"
    ).fetchone()
    areas = mi.load_areas()
    assert n == len(areas) and caribbean == int((areas.sea == "Caribbean Sea").sum()) > 0
    (north,) = con.sql(f"SELECT ST_YMax(geometry) FROM read_parquet('{exported / 'tracks.parquet'}')").fetchone()
    assert north > 60  # the line reaches south of Iceland
