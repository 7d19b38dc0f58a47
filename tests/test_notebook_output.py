"""The map's notebook output in Chromium: trusted, it shows the map (sized right even when the output
was hidden while it loaded); untrusted (the iframe stripped, as JupyterLab's sanitizer does), a text
says what to do; and it stores the page gzipped, not the whole page HTML-escaped."""

from __future__ import annotations

import base64
import gzip
import html
import re
from pathlib import Path

import pytest

import maritime_incidents as mi

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def output() -> str:
    return mi.make_map(tiles=False)._repr_html_()


def show(browser, tmp_path: Path, output: str, *, hidden: bool = False, strip_iframe: bool = False):
    """The output in a notebook-like page: optionally in a collapsed cell, optionally sanitized."""
    if strip_iframe:
        output = re.sub(r"<iframe\b.*?</iframe>", "", output, flags=re.DOTALL)
    page_file = tmp_path / "notebook.html"
    style = "display:none" if hidden else ""
    page_file.write_text(f'<!DOCTYPE html><html><body><div id="cell" style="{style}">{output}</div></body></html>', encoding="utf-8")
    for old in browser.contexts:
        old.close()
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.console = []
    page.on("console", lambda m: m.type == "error" and page.console.append(m.text))
    page.on("pageerror", lambda e: page.console.append(str(e)))
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "about:")) else r.abort())
    page.goto(page_file.as_uri())
    return page


def map_frame(page):
    frame = page.frames[1]
    frame.wait_for_function("window.miMap !== undefined", timeout=15000)
    return frame


def test_output_is_the_page_gzipped(output):
    page = mi.make_map(tiles=False).to_html()
    packed = re.search(r"id=&quot;mi-packed&quot;&gt;([A-Za-z0-9+/=]+)&lt;", output).group(1)
    assert gzip.decompress(base64.b64decode(packed)).decode("utf-8") == page
    assert len(output) < len(page) / 2
    assert "<script" not in output  # nothing runs in the notebook itself: the loader is inside srcdoc, escaped
    assert html.unescape(output).count("<script") == 2


def test_trusted_output_shows_the_map_over_the_hint(browser, tmp_path, output):
    page = show(browser, tmp_path, output)
    frame = map_frame(page)
    assert frame.evaluate("window.miMap.state().visible") > 50
    assert frame.evaluate("window.miMap.state().drawnTotal") > 50
    # the hint is under the iframe: the point at its centre belongs to the iframe
    hit = page.evaluate(
        """() => { const r = document.querySelector('.mi-notebook-map p').getBoundingClientRect();
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2).tagName; }"""
    )
    assert hit == "IFRAME"
    assert frame.evaluate("[document.documentElement.clientWidth, document.documentElement.clientHeight]") == [1184, 600]
    assert [e for e in page.console if "Failed to load resource" not in e] == []


def test_untrusted_output_says_what_to_do(browser, tmp_path, output):
    page = show(browser, tmp_path, output, strip_iframe=True)
    text = page.inner_text(".mi-notebook-map")
    assert "not trusted" in text and "Trust Notebook" in text and 'm.save("map.html")' in text
    assert page.is_visible(".mi-notebook-map p")


def test_output_hidden_while_loading_is_fitted_when_shown(browser, tmp_path, output):
    page = show(browser, tmp_path, output)
    expected = map_frame(page).evaluate("[window.miMap.map.getZoom(), window.miMap.map.getCenter().lat.toFixed(1)]")
    page = show(browser, tmp_path, output, hidden=True)
    frame = map_frame(page)
    assert frame.evaluate("window.miMap.map.getSize().x") == 0  # laid out with no size
    page.evaluate("document.getElementById('cell').style.display = 'block'")
    for _ in range(50):  # the page's policy forbids eval, so poll from here rather than wait_for_function
        page.wait_for_timeout(50)
        if frame.evaluate("window.miMap.map.getSize().x") > 0:
            break
    page.wait_for_timeout(200)
    assert frame.evaluate("[window.miMap.map.getZoom(), window.miMap.map.getCenter().lat.toFixed(1)]") == expected
    assert frame.evaluate("window.miMap.state().drawnTotal") > 50
