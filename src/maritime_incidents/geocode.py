"""Turn a row's location words into an honest area, a representative point and a precision.

Almost no source gives coordinates ("off the coast of Venezuela", "in the eastern Pacific").
The geocoder reads every phrase of a row's `location_text` that names something the offline
gazetteer knows, makes each into a shape on the sphere, and combines them into the row's
*area*: the region that holds every place the words name. The phrases, from most to least
specific:

1. coordinates reported by a source -> `reported`: a disc of REPORTED_KM;
2. "<distance> <direction> of <place>" -> `bearing`: a geodesic disc around the point that far
   along that bearing, as wide as the direction's half-width (±22.5°) and ±10 % of the distance;
3. "<distance> off/from <place>", "within <distance> of <place>" -> `place`: the sea within
   that distance (+10 %); "between A and B" -> `place`: the sea within half their gap plus a
   coast band of the midpoint of their nearest points; "near/off/at <port or town>" -> `place`:
   the sea within PLACE_KM of it (a town on land, for land rows: CITY_KM of the town);
4. "<direction> of <place or coast>" -> `direction`: a ±45° wedge out to DIRECTION_KM;
5. a named country or island coast -> `coast`: the sea within 200 km of it in the row's region;
   for land rows, a named province -> `province`;
6. a named sea or gulf -> `sea_area`; 7. a country, for land rows -> `country`;
8. the row's region -> `region`, when the words name nothing and do not say the place is
   unspecified; if they do, the row has no area and no point (`unknown`).

Phrases of kinds 1-5 are combined: their hull when they describe one neighbourhood, their union
when sources disagree (see `shapes.combine`); seas and regions are used only when nothing more
specific is named, the smallest one. Places named as where a boat came from or went to ("from
Venezuela", "en route to", "heading toward") are not where the incident was, and the place a
bearing is measured from is an anchor, not a location.

The point (`latitude`, `longitude`) is a representative point: inside the area, at the most
specific phrase's own point (the bearing's end, the place, the coast band's point), moved into
the part of the area in the row's region if it lies outside it. `uncertainty_km` is the radius of the circle around
it that holds the whole area. Every distance and shape is geodesic (`shapes.py`).
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Point
from shapely.ops import nearest_points

from . import geodata, shapes

GEOD = shapes.GEOD
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
# "south-west" normalizes to "south west": the same direction.
AZIMUTH.update(
    {k.replace("th", "th ", 1).replace("  ", " "): v for k, v in AZIMUTH.items() if re.fullmatch(r"(north|south)(east|west)", k)}
)
HALF_WIDTH_DEG = 22.5
RANGE_ERROR = 0.10
REPORTED_KM = 2.0  # a reported position: within about a nautical mile
PLACE_KM = 50.0  # "near/off <port or town>": the sea within 50 km
CITY_KM = 15.0  # a land row's town: within 15 km of it
DIRECTION_KM = 500.0  # "<direction> of X" with no distance: a wedge out to 500 km
DIRECTION_HALF_WIDTH = 45.0
COAST_BAND_KM = 200.0  # as the gazetteer's coast bands
SHAPE_TOLERANCE_DEG = 0.01  # stored areas are simplified to about 1 km and rounded to 0.001°
SHARE_HOLDS = 0.9  # a sea "holds" an area when 90 % of the area lies in it

DIRECTION = "|".join(sorted((re.escape(d) for d in AZIMUTH), key=len, reverse=True))
UNIT = r"nautical miles?|nmi|nm|miles?|mi|kilomet(?:er|re)s?|km"
NUMBER = r"(\d[\d,]*(?:\.\d+)?)"
BEARING_RE = re.compile(rf"{NUMBER}\s*({UNIT})\s+(?:to the\s+)?({DIRECTION})\s+(?:of|from)\s+")
DISTANCE_RE = re.compile(rf"{NUMBER}\s*({UNIT})\s+(?:off|from)\s+")
WITHIN_RE = re.compile(rf"within\s+{NUMBER}\s*({UNIT})\s+of\s+")
DIRECTION_RE = re.compile(rf"(?<![a-z0-9])({DIRECTION})\s+of\s+")
BETWEEN_RE = re.compile(r"between\s+(?:the\s+)?(.{3,60}?)\s+and\s+(?:the\s+)?")
AROUND_RE = re.compile(r"(?:around|surrounding)\s+(?:the\s+)?")
NOT_WHERE_BEFORE = re.compile(
    r"(?:^|\s)(?:to|toward|towards|for|from|left|leaving|bound|headed|heading|departed|en route|destined)(?:\s+the|\s+a|\s+an)?\s*$"
)
NOT_WHERE_AFTER = re.compile(r"^\s*(?:flight information region|fir)\b")
UNSPECIFIED_RE = re.compile(r"\b(?:unspecified|not specified|not given|not disclosed|undisclosed|unknown location|no location)\b")
INTERNATIONAL_RE = re.compile(r"\binternational waters?\b")
TERRITORIAL_RE = re.compile(r"\b(?:in|inside|within)\s+(?:its\s+|the\s+)?(?:territorial|[a-z]+an|[a-z]+can|[a-z]+ese|[a-z]+ish)\s+waters\b")
ANCHOR_WINDOW = 60  # characters after "of"/"from" in which the anchor must be named
# A proper name after a word of place ("near the GIUK Gap", "in the Windward Passage"), in the
# source's own casing: what a reader would take for a place, whether or not the gazetteer knows it.
PLACE_PHRASE_RE = re.compile(
    r"\b(?:off|near|in|at|outside|between|(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west) of)"
    r"\s+(?:the\s+)?((?:\(?[A-Z][\w'’.\-]*\)?\s?(?:(?:of|and|de|la|del)\s+)?)+)"
)
NOT_A_PLACE_RE = re.compile(
    r"^(?:international(?: waters?)?|(?:us)?southcom|indopacom|eucom|area of responsibility|western hemisphere|our hemisphere|"
    r"united states|january|february|march|april|may|june|july|august|september|october|november|december)\b"
)

PRECISION_RANK = {
    "reported": 0,
    "bearing": 1,
    "place": 2,
    "direction": 3,
    "coast": 4,
    "province": 4,
    "sea_area": 5,
    "country": 6,
    "region": 7,
    "unknown": 8,
}
SPECIFIC = {"reported", "bearing", "place", "direction", "coast", "province"}


class GeocodeError(ValueError):
    """The words name nothing the gazetteer knows and the region gives no fallback."""


@dataclass(frozen=True)
class Part:
    """One phrase's shape: what it is, the rule that made it, and the point it stands on."""

    precision: str
    rule: str
    shape: shapely.Geometry
    lon: float
    lat: float
    position: int


