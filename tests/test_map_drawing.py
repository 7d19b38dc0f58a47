"""What the map's canvas shows, read from its pixels and from `miMap.drawnItems()`, in Chromium:
area labels placed clear of each other, of the symbols and of the panel (desktop and phone);
cluster rings coloured by type in proportion; a land operation's symbol unlike a boat's."""

from __future__ import annotations

import math
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from maritime_incidents.map import STYLE, TYPE_TO_CATEGORY, save_map

from .browser import open_map

pytestmark = pytest.mark.browser

PIXELS = """([x0, y0, w, h]) => { const c = document.querySelector('.leaflet-mi-points-pane canvas'), r = window.devicePixelRatio || 1;
  const d = c.getContext('2d').getImageData(Math.round(x0 * r), Math.round(y0 * r), Math.round(w * r), Math.round(h * r));
  return {w: d.width, h: d.height, ratio: r, data: Array.from(d.data)}; }"""


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    return save_map(tmp_path_factory.mktemp("map") / "map.html")


def small_map(path: Path, rows: list[tuple[str, float, float]]) -> Path:
    """A map of a few placed rows (type, lat, lon): positions reported, no areas, no tiles."""
    df = pd.DataFrame(rows, columns=["incident_type", "latitude", "longitude"])
    df["date_start"] = pd.Timestamp("2025-10-01")
    df["geo_precision"] = "reported"
    df["uncertainty_km"] = 0.0
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.longitude, df.latitude), crs="EPSG:4326")
    return save_map(path, gdf, None, tiles=False)


def pixel(img: dict, x: float, y: float) -> tuple[int, int, int, int]:
    """RGBA at CSS pixel (x, y) of a region read by PIXELS."""
    i = (int(y * img["ratio"]) * img["w"] + int(x * img["ratio"])) * 4
    return tuple(img["data"][i : i + 4])


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return tuple(int(hex_colour[k : k + 2], 16) for k in (1, 3, 5))


def overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def symbol_box(it: dict) -> tuple[float, float, float, float]:
    r = it["ring"][1] if it["kind"] == "cluster" else 9
    return (it["x"] - r, it["y"] - r, it["x"] + r, it["y"] + r)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_area_labels_never_collide_nor_cover_symbols_or_the_panel(browser, map_file, phone):
    m = open_map(browser, map_file, phone=phone)
    m.page.wait_for_timeout(300)
    box = m.page.locator(".leaflet-container").bounding_box()
    panel = m.page.locator("#mi-panel").bounding_box()
    panel = (panel["x"] - box["x"], panel["y"] - box["y"], panel["x"] - box["x"] + panel["width"], panel["y"] - box["y"] + panel["height"])
    # at the opening view, then with the map moved so that areas lie under the panel
    for move in ([0, 0], [-box["width"] / 3, 0] if not phone else [0, -box["height"] / 3]):
        m.js(f"void window.miMap.map.panBy({move}, {{animate: false}})")
        items = m.js("window.miMap.drawnItems()")
        areas = [it for it in items if it["kind"] == "area"]
        labelled = [it for it in areas if it["labelled"]]
        assert len(labelled) >= 3, [a["label"] for a in areas]
        boxes = [it["labelBox"] for it in labelled]
        for k, b in enumerate(boxes):
            assert 0 <= b[0] and 0 <= b[1] and b[2] <= box["width"] and b[3] <= box["height"], (labelled[k]["label"], b)
            assert not overlaps(b, panel), (labelled[k]["label"], b, panel)
            for other in boxes[k + 1 :]:
                assert not overlaps(b, other), (labelled[k]["label"], b, other)
            for sym in (it for it in items if it["kind"] in ("point", "cluster")):
                assert not overlaps(b, symbol_box(sym)), (labelled[k]["label"], sym["ids"])
        if move == [0, 0]:
            opening = areas
    areas = opening
    # the panel's button changes the panel's size (hidden on a desktop its title bar can be wider than the open
    # panel; opened on a phone the sheet rises): the labels move clear of it
    m.js("void window.miMap.map.panBy([%s, 0], {animate: false})" % (box["width"] / 3 if not phone else 0))
    m.js("void window.miMap.map.panBy([0, %s], {animate: false})" % (box["height"] / 3 if phone else 0))
    m.page.locator("#mi-panel .mi-toggle").click()
    m.page.wait_for_timeout(200)
    now = m.page.locator("#mi-panel").bounding_box()
    now = (now["x"] - box["x"], now["y"] - box["y"], now["x"] - box["x"] + now["width"], now["y"] - box["y"] + now["height"])
    for it in m.js("window.miMap.drawnItems()"):
        if it["kind"] == "area" and it["labelled"]:
            assert not overlaps(it["labelBox"], now), (it["label"], it["labelBox"], now)
    m.page.locator("#mi-panel .mi-toggle").click()
    # priority by incident count: the area holding most incidents is labelled
    assert max(areas, key=lambda a: a["n"])["labelled"]
    # the union of the SOUTHCOM waters is named from its rows' words, and the two Indian Ocean areas apart
    names = {a["label"].split(" · ")[0] for a in areas}
    assert "SOUTHCOM waters" in names and not {"Several seas", "Area"} & names
    # the world (where the opening view's far rows are): labels still apart, the two Indian Ocean areas told apart
    m.js("window.miMap.showWorld()")
    m.page.wait_for_timeout(200)
    world = [it for it in m.js("window.miMap.drawnItems()") if it["kind"] == "area"]
    boxes = [it["labelBox"] for it in world if it["labelled"]]
    assert len(boxes) >= 3 and not any(overlaps(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1 :])
    indian = [a["label"] for a in world if a["label"].startswith("Indian Ocean")]
    assert len(indian) == (1 if phone else 2) and len(set(indian)) == len(indian)  # a phone's world ends west of Sri Lanka


