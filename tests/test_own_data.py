"""`make_map()` with the user's own frame: any GeoDataFrame as explore() draws it, a codebook-shaped
frame with the incident treatment, and one clear report (never a traceback) for a frame it cannot draw."""

from __future__ import annotations

import json
import re

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import maritime_incidents as mi

from .browser import open_map

HOSTILE = "<img src=x onerror='window.__pwned=1'><script>window.__pwned=2</script>"


def ports() -> gpd.GeoDataFrame:
    """An ordinary frame: points, a line and a polygon, a category, dates as text, one hostile cell."""
    return gpd.GeoDataFrame(
        {
            "name": ["Port A", "Route B", "Zone C", HOSTILE],
            "kind": ["port", "route", "zone", "port"],
            "seen": ["2025-01-05", "2025-02-10", "2025-03-15", "2025-04-20"],
            "depth_m": [12.5, None, 40.0, 7.0],
        },
        geometry=[
            shapely.Point(-79.9, 9.3),
            shapely.LineString([(-70, 12), (-65, 14), (-62, 11)]),
            shapely.Polygon([(-90, 0), (-84, 0), (-84, 5), (-90, 5)], [[(-88, 1), (-86, 1), (-86, 3), (-88, 3)]]),
            shapely.Point(-66.9, 10.6),
        ],
        crs=4326,
    )


def report(excinfo) -> str:
    return str(excinfo.value)


# --- clear errors ------------------------------------------------------------------------


def test_missing_columns_are_named():
    with pytest.raises(mi.ValidationError) as e:
        mi.make_map(ports(), column="type", time="date", popup=["name", "owner"])
    text = report(e)
    assert "column='type' is not a column" in text and "time='date' is not a column" in text and "owner" in text
    assert "name, kind, seen, depth_m" in text  # the columns it does have


def test_nan_coordinates_and_missing_geometry_are_named_by_row():
    g = ports()
    with np.errstate(invalid="ignore"):
        g.loc[1, "geometry"] = shapely.LineString([(-70, np.nan), (-65, 14)])
    g.loc[2, "geometry"] = None
    with pytest.raises(mi.ValidationError) as e:
        mi.make_map(g)
    text = report(e)
    assert "[geometry] nan" in text and "(index 1)" in text
    assert "[geometry] missing" in text and "(index 2)" in text


def test_missing_and_unreadable_dates_are_named():
    g = ports()
    g.loc[0, "seen"] = None
    g.loc[3, "seen"] = "last Tuesday"
    with pytest.raises(mi.ValidationError) as e:
        mi.make_map(g, time="seen")
    text = report(e)
    assert "[seen] missing: missing dates in 1 row(s) (index 0)" in text
    assert "[seen] date: dates that cannot be read" in text and "(index 3)" in text


def test_projected_frame_without_crs_is_refused_and_with_crs_is_reprojected():
    g = ports().to_crs(3857)
    mi.make_map(g)  # a CRS: reprojected to lon/lat
    with pytest.raises(mi.ValidationError, match="no CRS"):
        mi.make_map(g.set_crs(None, allow_override=True))


def test_a_plain_dataframe_without_geometry_is_refused():
    with pytest.raises(mi.ValidationError, match="no geometry column"):
        mi.make_map(pd.DataFrame({"name": ["a"], "x": [1.0]}))


def test_incident_frames_report_unknown_types_missing_dates_and_nan_points():
    g = mi.load().dropna(subset=["latitude"]).head(6).copy()  # rows with a point: a NaN below is planted
    g.loc[g.index[0], "incident_type"] = "airstrike"
    g.loc[g.index[1], "date_start"] = pd.NaT
    g.loc[g.index[2], "latitude"] = np.nan
    with pytest.raises(mi.ValidationError) as e:
        mi.make_map(g)
    text = report(e)
    assert "[incident_type] vocab: unknown types ['airstrike']" in text
    assert "[date_start] missing" in text
    assert "[latitude/longitude] range" in text