@dataclass(frozen=True)
class Named:
    """A gazetteer place the words name, and whether it is where the incident was."""

    key: str
    role: str  # "location" (must lie in the area) or "anchor" (a bearing's origin)
    lon: float
    lat: float


@dataclass(frozen=True)
class Location:
    """Where a row happened: its area, a representative point, and how they were made."""

    latitude: float | None
    longitude: float | None
    geo_precision: str
    uncertainty_km: float | None
    geo_rule: str
    area: shapely.Geometry | None = field(default=None, compare=False, repr=False)
    basin: str = ""
    sea: str = ""
    sub_area: str = ""
    waters: str = ""
    named: tuple[Named, ...] = ()


GeoResult = Location  # the name before areas existed; kept for callers


def normalize(text: str) -> str:
    """Lowercase ASCII words: accents dropped, dashes and slashes as spaces."""
    spaced = re.sub(r"[^\w.']+", " ", text)
    ascii_ = unicodedata.normalize("NFKD", spaced).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9.']+", " ", ascii_).split())


def occurrences(text: str, aliases: str) -> list[tuple[int, int]]:
    """Every (start, end) where an alias (|-separated) stands as whole words in text."""
    out = []
    for alias in filter(None, aliases.split("|")):
        for m in re.finditer(rf"(?<![a-z0-9]){re.escape(alias)}(?![a-z0-9])", text):
            out.append((m.start(), m.end()))
    return sorted(out)


