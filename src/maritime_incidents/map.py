"""The interactive incident map: one standalone, offline, deterministic HTML file.

`make_map()` returns a `folium.Map` (an `IncidentMap`) that displays in Jupyter; `save_map()`
writes the same map as one HTML file. Every script, stylesheet and the basemap are inlined from
`_assets/` and `_geodata/` (no CDN), element ids come from a counter (no random ids), and the
data travel as escaped JSON that the page reads with `JSON.parse` — so the same data give the
same bytes, the file opens offline, and no text from a row can run as script.
"""

from __future__ import annotations

import base64
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

import folium
import geopandas as gpd
import pandas as pd
from branca.element import Element, MacroElement
from folium.template import Template

from .io import load, load_sources, write_atomic
from .schema import CATEGORIES

ASSETS = Path(str(files("maritime_incidents") / "_assets"))
GEODATA = Path(str(files("maritime_incidents") / "_geodata"))

#: Category look: colour and symbol shape. The legend and the markers both read this.
STYLE = {
    "strike": ("#c0392b", "circle"),
    "seizure": ("#1f5fa8", "square"),
    "boarding / pursuit": ("#d35400", "triangle"),
    "deployment": ("#1e8449", "diamond"),
    "policy action": ("#7d3c98", "star"),
}
TYPE_TO_CATEGORY = {t: cat for cat, types in CATEGORIES.items() for t in types}
#: Default view: the Caribbean and the eastern Pacific (south-west, north-east corners).
DEFAULT_VIEW = [[-8.0, -112.0], [30.0, -55.0]]
TILES = {
    "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "attribution": "&copy; OpenStreetMap contributors",
}
TITLE = "US military campaign at sea, 2025–26"
FOOTER = (
    "Most points are approximate: a dashed symbol and circle mark the area the sources' words name. "
    "Basemap: Natural Earth (offline). Click a symbol for its sources."
)
FIELDS = (
    "vessels vessel_name vessel_former_names imo flag vessel_type killed killed_low killed_high survivors presumed_dead "
    "survivor_fate alleged_group announced_by location_text geo_precision uncertainty_km geo_rule confidence status notes"
).split()


# --- determinism -------------------------------------------------------------------------


@contextmanager
def counter_ids() -> Iterator[None]:
    """Give every branca element built inside the block an id from a counter, not urandom."""
    counter = itertools.count(1)
    original = Element.__dict__["_generate_id"]
    Element._generate_id = classmethod(lambda cls: f"{next(counter):08d}")  # type: ignore[method-assign]
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


@lru_cache(maxsize=1)
def header_assets() -> str:
    css = "\n".join(inline_css(n) for n in ("leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css", "incident_map.css"))
    js = "\n".join(
        f"<script>{script_text(read_asset(n))}</script>"
        for n in ("leaflet.js", "leaflet.markercluster.js", "topojson-client.min.js", "incident_map.js")
    )
    return f"<style>{css}</style>\n{js}"


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


# --- payload -----------------------------------------------------------------------------


