"""Read the dataset into typed frames, and write files atomically.

`load` returns the incidents as a GeoDataFrame (EPSG:4326) with the types the codebook gives:
dates as datetimes, counts as nullable integers. It validates first, so what it returns has
passed every rule; an invalid folder raises `ValidationError` with the whole report.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ._errors import Problem, ValidationError
from ._validate import INDEX_HEADERS, STRIPPED_TYPES, canonical_cell, validate_folder
from .areas import HIERARCHY, read_areas
from .datafiles import bundled_data_dir as bundled_data_dir  # where the data are: kept importable from here
from .datafiles import csv_text, resolve
from .datafiles import editable_data_dir as editable_data_dir
from .files import write_file, write_text
from .schema import INCIDENTS, TABLES, WAYPOINTS, Table
from .tracks import great_circle


def typed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """Convert a frame of strings (empty = missing) to the codebook's types."""
    out = pd.DataFrame(index=frame.index)
    for c in table.columns:
        raw = frame[c.name] if c.name in frame else pd.Series([""] * len(frame), index=frame.index)
        missing = raw == ""
        if c.dtype == "int":
            out[c.name] = pd.array([None if m else int(v) for v, m in zip(raw, missing, strict=True)], dtype="Int64")
        elif c.dtype == "float":
            out[c.name] = pd.to_numeric(raw.where(~missing, None), errors="raise").astype("float64")
        elif c.dtype == "date":
            out[c.name] = pd.to_datetime(raw.where(~missing, None), format="%Y-%m-%d")
        else:
            out[c.name] = raw.where(~missing, None).astype("string")
    return out


def canonical_frame(raw: pd.DataFrame, table: Table) -> pd.DataFrame:
    """The cells as the repository keeps them (`_validate.canonical_cell`, vectorised): what a
    spreadsheet or pandas wrote (BOM, CRLF, " 3", 3.0, 2025-9-2, an index column) reads as meant."""
    if len(raw.columns) and raw.columns[0] in INDEX_HEADERS and raw.iloc[:, 0].tolist() == [str(i) for i in range(len(raw))]:
        raw = raw.iloc[:, 1:]
    out = raw.copy()
    for c in table.columns:
        if c.name not in out:
            continue
        s = out[c.name]
        if c.dtype in STRIPPED_TYPES:
            s = s.str.strip()
        if c.dtype == "str" and s.str.contains("\r", regex=False).any():
            s = s.str.replace("\r\n", "\n", regex=False).str.replace("\r", "\n", regex=False)
        elif c.dtype == "int":
            s = s.str.replace(r"^\+?([0-9]+)(?:\.0*)?$", r"\1", regex=True)
        elif c.pattern:
            s = s.map(lambda v, c=c: canonical_cell(c, v))
        elif c.dtype == "date":
            odd = (s != "") & ~s.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
            if odd.any():
                s = s.copy()
                s[odd] = s[odd].map(lambda v, c=c: canonical_cell(c, v))
        out[c.name] = s
    return out


