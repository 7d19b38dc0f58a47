"""Open a map in Debian's headless Chromium with every network request blocked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from maritime_incidents._browser import ARGS, CHROMIUM  # noqa: F401 (re-exported for tests)

TILE_HOST = "tile.openstreetmap.org"


@dataclass
class Opened:
    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def errors_other_than_tiles(self) -> list[str]:
        """Console errors, leaving out the blocked online tiles (the offline basemap stands in)."""
        return [e for e in self.console_errors if TILE_HOST not in e] + self.page_errors


DESKTOP = {"viewport": {"width": 1400, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


def open_map(browser, html_file: Path, *, phone: bool = False, hash: str = "") -> Opened:
    """The map in a fresh page: desktop 1400x900, or a phone (390x844, touch); `hash` is the URL's state."""
    for old in browser.contexts:  # one page at a time: close what an earlier test opened
        old.close()
    page = browser.new_context(**(PHONE if phone else DESKTOP), accept_downloads=True).new_page()
    opened = Opened(page)
    page.on("console", lambda m: m.type == "error" and opened.console_errors.append(f"{m.text} @ {(m.location or {}).get('url', '')}"))
    page.on("pageerror", lambda e: opened.page_errors.append(str(e)))
    page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))

    def route(r):
        url = r.request.url
        opened.requests.append(url)
        if url.startswith("file:"):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    page.goto(html_file.resolve().as_uri() + (f"#{hash}" if hash else ""))
    page.wait_for_function("window.miMap !== undefined", timeout=15000)
    return opened