def test_an_area_without_room_for_its_label_says_it_on_hover_and_gets_it_on_zoom(browser, map_file):
    m = open_map(browser, map_file)
    box = m.page.locator(".leaflet-container").bounding_box()
    areas = [it for it in m.js("window.miMap.drawnItems()") if it["kind"] == "area"]
    hidden = [a for a in areas if not a["labelled"]]
    assert hidden, "at the opening view some Caribbean areas have no room for a label"
    shown = []
    for a in hidden:
        m.page.mouse.move(box["x"] + a["x"], box["y"] + a["y"])
        tip = m.page.locator(".mi-area-tip")
        if tip.is_visible():
            shown.append(tip.inner_text())
            assert tip.inner_text() in {h["label"] for h in hidden}
    assert shown, "hovering an unlabelled area shows its label"
    m.page.mouse.move(box["x"] + 5, box["y"] + box["height"] - 60)  # open sea, nothing there
    assert not m.page.locator(".mi-area-tip").is_visible()
    # zoomed in on the Caribbean, areas unlabelled at the opening view get their labels
    m.js("void window.miMap.map.setView([14, -68], 6, {animate: false})")
    closer = {a["label"] for a in m.js("window.miMap.drawnItems()") if a["kind"] == "area" and a["labelled"]}
    assert closer & {a["label"] for a in hidden}


def test_cluster_ring_shows_each_types_share(browser, tmp_path):
    """Six rows at one spot: 3 strikes, 2 seizures, 1 deployment. Around the cluster's ring each type's colour
    takes its share of the circle (read from the canvas at the place drawnItems() gives)."""
    rows = [("strike", 12.0, -70.0), ("strike", 12.0005, -70.0), ("strike", 12.0, -70.0005), ("seizure", 12.001, -70.0)]
    rows += [("seizure", 12.0, -70.001), ("deployment", 12.0008, -70.0008)]
    m = open_map(browser, small_map(tmp_path / "ring.html", rows))
    clusters = [it for it in m.js("window.miMap.drawnItems()") if it["kind"] == "cluster"]
    assert len(clusters) == 1 and clusters[0]["n"] == 6
    c = clusters[0]
    inner, outer = c["ring"]
    radius = (inner + outer) / 2
    img = m.js(PIXELS, [c["x"] - outer - 2, c["y"] - outer - 2, 2 * outer + 4, 2 * outer + 4])
    want = {cat: rgb(STYLE[cat][0]) for cat in ("strike", "seizure", "deployment")}
    others = {cat: rgb(col) for cat, (col, _) in STYLE.items() if cat not in want}
    seen: dict[str, int] = {}
    samples = 720
    for k in range(samples):
        a = 2 * math.pi * k / samples
        px = pixel(img, outer + 2 + radius * math.cos(a), outer + 2 + radius * math.sin(a))
        dist = {cat: sum((p - q) ** 2 for p, q in zip(px[:3], col, strict=True)) for cat, col in {**want, **others}.items()}
        cat = min(dist, key=dist.get)
        if dist[cat] < 30**2 and px[3] > 200:  # a clean ring pixel (not the anti-aliased seam between two types)
            seen[cat] = seen.get(cat, 0) + 1
    total = sum(seen.values())
    assert total > samples * 0.8, seen
    assert set(seen) == set(want), seen  # every type of the cluster, and no other colour
    expect = {"strike": 3 / 6, "seizure": 2 / 6, "deployment": 1 / 6}
    for cat, share in expect.items():
        assert abs(seen[cat] / total - share) < 0.04, (cat, seen[cat] / total, share)
    assert {TYPE_TO_CATEGORY[t] for t, *_ in rows} == set(expect)


def ink(img: dict) -> set[tuple[int, int]]:
    return {(x, y) for y in range(img["h"]) for x in range(img["w"]) if img["data"][(y * img["w"] + x) * 4 + 3] > 64}


def test_a_land_operation_has_its_own_symbol(browser, tmp_path):
    """A land strike and a strike at sea, same colour: the land one is drawn as a house, not the boats' circle."""
    m = open_map(browser, small_map(tmp_path / "land.html", [("strike", 11.0, -72.0), ("land_strike", 8.0, -66.0)]))
    points = [it for it in m.js("window.miMap.drawnItems()") if it["kind"] == "point"]
    assert len(points) == 2
    sea, land = sorted(points, key=lambda it: it["x"])  # the land strike is the one further east
    half = 10
    shapes = {}
    for name, it in (("sea", sea), ("land", land)):
        shapes[name] = ink(m.js(PIXELS, [it["x"] - half, it["y"] - half, 2 * half, 2 * half]))
        assert len(shapes[name]) > 60, name  # a symbol is drawn there
    differ = shapes["sea"] ^ shapes["land"]
    assert len(differ) > 40, len(differ)
    # the house stands on a flat floor: ink in both bottom corners, where the circle has none
    corners = {(half - 6, half + 6), (half + 6, half + 6)}
    assert corners <= shapes["land"] and not corners & shapes["sea"]
