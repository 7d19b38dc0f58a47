"""Turn a row's location words into an honest point: latitude, longitude, precision, radius.

Almost no source gives coordinates ("off the coast of Venezuela", "in the eastern Pacific").
The rules below, tried in order, pick the most specific thing the words name and return the
point that stands for it with a radius that holds it, and say which rule fired (`geo_rule`):

1. coordinates reported by a source -> `reported`, radius 0;
2. "<distance> <direction> of <place>" -> `bearing`: the geodesic point, radius from the
   direction's half-width (±22.5° for 8 points) and ±10 % of the distance, plus the place's;
3. a named port, town or border point -> `place`: its point moved to sea, radius 50 km;
4. a named country or island coast -> `coast`: the sea within 200 km of it in the row's region;
5. a named sea or gulf -> `sea_area`; 6. a country, for land or airspace rows -> `country`;
7. otherwise the row's region -> `region`.

Rows on land (`venezuela_land`) skip rules 2-4: a port named in a land strike's words must
not pull its point out to sea.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from pyproj import Geod

from . import geodata

GEOD = Geod(ellps="WGS84")
KM_PER = {
    "nautical mile": 1.852,
    "nm": 1.852,
    "nmi": 1.852,
    "mile": 1.609344,
    "mi": 1.609344,
    "km": 1.0,
    "kilometer": 1.0,
    "kilometre": 1.0,
}
AZIMUTH = {
    "north": 0,
    "north northeast": 22.5,
    "northeast": 45,
    "east northeast": 67.5,
    "east": 90,
    "east southeast": 112.5,
    "southeast": 135,
    "south southeast": 157.5,
    "south": 180,
    "south southwest": 202.5,
    "southwest": 225,
    "west southwest": 247.5,
    "west": 270,
    "west northwest": 292.5,
    "northwest": 315,
    "north northwest": 337.5,
}
HALF_WIDTH_DEG = 22.5
RANGE_ERROR = 0.10
DIRECTION = "|".join(sorted((re.escape(d) for d in AZIMUTH), key=len, reverse=True))
UNIT = r"nautical miles?|nmi|nm|miles?|mi|kilomet(?:er|re)s?|km"
BEARING_RE = re.compile(rf"(\d[\d,]*(?:\.\d+)?)\s*({UNIT})\s+(?:to the\s+)?({DIRECTION})\s+(?:of|from)\s+(.*)")
DISTANCE_RE = re.compile(rf"(\d[\d,]*(?:\.\d+)?)\s*({UNIT})\s+(?:off|from)\s+(.*)")


class GeocodeError(ValueError):
    """The words name nothing the gazetteer knows and the region gives no fallback."""


@dataclass(frozen=True)
class GeoResult:
    latitude: float
    longitude: float
    geo_precision: str
    uncertainty_km: float
    geo_rule: str


def normalize(text: str) -> str:
    """Lowercase ASCII words: accents dropped, dashes and slashes as spaces."""
    spaced = re.sub(r"[^\w.']+", " ", text)
    ascii_ = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9.']+", " ", ascii_).split())


def mentions(text: str, aliases: str) -> int | None:
    """Position of the first alias (|-separated) found as whole words in text, else None."""
    best = None
    for alias in filter(None, aliases.split("|")):
        m = re.search(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", text)
        if m and (best is None or m.start() < best):
            best = m.start()
    return best


def find_place(text: str) -> dict[str, str] | None:
    hits = [(pos, key) for key, p in geodata.places().items() if (pos := mentions(text, p["aliases"])) is not None]
    return geodata.places()[min(hits)[1]] if hits else None


def find_areas(text: str, kind: str, region: str | None = None, *, first_mentioned: bool = False) -> list[dict[str, str]]:
    """Areas of a kind named in the text: the smallest first, or the first mentioned first."""
    out = []
    for key, a in geodata.areas().items():
        pos = mentions(text, a["aliases"])
        if a["kind"] != kind or pos is None:
            continue
        if region and kind == "coast" and not key.endswith(f":{region}"):
            continue
        out.append((pos, a))
    if first_mentioned:
        return [a for _, a in sorted(out, key=lambda t: (t[0], float(t[1]["radius_km"]), t[1]["key"]))]
    return [a for _, a in sorted(out, key=lambda t: (float(t[1]["radius_km"]), t[1]["key"]))]


def to_km(number: str, unit: str) -> float:
    unit = unit.rstrip("s") if unit not in ("nm", "nmi") else unit
    return float(number.replace(",", "")) * KM_PER[unit]


def point(a: dict[str, str], precision: str, rule: str, extra_km: float = 0.0) -> GeoResult:
    return GeoResult(
        round(float(a["latitude"]), 4),
        round(float(a["longitude"]), 4),
        precision,
        round(float(a["radius_km"]) + extra_km, 1),
        rule,
    )


def anchor_of(rest: str, region: str) -> tuple[dict[str, str], str] | None:
    """What a bearing or distance is measured from: a place, else a coast, else a sea area."""
    place = find_place(rest)
    if place:
        return {
            **place,
            "latitude": place["place_latitude"],
            "longitude": place["place_longitude"],
            "radius_km": "0",
        }, f"place:{place['key']}"
    coasts = find_areas(rest, "coast", region, first_mentioned=True)
    if coasts:
        return coasts[0], coasts[0]["key"]
    return None


def by_bearing(text: str, region: str) -> GeoResult | None:
    m = BEARING_RE.search(text)
    if not m:
        return None
    found = anchor_of(m.group(4), region)
    if not found:
        return None
    anchor, key = found
    km = to_km(m.group(1), m.group(2))
    lon, lat, _ = GEOD.fwd(float(anchor["longitude"]), float(anchor["latitude"]), AZIMUTH[m.group(3)], km * 1000)
    lateral = km * math.sin(math.radians(HALF_WIDTH_DEG))
    radius = math.hypot(lateral, km * RANGE_ERROR) + float(anchor["radius_km"])
    rule = f"bearing:{m.group(1)} {m.group(2)} {m.group(3)} of {key}"
    return GeoResult(round(lat, 4), round(lon, 4), "bearing", round(radius, 1), rule)


def by_distance(text: str, region: str) -> GeoResult | None:
    """'48 nautical miles off/from X', no direction: X's point, radius the distance plus 10 %."""
    m = DISTANCE_RE.search(text)
    if not m:
        return None
    found = anchor_of(m.group(3), region)
    if not found:
        return None
    anchor, key = found
    km = to_km(m.group(1), m.group(2))
    a = find_place(m.group(3)) or anchor
    return point(a, "place", f"distance:{m.group(1)} {m.group(2)} from {key}", extra_km=round(km * (1 + RANGE_ERROR), 1))


