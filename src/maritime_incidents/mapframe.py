"""What the map draws from a frame: a table that follows the codebook, or any GeoDataFrame.

`make_map(gdf)` gives the incident treatment (types, sources, precision, summary) to a frame with
the codebook's `incident_type` and `date_start`; any other GeoDataFrame is drawn as `explore()`
draws it: points, lines and polygons, popups from its columns, `column=` for categories, `time=`
for the date slider. Either way the frame is checked first and every problem is reported at once
(a `ValidationError` naming the columns and rows), never a traceback or a page that draws nothing.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from ._errors import Problem, ValidationError
from .schema import INCIDENT_TYPES

FRAME = "GeoDataFrame"
#: Incident-map columns a frame may leave out, and what stands in for them.
INCIDENT_DEFAULTS = {"date_precision": "day", "geo_precision": "reported", "uncertainty_km": 0.0}
#: Colours and symbols for the categories of `column=` (colour-blind-safe Tableau 10, then repeats).
PALETTE = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]
SHAPES = ["circle", "square", "triangle", "diamond", "star", "cross"]
MAX_CATEGORIES = 24


def is_incident_frame(frame: pd.DataFrame) -> bool:
    """A frame that means to follow the codebook: it has the incident type column."""
    return "incident_type" in frame.columns


def problem(problems: list[Problem], column: str, rule: str, rows: pd.Index | list, message: str) -> None:
    """One problem per column and rule, naming the first rows (by index label) and how many there are."""
    rows = list(rows)
    shown = ", ".join(repr(r) for r in rows[:5]) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
    where = f" in {len(rows)} row(s) (index {shown})" if rows else ""
    problems.append(Problem(FRAME, 0, column, rule, shown, message + where))


def lonlat(gdf: pd.DataFrame, problems: list[Problem]) -> gpd.GeoSeries | None:
    """The frame's active geometry in longitude/latitude (EPSG:4326), or None with a problem."""
    if not isinstance(gdf, gpd.GeoDataFrame) or gdf._geometry_column_name not in gdf.columns:
        problem(problems, "geometry", "missing", [], "no geometry column: pass a GeoDataFrame (or latitude/longitude columns)")
        return None
    geo = gdf.geometry
    if geo.crs is None:
        bounds = geo.total_bounds
        if np.all(np.isfinite(bounds)) and not (-180 <= bounds[0] <= bounds[2] <= 180 and -90 <= bounds[1] <= bounds[3] <= 90):
            problem(problems, "geometry", "crs", [], "no CRS, and the coordinates are not longitude/latitude: set one with set_crs()")
            return None
        return geo
    return geo.to_crs(4326)


def points(gdf: pd.DataFrame, geo: gpd.GeoSeries | None, problems: list[Problem]) -> tuple[np.ndarray, np.ndarray]:
    """A point per row (the point itself, or a point inside a line or polygon); rows without one are reported."""
    if geo is None:
        return np.full(len(gdf), np.nan), np.full(len(gdf), np.nan)
    missing = geo.isna() | geo.is_empty
    coords, index = shapely.get_coordinates(geo.to_numpy(), return_index=True)
    nan_rows = np.unique(index[~np.isfinite(coords).all(axis=1)])
    if missing.any():
        problem(problems, "geometry", "missing", gdf.index[missing.to_numpy()], "no geometry (None or empty)")
    if len(nan_rows):
        problem(problems, "geometry", "nan", gdf.index[nan_rows], "coordinates that are NaN or infinite")
    good = ~missing.to_numpy()
    good[nan_rows] = False
    rep = np.full((len(gdf), 2), np.nan)
    if good.any():
        pts = shapely.point_on_surface(geo.to_numpy()[good])
        rep[good] = shapely.get_coordinates(pts)
    return rep[:, 1], rep[:, 0]


