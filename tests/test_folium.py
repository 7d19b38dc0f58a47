"""`make_map()` is a folium.Map: what a user adds works as in plain folium, under a policy that
allows exactly the origins those elements load from and runs only the scripts the page was built with.

The browser's network is blocked, so a CDN script cannot load here: for those, the tests check that
the browser *asked* for it (a request the page's policy refuses never leaves the page) and that no
policy violation was reported. What the page carries itself (Leaflet's marker images, the map) is
checked drawn. Where Debian's jQuery is on the machine it is served for folium's jQuery address, so a
folium.Popup really opens.
"""

from __future__ import annotations

import re
from pathlib import Path

import folium
import folium.plugins
import pytest

import maritime_incidents as mi

WATCH = (
    "window.__csp = []; document.addEventListener('securitypolicyviolation', "
    "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)
JQUERY = Path("/usr/share/javascript/jquery/jquery.min.js")  # Debian's libjs-jquery, when present
BREAKOUT = "</script><script>window.__pwned = 1</script><img src=x onerror='window.__pwned = 2'>"


def open_page(browser, path: Path, serve: dict[str, Path] | None = None):
    """Open a saved page; every request is recorded, file: and `serve` are answered, the rest aborted."""
    for old in browser.contexts:
        old.close()
    page = browser.new_page(viewport={"width": 1200, "height": 800})
    page.requests, page.errors = [], []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text and page.errors.append(m.text))
    page.add_init_script(WATCH)

    def route(r):
        url = r.request.url
        page.requests.append(url)
        if url.startswith("file:"):
            r.continue_()
        elif serve and url in serve:
            r.fulfill(path=str(serve[url]), content_type="application/javascript")
        else:
            r.abort()

    page.route("**/*", route)
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.miMap !== undefined", timeout=15000)
    page.wait_for_timeout(300)
    return page


def policy(page_html: str) -> dict[str, list[str]]:
    meta = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page_html).group(1)
    return {d.split()[0]: d.split()[1:] for d in meta.split("; ")}


def test_render_and_save_give_the_whole_page(tmp_path):
    m = mi.make_map()
    page = m.get_root().render()
    assert "Leaflet 1.9.4" in page and 'id="mi-data"' in page and "MaritimeIncidents.init" in page
    assert "<!--mi:" not in page and len(page) > 500_000
    m.save(tmp_path / "a.html")
    assert (tmp_path / "a.html").read_text(encoding="utf-8") == page
    folium.Map.save(m, str(tmp_path / "b.html"))  # folium's own save goes through render() too
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == page


@pytest.mark.browser
def test_rendered_page_draws(browser, tmp_path):
    out = tmp_path / "r.html"
    out.write_text(mi.make_map().get_root().render(), encoding="utf-8")
    page = open_page(browser, out)
    assert page.evaluate("window.miMap.state().visible") > 50
    assert page.evaluate("window.__csp") == [] and page.errors == []


def test_origin_of_tile_templates():
    from maritime_incidents.map import origin

    assert origin("https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png") == "https://*.basemaps.cartocdn.com"
    assert origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://tile.openstreetmap.org"
    assert origin("//cdn.example.org/x.js") == "https://cdn.example.org"
    for bad in ("data:image/png;base64,xx", "images/x.png", "https://{s}.com/x", "https://a b.org/", "javascript:alert(1)"):
        assert origin(bad) is None, bad


def test_own_page_links_nothing():
    pol = policy(mi.make_map().get_root().render())
    assert pol["script-src"] and all(s.startswith("'sha256-") for s in pol["script-src"])
    assert pol["img-src"] == ["data:", "https://tile.openstreetmap.org"]
    assert pol["connect-src"] == ["'none'"] and pol["frame-src"] == ["'none'"]


def test_policy_follows_what_is_added():
    m = mi.make_map(tiles=False)
    assert policy(m.get_root().render())["img-src"] == ["data:"]
    folium.Marker([12.0, -80.0], popup=folium.Popup(folium.IFrame("<p>framed</p>", width=200, height=100))).add_to(m)
    folium.Marker([13.0, -80.0], icon=folium.CustomIcon("https://icons.example.org/boat.png", icon_size=(20, 20))).add_to(m)
    linked = folium.GeoJson({"type": "FeatureCollection", "features": []}).add_to(m)
    linked.embed, linked.embed_link = False, "https://data.example.org/zones.geojson"  # as GeoJson(url, embed=False) sets them
    pol = policy(m.get_root().render())
    assert pol["frame-src"] == ["data:"]  # folium.IFrame is a data: URL
    assert "https://icons.example.org" in pol["img-src"]
    assert pol["connect-src"] == ["https://data.example.org"]
    assert "https://cdn.jsdelivr.net" in pol["style-src"] and "https://cdn.jsdelivr.net" in pol["font-src"]  # Font Awesome's fonts


