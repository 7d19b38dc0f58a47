"""Tracks: a pursuit or transit as a line through the dated positions sources give.

`waypoints.csv` holds one row per position (track, order, date, the source's words, the
geocoded point and its uncertainty, the source it comes from). A track is the great-circle
line through its waypoints in order. No AIS track is open for the vessels followed here (the
Bella 1 ran with its transponder off), so every vertex is a reported position, never an
interpolated one; the densified vertices between them only draw the great circle.
"""

from __future__ import annotations

import itertools

import numpy as np
from shapely.geometry import LineString

from ._errors import Problem
from .schema import WAYPOINTS
from .shapes import GEOD

SEGMENT_KM = 50  # vertices along each great-circle leg, so the line is true on any projection


def check_waypoint_sources(tables: dict[str, list[dict[str, str]]], problems: list[Problem]) -> None:
    """Each waypoint's source_url is one of its incident's rows in sources.csv."""
    if "sources" not in tables:
        return  # no sources read (or read only in part): nothing to hold the waypoints against
    cited = {(r.get("incident_id"), r.get("url")) for r in tables["sources"]}
    for row in tables.get("waypoints", []):
        incident, url = row.get("incident_id"), row.get("source_url")
        if incident and url and (incident, url) not in cited:
            message = f"not a source of {incident} in sources.csv"
            problems.append(Problem(WAYPOINTS.filename, int(row["__line__"]), "source_url", "link.source", url, message))


def great_circle(points: list[tuple[float, float]]) -> LineString:
    """The line through (lon, lat) points along great circles, a vertex about every SEGMENT_KM."""
    coords = [points[0]]
    for (lon1, lat1), (lon2, lat2) in itertools.pairwise(points):
        km = GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000
        n = int(km / SEGMENT_KM)
        if n > 0:
            coords.extend(GEOD.npts(lon1, lat1, lon2, lat2, n))
        coords.append((lon2, lat2))
    return LineString(np.round(np.array(coords), 4))