def mentions(text: str, aliases: str) -> int | None:
    """Position of the first alias found as whole words in text, else None."""
    found = occurrences(text, aliases)
    return found[0][0] if found else None


def to_km(number: str, unit: str) -> float:
    """'1,000' 'nautical miles' -> 1852.0: the unit in the singular ('nm' and 'nmi' end in no s)."""
    return float(number.replace(",", "")) * KM_PER[unit.rstrip("s")]


def place_point(p: dict[str, str], on_land: bool) -> tuple[float, float]:
    """A place's own point for land rows; for sea rows its point moved to sea (places.csv)."""
    if on_land:
        return float(p["place_longitude"]), float(p["place_latitude"])
    return float(p["longitude"]), float(p["latitude"])


def coast_country(area_key: str) -> str:
    """The world-atlas country name behind a coast band ('Venezuela coast (caribbean)')."""
    return geodata.areas()[area_key]["name"].rsplit(" coast (", 1)[0]


@dataclass
class Reader:
    """Reads one text phrase by phrase, remembering which words a phrase has used."""

    text: str
    region: str
    on_land: bool
    clip: bool = True  # False: only which places are named matters (the validator's check)
    used: list[tuple[int, int]] = field(default_factory=list)
    parts: list[Part] = field(default_factory=list)
    named: list[Named] = field(default_factory=list)

    def free(self, start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in self.used)

    def is_where(self, start: int, end: int) -> bool:
        """Not an origin or destination ('from X', 'en route to X'), nor a name ('X FIR')."""
        return not NOT_WHERE_BEFORE.search(self.text[max(0, start - 30) : start]) and not NOT_WHERE_AFTER.match(self.text[end:])

    def anchor(self, start: int, *, at_start: bool = False) -> tuple[str, dict[str, str], tuple[int, int]] | None:
        """The place (else the coast) named right after position start: a bearing's or distance's origin.

        A place wins over a coast in the same words: in "off Costa Rica's port of Golfito" the
        distance is measured from Golfito."""
        window = self.text[start : start + ANCHOR_WINDOW]
        if at_start:  # "between A and B": B is the next words, not any place further on
            window = window[: len(window) - len(window.lstrip())] + " ".join(window.split()[:4])
        best = None
        for key, p in geodata.places().items():
            for a, b in occurrences(window, p["aliases"]):
                if at_start and a > 1:
                    continue
                cand = (0, a, "place", key, (start + a, start + b))
                best = min(best, cand) if best else cand
        for key, a_ in geodata.areas().items():
            if a_["kind"] != "coast" or not key.endswith(f":{self.region}"):
                continue
            for a, b in occurrences(window, a_["aliases"]):
                if at_start and a > 1:
                    continue
                cand = (1, a, "coast", key, (start + a, start + b))
                best = min(best, cand) if best else cand
        if best is None:
            return None
        _, _, kind, key, span = best
        return kind, (geodata.places()[key] if kind == "place" else geodata.areas()[key]), span

    def add(
        self, precision: str, rule: str, shape: shapely.Geometry, lon: float, lat: float, position: int, *, at_centre: bool = False
    ) -> None:
        """A phrase's shape, at sea and in the row's ocean for sea rows. With at_centre, the
        part stands on its own centre ('126 nm off Golfito': out at sea, not at the port)."""
        if not self.on_land and self.clip:
            shape = geodata.sea_only(shape).intersection(basin_shape(self.region))
        if not shape.is_empty:
            if at_centre:
                c = shapes.inside_point(shape, shape.centroid.x, shape.centroid.y)
                lon, lat = c.x, c.y
            self.parts.append(Part(precision, rule, shape, lon, lat, position))

    # --- the phrases ---------------------------------------------------------------

    def bearings(self) -> None:
        for m in BEARING_RE.finditer(self.text):
            found = self.anchor(m.end())
            if not found:
                continue
            kind, a, span = found
            km = to_km(m.group(1), m.group(2))
            if kind == "place":
                lon0, lat0 = float(a["place_longitude"]), float(a["place_latitude"])
                self.named.append(Named(a["key"], "anchor", *place_point(a, self.on_land)))
            else:
                lon0, lat0 = extreme_point(coast_country(a["key"]), AZIMUTH[m.group(3)])
            lon, lat, _ = GEOD.fwd(lon0, lat0, AZIMUTH[m.group(3)], km * 1000)
            radius = math.hypot(km * math.sin(math.radians(HALF_WIDTH_DEG)), km * RANGE_ERROR)
            rule = f"bearing:{m.group(1)} {m.group(2)} {m.group(3)} of {kind}:{a['key'].removeprefix('coast:')}"
            self.used.append((m.start(), span[1]))
            self.add("bearing", rule, shapes.disc(lon, lat, radius), lon, lat, m.start())

    def distances(self) -> None:
        for regex in (DISTANCE_RE, WITHIN_RE):
            for m in regex.finditer(self.text):
                if not self.free(m.start(), m.end()):
                    continue
                found = self.anchor(m.end())
                if not found:
                    continue
                kind, a, span = found
                km = to_km(m.group(1), m.group(2)) * (1 + RANGE_ERROR)
                if kind == "place":
                    lon, lat = float(a["place_longitude"]), float(a["place_latitude"])
                    shape = shapes.disc(lon, lat, km)
                    lon, lat = place_point(a, self.on_land)
                    self.named.append(Named(a["key"], "location", lon, lat))
                else:
                    shape = near_country(coast_country(a["key"]), km)
                    lon, lat = float(a["longitude"]), float(a["latitude"])
                rule = f"distance:{m.group(1)} {m.group(2)} from {kind}:{a['key'].removeprefix('coast:')}"
                self.used.append((m.start(), span[1]))
                self.add("place", rule, shape, lon, lat, m.start(), at_centre=True)

    def betweens(self) -> None:
        for m in BETWEEN_RE.finditer(self.text):
            if not self.free(m.start(), m.end()):  # "the border between Mexico and Guatemala" is a bearing's anchor
                continue
            first = self.anchor(m.start(1), at_start=True)
            second = self.anchor(m.end(), at_start=True)
            if not first or not second or first[2][0] >= m.end():
                continue
            ga, gb = (self.anchor_shape(kind, a) for kind, a, _ in (first, second))
            pa, pb = nearest_points(ga, gb)
            az, _, gap = GEOD.inv(pa.x, pa.y, pb.x, pb.y)
            lon, lat, _ = GEOD.fwd(pa.x, pa.y, az, gap / 2)
            radius = gap / 2000 + COAST_BAND_KM
            rule = f"between:{first[1]['key'].removeprefix('coast:')} and {second[1]['key'].removeprefix('coast:')}"
            for kind, a, _ in (first, second):
                if kind == "place":
                    self.named.append(Named(a["key"], "location", *place_point(a, self.on_land)))
            self.used.append((m.start(), second[2][1]))
            self.add("place", rule, shapes.disc(lon, lat, radius), lon, lat, m.start())

    def anchor_shape(self, kind: str, a: dict[str, str]) -> shapely.Geometry:
        if kind == "place":
            return Point(float(a["place_longitude"]), float(a["place_latitude"]))
        return geodata.country_shapes()[coast_country(a["key"])]

    def directions(self) -> None:
        for m in DIRECTION_RE.finditer(self.text):
            if not self.free(m.start(), m.end()):
                continue
            found = self.anchor(m.end())
            if not found or not self.free(*found[2]):
                continue
            kind, a, span = found
            az = AZIMUTH[m.group(1)]
            if kind == "place":
                lon0, lat0 = float(a["place_longitude"]), float(a["place_latitude"])
                self.named.append(Named(a["key"], "anchor", *place_point(a, self.on_land)))
            else:
                lon0, lat0 = extreme_point(coast_country(a["key"]), az)
            lon, lat, _ = GEOD.fwd(lon0, lat0, az, DIRECTION_KM * 500)
            rule = f"direction:{m.group(1)} of {kind}:{a['key'].removeprefix('coast:')}"
            self.used.append((m.start(), span[1]))
            self.add("direction", rule, shapes.sector(lon0, lat0, az, DIRECTION_HALF_WIDTH, DIRECTION_KM), lon, lat, m.start())

    def seas(self) -> list[tuple[int, dict[str, str]]]:
        """Named seas (their words are used up, so 'Gulf of Mexico' is not Mexico's coast)."""
        out = []
        for a in geodata.areas().values():
            if a["kind"] != "sea_area" or a["region"] not in ("", self.region):
                continue
            spans = [s for s in occurrences(self.text, a["aliases"]) if self.free(*s)]
            if spans:
                out.append((spans[0][0], a))
                self.used.extend(spans)
        return out

    def places(self) -> None:
        for key, p in geodata.places().items():
            spans = [s for s in occurrences(self.text, p["aliases"]) if self.free(*s) and self.is_where(*s)]
            if not spans:
                continue
            lon, lat = float(p["place_longitude"]), float(p["place_latitude"])
            shape = shapes.disc(lon, lat, CITY_KM if self.on_land else PLACE_KM)
            self.named.append(Named(key, "location", *place_point(p, self.on_land)))
            self.used.extend(spans)
            self.add("place", f"place:{key}", shape, *place_point(p, self.on_land), spans[0][0])

    def coasts(self) -> None:
        for key, a in geodata.areas().items():
            if a["kind"] != "coast" or not key.endswith(f":{self.region}"):
                continue
            spans = [s for s in occurrences(self.text, a["aliases"]) if self.free(*s) and self.is_where(*s)]
            if spans:
                self.used.extend(spans)
                self.add("coast", key, geodata.area_shapes()[key], float(a["longitude"]), float(a["latitude"]), spans[0][0])

    def land_areas(self) -> None:
        """Provinces, then countries (with their coasts for 'around'/'surrounding' a country)."""
        for kind in ("province", "country"):
            for key, a in geodata.areas().items():
                spans = (
                    [s for s in occurrences(self.text, a["aliases"]) if self.free(*s) and self.is_where(*s)] if a["kind"] == kind else []
                )
                if not spans:
                    continue
                shape = geodata.area_shapes()[key]
                if kind == "country" and any(AROUND_RE.search(self.text[max(0, s - 20) : s]) for s, _ in spans):
                    name = a["name"]
                    bands = [g for k, g in geodata.area_shapes().items() if k.startswith("coast:") and coast_country(k) == name]
                    shape = shapely.union_all([shape, *bands])
                    key = f"{key} and its coasts"
                self.used.extend(spans)
                self.parts.append(Part(kind, key, shape, float(a["longitude"]), float(a["latitude"]), spans[0][0]))


