"""How the project starts Debian's headless Chromium (browser tests, screenshot, benchmark).

Playwright drives the system `chromium` through `executable_path`; it never downloads a browser.
The background-networking flags stop Chromium's own calls home, which a closed network refuses.
"""

from __future__ import annotations

import shutil

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