def shapes(geo: gpd.GeoSeries) -> list:
    """Lines and polygons as flat [lon, lat, lon, lat, ...] rings per row: {"l": lines, "p": polygon rings}; None for points."""
    out: list = []
    for g in geo.to_numpy():
        if g is None or g.is_empty or g.geom_type in ("Point", "MultiPoint"):
            out.append(None)
            continue
        item: dict[str, list] = {"l": [], "p": []}
        for part in shapely.get_parts(g):
            if part.geom_type == "Polygon":
                rings = [part.exterior, *part.interiors]
                item["p"].extend(np.round(np.asarray(r.coords)[:, :2], 5).ravel().tolist() for r in rings)
            elif part.geom_type in ("LineString", "LinearRing"):
                item["l"].append(np.round(np.asarray(part.coords)[:, :2], 5).ravel().tolist())
            elif part.geom_type.startswith("Multi") or part.geom_type == "GeometryCollection":
                sub = shapes(gpd.GeoSeries([part]))[0]
                if sub:
                    item["l"] += sub["l"]
                    item["p"] += sub["p"]
        out.append(item if item["l"] or item["p"] else None)
    return out


def dates(frame: pd.DataFrame, name: str, problems: list[Problem], *, required: bool = True) -> pd.Series:
    """A date column parsed to days; missing and unreadable dates are reported (missing only when required)."""
    raw = frame[name]
    parsed = raw if pd.api.types.is_datetime64_any_dtype(raw) else pd.to_datetime(raw, errors="coerce", format="mixed")
    if getattr(parsed.dt, "tz", None) is not None:
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    unreadable = parsed.isna() & raw.notna()
    if unreadable.any():
        problem(problems, name, "date", frame.index[unreadable.to_numpy()], "dates that cannot be read (use YYYY-MM-DD)")
    if required and raw.isna().any():
        problem(problems, name, "missing", frame.index[raw.isna().to_numpy()], "missing dates")
    return parsed.dt.normalize()


def incident_frame(gdf: pd.DataFrame) -> pd.DataFrame:
    """A codebook-shaped frame, checked and completed for the incident map.

    Needed: `incident_type` (from the codebook's vocabulary), `date_start`, and a point per row
    (latitude/longitude columns, else the geometry). The rest may be missing: ids come from the
    index, `date_end` from `date_start`, precision and uncertainty from INCIDENT_DEFAULTS.
    """
    problems: list[Problem] = []
    frame = pd.DataFrame(gdf.drop(columns=getattr(gdf, "_geometry_column_name", "geometry"), errors="ignore")).copy()
    if "date_start" not in frame.columns:
        hint = "the incident map needs date_start (or map the frame as any GeoDataFrame, with time=...)"
        problem(problems, "date_start", "missing-column", [], hint)
    types = frame["incident_type"]
    unknown = types.notna() & ~types.astype(str).isin(list(INCIDENT_TYPES))
    if types.isna().any():
        problem(problems, "incident_type", "missing", frame.index[types.isna().to_numpy()], "missing incident types")
    if unknown.any():
        values = sorted(set(types[unknown].astype(str)))[:5]
        message = f"unknown types {values}; known: {', '.join(INCIDENT_TYPES)}"
        problem(problems, "incident_type", "vocab", frame.index[unknown.to_numpy()], message)
    if "date_start" in frame.columns:
        frame["date_start"] = dates(frame, "date_start", problems)
        end = dates(frame, "date_end", problems, required=False) if "date_end" in frame else frame["date_start"]
        frame["date_end"] = end.fillna(frame["date_start"])
    if {"latitude", "longitude"} <= set(frame.columns):
        lat = pd.to_numeric(frame["latitude"], errors="coerce")
        lon = pd.to_numeric(frame["longitude"], errors="coerce")
        bad = ~(np.isfinite(lat) & np.isfinite(lon) & lat.between(-90, 90) & lon.between(-180, 180))
        if "geo_precision" in frame.columns:  # a row whose place is unknown has no point: counted, not drawn
            bad &= ~((frame["geo_precision"].astype("string") == "unknown") & lat.isna() & lon.isna()).to_numpy()
        if bad.any():
            problem(problems, "latitude/longitude", "range", frame.index[bad.to_numpy()], "coordinates missing, NaN or out of range")
        frame["latitude"], frame["longitude"] = lat, lon
    else:
        frame["latitude"], frame["longitude"] = points(gdf, lonlat(gdf, problems), problems)
    if problems:
        raise ValidationError(problems)
    if "incident_id" not in frame.columns:
        frame["incident_id"] = [str(i) for i in gdf.index]
    frame["incident_id"] = frame["incident_id"].astype(str)
    for name, default in INCIDENT_DEFAULTS.items():
        frame[name] = frame[name].fillna(default) if name in frame.columns else default
    return frame