def test_add_js_link_is_this_maps_own():
    m = mi.make_map(tiles=False)
    m.add_js_link("extra", "https://cdn.example.org/extra.js")
    page = m.get_root().render()
    assert '<script src="https://cdn.example.org/extra.js">' in page
    assert "https://cdn.example.org" in policy(page)["script-src"]
    assert "cdn.example.org" not in mi.make_map(tiles=False).get_root().render()  # no other map gets it
    assert "code.jquery.com" not in page  # the map alone still links none of folium's own


def test_relative_links_beside_cdn_links_are_left_out_of_the_policy():
    """A script or stylesheet at a relative address has no origin to allow; it is left out, not sorted
    with the CDN origins (None beside a string made sorting them fail, and the page with it)."""
    m = mi.make_map(tiles=False)
    m.add_js_link("local_js", "lib/extra.js")
    m.add_css_link("local_css", "lib/extra.css")
    m.add_js_link("cdn", "https://cdn.example.org/extra.js")
    pol = policy(m.get_root().render())
    assert "https://cdn.example.org" in pol["script-src"]
    assert not any("lib" in s for v in pol.values() for s in v)


def test_default_marker_shows_leaflets_icon_offline(browser, tmp_path):
    m = mi.make_map(tiles=False)
    folium.Marker([12.0, -80.0]).add_to(m)
    out = tmp_path / "marker.html"
    m.save(out)
    page = open_page(browser, out)
    icon = page.evaluate(
        """() => { const i = document.querySelector('img.leaflet-marker-icon'), s = document.querySelector('img.leaflet-marker-shadow');
        return i && s && [i.src.slice(0, 22), i.naturalWidth, i.naturalHeight, s.naturalWidth]; }"""
    )
    assert icon == ["data:image/png;base64,", 25, 41, 41]
    assert page.evaluate("window.__csp") == []


@pytest.mark.browser
def test_folium_elements_load_from_folium_origins_under_the_policy(browser, tmp_path):
    m = mi.make_map()
    folium.TileLayer("https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png", attr="OpenTopoMap", name="topo", overlay=True).add_to(m)
    for plugin in (folium.plugins.MiniMap(), folium.plugins.Fullscreen(), folium.plugins.MeasureControl()):
        plugin.add_to(m)
    folium.plugins.HeatMap([[12.0, -80.0], [13.0, -79.0]]).add_to(m)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    folium.Marker([10.0, -70.0]).add_to(cluster)
    folium.LayerControl().add_to(m)
    # last: offline, the Icon's CDN script is missing and it throws, stopping later elements as in plain folium
    folium.Marker([12.0, -80.0], popup=folium.Popup("<b>folium popup</b>"), tooltip="a tooltip", icon=folium.Icon(color="red")).add_to(m)
    out = tmp_path / "plugins.html"
    m.save(out)
    html = out.read_text(encoding="utf-8")
    linked = re.findall(r'<(?:script|link)[^>]*?(?:src|href)="(https://[^"]+)"', html)
    # what plain folium links for these elements, but Leaflet (inline here)
    wanted = ("code.jquery.com/jquery", "leaflet.awesome-markers.js", "Control.MiniMap", "Control.FullScreen", "leaflet-measure")
    for must in (*wanted, "leaflet_heat", "markercluster"):
        assert any(must in u for u in linked), must
    assert not any("leaflet@" in u and u.endswith("leaflet.js") for u in linked)

    page = open_page(browser, out)
    # every linked script and stylesheet was requested: the policy let each one through
    missing = [u for u in linked if u not in page.requests]
    assert missing == []
    # and tiles from both servers and the minimap were asked for too
    assert any(".tile.opentopomap.org/" in u for u in page.requests)
    # the map opens on its offline basemap; choosing the online one loads OSM tiles, which the policy allows
    page.evaluate("""() => { const lc = window.miMap.layersControl;
      lc._map.addLayer(lc._layers.find(l => !l.overlay && l.name.includes('OpenStreetMap')).layer); }""")
    page.wait_for_timeout(300)
    assert any("tile.openstreetmap.org" in u for u in page.requests)
    assert page.evaluate("window.__csp") == []
    # our map still draws under everything added
    assert page.evaluate("window.miMap.state().visible") > 50
    pol = policy(html)
    assert "https://*.tile.opentopomap.org" in pol["img-src"]
    assert "https://code.jquery.com" in pol["script-src"] and "'unsafe-inline'" not in pol["script-src"]


