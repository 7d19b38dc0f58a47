"""The map in a real headless Chromium (Debian's), with the network blocked."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import pandas as pd
import pytest

import maritime_incidents as mi
from maritime_incidents.counting import RULES_IN_WORDS, tally
from maritime_incidents.map import data_notes, save_map
from maritime_incidents.place_names import place_words
from maritime_incidents.schema import CONFIDENCES

from .browser import open_map

pytestmark = pytest.mark.browser
LAND = (0xE9, 0xE4, 0xD8)  # the offline basemap's land fill (mi_basemap.js)
HOSTILE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">\' " ` ${window.__pwned=3} \u202eevil'


@pytest.fixture(scope="module")
def map_file(tmp_path_factory) -> Path:
    return save_map(tmp_path_factory.mktemp("map") / "map.html")


@pytest.fixture(scope="module")
def rows() -> int:
    """Rows the map holds: standing rows, placed or not (an unknown place is counted and listed)."""
    return int((mi.load().status != "merged").sum())


@pytest.fixture(scope="module")
def placed() -> int:
    g = mi.load()
    return int(((g.status != "merged") & g.geometry.notna()).sum())


def settled_box(page, selector: str) -> dict:
    """The element's box once it has stopped moving (Leaflet's autoPan animates; a loaded machine is slow)."""
    last = None
    for _ in range(40):
        page.wait_for_timeout(100)
        box = page.locator(selector).last.bounding_box()
        if box == last:
            return box
        last = box
    return last


def list_size(m) -> int:
    """Rows in the incident list, as screen readers hear it (aria-setsize: the list is windowed)."""
    sizes = set(m.js("[...document.querySelectorAll('.mi-incidents li')].map(li => +li.getAttribute('aria-setsize'))"))
    assert len(sizes) <= 1, sizes
    return sizes.pop() if sizes else 0


def plain_day(day) -> str:
    """A date as the page writes it for readers: "20 Dec 2025"."""
    day = pd.Timestamp(day)
    return f"{day.day} {day:%b} {day.year}"


def plain_range(first, last=None) -> str:
    """A date range in the reader's words: "20 Dec 2025", "20–22 Dec 2025", "20 Dec 2025 – 7 Jan 2026"."""
    a, b = pd.Timestamp(first), (None if last is None or pd.isna(last) else pd.Timestamp(last))
    if b is None or a == b:
        return plain_day(a)
    return f"{a.day}–{plain_day(b)}" if (a.year, a.month) == (b.year, b.month) else f"{plain_day(a)} – {plain_day(b)}"


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
    assert "Natural Earth" in m.page.inner_text(".leaflet-control-attribution")  # the countries' source is credited