def plain(value):
    """A JSON-ready value: None for missing, ints for whole counts, ISO text for dates."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return value
    return value


def day_number(ts: pd.Timestamp) -> int:
    return int((ts - pd.Timestamp("1970-01-01")) // pd.Timedelta(days=1))


def incident_payload(gdf: gpd.GeoDataFrame, sources: pd.DataFrame | None) -> list[dict]:
    by_incident: dict[str, list[dict]] = {}
    if sources is not None:
        for s in sources.itertuples(index=False):
            by_incident.setdefault(s.incident_id, []).append(
                {
                    "url": s.url,
                    "title": plain(s.title),
                    "publisher": plain(s.publisher),
                    "published": plain(s.published),
                    "claims": plain(s.claims),
                }
            )
    rows = []
    for r in gdf.sort_values(["date_start", "incident_id"]).to_dict("records"):
        if r.get("status") == "merged":
            continue
        start = pd.Timestamp(r["date_start"])
        end = pd.Timestamp(r["date_end"]) if not pd.isna(r.get("date_end")) else start
        item = {
            "id": r["incident_id"],
            "type": r["incident_type"],
            "category": TYPE_TO_CATEGORY.get(r["incident_type"], "policy action"),
            "date_start": start.date().isoformat(),
            "date_end": end.date().isoformat(),
            "date_precision": plain(r.get("date_precision")) or "day",
            "day_start": day_number(start),
            "day_end": day_number(end),
            "latitude": round(float(r["latitude"]), 5),
            "longitude": round(float(r["longitude"]), 5),
            "announced_at": plain(r.get("announced_at")),
        }
        for f in FIELDS:
            item[f] = plain(r.get(f))
        item["confidence"] = item["confidence"] or ""
        item["status"] = item["status"] or "active"
        item["geo_precision"] = item["geo_precision"] or "region"
        item["geo_rule"] = item["geo_rule"] or ""
        item["uncertainty_km"] = float(item["uncertainty_km"] or 0)
        item["sources"] = by_incident.get(r["incident_id"], [])
        rows.append(item)
    return rows


def build_payload(gdf: gpd.GeoDataFrame, sources: pd.DataFrame | None, *, tiles: bool, as_of: str) -> dict:
    incidents = incident_payload(gdf, sources)
    days = [i["day_start"] for i in incidents] + [i["day_end"] for i in incidents]
    totals = {c: sum(1 for i in incidents if i["category"] == c) for c in CATEGORIES}
    return {
        "title": TITLE,
        "footer": FOOTER,
        "as_of": as_of,
        "categories": [{"key": c, "label": c[0].upper() + c[1:], "color": STYLE[c][0], "shape": STYLE[c][1]} for c in CATEGORIES],
        "totals": totals,
        "day_min": min(days) if days else 0,
        "day_max": max(days) if days else 0,
        "view": DEFAULT_VIEW,
        "tiles": {**TILES, "on": True} if tiles else None,
        "incidents": incidents,
    }


# --- folium elements ---------------------------------------------------------------------


class InlineAssets(MacroElement):
    """Leaflet, markercluster, topojson-client and the map's own code, inlined in <head>."""

    _template = Template("{% macro header(this, kwargs) %}{{ this.assets }}{% endmacro %}")

    def __init__(self) -> None:
        super().__init__()
        self._name = "InlineAssets"
        self.assets = header_assets()


class IncidentLayer(MacroElement):
    """The incidents, the basemap and the panel: data as JSON, behaviour in incident_map.js."""

    _template = Template(
        """
{% macro html(this, kwargs) %}
<script type="application/json" id="mi-data">{{ this.payload }}</script>
<script type="application/json" id="mi-basemap">{{ this.basemap }}</script>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var payload = JSON.parse(document.getElementById("mi-data").textContent);
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
        self.basemap = basemap_json()


class IncidentMap(folium.Map):
    """A folium.Map that carries everything inline and shows itself in any notebook.

    `_repr_html_` returns the whole page in an `<iframe srcdoc>`: it needs no network and no
    notebook "trust" (folium #2203), so it shows in Jupyter and VS Code alike.
    """

    default_js: list = []
    default_css: list = []

    def to_html(self) -> str:
        return self.get_root().render()

    def _repr_html_(self, **kwargs) -> str:
        doc = html.escape(self.to_html(), quote=True)
        return (
            f'<iframe srcdoc="{doc}" style="width:100%;height:600px;border:none" '
            'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" title="Incident map"></iframe>'
        )


def make_map(gdf: gpd.GeoDataFrame | None = None, sources: pd.DataFrame | None = None, *, tiles: bool = True) -> IncidentMap:
    """The incident map as a folium.Map (default: the bundled data and its sources)."""
    if gdf is None:
        gdf = load()
        if sources is None:
            sources = load_sources(validate=False)
    as_of = max((d for d in gdf["date_end"].dropna()), default=pd.Timestamp("1970-01-01"))
    with counter_ids():
        # max_zoom 9: the points stand for areas tens to thousands of km wide; street-level zoom would be false precision.
        m = IncidentMap(location=[12.0, -80.0], zoom_start=4, tiles=None, control_scale=True, prefer_canvas=False, max_zoom=9, min_zoom=2)
        m.get_root().header.add_child(Element('<meta name="generator" content="maritime-incidents">'), name="generator")
        m.add_child(InlineAssets())
        m.add_child(IncidentLayer(build_payload(gdf, sources, tiles=tiles, as_of=pd.Timestamp(as_of).date().isoformat())))
        m.get_root().title = TITLE
    return m


def map_html(gdf: gpd.GeoDataFrame | None = None, sources: pd.DataFrame | None = None, *, tiles: bool = True) -> str:
    with counter_ids():
        return make_map(gdf, sources, tiles=tiles).to_html()


def save_map(
    path: str | os.PathLike, gdf: gpd.GeoDataFrame | None = None, sources: pd.DataFrame | None = None, *, tiles: bool = True
) -> Path:
    """Write the map as one standalone HTML file, atomically (no half-written file on failure)."""
    text = map_html(gdf, sources, tiles=tiles)
    return write_atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))
