"""export: every format read back by a reader this project did not write; nothing lost; atomic."""

from __future__ import annotations

import io
import json
import sqlite3
import sys

import geopandas as gpd
import pandas as pd
import pyarrow.parquet as pq
import pyogrio
import pytest
from frictionless import Package

import maritime_incidents as mi
from maritime_incidents.io import read_table, save_table, table_csv_text, typed
from maritime_incidents.schema import CORRECTIONS, INCIDENTS, SOURCES


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