INK = """() => { const c = document.querySelector('.leaflet-mi-points-pane canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""


def test_every_incident_is_drawn_or_listed(browser, map_file, rows, placed):
    m = open_map(browser, map_file)
    st = m.js("window.miMap.state()")
    # every placed incident is drawn (a point, in a cluster or in an area), in the opening view or
    # counted by an edge cue: the view frames the largest group, the far rows are cued
    assert st["visible"] == rows and st["unplaced"] == rows - placed == 1
    assert m.js(INK) > 1000  # and the canvas really holds ink
    drawn = {i for it in m.js("window.miMap.drawnItems()") if it["kind"] != "track" for i in it["ids"]}
    cued = {i for ids in m.js("window.miMap.offscreen()").values() for i in ids}
    assert drawn | cued == set(mi.load().dropna(subset=["latitude"]).incident_id) and not drawn & cued
    assert st["drawnTotal"] == st["inView"] == len(drawn) >= 0.75 * placed and cued  # most in view; the far rows cued
    # the unplaced row is in the list, and its details open in the panel
    unplaced = mi.load().query("geo_precision == 'unknown'").incident_id.iloc[0]
    assert "place unknown" in m.page.inner_text("#mi-panel .mi-status")
    m.page.locator(".mi-incidents button").first.focus()  # the list is windowed: walk to the row by keyboard
    for _ in range(rows):
        if m.js("document.activeElement.dataset.id") == unplaced:
            break
        m.page.keyboard.press("ArrowDown")
    m.page.keyboard.press("Enter")
    assert m.page.is_visible("#mi-details") and unplaced in m.page.inner_text("#mi-details")
    m.page.keyboard.press("Escape")  # closes them, and the focus goes back to the row
    assert not m.page.is_visible("#mi-details") and m.js("document.activeElement.dataset.id") == unplaced


def test_wide_rows_are_areas_never_points(browser, map_file):
    """A row known only to a sea or region is drawn as its shaded area, never as a symbol or in a cluster."""
    from maritime_incidents.map import POINT_MAX_KM

    g = mi.load().dropna(subset=["latitude"])
    wide = set(g[g.uncertainty_km > POINT_MAX_KM].incident_id)
    m = open_map(browser, map_file)
    for zoom_to in (None, [12.0, -75.0, 5], [5.0, -95.0, 6]):
        if zoom_to:
            m.js(f"void window.miMap.map.setView([{zoom_to[0]}, {zoom_to[1]}], {zoom_to[2]}, {{animate: false}})")
        items = m.js("window.miMap.drawnItems()")
        as_points = {i for it in items if it["kind"] in ("point", "cluster") for i in it["ids"]}
        as_areas = {i for it in items if it["kind"] == "area" for i in it["ids"]}
        assert not (as_points & wide), as_points & wide
        assert as_areas <= wide and as_areas
    # one shape per distinct area; its label says what it holds, by the counting rules
    m.js("window.miMap.showWorld()")
    items = m.js("window.miMap.drawnItems()")
    pacific = next(it for it in items if it["kind"] == "area" and it["label"].startswith("Eastern Pacific") and it["n"] > 20)
    t = tally(g[g.incident_id.isin(pacific["ids"])])
    assert f"{t['strike_rows']} strikes" in pacific["label"] and "positions not disclosed" in pacific["label"]
    # filtered like everything else: no strikes, no strike area
    m.page.click("input[data-category='strike']")
    items = m.js("window.miMap.drawnItems()")
    strikes = set(g[g.incident_type.isin(["strike", "land_strike"])].incident_id)
    left = {i for it in items if it["kind"] == "area" for i in it["ids"]}
    assert not (left & strikes) and (set(pacific["ids"]) - strikes) <= left


def test_clicking_a_symbol_an_area_and_a_waypoint(browser, map_file):
    m = open_map(browser, map_file)
    box = m.page.locator(".leaflet-container").bounding_box()
    point = next(i for i in m.js("window.miMap.drawnItems()") if i["kind"] == "point")
    m.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    m.page.wait_for_selector(".mi-popup")
    assert point["id"] in m.page.inner_text(".mi-popup") and "How located" in m.page.inner_text(".mi-popup")
    m.js("window.miMap.map.closePopup()")
    m.page.wait_for_selector(".mi-popup", state="detached")  # the closed popup fades out before it leaves
    # an area's label opens the list of what it holds, in plain words; an entry opens its details
    area = max((i for i in m.js("window.miMap.drawnItems()") if i["kind"] == "area" and i["labelled"]), key=lambda i: i["n"])
    m.page.mouse.click(box["x"] + area["labelX"], box["y"] + area["labelY"])
    m.page.wait_for_selector(".mi-list")
    assert m.page.locator(".mi-list button").count() == min(area["n"], 200)
    first = m.page.locator(".mi-list button").first.inner_text()
    assert "20" in first and "·" in first and "STK-" not in first  # "22 Oct 2025 · Strike · 2 killed", not an id
    # every row the area holds, oldest first, each under its own date in words
    listed = m.js("[...document.querySelectorAll('.mi-list button')].map(b => [b.dataset.id, b.textContent])")
    starts = mi.load().set_index("incident_id").date_start
    assert {i for i, _ in listed} == set(area["ids"]) and len(listed) == area["n"]
    assert [starts[i] for i, _ in listed] == sorted(starts[i] for i, _ in listed)
    assert all(words.startswith(plain_day(starts[i])) or plain_day(starts[i]).split(" ", 1)[1] in words for i, words in listed)
    m.page.locator(".mi-list button").first.click()
    m.page.wait_for_selector(".mi-popup .mi-sources")
    assert "position not disclosed" in m.page.inner_text(".mi-popup:has(.mi-sources)")
    # the pursuit is a dashed track with dated waypoints; a waypoint opens its date and source
    m.js("window.miMap.map.closePopup()")
    m.page.wait_for_selector(".mi-popup", state="detached")
    m.js("void window.miMap.map.setView([45, -40], 3, {animate: false})")
    track = next(i for i in m.js("window.miMap.drawnItems()") if i["kind"] == "track")
    assert "PUR-20251220-01" in track["ids"]
    m.page.mouse.click(box["x"] + track["x"], box["y"] + track["y"])
    m.page.wait_for_selector(".mi-popup")
    # the waypoint's number, date and source link are the waypoints file's
    head = m.page.inner_text(".mi-popup .mi-popup-head strong")
    k, n = (int(v) for v in re.search(r"position (\d+) of (\d+)$", head).groups())
    points = mi.io.load_waypoints()
    points = points[points.track_id == m.page.inner_text(".mi-popup .mi-id")].sort_values("seq")
    assert n == len(points) and 1 <= k <= n
    w = points.iloc[k - 1]
    when = m.js("[...document.querySelectorAll('.mi-popup dt')].find(d => d.textContent === 'When').nextElementSibling.textContent")
    assert when == plain_range(w.date_start, w.date_end) and head.startswith(str(w.vessel_name))
    assert m.page.get_attribute(".mi-popup .mi-src-meta a", "href") == w.source_url


def test_clicking_a_cluster_zooms_until_it_splits(browser, map_file):
    m = open_map(browser, map_file)
    m.js("window.miMap.showWorld()")  # the opening view is close enough to split most clusters
    m.page.wait_for_timeout(200)
    cluster = next((i for i in m.js("window.miMap.drawnItems()") if i["kind"] == "cluster"), None)
    assert cluster is not None and cluster["n"] == len(cluster["ids"]) > 1
    zoom = m.js("window.miMap.map.getZoom()")
    box = m.page.locator(".leaflet-container").bounding_box()
    m.page.mouse.click(box["x"] + cluster["x"], box["y"] + cluster["y"])
    for _ in range(30):  # the zoom animation
        m.page.wait_for_timeout(100)
        if m.js("window.miMap.map.getZoom()") > zoom:
            break
    m.page.wait_for_timeout(300)
    assert m.js("window.miMap.map.getZoom()") > zoom
    items = m.js("window.miMap.drawnItems()")
    assert {i for it in items if it["kind"] in ("point", "cluster") for i in it["ids"]} >= set(cluster["ids"])


def test_counts_follow_the_datasets_rules(browser, map_file):
    """The summary is the counting module's figures (the README's and reconcile's), never the page's own."""
    g = mi.load()
    want = tally(g)
    m = open_map(browser, map_file)
    summary = m.js("window.miMap.state().summary")
    for key in ("strike_rows", "vessels_struck", "killed", "killed_low", "killed_high", "presumed_dead", "seizures", "killed_on_land_low"):
        assert summary[key] == want[key], key
    assert want["strike_rows"] == reconcile_rows()
    stats = dict(m.js("[...document.querySelectorAll('.mi-stat')].map(d => [d.lastChild.textContent, d.firstChild.textContent])"))
    assert stats == stats_in_words(want)  # what the reader sees, every line
    assert stats["Killed on land"] == f"{want['killed_on_land_low']}–{want['killed_on_land_high']}"  # a contested toll as a range
    # and the page says why "Strike rows" is fewer than the strikes in the type list, in counting.py's words
    assert m.page.inner_text(".mi-countnote") == RULES_IN_WORDS
    # in filter and in view
    m.js("void window.miMap.map.setView([11, -66], 6, {animate: false})")
    st = m.js("window.miMap.state()")
    assert 0 < st["inView"] < st["visible"]
    assert f"{st['inView']} in view" in m.page.inner_text(".mi-status")
    assert m.page.get_attribute(".mi-status", "role") == "status"


def stats_in_words(t: dict) -> dict[str, str]:
    """The panel's lines for counting.tally's figures: whole numbers with thousands commas, a range where sources disagree."""

    def rng(low, mid, high) -> str:
        return str(mid) if low == high else f"{low}–{high}"

    return {
        "Strike rows": f"{t['strike_rows']:,}",
        "Vessels struck": f"{t['vessels_struck']:,}",
        "Killed at sea": rng(t["killed_low"], t["killed"], t["killed_high"]),
        "Presumed dead": f"{t['presumed_dead']:,}",
        "Survivors": f"{t['survivors']:,}",
        "Killed on land": rng(t["killed_on_land_low"], t["killed_on_land"], t["killed_on_land_high"]),
        "Seizures": f"{t['seizures']:,}",
        "Unverified claims (not summed)": f"{t['unverified_claims']:,}",
    }


def reconcile_rows() -> int:
    from maritime_incidents.reconcile import strike_rows

    return len(strike_rows(mi.load()))


def test_layer_toggle_changes_markers_and_summary(browser, map_file, rows):
    m = open_map(browser, map_file)
    g = mi.load()
    strike_category = int(g.incident_type.isin(["strike", "land_strike"]).sum())
    before = m.page.inner_text(".mi-summary")
    ink = m.js(INK)
    m.page.click("input[data-category='strike']")
    st = m.js("window.miMap.state()")
    assert st["on"]["strike"] is False
    assert st["visible"] == rows - strike_category
    assert st["summary"]["strike_rows"] == 0
    assert m.page.inner_text(".mi-summary") != before
    assert m.js(INK) < ink
    # the same toggle through Leaflet's layer control turns it back on, and the legend follows
    m.page.hover(".leaflet-control-layers")
    m.page.locator(".leaflet-control-layers-overlays label", has_text="Strike").locator("input").click()
    assert m.js("window.miMap.state().on.strike") is True
    assert m.page.is_checked("input[data-category='strike']")
    assert m.js("window.miMap.state().visible") == rows


def test_basemaps_are_base_layers(browser, map_file):
    m = open_map(browser, map_file)
    m.page.hover(".leaflet-control-layers")
    bases = m.page.locator(".leaflet-control-layers-base input[type=radio]")
    assert bases.count() == 2
    bases.nth(1).click()  # the online tiles (blocked here): the offline countries still draw under them
    assert m.js("document.querySelector('.leaflet-mi-basemap-pane canvas') !== null")


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
    assert m.page.inner_text(".mi-dates-lab").startswith("1 Jan 2026")
    assert m.page.get_attribute(".mi-range-from", "aria-valuetext") == "from 1 Jan 2026"
    # with strikes switched off too, both filters hold
    m.page.click("input[data-category='strike']")
    expected2 = int(((g.date_end >= "2026-01-01") & ~g.incident_type.isin(["strike", "land_strike"])).sum())
    assert m.js("window.miMap.state().visible") == expected2
    assert list_size(m) == expected2  # the list follows the filter


def test_slider_by_keyboard(browser, map_file):
    """Each arrow key moves a date one day; the dates and the count say so in words; "from" pushed past "until" takes it along."""
    m = open_map(browser, map_file)
    g = mi.load()
    last = g.date_end.fillna(g.date_start).max()
    m.page.focus(".mi-range-to")
    for _ in range(10):
        m.page.keyboard.press("ArrowLeft")
    to = last - pd.Timedelta(days=10)
    assert m.page.get_attribute(".mi-range-to", "aria-valuetext") == f"until {plain_day(to)}"
    assert m.page.inner_text(".mi-dates-lab").endswith(plain_day(to))
    assert m.page.inner_text(".mi-status").startswith(f"{int((g.date_start <= to).sum())} incidents in filter")
    m.page.focus(".mi-range-from")
    m.page.keyboard.press("End")
    assert m.page.inner_text(".mi-dates-lab") == f"{plain_day(last)} – {plain_day(last)}"
    assert m.page.inner_text(".mi-status").startswith(f"{int((g.date_end.fillna(g.date_start) >= last).sum())} incidents in filter")


def test_legend_names_each_type_with_its_counts(browser, map_file):
    """The legend names every type the data hold (and no other), with its rows in the filter and in all."""
    from maritime_incidents.map import TYPE_TO_CATEGORY

    m = open_map(browser, map_file)
    g = mi.load()
    g["category"] = g.incident_type.map(TYPE_TO_CATEGORY).fillna("policy action")

    def legend() -> dict:
        return dict(m.js("""[...document.querySelectorAll('.mi-legend-row')].filter(r => r.checkVisibility())
          .map(r => [(r.querySelector('.mi-legend-label') || {}).textContent, r.querySelector('.mi-count').textContent])"""))

    def wanted(shown) -> dict:
        total, now = g.category.value_counts(), shown.category.value_counts()
        return {c[0].upper() + c[1:]: f"{now.get(c, 0):,} / {n:,}" for c, n in total.items()}

    assert legend() == wanted(g)
    m.page.locator(".mi-range-from").evaluate(
        "(el) => { el.value = String(Math.round(Date.parse('2026-01-01') / 864e5)); el.dispatchEvent(new Event('input')); }"
    )
    assert legend() == wanted(g[g.date_end.fillna(g.date_start) >= "2026-01-01"])


def test_search_by_vessel_id_place_and_words(browser, map_file):
    m = open_map(browser, map_file)
    m.page.fill(".mi-search", "skipper")
    assert m.js("window.miMap.visibleIds()") == ["SZR-20251210-01"]
    m.page.fill(".mi-search", "STK-20250902")
    assert set(m.js("window.miMap.visibleIds()")) == {i for i in mi.load().incident_id if i.startswith("STK-20250902")} != set()
    g = mi.load()
    for words in ("Caracas", "Maduro", "Sri Lanka", "tanker"):
        m.page.fill(".mi-search", words)
        want = g[g.astype(str).apply(lambda c, w=words: c.str.contains(w, case=False, regex=False)).any(axis=1)].incident_id
        assert set(m.js("window.miMap.visibleIds()")) >= set(want) != set(), words
        assert list_size(m) == len(m.js("window.miMap.visibleIds()"))
    # Enter with several hits brings them all into view (an area's row by its shape's label, so points only here)
    from maritime_incidents.map import POINT_MAX_KM

    m.page.fill(".mi-search", "tanker")
    m.page.press(".mi-search", "Enter")
    m.page.wait_for_timeout(800)  # fitBounds animates
    hits = g[g.incident_id.isin(m.js("window.miMap.visibleIds()")) & g.latitude.notna() & (g.uncertainty_km <= POINT_MAX_KM)]
    assert len(hits) >= 2
    bounds = "window.miMap.map.getBounds().contains"
    assert [r.incident_id for r in hits.itertuples() if not m.js(f"{bounds}([{r.latitude}, {r.longitude}])")] == []
    # a single hit opens on Enter
    m.page.fill(".mi-search", "Sri Lanka")
    m.page.press(".mi-search", "Enter")
    m.page.wait_for_selector(".mi-popup")
    assert "SZR-20260209-01" in m.page.inner_text(".mi-popup")


KIND_WORDS = {"official": "official", "original": "original report", "wire_copy": "wire copy", "secondary": "relayed report",
              "mirror": "mirror (copy of another site)", "aggregator": "aggregator", "ai_summary": "AI summary",
              "forum": "forum post", "data_file": "data file"}  # fmt: skip


def source_meta(s) -> str:
    """A source's line under its title, from sources.csv: domain · kind (a copy names its original) · read or not · date."""
    kind = KIND_WORDS.get(s.source_kind, "") if pd.notna(s.source_kind) else ""
    if s.source_kind in ("mirror", "wire_copy", "secondary"):
        unknown = ", original unknown" if s.source_kind == "mirror" else ""
        kind += f" of {s.original_publisher}" if pd.notna(s.original_publisher) else unknown
    published = "" if pd.isna(s.published) else pd.Timestamp(s.published).date().isoformat()
    return " · ".join(p for p in (s.domain, kind, "cited, not read" if s.access == "cited_only" else "", published) if pd.notna(p) and p)


