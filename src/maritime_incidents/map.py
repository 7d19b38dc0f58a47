"""The interactive incident map: one standalone, offline, deterministic HTML file.

`make_map()` returns a `folium.Map` (an `IncidentMap`) that displays in Jupyter; `save_map()`
writes the same map as one HTML file. Every script, stylesheet and the basemap are inlined from
`_assets/` and `_geodata/` (no CDN), element ids come from a counter (no random ids), and the
data travel as escaped JSON that the page reads with `JSON.parse` — so the same data give the
same bytes, the file opens offline, and no text from a row can run as script.

It stays a folium map: what a user adds (markers, popups, plugins, `gdf.explore(m=...)`) links
what folium links for it, and the page's Content-Security-Policy (`IncidentFigure`) allows those
origins and runs only the scripts the page was built with. Which frames the map draws, and how
they are checked, is in `mapframe.py`.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import html
import itertools
import json
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib.resources import files
from pathlib import Path

import branca.element
import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import Element, Figure, MacroElement
from folium.template import Template

from ._errors import Problem, ValidationError
from .counting import RULES_IN_WORDS, TALLIES, row_tallies, tally
from .files import write_text
from .io import bundled_data_dir, load, load_areas, load_sources, load_tracks, load_waypoints, resolve
from .mapframe import feature_payload, incident_frame, is_incident_frame
from .place_names import area_name, place_words
from .schema import CATEGORIES, CONFIDENCES, WAYPOINTS

ASSETS = Path(str(files("maritime_incidents") / "_assets"))
GEODATA = Path(str(files("maritime_incidents") / "_geodata"))

#: Category look: colour and symbol shape. The legend and the markers both read this.
STYLE = {
    "strike": ("#c0392b", "circle"),
    "seizure": ("#1f5fa8", "square"),
    "boarding / pursuit": ("#d35400", "triangle"),
    "deployment": ("#1e8449", "diamond"),
    "policy action": ("#7d3c98", "star"),
    "other": ("#4d5656", "hexagon"),
    "other hostile acts": ("#8e6e53", "cross"),
}
TYPE_TO_CATEGORY = {t: cat for cat, types in CATEGORIES.items() for t in types}
#: Closest zoom: the points stand for areas tens to thousands of km wide.
MAX_ZOOM = 9
#: Default view: the Caribbean and the eastern Pacific (south-west, north-east corners).
DEFAULT_VIEW = [[-8.0, -112.0], [30.0, -55.0]]
TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "&copy; OpenStreetMap contributors",
}
TITLE = "US military campaign at sea, 2025–26"
FOOTER = (
    "Shaded areas hold incidents known only to a sea, coast or region: their positions were not disclosed. "
    "Symbols mark incidents placed within POINT_MAX_KM km (dashed: approximate). Basemap: Natural Earth (offline)."
)
#: A row whose area is wider than this (radius, km) is drawn as its area, never as a point: a point
#: would claim a place the sources do not give. Smaller areas mean a place, drawn as a symbol.
POINT_MAX_KM = 300.0
FOOTER = FOOTER.replace("POINT_MAX_KM", f"{POINT_MAX_KM:.0f}")
#: Simplification of the area outlines sent to the page (degrees): well under a pixel at the map's zooms.
AREA_SIMPLIFY_DEG = 0.02


# --- determinism -------------------------------------------------------------------------


@contextmanager
def counter_ids() -> Iterator[None]:
    """Give every branca element built inside the block an id from a counter, not urandom."""
    counter = itertools.count(1)
    original = Element.__dict__["_generate_id"]
    # replacing a method on the class (and putting it back) is what this does, on purpose: mypy
    # flags any assignment to a method, and a classmethod object is not the bound method it types
    Element._generate_id = classmethod(lambda cls: f"{next(counter):08d}")  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        Element._generate_id = original  # type: ignore[method-assign]


# --- assets ------------------------------------------------------------------------------


def read_asset(name: str) -> str:
    text = (ASSETS / name).read_text(encoding="utf-8")
    return re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.MULTILINE)


def inline_css(name: str) -> str:
    """A stylesheet with each `url(images/x.png)` turned into a data URI."""

    def data_uri(m: re.Match) -> str:
        png = (ASSETS / m.group(1)).read_bytes()
        return "url(data:image/png;base64," + base64.b64encode(png).decode() + ")"

    return re.sub(r"url\((images/[\w.-]+\.png)\)", data_uri, read_asset(name))


def script_text(js: str) -> str:
    """Make text safe inside <script>: no `</script` or `<!--` can end or confuse the element."""
    return js.replace("</script", "<\\/script").replace("<!--", "<\\!--")


def png_uri(name: str) -> str:
    return "data:image/png;base64," + base64.b64encode((ASSETS / "images" / name).read_bytes()).decode()


#: The map's own code, one concern a file, in load order (no bundler: each goes in as it is).
MAP_SCRIPTS = (
    # the pure core, drawing and DOM helpers, the histogram
    "mi_core.js",
    "mi_dom.js",
    "mi_timeline.js",
    # the map's parts (each registers MIParts.<name>), then incident_map.js, whose init wires them
    "mi_rows.js",
    "mi_basemap.js",
    "mi_filter.js",
    "mi_draw.js",
    "mi_details.js",
    "mi_list.js",
    "mi_counts.js",
    "mi_hash.js",
    "mi_panel.js",
    "mi_edges.js",
    "mi_print.js",
    "mi_download.js",
    "incident_map.js",
)


@lru_cache(maxsize=1)
def asset_scripts() -> tuple[str, ...]:
    """The bodies of the page's own scripts: Leaflet, topojson-client, the map code, and Leaflet's
    default marker images as data URIs (Leaflet guesses their folder from its CSS, which fails
    when the CSS is inlined: a plain `folium.Marker` would show no icon)."""
    images = {"iconUrl": "marker-icon.png", "iconRetinaUrl": "marker-icon-2x.png", "shadowUrl": "marker-shadow.png"}
    icons = {key: png_uri(name) for key, name in images.items()}
    default_icon = f'L.Icon.Default.imagePath = ""; L.Icon.Default.mergeOptions({json.dumps(icons)});'
    names = ("leaflet.js", "topojson-client.min.js", *MAP_SCRIPTS)
    return tuple(script_text(read_asset(n)) for n in names) + (default_icon,)


@lru_cache(maxsize=1)
def asset_style() -> str:
    return "\n".join(inline_css(n) for n in ("leaflet.css", "incident_map.css"))


@lru_cache(maxsize=1)
def basemap_json() -> str:
    return json_for_script(json.loads((GEODATA / "countries-50m.json").read_text(encoding="utf-8")))


def json_for_script(value) -> str:
    """JSON that can sit inside <script type="application/json"> whatever strings it holds."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