@pytest.mark.browser
@pytest.mark.skipif(not JQUERY.exists(), reason="Debian's libjs-jquery is not on this machine")
def test_folium_popup_opens_and_later_elements_still_run(browser, tmp_path):
    m = mi.make_map(tiles=False)
    folium.Marker([12.0, -80.0], popup=folium.Popup("<b class='fp'>folium popup</b>")).add_to(m)
    folium.CircleMarker([14.0, -75.0], radius=9, tooltip=folium.Tooltip("<i class='ft'>later</i>")).add_to(m)
    out = tmp_path / "popup.html"
    m.save(out)
    jquery_url = next(u for n, u in folium.Map.default_js if n == "jquery")
    page = open_page(browser, out, serve={jquery_url: JQUERY})
    assert page.evaluate("typeof window.jQuery") == "function"
    page.click("img.leaflet-marker-icon")
    page.wait_for_selector(".leaflet-popup-content b.fp")
    # the element added after the Popup still ran: its tooltip is bound
    assert page.evaluate("Object.values(window).filter(v => v instanceof L.CircleMarker && v.getTooltip()).length") == 1
    assert page.evaluate("window.__csp") == []


@pytest.mark.browser
def test_broken_out_popup_and_tooltip_run_nothing(browser, tmp_path):
    m = mi.make_map(tiles=False)
    folium.Marker([12.0, -80.0], popup=folium.Popup(BREAKOUT), tooltip=BREAKOUT).add_to(m)
    out = tmp_path / "breakout.html"
    m.save(out)
    page = open_page(browser, out)
    page.hover("img.leaflet-marker-icon")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned === undefined")
    assert page.evaluate("window.miMap.state().visible") > 50  # the map, built after the marker's script, still draws


@pytest.mark.browser
def test_a_script_put_in_the_body_is_refused(browser, tmp_path):
    """A script in the page that the build did not make (here: in <body>, where only data belong) does not run."""
    m = mi.make_map(tiles=False)
    m.get_root().html.add_child(folium.Element("<div>legend</div><script>window.__pwned = 3</script>"))
    out = tmp_path / "body.html"
    m.save(out)
    page = open_page(browser, out)
    assert page.evaluate("window.__pwned === undefined")
    assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))


@pytest.mark.browser
def test_context_label_is_text_in_the_layer_control(browser, tmp_path):
    g = mi.load()
    label = "<a id='inj' href='https://example.org'>x</a><style>.leaflet-control-layers{display:none}</style>"
    out = mi.save_map(tmp_path / "ctx.html", g, tiles=False, context=g.head(3), context_label=label)
    page = open_page(browser, out)
    page.hover(".leaflet-control-layers")
    assert page.evaluate("document.getElementById('inj')") is None
    assert label in page.inner_text(".leaflet-control-layers-overlays")
    assert page.is_visible(".leaflet-control-layers-overlays")


@pytest.mark.browser
def test_geopandas_explore_draws_on_the_map(browser, tmp_path):
    import geopandas as gpd
    import shapely

    g = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"], "depth": [1.0, 5.0, 9.0]},
        geometry=[shapely.Point(-80, 12), shapely.LineString([(-70, 10), (-60, 15)]), shapely.box(-90, 0, -85, 5)],
        crs=4326,
    )
    m = g.explore(m=mi.make_map(tiles=False), column="depth")
    out = tmp_path / "explore.html"
    m.save(out)
    page = open_page(browser, out)
    assert page.evaluate("document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length") == 3
    assert any("d3" in u for u in page.requests)  # the colour legend's script, from where branca loads it
    assert page.evaluate("window.__csp") == [] and page.evaluate("window.miMap.state().visible") > 50


def test_readme_folium_and_own_data_examples_run(tmp_path, monkeypatch):
    """The README's two map examples run as written (with a small frame for the user's data)."""
    import geopandas as gpd
    import shapely

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    folium_block = next(b for b in blocks if "MiniMap().add_to(m)" in b)
    own_block = next(b for b in blocks if "gpd.read_file(" in b)
    frame = gpd.GeoDataFrame(
        {"name": ["A", "B"], "kind": ["port", "anchorage"], "visited": ["2025-10-01", "2025-11-02"]},
        geometry=[shapely.Point(-66.9, 10.6), shapely.Point(-79.9, 9.3)],
        crs=4326,
    )
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    frame.to_file("ports.gpkg")
    exec(folium_block, {"mi": mi, "my_gdf": frame})  # noqa: S102 - the README's own code
    page = (tmp_path / "out" / "with-layers.html").read_text(encoding="utf-8")
    assert "Control.MiniMap" in page and "leaflet.awesome-markers" in page and "La Guaira" in page
    scope = {"mi": mi, "gpd": gpd}
    exec(own_block, scope)  # noqa: S102
    assert [c["label"] for c in _payload(scope["m"])["categories"]] == ["anchorage", "port"]


def _payload(m) -> dict:
    import json

    return json.loads(re.search(r'id="mi-data">(.*?)</script>', m.get_root().render()).group(1))