def test_popup_lists_every_source_with_domain_and_kind(browser, map_file):
    """Each source of the details links to its own URL and says what it is: a copy names its original, a
    source only cited (not read) says so. Incidents picked for a mirror without original, a wire copy, a cited-only source."""
    m = open_map(browser, map_file)
    src = mi.load_sources()
    placed = set(mi.load().dropna(subset=["latitude"]).incident_id)
    picks = ["SZR-20251210-01"] + [
        src[src.incident_id.isin(placed) & rule].incident_id.iloc[0]
        for rule in (src.source_kind.eq("mirror") & src.original_publisher.isna(),
                     src.source_kind.eq("wire_copy") & src.original_publisher.notna(), src.access.eq("cited_only"))
    ]  # fmt: skip
    for iid in picks:
        m.js("window.miMap.map.closePopup()")
        if m.page.locator(".leaflet-popup").count():
            m.page.wait_for_selector(".leaflet-popup", state="detached")
        assert m.js(f"window.miMap.openPopup({iid!r})")
        m.page.wait_for_selector(".mi-popup")
        mine = src[src.incident_id == iid]
        shown = m.js("""[...document.querySelectorAll('.mi-popup .mi-sources li')].map(li =>
          [li.querySelector('a') && li.querySelector('a').getAttribute('href'), li.querySelector('.mi-src-meta').textContent])""")
        assert [h for h, _ in shown] == mine.url.tolist(), iid  # each title links to its own source, in order
        assert [meta for _, meta in shown] == [source_meta(s) for s in mine.itertuples()], iid
        text = m.page.inner_text(".mi-popup")
        assert f"Sources ({len(mine)})" in text and "[coast:" not in text and "±" not in text
    m.js("window.miMap.map.closePopup()")
    m.page.wait_for_selector(".leaflet-popup", state="detached")
    m.js("window.miMap.openPopup('SZR-20251210-01')")
    text = m.page.inner_text(".mi-popup")
    for words in ("Skipper", "IMO 9304667", "Sources", "How located", "Dec 2025"):
        assert words in text


RULE_KEY = re.compile(r"\b(?:coast|sea|region|place|between|bearing|distance|direction|province|country):[a-z_]")


def test_details_say_where_in_pythons_words_without_rule_keys(browser, map_file):
    """Every row's "Where" is place_names.place_words of its rule (one source of names), and no details
    show a geocoder key ("coast:venezuela:caribbean")."""
    m = open_map(browser, map_file)
    for row in mi.load().itertuples():
        m.js("window.miMap.map.closePopup()")
        if m.page.locator(".leaflet-popup").count():
            m.page.wait_for_selector(".leaflet-popup", state="detached")  # the closed one fades out
        assert m.js(f"window.miMap.openPopup({row.incident_id!r})")
        box = ".leaflet-popup" if row.geo_precision != "unknown" else "#mi-details"  # an unplaced row: the panel
        m.page.wait_for_selector(box)
        text = m.page.locator(box).inner_text()
        assert row.incident_id in text and not RULE_KEY.search(text), (row.incident_id, RULE_KEY.search(text))
        where = m.js(f"""(() => {{ const dt = [...document.querySelectorAll('{box} dt')]
          .find(d => d.textContent === 'Where'); return dt ? dt.nextElementSibling.textContent : null; }})()""")
        # the confidence value with the codebook's meaning; dates in words, never ISO
        assert CONFIDENCES[row.confidence].split(" (see")[0] in text, row.incident_id
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text.split("Sources")[0]), (row.incident_id, text)
        words = place_words(row.geo_rule, row.region)
        if words:
            assert where is not None and where.startswith(words), (row.incident_id, where, words)
        # the tolls are the row's own, a contested one as its range
        shown = dict(m.js(f"[...document.querySelectorAll('{box} dt')].map(d => [d.textContent, d.nextElementSibling.textContent])"))
        assert {k: shown.get(k) for k in TOLL_LINES} == tolls_in_words(row), row.incident_id
        # when, and how precisely it is placed, in words made here from the row
        precision = "day" if pd.isna(row.date_precision) else row.date_precision
        when = plain_range(row.date_start, row.date_end) + ("" if precision == "day" else f" (date {precision})")
        assert shown.get("When") == when, (row.incident_id, when)
        assert shown.get("How located") == how_located(row), row.incident_id


