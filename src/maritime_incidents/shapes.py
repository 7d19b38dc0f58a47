"""Shapes on the sphere: the pieces an incident's area is made of, and how they combine.

Every distance here is geodesic (pyproj's `Geod` on WGS84), so a 400 km disc is 400 km wide on
any projection, including the Web Mercator of the map. Shapely alone works in degrees, which
stretch with latitude; that is why the discs and sectors below are traced point by point with
`Geod.fwd` rather than made with `buffer()`.
"""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Geod
from shapely.geometry import Point, Polygon
from shapely.ops import nearest_points

GEOD = Geod(ellps="WGS84")
RING_VERTICES = 72  # a disc's outline every 5 degrees: under 0.4 % short of the true radius
HULL_FACTOR = 3.0  # parts whose hull is at most 3x their union describe one neighbourhood


def disc(lon: float, lat: float, radius_km: float) -> Polygon:
    """All points within radius_km of (lon, lat), traced on the ellipsoid."""
    az = np.linspace(0.0, 360.0, RING_VERTICES, endpoint=False)
    return ring_polygon(lon, lat, az, np.full(az.shape, radius_km * 1000.0))


def sector(lon: float, lat: float, azimuth: float, half_width: float, radius_km: float) -> Polygon:
    """The wedge from (lon, lat) toward azimuth ± half_width, out to radius_km ('south-west of X')."""
    az = np.linspace(azimuth - half_width, azimuth + half_width, 19)
    lons, lats, _ = GEOD.fwd(np.full(az.shape, lon), np.full(az.shape, lat), az, np.full(az.shape, radius_km * 1000.0))
    return shapely.make_valid(Polygon([(lon, lat), *zip(unwrap(lons, lon), lats, strict=True)]))


def ring_polygon(lon: float, lat: float, az: np.ndarray, dist_m: np.ndarray) -> Polygon:
    lons, lats, _ = GEOD.fwd(np.full(az.shape, lon), np.full(az.shape, lat), az, dist_m)
    return shapely.make_valid(Polygon(zip(unwrap(lons, lon), lats, strict=True)))


def unwrap(lons: np.ndarray, center: float) -> np.ndarray:
    """Longitudes kept on the centre's side of the antimeridian (no incident area crosses it)."""
    return np.where(lons - center > 180, lons - 360, np.where(lons - center < -180, lons + 360, lons))


def combine(parts: list[shapely.Geometry]) -> shapely.Geometry:
    """Several phrases' shapes as one area: their hull when they describe one neighbourhood
    (the hull adds at most HULL_FACTOR times their own extent), else their union, so that two
    sources that disagree by 2,000 km show as two places rather than one vast hull."""
    union = shapely.union_all([shapely.make_valid(p) for p in parts])
    if len(parts) < 2 or union.area == 0:
        return union
    hull = union.convex_hull
    return hull if hull.area <= HULL_FACTOR * union.area else union


def max_distance_km(lon: float, lat: float, geom: shapely.Geometry) -> float:
    """The farthest any point of geom lies from (lon, lat): the radius of a circle that holds it."""
    coords = shapely.get_coordinates(shapely.boundary(geom) if geom.area > 0 else geom)
    if len(coords) == 0:
        return 0.0
    _, _, dist = GEOD.inv(np.full(len(coords), lon), np.full(len(coords), lat), coords[:, 0], coords[:, 1])
    return float(np.max(dist)) / 1000.0


def distance_km(lon: float, lat: float, geom: shapely.Geometry) -> float:
    """How far (lon, lat) lies outside geom (0 inside), along the geodesic to geom's nearest point."""
    p = Point(lon, lat)
    if geom.covers(p):
        return 0.0
    q = nearest_points(geom, p)[0]
    return float(GEOD.inv(lon, lat, q.x, q.y)[2]) / 1000.0


def inside_point(geom: shapely.Geometry, lon: float, lat: float) -> Point:
    """(lon, lat) if it lies in geom, else the nearest point a little inside geom."""
    p = Point(lon, lat)
    if geom.contains(p):
        return p
    for inset in (0.02, 0.005, 0.0):
        inner = geom.buffer(-inset) if inset else geom
        if not inner.is_empty:
            q = nearest_points(inner, p)[0]
            if geom.contains(q) or inset == 0.0:
                return q
    return geom.representative_point()


def share_inside(inner: shapely.Geometry, outer: shapely.Geometry) -> float:
    """The share of inner's extent that outer holds (planar degrees: only compared to 0.9)."""
    if inner.area == 0:
        return 1.0 if outer.covers(inner) else 0.0
    return float(inner.intersection(outer).area / inner.area)
