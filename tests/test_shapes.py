"""shapes: discs, sectors and distances measured on the ellipsoid, and how parts combine."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, box

from maritime_incidents import shapes

GEOD = shapes.GEOD
KM_PER_DEGREE_AT_EQUATOR = 111.319  # WGS84: 2 * pi * 6378.137 km / 360


def km_from(lon: float, lat: float, coords: np.ndarray) -> np.ndarray:
    n = len(coords)
    return GEOD.inv(np.full(n, lon), np.full(n, lat), coords[:, 0], coords[:, 1])[2] / 1000


def test_a_disc_has_every_vertex_at_its_radius():
    d = shapes.disc(-70.0, 12.0, 250)
    ring = shapely.get_coordinates(d.exterior)[:-1]
    assert len(ring) == shapes.RING_VERTICES and d.is_valid and d.contains(Point(-70.0, 12.0))
    assert km_from(-70.0, 12.0, ring) == pytest.approx(np.full(len(ring), 250.0), abs=0.001)
    assert shapes.max_distance_km(-70.0, 12.0, d) == pytest.approx(250.0, abs=0.001)


def test_a_sector_is_the_wedge_toward_its_azimuth():
    """'South-west of' the point: apex at the point, arc at the radius from 200 to 250 degrees."""
    s = shapes.sector(-87.0, 5.5, 225.0, 25.0, 300)
    ring = shapely.get_coordinates(s.exterior)[:-1]
    assert s.is_valid and len(ring) == 20  # the apex and 19 points along the arc
    apex = [i for i, c in enumerate(ring) if tuple(c) == (-87.0, 5.5)]
    assert len(apex) == 1
    arc = np.delete(ring, apex[0], axis=0)
    assert km_from(-87.0, 5.5, arc) == pytest.approx(np.full(19, 300.0), abs=0.001)
    n = len(arc)
    azimuths = np.sort(GEOD.inv(np.full(n, -87.0), np.full(n, 5.5), arc[:, 0], arc[:, 1])[0] % 360)
    assert azimuths[0] == pytest.approx(200.0, abs=0.01) and azimuths[-1] == pytest.approx(250.0, abs=0.01)
    c = s.centroid
    assert c.x < -87.0 and c.y < 5.5


def test_unwrap_keeps_longitudes_on_the_centres_side():
    lons = np.array([-179.0, 178.0, -1.0, 179.0])
    assert shapes.unwrap(lons, 179.0).tolist() == [181.0, 178.0, -1.0, 179.0]
    assert shapes.unwrap(np.array([179.0, -178.0]), -179.0).tolist() == [-181.0, -178.0]
    # exactly half the world away is left as it is, on either side
    assert shapes.unwrap(np.array([180.0, -180.0]), 0.0).tolist() == [180.0, -180.0]
    assert shapes.unwrap(np.array([180.5, -180.5]), 0.0).tolist() == [-179.5, 179.5]  # just past it is wrapped


def test_a_disc_at_the_antimeridian_is_small_not_a_band_round_the_world():
    d = shapes.disc(179.5, 0.0, 200)
    assert d.is_valid and d.bounds[2] > 180 and d.bounds[0] > 177
    assert shapes.max_distance_km(179.5, 0.0, d) == pytest.approx(200.0, abs=0.001)


def test_combine_takes_the_hull_up_to_three_times_the_parts():
    """Two unit squares 5 apart: union area 2, hull 6 = 3 x 2 (kept); 5.5 apart: hull 6.5 (too big)."""
    a = box(0, 0, 1, 1)
    at_limit = shapes.combine([a, box(5, 0, 6, 1)])
    assert at_limit.equals(box(0, 0, 6, 1))
    past = shapes.combine([a, box(5.5, 0, 6.5, 1)])
    assert past.geom_type == "MultiPolygon" and past.area == pytest.approx(2.0)


def test_combine_leaves_one_part_and_bare_points_as_they_are():
    two = MultiPolygon([box(0, 0, 1, 1), box(2, 0, 3, 1)])  # one phrase's shape in two pieces
    assert shapes.combine([two]).equals(two)
    points = shapes.combine([Point(0, 0), Point(1, 1)])  # no extent: no hull to compare
    assert points.geom_type == "MultiPoint"


def test_max_distance_of_a_point_a_line_and_nothing():
    assert shapes.max_distance_km(0.0, 0.0, Point(1.0, 0.0)) == pytest.approx(KM_PER_DEGREE_AT_EQUATOR, abs=0.01)
    line = LineString([(0.5, 0.0), (2.0, 0.0)])
    assert shapes.max_distance_km(0.0, 0.0, line) == pytest.approx(2 * KM_PER_DEGREE_AT_EQUATOR, abs=0.01)
    assert shapes.max_distance_km(0.0, 0.0, Point()) == 0.0


def test_distance_is_zero_inside_and_on_the_edge_geodesic_outside():
    square = box(-1, -1, 1, 1)
    assert shapes.distance_km(0.0, 0.0, square) == 0.0
    assert shapes.distance_km(1.0, 0.0, square) == 0.0  # on the edge: covered
    assert shapes.distance_km(2.0, 0.0, square) == pytest.approx(KM_PER_DEGREE_AT_EQUATOR, abs=0.01)
    assert shapes.distance_km(0.0, 3.0, square) == pytest.approx(GEOD.inv(0, 3, 0, 1)[2] / 1000, abs=0.001)


def test_inside_point_moves_an_outside_point_a_little_inside():
    square = box(0, 0, 1, 1)
    assert shapes.inside_point(square, 0.5, 0.5).equals(Point(0.5, 0.5))
    assert shapes.inside_point(square, 0.99, 0.5).equals(Point(0.99, 0.5))  # inside, near the edge: not moved
    q = shapes.inside_point(square, 3.0, 0.5)
    assert square.contains(q) and q.x == pytest.approx(0.98) and q.y == pytest.approx(0.5)
    on_edge = shapes.inside_point(square, 1.0, 0.5)  # on the boundary: not inside, moved in
    assert square.contains(on_edge) and on_edge.x == pytest.approx(0.98)
    thin = box(0, 0, 1, 0.02)  # too thin for the 0.02 inset: the 0.005 one
    t = shapes.inside_point(thin, 3.0, 0.01)
    assert thin.contains(t) and t.x == pytest.approx(0.995)
    hair = box(0, 0, 1, 0.005)  # too thin for any inset: its nearest point, on the edge
    h = shapes.inside_point(hair, 3.0, 0.0025)
    assert h.x == pytest.approx(1.0) and h.y == pytest.approx(0.0025)
    line = LineString([(0, 0), (1, 0)])  # no inside at all
    assert shapes.inside_point(line, 0.5, 1.0).equals(Point(0.5, 0.0))


def test_share_inside():
    assert shapes.share_inside(box(0, 0, 2, 1), box(1, 0, 3, 1)) == pytest.approx(0.5)
    assert shapes.share_inside(box(0, 0, 1, 1), box(-1, -1, 2, 2)) == 1.0
    assert shapes.share_inside(Point(0.5, 0.5), box(0, 0, 1, 1)) == 1.0
    assert shapes.share_inside(Point(1.0, 0.5), box(0, 0, 1, 1)) == 1.0  # on the edge: covered
    assert shapes.share_inside(Point(5, 5), box(0, 0, 1, 1)) == 0.0