def how_located(row) -> str:
    if row.geo_precision == "reported":
        return "coordinates reported by a source"
    if row.geo_precision == "unknown":
        return "the sources give no place"
    km = math.floor(round(float(row.uncertainty_km), 1) + 0.5)  # the page rounds half up, as JavaScript does
    return f"from the sources' words ({row.geo_precision.replace('_', ' ')}), within about {km:,} km"


TOLL_LINES = ("Killed", "Survivors", "Presumed dead")


def tolls_in_words(row) -> dict[str, str | None]:
    """What the details must say of a row's tolls: nothing for an empty figure, a range where sources disagree."""

    def n(value) -> int | None:
        return None if pd.isna(value) else int(value)

    killed, low, high = n(row.killed), n(row.killed_low), n(row.killed_high)
    low, high = (killed if low is None else low), (killed if high is None else high)
    said = None if killed is None else (f"{low}–{high} (sources disagree; the row holds {killed})" if low != high else str(killed))
    return {"Killed": said, "Survivors": none_or_str(n(row.survivors)), "Presumed dead": none_or_str(n(row.presumed_dead))}


def none_or_str(value: int | None) -> str | None:
    return None if value is None else str(value)


def test_keyboard_list_enter_opens_escape_returns(browser, map_file):
    m = open_map(browser, map_file)
    m.page.locator(".mi-incidents button").first.focus()
    m.page.keyboard.press("ArrowDown")  # the second row
    target = m.js("document.activeElement.dataset.id")
    assert target == m.js("window.miMap.visibleIds()")[1]
    center = m.js("window.miMap.map.getCenter()")
    m.page.keyboard.press("Tab")
    m.page.keyboard.press("Shift+Tab")
    m.page.keyboard.press("Enter")
    m.page.wait_for_selector(".mi-popup")
    assert target in m.page.inner_text(".mi-popup")
    assert m.js("document.activeElement.closest('.mi-popup') !== null")  # the details take the focus
    assert m.js("window.miMap.state().selected") == target
    m.page.keyboard.press("Escape")
    m.page.wait_for_selector(".mi-popup", state="detached")
    assert m.js("document.activeElement.dataset.id") == target  # back where the reader was
    assert center is not None


def test_popups_never_open_under_the_panel(browser, map_file):
    """Each symbol and area, moved just left of the panel and clicked: its details open clear of the panel."""
    m = open_map(browser, map_file)
    box = m.page.locator(".leaflet-container").bounding_box()
    panel = m.page.locator("#mi-panel").bounding_box()
    m.js("window.miMap.showWorld()")  # every symbol and area in view, to pick from
    targets = [(it["kind"], it["ids"][0]) for it in m.js("window.miMap.drawnItems()") if it["kind"] in ("point", "area")][:8]
    assert len(targets) >= 5
    overlaps = []
    for kind, iid in targets:
        m.js("window.miMap.map.closePopup()")
        m.js("window.miMap.showWorld()")
        m.page.wait_for_timeout(250)
        it = next(p for p in m.js("window.miMap.drawnItems()") if p["kind"] == kind and iid in p["ids"])
        # pan so that the item sits 40 px left of the panel, half way down
        dx, dy = it["x"] - (panel["x"] - box["x"] - 40), it["y"] - 450
        m.js(f"void window.miMap.map.panBy([{dx}, {dy}], {{animate: false}})")
        it = next(p for p in m.js("window.miMap.drawnItems()") if p["kind"] == kind and iid in p["ids"])
        m.page.mouse.click(box["x"] + it["x"], box["y"] + it["y"])
        m.page.wait_for_selector(".leaflet-popup")
        p = settled_box(m.page, ".leaflet-popup")  # after autoPan
        if p["x"] + p["width"] > panel["x"] and p["y"] < panel["y"] + panel["height"]:
            overlaps.append(iid)
    assert overlaps == []


def test_panel_collapses(browser, map_file):
    m = open_map(browser, map_file)
    toggle = m.page.locator("#mi-panel .mi-toggle")
    assert toggle.get_attribute("aria-expanded") == "true"
    wide = m.page.locator("#mi-panel").bounding_box()["height"]
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false"
    assert m.page.get_by_role("button", name="Show panel").count() == 1  # the button says what it will do
    assert m.page.locator("#mi-panel").bounding_box()["height"] < wide / 4
    assert not m.page.is_visible(".mi-summary")
    toggle.focus()
    m.page.keyboard.press("Enter")  # by keyboard too
    assert m.page.is_visible(".mi-summary") and m.page.get_by_role("button", name="Hide panel").count() == 1


def test_header_language_and_gap_note(browser, map_file):
    m = open_map(browser, map_file)
    assert m.js("document.documentElement.lang") == "en"
    head = m.page.inner_text("#mi-panel .mi-asof")
    readme = (Path(mi.io.bundled_data_dir()) / "README.md").read_text(encoding="utf-8")
    import re

    as_of = re.search(r"\*\*As of:\*\* (\d{4}-\d{2}-\d{2})", readme).group(1)
    day = pd.Timestamp(as_of)
    assert head.startswith(f"Updated {day.day} {day.strftime('%b')} {day.year}") and f"{len(mi.load())} incidents" in head
    latest = mi.load().date_end.fillna(mi.load().date_start).max()
    assert f" · coverage {plain_range(mi.load().date_start.min(), latest)} · " in head
    assert "only from pointers" in m.page.inner_text("#mi-panel .mi-gap")


def test_url_hash_restores_filters_search_selection_and_view(browser, map_file):
    m = open_map(browser, map_file)
    m.js("window.miMap.setRange('2025-12-01', '2026-01-31')")
    m.page.click("input[data-category='deployment']")
    m.page.fill(".mi-search", "tanker")
    m.js("window.miMap.openPopup('SZR-20251210-01')")
    m.js("void window.miMap.map.setView([14, -68], 5, {animate: false})")
    url = m.page.url
    assert "#" in url and "sel=SZR-20251210-01" in url
    before = m.js("window.miMap.state()")
    m2 = open_map(browser, map_file, hash=url.split("#", 1)[1])
    after = m2.js("window.miMap.state()")
    for key in ("from", "to", "query", "on", "visible"):
        assert after[key] == before[key], key
    assert after["selected"] == "SZR-20251210-01" and m2.page.locator(".mi-popup").count() == 1
    assert m2.js("window.miMap.map.getZoom()") == 5
    center = m2.js("window.miMap.map.getCenter()")
    assert abs(center["lat"] - 14) < 0.1 and abs(center["lng"] + 68) < 0.1  # the place, to the hash's rounding
    # and the reader sees why: the search words, the dates, the switched-off type
    assert m2.page.input_value(".mi-search") == "tanker"
    assert m2.page.inner_text(".mi-dates-lab") == "1 Dec 2025 – 31 Jan 2026"
    assert not m2.page.is_checked("input[data-category='deployment']") and m2.page.is_checked("input[data-category='strike']")