# --- content security policy --------------------------------------------------------------

SCRIPT_RE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.DOTALL | re.IGNORECASE)
LINK_RE = re.compile(r"<(?:script|link)\b[^>]*?\b(?:src|href)=[\"']?(?P<url>[^\"' >]+)", re.IGNORECASE)
OSM_ORIGIN = "https://tile.openstreetmap.org"


def page_of(element: Element) -> Figure:
    """The page an element is drawn on: its root, a Figure (a folium.Map puts itself in one when made)."""
    root = element.get_root()
    if not isinstance(root, Figure):
        raise TypeError(f"{type(element).__name__} is not on a page (its root is a {type(root).__name__}, not a branca Figure)")
    return root


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def origin(url: str) -> str | None:
    """The CSP source for a URL or a tile template: `https://{s}.tile.example.org/{z}/...` gives
    `https://*.tile.example.org`; data:, relative and malformed addresses give None."""
    m = re.match(r"^(https?:)?//([^/?#]+)", str(url).strip(), re.IGNORECASE)
    if not m:
        return None
    scheme = (m.group(1) or "https:").lower()
    labels = re.sub(r"\{[^}]*\}", "*", m.group(2).lower()).split(".")
    starred = [i for i, label in enumerate(labels) if "*" in label]
    if starred:
        labels = ["*"] + labels[starred[-1] + 1 :]
    host = ".".join(labels)
    if not re.fullmatch(r"(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*(:\d+)?", host) or host.startswith("*.") and host.count(".") < 2:
        return None
    return f"{scheme}//{host}"


def walk(element: Element) -> Iterator[Element]:
    """Every element under this one, with those a Popup keeps outside its children (its `html`)."""
    yield element
    inner = getattr(element, "html", None)
    for child in [*element._children.values(), *([inner] if isinstance(inner, Element) else [])]:
        yield from walk(child)


def user_origins(root: Element) -> dict[str, set[str]]:
    """Where the folium elements a user added load images and data from (tile servers, icons, GeoJSON links)."""
    out: dict[str, set[str | None]] = {"img": set(), "connect": set(), "frame": set()}  # None: no origin to allow
    for el in walk(root):
        tile = getattr(el, "tile_layer", None)  # MiniMap keeps its tile layer outside the tree
        for layer in (el, tile):
            if isinstance(layer, folium.TileLayer):
                out["img"].add(origin(layer.tiles))
        if isinstance(el, folium.WmsTileLayer | folium.raster_layers.ImageOverlay):
            out["img"].add(origin(el.url))
        options = getattr(el, "options", None)
        if isinstance(options, dict):
            keys = ("icon_url", "icon_retina_url", "shadow_url", "iconUrl", "iconRetinaUrl", "shadowUrl")  # folium spells them snake_case
            urls = [v for k, v in options.items() if k in keys and isinstance(v, str)]
            out["img"].update(origin(u) for u in urls)
        link = getattr(el, "embed_link", None)  # a GeoJson/TopoJson layer that loads its data from a URL
        if isinstance(link, str):
            out["connect"].add(origin(link))
        if isinstance(el, branca.element.IFrame):
            out["frame"].add("data:")
    return {k: {o for o in v if o is not None} for k, v in out.items()}


def csp(*, hashes: list[str], scripts: set[str], styles: set[str], extra: dict[str, set[str]]) -> str:
    """A policy that runs only the scripts the page was built with (by hash) and reaches only the
    origins its elements load from: the scripts and stylesheets folium links (their fonts and
    images come from the same CDNs), the tile servers, nothing else."""

    def join(*parts) -> str:
        return " ".join(dict.fromkeys(x for part in parts for x in part if x)) or "'none'"

    return "; ".join(
        [
            "default-src 'none'",
            "script-src " + join(hashes, sorted(scripts)),
            "style-src " + join(["'unsafe-inline'"], sorted(styles)),
            "img-src " + join(["data:"], sorted(extra["img"] | styles)),
            "font-src " + join(["data:"], sorted(styles)),
            "connect-src " + join(sorted(extra["connect"])),
            "frame-src " + join(sorted(extra["frame"])),
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )


# --- payload -----------------------------------------------------------------------------
# The data travel as columns (one list per field), not as one object per row: smaller than
# GeoJSON, parsed in one JSON.parse, and no per-row JavaScript object is made up front.

POPUP_FIELDS = (
    "id vessels vessel_name vessel_former_names imo flag vessel_type killed killed_low killed_high survivors presumed_dead "
    "survivor_fate alleged_group announced_by announced_at location_text geo_rule confidence status notes "
    "region basin sea sub_area waters"
).split()
CONTEXT_STYLE = ("#6c7a89", "cross")


def column(frame: pd.DataFrame, name: str) -> list:
    """A column as a JSON-ready list: None for missing, ints for counts, ISO text for dates."""
    if name not in frame.columns:
        return [None] * len(frame)
    s = frame[name]
    if pd.api.types.is_datetime64_any_dtype(s):
        s = s.dt.strftime("%Y-%m-%d")
    elif not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_string_dtype(s)):
        s = s.astype("string")
    return s.astype(object).where(s.notna(), None).tolist()


