"""The shipped offline geodata: land mask, country shapes, gazetteer areas and places.

Every file in `_geodata/` comes from a licensed offline source through
`scripts/build_gazetteer.py`; `_geodata/SOURCES.md` says which.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import numpy as np
import shapely

GEODATA = Path(str(files("maritime_incidents") / "_geodata"))


def read_rows(name: str) -> list[dict[str, str]]:
    with open(GEODATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@lru_cache(maxsize=1)
def areas() -> dict[str, dict[str, str]]:
    """Sea areas, regions, coast bands and countries, keyed by e.g. `coast:venezuela:caribbean`."""
    return {r["key"]: r for r in read_rows("areas.csv")}


@lru_cache(maxsize=1)
def places() -> dict[str, dict[str, str]]:
    """Ports, towns and border points, each with a point moved to sea."""
    return {r["key"]: r for r in read_rows("places.csv")}


def _box(key: str) -> tuple[float, float, float, float]:
    a = areas()[key]
    return (float(a["min_lon"]), float(a["min_lat"]), float(a["max_lon"]), float(a["max_lat"]))


#: The box (min_lon, min_lat, max_lon, max_lat) a region's points must fall in.
REGION_BOXES: dict[str, tuple[float, float, float, float]] = {
    "caribbean": _box("region:caribbean"),
    "eastern_pacific": _box("region:eastern_pacific"),
    "atlantic": _box("region:atlantic"),
    "gulf_of_mexico": _box("region:gulf_of_mexico"),
    "indian_ocean": _box("region:indian_ocean"),
    "venezuela_land": _box("country:venezuela"),
}


def in_box(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


@lru_cache(maxsize=1)
def land() -> shapely.Geometry:
    """Natural Earth 1:50m land (world-atlas), valid, Antarctica left out, prepared for fast tests."""
    import geopandas as gpd

    parts = gpd.read_file(GEODATA / "land-50m.json", layer="land").explode(index_parts=False).geometry
    keep = [shapely.make_valid(g) for g in parts if g.bounds[1] > -60]
    geom = shapely.union_all(keep)
    shapely.prepare(geom)
    return geom


def on_land(lats, lons) -> np.ndarray:
    """True where a point falls on land (1:50m, so within a few km of a coast it may err)."""
    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    if lat.size == 0:
        return np.zeros(0, dtype=bool)
    return shapely.contains_xy(land(), lon, lat)


@lru_cache(maxsize=1)
def countries():
    """Country outlines (GeoDataFrame, EPSG:4326): coasts measured from, land rows' countries."""
    import geopandas as gpd

    gdf = gpd.read_file(GEODATA / "countries-50m.json", layer="countries")
    return gdf.set_crs("EPSG:4326", allow_override=True)


@lru_cache(maxsize=1)
def regions():
    """The sea polygons of each region (Natural Earth, simplified), for telling a point's region."""
    import geopandas as gpd

    gdf = gpd.read_file(GEODATA / "regions.geojson")
    shapely.prepare(gdf.geometry.values)
    return gdf


def region_of(lats, lons) -> np.ndarray:
    """The region whose sea holds each point, or 'other' (points on land or elsewhere)."""
    lat = np.asarray(lats, dtype=float)
    lon = np.asarray(lons, dtype=float)
    out = np.full(lat.shape, "other", dtype=object)
    for name, geom in zip(regions()["region"], regions().geometry, strict=True):
        inside = shapely.contains_xy(geom, lon, lat) & (out == "other")
        out[inside] = name
    return out


@lru_cache(maxsize=1)
def area_shapes() -> dict[str, shapely.Geometry]:
    """Each gazetteer area's polygon (areas.geojson), keyed like `areas()`."""
    import geopandas as gpd

    gdf = gpd.read_file(GEODATA / "areas.geojson")
    return {k: shapely.make_valid(g) for k, g in zip(gdf["key"], gdf.geometry, strict=True)}


@lru_cache(maxsize=1)
def country_shapes() -> dict[str, shapely.Geometry]:
    """World-atlas 1:50m country polygons by their world-atlas name (e.g. 'Dominican Rep.')."""
    return {n: shapely.make_valid(g) for n, g in zip(countries()["name"], countries().geometry, strict=True)}


@lru_cache(maxsize=1)
def iho_seas():
    """IHO Sea Areas v3 (Marine Regions, CC BY 4.0), simplified: the sea and basin of an area."""
    import geopandas as gpd

    return gpd.read_file(GEODATA / "iho_seas.geojson")


def sea_only(geom: shapely.Geometry) -> shapely.Geometry:
    """geom without the land (1:50m) it covers: an area at sea never includes the shore."""
    minx, miny, maxx, maxy = geom.bounds
    local = shapely.clip_by_rect(land(), minx - 0.1, miny - 0.1, maxx + 0.1, maxy + 0.1)
    return shapely.make_valid(geom.difference(local))
