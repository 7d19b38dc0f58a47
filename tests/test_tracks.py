"""Tracks: the Bella 1 -> Marinera pursuit as a dated, sourced line; exports read back by GDAL and DuckDB."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pyogrio
import pytest
from shapely.geometry import Point

import maritime_incidents as mi
from maritime_incidents import geodata
from maritime_incidents._errors import ValidationError
from maritime_incidents.shapes import GEOD
from maritime_incidents.tracks import check_waypoint_sources, great_circle
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


# Fast checks on the small fixture dataset and on hand-made input (no bundled data).

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


def test_great_circle_puts_a_vertex_about_every_50_km():
    """One degree along the equator (111.3 km): two vertices between, at a third and two thirds."""
    line = great_circle([(0.0, 0.0), (1.0, 0.0)])
    assert list(line.coords) == [(0.0, 0.0), (0.3333, 0.0), (0.6667, 0.0), (1.0, 0.0)]
    short = great_circle([(0.0, 0.0), (0.4, 0.0)])  # 44.5 km: no vertex between
    assert list(short.coords) == [(0.0, 0.0), (0.4, 0.0)]
    for km, vertices in ((60, 3), (99.9, 3), (100.1, 4)):  # a vertex between per full 50 km
        lon, lat, _ = GEOD.fwd(0.0, 0.0, 90.0, km * 1000)
        assert len(great_circle([(0.0, 0.0), (lon, lat)]).coords) == vertices, km
    three = great_circle([(-60.0, 10.0), (-60.0, 10.4), (-59.0, 10.4)])  # each leg keeps its ends, in order
    coords = list(three.coords)
    assert coords[0] == (-60.0, 10.0) and coords[-1] == (-59.0, 10.4) and coords.index((-60.0, 10.4)) == 1


def test_a_great_circle_bends_toward_the_pole():
    """Between two points at 60 N, the geodesic runs north of the parallel."""
    line = great_circle([(-40.0, 60.0), (0.0, 60.0)])
    middle = line.coords[len(line.coords) // 2]
    assert middle[1] > 61 and len(line.coords) > 40


def test_waypoint_sources_are_held_against_sources_csv():
    sources = [{"incident_id": "PUR-1", "url": "https://a.example/1"}]
    waypoints = [
        {"__line__": "2", "incident_id": "PUR-1", "source_url": "https://a.example/1"},  # cited
        {"__line__": "3", "incident_id": "PUR-1", "source_url": "https://b.example/2"},  # not a source
        {"__line__": "4", "incident_id": "PUR-2", "source_url": "https://a.example/1"},  # of another incident
        {"__line__": "5", "incident_id": "PUR-1", "source_url": ""},  # no source: another rule's business
    ]
    problems: list = []
    check_waypoint_sources({"sources": sources, "waypoints": waypoints}, problems)
    assert [(p.file, p.row, p.column, p.rule, p.value) for p in problems] == [
        ("waypoints.csv", 3, "source_url", "link.source", "https://b.example/2"),
        ("waypoints.csv", 4, "source_url", "link.source", "https://a.example/1"),
    ]
    assert problems[1].message == "not a source of PUR-2 in sources.csv"
    check_waypoint_sources(
        {
            "sources": sources,
            "waypoints": [{"__line__": "2", "source_url": "https://b.example/2"}, {"__line__": "3", "incident_id": "PUR-2"}],
        },
        problems,
    )  # a column missing: not this rule's report
    check_waypoint_sources({"sources": sources}, problems)  # no waypoints.csv
    assert len(problems) == 2
    unread: list = []
    check_waypoint_sources({"waypoints": waypoints}, unread)  # sources.csv not read: nothing to hold them to
    assert unread == []


def test_tracks_of_the_fixture_dataset_in_order(tmp_path: Path):
    """Rows in any order in the file come out by track and seq; one line per track."""
    with open(MINI / "waypoints.csv", newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    # a second track, whose sources are not in sources.csv: invalid, read as asked (validate=False)
    other = [{**r, "track_id": "TRK-AAA", "vessel_name": "Aaa", "source_url": "https://x.example/"} for r in rows[:2]]
    shutil.copytree(MINI, tmp_path / "d")
    with open(tmp_path / "d" / "waypoints.csv", "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows([*reversed(rows), *reversed(other)])
    points = mi.load_waypoints(tmp_path / "d", validate=False)
    assert list(zip(points.track_id, points.seq, strict=True)) == [
        ("TRK-AAA", 1), ("TRK-AAA", 2), ("TRK-BELLA1", 1), ("TRK-BELLA1", 2), ("TRK-BELLA1", 3), ("TRK-BELLA1", 4),
    ]  # fmt: skip
    assert points.index.tolist() == list(range(6)) and points.crs.to_epsg() == 4326
    assert points.columns.tolist() == [*header, "geometry"]
    assert (points.geometry.x == points.longitude).all() and (points.geometry.y == points.latitude).all()
    tracks = mi.load_tracks(tmp_path / "d", validate=False)
    assert tracks.columns.tolist() == ["track_id", "vessel_name", "incident_ids", "date_start", "date_end", "waypoints", "geometry"]
    assert tracks.crs.to_epsg() == 4326 and tracks.track_id.tolist() == ["TRK-AAA", "TRK-BELLA1"]
    bella = tracks.iloc[1]
    assert bella.vessel_name == "Bella 1; Marinera (ex-Bella 1)"
    assert bella.incident_ids == "PUR-20251220-01; SZR-20260107-01"
    assert (str(bella.date_start.date()), str(bella.date_end.date()), bella.waypoints) == ("2025-12-20", "2026-01-13", 4)
    assert bella.geometry.coords[0] == (-74.4201, 15.3266) and bella.geometry.coords[-1] == (-3.514, 57.734)
    assert tracks.iloc[0].waypoints == 2


def test_a_dataset_without_tracks_has_an_empty_tracks_table(mini_copy: Path):
    with open(mini_copy / "waypoints.csv", encoding="utf-8") as f:
        header = f.readline()
    (mini_copy / "waypoints.csv").write_text(header, encoding="utf-8")
    tracks = mi.load_tracks(mini_copy)
    assert tracks.empty and tracks.columns.tolist()[:-1] == [
        "track_id",
        "vessel_name",
        "incident_ids",
        "date_start",
        "date_end",
        "waypoints",
    ]


def test_load_tracks_validates_first(mini_copy: Path):
    (mini_copy / "waypoints.csv").write_text("track_id\nTRK-X\n", encoding="utf-8")
    with pytest.raises(ValidationError):
        mi.load_tracks(mini_copy)
    with pytest.raises(ValidationError):
        mi.load_waypoints(mini_copy)