def compact(values: list) -> list | dict:
    """Dictionary-encode a column that repeats itself: {"d": distinct values, "k": codes}.

    Real incident sets repeat many strings (announced_by, geo_rule, confidence, notes); sending
    each once makes the page smaller and JSON.parse faster. The browser expands it on load.
    """
    if len(values) < 64:
        return values
    distinct: dict = {}
    codes = [distinct.setdefault(v, len(distinct)) for v in values]
    if len(distinct) == 1:
        return {"c": values[0], "n": len(values)}  # one value (often: all empty) for every row
    if len(distinct) > len(values) // 2:
        return values
    return {"d": list(distinct), "k": codes}


def compact_ints(values: np.ndarray) -> list | dict:
    """`compact` for an integer array, in numpy (the per-row tallies: mostly 0 or 1 over 100,000 rows)."""
    values = np.asarray(values, dtype="int64")
    if len(values) < 64:
        return values.tolist()
    distinct, codes_ = np.unique(values, return_inverse=True)
    if len(distinct) == 1:
        return {"c": int(distinct[0]), "n": len(values)}
    if len(distinct) > len(values) // 2:
        return values.tolist()
    return {"d": distinct.tolist(), "k": codes_.tolist()}


def sparse_ints(values: np.ndarray) -> list | dict:
    """A tally column: {"i": rows, "v": values} where few rows are non-zero (most rows add 0 to most totals)."""
    values = np.asarray(values, dtype="int64")
    nz = np.flatnonzero(values)
    if len(values) >= 64 and len(nz) < len(values) // 3:
        return {"i": nz.tolist(), "v": compact_ints(values[nz]), "n": len(values)}
    return compact_ints(values)


def day_numbers(s: pd.Series, fallback: pd.Series | None = None) -> np.ndarray:
    if fallback is not None:
        s = s.fillna(fallback)
    return s.to_numpy(dtype="datetime64[D]").astype("int64")


def codes(values: pd.Series, vocab: list[str]) -> list[int]:
    """Each value's place in vocab (every value is in it), in numpy: a Python loop over Arrow strings took 0.7 s at 100k rows."""
    found = pd.Categorical(values.astype(str).to_numpy(dtype=object), categories=vocab).codes
    if (found < 0).any():
        raise KeyError(values.astype(str)[found < 0].iloc[0])
    return found.astype("int64").tolist()


def prepare(gdf: gpd.GeoDataFrame, category: str | None = None) -> pd.DataFrame:
    """The rows of the map: standing rows, with those whose place is unknown (counted and listed, not placed)."""
    frame = pd.DataFrame(gdf.drop(columns="geometry", errors="ignore"))
    if "status" in frame.columns:
        frame = frame[frame["status"].fillna("active") != "merged"]
    frame = frame.sort_values(["date_start", "incident_id"], kind="stable").reset_index(drop=True)
    frame["_category"] = category if category else frame["incident_type"].map(TYPE_TO_CATEGORY).fillna("policy action")
    return frame


def title_words(value) -> str:
    """`eastern_pacific` -> "Eastern Pacific"; `southern caribbean` -> "Southern Caribbean"."""
    return " ".join(w[:1].upper() + w[1:] for w in str(value).replace("_", " ").split())


def area_names(frame: pd.DataFrame, codes_: np.ndarray, n: int) -> list[str]:
    """For each of n areas, a name from what its rows' words say, distinct for areas named by different places.

    Rows sharing one geocoder rule take the name of that rule's area (`place_names.area_name`:
    "SOUTHCOM waters", "Caribbean: off Venezuela", "Indian Ocean: near Cocos Keeling Islands, ...");
    otherwise the plainest name they share: sub-area, sea, region or ocean basin; a circle with
    none of these is named by its radius ("Within 350 km"), never by a sea it may not be in.
    """
    names = pd.Series([None] * n, dtype="object")
    member = codes_ >= 0
    if "geo_rule" in frame.columns:
        rules = frame["geo_rule"].astype("string")[member]
        regions = frame["region"].astype("string")[member] if "region" in frame.columns else pd.Series("", index=rules.index)
        grouped = rules.groupby(codes_[member])
        shared = (grouped.nunique(dropna=True).reindex(range(n)) == 1).fillna(False).to_numpy()
        first = grouped.first().reindex(range(n))
        first_region = regions.groupby(codes_[member]).first().reindex(range(n))
        rule_text = first.fillna("")
        ruled = shared & rule_text.str.contains(":").to_numpy() & ~rule_text.str.startswith(("reported:", "unknown:")).to_numpy()
        named: dict = {}
        for k in np.flatnonzero(ruled):  # a rule names the area: the few distinct rules are named once each
            key = (first.iloc[k], "" if pd.isna(first_region.iloc[k]) else str(first_region.iloc[k]))
            if key not in named:
                try:
                    named[key] = area_name(*key) or None
                except (KeyError, ValueError):  # a rule the gazetteer does not know (another dataset's): the columns name it
                    named[key] = None
            names.iloc[k] = named[key]
    for col in ("sub_area", "sea", "region", "basin"):
        if col not in frame.columns:
            continue
        values = frame[col].astype("string").where(~frame[col].astype("string").isin(["", "unknown", "other"]))[member]
        grouped = values.groupby(codes_[member])
        shared = grouped.nunique(dropna=True).reindex(range(n)) == 1
        first = grouped.first().reindex(range(n))
        fill = names.isna() & shared.fillna(False).to_numpy()
        names[fill] = [title_words(v) for v in first[fill.to_numpy()]]
    if names.isna().any():
        radius = frame["uncertainty_km"].astype("float64")[member].groupby(codes_[member]).max().reindex(range(n))
        missing = names.isna().to_numpy()
        names[missing] = [f"Within {r:,.0f} km" if r == r else "Area" for r in radius[missing]]
    return names.tolist()


