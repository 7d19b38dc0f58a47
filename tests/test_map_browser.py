"""The map in a real headless Chromium (Debian's), with the network blocked."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import maritime_incidents as mi
from maritime_incidents.map import save_map

from .browser import open_map

pytestmark = pytest.mark.browser
LAND = (0xE9, 0xE4, 0xD8)  # the offline basemap's land fill (incident_map.js)
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">\' " ` ${window.__pwned=3} \u202eevil'


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    return save_map(tmp_path_factory.mktemp("map") / "map.html")


@pytest.fixture(scope="module")
def rows() -> int:
    """Rows the map draws: standing rows with a known place (an unknown place has no point)."""
    g = mi.load()
    return int(((g.status != "merged") & g.geometry.notna()).sum())


def test_opens_offline_without_errors(browser, map_file):
    m = open_map(browser, map_file)
    m.page.wait_for_timeout(300)
    assert m.errors_other_than_tiles() == []
    foreign = [u for u in m.requests if not u.startswith("file:") and "tile.openstreetmap.org" not in u]
    assert foreign == [], foreign
    # the offline basemap is drawn: country outlines on a canvas in their own pane, with ink on it
    assert (
        m.js("""(() => { const c = document.querySelector('.leaflet-mi-basemap-pane canvas');
      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; })()""")
        > 10000
    )


INK = """() => { const c = document.querySelector('.leaflet-mi-points-pane canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""


def test_every_incident_is_drawn(browser, map_file, rows):
    m = open_map(browser, map_file)
    m.js("window.miMap.showWorld()")
    st = m.js("window.miMap.state()")
    assert st["visible"] == rows and st["drawnTotal"] == rows  # every row is a point or inside a drawn cluster
    assert m.js(INK) > 1000  # and the canvas really holds ink
    assert m.js("document.querySelector('.mi-summary').dataset.incidents") == str(rows)


def test_clicking_a_symbol_opens_its_popup(browser, map_file):
    m = open_map(browser, map_file)
    items = m.js("window.miMap.drawnItems()")
    single = next(i for i in items if i["id"])
    box = m.page.locator(".leaflet-container").bounding_box()
    m.page.mouse.click(box["x"] + single["x"], box["y"] + single["y"])
    m.page.wait_for_selector(".mi-popup")
    assert single["id"] in m.page.inner_text(".mi-popup")
    # a cluster of rows at one point opens a list, and its entries open their popups
    m.js("void window.miMap.map.setView([-0.9485, -100.9524], 9, {animate: false})")
    items = m.js("window.miMap.drawnItems()")
    cluster = next(i for i in items if i["n"] > 1)
    m.page.mouse.click(box["x"] + cluster["x"], box["y"] + cluster["y"])
    m.page.wait_for_selector(".mi-list")
    assert m.page.locator(".mi-list button").count() == cluster["n"]
    m.page.locator(".mi-list button").first.click()
    m.page.wait_for_selector(".mi-popup .mi-sources")


def test_uncertainty_is_drawn_as_areas(browser, map_file):
    m = open_map(browser, map_file)
    assert m.js("window.miMap.state().areas") > 5
    with_areas = m.js(INK)
    m.js("window.miMap.setAreas(false)")
    assert m.js("window.miMap.state().areas") == 0
    assert m.js(INK) < with_areas / 2


def test_layer_toggle_changes_markers_and_summary(browser, map_file, rows):
    m = open_map(browser, map_file)
    g = mi.load()
    strike_category = int((g.incident_type.isin(["strike", "land_strike"]) & g.geometry.notna()).sum())
    before = m.page.inner_text(".mi-summary")
    m.js("window.miMap.setAreas(false)")  # the areas cover the whole view; count the symbols' ink alone
    ink = m.js(INK)
    m.page.click("input[data-category='strike']")
    st = m.js("window.miMap.state()")
    assert st["on"]["strike"] is False
    assert st["visible"] == rows - strike_category
    assert st["summary"]["incidents"] == rows - strike_category and st["summary"]["strikes"] == 0
    assert m.page.inner_text(".mi-summary") != before
    assert m.js(INK) < ink
    # the same toggle through Leaflet's layer control turns it back on, and the legend follows
    m.page.hover(".leaflet-control-layers")
    m.page.locator(".leaflet-control-layers-overlays label", has_text="Strike").locator("input").click()
    assert m.js("window.miMap.state().on.strike") is True
    assert m.page.is_checked("input[data-category='strike']")
    assert m.js("window.miMap.state().visible") == rows


def test_time_slider_filters_with_layers_and_clusters(browser, map_file, rows):
    m = open_map(browser, map_file)
    m.page.locator(".mi-range-from").evaluate(
        "(el) => { el.value = String(Math.round(Date.parse('2026-01-01') / 864e5)); el.dispatchEvent(new Event('input')); }"
    )
    st = m.js("window.miMap.state()")
    assert st["from"] == "2026-01-01"
    assert 0 < st["visible"] < rows
    g = mi.load()
    expected = int(((g.date_end >= "2026-01-01") & (g.status != "merged")).sum())
    assert st["visible"] == expected
    assert m.page.inner_text(".mi-dates-lab").startswith("2026-01-01")
    # with strikes switched off too, both filters hold
    m.page.click("input[data-category='strike']")
    expected2 = int(((g.date_end >= "2026-01-01") & ~g.incident_type.isin(["strike", "land_strike"])).sum())
    assert m.js("window.miMap.state().visible") == expected2


def test_search_by_vessel_and_id(browser, map_file):
    m = open_map(browser, map_file)
    m.page.fill(".mi-search", "skipper")
    assert m.js("window.miMap.visibleIds()") == ["SZR-20251210-01"]
    m.page.fill(".mi-search", "STK-20250902")
    placed = mi.load().dropna(subset=["latitude"])  # an unplaced row is not drawn (the incident list will hold it)
    assert set(m.js("window.miMap.visibleIds()")) == {i for i in placed.incident_id if i.startswith("STK-20250902")} != set()


def test_popup_lists_every_source_as_a_link(browser, map_file):
    m = open_map(browser, map_file)
    n_sources = int((mi.load_sources().incident_id == "SZR-20251210-01").sum())
    assert m.js("window.miMap.openPopup('SZR-20251210-01')")
    m.page.wait_for_selector(".mi-popup")
    assert m.page.locator(".mi-popup .mi-sources a").count() == n_sources
    text = m.page.inner_text(".mi-popup")
    for words in ("Skipper", "IMO 9304667", "Sources", "approximate"):
        assert words in text


def hostile_copy(data_copy: Path):
    inc = data_copy / "incidents.csv"
    with open(inc, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        header, rows = reader.fieldnames, list(reader)
    target = rows[0]
    for col in ("vessel_name", "location_text", "notes", "alleged_group", "announced_by", "survivor_fate"):
        target[col] = HOSTILE
    with open(inc, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    gdf = mi.load(data_copy)
    sources = mi.load_sources(data_copy)
    i = sources.index[sources.incident_id == target["incident_id"]]
    sources.loc[i[0], "url"] = "javascript:window.__pwned=4"
    sources.loc[i[0], "title"] = HOSTILE
    if len(i) > 1:
        sources.loc[i[1], "url"] = "data:text/html,<script>window.__pwned=5</script>"
    return gdf, sources, target["incident_id"]


def test_hostile_text_runs_nothing(browser, data_copy, tmp_path):
    gdf, sources, iid = hostile_copy(data_copy)
    out = save_map(tmp_path / "hostile.html", gdf, sources)
    m = open_map(browser, out)
    assert m.js(f"window.miMap.openPopup({iid!r})")
    m.page.wait_for_selector(".mi-popup")
    m.page.wait_for_timeout(300)
    assert m.js("window.__pwned === undefined")
    assert m.dialogs == []
    popup = m.page.inner_text(".mi-popup")
    assert "<script>window.__pwned=1</script>" in popup  # shown as text
    assert m.js("document.querySelectorAll('.mi-popup img, .mi-popup script').length") == 0
    hrefs = m.js("[...document.querySelectorAll('.mi-popup a')].map(a => a.getAttribute('href'))")
    assert all(h.startswith(("http://", "https://")) for h in hrefs)
    assert "not an http(s) address" in popup
    assert m.errors_other_than_tiles() == []


def test_screenshot_looks_like_a_map(browser, map_file, tmp_path):
    """A rendered screenshot has the basemap's land and sea colours and the panel, not a blank page."""
    from PIL import Image

    m = open_map(browser, map_file)
    m.js("window.miMap.setAreas(false)")  # the translucent areas would tint land and sea
    m.page.wait_for_timeout(300)
    path = tmp_path / "map.png"
    m.page.screenshot(path=str(path))
    image = Image.open(path).convert("RGB")
    counts = image.getcolors(maxcolors=image.width * image.height)
    share = {color: n / (image.width * image.height) for n, color in counts}
    background = m.js("getComputedStyle(document.querySelector('.leaflet-container')).backgroundColor")
    sea = tuple(int(v) for v in re.findall(r"\d+", background)[:3])
    assert share.get(LAND, 0) > 0.05, "the offline basemap's land is not drawn"
    assert share.get(sea, 0) > 0.10, "the sea (the map's background) does not show"
    panel = m.page.locator(".mi-summary").bounding_box()
    crop = image.crop((int(panel["x"]), int(panel["y"]), int(panel["x"] + panel["width"]), int(panel["y"] + panel["height"])))
    light = sum(1 for px in crop.getdata() if min(px) > 230) / (crop.width * crop.height)
    assert light > 0.5, "the summary panel is not drawn where the page says it is"
