"""Publish the validated data the way its users read it.

`export(out_dir)` writes, from validated data only:

- `incidents.geojson`    RFC 7946: longitude first, at most 7 decimals, typed properties,
                         dates as ISO strings;
- `incidents.parquet`    GeoParquet 1.1 (geo metadata, CRS, bbox covering column);
- `incidents.gpkg`       GeoPackage: layers `incidents` (points), `incident_areas` (polygons),
                         `tracks` (lines), `waypoints` (points); tables `sources`, `corrections`
                         (and `people` when the dataset names people);
- `incident_areas.geojson`, `incident_areas.parquet`  one area per located incident, with the
                         sea hierarchy (RFC 7946 / GeoParquet 1.1);
- `tracks.geojson`, `tracks.parquet`  one great-circle line per pursuit or transit;
- `*.csv`                the tables as validated;
- `datapackage.json`     a Frictionless data package: every file, its schema from the codebook,
                         keys, licence, sources, version and as-of date.

The set is written into a temporary folder and swapped in whole; invalid data raise
`ValidationError` before anything is written.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import shapely
from shapely.geometry import mapping

from . import __version__
from ._validate import ID_RE, MAX_TEXT
from .files import write_folder, write_utf8
from .fmt import format_file
from .io import check, load, load_areas, load_tracks, load_waypoints, read_table, resolve
from .schema import CORRECTIONS, INCIDENTS, PEOPLE, SOURCES, TABLES, WAYPOINTS, Table

GEOJSON_DECIMALS = 7
FRICTIONLESS_TYPES = {
    "str": "string",
    "id": "string",
    "enum": "string",
    "url": "string",
    "int": "integer",
    "float": "number",
    "date": "date",
}
#: The validator's rules for text columns, as frictionless patterns (it anchors them at both ends),
#: so the data package refuses what `validate` refuses: an id with a space, a javascript: link,
#: a control character. tests/test_cli_spreadsheets.py runs both on the same cells.
PATTERNS = {
    "id": ID_RE.pattern.removeprefix("^").removesuffix("$"),
    "url": r"[hH][tT][tT][pP][sS]?://[^\s/?#]+\S*",
    "str": r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*",
}
LICENSE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/", "title": "Creative Commons Attribution 4.0"}


def json_value(value):
    """A property value for JSON: None for missing, int/float/str otherwise, ISO dates."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def geojson_text(gdf: gpd.GeoDataFrame) -> str:
    """RFC 7946 FeatureCollection, written by hand so precision and types are ours to decide."""
    columns = [c for c in INCIDENTS.column_names if c in gdf.columns]
    features = []
    for row in gdf.to_dict("records"):
        geometry = None  # RFC 7946 3.2: an unlocated feature has a null geometry
        if not pd.isna(row["latitude"]):
            lon = round(float(row["longitude"]), GEOJSON_DECIMALS)
            lat = round(float(row["latitude"]), GEOJSON_DECIMALS)
            geometry = {"type": "Point", "coordinates": [lon, lat]}
        features.append(
            {
                "type": "Feature",
                "id": row["incident_id"],
                "geometry": geometry,
                "properties": {c: json_value(row[c]) for c in columns},
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, indent=None, separators=(",", ":"), allow_nan=False) + "\n"


def shapes_geojson_text(gdf: gpd.GeoDataFrame, id_column: str) -> str:
    """RFC 7946 FeatureCollection of areas or lines: outer rings counter-clockwise (7.1 right-hand rule)."""
    features = []
    for row, geom in zip(gdf.drop(columns="geometry").to_dict("records"), gdf.geometry, strict=True):
        oriented = shapely.orient_polygons(geom) if geom.geom_type in ("Polygon", "MultiPolygon") else geom
        features.append(
            {
                "type": "Feature",
                "id": row[id_column],
                "geometry": mapping(oriented),
                "properties": {c: json_value(v) for c, v in row.items()},
            }
        )
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"


def write_geoparquet(gdf: gpd.GeoDataFrame, path: Path) -> None:
    gdf.to_parquet(path, index=False, schema_version="1.1.0", write_covering_bbox=True)


def write_geopackage(
    gdf: gpd.GeoDataFrame,
    sources: pd.DataFrame,
    corrections: pd.DataFrame,
    path: Path,
    layers: dict[str, gpd.GeoDataFrame] | None = None,
    people: pd.DataFrame | None = None,
) -> None:
    def dated(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for c in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[c]):
                out[c] = out[c].dt.date
        return out

    path.unlink(missing_ok=True)  # the atomic writer's empty placeholder is not a GeoPackage yet
    # GDAL takes the format from the .gpkg suffix, and adds each new layer to the file
    pyogrio.write_dataframe(dated(gdf), path, layer="incidents", promote_to_multi=False)
    tables = {**(layers or {}), "sources": sources, "corrections": corrections}
    if people is not None and len(people):
        tables["people"] = people
    for name, frame in tables.items():
        pyogrio.write_dataframe(dated(frame), path, layer=name)


def frictionless_schema(table: Table) -> dict:
    fields = []
    for c in table.columns:
        f: dict = {"name": c.name, "type": FRICTIONLESS_TYPES[c.dtype], "description": c.description}
        constraints: dict = {}
        if c.required:
            constraints["required"] = True
        if c.vocab:
            constraints["enum"] = list(c.vocab)
        if c.pattern or c.dtype in PATTERNS:
            constraints["pattern"] = c.pattern or PATTERNS[c.dtype]  # a column's own pattern admits no control character
        if c.dtype == "str":
            constraints["maxLength"] = MAX_TEXT
        if c.minimum is not None:
            constraints["minimum"] = c.minimum if c.dtype == "float" else int(c.minimum)
        if c.maximum is not None:
            constraints["maximum"] = c.maximum if c.dtype == "float" else int(c.maximum)
        if c.dtype == "date":
            f["format"] = "%Y-%m-%d"
        if c.unit:
            f["unit"] = c.unit
        if constraints:
            f["constraints"] = constraints
        fields.append(f)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if table.key:
        schema["primaryKey"] = list(table.key)
    fks = []
    for col, ref in table.foreign_keys.items():
        ref_table, ref_col = ref.split(".")
        fks.append({"fields": [col], "reference": {"resource": "" if ref_table == table.name else ref_table, "fields": [ref_col]}})
    if fks:
        schema["foreignKeys"] = fks
    return schema


def datapackage(as_of: str, files: dict[str, str]) -> dict:
    resources = []
    for name, table in TABLES.items():
        if name not in files:
            continue
        resources.append(
            {
                "name": name,
                "path": files[name],
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": f"Row grain: {table.grain}.",
                "schema": frictionless_schema(table),
            }
        )
    for name, path, fmt, media, desc in (
        ("incidents-geojson", "incidents.geojson", "geojson", "application/geo+json", "The incidents as RFC 7946 GeoJSON."),
        ("incidents-geoparquet", "incidents.parquet", "parquet", "application/vnd.apache.parquet", "The incidents as GeoParquet 1.1."),
        (
            "incidents-geopackage",
            "incidents.gpkg",
            "gpkg",
            "application/geopackage+sqlite3",
            "Layers incidents (points), incident_areas (polygons), tracks (lines), waypoints (points); "
            "tables sources, corrections, people.",
        ),
        (
            "incident-areas-geojson",
            "incident_areas.geojson",
            "geojson",
            "application/geo+json",
            "The area each located incident's sources name (WGS84 polygons) with basin, sea, sub_area and waters; RFC 7946.",
        ),
        (
            "incident-areas-geoparquet",
            "incident_areas.parquet",
            "parquet",
            "application/vnd.apache.parquet",
            "The areas as GeoParquet 1.1.",
        ),
        (
            "tracks-geojson",
            "tracks.geojson",
            "geojson",
            "application/geo+json",
            "Pursuits and transits: great-circle lines through the dated positions of waypoints.csv; RFC 7946.",
        ),
        ("tracks-geoparquet", "tracks.parquet", "parquet", "application/vnd.apache.parquet", "The tracks as GeoParquet 1.1."),
    ):
        # type "file": a file of the package, checked by its own readers (tests), not parsed as a table here
        resources.append({"name": name, "type": "file", "path": path, "format": fmt, "mediatype": media, "description": desc})
    return {
        "name": "maritime-incidents",
        "title": "The US military's 2025-26 campaign at sea: incidents, sources, corrections",
        "description": "One sourced, geo-tagged row per strike, seizure, pursuit, deployment or policy action; see README.md.",
        "version": __version__,
        "created": as_of + "T00:00:00Z",
        "licenses": [LICENSE],
        "sources": [{"title": "News reports and official statements, one row per source in sources.csv", "path": "sources.csv"}],
        "keywords": ["maritime", "strikes", "Caribbean", "eastern Pacific", "Venezuela", "tankers"],
        "resources": resources,
    }


#: Every file an export folder may hold; an existing folder with anything else is not replaced.
EXPORT_NAMES = frozenset(
    [t.filename for t in TABLES.values()]
    + ["incidents.geojson", "incidents.parquet", "incidents.gpkg", "datapackage.json", "README.md"]
    + ["incident_areas.geojson", "incident_areas.parquet", "tracks.geojson", "tracks.parquet"]
)


def export(out_dir: str | os.PathLike, path: str | os.PathLike | None = None) -> list[Path]:
    """Write every published format of the dataset into out_dir; return the files written.

    The whole set is built in a temporary sibling folder and swapped in at once (`files.write_folder`):
    a reader of out_dir sees the previous export or this one, never a mix.
    """
    folder = resolve(path)
    check(folder)
    gdf = load(folder, validate=False)
    sources = read_table(folder, SOURCES)
    corrections = read_table(folder, CORRECTIONS)
    people = read_table(folder, PEOPLE)
    names: list[str] = []

    def build(tmp: Path) -> None:
        csv_files = {}
        for name, table in TABLES.items():
            src = folder / table.filename
            if src.exists():  # in the form the repository keeps, whatever spreadsheet saved the source
                text = format_file(src, table)
                if text is None:
                    shutil.copyfile(src, tmp / table.filename)
                else:
                    write_utf8(tmp / table.filename, text)
                csv_files[name] = table.filename
        write_utf8(tmp / "incidents.geojson", geojson_text(gdf))
        write_geoparquet(gdf, tmp / "incidents.parquet")
        areas = load_areas(folder, validate=False)
        layers = {"incident_areas": areas}
        write_utf8(tmp / "incident_areas.geojson", shapes_geojson_text(areas, "incident_id"))
        write_geoparquet(areas, tmp / "incident_areas.parquet")
        if (folder / WAYPOINTS.filename).exists():
            tracks = load_tracks(folder, validate=False)
            layers["tracks"] = tracks
            layers["waypoints"] = load_waypoints(folder, validate=False)
            write_utf8(tmp / "tracks.geojson", shapes_geojson_text(tracks, "track_id"))
            write_geoparquet(tracks, tmp / "tracks.parquet")
        write_geopackage(gdf, sources, corrections, tmp / "incidents.gpkg", layers, people)
        as_of = gdf["date_end"].max().date().isoformat() if len(gdf) else "1970-01-01"
        package = json.dumps(datapackage(as_of, csv_files), indent=2, ensure_ascii=False) + "\n"
        write_utf8(tmp / "datapackage.json", package)
        readme = folder / "README.md"
        if readme.exists():
            shutil.copyfile(readme, tmp / "README.md")
        names.extend(sorted(p.name for p in tmp.iterdir()))

    out = write_folder(out_dir, build, names=EXPORT_NAMES)
    return [out / n for n in names]