def flat_rings(geom) -> list[list[float]]:
    """A polygon's rings as flat [lon, lat, lon, lat, ...] lists, simplified for drawing."""
    geom = geom.simplify(AREA_SIMPLIFY_DEG, preserve_topology=True)
    polys = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    out = []
    for poly in polys:
        for ring in [poly.exterior, *poly.interiors]:
            out.append(np.round(np.asarray(ring.coords)[:, :2], 3).ravel().tolist())
    return out


def area_payload(frame: pd.DataFrame, areas: gpd.GeoDataFrame | None) -> tuple[list[dict], np.ndarray]:
    """The distinct areas of the rows wider than POINT_MAX_KM, and each row's area (-1: a point or unplaced).

    Rows with an area polygon share it (thirty rows "in the eastern Pacific" are one shape); a
    wide row without one is drawn as the circle of its uncertainty, shared by rows with the same
    point and radius. The page sums what each area holds for the rows a filter shows. Vectorised:
    100,000 rows with as many circles take well under a second.
    """
    polygon_of: dict[str, int] = {}  # incident id -> number of its distinct polygon
    shapes_: list = []
    if areas is not None and len(areas):
        seen: dict[bytes, int] = {}
        for iid, geom in zip(areas["incident_id"].astype(str), areas.geometry, strict=True):
            polygon_of[iid] = seen.setdefault(geom.wkb, len(seen))
            if polygon_of[iid] == len(shapes_):
                shapes_.append(geom)
    ids = frame["incident_id"].astype(str)
    unc = frame["uncertainty_km"].astype("float64").fillna(0)
    wide = (unc > POINT_MAX_KM) & frame["latitude"].notna() & frame["longitude"].notna()
    poly = ids.map(polygon_of)
    keys = pd.Series("", index=frame.index, dtype="object")
    with_poly = wide & poly.notna()
    keys[with_poly] = "p" + poly[with_poly].astype("int64").astype(str)
    circle = wide & poly.isna()
    keys[circle] = (
        "c" + frame["latitude"][circle].astype(str) + "," + frame["longitude"][circle].astype(str) + "," + unc[circle].astype(str)
    )
    codes_ = np.full(len(frame), -1, dtype="int64")
    found, distinct = pd.factorize(keys[wide.to_numpy()], sort=False)
    codes_[wide.to_numpy()] = found
    names = area_names(frame, codes_, len(distinct))
    first_row = pd.Series(np.arange(len(frame))[wide.to_numpy()]).groupby(found).first().to_numpy() if len(distinct) else []
    out: list[dict] = []
    lat, lon, unc_ = frame["latitude"].to_numpy(dtype=float), frame["longitude"].to_numpy(dtype=float), unc.to_numpy()
    for k, key in enumerate(distinct):
        r = int(first_row[k])
        if key.startswith("p"):
            geom = shapes_[int(key[1:])]
            label = geom.representative_point()
            out.append({"name": names[k], "rings": flat_rings(geom), "label": [round(label.y, 3), round(label.x, 3)]})
        else:
            centre = [float(lat[r]), float(lon[r])]
            out.append({"name": names[k], "circle": [*centre, float(unc_[r])]})  # labelled at its centre
    return out, codes_


def track_payload(tracks: gpd.GeoDataFrame | None, waypoints: pd.DataFrame | None) -> list[dict]:
    """Each track as a flat lon/lat line with its dated, sourced waypoints."""
    if tracks is None or not len(tracks):
        return []
    out = []
    for t in tracks.itertuples():
        pts = waypoints[waypoints["track_id"] == t.track_id] if waypoints is not None else pd.DataFrame()
        out.append(
            {
                "id": t.track_id,
                "vessel": t.vessel_name,
                "incidents": [i.strip() for i in str(t.incident_ids).split(";") if i.strip()],
                "line": np.round(np.asarray(t.geometry.coords)[:, :2], 3).ravel().tolist(),
                "ds": int(day_numbers(pd.Series([t.date_start]))[0]),
                "de": int(day_numbers(pd.Series([t.date_end]))[0]),
                "waypoints": [
                    {
                        "lat": float(w.latitude),
                        "lon": float(w.longitude),
                        "ds": int(day_numbers(pd.Series([w.date_start]))[0]),
                        "de": int(day_numbers(pd.Series([w.date_end]), pd.Series([w.date_start]))[0]),
                        "text": None if pd.isna(w.location_text) else str(w.location_text),
                        "km": None if pd.isna(w.uncertainty_km) else float(w.uncertainty_km),
                        "url": None if pd.isna(w.source_url) else str(w.source_url),
                    }
                    for w in pts.itertuples()
                ],
            }
        )
    return out


def data_notes(folder: Path | None) -> dict:
    """The data README's as-of date and coverage sentence (the gap note), as the page's header shows them."""
    readme = (folder or bundled_data_dir()) / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
    except OSError:
        return {"as_of": "", "gap": ""}
    as_of = re.search(r"\*\*As of:\*\*\s*(\d{4}-\d{2}-\d{2})", text)
    cover = re.search(r"\*\*Coverage:\*\*\s*(.*?)\s*\*\*Licence", text, re.DOTALL)
    gap = ""
    if cover:
        gap = re.sub(r"\s+", " ", re.sub(r"[*`]", "", cover.group(1))).strip()
        gap = re.sub(r";\s*see [^)]*\)", ")", gap)
    return {"as_of": as_of.group(1) if as_of else "", "gap": gap}


def where_words(frame: pd.DataFrame) -> list[str]:
    """Each row's place in plain words (place_names.place_words), once per rule: the details' "Where"."""
    if "geo_rule" not in frame.columns:
        return [""] * len(frame)
    region = frame["region"] if "region" in frame.columns else pd.Series("", index=frame.index)
    pairs = list(zip(frame["geo_rule"].fillna("").astype(str), region.fillna("").astype(str), strict=True))
    said = {pair: place_words(*pair) for pair in set(pairs)}
    return [said[pair] for pair in pairs]


