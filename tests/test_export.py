"""export: every format read back by a reader this project did not write; nothing lost; atomic."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
import shapely
from frictionless import Package

import maritime_incidents as mi
from maritime_incidents.areas import HIERARCHY
from maritime_incidents.export import (
    LICENSE,
    PATTERNS,
    datapackage,
    frictionless_schema,
    geojson_text,
    json_value,
    shapes_geojson_text,
    write_geopackage,
    write_geoparquet,
)
from maritime_incidents.io import read_table, save_table, table_csv_text, typed
from maritime_incidents.schema import CORRECTIONS, INCIDENTS, PEOPLE, SOURCES, Column, Table


def test_geojson_is_rfc7946_and_gdal_reads_it(exported):
    doc = json.loads((exported / "incidents.geojson").read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    g = mi.load()
    first = doc["features"][0]
    row = g.set_index("incident_id").loc[first["id"]]
    assert first["geometry"]["coordinates"] == [row.longitude, row.latitude]  # longitude first
    for f in doc["features"]:
        if f["geometry"] is None:  # RFC 7946 3.2: a row whose place is unknown has no geometry
            assert g.set_index("incident_id").loc[f["id"], "geo_precision"] == "unknown"
            continue
        for x in f["geometry"]["coordinates"]:
            assert len(repr(x).split(".")[-1]) <= 7
    props = first["properties"]
    assert isinstance(props["date_start"], str) and len(props["date_start"]) == 10
    assert props["killed"] is None or isinstance(props["killed"], int)
    back = pyogrio.read_dataframe(exported / "incidents.geojson")
    assert len(back) == len(g) and back.crs.to_epsg() == 4326


def test_geoparquet_metadata_and_pyarrow(exported):
    meta = json.loads(pq.read_metadata(exported / "incidents.parquet").metadata[b"geo"])
    assert meta["version"] == "1.1.0"
    col = meta["columns"][meta["primary_column"]]
    assert col["encoding"] == "WKB" and "covering" in col and col["covering"]["bbox"]["xmin"] == ["bbox", "xmin"]
    assert "crs" not in col or col["crs"] is None or "4326" in json.dumps(col["crs"])
    table = pq.read_table(exported / "incidents.parquet")
    assert table.num_rows == len(mi.load()) and "bbox" in table.column_names


def test_duckdb_spatial_reads_geoparquet(exported, duckdb_spatial):
    n, killed = duckdb_spatial.sql(
        f"SELECT count(*), sum(killed) FROM read_parquet('{exported / 'incidents.parquet'}') WHERE ST_X(geometry) < 0"
    ).fetchone()
    g = mi.load()
    assert n == int((g.longitude < 0).sum()) and killed == int(g[g.longitude < 0].killed.sum())


def test_geopackage_has_layer_and_tables(exported):
    layers = {name for name, _ in pyogrio.list_layers(exported / "incidents.gpkg")}
    assert {"incidents", "sources", "corrections"} <= layers
    with sqlite3.connect(exported / "incidents.gpkg") as db:
        kinds = dict(db.execute("SELECT table_name, data_type FROM gpkg_contents").fetchall())
    assert kinds["incidents"] == "features" and kinds["sources"] == "attributes"
    assert len(pyogrio.read_dataframe(exported / "incidents.gpkg", layer="sources")) == len(mi.load_sources())


def test_datapackage_validates_with_frictionless(exported):
    report = Package(exported / "datapackage.json").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    pkg = json.loads((exported / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in pkg["resources"]}
    assert res["sources"]["schema"]["foreignKeys"][0]["reference"]["resource"] == "incidents"
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0" and pkg["version"]


def test_frictionless_catches_a_broken_foreign_key(exported, tmp_path):
    import shutil

    shutil.copytree(exported, tmp_path / "p")
    s = tmp_path / "p" / "sources.csv"
    lines = s.read_text(encoding="utf-8").splitlines()
    lines[1] = "XX-1" + lines[1][lines[1].index(",") :]
    s.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not Package(tmp_path / "p" / "datapackage.json").validate().valid


def back_to_typed(frame: pd.DataFrame, table) -> pd.DataFrame:
    """A frame read back by a foreign reader, written as codebook CSV and read as the dataset reads it."""
    frame = pd.DataFrame(frame.drop(columns=[c for c in ("geometry", "bbox") if c in frame.columns]))
    text = table_csv_text(frame, table)
    return typed(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False), table)


def test_bundled_roundtrips(exported):
    original = read_table(mi.bundled_data_dir(), INCIDENTS)
    pd.testing.assert_frame_equal(back_to_typed(gpd.read_parquet(exported / "incidents.parquet"), INCIDENTS), original)
    gpkg = pyogrio.read_dataframe(exported / "incidents.gpkg", layer="incidents")
    pd.testing.assert_frame_equal(back_to_typed(gpkg, INCIDENTS), original)
    src = pyogrio.read_dataframe(exported / "incidents.gpkg", layer="sources", read_geometry=False)
    pd.testing.assert_frame_equal(back_to_typed(src, SOURCES), read_table(mi.bundled_data_dir(), SOURCES))


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(sys.modules["maritime_incidents.export"], "write_geoparquet", boom)
    with pytest.raises(OSError):
        mi.export(tmp_path)
    assert not (tmp_path / "incidents.parquet").exists()
    assert not list(tmp_path.glob(".*part-*"))


def test_save_table_inverse_of_read_table(tmp_path):
    for table in (INCIDENTS, SOURCES, CORRECTIONS):
        frame = read_table(mi.bundled_data_dir(), table)
        save_table(frame, table, tmp_path)
        pd.testing.assert_frame_equal(read_table(tmp_path, table), frame)


# The small fixture dataset (tests/fixtures/mini), exported once for the tests below: fast enough
# to run per mutant (benchmarks/mutation.md), and small enough to assert exact values.

MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="module")
def mini_exported(tmp_path_factory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("mini_export")
    return out, mi.export(out, MINI)


def test_mini_export_writes_every_format(mini_exported):
    out, written = mini_exported
    assert [p.name for p in written] == sorted(p.name for p in out.iterdir())
    assert {p.name for p in written} == {
        "corrections.csv", "datapackage.json", "domains.csv", "incident_areas.geojson", "incident_areas.parquet",
        "incidents.csv", "incidents.geojson", "incidents.gpkg", "incidents.parquet", "official_totals.csv",
        "people.csv", "sources.csv", "tracks.geojson", "tracks.parquet", "waypoints.csv",
    }  # fmt: skip
    for name in ("incidents.csv", "sources.csv", "waypoints.csv"):  # the tables as validated, byte for byte
        assert (out / name).read_bytes() == (MINI / name).read_bytes()


def test_mini_geojson_values(mini_exported):
    out, _ = mini_exported
    text = geojson_text(mi.load(MINI))  # called here, not only in the export: mutmut maps tests to what they call
    assert (out / "incidents.geojson").read_text(encoding="utf-8") == text
    assert text.endswith("}\n") and text.count("\n") == 1 and '": ' not in text and "\\u" not in text  # compact, UTF-8
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection"
    features = {f["id"]: f for f in doc["features"]}
    assert list(features) == read_table(MINI, INCIDENTS).incident_id.tolist()
    strike = features["STK-20250902-01"]
    assert strike["type"] == "Feature" and strike["geometry"] == {"type": "Point", "coordinates": [-61.9536, 10.007]}
    assert list(strike["properties"]) == INCIDENTS.column_names
    p = strike["properties"]
    assert (p["date_start"], p["killed"], p["presumed_dead"], p["incident_type"]) == ("2025-09-02", 11, None, "strike")
    assert features["STK-20250902-02"]["geometry"] is None  # the unknown place
    assert features["DEP-20250814-01"]["properties"]["uncertainty_km"] == 838.5


def test_json_value():
    assert [json_value(v) for v in (None, pd.NA, float("nan"), pd.NaT, "", "NA", "x")] == [None, None, None, None, "", "NA", "x"]
    assert json_value(pd.Timestamp("2025-09-02")) == "2025-09-02"
    three = json_value(np.int64(3))
    assert three == 3 and type(three) is int
    assert type(json_value(np.float64(2.5))) is float


def test_mini_areas_and_tracks_geojson(mini_exported):
    out, _ = mini_exported
    text = shapes_geojson_text(mi.load_areas(MINI), "incident_id")
    assert (out / "incident_areas.geojson").read_text(encoding="utf-8") == text
    assert text.endswith("}\n") and text.count("\n") == 1 and '": ' not in text
    areas = json.loads(text)
    assert areas["type"] == "FeatureCollection" and {f["type"] for f in areas["features"]} == {"Feature"}
    assert [f["id"] for f in areas["features"]] == mi.load_areas(MINI).incident_id.tolist()
    first = areas["features"][0]
    assert list(first["properties"]) == ["incident_id", "incident_type", "date_start", "region", "geo_precision", *HIERARCHY]
    assert first["properties"]["date_start"] == "2025-08-14" and first["properties"]["incident_id"] == first["id"]
    for f in areas["features"]:  # RFC 7946 7.1: outer rings counter-clockwise, holes clockwise
        geom = shapely.geometry.shape(f["geometry"])
        for poly in getattr(geom, "geoms", [geom]):
            assert poly.exterior.is_ccw and not any(r.is_ccw for r in poly.interiors), f["id"]
    tracks = json.loads(shapes_geojson_text(mi.load_tracks(MINI), "track_id"))
    assert tracks["type"] == "FeatureCollection"
    (track,) = tracks["features"]
    assert track["id"] == "TRK-BELLA1" and track["geometry"]["type"] == "LineString"
    assert track["geometry"]["coordinates"][0] == [-74.4201, 15.3266]
    assert track["properties"]["waypoints"] == 4 and track["properties"]["date_end"] == "2026-01-13"


def test_clockwise_areas_are_turned(tmp_path):
    square = shapely.geometry.Polygon([(0, 0), (0, 1), (1, 1), (1, 0)])  # clockwise
    gdf = gpd.GeoDataFrame({"incident_id": ["A"]}, geometry=[square], crs="EPSG:4326")
    ring = json.loads(shapes_geojson_text(gdf, "incident_id"))["features"][0]["geometry"]["coordinates"][0]
    assert shapely.geometry.LinearRing(ring).is_ccw
    gdf["sea"] = ["Mar Caribe, Curaçao"]
    text = shapes_geojson_text(gdf, "incident_id")
    assert "Curaçao" in text  # UTF-8, not \u escapes


def test_mini_geoparquet_and_geopackage(mini_exported):
    out, _ = mini_exported
    for name, rows in (("incidents.parquet", 9), ("incident_areas.parquet", 8), ("tracks.parquet", 1)):
        meta = json.loads(pq.read_metadata(out / name).metadata[b"geo"])
        assert meta["version"] == "1.1.0" and "covering" in meta["columns"]["geometry"], name
        table = pq.read_table(out / name)
        assert table.num_rows == rows and "bbox" in table.column_names
        assert not [c for c in table.column_names if c.startswith("__index")], name
    layers = dict(pyogrio.list_layers(out / "incidents.gpkg"))
    assert layers == {
        "incidents": "Point", "incident_areas": "MultiPolygon", "tracks": "LineString", "waypoints": "Point",
        "sources": None, "corrections": None, "people": None,
    }  # fmt: skip
    for layer, rows in (("sources", 86), ("corrections", 8), ("people", 1), ("waypoints", 4), ("incident_areas", 8)):
        assert len(pyogrio.read_dataframe(out / "incidents.gpkg", layer=layer, read_geometry=False)) == rows, layer
    incidents = pyogrio.read_dataframe(out / "incidents.gpkg", layer="incidents")
    pd.testing.assert_frame_equal(back_to_typed(incidents, INCIDENTS), read_table(MINI, INCIDENTS))


def test_mini_datapackage(mini_exported):
    out, written = mini_exported
    text = (out / "datapackage.json").read_text(encoding="utf-8")
    assert text.endswith("}\n") and text.startswith('{\n  "name"')
    csv_files = {n.removesuffix(".csv"): n for n in (p.name for p in written) if n.endswith(".csv")}
    pkg = datapackage("2026-02-19", csv_files)
    assert json.loads(text) == pkg
    assert pkg["created"] == "2026-02-19T00:00:00Z"  # the latest date_end of the fixture's rows
    assert pkg["name"] == "maritime-incidents" and pkg["version"] == mi.__version__
    assert [r["name"] for r in pkg["resources"]][:7] == [
        "incidents", "sources", "corrections", "official_totals", "domains", "people", "waypoints",
    ]  # fmt: skip
    res = {r["name"]: r for r in pkg["resources"]}
    assert res["incidents"]["path"] == "incidents.csv" and res["incidents"]["encoding"] == "utf-8"
    assert res["tracks-geoparquet"] == {
        "name": "tracks-geoparquet", "type": "file", "path": "tracks.parquet", "format": "parquet",
        "mediatype": "application/vnd.apache.parquet", "description": "The tracks as GeoParquet 1.1.",
    }  # fmt: skip
    report = Package(out / "datapackage.json").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
    # the fields a data catalogue and frictionless read, by name
    assert list(pkg) == ["name", "title", "description", "version", "created", "licenses", "sources", "keywords", "resources"]
    assert pkg["licenses"] == [LICENSE] and [list(x) for x in pkg["sources"]] == [["title", "path"]]
    assert pkg["sources"][0]["path"] == "sources.csv"
    for r in pkg["resources"]:
        if r["name"] in csv_files:
            assert list(r) == ["name", "path", "profile", "format", "mediatype", "encoding", "description", "schema"]
            assert (r["profile"], r["format"], r["mediatype"], r["encoding"]) == ("tabular-data-resource", "csv", "text/csv", "utf-8")
        else:
            assert list(r) == ["name", "type", "path", "format", "mediatype", "description"] and r["type"] == "file"


def test_datapackage_lists_the_tables_a_dataset_has():
    """A dataset without people.csv still lists every table after it."""
    files = {"incidents": "incidents.csv", "sources": "sources.csv", "waypoints": "waypoints.csv"}
    names = [r["name"] for r in datapackage("2026-01-01", files)["resources"] if "schema" in r]
    assert names == ["incidents", "sources", "waypoints"]


def test_frictionless_bounds_keep_a_fraction_and_make_whole_counts_integers():
    table = Table("t", "t.csv", "one row per test", (
        Column("share", "float", "a share", minimum=0.5, maximum=99.5),
        Column("count", "int", "a count", minimum=1.0, maximum=9.0),
    ))  # fmt: skip
    share, count = (f["constraints"] for f in frictionless_schema(table)["fields"])
    assert share == {"minimum": 0.5, "maximum": 99.5}
    assert count == {"minimum": 1, "maximum": 9} and type(count["minimum"]) is int and type(count["maximum"]) is int


def test_frictionless_schema_follows_the_codebook():
    schema = frictionless_schema(INCIDENTS)
    fields = {f["name"]: f for f in schema["fields"]}
    assert [f["name"] for f in schema["fields"]] == INCIDENTS.column_names
    assert schema["primaryKey"] == ["incident_id"] and schema["missingValues"] == [""]
    assert schema["foreignKeys"] == [{"fields": ["superseded_by"], "reference": {"resource": "", "fields": ["incident_id"]}}]
    assert fields["incident_id"]["constraints"] == {"required": True, "pattern": PATTERNS["id"]}
    assert fields["incident_type"]["constraints"]["enum"][0] == "strike"
    assert fields["date_start"]["type"] == "date" and fields["date_start"]["format"] == "%Y-%m-%d"
    assert fields["killed"] == {
        "name": "killed", "type": "integer", "description": fields["killed"]["description"], "unit": "people",
        "constraints": {"minimum": 0},
    }  # fmt: skip
    assert fields["latitude"]["type"] == "number" and fields["latitude"]["constraints"] == {"minimum": -90, "maximum": 90}
    assert fields["notes"]["constraints"] == {"pattern": PATTERNS["str"], "maxLength": 10_000}
    assert "constraints" in fields["notes"] and "format" not in fields["notes"] and "unit" not in fields["notes"]
    assert all("description" in f for f in schema["fields"])
    sources = frictionless_schema(SOURCES)
    assert sources["foreignKeys"][0] == {"fields": ["incident_id"], "reference": {"resource": "incidents", "fields": ["incident_id"]}}


def test_mini_export_without_waypoints(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINI, data)
    (data / "waypoints.csv").unlink()
    out = tmp_path / "out"
    names = {p.name for p in mi.export(out, data)}
    assert "tracks.geojson" not in names and "tracks.parquet" not in names and "waypoints.csv" not in names
    assert "tracks" not in dict(pyogrio.list_layers(out / "incidents.gpkg"))


# `export`, `write_geoparquet` and `write_geopackage` called by the tests themselves (not only in the
# module fixture above): mutmut runs on a mutant only the tests that call the mutated function.


def test_export_writes_each_format_of_the_data_as_they_are_now(tmp_path, mini_copy):
    """Every file `export` returns is in the folder, built from the folder's data of this moment."""
    (mini_copy / "README.md").write_text("# The fixture data\n", encoding="utf-8")
    spreadsheet = (MINI / "sources.csv").read_bytes().replace(b"\n", b"\r\n")  # a spreadsheet's save: CRLF
    (mini_copy / "sources.csv").write_bytes(spreadsheet)
    waypoints = (MINI / "waypoints.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (mini_copy / "waypoints.csv").write_text("".join(waypoints[:-1]), encoding="utf-8")  # not the bundled track
    out = tmp_path / "out"
    written = mi.export(out, mini_copy)
    assert written == [out / p.name for p in sorted(out.iterdir())]
    assert (out / "README.md").read_bytes() == b"# The fixture data\n"
    assert (out / "sources.csv").read_bytes() == (MINI / "sources.csv").read_bytes()  # in the form the repository keeps
    assert (out / "incidents.csv").read_bytes() == (MINI / "incidents.csv").read_bytes()
    gdf = mi.load(mini_copy)
    assert (out / "incidents.geojson").read_text(encoding="utf-8") == geojson_text(gdf)
    areas, tracks = mi.load_areas(mini_copy), mi.load_tracks(mini_copy)
    assert (out / "incident_areas.geojson").read_text(encoding="utf-8") == shapes_geojson_text(areas, "incident_id")
    assert (out / "tracks.geojson").read_text(encoding="utf-8") == shapes_geojson_text(tracks, "track_id")
    csv_files = {n.removesuffix(".csv"): n for n in (p.name for p in written) if n.endswith(".csv")}
    package = json.dumps(datapackage("2026-02-19", csv_files), indent=2, ensure_ascii=False) + "\n"
    assert (out / "datapackage.json").read_text(encoding="utf-8") == package
    for name, frame in (("incidents", gdf), ("incident_areas", areas), ("tracks", tracks)):
        back = gpd.read_parquet(out / f"{name}.parquet")
        assert back.geometry.equals(frame.geometry.reset_index(drop=True)), name
    layers = dict(pyogrio.list_layers(out / "incidents.gpkg"))
    assert layers == {
        "incidents": "Point", "incident_areas": "MultiPolygon", "tracks": "LineString", "waypoints": "Point",
        "sources": None, "corrections": None, "people": None,
    }  # fmt: skip
    for layer, rows in (("tracks", 1), ("waypoints", 3), ("incident_areas", 8), ("people", 1), ("sources", 86)):
        assert len(pyogrio.read_dataframe(out / "incidents.gpkg", layer=layer, read_geometry=False)) == rows, layer


def test_export_validates_the_folder_once(tmp_path, monkeypatch):
    """The export checks the whole folder first and then reads it without validating again (each
    check reads every file: on the bundled dataset a check takes seconds)."""
    import maritime_incidents.io as mio

    folders = []
    real = mio.validate_folder

    def counted(folder, *args, **kwargs):
        folders.append(folder)
        return real(folder, *args, **kwargs)

    monkeypatch.setattr(mio, "validate_folder", counted)
    mi.export(tmp_path / "out", MINI)
    assert folders == [MINI]


def test_export_of_a_dataset_without_rows(tmp_path):
    """Header-only tables are valid data: the export has every file, empty, dated 1970-01-01."""
    data = tmp_path / "data"
    data.mkdir()
    for src in MINI.glob("*.csv"):
        lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
        (data / src.name).write_text("".join(lines if src.name == "domains.csv" else lines[:1]), encoding="utf-8")
    out = tmp_path / "out"
    names = [p.name for p in mi.export(out, data)]
    assert "README.md" not in names and "incidents.geojson" in names and "tracks.parquet" in names
    assert json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["created"] == "1970-01-01T00:00:00Z"
    assert json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))["features"] == []