#: The ocean of each sea region: a "456 nm from Acapulco" disc of a Pacific row stays in the Pacific.
REGION_BASINS = {
    "caribbean": "Atlantic Ocean",
    "gulf_of_mexico": "Atlantic Ocean",
    "atlantic": "Atlantic Ocean",
    "eastern_pacific": "Pacific Ocean",
    "indian_ocean": "Indian Ocean",
}
BASIN_MARGIN_DEG = 0.1  # the IHO polygons are simplified to 0.05°: keep their bays


@lru_cache(maxsize=8)
def basin_shape(region: str) -> shapely.Geometry:
    """The IHO seas of the region's ocean (everywhere, for a region with none)."""
    iho = geodata.iho_seas()
    basin = REGION_BASINS.get(region)
    if basin is None:
        return shapely.box(-180, -90, 180, 90)
    return shapely.make_valid(shapely.union_all(list(iho.geometry[iho["basin"] == basin])).buffer(BASIN_MARGIN_DEG))


@lru_cache(maxsize=256)
def near_country(name: str, km: float) -> shapely.Geometry:
    """The country and everything within km of it, buffered in a local equidistant projection."""
    geom = geodata.country_shapes()[name]
    c = geom.centroid
    local = CRS.from_proj4(f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m")
    fwd = Transformer.from_crs("EPSG:4326", local, always_xy=True)
    inv = Transformer.from_crs(local, "EPSG:4326", always_xy=True)
    buffered = shapely.transform(
        shapely.transform(geom, lambda xy: np.column_stack(fwd.transform(xy[:, 0], xy[:, 1]))).buffer(km * 1000, 16),
        lambda xy: np.column_stack(inv.transform(xy[:, 0], xy[:, 1])),
    )
    return shapely.make_valid(buffered)


@lru_cache(maxsize=256)
def extreme_point(name: str, azimuth: float) -> tuple[float, float]:
    """The point of a country farthest toward azimuth: where 'south of Iceland' starts."""
    coords = shapely.get_coordinates(geodata.country_shapes()[name])
    c = geodata.country_shapes()[name].centroid
    x = (coords[:, 0] - c.x) * math.cos(math.radians(c.y))
    y = coords[:, 1] - c.y
    score = x * math.sin(math.radians(azimuth)) + y * math.cos(math.radians(azimuth))
    i = int(np.argmax(score))
    return float(coords[i, 0]), float(coords[i, 1])


def unplaced_phrases(location_text: str) -> list[str]:
    """Place names in the words that no gazetteer alias covers: to report, never to guess from."""
    known = [a["aliases"] for a in geodata.areas().values() if a["aliases"]] + [p["aliases"] for p in geodata.places().values()]
    known += ["caribbean|eastern pacific|pacific|atlantic|indian ocean"]
    # an alias the whole text names covers the names inside it: "Bolívar" of "in Bolívar state"
    text = normalize(location_text)
    named = "|".join(alias for group in known for alias in group.split("|") if occurrences(text, alias))
    out = []
    for m in PLACE_PHRASE_RE.finditer(location_text):
        words = normalize(m.group(1))
        if not words or NOT_A_PLACE_RE.match(words) or any(occurrences(words, a) for a in known):
            continue
        if named and any(occurrences(alias, words) for alias in named.split("|")):
            continue
        out.append(m.group(1).strip())
    return out


def named_places(location_text: str, region: str, *, on_land: bool) -> list[Named]:
    """The gazetteer places the words name, each as a location or a bearing's anchor."""
    return read_parts(normalize(location_text), region, on_land, clip=False)[1]


def read_parts(text: str, region: str, on_land: bool, *, clip: bool = True) -> tuple[list[Part], list[Named]]:
    """Every phrase's shape, most specific kinds first, and the gazetteer places named."""
    r = Reader(text, region, on_land, clip)
    if on_land:
        r.places()
        r.land_areas()
        return r.parts, r.named
    r.bearings()
    r.distances()
    r.betweens()
    r.directions()
    seas = r.seas()
    r.places()
    r.coasts()
    if not r.parts and seas:
        fits = sorted(seas, key=lambda t: (float(t[1]["radius_km"]), t[1]["key"]))
        a = fits[0]
        r.parts.append(
            Part("sea_area", a[1]["key"], geodata.area_shapes()[a[1]["key"]], float(a[1]["longitude"]), float(a[1]["latitude"]), a[0])
        )
    return r.parts, r.named


def finish(area: shapely.Geometry) -> shapely.Geometry:
    """The stored form of an area: simplified to about 1 km, vertices on a 0.001° grid; an area
    the grid would empty is kept as it is."""
    simple = shapely.make_valid(shapely.set_precision(area.simplify(SHAPE_TOLERANCE_DEG), 0.001))
    polys = [g for g in getattr(simple, "geoms", [simple]) if g.geom_type in ("Polygon", "MultiPolygon") and not g.is_empty]
    return shapely.make_valid(shapely.union_all(polys)) if polys else area


def is_land_row(row: dict[str, str]) -> bool:
    """A row on land: Venezuela's territory, or any row whose on_land_reason says so."""
    return row.get("region") == "venezuela_land" or bool((row.get("on_land_reason") or "").strip())


def locate(location_text: str, region: str, reported: tuple[float, float] | None = None, *, on_land: bool | None = None) -> Location:
    """A row's area, representative point, precision and sea hierarchy (see the module docstring)."""
    text = normalize(location_text)
    on_land = region == "venezuela_land" if on_land is None else on_land
    waters = "" if on_land else waters_of(text)
    if reported is not None:
        lat, lon = reported
        area = finish(shapes.disc(lon, lat, REPORTED_KM))
        return with_hierarchy(Location(lat, lon, "reported", 0.0, "reported:coordinates given by a source", area, waters=waters), on_land)
    parts, named = read_parts(text, region, on_land)
    if not parts:
        if UNSPECIFIED_RE.search(text):
            return Location(None, None, "unknown", None, "unknown:the words name no place", None, waters=waters)
        key = f"region:{region}"
        if key not in geodata.areas():
            raise GeocodeError(f"no gazetteer entry matches {location_text!r} and region {region!r} has no area")
        a = geodata.areas()[key]
        parts = [Part("region", key, geodata.area_shapes()[key], float(a["longitude"]), float(a["latitude"]), 0)]
    best = min(PRECISION_RANK[p.precision] for p in parts)
    level = (
        [p for p in parts if p.precision in SPECIFIC]
        if best <= PRECISION_RANK["province"]
        else [p for p in parts if PRECISION_RANK[p.precision] == best]
    )
    area = finish(shapes.combine([p.shape for p in level]))
    lead = min(level, key=lambda p: (PRECISION_RANK[p.precision], p.position))
    coarsest = max(level, key=lambda p: PRECISION_RANK[p.precision]).precision
    in_region = area.intersection(geodata.area_shapes().get(f"region:{region}", area)) if not on_land else area
    pt = shapes.inside_point(in_region if in_region.area > 0 else area, lead.lon, lead.lat)
    lon, lat = round(pt.x, 4), round(pt.y, 4)
    if not area.contains(Point(lon, lat)):
        lon, lat = round(area.representative_point().x, 4), round(area.representative_point().y, 4)
    rule = " + ".join(p.rule for p in sorted(level, key=lambda p: (PRECISION_RANK[p.precision], p.position)))
    located = Location(lat, lon, coarsest, round(shapes.max_distance_km(lon, lat, area), 1), rule, area, waters=waters, named=tuple(named))
    return with_hierarchy(located, on_land)


def geocode(location_text: str, region: str, reported: tuple[float, float] | None = None) -> Location:
    """The point for a row's words (and, on the result, its area): `locate` with the defaults."""
    return locate(location_text, region, reported)


def waters_of(text: str) -> str:
    """What the words say of the waters: international, territorial, both (disputed), or unknown."""
    intl, terr = bool(INTERNATIONAL_RE.search(text)), bool(TERRITORIAL_RE.search(text))
    return "disputed" if intl and terr else "international" if intl else "territorial" if terr else "unknown"


def with_hierarchy(loc: Location, on_land: bool) -> Location:
    if on_land or loc.area is None:
        return loc
    basin, sea, sub_area = hierarchy(shapely.to_wkb(loc.area))
    return Location(**{**loc.__dict__, "basin": basin, "sea": sea, "sub_area": sub_area})


@lru_cache(maxsize=512)
def hierarchy(area_wkb: bytes) -> tuple[str, str, str]:
    """Basin, sea and sub-area that hold an area (ACLED's 2026 maritime levels), '' where none does.

    The sea is the IHO sea area holding 90 % of it; the basin that sea's ocean (or the one ocean
    every IHO sea it touches belongs to); the sub-area the smallest named sea of the gazetteer
    inside that sea that holds 90 % of it (e.g. 'southern caribbean')."""
    area = shapely.from_wkb(area_wkb)
    iho = geodata.iho_seas()
    shares = [
        (shapes.share_inside(area, g), n, b) for n, b, g in zip(iho["name"], iho["basin"], iho.geometry, strict=True) if g.intersects(area)
    ]
    holding = [t for t in shares if t[0] >= SHARE_HOLDS]
    if holding:
        _, sea, basin = max(holding)
    else:
        sea = ""
        basins = {b for s, _, b in shares if s > 0.01}
        basin = basins.pop() if len(basins) == 1 else ""
    subs = []
    for key, a in geodata.areas().items():
        if a["kind"] != "sea_area" or not a["region"] or a["name"].lower() == sea.lower() or "ocean" in a["name"].lower():
            continue
        if shapes.share_inside(area, geodata.area_shapes()[key]) >= SHARE_HOLDS:
            subs.append((float(a["radius_km"]), a["name"]))
    return basin, sea, min(subs)[1] if subs else ""