def test_download_shown_rows(browser, map_file, tmp_path):
    m = open_map(browser, map_file)
    m.page.fill(".mi-search", "tanker")
    shown = set(m.js("window.miMap.visibleIds()"))
    with m.page.expect_download() as d:
        m.page.click(".mi-dl[data-format='csv']")
    path = tmp_path / "shown.csv"
    d.value.save_as(path)
    with open(path, newline="", encoding="utf-8") as f:
        got = list(csv.DictReader(f))
    assert {r["incident_id"] for r in got} == shown and all(r["sources"].startswith("http") for r in got)
    # each point goes out with how precise it is, as the data holds it: a GIS user sees an area's point is not a place
    data = mi.load().set_index("incident_id")
    for r in got:
        assert r["geo_precision"] == data.loc[r["incident_id"], "geo_precision"]
        assert (float(r["uncertainty_km"]) if r["uncertainty_km"] else None) == (
            None if pd.isna(data.loc[r["incident_id"], "uncertainty_km"]) else float(data.loc[r["incident_id"], "uncertainty_km"])
        )
    with m.page.expect_download() as d:
        m.page.click(".mi-dl[data-format='geojson']")
    d.value.save_as(tmp_path / "shown.geojson")
    doc = json.loads((tmp_path / "shown.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["incident_id"] for f in doc["features"]} == shown
    assert any(f["geometry"] and f["geometry"]["type"] == "MultiPolygon" for f in doc["features"])  # areas go out as areas


def test_phone_bottom_sheet_touch_and_pinch(browser, map_file):
    m = open_map(browser, map_file, phone=True)
    meta = m.js("document.querySelector('meta[name=viewport]').content")
    assert "user-scalable=no" not in meta and "maximum-scale" not in meta
    panel = m.page.locator("#mi-panel").bounding_box()
    assert panel["y"] + panel["height"] >= 843 and panel["height"] < 844 * 0.15  # a collapsed sheet at the bottom
    toggle = m.page.locator("#mi-panel .mi-toggle").bounding_box()
    assert toggle["width"] >= 24 and toggle["height"] >= 24
    point = next(i for i in m.js("window.miMap.drawnItems()") if i["kind"] in ("point", "area"))
    box = m.page.locator(".leaflet-container").bounding_box()
    m.page.touchscreen.tap(box["x"] + point["x"], box["y"] + point["y"])
    m.page.wait_for_selector(".leaflet-popup")
    p = settled_box(m.page, ".leaflet-popup")
    assert p["x"] >= 0 and p["x"] + p["width"] <= 390
    panel = m.page.locator("#mi-panel").bounding_box()
    assert p["y"] + p["height"] <= panel["y"] + 1  # above the sheet
    # nothing sits on the open details: the edge cues and the layers button step aside
    for sel in (".mi-edge", ".leaflet-control-layers"):
        for k in range(m.page.locator(sel).count()):
            b = m.page.locator(sel).nth(k).bounding_box()
            assert b is None or not (b["x"] < p["x"] + p["width"] and p["x"] < b["x"] + b["width"]
                                     and b["y"] < p["y"] + p["height"] and p["y"] < b["y"] + b["height"]), (sel, b, p)
    m.page.locator("#mi-panel .mi-toggle").tap()
    panel = m.page.locator("#mi-panel").bounding_box()
    assert panel["height"] <= 844 * 0.46 and m.page.is_visible(".mi-summary")
    heights = m.js("[...document.querySelectorAll('.mi-incidents button')].slice(0, 5).map(b => b.getBoundingClientRect().height)")
    assert min(heights) >= 24


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
    # the printed copy of the details, and the row in the (windowed) list, stay text too
    m.page.emulate_media(media="print")
    m.page.wait_for_timeout(200)
    assert "<script>window.__pwned=1</script>" in m.page.inner_text(".mi-print-details")
    assert m.js("document.querySelectorAll('.mi-print-details img, .mi-print-details script').length") == 0
    m.page.emulate_media(media="screen")
    m.page.pdf()
    m.js("window.miMap.map.closePopup()")
    m.page.fill(".mi-search", iid)
    assert "<script>" in m.page.inner_text(f".mi-incidents button[data-id='{iid}']")
    assert m.js("document.querySelectorAll('.mi-incidents img, .mi-incidents script').length") == 0
    assert m.js("window.__pwned === undefined") and m.dialogs == []
    assert m.errors_other_than_tiles() == []


def test_screenshot_looks_like_a_map(browser, map_file, tmp_path):
    """A rendered screenshot has the basemap's land and sea colours and the panel, not a blank page."""
    from PIL import Image

    m = open_map(browser, map_file)
    m.js("window.miMap.setAreas(false)")  # the translucent areas would tint land and sea
    m.js("window.miMap.showWorld()")  # the world: the theatre the map opens on is mostly shaded areas and land
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
    # and where it should: inland points of countries large and small, north and south, are land; the open ocean is sea
    box = m.page.locator(".leaflet-container").bounding_box()
    panel = m.page.locator("#mi-panel").bounding_box()
    places = {"Russia": (62, 60), "United States": (40, -100), "Brazil": (-10, -52), "Algeria": (27, 3), "Greenland": (72, -40)}
    for name, at in {**places, "South Atlantic": (-30, -15)}.items():
        p = m.js(f"window.miMap.map.latLngToContainerPoint({list(at)})")
        x, y = box["x"] + p["x"], box["y"] + p["y"]
        assert 0 <= y < image.height and 0 <= x < panel["x"], name  # in the free part of the map
        assert image.getpixel((int(x), int(y))) == (sea if name == "South Atlantic" else LAND), name
    # closer in, a country cut by the view's top edge (Canada) is drawn as well as one wholly in view (the USA)
    m.js("void window.miMap.map.setView([45, -95], 4, {animate: false})")
    m.page.wait_for_timeout(300)
    m.page.screenshot(path=str(path))
    image = Image.open(path).convert("RGB")
    assert m.js("window.miMap.map.getBounds().getNorth()") < 80  # Canada reaches 83° N
    for name, at in {"Canada": (52, -100), "United States": (40, -100)}.items():
        p = m.js(f"window.miMap.map.latLngToContainerPoint({list(at)})")
        assert image.getpixel((int(box["x"] + p["x"]), int(box["y"] + p["y"]))) == LAND, name
    panel = m.page.locator(".mi-summary").bounding_box()
    crop = image.crop((int(panel["x"]), int(panel["y"]), int(panel["x"] + panel["width"]), int(panel["y"] + panel["height"])))
    pixels = [crop.getpixel((x, y)) for x in range(crop.width) for y in range(crop.height)]
    light = sum(1 for px in pixels if min(px[:3]) > 230) / len(pixels)
    assert light > 0.5, "the summary panel is not drawn where the page says it is"


def test_histogram_brush_play_and_gap(browser, map_file):
    m = open_map(browser, map_file)
    hist = m.page.locator(".mi-hist").bounding_box()
    bars = m.page.locator(".mi-bar").count()
    # drag across the first three months with the mouse: the filter becomes those months
    y = hist["y"] + hist["height"] / 2
    m.page.mouse.move(hist["x"] + hist["width"] * 0.5 / bars, y)
    m.page.mouse.down()
    m.page.mouse.move(hist["x"] + hist["width"] * 2.5 / bars, y, steps=5)
    m.page.mouse.up()
    st = m.js("window.miMap.state()")
    g = mi.load()
    first = g.date_start.min()
    start = first.replace(day=1)
    end = (start + pd.offsets.MonthBegin(3)) - pd.Timedelta(days=1)
    assert (st["from"], st["to"]) == (first.date().isoformat(), end.date().isoformat())  # clamped to the first incident
    assert st["visible"] == int(((g.date_end >= start) & (g.date_start <= end)).sum())
    assert m.page.locator(".mi-bar.mi-on").count() == 3
    # step: one month at a time; play runs on its own
    m.page.click(".mi-all")
    m.page.click(".mi-step")
    assert m.js("window.miMap.state().to") == (start + pd.offsets.MonthBegin(1) - pd.Timedelta(days=1)).date().isoformat()
    m.page.click(".mi-play")
    assert m.page.get_attribute(".mi-play", "aria-pressed") == "true" and "Pause" in m.page.inner_text(".mi-play")
    second = (start + pd.offsets.MonthBegin(1)).date().isoformat()
    for _ in range(50):  # (wait_for_function evaluates strings, which the page's policy forbids)
        if m.js("window.miMap.state().from") > second:
            break
        m.page.wait_for_timeout(100)
    assert m.js("window.miMap.state().from") > second
    m.page.click(".mi-play")  # pause
    assert m.page.get_attribute(".mi-play", "aria-pressed") == "false" and "Play" in m.page.inner_text(".mi-play")
    # months known only from pointers are shaded as a gap in the sources
    pointer_months = set(g[g.confidence == "pointer"].date_start.dt.strftime("%Y-%m")) - set(
        g[g.confidence != "pointer"].date_start.dt.strftime("%Y-%m")
    )
    assert m.page.locator(".mi-gapbar.mi-pointer").count() >= len(pointer_months) > 0
    # deaths per month are dots: each month's figure is the counting rules' killed at sea and on land
    m.page.click(".mi-all")
    dots = m.js("[...document.querySelectorAll('.mi-death')].map(d => +d.dataset.killed)")
    as_of = pd.Timestamp(data_notes(None)["as_of"])
    months = pd.period_range(g.date_start.min(), as_of, freq="M")  # to the as-of date, past the last incident
    assert len(dots) == len(months) and as_of > g.date_end.max()
    shaded = m.js("[...document.querySelectorAll('.mi-gapbar')].map(b => b.classList.contains('mi-pointer'))")
    after = [k for k, month in enumerate(months) if month > g.date_start.max().to_period("M")]
    assert after and all(shaded[k] for k in after)  # the months after the last incident are shaded as a gap
    for k, month in enumerate(months):
        t = tally(g[g.date_start.dt.to_period("M") == month])
        assert dots[k] == t["killed"] + t["killed_on_land"], str(month)
    assert max(dots) > 0 and "deaths" in m.page.inner_text(".mi-histkey")
    # what the reader sees: a dot for each month with deaths (none for the others), higher for more deaths
    seen = m.js("""[...document.querySelectorAll('.mi-death')].map(d => {
      const r = d.getBoundingClientRect(); return [r.width, r.y + r.height / 2]; })""")
    assert [w > 0 for w, _ in seen] == [d > 0 for d in dots]
    with_deaths = sorted((d, y) for d, (_, y) in zip(dots, seen, strict=True) if d > 0)
    ys = [y for _, y in with_deaths]
    assert all(a >= b - 0.5 for a, b in zip(ys, ys[1:], strict=False)) and ys[0] > ys[-1]
    # each month's bar is as tall as its incidents (by date_start), against the busiest month's
    per_month = [int((g.date_start.dt.to_period("M") == month).sum()) for month in months]
    heights = m.js("[...document.querySelectorAll('.mi-bar')].map(b => b.getBoundingClientRect().height)")
    assert all(abs(h / max(heights) - n / max(per_month)) < 0.03 for h, n in zip(heights, per_month, strict=True)), (heights, per_month)
    # and the chart's description, what a screen reader hears of it, gives the same totals
    description = m.js("document.querySelector('.mi-hist title').textContent")
    deaths = tally(g)["killed"] + tally(g)["killed_on_land"]
    span = f"{plain_day(months[0].start_time)} to {plain_day(months[-1].end_time)}"
    assert f"{span}: {len(g)} incidents and {deaths} deaths in all" in description, description


def test_print_note_says_what_the_filter_shows(browser, map_file, tmp_path):
    """The printed page says which dates, search and types it shows: a reader of the paper has no controls."""
    m = open_map(browser, map_file)
    g = mi.load()
    m.page.locator(".mi-range-from").evaluate(
        "(el) => { el.value = String(Math.round(Date.parse('2026-01-01') / 864e5)); el.dispatchEvent(new Event('input')); }"
    )
    m.page.fill(".mi-search", "tanker")
    for key in ("deployment", "strike"):
        m.page.click(f"input[data-category='{key}']")
    m.page.set_viewport_size(PAGE)
    m.page.emulate_media(media="print")
    m.page.wait_for_timeout(300)
    m.page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    last = g.date_end.fillna(g.date_start).max()
    note = f"Shown: {plain_range('2026-01-01', last)} · search \u201ctanker\u201d · not shown: Strike, Deployment"
    assert m.page.inner_text(".mi-printnote") == note


PAGE = {"width": 1047, "height": 718}  # A4 landscape less 10 mm margins, in CSS px (96 per inch)
CONTROLS = [".leaflet-control-zoom", ".leaflet-control-layers", ".mi-toggle", ".mi-search", ".mi-range", ".mi-download",
            ".mi-playrow", ".mi-incidents", ".mi-edge", ".leaflet-popup"]  # fmt: skip
CAPTION = [".mi-title", ".mi-asof", ".mi-gap", ".mi-status", ".mi-printnote", ".mi-legend", ".mi-summary", ".mi-foot"]


def box_of(m, selector: str) -> dict:
    return m.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)}).getBoundingClientRect();"
                " return {x: r.x, y: r.y, w: r.width, h: r.height}; })()")  # fmt: skip


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_print_lays_out_a_page(browser, map_file, tmp_path, phone):
    m = open_map(browser, map_file, phone=phone, hash=SHARED_VIEW if not phone else "")
    m.page.locator("#mi-panel .mi-toggle").click()  # a panel closed on screen (open on a phone) prints the same
    m.page.wait_for_timeout(200)
    assert m.js("window.miMap.openPopup('SZR-20251210-01')")
    m.page.wait_for_selector(".leaflet-popup .mi-popup")
    settled_box(m.page, ".leaflet-popup")  # the popup's autoPan has moved the view
    screen_view = m.js("[window.miMap.map.getCenter(), window.miMap.map.getZoom(), window.miMap.map.getSize()]")
    on_screen = {i for i in m.js("window.miMap.visibleIds()")} - {i for v in m.js("window.miMap.offscreen()").values() for i in v}
    m.page.set_viewport_size(PAGE)
    m.page.emulate_media(media="print")
    m.page.wait_for_timeout(300)
    m.page.screenshot(path=str(tmp_path / "print.png"), full_page=True)
    for sel in CONTROLS:
        assert not m.page.is_visible(sel), sel
    # the map fills the page's width, sized to the paper (257 x 112 mm), and still shows what the reader saw
    mapbox = box_of(m, ".leaflet-container")
    assert abs(mapbox["w"] - 257 / 25.4 * 96) < 2 and abs(mapbox["h"] - 112 / 25.4 * 96) < 2 and mapbox["w"] <= PAGE["width"]
    size = m.js("window.miMap.map.getSize()")
    assert abs(size["x"] - mapbox["w"]) < 3 and m.js(INK) > 1000
    assert m.js("document.querySelector('.leaflet-mi-basemap-pane canvas').width") >= size["x"]  # redrawn at paper size
    in_print = set(m.js("window.miMap.visibleIds()")) - {i for v in m.js("window.miMap.offscreen()").values() for i in v}
    assert on_screen <= in_print
    # caption and legend under the map, not over it, inside the page's width
    for sel in CAPTION:
        assert m.page.is_visible(sel), sel
        b = box_of(m, sel)
        assert b["y"] >= mapbox["y"] + mapbox["h"] and b["x"] + b["w"] <= PAGE["width"] + 1, sel
    assert "Updated" in m.page.inner_text(".mi-asof") and "not evidence" in m.page.inner_text(".mi-gap")
    assert m.page.inner_text(".mi-printnote").startswith("Shown: ")
    assert "Shaded areas" in m.page.inner_text(".mi-foot")  # the caption says what the areas mean
    # room for two-digit source numbers ("12."): they are list markers, drawn in the list's left padding
    assert m.js("parseFloat(getComputedStyle(document.querySelector('.mi-print-details .mi-sources')).paddingLeft)") >= 24
    # the open details at full height: every source, the notes opened, nothing scrolled away
    details = m.page.locator(".mi-print-details .mi-popup")
    assert details.is_visible() and "SZR-20251210-01" in details.inner_text()
    src = mi.load_sources()
    assert details.locator(".mi-sources li").count() == int((src.incident_id == "SZR-20251210-01").sum())
    assert m.js("(() => { const d = document.querySelector('.mi-print-details .mi-popup');"
                " return d.scrollHeight <= d.clientHeight + 1 && d.querySelector('details').open; })()")  # fmt: skip
    links = m.js("[...document.querySelectorAll('.mi-print-details .mi-sources a')].map(a => a.getBoundingClientRect().width)")
    assert min(links) > 60  # source titles read as lines of text, not squeezed into a 26 px Leaflet button
    # a real PDF: one or two pages, with the map's canvases in it; afterwards the screen view comes back
    m.page.emulate_media(media="screen")
    m.page.set_viewport_size({"width": 390, "height": 844} if phone else {"width": 1400, "height": 900})
    m.page.wait_for_timeout(200)
    pdf = m.page.pdf(format="A4", landscape=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2 and len(re.findall(rb"/Subtype\s*/Image", pdf)) >= 2
    m.page.wait_for_timeout(200)
    after = m.js("[window.miMap.map.getCenter(), window.miMap.map.getZoom(), window.miMap.map.getSize()]")
    drift = m.js("c => window.miMap.map.project(c).distanceTo(window.miMap.map.project(window.miMap.map.getCenter()))", screen_view[0])
    assert after[1:] == screen_view[1:] and drift < 3  # the same view, give or take Leaflet's rounding of a resize
    assert m.js("document.querySelector('.leaflet-container').contains(document.getElementById('mi-panel'))")
    assert m.errors_other_than_tiles() == []


def test_download_png_of_the_view(browser, map_file, tmp_path):
    """The PNG is the view as drawn: the offline countries, the sea and the incidents' symbols, with a caption band."""
    from PIL import Image

    m = open_map(browser, map_file)
    m.js("window.miMap.setAreas(false)")  # the translucent areas would tint land and sea
    m.js("window.miMap.showWorld()")
    m.page.wait_for_timeout(300)
    with m.page.expect_download() as d:
        m.page.click(".mi-dl[data-format='png']")
    path = tmp_path / "view.png"
    d.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    size = m.js("window.miMap.map.getSize()")
    assert (width, height) == (size["x"], size["y"] + 44)  # the view and its caption
    image = Image.open(path).convert("RGB")
    counts = {color: n for n, color in image.crop((0, 0, size["x"], size["y"])).getcolors(maxcolors=width * height)}
    share = {color: n / (size["x"] * size["y"]) for color, n in counts.items()}
    assert share.get(LAND, 0) > 0.05 and share.get((0xC9, 0xDC, 0xEA), 0) > 0.10  # the countries on the sea
    strike = sum(n for (r, g, b), n in counts.items() if abs(r - 0xC0) + abs(g - 0x39) + abs(b - 0x2B) < 30)
    assert strike > 100  # the strikes' red symbols
    band = image.crop((0, size["y"], width, height)).getcolors(maxcolors=width * 44)
    assert sum(n for n, px in band if min(px) > 240) > 0.5 * width * 44 and any(max(px) < 100 for _, px in band)  # white, with text


# --- the incident list, windowed ------------------------------------------------------------------

BIG = 20_000


@pytest.fixture(scope="module")
def big_map(tmp_path_factory) -> Path:
    """A generated frame of 20,000 points, ten a day: far more rows than any page could hold as nodes."""
    import geopandas as gpd
    import numpy as np

    rng = np.random.default_rng(13)
    g = gpd.GeoDataFrame(
        {
            "name": [f"report {k:05d}" for k in range(BIG)],
            "seen": pd.Timestamp("2000-01-01") + pd.to_timedelta(np.arange(BIG) // 10, unit="D"),
        },
        geometry=gpd.points_from_xy(rng.uniform(-80, -60, BIG), rng.uniform(5, 20, BIG)),
        crs=4326,
    )
    out = tmp_path_factory.mktemp("big") / "big.html"
    mi.make_map(g, time="seen", tiles=False).save(out)
    return out


def active_row(m) -> dict:
    return m.js("""(() => { const b = document.activeElement, li = b.closest('.mi-incidents li');
      return li ? {id: b.dataset.id, text: b.textContent, pos: +li.getAttribute('aria-posinset'),
                   size: +li.getAttribute('aria-setsize'), top: b.getBoundingClientRect().top,
                   bottom: b.getBoundingClientRect().bottom} : null; })()""")


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_long_list_is_windowed_and_every_row_reachable_by_keyboard(browser, big_map, phone):
    m = open_map(browser, big_map, phone=phone)
    if phone:
        m.page.locator("#mi-panel .mi-toggle").tap()  # open the bottom sheet by touch
    row = 32 if phone else 28
    # the list keeps every row's height, but holds only a window of them
    assert m.js("document.querySelector('.mi-incidents').getBoundingClientRect().height") == BIG * row
    assert 0 < m.page.locator(".mi-incidents li").count() < 80
    assert list_size(m) == BIG
    # Tab reaches the list from the control before it; it is one Tab stop
    m.page.locator(".mi-dl[data-format='png']").focus()
    m.page.keyboard.press("Tab")
    first = active_row(m)
    assert first["pos"] == 1 and first["size"] == BIG and first["text"].startswith("2000-01-01")
    m.page.keyboard.press("ArrowDown")
    assert active_row(m)["pos"] == 2
    m.page.keyboard.press("PageDown")
    assert active_row(m)["pos"] > 3
    # End: the last row, in view in the panel and announced as the last
    m.page.keyboard.press("End")
    last = active_row(m)
    panel = m.page.locator("#mi-panel").bounding_box()
    assert last["pos"] == BIG and last["id"] == m.js("window.miMap.visibleIds()").pop()
    assert panel["y"] - 1 <= last["top"] and last["bottom"] <= panel["y"] + panel["height"] + 1
    assert m.page.locator(".mi-incidents li").count() < 80  # still a window, at the other end
    m.page.keyboard.press("ArrowUp")
    assert active_row(m)["pos"] == BIG - 1
    m.page.keyboard.press("ArrowDown")
    # Enter opens its details and pans the map to it; Escape comes back to the row
    before = m.js("window.miMap.map.getCenter()")
    m.page.keyboard.press("Enter")
    m.page.wait_for_selector(".leaflet-popup .mi-popup")
    assert last["id"] in m.page.inner_text(".leaflet-popup") and m.js("window.miMap.state().selected") == last["id"]
    m.page.wait_for_timeout(400)  # autoPan animates
    assert m.js("window.miMap.map.getCenter()") != before or m.js("document.querySelector('.leaflet-popup') !== null")
    m.page.keyboard.press("Escape")
    m.page.wait_for_selector(".leaflet-popup", state="detached")
    assert active_row(m)["pos"] == BIG
    # Home goes back to the top; scrolling the panel by mouse wheel brings other rows into the page
    m.page.keyboard.press("Home")
    assert active_row(m)["pos"] == 1
    if not phone:
        box = m.page.locator("#mi-panel").bounding_box()
        m.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        m.page.mouse.wheel(0, 50 * row)
        m.page.wait_for_timeout(200)
        shown = m.js("[...document.querySelectorAll('.mi-incidents li')].map(li => +li.getAttribute('aria-posinset'))")
        assert max(shown) > 50 and 1 in shown  # the window moved; the Tab stop stays in the page
    # the window never left a row half-drawn: each rendered row sits at its place in the whole list
    tops = m.js("""[...document.querySelectorAll('.mi-incidents li')].map(li =>
      [+li.getAttribute('aria-posinset'), parseFloat(li.style.top)])""")
    assert all(top == (pos - 1) * row for pos, top in tops)
    assert m.errors_other_than_tiles() == []


# --- edge cues for incidents off screen -----------------------------------------------------------

SHARED_VIEW = "v=6/12.000/-70.000"  # a link to the southern Caribbean: most incidents are elsewhere


def cues(m) -> dict:
    return m.js("""Object.fromEntries([...document.querySelectorAll('.mi-edge')].filter(b => !b.hidden).map(b => {
      const r = b.getBoundingClientRect(); return [b.dataset.edge, {n: +b.dataset.count, x: r.x, y: r.y, w: r.width, h: r.height}]; }))""")


def overlaps(a: dict, b: dict) -> bool:
    return not (a["x"] + a["w"] <= b["x"] or b["x"] + b["width"] <= a["x"] or a["y"] + a["h"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def off_after_moving(m) -> set:
    m.page.wait_for_timeout(600)  # fitBounds animates
    return {i for ids in m.js("window.miMap.offscreen()").values() for i in ids}


def test_edge_cues_count_what_is_off_screen_and_show_it(browser, map_file, placed):
    m = open_map(browser, map_file)
    opening = cues(m)  # the opening view frames the largest group; the far rows each have a cue
    assert opening and sum(c["n"] for c in opening.values()) < 0.25 * placed
    m.js("window.miMap.showWorld()")
    m.page.wait_for_timeout(200)
    assert cues(m) == {}  # the whole world holds every placed incident: no cue
    m = open_map(browser, map_file, hash=SHARED_VIEW)
    m.page.wait_for_timeout(200)
    off = m.js("window.miMap.offscreen()")
    shown = cues(m)
    assert shown and {e: c["n"] for e, c in shown.items()} == {e: len(ids) for e, ids in off.items() if ids}
    # each off-screen row counted once, none of them drawn as a point or cluster in the free part of the map
    ids = [i for v in off.values() for i in v]
    assert len(ids) == len(set(ids)) and 0 < len(ids) < placed
    panel = m.page.locator("#mi-panel").bounding_box()
    for it in m.js("window.miMap.drawnItems()"):
        if it["kind"] in ("point", "cluster") and 0 <= it["x"] <= panel["x"] and 0 <= it["y"] <= 900:
            assert not set(it["ids"]) & set(ids), it
    # the cues sit inside the map, never under the panel, never over a symbol or cluster
    symbols = [it for it in m.js("window.miMap.drawnItems()") if it["kind"] in ("point", "cluster")]
    for c in shown.values():
        assert not overlaps(c, panel) and c["x"] >= 0 and c["y"] >= 0 and c["x"] + c["w"] <= 1400 and c["y"] + c["h"] <= 900
        for it in symbols:
            assert not overlaps(c, {"x": it["x"] - 12, "y": it["y"] - 12, "width": 24, "height": 24}), (c, it)
    # a symbol right at the middle of an edge pushes that edge's cue aside: a click there opens the symbol
    right = shown.get("right") or shown.get("left")
    edge = "right" if shown.get("right") else "left"
    target = next(it for it in symbols if it["kind"] == "point")
    mid_y = right["y"] + right["h"] / 2
    mid_x = right["x"] + (right["w"] if edge == "left" else 0) + (8 if edge == "left" else -8)
    m.js(f"void window.miMap.map.panBy([{target['x'] - mid_x}, {target['y'] - mid_y}], {{animate: false}})")
    m.page.wait_for_timeout(200)
    it = next(p for p in m.js("window.miMap.drawnItems()") if p["id"] == target["id"])
    m.page.mouse.click(it["x"], it["y"])
    m.page.wait_for_selector(".leaflet-popup")
    assert target["id"] in m.page.inner_text(".leaflet-popup")
    m.js("window.miMap.map.closePopup()")
    m = open_map(browser, map_file, hash=SHARED_VIEW)
    m.page.wait_for_timeout(200)
    # a mouse click on the busiest cue brings its incidents into the free part of the map
    edge = max(shown, key=lambda e: shown[e]["n"])
    c = shown[edge]
    m.page.mouse.click(c["x"] + c["w"] / 2, c["y"] + c["h"] / 2)
    assert not set(off[edge]) & off_after_moving(m)
    assert m.page.locator(".leaflet-popup").count() == 0  # the click did not reach the map under it
    assert m.errors_other_than_tiles() == []


def test_edge_cues_by_keyboard_and_touch(browser, map_file):
    m = open_map(browser, map_file, hash=SHARED_VIEW)
    m.page.wait_for_timeout(200)
    off = m.js("window.miMap.offscreen()")
    m.page.locator(".mi-incidents button").first.focus()
    for _ in range(12):  # Tab on from the list: the cues come after the map's own controls
        m.page.keyboard.press("Tab")
        if m.js("document.activeElement.classList.contains('mi-edge')"):
            break
    edge = m.js("document.activeElement.dataset.edge")
    assert edge and "show them" in m.js("document.activeElement.getAttribute('aria-label')")
    m.page.keyboard.press("Enter")
    assert not set(off[edge]) & off_after_moving(m)
    assert m.js("document.activeElement !== document.body")  # the focus stays on the map, never lost to the page
    assert m.page.get_by_role("button", name="Basemaps and layers").count() == 1  # the layers button has a name
    # on a phone: above the bottom sheet, and a tap shows them
    m = open_map(browser, map_file, phone=True, hash=SHARED_VIEW)
    m.page.wait_for_timeout(200)
    off, shown = m.js("window.miMap.offscreen()"), cues(m)
    assert shown
    panel = m.page.locator("#mi-panel").bounding_box()
    for c in shown.values():
        assert not overlaps(c, panel) and c["w"] >= 24 and c["h"] >= 24 and c["x"] >= 0 and c["x"] + c["w"] <= 390
    edge = max(shown, key=lambda e: shown[e]["n"])
    c = shown[edge]
    m.page.touchscreen.tap(c["x"] + c["w"] / 2, c["y"] + c["h"] / 2)
    assert not set(off[edge]) & off_after_moving(m)
    # opening the sheet moves the bottom cue above it
    m.page.locator("#mi-panel .mi-toggle").tap()
    m.page.wait_for_timeout(200)
    panel = m.page.locator("#mi-panel").bounding_box()
    for c in cues(m).values():
        assert not overlaps(c, panel)


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_a_click_inside_nested_areas_opens_the_smallest(browser, map_file, phone):
    """In the open eastern Pacific, inside both its region and the SOUTHCOM waters that hold it, a click
    or tap opens the eastern Pacific's list (the most specific place), never the larger union's."""
    m = open_map(browser, map_file, phone=phone)
    box = m.page.locator(".leaflet-container").bounding_box()
    panel = m.page.locator("#mi-panel").bounding_box()
    items = m.js("window.miMap.drawnItems()")

    def clear(x, y):  # no symbol, cluster, waypoint or label to hit instead, and clear of the panel and controls
        near = any(abs(it["x"] - x) < 20 and abs(it["y"] - y) < 20 for it in items if it["kind"] != "area")
        boxes = [it["labelBox"] for it in items if it.get("labelBox")]
        on_label = any(b[0] - 4 <= x <= b[2] + 4 and b[1] - 4 <= y <= b[3] + 4 for b in boxes)
        under_panel = panel["x"] - 10 <= box["x"] + x <= panel["x"] + panel["width"] and panel["y"] - 10 <= box["y"] + y
        return not near and not on_label and not under_panel and x > 60 and y > 150

    # the SOUTHCOM waters are the union of the campaign's seas: inside them and another area, the other is smaller
    # (the areas a point is in are taken as a set: their order is what is under test)
    spots = [
        (x, y, names)
        for x in range(20, int(box["width"]), 25)
        for y in range(20, int(box["height"]), 25)
        if clear(x, y) and "SOUTHCOM waters" in (names := m.js(f"window.miMap.areasAt({x}, {y})")) and len(set(names)) >= 2
    ]
    assert spots, "no point inside the SOUTHCOM waters and another area at the opening view"
    x, y, names = spots[0]
    smaller = [n for n in names if n != "SOUTHCOM waters"]
    if phone:
        m.page.touchscreen.tap(box["x"] + x, box["y"] + y)
    else:
        m.page.mouse.click(box["x"] + x, box["y"] + y)
    m.page.wait_for_selector(".mi-list")
    title = m.page.inner_text(".mi-list strong")
    assert not title.startswith("SOUTHCOM waters") and any(title.startswith(n) for n in smaller), (names, title)
