"""Benchmark the incident map against its peers, in one run, and write benchmarks/results.md.

    .venv/bin/python benchmarks/run.py            # 1k, 10k, 100k, 1M (ours) and the ASAM file
    .venv/bin/python benchmarks/run.py --quick    # 1k and 10k only

For each size it builds the map with this project and with the peers — geopandas `explore()`,
folium GeoJson + CircleMarker, folium `MarkerCluster`, folium `FastMarkerCluster` — opens each
HTML in Debian's headless Chromium with the network cut (the peers' CDN files are served from
local npm copies; anything not on npm is refused and listed), and records build seconds, HTML MB,
seconds from navigation start until drawn (load event plus two animation frames), and the JS heap.
Timings are medians of several runs; the machines are noisy. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from folium.plugins import FastMarkerCluster, MarkerCluster
from playwright.sync_api import sync_playwright

from maritime_incidents import load
from maritime_incidents._browser import ARGS, CHROMIUM
from maritime_incidents.asam import import_asam
from maritime_incidents.map import save_map

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
NPM = WORK / "npm"
ASAM_NAME = Path("datasets") / "asam" / "asam_2022-06-21.csv"
# the shared export beside the checkout, else the workplace's (a worktree sits one level deeper)
ASAM = next(
    (p for p in (HERE.parent.parent / "shared" / ASAM_NAME, Path("/work/shared") / ASAM_NAME) if p.exists()),
    HERE.parent.parent / "shared" / ASAM_NAME,
)
POPUP_FIELDS = ["incident_id", "incident_type", "date_start", "vessel_name", "killed", "location_text", "notes"]

# The peers' CDN files, served from the same versions on the npm registry.
NPM_PACKAGES = ["leaflet@1.9.3", "leaflet.markercluster@1.1.0", "jquery@3.7.1", "bootstrap@5.2.2", "@fortawesome/fontawesome-free@6.2.0"]
MC = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/"
CDN_TO_NPM = {
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": "leaflet/dist/leaflet.js",
    "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": "leaflet/dist/leaflet.css",
    "https://code.jquery.com/jquery-3.7.1.min.js": "jquery/dist/jquery.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/js/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "https://cdn.jsdelivr.net/npm/bootstrap@5.2.2/dist/css/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@6.2.0/css/all.min.css": "@fortawesome/fontawesome-free/css/all.min.css",
    MC + "leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
    MC + "MarkerCluster.css": "leaflet.markercluster/dist/MarkerCluster.css",
    MC + "MarkerCluster.Default.css": "leaflet.markercluster/dist/MarkerCluster.Default.css",
}


def npm_install() -> None:
    if (NPM / "node_modules" / "leaflet.markercluster").exists():
        return
    NPM.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--silent", "--prefix", str(NPM), *NPM_PACKAGES], check=True)


def synthetic(n: int, seed: int = 0) -> gpd.GeoDataFrame:
    """n incidents over the Caribbean and eastern Pacific, with the popup fields a user would show."""
    rng = np.random.default_rng(seed)
    lat = rng.uniform(-10, 28, n).round(4)
    lon = rng.uniform(-110, -55, n).round(4)
    start = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 13000, n), unit="D")
    types = np.array(["strike", "seizure", "pursuit", "deployment", "blockade", "hostile_act"])[rng.integers(0, 6, n)]
    reported = rng.random(n) < 0.5
    df = pd.DataFrame(
        {
            "incident_id": [f"SYN-{i:07d}" for i in range(n)],
            "incident_type": types,
            "date_start": start,
            "date_end": start,
            "date_precision": "day",
            "region": "other",
            "location_text": [f"synthetic place {i % 997}" for i in range(n)],
            "latitude": lat,
            "longitude": lon,
            "geo_precision": np.where(reported, "reported", "region"),
            "uncertainty_km": np.where(reported, 0.0, rng.uniform(5, 400, n).round(1)),
            "geo_rule": "synthetic",
            "vessel_name": [f"VESSEL {i % 5000}" for i in range(n)],
            "killed": pd.array(rng.integers(0, 12, n), dtype="Int64"),
            "notes": "synthetic row for the benchmark",
            "confidence": "corroborated",
            "status": "active",
        }
    )
    return gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(df.longitude, df.latitude), crs="EPSG:4326")


def compact_geojson_mb(gdf: gpd.GeoDataFrame) -> float:
    """Size of a compact GeoJSON of the same rows: points plus the popup fields."""
    feats = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": props}
        for x, y, props in zip(
            gdf.longitude.tolist(),
            gdf.latitude.tolist(),
            gdf[POPUP_FIELDS]
            .assign(date_start=gdf.date_start.dt.strftime("%Y-%m-%d"), killed=gdf.killed.astype(object))
            .astype(object)
            .where(gdf[POPUP_FIELDS].notna(), None)
            .to_dict("records"),
            strict=True,
        )
    ]
    return len(json.dumps({"type": "FeatureCollection", "features": feats}, separators=(",", ":"), default=int).encode()) / 1e6


# --- the builders ------------------------------------------------------------------------


def build_ours(gdf, path: Path) -> None:
    save_map(path, gdf, None, tiles=False)


def build_explore(gdf, path: Path) -> None:
    frame = gdf[POPUP_FIELDS + ["geometry"]].assign(date_start=gdf.date_start.dt.strftime("%Y-%m-%d"))
    frame.explore(tiles=None).save(path)


def build_geojson_circles(gdf, path: Path) -> None:
    frame = gdf[POPUP_FIELDS + ["geometry"]].assign(date_start=gdf.date_start.dt.strftime("%Y-%m-%d"))
    m = folium.Map(tiles=None)
    folium.GeoJson(frame, marker=folium.CircleMarker(radius=4), popup=folium.GeoJsonPopup(fields=POPUP_FIELDS)).add_to(m)
    m.save(path)


def build_marker_cluster(gdf, path: Path) -> None:
    m = folium.Map(tiles=None)
    cluster = MarkerCluster().add_to(m)
    for r in gdf[["latitude", "longitude", "incident_id", "vessel_name"]].itertuples(index=False):
        folium.Marker([r.latitude, r.longitude], popup=f"{r.incident_id} {r.vessel_name}").add_to(cluster)
    m.save(path)


def build_fast_marker_cluster(gdf, path: Path) -> None:
    m = folium.Map(tiles=None)
    FastMarkerCluster(gdf[["latitude", "longitude"]].values.tolist()).add_to(m)
    m.save(path)


TOOLS = {
    "maritime-incidents": build_ours,
    "geopandas explore()": build_explore,
    "folium GeoJson + CircleMarker": build_geojson_circles,
    "folium MarkerCluster": build_marker_cluster,
    "folium FastMarkerCluster": build_fast_marker_cluster,
}


# --- measuring -----------------------------------------------------------------------------


def serve_offline(refused: set[str]):
    def route(r):
        url = r.request.url
        if url.startswith("file:"):
            r.continue_()
        elif url in CDN_TO_NPM:
            r.fulfill(path=str(NPM / "node_modules" / CDN_TO_NPM[url]))
        else:
            refused.add(url.split("?")[0][:90])
            r.abort()

    return route


def open_and_time(browser, html: Path, refused: set[str], timeout_s: float) -> tuple[float, float, float | None]:
    """Seconds from navigation start until drawn, the JS heap in MB, and (ours) ms per zoom or pan redraw."""
    context = browser.new_context(viewport={"width": 1400, "height": 850})
    page = context.new_page()
    page.route("**/*", serve_offline(refused))
    page.goto(html.as_uri(), wait_until="load", timeout=timeout_s * 1000)
    drawn_ms = page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))))")
    redraw_ms = page.evaluate(
        """() => { if (!window.miMap) return null; const m = window.miMap.map, t = performance.now();
        m.setZoom(m.getZoom() + 1, {animate: false}); m.panBy([300, 150], {animate: false}); m.setZoom(m.getZoom() - 1, {animate: false});
        return (performance.now() - t) / 3; }"""
    )
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    context.close()
    return drawn_ms / 1000, metrics.get("JSHeapUsedSize", 0) / 1e6, redraw_ms


def measure(browser, tool: str, gdf, label: str, runs: int, refused: set[str], timeout_s: float) -> dict:
    path = WORK / f"{label}-{tool.split()[0].replace('(', '').replace(')', '')}-{tool.split()[-1]}.html".replace(" ", "_")
    builds = []
    for _ in range(runs):
        t = time.perf_counter()
        TOOLS[tool](gdf, path)
        builds.append(time.perf_counter() - t)
    drawn, heap, redraw = [], [], []
    for _ in range(runs):
        try:
            d, h, rd = open_and_time(browser, path, refused, timeout_s)
        except Exception as e:  # a peer that does not finish is reported, not hidden
            print(f"  {tool} {label}: did not finish opening ({type(e).__name__})", file=sys.stderr)
            d, h, rd = float("nan"), float("nan"), None
        drawn.append(d)
        heap.append(h)
        if rd is not None:
            redraw.append(rd)
    mb = path.stat().st_size / 1e6
    path.unlink()
    return {
        "tool": tool,
        "size": label,
        "rows": len(gdf),
        "runs": runs,
        "build_s": statistics.median(builds),
        "html_mb": mb,
        "drawn_s": statistics.median(drawn),
        "heap_mb": statistics.median(heap),
        "redraw_ms": statistics.median(redraw) if redraw else None,
    }


def plan(quick: bool, full: bool) -> list[tuple[str, int | str, list[str], int]]:
    """(label, rows or 'asam', tools, runs)."""
    peers = ["geopandas explore()", "folium GeoJson + CircleMarker", "folium MarkerCluster", "folium FastMarkerCluster"]
    out = [("1k", 1_000, ["maritime-incidents", *peers], 3), ("10k", 10_000, ["maritime-incidents", *peers], 3)]
    if quick:
        return out
    out.append(("ASAM", "asam", ["maritime-incidents", "geopandas explore()", "folium FastMarkerCluster"], 3))
    out.append(
        ("100k", 100_000, ["maritime-incidents", "geopandas explore()", "folium GeoJson + CircleMarker", "folium FastMarkerCluster"], 3)
    )
    if full:
        out.append(("100k", 100_000, ["folium MarkerCluster"], 1))
    out.append(("1M", 1_000_000, ["maritime-incidents"], 1))
    return out


def table(results: list[dict]) -> str:
    lines = [
        "| rows | tool | runs | build s | HTML MB | drawn s | JS heap MB | zoom/pan redraw ms | drawn: peer ÷ ours | build: peer ÷ ours |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    ours = {r["size"]: r for r in results if r["tool"] == "maritime-incidents"}
    for r in results:
        o = ours.get(r["size"])
        ratio_d = ratio_b = ""
        if o and r["tool"] != "maritime-incidents":
            ratio_d = f"{r['drawn_s'] / o['drawn_s']:.1f}×" if r["drawn_s"] == r["drawn_s"] else "did not finish"
            ratio_b = f"{r['build_s'] / o['build_s']:.1f}×"
        redraw = "" if r.get("redraw_ms") is None else f"{r['redraw_ms']:.0f}"
        lines.append(
            f"| {r['size']} ({r['rows']:,}) | {r['tool']} | {r['runs']} | {r['build_s']:.2f} | {r['html_mb']:.1f} | "
            f"{r['drawn_s']:.2f} | {r['heap_mb']:.0f} | {redraw} | {ratio_d} | {ratio_b} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="1k and 10k only")
    ap.add_argument("--full", action="store_true", help="also folium MarkerCluster at 100k (about two minutes to build)")
    ap.add_argument("--timeout", type=float, default=180, help="seconds a page may take to load")
    args = ap.parse_args()
    WORK.mkdir(exist_ok=True)
    npm_install()
    load_before = os.getloadavg()[0]
    refused: set[str] = set()
    results, floors = [], {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, rows, tools, runs in plan(args.quick, args.full):
            if rows == "asam":
                import_asam(ASAM, WORK / "asam")
                gdf = load(WORK / "asam")
            else:
                gdf = synthetic(int(rows))
            floors[label] = compact_geojson_mb(gdf)
            for tool in tools:
                print(f"{label}: {tool} ...", file=sys.stderr, flush=True)
                results.append(measure(browser, tool, gdf, label, runs, refused, args.timeout))
                print(f"  {results[-1]}", file=sys.stderr, flush=True)
        browser.close()
    write_results(results, floors, refused, (load_before, os.getloadavg()[0]))


def write_results(results: list[dict], floors: dict, refused: set[str], load: tuple[float, float] = (0.0, 0.0)) -> None:
    ours = {r["size"]: r for r in results if r["tool"] == "maritime-incidents"}
    checks = []
    if "100k" in ours:
        o = ours["100k"]
        explore = next((r for r in results if r["size"] == "100k" and r["tool"] == "geopandas explore()"), None)
        checks.append(f"- build ≤ 3 s at 100k: {o['build_s']:.2f} s — {'met' if o['build_s'] <= 3 else 'NOT met'}")
        checks.append(f"- drawn ≤ 1.5 s at 100k: {o['drawn_s']:.2f} s — {'met' if o['drawn_s'] <= 1.5 else 'NOT met'}")
        if explore:
            ratio = explore["drawn_s"] / o["drawn_s"]
            checks.append(f"- ≥ 10× faster to draw than explore() in the same run: {ratio:.1f}× — {'met' if ratio >= 10 else 'NOT met'}")
        checks.append(
            f"- HTML no larger than a compact GeoJSON of the same rows: {o['html_mb']:.1f} MB vs {floors['100k']:.1f} MB — "
            f"{'met' if o['html_mb'] <= floors['100k'] else 'NOT met'}"
        )
    if "1M" in ours:
        big = ours["1M"]
        checks.append(f"- 1,000,000 rows: built in {big['build_s']:.1f} s, {big['html_mb']:.0f} MB, drawn in {big['drawn_s']:.1f} s")
    text = f"""# Benchmark results

