"""Tracks: a pursuit or transit as a line through the dated positions sources give.

`waypoints.csv` holds one row per position (track, order, date, the source's words, the
geocoded point and its uncertainty, the source it comes from). A track is the great-circle
line through its waypoints in order. No AIS track is open for the vessels followed here (the
Bella 1 ran with its transponder off), so every vertex is a reported position, never an
interpolated one; the densified vertices between them only draw the great circle.
"""

from __future__ import annotations

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
    cited = {(r.get("incident_id", ""), r.get("url", "")) for r in tables.get("sources", [])}
    for row in tables.get("waypoints", []):
        key = (row.get("incident_id", ""), row.get("source_url", ""))
        if all(key) and key not in cited:
            problems.append(
                Problem(
                    WAYPOINTS.filename,
                    int(row["__line__"]),
                    "source_url",
                    "link.source",
                    key[1],
                    f"not a source of {key[0]} in sources.csv",
                )
            )


def great_circle(lons: list[float], lats: list[float]) -> LineString:
    """The line through the points along great circles, a vertex about every SEGMENT_KM."""
    coords: list[tuple[float, float]] = [(lons[0], lats[0])]
    for (lon1, lat1), (lon2, lat2) in zip(zip(lons, lats, strict=True), zip(lons[1:], lats[1:], strict=True), strict=False):
        km = GEOD.inv(lon1, lat1, lon2, lat2)[2] / 1000
        n = int(km // SEGMENT_KM)
        if n > 0:
            coords.extend(GEOD.npts(lon1, lat1, lon2, lat2, n))
        coords.append((lon2, lat2))
    return LineString(np.round(np.array(coords), 4))