def test_write_geoparquet_writes_geoparquet_1_1_without_the_index(tmp_path):
    gdf = mi.load(MINI).iloc[[3, 1, 4]]  # an index that is not a range: written, it would be a column
    write_geoparquet(gdf, tmp_path / "x.parquet")
    meta = json.loads(pq.read_metadata(tmp_path / "x.parquet").metadata[b"geo"])
    assert meta["version"] == "1.1.0" and meta["columns"]["geometry"]["covering"] == {
        "bbox": {k: ["bbox", k] for k in ("xmin", "ymin", "xmax", "ymax")}
    }
    table = pq.read_table(tmp_path / "x.parquet")
    assert table.column_names == [*gdf.columns, "bbox"]
    assert table.column("incident_id").to_pylist() == gdf.incident_id.tolist()


def test_write_geopackage_layers_dates_and_tables(tmp_path):
    data = Path(MINI)
    gdf, sources, corrections = mi.load(data), read_table(data, SOURCES), read_table(data, CORRECTIONS)
    path = tmp_path / "x.gpkg"
    path.write_bytes(b"")  # the atomic writer's empty placeholder
    tracks = mi.load_tracks(data)
    people = read_table(data, PEOPLE)
    write_geopackage(gdf, sources, corrections, path, {"tracks": tracks}, people)
    layers = dict(pyogrio.list_layers(path))
    assert layers == {"incidents": "Point", "tracks": "LineString", "sources": None, "corrections": None, "people": None}
    with sqlite3.connect(path) as con:  # dates as ISO text, not date-times
        first = con.execute("select date_start from incidents order by fid limit 1").fetchone()
        changed = con.execute("select changed_on from corrections order by fid limit 1").fetchone()
        track = con.execute("select date_start from tracks").fetchone()
    assert first == ("2025-08-14",) and changed == (corrections.changed_on[0].date().isoformat(),)
    assert track == (tracks.date_start[0].date().isoformat(),)
    assert len(pyogrio.read_dataframe(path, layer="sources", read_geometry=False)) == len(sources)
    assert len(pyogrio.read_dataframe(path, layer="people", read_geometry=False)) == len(people)


def test_write_geopackage_without_people_or_layers(tmp_path):
    data = Path(MINI)
    gdf, sources, corrections = mi.load(data), read_table(data, SOURCES), read_table(data, CORRECTIONS)
    write_geopackage(gdf, sources, corrections, tmp_path / "a.gpkg")  # no file there yet
    write_geopackage(gdf, sources, corrections, tmp_path / "b.gpkg", people=read_table(data, PEOPLE).iloc[:0])
    for name in ("a.gpkg", "b.gpkg"):
        assert dict(pyogrio.list_layers(tmp_path / name)) == {"incidents": "Point", "sources": None, "corrections": None}