#: The opening view's grid: points in touching cells of this size (about 1,100 km) are one group.
VIEW_CELL_DEG = 10.0
#: The largest group frames the opening view when it holds at least this share of the placed rows.
VIEW_MAIN_SHARE = 0.75


def opening_view(lat: np.ndarray, lon: np.ndarray) -> list[list[float]]:
    """The box ([[south, west], [north, east]]) the map opens on: the largest group of incidents.

    A few rows far from the rest (a seizure in the Indian Ocean, one near Iceland) would make a
    view of the whole world in which the Caribbean, where most rows are, is a smudge. So the view
    frames the largest group of points in touching 10° cells, when it holds three quarters of the
    rows; the page's edge cues count and show the others. Otherwise it holds every point.
    """
    rows, cols = int(180 // VIEW_CELL_DEG) + 1, int(360 // VIEW_CELL_DEG) + 1
    r = np.clip(np.floor((lat + 90) / VIEW_CELL_DEG), 0, rows - 1).astype(int)
    c = np.clip(np.floor((lon + 180) / VIEW_CELL_DEG), 0, cols - 1).astype(int)
    weight = np.bincount(r * cols + c, minlength=rows * cols)
    group_of = np.full(rows * cols, -1)
    best, best_weight = -1, 0
    # groups of touching occupied cells (8 neighbours), by hand: at most 19 x 37 cells, and scipy's
    # ndimage.label, which would do it, is not a dependency of the package
    for start in np.flatnonzero(weight):
        if group_of[start] >= 0:
            continue
        group_of[start], todo, total = start, [int(start)], 0
        while todo:
            cell = todo.pop()
            total += int(weight[cell])
            cr, cc = divmod(cell, cols)
            for nr in (cr - 1, cr, cr + 1):
                for nc in (cc - 1, cc, cc + 1):
                    near = nr * cols + nc
                    if 0 <= nr < rows and 0 <= nc < cols and weight[near] and group_of[near] < 0:
                        group_of[near] = start
                        todo.append(near)
        if total > best_weight:
            best, best_weight = int(start), total
    main = group_of[r * cols + c] == best
    if best_weight < VIEW_MAIN_SHARE * len(lat):
        main[:] = True
    return [[float(lat[main].min()), float(lon[main].min())], [float(lat[main].max()), float(lon[main].max())]]


def build_payload(
    gdf: gpd.GeoDataFrame,
    sources: pd.DataFrame | None,
    *,
    tiles: bool,
    context: gpd.GeoDataFrame | None = None,
    context_label: str = "",
    areas: gpd.GeoDataFrame | None = None,
    tracks: gpd.GeoDataFrame | None = None,
    waypoints: pd.DataFrame | None = None,
    notes: dict | None = None,
) -> dict:
    categories = [{"key": c, "label": c[0].upper() + c[1:], "color": STYLE[c][0], "shape": STYLE[c][1]} for c in CATEGORIES]
    frames = [prepare(incident_frame(gdf))]
    if context is not None:
        categories.append(
            {"key": "context", "label": context_label or "Context layer", "color": CONTEXT_STYLE[0], "shape": CONTEXT_STYLE[1]}
        )
        frames.insert(0, prepare(incident_frame(context), "context"))  # drawn first, under the campaign
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    frame["id"] = frame["incident_id"]
    types = sorted(set(frame["incident_type"].astype(str)))
    date_precisions = sorted(set(frame["date_precision"].fillna("day").astype(str)))
    geo_precisions = sorted(set(frame["geo_precision"].fillna("region").astype(str)) | {"reported"})
    ds = day_numbers(frame["date_start"])
    de = day_numbers(frame["date_end"], frame["date_start"])
    cols = {f: (column(frame, f) if f == "id" else compact(column(frame, f))) for f in POPUP_FIELDS}
    cols["where"] = compact(where_words(frame))
    area_list, row_area = area_payload(frame, areas)
    lat = frame["latitude"].to_numpy(dtype=float)
    lon = frame["longitude"].to_numpy(dtype=float)
    cols.update(
        {
            "type": codes(frame["incident_type"], types),
            "cat": codes(frame["_category"], [c["key"] for c in categories]),
            "lat": [None if np.isnan(v) else v for v in np.round(lat, 5).tolist()],
            "lon": [None if np.isnan(v) else v for v in np.round(lon, 5).tolist()],
            "ds": ds.tolist(),
            "de": compact((de - ds).tolist()),  # days after date_start: mostly 0
            "dp": codes(frame["date_precision"].fillna("day"), date_precisions),
            "gp": codes(frame["geo_precision"].fillna("region"), geo_precisions),
            "unc": np.round(frame["uncertainty_km"].fillna(0).to_numpy(dtype=float), 1).tolist(),
            "ar": compact_ints(row_area),
        }
    )
    # What each row adds to each total, by the dataset's counting rules (counting.py): the page
    # only sums these for the rows a filter shows. The context layer is not the campaign: it adds nothing.
    campaign = frame[frame["_category"] != "context"]
    per_row = row_tallies(frame).mul((frame["_category"] != "context").astype("int64"), axis=0)
    cited: dict[str, list] = {}
    if sources is not None and len(sources):
        names = ("incident_id", "url", "title", "publisher", "published", "claims", "domain", "source_kind", "access", "original_publisher")
        lists = [column(sources, c) for c in names]
        for iid, *rest in zip(*lists, strict=True):
            cited.setdefault(iid, []).append(rest)
    cat_keys = [c["key"] for c in categories]
    totals = np.bincount(np.asarray(cols["cat"], dtype=int), minlength=len(categories)).tolist()
    latest = frame["date_end"].fillna(frame["date_start"]).max()
    notes = notes or {}
    placed = frame[frame["latitude"].notna()]
    view = opening_view(placed["latitude"].to_numpy(float), placed["longitude"].to_numpy(float)) if len(placed) else DEFAULT_VIEW
    return {
        "title": TITLE,
        "footer": FOOTER,
        "count_note": RULES_IN_WORDS,
        # the codebook's meaning of each confidence value, for the details' "Confidence" line
        "confidences": {k: re.sub(r"\s*\(see [^)]*\)", "", v) for k, v in CONFIDENCES.items()},
        "as_of": notes.get("as_of") or (pd.Timestamp(latest).date().isoformat() if len(frame) else ""),
        # the time histogram runs to the as-of date: the months after the last incident are a gap, shaded
        "as_of_day": int(np.datetime64(notes["as_of"], "D").astype("int64")) if notes.get("as_of") else None,
        "gap": notes.get("gap", ""),
        "first": pd.Timestamp(frame["date_start"].min()).date().isoformat() if len(campaign) else "",
        "last": pd.Timestamp(latest).date().isoformat() if len(frame) else "",
        "categories": categories,
        "totals": totals,
        "types": types,
        "date_precisions": date_precisions,
        "geo_precisions": geo_precisions,
        "reported_code": geo_precisions.index("reported"),
        "fields": [f for f in POPUP_FIELDS],
        "day_min": int(min(ds.min(), de.min())) if len(frame) else 0,
        "day_max": int(max(ds.max(), de.max())) if len(frame) else 0,
        "view": view,
        "min_zoom": 1,
        "max_zoom": MAX_ZOOM,
        "point_max_km": POINT_MAX_KM,
        "tiles": {**TILES, "on": True} if tiles else None,
        "columns": cols,
        "tally_keys": list(TALLIES),
        "tally_labels": list(TALLIES.values()),
        "tallies": [sparse_ints(per_row[k].to_numpy()) for k in TALLIES],
        "tally_all": tally(campaign),
        "areas": area_list,
        "tracks": track_payload(tracks, waypoints),
        # only rows with sources, by row number: a large set without sources costs nothing
        "sources": {str(n): cited[i] for n, i in enumerate(cols["id"]) if i in cited},
        "category_keys": cat_keys,
    }


def build_feature_payload(
    gdf: gpd.GeoDataFrame, *, tiles: bool, column: str | None, time: str | None, popup: list[str] | bool, title: str
) -> dict:
    """The payload for any GeoDataFrame, in the incident payload's shape (one code path in the browser)."""
    parts, _ = feature_payload(gdf, column=column, time=time, popup=popup)
    n, cats = len(parts["ids"]), parts["categories"]
    ds = np.asarray(parts["ds"], dtype="int64")
    view = DEFAULT_VIEW
    if parts["bounds"]:  # the data's extent and a margin, so the panel hides little of it
        x0, y0, x1, y1 = parts["bounds"]
        mx, my = max((x1 - x0) * 0.15, 0.5), max((y1 - y0) * 0.15, 0.5)
        view = [[max(y0 - my, -85.0), max(x0 - mx, -180.0)], [min(y1 + my, 85.0), min(x1 + mx, 180.0)]]
    return {
        "generic": True,
        "title": title,
        "footer": "Basemap: Natural Earth (offline). Click a symbol for its attributes.",
        "as_of": "",
        "categories": cats,
        "totals": np.bincount(np.asarray(parts["cat"], dtype=int), minlength=len(cats)).tolist(),
        "types": ["feature"],
        "date_precisions": ["day"],
        "geo_precisions": ["reported"],
        "reported_code": 0,
        "fields": [],
        "attrs": [[name, compact(values)] for name, values in parts["attrs"]],
        "shapes": parts["shapes"],
        "time": parts["time"],
        "day_min": int(ds.min()) if n else 0,
        "day_max": int(ds.max()) if n else 0,
        "view": view,
        "min_zoom": 1,
        "max_zoom": 18,
        "tiles": {**TILES, "on": True} if tiles else None,
        "columns": {
            "id": parts["ids"],
            "type": [0] * n,
            "cat": parts["cat"],
            "lat": parts["lat"],
            "lon": parts["lon"],
            "ds": parts["ds"],
            "de": compact([0] * n),
            "dp": [0] * n,
            "gp": [0] * n,
            "unc": [0] * n,
        },
        "sources": {},
        "category_keys": [c["key"] for c in cats],
    }


# --- folium elements ---------------------------------------------------------------------


class Raw(Element):
    """Text that goes into the page as it is. branca would parse an element's text as a Jinja
    template: slow for megabytes, and wrong for data holding `{{`."""

    def __init__(self, text: str, scripts: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.text = text
        self.scripts = scripts  # the bodies of the <script> elements in `text`, for the CSP

    def render(self, **kwargs) -> str:
        return self.text


class InlineAssets(MacroElement):
    """Leaflet, topojson-client and the map's own code, inlined first in <head> (before any
    plugin a user adds, which needs `L`); the stylesheet last, so the map's look wins."""

    _template = Template("")

    def __init__(self) -> None:
        super().__init__()
        self._name = "InlineAssets"

    # branca types Element.render as giving the HTML (str), but MacroElement.render returns None,
    # and so does this override of it
    def render(self, **kwargs) -> None:  # type: ignore[override]
        header = page_of(self).header
        scripts = asset_scripts()
        tags = "\n".join(f"<script>{body}</script>" for body in scripts)
        header.add_child(Raw(tags, scripts), name="mi_scripts", index=0)
        header.add_child(Raw(f"<style>{asset_style()}</style>"), name="mi_style")
        super().render(**kwargs)


class IncidentLayer(MacroElement):
    """The incidents, the basemap and the panel: data as JSON, behaviour in incident_map.js."""

    _template = Template(
        """
{% macro script(this, kwargs) %}
(function () {
  performance.mark("mi:start");
  var payload = JSON.parse(document.getElementById("mi-data").textContent);
  performance.mark("mi:parsed");
  payload.basemap = JSON.parse(document.getElementById("mi-basemap").textContent);
  MaritimeIncidents.init({{ this._parent.get_name() }}, payload);
})();
{% endmacro %}
"""
    )

    def __init__(self, payload: dict) -> None:
        super().__init__()
        self._name = "IncidentLayer"
        self.payload = json_for_script(payload)
        self.tiles = payload.get("tiles")

    def render(self, **kwargs) -> None:  # type: ignore[override]  # as MacroElement.render (InlineAssets)
        data = (
            f'<script type="application/json" id="mi-data">{self.payload}</script>\n'
            f'<script type="application/json" id="mi-basemap">{basemap_json()}</script>'
        )
        page_of(self).html.add_child(Raw(data), name=self.get_name())
        super().render(**kwargs)


#: What plain folium links for its own elements (jQuery for Popup, Awesome Markers for Icon, ...),
#: but Leaflet, which the page carries inline.
FOLIUM_JS = [(n, u) for n, u in folium.Map.default_js if n != "leaflet"]
FOLIUM_CSS = [(n, u) for n, u in folium.Map.default_css if n != "leaflet_css"]


#: folium's viewport tag forbids zooming (user-scalable=no): a reader must be able to pinch-zoom.
VIEWPORT_RE = re.compile(r'<meta name="viewport"[^>]*>', re.DOTALL)


class IncidentFigure(Figure):
    """The page: folium's layout, with a Content-Security-Policy first in <head>.

    The policy hashes the scripts the page is built with: the inline assets, the inline scripts
    folium's elements put in <head>, and folium's script block as a whole. The block is written
    with `</script` and `<!--` escaped, so text in a Popup or Tooltip cannot end it; if some
    text ever did, the pieces would not match the hash and the browser would run none of them.
    Nothing in <body> is hashed: it holds data and markup only.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        del self.header._children["meta_http"]  # the charset goes first, before the long policy

    def render(self, **kwargs) -> str:
        for child in self._children.values():
            child.render(**kwargs)
        hashes: list[str] = []
        parts = []
        for child in self.header._children.values():
            text = child.render(**kwargs)
            parts.append(text)
            if isinstance(child, Raw):
                hashes.extend(sha256(body) for body in child.scripts)
            else:
                inline = [m for m in SCRIPT_RE.finditer(text) if not re.search(r"\bsrc=|application/json", m.group("attrs"), re.I)]
                hashes.extend(sha256(m.group("body")) for m in inline)
        header = "".join(parts)
        body = self.html.render(**kwargs)
        block = "\n    " + script_text(self.script.render(**kwargs)) + "\n"
        hashes.append(sha256(block))
        # a relative or data: link has no origin to allow (and None would not sort with the others)
        links = [(m.group(0).lower().startswith("<script"), o) for m in LINK_RE.finditer(header) if (o := origin(m.group("url")))]
        root = next(iter(self._children.values()), self)
        extra = user_origins(root)
        if getattr(root, "osm_tiles", False):
            extra["img"].add(OSM_ORIGIN)
        policy = csp(hashes=hashes, scripts={o for js, o in links if js}, styles={o for js, o in links if not js}, extra=extra)
        title = f"<title>{html.escape(str(self.title))}</title>\n" if self.title else ""
        header = VIEWPORT_RE.sub('<meta name="viewport" content="width=device-width, initial-scale=1.0">', header)  # pinch zoom allowed
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n    <meta charset="utf-8">\n'
            f'    <meta http-equiv="Content-Security-Policy" content="{policy}">\n'
            f"{title}    {header}\n</head>\n<body>\n    {body}\n</body>\n<script>{block}</script>\n</html>\n"
        )


class IncidentMap(folium.Map):
    """A folium.Map that carries its own assets inline and shows itself in any notebook.

    Anything added to it works as on a plain folium.Map: once an element other than the map's
    own is added, the page links what folium links (jQuery, Bootstrap, Awesome Markers; the
    plugins their own scripts), and its policy allows exactly those origins. The map's own
    page links nothing and opens offline.
    """

    osm_tiles = False

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # this map's own lists: `add_js_link`/`add_css_link` extend them, never a list shared by every map
        self.default_js: list = []
        self.default_css: list = []

    def render(self, **kwargs) -> None:  # type: ignore[override]  # as folium.Map.render (a MacroElement)
        added = any(not isinstance(c, InlineAssets | IncidentLayer) for c in self._children.values())
        own_js, own_css = self.default_js, self.default_css
        self.default_js = [*(FOLIUM_JS if added else []), *own_js]
        self.default_css = [*(FOLIUM_CSS if added else []), *own_css]
        try:
            super().render(**kwargs)
        finally:
            self.default_js, self.default_css = own_js, own_css

    def to_html(self) -> str:
        """The whole page, as `get_root().render()` gives it."""
        return self.get_root().render()

    def save(self, outfile, close_file: bool = True, **kwargs) -> None:
        """Write the standalone page atomically (no half-written file on failure)."""
        write_text(outfile, self.to_html())

    def _repr_html_(self, **kwargs) -> str:
        """The map for a notebook output: the page gzipped inside a small loader, in an `<iframe srcdoc>`.

        The iframe needs no network and no server, so the output shows again when the notebook is
        reopened (trusted), in JupyterLab, Notebook and VS Code alike; gzip makes it about a third
        of the page's size (the page itself would be stored HTML-escaped, larger still). An untrusted
        notebook strips the iframe: the text under it then says what to do, as folium's does.
        """
        page = gzip.compress(self.to_html().encode("utf-8"), compresslevel=9, mtime=0)
        loader = NOTEBOOK_LOADER.replace("<!--mi:packed-->", base64.b64encode(page).decode("ascii"))
        title = html.escape(page_of(self).title or "Map")
        return NOTEBOOK_OUTPUT.format(height=NOTEBOOK_HEIGHT, doc=html.escape(loader, quote=True), title=title)


NOTEBOOK_HEIGHT = 600
#: Unpacks the gzipped page and writes it into the iframe's document (its CSP applies from there).
NOTEBOOK_LOADER = """<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<script type="application/octet-stream" id="mi-packed"><!--mi:packed--></script>
<script>
(function () {
  var text = atob(document.getElementById("mi-packed").textContent), bytes = new Uint8Array(text.length);
  for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  new Response(stream).text().then(function (page) { document.open(); document.write(page); document.close(); });
})();
</script></body></html>"""
NOTEBOOK_OUTPUT = (
    '<div class="mi-notebook-map" style="position:relative;width:100%;height:{height}px">'
    '<p style="position:absolute;top:0;left:0;margin:0;padding:1em;color:#565656;font:14px sans-serif">'
    "{title}: the interactive map is not shown because this notebook is not trusted. "
    "To see it, trust the notebook (JupyterLab: command palette, &quot;Trust Notebook&quot;; "
    "Notebook: File &gt; Trust Notebook) or run the cell again; or save it as a page with "
    "<code>m.save(&quot;map.html&quot;)</code> and open that in a browser.</p>"
    '<iframe srcdoc="{doc}" width="100%" height="{height}" title="{title}" '
    'style="position:absolute;top:0;left:0;width:100%;height:{height}px;border:none;background:#fff" '
    'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"></iframe></div>'
)


def make_map(
    gdf: gpd.GeoDataFrame | None = None,
    sources: pd.DataFrame | None = None,
    *,
    column: str | None = None,
    time: str | None = None,
    popup: list[str] | bool = True,
    title: str | None = None,
    tiles: bool = True,
    context: gpd.GeoDataFrame | None = None,
    context_label: str = "",
    areas: gpd.GeoDataFrame | None = None,
    data: str | os.PathLike | None = None,
) -> IncidentMap:
    """The incident map as a folium.Map (default: the bundled data and its sources).

    A frame with the codebook's `incident_type` (and `date_start`) gets the incident treatment:
    types, sources, precision, summary. Any other GeoDataFrame is drawn like `explore()` draws it:
    points, lines and polygons; popups from its columns (`popup=` a list to choose them);
    `column=` colours the features by category, `time=` names the date column the slider filters
    on. A frame that cannot be drawn raises `ValidationError` naming the columns and rows.

    `context` is another incident set (e.g. imported NGA ASAM reports) drawn under the
    campaign as its own layer, with its own legend entry and toggle.

    `areas` (as `load_areas()` gives them; the bundled ones by default) are the shapes drawn for
    rows wider than POINT_MAX_KM; a wide row without one is drawn as its uncertainty circle.
    With the bundled data, or `data=` a dataset folder the frame was loaded from, the map also
    draws that folder's areas, tracks and waypoints, and its README's as-of date and gap note.
    """
    extras: dict = {}
    if gdf is None or data is not None:  # a dataset folder: its areas, tracks and README notes come along
        folder = None if data is None else Path(data)
        if gdf is None:
            gdf = load(folder)
        if sources is None:
            sources = load_sources(folder, validate=False)
        if areas is None:
            areas = load_areas(folder, validate=False)
        has_tracks = (resolve(folder) / WAYPOINTS.filename).exists()
        tracks = (load_tracks(folder, validate=False), load_waypoints(folder, validate=False)) if has_tracks else (None, None)
        extras = {"tracks": tracks[0], "waypoints": tracks[1], "notes": data_notes(folder)}
    if column is None and time is None and is_incident_frame(gdf):
        payload = build_payload(gdf, sources, tiles=tiles, context=context, context_label=context_label, areas=areas, **extras)
        if title:
            payload["title"] = title
    else:
        if context is not None:
            why = "context= draws under an incident map (a frame with incident_type, mapped without column= or time=)"
            raise ValidationError([Problem("GeoDataFrame", 0, "context", "usage", "", why)])
        payload = build_feature_payload(gdf, tiles=tiles, column=column, time=time, popup=popup, title=title or "Map")
    with counter_ids():
        m = IncidentMap(location=[12.0, -80.0], zoom_start=4, tiles=None, control_scale=True, prefer_canvas=False)
        IncidentFigure(title=payload["title"]).add_child(m)
        page_of(m).header.add_child(Element('<meta name="generator" content="maritime-incidents">'), name="generator")
        m.osm_tiles = bool(tiles)
        m.add_child(InlineAssets())
        m.add_child(IncidentLayer(payload))
    return m


def load_context(path: str | os.PathLike) -> tuple[gpd.GeoDataFrame, str]:
    """A context layer from a dataset folder (validated) or an exported GeoParquet file, and its label."""
    path = Path(path)
    if path.is_dir():
        gdf = load(path)
    else:
        gdf = gpd.read_parquet(path)
    announced = gdf["announced_by"].dropna().unique().tolist() if "announced_by" in gdf else []
    label = f"Context: {announced[0]} reports" if len(announced) == 1 else f"Context: {path.stem}"
    return gdf, label


def map_html(gdf: gpd.GeoDataFrame | None = None, sources: pd.DataFrame | None = None, **options) -> str:
    """The map's whole HTML page (options as for `make_map`)."""
    with counter_ids():
        return make_map(gdf, sources, **options).to_html()


def save_map(path: str | os.PathLike, gdf: gpd.GeoDataFrame | None = None, sources: pd.DataFrame | None = None, **options) -> Path:
    """Write the map as one standalone HTML file, atomically (no half-written file on failure).

    Options are those of `make_map`: column, time, popup, title, tiles, context, context_label.
    """
    text = map_html(gdf, sources, **options)
    return write_text(path, text)