def read_table(folder: Path, table: Table) -> pd.DataFrame:
    file = folder / table.filename
    if not file.exists():
        return typed(pd.DataFrame(columns=table.column_names, dtype=str), table)
    raw = pd.read_csv(file, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return typed(canonical_frame(raw, table), table)


def check(folder: Path, strict: bool = False) -> None:
    problems = validate_folder(folder, strict)
    if problems:
        raise ValidationError(problems)


def load(path: str | os.PathLike | None = None, *, validate: bool = True) -> gpd.GeoDataFrame:
    """The incidents as a GeoDataFrame, one row per incident, points in EPSG:4326.

    The point is the representative point of the row's area (`load_areas()` has the areas);
    a row whose place is unknown has no geometry (None), so it is counted but never placed."""
    folder = resolve(path)
    if validate:
        check(folder)
    df = read_table(folder, INCIDENTS)
    points = gpd.points_from_xy(df["longitude"].fillna(0), df["latitude"].fillna(0), crs="EPSG:4326")
    geometry = gpd.GeoSeries(points, index=df.index, crs="EPSG:4326").where(df["latitude"].notna(), None)
    return gpd.GeoDataFrame(df, geometry=geometry, crs="EPSG:4326")


def load_sources(path: str | os.PathLike | None = None, *, validate: bool = True) -> pd.DataFrame:
    """The sources, one row per source read for one incident."""
    folder = resolve(path)
    if validate:
        check(folder)
    return read_table(folder, TABLES["sources"])


def load_corrections(path: str | os.PathLike | None = None, *, validate: bool = True) -> pd.DataFrame:
    """Every change made to a published value."""
    folder = resolve(path)
    if validate:
        check(folder)
    return read_table(folder, TABLES["corrections"])


def load_official_totals(path: str | os.PathLike | None = None, *, validate: bool = True) -> pd.DataFrame:
    """Running totals stated by officials and wire services."""
    folder = resolve(path)
    if validate:
        check(folder)
    return read_table(folder, TABLES["official_totals"])


def load_people(path: str | os.PathLike | None = None, *, validate: bool = True) -> pd.DataFrame:
    """The people named by sources, one row per person and incident (empty if the folder has none).

    Every row passed validation: its incident exists and a source read for that incident names
    the person.
    """
    folder = resolve(path)
    if validate:
        check(folder)
    return read_table(folder, TABLES["people"])


def cell_text(value, dtype: str) -> str:
    """One typed value as the codebook writes it in CSV: empty for missing, ISO dates, exact floats."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if dtype == "int":
        return str(int(value))
    if dtype == "float":
        return repr(float(value))
    if dtype == "date":
        return pd.Timestamp(value).date().isoformat()
    return str(value)


def table_csv_text(frame: pd.DataFrame, table: Table) -> str:
    """A typed frame as codebook CSV text (the inverse of `read_table`)."""
    cols = [c for c in table.columns if c.name in frame.columns]
    rows = zip(*(frame[c.name].tolist() for c in cols), strict=True)
    cells = ({c.name: cell_text(v, c.dtype) for v, c in zip(values, cols, strict=True)} for values in rows)
    return csv_text([c.name for c in cols], cells)


def save_table(frame: pd.DataFrame, table: Table, folder: str | os.PathLike) -> Path:
    """Write a typed frame as the table's CSV file in folder, atomically."""
    text = table_csv_text(frame, table)
    return write_text(Path(folder) / table.filename, text)


def write_atomic(path: str | os.PathLike, write: Callable[..., object]) -> Path:
    """Call `write(tmp)` on a temporary file beside `path`, then rename it into place (see `files.write_file`).

    A failure leaves no half-written file: the temporary file is removed and `path` keeps its
    old content (or stays absent).
    """
    return write_file(path, write)


def load_areas(path: str | os.PathLike | None = None, *, validate: bool = True) -> gpd.GeoDataFrame:
    """One row per located incident: incident_id, the sea hierarchy, geo_precision, and its area.

    Rows whose place is unknown have no area and are left out; `load()` still has them."""
    folder = resolve(path)
    incidents = load(folder, validate=validate)
    scratch: list[Problem] = []
    areas = read_areas(folder, scratch) or {}
    cols = ["incident_id", "incident_type", "date_start", "region", "geo_precision", *HIERARCHY]
    frame = pd.DataFrame(incidents[cols])
    frame = frame[frame["incident_id"].isin(areas)].reset_index(drop=True)
    return gpd.GeoDataFrame(frame, geometry=[areas[i] for i in frame["incident_id"]], crs="EPSG:4326")


def load_waypoints(path: str | os.PathLike | None = None, *, validate: bool = True) -> gpd.GeoDataFrame:
    """Every dated position, as points (EPSG:4326), in track order."""
    folder = resolve(path)
    if validate:
        check(folder)
    df = read_table(folder, WAYPOINTS).sort_values(["track_id", "seq"]).reset_index(drop=True)
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df["longitude"], df["latitude"]), crs="EPSG:4326")


def load_tracks(path: str | os.PathLike | None = None, *, validate: bool = True) -> gpd.GeoDataFrame:
    """One LineString per track: track_id, vessel names, incident ids, first and last date, waypoints."""
    points = load_waypoints(path, validate=validate)
    rows = []
    for track_id, group in points.groupby("track_id"):
        rows.append(
            {
                "track_id": track_id,
                "vessel_name": "; ".join(dict.fromkeys(group["vessel_name"])),
                "incident_ids": "; ".join(dict.fromkeys(group["incident_id"])),
                "date_start": group["date_start"].min(),
                "date_end": group["date_end"].max(),
                "waypoints": len(group),
                "geometry": great_circle([(p.x, p.y) for p in group.geometry]),
            }
        )
    columns = ["track_id", "vessel_name", "incident_ids", "date_start", "date_end", "waypoints", "geometry"]
    return gpd.GeoDataFrame(pd.DataFrame(rows, columns=columns), crs="EPSG:4326")  # the column named geometry