def geocode(location_text: str, region: str, reported: tuple[float, float] | None = None) -> GeoResult:
    """The point for a row, by the first rule that fits its words (see the module docstring)."""
    if reported is not None:
        return GeoResult(reported[0], reported[1], "reported", 0.0, "reported:coordinates given by a source")
    text = normalize(location_text)
    if region == "venezuela_land":
        countries = find_areas(text, "country") or [geodata.areas()["country:venezuela"]]
        return point(countries[0], "country", countries[0]["key"])
    for rule in (by_bearing, by_distance):
        result = rule(text, region)
        if result:
            return result
    place = find_place(text)
    if place:
        return point(place, "place", f"place:{place['key']}")
    coasts = find_areas(text, "coast", region) if region in geodata.REGION_BOXES else []
    if coasts:
        return point(coasts[0], "coast", coasts[0]["key"])
    seas = [a for a in find_areas(text, "sea_area") if region_fits(a, region)]
    if seas:
        return point(seas[0], "sea_area", seas[0]["key"])
    countries = find_areas(text, "country") if region == "other" else []
    if countries:
        return point(countries[0], "country", countries[0]["key"])
    key = f"region:{region}"
    if key in geodata.areas():
        return point(geodata.areas()[key], "region", key)
    raise GeocodeError(f"no gazetteer entry matches {location_text!r} and region {region!r} has no area")


def region_fits(area: dict[str, str], region: str) -> bool:
    """A sea area counts only in its own region (no 'Caribbean' for a Pacific row); unions fit any."""
    return area["region"] in ("", region)