def text_values(s: pd.Series) -> list:
    """A column as popup text: None for missing, ISO dates, plain numbers."""
    if pd.api.types.is_datetime64_any_dtype(s):
        s = s.dt.strftime("%Y-%m-%d")
    out = []
    for v in s.astype(object).where(s.notna(), None).tolist():
        if isinstance(v, float) and not np.isfinite(v):
            v = None
        out.append(v if v is None or isinstance(v, bool | int | str) else str(v))
    return out


def feature_payload(
    gdf: gpd.GeoDataFrame, *, column: str | None = None, time: str | None = None, popup: list[str] | bool = True
) -> tuple[dict, pd.Index]:
    """The map's data for any GeoDataFrame: categories from `column`, days from `time`, popup fields, shapes.

    Returns the payload's parts (the map adds its look) and the rows' order.
    """
    problems: list[Problem] = []
    for name, arg in (("column", column), ("time", time)):
        if arg is not None and arg not in gdf.columns:
            problem(problems, arg, "missing-column", [], f"{name}={arg!r} is not a column; columns: {', '.join(map(str, gdf.columns))}")
    geo_name = getattr(gdf, "_geometry_column_name", "geometry")
    fields = [c for c in gdf.columns if c != geo_name] if popup is True else list(popup or [])
    absent = [f for f in fields if f not in gdf.columns]
    if absent:
        problem(problems, ", ".join(map(str, absent)), "missing-column", [], "popup fields that are not columns")
    geo = lonlat(gdf, problems)
    lat, lon = points(gdf, geo, problems)
    ds = np.zeros(len(gdf), dtype="int64")
    if time is not None and time in gdf.columns:
        days = dates(gdf, time, problems)
        ds = days.to_numpy(dtype="datetime64[D]").astype("int64")
    labels: list[str] = ["features"]
    cat = np.zeros(len(gdf), dtype=int)
    if column is not None and column in gdf.columns:
        values = gdf[column].astype(object).where(gdf[column].notna(), None)
        keys = values.map(lambda v: "(missing)" if v is None else str(v))
        labels = sorted(set(keys), key=lambda k: (k == "(missing)", k))
        if len(labels) > MAX_CATEGORIES:
            problem(problems, column, "categories", [], f"{len(labels)} distinct values; the map draws up to {MAX_CATEGORIES} categories")
        lookup = {k: n for n, k in enumerate(labels)}
        cat = keys.map(lookup).to_numpy(dtype=int)
    if problems:
        raise ValidationError(problems)
    categories = [
        {"key": f"c{n}", "label": label if column else "Features", "color": PALETTE[n % len(PALETTE)], "shape": SHAPES[n // len(PALETTE)]}
        for n, label in enumerate(labels)
    ]
    return {
        "categories": categories,
        "cat": cat.tolist(),
        "lat": np.round(lat, 5).tolist(),
        "lon": np.round(lon, 5).tolist(),
        "ds": ds.tolist(),
        "attrs": [[str(f), text_values(gdf[f])] for f in fields],
        "shapes": shapes(geo) if geo is not None and not geo.geom_type.isin(["Point"]).all() else None,
        "ids": [str(i) for i in gdf.index],
        "bounds": [float(b) for b in geo.total_bounds] if geo is not None and len(gdf) else None,
        "column": column,
        "time": time,
    }, gdf.index