Made by `benchmarks/run.py` on {time.strftime("%Y-%m-%d")} ({platform.machine()}, {platform.python_version()},
{os.cpu_count()} cores, Debian Chromium headless, network cut). Medians of the runs shown.
Load average (1 min) at the start and end of the run: {load[0]:.1f} and {load[1]:.1f} — on a machine
shared with other work every figure is slower, ours and the peers' alike; compare ratios within a run.
"drawn" = seconds from navigation start to the load event plus two animation frames.
Peers were given the same rows and the popup fields {", ".join(POPUP_FIELDS)} (FastMarkerCluster takes
points only). Compact GeoJSON of the same rows (points + those fields): {", ".join(f"{k}: {v:.1f} MB" for k, v in floors.items())}.

## Targets

{chr(10).join(checks) if checks else "(run without --quick for the 100k targets)"}

## All measurements

{table(results)}

Refused requests (not on npm, so not served; the pages drew without them):
{chr(10).join("- " + u for u in sorted(refused)) or "- none"}
"""
    (HERE / "results.md").write_text(text, encoding="utf-8")
    update_readme("\n".join(checks), table([r for r in results if r["size"] in ("100k", "1M", "ASAM")]))
    print(text)


def update_readme(checks: str, rows: str) -> None:
    """Put the latest targets and the large-size rows between the README's bench markers."""
    readme = HERE.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- bench:start -->\n", "<!-- bench:end -->"
    if start not in text or end not in text:
        return
    body = f"Latest run ({time.strftime('%Y-%m-%d')}, 2-core machine, medians):\n\n{checks}\n\n{rows}\n\n"
    head, rest = text.split(start, 1)
    readme.write_text(head + start + body + end + rest.split(end, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    main()