def test_a_codebook_row_whose_place_is_unknown_is_counted_not_refused():
    g = mi.load()
    assert (g.geo_precision == "unknown").any()
    html = mi.make_map(g, tiles=False).get_root().render()
    payload = json.loads(re.search(r'id="mi-data">(.*?)</script>', html).group(1))
    unknown = g.loc[g.geo_precision == "unknown", "incident_id"].iloc[0]
    at = payload["columns"]["id"].index(unknown)  # listed and counted ...
    assert payload["columns"]["lat"][at] is None  # ... but not placed
    g2 = g[["incident_type", "date_start", "geometry"]]  # no geo_precision: a missing geometry is a problem
    with pytest.raises(mi.ValidationError) as e:
        mi.make_map(g2)
    assert "[geometry] missing" in report(e)


def test_cli_style_report_not_a_traceback():
    with pytest.raises(mi.ValidationError) as e:
        mi.make_map(ports(), column="nope")
    assert e.value.problems and "Traceback" not in report(e)


# --- frames that draw ----------------------------------------------------------------------


def test_a_codebook_frame_with_few_columns_gets_the_incident_map():
    g = mi.load().dropna(subset=["latitude"])[["incident_type", "date_start", "geometry", "vessel_name"]].head(10)
    html = mi.make_map(g, tiles=False).get_root().render()
    payload = json.loads(re.search(r'id="mi-data">(.*?)</script>', html).group(1))
    assert "generic" not in payload and payload["types"] == sorted(set(g.incident_type))
    assert payload["date_precisions"] == ["day"] and payload["geo_precisions"] == ["reported"]  # the defaults stand in
    names = g.sort_values("date_start", kind="stable").vessel_name.astype(object)
    assert payload["columns"]["vessel_name"] == [None if pd.isna(v) else v for v in names]


INK = """() => { const c = document.querySelector('.leaflet-mi-points-pane canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n; }"""


@pytest.mark.browser
def test_points_lines_and_polygons_draw_with_categories_and_time(browser, tmp_path):
    out = tmp_path / "own.html"
    mi.make_map(ports(), column="kind", time="seen", tiles=False).save(out)
    m = open_map(browser, out)
    st = m.js("window.miMap.state()")
    assert st["visible"] == 4 and st["drawnTotal"] == 4 and st["shapes"] == 2  # the line and the polygon as shapes
    assert m.js("[...document.querySelectorAll('.mi-legend-label')].map(e => e.textContent)") == ["port", "route", "zone"]
    ink = m.js(INK)
    assert ink > 2000  # the polygon is filled, not only a symbol
    m.page.click("input[data-category='c2']")  # zone off: its polygon goes
    assert m.js("window.miMap.state().shapes") == 1 and m.js(INK) < ink / 2
    m.page.click("input[data-category='c2']")
    m.js("window.miMap.setRange('2025-02-01', '2025-03-31')")
    assert sorted(m.js("window.miMap.visibleIds()")) == ["1", "2"]
    assert m.errors_other_than_tiles() == []


@pytest.mark.browser
def test_popups_come_from_the_columns_and_stay_text(browser, tmp_path):
    out = tmp_path / "own.html"
    mi.make_map(ports(), tiles=False).save(out)
    m = open_map(browser, out)
    assert m.page.locator(".mi-range").count() == 0  # no time=: no date slider
    assert m.js("window.miMap.openPopup('3')")
    popup = m.page.inner_text(".mi-popup")
    assert HOSTILE in popup and "kind" in popup and "depth_m" in popup and "7.0" in popup
    assert m.js("document.querySelectorAll('.mi-popup img, .mi-popup script').length") == 0
    m.js("window.miMap.map.closePopup()")
    m.js("window.miMap.openPopup('1')")
    second = m.page.locator(".mi-popup").last.inner_text()
    assert "Route B" in second and "depth_m" not in second  # empty cells left out
    m.js("window.miMap.search('zone')")
    assert m.js("window.miMap.visibleIds()") == ["2"]
    assert m.js("window.__pwned === undefined") and m.errors_other_than_tiles() == []


def test_context_needs_an_incident_map():
    with pytest.raises(mi.ValidationError, match="context= draws under an incident map"):
        mi.make_map(ports(), context=mi.load().head(3))


@pytest.mark.browser
def test_an_empty_frame_draws_an_empty_map(browser, tmp_path):
    out = tmp_path / "empty.html"
    mi.make_map(ports().iloc[:0], tiles=False).save(out)
    m = open_map(browser, out)
    assert m.js("window.miMap.state().rows") == 0 and m.errors_other_than_tiles() == []
