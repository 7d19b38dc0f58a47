"""Refresh docs/map.png: build the map from the bundled data and photograph it offline.

.venv/bin/python scripts/screenshot.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from maritime_incidents._browser import ARGS, CHROMIUM
from maritime_incidents.map import save_map

OUT = Path(__file__).resolve().parents[1] / "docs" / "map.png"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        html = save_map(Path(tmp) / "map.html")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
            page.goto(html.as_uri())
            page.wait_for_function("window.miMap !== undefined")
            page.wait_for_timeout(1200)
            page.screenshot(path=str(OUT))
            browser.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
